"""Pictures: every statement row is picture | Welsh | picture | English; each picture's alt text is in
the language of its column, and the picture table (templates/pictures.yaml) is complete."""
import shutil
import struct

import pytest
from docx import Document
from docx.oxml.ns import qn

from easyread import api
from easyread.errors import RuleError
from easyread.render_docx import SECTIONS, load_pictures, load_style
from easyread.resources import templates_dir

from conftest import CARDIFF

PICTURES_YAML = templates_dir() / "pictures.yaml"
LANGS = ("cy-GB", "cy-GB", "en-GB", "en-GB")  # the language of each of the four columns


@pytest.fixture(scope="module")
def pictures():
    return load_pictures(PICTURES_YAML)


@pytest.fixture(scope="module")
def cardiff(tmp_path_factory):
    return api.build(CARDIFF, out=tmp_path_factory.mktemp("cardiff"))


def _docx(cardiff, audience):
    return Document(str(cardiff.folder / f"cardiff-2024-{audience}.docx"))


def _cells(row):
    """(grid column, cell) for each cell of a row once, a spanning cell at its first column."""
    seen = []
    for column, cell in enumerate(row.cells):
        if all(cell._tc is not other._tc for _, other in seen):
            seen.append((column, cell))
    return seen


def _shown(document, cell):
    """(alt text, title, image bytes, width) of each picture in a cell."""
    out = []
    for inline in cell._tc.iter(qn("wp:inline")):
        doc_pr = inline.find(qn("wp:docPr"))
        blip = next(inline.iter(qn("a:blip")))
        blob = document.part.related_parts[blip.get(qn("r:embed"))].blob
        out.append((doc_pr.get("descr"), doc_pr.get("title"), blob, int(inline.find(qn("wp:extent")).get("cx"))))
    return out


def _picture_rows(document):
    """{column: [(alt, title, blob, width)]} for every table row holding a picture."""
    for table in document.tables:
        for row in table.rows:
            found = {column: _shown(document, cell) for column, cell in _cells(row)}
            if any(found.values()):
                yield row, found


@pytest.mark.parametrize("audience", ["families", "children"])
def test_every_picture_has_alt_text_in_its_columns_language(cardiff, pictures, audience):
    document = _docx(cardiff, audience)
    by_file = {}
    for picture in pictures.pictures.values():
        by_file.setdefault(picture.path.read_bytes(), []).append(picture)
    rows = list(_picture_rows(document))
    assert len(rows) >= 15
    for row, found in rows:
        assert set(found) == {0, 1, 2, 3} and not found[1] and not found[3], "pictures only in columns 1 and 3"
        (cy, cy_title, cy_blob, cy_width), = found[0]
        (en, en_title, en_blob, en_width), = found[2]
        assert cy.strip() and en.strip() and cy == cy_title and en == en_title
        assert cy_blob == en_blob, "the Welsh and English halves of a row show the same picture"
        assert cy_width == en_width == load_style(templates_dir() / "style.yaml").picture
        shown = by_file.get(cy_blob)
        assert shown, "every picture in the handout comes from pictures.yaml"
        assert any(p.alt["cy"] == cy and p.alt["en"] == en for p in shown), (cy, en, [p.id for p in shown])


def test_statements_get_their_own_picture_else_their_sections(cardiff, pictures):
    """A row's picture is the one its statement names; a repeat of the row above is left out."""
    document = _docx(cardiff, "families")
    families = cardiff.handouts[0]
    expected = {}
    for section in families.sections:
        for group in section.groups:
            for statement in (*group.intro, *group.bullets):
                expected.setdefault(statement.en, set()).add(pictures.for_statement(statement, section.id).path.read_bytes())
    checked = 0
    for row, found in _picture_rows(document):
        english = row.cells[3].text
        if english in expected:
            assert found[2][0][2] in expected[english], english
            checked += 1
    assert checked >= 15
    named = [s for s in families.statements() if s.picture in pictures.pictures]
    assert len(named) >= 10, "the phrasebook's pictures reach the handout"


def test_four_columns_and_each_column_in_one_language(cardiff):
    document = _docx(cardiff, "families")
    for table in document.tables:
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(widths) == 4 and widths[0] == widths[2] == load_style(templates_dir() / "style.yaml").picture_column
        for row in table.rows:
            for column, cell in _cells(row):
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        assert run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == LANGS[column], (column, run.text)


@pytest.mark.parametrize("audience", ["families", "children"])
def test_attribution_closes_the_handout_in_both_languages(cardiff, pictures, audience):
    last = _docx(cardiff, audience).tables[-1].rows[-1]
    (_, welsh), (_, english) = _cells(last)
    assert welsh.text == pictures.attribution["cy"] == "Lluniau: OpenMoji, CC BY-SA 4.0"
    assert english.text == pictures.attribution["en"] == "Pictures: OpenMoji, CC BY-SA 4.0"
    assert [r._r.rPr.find(qn("w:lang")).get(qn("w:val")) for c in (welsh, english) for r in c.paragraphs[0].runs] == ["cy-GB", "en-GB"]


def test_hard_words_show_their_picture_once(cardiff):
    document = _docx(cardiff, "families")
    rows = document.tables[0].rows
    start = next(i for i, row in enumerate(rows) if row.cells[3].text == "Hard words")
    assert sum(1 for row in rows[start:] if _shown(document, row.cells[0])) == 1


# ---- The picture table ----------------------------------------------------------------------------

def test_every_picture_the_phrasebook_names_is_shipped(pictures):
    phrasebook = api.open_phrasebook()
    missing = sorted({e.picture for e in phrasebook.entries if e.picture and e.picture not in pictures.pictures})
    assert not missing, f"add these pictures to templates/pictures.yaml: {', '.join(missing)}"


def _png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_every_picture_has_a_file_alt_text_and_a_source(pictures):
    assert 30 <= len({p.path for p in pictures.pictures.values()})
    for picture in pictures.pictures.values():
        assert picture.path.is_file() and picture.path.parent == templates_dir() / "pictures"
        assert min(_png_size(picture.path)) >= 256, picture.id
        assert picture.alt["en"].strip() and picture.alt["cy"].strip() and picture.alt["en"] != picture.alt["cy"]
        assert len(picture.alt["en"].split()) <= 8 and len(picture.alt["cy"].split()) <= 8, "alt text is short"
        assert picture.source.startswith("OpenMoji "), picture.id
    assert set(pictures.defaults) == set(SECTIONS)
    assert (templates_dir() / "pictures" / "LICENSE.md").read_text(encoding="utf-8").count("CC BY-SA 4.0") >= 2


def test_welsh_alt_text_is_spelled_right(pictures):
    pytest.importorskip("spylls")
    pytest.importorskip("cymraeg_mcp")
    from easyread.spelling import unknown_words

    texts = [p.alt["cy"] for p in pictures.pictures.values()] + [pictures.attribution["cy"]]
    unknown = {text: unknown_words(text, allowed=("OpenMoji",)) for text in texts}
    assert not {t: u for t, u in unknown.items() if u}


def _folder(tmp_path, text, files=("listen.png",)):
    (tmp_path / "pictures").mkdir(exist_ok=True)
    for name in files:
        shutil.copy(templates_dir() / "pictures" / name, tmp_path / "pictures" / name)
    (tmp_path / "pictures.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "pictures.yaml"


GOOD = """attribution: {en: "Pictures: X", cy: "Lluniau: X"}
defaults: {hello: listen, we-checked: listen, we-inspected: listen, what-we-did: listen, main-findings: listen,
           good-points: listen, improve: listen, next-steps: listen, hard-words: listen}
pictures:
  listen:
    file: listen.png
    alt: {en: An ear, cy: Clust}
    source: OpenMoji 1F442
"""

BROKEN = [
    ("no file", GOOD.replace("file: listen.png", "file: ear.png"), 6, "no file pictures/ear.png"),
    ("no Welsh alt", GOOD.replace(", cy: Clust", ""), 7, "has no 'cy'"),
    ("empty alt", GOOD.replace("cy: Clust", "cy: ''"), 7, "has no cy text"),
    ("no source", GOOD.replace("    source: OpenMoji 1F442\n", ""), 6, "has no 'source'"),
    ("unknown key", GOOD.replace("file: listen.png", "file: listen.png\n    size: 3"), 6, "unknown key 'size'"),
    ("unknown default", GOOD.replace("hello: listen", "hello: wave"), 2, "'wave', which 'pictures' does not list"),
    ("missing default", GOOD.replace("hello: listen, ", ""), 2, "no picture for section 'hello'"),
    ("not YAML", GOOD + "  - oops\n", 9, "not valid YAML"),
]


def test_a_good_table_loads(tmp_path):
    table = load_pictures(_folder(tmp_path, GOOD))
    assert table.pictures["listen"].alt == {"en": "An ear", "cy": "Clust"}
    assert table.for_statement(None, "improve").id == "listen"


@pytest.mark.parametrize("name, text, line, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_table_names_file_and_line(tmp_path, name, text, line, message):
    path = _folder(tmp_path, text)
    with pytest.raises(RuleError) as caught:
        load_pictures(path)
    assert caught.value.path == str(path) and caught.value.line == line and message in str(caught.value)


def test_a_picture_file_that_is_not_an_image_is_refused(tmp_path):
    path = _folder(tmp_path, GOOD)
    (tmp_path / "pictures" / "listen.png").write_text("not a picture")
    with pytest.raises(RuleError, match="not a PNG or JPEG"):
        load_pictures(path)


def test_build_with_a_broken_table_writes_nothing(tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir(), templates)
    (templates / "pictures" / "listen.png").unlink()
    monkeypatch.setattr(api, "templates_dir", lambda: templates)
    out = tmp_path / "out"
    with pytest.raises(RuleError, match="listen.png") as caught:
        api.build(CARDIFF, out=out)
    assert caught.value.exit_code == 3 and caught.value.path.endswith("pictures.yaml")
    assert not out.exists() or not any(out.iterdir())
