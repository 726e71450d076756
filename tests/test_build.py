"""End to end: `easyread build` writes five files; the DOCX read back keeps the easy-read rules."""
import json
import shutil
import subprocess
import sys

import pytest
from docx import Document
from docx.oxml.ns import qn

from easyread import api
from easyread.cli import main
from easyread.readers.lines import clean_inline

from conftest import CARDIFF, REPORTS

FILES = ["{slug}-families.docx", "{slug}-children.docx", "{slug}-statements.json", "{slug}-readability.json", "{slug}-readability.html"]


@pytest.fixture(scope="module")
def cardiff(tmp_path_factory):
    out = tmp_path_factory.mktemp("cardiff")
    return api.build(CARDIFF, out=out)


def test_writes_the_five_files(cardiff):
    assert sorted(p.name for p in cardiff.folder.iterdir()) == sorted(f.format(slug="cardiff-2024") for f in FILES)


def _plain(text):
    """The report's words with Markdown marks and line breaks taken out."""
    return clean_inline(text.replace("\n", " "))


def test_every_statement_has_welsh_and_a_source(cardiff):
    report = _plain(CARDIFF.read_text(encoding="utf-8"))
    records = json.loads((cardiff.folder / "cardiff-2024-statements.json").read_text())["statements"]
    assert len(records) > 20
    for record in records:
        assert record["en"].strip() and record["cy"].strip()
        assert record["en"] != record["cy"] or record["entry"].startswith("fixed:")  # names such as Estyn
        assert record["source"], record
        for source in record["source"]:
            assert _plain(source["text"]) in report
        assert "flags" in record["readability"]["en"] and "flags" in record["readability"]["cy"]


def _effective(run, paragraph, attribute):
    """A run's font attribute after style inheritance (run, paragraph style, its bases, Normal)."""
    value = getattr(run.font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attribute)
        style = style.base_style
    return value


def _runs(document):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        yield paragraph, run
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            yield paragraph, run


@pytest.mark.parametrize("audience, min_pt", [("families", 14), ("children", 16)])
def test_docx_follows_easy_read_rules(cardiff, audience, min_pt):
    document = Document(str(cardiff.folder / f"cardiff-2024-{audience}.docx"))
    normal = document.styles["Normal"].font.size.pt
    runs = list(_runs(document))
    assert runs
    for paragraph, run in runs:
        if not run.text.strip():
            continue
        size = _effective(run, paragraph, "size")
        assert (size.pt if size else normal) >= min_pt, run.text
        assert not _effective(run, paragraph, "italic") and not _effective(run, paragraph, "underline"), run.text
        lang = run._r.rPr.find(qn("w:lang")) if run._r.rPr is not None else None
        assert lang is not None and lang.get(qn("w:val")) in ("cy-GB", "en-GB"), run.text
        assert paragraph.alignment in (None, 0)  # left, never justified
    assert "Cardiff" in document.core_properties.title and "yng Nghaerdydd" in document.core_properties.title
    assert not any(p.text == "" and p.style.name == "Normal" for p in document.paragraphs[:-1])  # no empty spacing paragraphs
    headings = [p.text for p, _ in runs if p.style.name.startswith("Heading 1")]
    assert "Hello" in headings and "Helo" in headings


def test_welsh_column_is_welsh(cardiff):
    """Rows are picture | Welsh | picture | English: text in the first two grid columns is Welsh."""
    document = Document(str(cardiff.folder / "cardiff-2024-families.docx"))
    for table in document.tables:
        columns = len(table.columns)
        for row in table.rows:
            column = 0
            for cell in row._tr.findall(qn("w:tc")):
                expected = "cy-GB" if column < columns // 2 else "en-GB"
                for run in cell.iter(qn("w:r")):
                    if "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
                        assert run.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == expected
                span = cell.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
                column += int(span.get(qn("w:val"))) if span is not None else 1


def test_children_handout_is_shorter(cardiff):
    families, children = cardiff.handouts
    assert families.audience == "families" and children.audience == "children"
    assert len(children.statements()) <= 0.7 * len(families.statements())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer)")
def test_libreoffice_opens_the_docx(cardiff, tmp_path):
    source = cardiff.folder / "cardiff-2024-families.docx"
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cardiff-2024-families.pdf").stat().st_size > 10_000


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_every_seed_builds(report, tmp_path):
    result = api.build(report, out=tmp_path)
    assert len(result.files) == 5
    assert all(s.sources for h in result.handouts for s in h.statements())


def test_existing_handout_is_not_overwritten(tmp_path, capsys):
    assert main(["build", str(CARDIFF), "--out", str(tmp_path)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main(["build", str(CARDIFF), "--out", str(tmp_path)]) == 4
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "already exists" in err and "--force" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert main(["build", str(CARDIFF), "--out", str(tmp_path), "--force"]) == 0


BAD_INPUTS = [
    ("empty.txt", b"", 2, "empty"),
    ("binary.txt", b"\x00\x01PK\x00\x00", 2, "binary"),
    ("letter.txt", b"Dear Sam,\n\nThanks for the cake. See you on Tuesday.\n", 2, "does not look like an inspection report"),
    ("report.odt", b"whatever", 2, "cannot read"),
]


@pytest.mark.parametrize("name, content, code, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, name, content, code, message):
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "easyread", "build", str(source), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == code
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_debug_shows_the_traceback(tmp_path):
    source = tmp_path / "empty.txt"
    source.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "easyread", "--debug", "build", str(source)], capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" in result.stderr
