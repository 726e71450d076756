"""Layouts and accessibility: each built DOCX, read back with python-docx, keeps the easy-read and
Welsh-language rules in every layout (side by side, sequential, separate), for both audiences and
whichever language leads. The look comes from templates/reference.docx, not from code."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor

from easyread import api
from easyread.errors import RuleError
from easyread.model import HandoutGroup, Source, Statement
from easyread.phrasebook import load_handout_text
from easyread.render_docx import LANG, MIN_PT, docx_files, load_pictures, load_style, write_docx
from easyread.resources import templates_dir

from conftest import CARDIFF, tool_environment

LAYOUTS = ("side-by-side", "sequential", "separate")
AUDIENCES = ("families", "children")
FIRSTS = ("cy", "en")
OTHER = {"cy": "en", "en": "cy"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LABELS = {**load_handout_text(templates_dir() / "handout.yaml").labels, "subtitle": {"en": "A subtitle", "cy": "Is-deitl"}}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, phrasebook):
    """The Cardiff build in each layout with each first language, made once."""
    made = {}

    def build(layout, first):
        if (layout, first) not in made:
            out = tmp_path_factory.mktemp(f"{layout}-{first}")
            made[layout, first] = api.build(CARDIFF, out=out, layout=layout, first=first, phrasebook=phrasebook)
        return made[layout, first]
    return build


@pytest.fixture(scope="module")
def pictures():
    return load_pictures(templates_dir() / "pictures.yaml")


def _documents(result, audience, layout, first):
    """[(languages, Document)] of one audience, in the order of docx_files."""
    slug = "cardiff-2024"
    return [(languages, Document(str(result.folder / name))) for name, languages in docx_files(slug, audience, layout, first).items()]


# ---- Reading a DOCX back, with style inheritance ---------------------------------------------------

class _Styles:
    """A run's formatting after inheritance: run, character style, paragraph style and its bases, defaults."""

    def __init__(self, document):
        root = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_paragraph = next(s.get(qn("w:styleId")) for s in self.by_id.values()
                                      if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) == "1")

    def _chain(self, style_id):
        while style_id in self.by_id:
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def run_property(self, run, paragraph, tag):
        """The element `tag` (e.g. w:sz) that applies to `run` in `paragraph`, or None."""
        rpr = run.find(qn("w:rPr"))
        places = [rpr] if rpr is not None else []
        char_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        if char_style is not None:
            places += [s.find(qn("w:rPr")) for s in self._chain(char_style.get(qn("w:val")))]
        pstyle = paragraph.find(f"{W}pPr/{W}pStyle")
        places += [s.find(qn("w:rPr")) for s in self._chain(pstyle.get(qn("w:val")) if pstyle is not None else self.default_paragraph)]
        places.append(self.defaults)
        for place in places:
            if place is not None and place.find(qn(tag)) is not None:
                return place.find(qn(tag))
        return None

    def is_on(self, run, paragraph, tag) -> bool:
        found = self.run_property(run, paragraph, tag)
        return found is not None and found.get(qn("w:val"), "true") not in ("0", "false", "none")


def _text(run) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def _paragraph_of(run):
    return next(a for a in run.iterancestors(qn("w:p")))


def _text_runs(element):
    return [r for r in element.iter(qn("w:r")) if _text(r).strip()]


def _grid_cells(row):
    """(first grid column, tc) of each cell of a table row."""
    column = 0
    for cell in row.findall(qn("w:tc")):
        yield column, cell
        span = cell.find(f"{W}tcPr/{W}gridSpan")
        column += int(span.get(qn("w:val"))) if span is not None else 1


def _parts(document, languages):
    """[(language, element)]: each body paragraph and table cell with the language its words must be in.

    Each Title opens the next language (the cover has one per language, the first language first; a
    sequential handout opens each version with its title again); a Subtitle belongs to the Title
    above it. Side by side, grid columns 0-1 are the first language, 2-3 the second."""
    parts, titles, current = [], 0, None
    for child in document.element.body:
        if child.tag == qn("w:p"):
            style = child.find(f"{W}pPr/{W}pStyle")
            if style is not None and style.get(qn("w:val")) == "Title":
                current = languages[titles % len(languages)]
                titles += 1
            parts.append((current, child))
        elif child.tag == qn("w:tbl"):
            columns = len(child.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
            for row in child.findall(qn("w:tr")):
                for column, cell in _grid_cells(row):
                    parts.append((languages[column // 2] if columns == 4 else current, cell))
    return parts


# ---- The rules, over every layout x audience x first language ------------------------------------

CASES = [(layout, audience, first) for layout in LAYOUTS for audience in AUDIENCES for first in FIRSTS]
IDS = [f"{layout}-{audience}-{first}-first" for layout, audience, first in CASES]


@pytest.mark.parametrize("layout, audience, first", CASES, ids=IDS)
def test_every_run_is_big_enough_plain_and_tagged_with_its_language(builds, layout, audience, first):
    for languages, document in _documents(builds(layout, first), audience, layout, first):
        styles = _Styles(document)
        runs = 0
        for lang, element in _parts(document, languages):
            for run in _text_runs(element):
                runs += 1
                paragraph = _paragraph_of(run)
                size = styles.run_property(run, paragraph, "w:sz")
                assert size is not None and int(size.get(qn("w:val"))) / 2 >= MIN_PT[audience], _text(run)
                for tag in ("w:i", "w:u", "w:caps", "w:smallCaps", "w:strike"):
                    assert not styles.is_on(run, paragraph, tag), (tag, _text(run))
                tag = run.find(f"{W}rPr/{W}lang")
                assert tag is not None and tag.get(qn("w:val")) == LANG[lang], (_text(run), LANG[lang])
        assert runs > 50
        # every run of the document has been looked at: none sits outside the cover and the tables
        assert runs == len(_text_runs(document.element.body))


@pytest.mark.parametrize("layout, audience, first", CASES, ids=IDS)
def test_pictures_have_alt_text_in_the_language_beside_them(builds, pictures, layout, audience, first):
    alt = {lang: {p.alt[lang] for p in pictures.pictures.values()} for lang in LANG}
    for languages, document in _documents(builds(layout, first), audience, layout, first):
        shown = 0
        for lang, element in _parts(document, languages):
            for doc_pr in element.iter(qn("wp:docPr")):
                shown += 1
                assert doc_pr.get("descr") in alt[lang] and doc_pr.get("title") == doc_pr.get("descr"), (lang, doc_pr.get("descr"))
        assert shown >= 10 * len(languages)
        ids = [d.get("id") for d in document.element.body.iter(qn("wp:docPr"))]
        assert len(ids) == len(set(ids)), "every picture has its own id"


@pytest.mark.parametrize("layout, audience, first", CASES, ids=IDS)
def test_headings_cover_properties_and_order(builds, layout, audience, first):
    result = builds(layout, first)
    handout = next(h for h in result.handouts if h.audience == audience)
    titles = {"cy": handout.title_cy, "en": handout.title_en}
    sections = {"cy": [s.title_cy for s in handout.sections] + [handout.hard_words_title[1]],
                "en": [s.title_en for s in handout.sections] + [handout.hard_words_title[0]]}
    documents = _documents(result, audience, layout, first)
    assert [langs[0] for langs, _ in documents] == ([first, OTHER[first]] if layout == "separate" else [first])
    for languages, document in documents:
        assert languages[0] == first or layout == "separate"
        body = [p for p in document.paragraphs]
        cover = [p.text for p in body if p.style.name == "Title"][:len(languages)]
        assert cover == [titles[lang] for lang in languages], "the cover: the title in each language, the first first"
        props = document.core_properties
        assert props.title == " / ".join(titles[lang] for lang in languages)
        assert props.subject and props.author
        assert props.language == ", ".join(LANG[lang] for lang in languages)
        # headings are real heading styles, in each language, in the handout's order; hard words last
        headings = [(p.text, p.runs[0]._r.find(f"{W}rPr/{W}lang").get(qn("w:val"))) for t in document.tables
                    for p in _table_paragraphs(t) if p.style.name == "Heading 1"]
        for lang in languages:
            assert [text for text, tag in headings if tag == LANG[lang]] == sections[lang]
        if layout == "sequential":  # the whole first-language version, then the other
            assert [tag for _, tag in headings] == [LANG[first]] * len(sections[first]) + [LANG[OTHER[first]]] * len(sections[first])
            breaks = [p for p in body if p.paragraph_format.page_break_before]
            assert [p.text for p in breaks] == [titles[first], titles[OTHER[first]]]
        if layout == "side-by-side":  # the first language's column comes first
            first_row = document.tables[0].rows[0]._tr
            assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
            languages_shown = [cell.find(f".//{W}lang").get(qn("w:val")) for _, cell in _grid_cells(first_row)]
            assert languages_shown == [LANG[first], LANG[OTHER[first]]]
        assert any(f.get(qn("w:instr")).strip() == "PAGE" for f in document.sections[0].footer._element.iter(qn("w:fldSimple"))), "page numbers"


def _table_paragraphs(table):
    for row in table.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                yield from cell.paragraphs


@pytest.mark.parametrize("layout, audience, first", CASES, ids=IDS)
def test_no_empty_paragraphs_left_aligned_and_header_rows_marked(builds, layout, audience, first):
    for languages, document in _documents(builds(layout, first), audience, layout, first):
        for paragraph in document.element.body.iter(qn("w:p")):
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            empty = not "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip() and paragraph.find(f".//{W}drawing") is None
            # the one kind of empty paragraph: the picture cell of a row that shows no picture
            assert not empty or (style is not None and style.get(qn("w:val")) == "Picture")
            jc = paragraph.find(f"{W}pPr/{W}jc")
            assert jc is None or jc.get(qn("w:val")) in ("left", "start")
        for name in ("Normal", "List Bullet", "Heading 1", "Heading 2", "Title"):
            alignment = document.styles[name].paragraph_format.alignment
            assert alignment in (None, 0), name  # left, never justified
        normal = document.styles["Normal"].paragraph_format
        assert normal.line_spacing == 1.5
        headers = [row for table in document.tables for row in table.rows if row._tr.find(f"{W}trPr/{W}tblHeader") is not None]
        assert len(headers) == (1 if len(languages) == 2 and layout == "side-by-side" else 0)
        last = document.tables[-1].rows[-1]
        assert last.cells[-1].text.startswith(("Pictures:", "Lluniau:")), "the pictures' attribution closes the handout"


def test_children_version_is_shorter_and_larger(builds):
    result = builds("side-by-side", "cy")
    families, children = (Document(str(result.folder / f"cardiff-2024-{a}.docx")) for a in AUDIENCES)
    assert children.styles["Normal"].font.size > families.styles["Normal"].font.size
    assert len(children.tables[0].rows) < 0.7 * len(families.tables[0].rows)


# ---- Names, links and the look ----------------------------------------------------------------------

FILES = [
    ("side-by-side", "cy", ["x-families.docx"]),
    ("sequential", "en", ["x-families.docx"]),
    ("separate", "cy", ["x-families-cy.docx", "x-families-en.docx"]),
    ("separate", "en", ["x-families-en.docx", "x-families-cy.docx"]),
]


@pytest.mark.parametrize("layout, first, names", FILES)
def test_file_names_per_layout(layout, first, names):
    files = docx_files("x", "families", layout, first)
    assert list(files) == names
    assert all(languages[0] == first or layout == "separate" for languages in files.values())


def test_the_build_command_takes_layout_and_first(tmp_path):
    from easyread.cli import main

    assert main(["build", str(CARDIFF), "--out", str(tmp_path), "--layout", "separate", "--first", "en", "--audience", "children", "--quiet"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["cardiff-2024-children-cy.docx", "cardiff-2024-children-en.docx"]


def test_a_link_is_a_hyperlink_in_each_language(builds, tmp_path, pictures):
    """The line that gives the full report's address links to it (a seed may give none: add one)."""
    handout = builds("side-by-side", "cy").handouts[0]
    url = "https://www.careinspectorate.wales/example-report"
    link = Statement("next-steps", f"You can read the full report here: {url}", f"Gallwch ddarllen yr adroddiad llawn yma: {url}.",
                     "fixed:link", (Source(url, 0),))
    sections = [replace(s, groups=s.groups + (HandoutGroup(None, None, (link,), ()),)) if s.id == "next-steps" else s for s in handout.sections]
    path = tmp_path / "linked.docx"
    write_docx(replace(handout, sections=tuple(sections)), path, load_style(templates_dir() / "style.yaml"), pictures, labels=LABELS)
    document = Document(str(path))
    links = list(document.element.body.iter(qn("w:hyperlink")))
    assert len(links) == 2
    for link in links:
        assert document.part.rels[link.get(qn("r:id"))].target_ref == url
        assert _text(link) == url  # the full stop after the Welsh address is not part of it
    tags = [link.find(f".//{W}lang").get(qn("w:val")) for link in links]
    assert tags == ["cy-GB", "en-GB"]


@pytest.mark.parametrize("words, read_back", [
    ("Services & schools <together> say \"yes\"", "Services & schools <together> say \"yes\""),
    ("A form\x0bfeed and a bell\x07 in the text", "A formfeed and a bell in the text"),  # XML 1.0 cannot hold these: dropped
    ("A lone \ud83d surrogate", "A lone  surrogate"),  # half a character, from a damaged phrasebook file: dropped
])
def test_words_are_written_as_xml_text(builds, tmp_path, pictures, words, read_back):
    """The handout's body is written as XML text: markup characters are escaped, and characters
    XML cannot hold are left out rather than making a file Word refuses."""
    handout = builds("side-by-side", "cy").handouts[0]
    said = Statement("next-steps", words, words, "fixed:link", (Source(words, 0),))
    sections = [replace(s, groups=s.groups + (HandoutGroup(None, None, (said,), ()),)) if s.id == "next-steps" else s for s in handout.sections]
    path = tmp_path / "escaped.docx"
    write_docx(replace(handout, sections=tuple(sections)), path, load_style(templates_dir() / "style.yaml"), pictures, labels=LABELS)
    texts = [cell.text for row in Document(str(path)).tables[0].rows for cell in row.cells]
    assert texts.count(read_back) == 2  # the Welsh column and the English


def test_alt_text_keeps_its_line_breaks(builds, tmp_path, pictures):
    """Alt text is an XML attribute: a line end written as it is would be read back as a space."""
    book = pictures.defaults["hard-words"]
    alt = {"en": "A book\nwith\tpages & \"words\"", "cy": "Llyfr\ngyda thudalennau"}
    with_alt = replace(pictures, pictures={**pictures.pictures, book: replace(pictures.pictures[book], alt=alt)})
    handout = builds("side-by-side", "cy").handouts[0]
    write_docx(handout, tmp_path / "alt.docx", load_style(templates_dir() / "style.yaml"), with_alt, labels=LABELS)
    described = {doc_pr.get("descr") for doc_pr in Document(str(tmp_path / "alt.docx")).element.body.iter(qn("wp:docPr"))}
    assert {alt["en"], alt["cy"]} <= described


def test_one_image_part_per_picture_file(builds, tmp_path, pictures):
    """Two picture ids naming the same file share one image part: the file is not stored twice."""
    book = pictures.defaults["hard-words"]  # shown beside the first hard word
    twin = replace(pictures.pictures[book], id=f"{book}-twin")
    with_twin = replace(pictures, pictures={**pictures.pictures, twin.id: twin}, fixed={**pictures.fixed, "cover-families": twin.id})
    handout = builds("side-by-side", "cy").handouts[0]
    assert handout.audience == "families" and handout.hard_words
    path = tmp_path / "twins.docx"
    write_docx(handout, path, load_style(templates_dir() / "style.yaml"), with_twin, labels=LABELS)
    document = Document(str(path))
    shown = {doc_pr.get("name").rsplit(" ", 1)[0] for doc_pr in document.element.body.iter(qn("wp:docPr"))}
    assert {book, twin.id} <= shown
    images = [rel.target_part.blob for rel in document.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(images) == len(set(images))


def test_a_cover_picture_named_in_pictures_yaml(builds, pictures, tmp_path):
    """pictures.yaml `fixed: {cover-families: ..}` puts a large picture on the cover, after the first title."""
    with_cover = replace(pictures, fixed={**pictures.fixed, "cover-families": "family"})
    handout = builds("side-by-side", "cy").handouts[0]
    style = load_style(templates_dir() / "style.yaml")
    write_docx(handout, tmp_path / "cover.docx", style, with_cover, ("en", "cy"), labels=LABELS)
    body = Document(str(tmp_path / "cover.docx")).element.body
    cover = body[:[child.tag for child in body].index(qn("w:tbl"))]
    shown = [(inline.find(qn("wp:docPr")).get("descr"), int(inline.find(qn("wp:extent")).get("cx")))
             for paragraph in cover for inline in paragraph.iter(qn("wp:inline"))]
    assert shown == [(pictures.pictures["family"].alt["en"], style.cover)]
    titles = [p for p in cover if "".join(t.text or "" for t in p.iter(qn("w:t"))) in (handout.title_en, handout.title_cy)]
    assert cover.index(titles[0]) < [i for i, p in enumerate(cover) if p.find(f".//{W}drawing") is not None][0] < cover.index(titles[1])


def test_the_look_comes_from_the_reference_document(tmp_path, builds, pictures):
    """Change the reference's styles in a copy of templates/: the handout changes, the code does not."""
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir(), templates)
    reference = Document(str(templates / "reference.docx"))
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x20)
    reference.styles["Normal"].font.name = "Verdana"
    reference.sections[0].left_margin = reference.sections[0].right_margin = 720_000  # 2 cm
    reference.save(str(templates / "reference.docx"))
    handout = builds("side-by-side", "cy").handouts[0]
    path = tmp_path / "look.docx"
    write_docx(handout, path, load_style(templates / "style.yaml"), pictures, labels=LABELS)
    document = Document(str(path))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x20)
    assert document.styles["Normal"].font.name == "Verdana"
    assert abs(document.sections[0].left_margin - 720_000) < 1000  # Word keeps margins in twips
    grid = [int(c.get(qn("w:w"))) for c in document.tables[0]._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert abs(sum(grid) - (21 - 4) * 567) < 10, "the table fills the page between the reference's margins"
    assert not document.paragraphs[0].text.startswith("Title:"), "the reference's sample text is dropped"


STYLE = """sizes:
  families: {Normal: 14, Heading 1: 18}
  children: {Normal: 16, Heading 1: 20}
pictures:
  column_cm: 1.8
  picture_cm: 1.4
  cover_cm: 5
  gutter_cm: 0.4
  repeat: false
"""

BROKEN = [
    ("families under 14 pt", STYLE.replace("{Normal: 14,", "{Normal: 12,"), 2, "under the easy-read minimum of 14 pt"),
    ("children under 16 pt", STYLE.replace("{Normal: 16,", "{Normal: 15,"), 3, "minimum of 16 pt for children"),
    ("a style the reference lacks", STYLE.replace("Heading 1: 18", "Headline: 18"), 2, "reference.docx has no style 'Headline'"),
    ("a size that is not a number", STYLE.replace("Normal: 14", "Normal: big"), 2, "must be a number"),
    ("an audience missing", STYLE.replace("  children: {Normal: 16, Heading 1: 20}\n", ""), 2, "sizes has no 'children'"),
    ("a picture wider than its column", STYLE.replace("picture_cm: 1.4", "picture_cm: 2.4"), 5, "fit in column_cm"),
    ("an unknown key", STYLE.replace("  repeat: false", "  repeat: false\n  border: true"), 5, "unknown key 'border'"),
    ("a key missing", STYLE.replace("  cover_cm: 5\n", ""), 5, "pictures has no 'cover_cm'"),
    ("repeat not true or false", STYLE.replace("repeat: false", "repeat: sometimes"), 5, "true or false"),
]


@pytest.mark.parametrize("name, text, line, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_style_file_names_file_and_line(tmp_path, name, text, line, message):
    shutil.copy(templates_dir() / "reference.docx", tmp_path / "reference.docx")
    (tmp_path / "style.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_style(tmp_path / "style.yaml")
    assert caught.value.path == str(tmp_path / "style.yaml") and caught.value.line == line and message in str(caught.value)


def test_a_reference_without_a_needed_style_is_refused(tmp_path):
    reference = Document(str(templates_dir() / "reference.docx"))
    picture = reference.styles["Picture"].element
    picture.getparent().remove(picture)
    reference.save(str(tmp_path / "reference.docx"))
    (tmp_path / "style.yaml").write_text(STYLE, encoding="utf-8")
    with pytest.raises(RuleError, match="has no style 'Picture'") as caught:
        load_style(tmp_path / "style.yaml")
    assert caught.value.path == str(tmp_path / "reference.docx")


def test_a_reference_without_page_settings_is_refused(tmp_path):
    reference = Document(str(templates_dir() / "reference.docx"))
    body = reference.element.body
    body.remove(body.sectPr)
    reference.save(str(tmp_path / "reference.docx"))
    (tmp_path / "style.yaml").write_text(STYLE, encoding="utf-8")
    with pytest.raises(RuleError, match="has no page settings") as caught:
        load_style(tmp_path / "style.yaml")
    assert caught.value.path == str(tmp_path / "reference.docx")


def test_a_reference_that_is_not_a_docx_is_refused(tmp_path):
    (tmp_path / "reference.docx").write_text("not a document")
    (tmp_path / "style.yaml").write_text(STYLE, encoding="utf-8")
    with pytest.raises(RuleError, match="cannot open the reference document"):
        load_style(tmp_path / "style.yaml")


# ---- LibreOffice opens every layout ---------------------------------------------------------------

def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer)")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_libreoffice_converts_every_layout(builds, tmp_path, layout):
    result = builds(layout, "cy")
    sources = sorted(result.folder.glob("*.docx"))
    converted = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                                "--outdir", str(tmp_path), *map(str, sources)], capture_output=True, text=True, timeout=300,
                               env=tool_environment(tmp_path))
    assert converted.returncode == 0, converted.stderr
    pages = {source.stem: _pages(tmp_path / f"{source.stem}.pdf") for source in sources}
    assert all(count >= 3 for count in pages.values()), pages
    for name, count in pages.items():  # the children's handout is the shorter
        if "children" in name:
            assert count < pages[name.replace("children", "families")], pages
