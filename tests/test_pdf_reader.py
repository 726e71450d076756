"""A report published as PDF gives the same outline as its text; bad PDFs are refused in one line.

The PDFs are made here from the seeds (tests/pdf_fixtures.py, fpdf2): headings only as larger or
bold text, bullets as glyphs, the glossary as a ruled table, a running header and page numbers, and
page breaks wherever they fall. One more is made by LibreOffice from a Word version, when installed.
"""
import gc
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from pdfminer.pdfpage import PDFPage

from easyread import api, outline
from easyread.cli import main
from easyread.model import Block, Document
from easyread.readers import pdf_reader, read_document

from conftest import CARDIFF, REPORTS, tool_environment
from pdf_fixtures import RUNNING_HEADER, pdf_from_document, pdf_of_pages


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory):
    """The PDF of a seed, made once per session."""
    folder = tmp_path_factory.mktemp("pdf")
    made: dict[str, Path] = {}

    def make(report: Path) -> Path:
        if report.name not in made:
            made[report.name] = pdf_from_document(read_document(report), folder / f"{report.stem}.pdf")
        return made[report.name]

    return make


def _blocks(document: Document) -> list[tuple]:
    return [(b.kind, b.text, b.cells) for b in document.blocks]


def _shape(data: dict) -> dict:
    keep = ("place", "month_year", "dates", "inspectorates", "organisations", "isbn", "link", "glossary")
    return {k: data[k] for k in keep} | {
        "sections": [(s["heading"], s["theme"], s["kind"], s["organisation"], s["findings"]) for s in data["sections"]],
        "findings": [(f["text"], f["theme"], f["kind"], f["organisation"]) for f in data["findings"]]}


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_pdf_gives_the_blocks_of_the_text(seed_pdf, report):
    """Headings from size and bold, items from bullets, glossary rows from the table, paragraphs
    joined across line wraps and page breaks, and no running header or page number left."""
    assert _blocks(read_document(seed_pdf(report))) == _blocks(read_document(report))


def test_pdfminer_reads_with_the_collector_on_even_in_a_command(seed_pdf, monkeypatch):
    """pdfminer leaves each page's layout in cycles: with the collector off, as in a command (cli.main),
    a 20-page report doubled a build's peak memory."""
    seen = []
    read_pages = pdf_reader._read_pages
    monkeypatch.setattr(pdf_reader, "_read_pages", lambda path: seen.append(gc.isenabled()) or read_pages(path))
    was = gc.isenabled()
    gc.disable()
    try:
        read_document(seed_pdf(CARDIFF))
        assert seen == [True] and not gc.isenabled()  # on while pdfminer reads, and off again after
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_pdf_gives_the_same_outline(seed_pdf, report, phrasebook, analyses):
    from_text = outline.outline(analyses[report.name], phrasebook)
    from_pdf = outline.outline(api.analyse(seed_pdf(report), phrasebook), phrasebook)
    assert _shape(from_pdf) == _shape(from_text)


def test_paragraph_cut_by_page_breaks_is_one_paragraph(tmp_path):
    """Pages of one paragraph, each with the running header and a page number between the parts."""
    long = " ".join(b.text for b in read_document(CARDIFF).blocks if b.kind == "paragraph")
    document = Document("made", "", (Block("heading", "Strengths", 0, level=2), Block("paragraph", long, 0)))
    pdf = pdf_from_document(document, tmp_path / "long.pdf")
    with pdf.open("rb") as handle:
        assert len(list(PDFPage.get_pages(handle))) >= 3
    assert _blocks(read_document(pdf)) == [("heading", "Strengths", ()), ("paragraph", long, ())]


@pytest.mark.parametrize("bullet", ["•", "-", "–", "o", "1.", "a)"])
def test_list_items_after_any_bullet(tmp_path, bullet):
    items = ["the response to allegations of abuse and neglect at the point of identification",
             "the quality and impact of assessment, planning and decision-making in response to safeguarding referrals",
             "the leadership and management of this work"]
    blocks = [Block("paragraph", "The Joint Inspection of Child Protection Arrangements (JICPA) reviewed:", 0),
              *(Block("item", item, 0) for item in items),
              Block("paragraph", "We have endeavoured to use plain language to describe the findings.", 0)]
    pdf = pdf_from_document(Document("made", "", tuple(blocks)), tmp_path / "list.pdf", bullet=bullet)
    header = ("paragraph", RUNNING_HEADER, ())  # on one page nothing repeats, so its running header stays
    assert _blocks(read_document(pdf)) == [header] + [(b.kind, b.text, ()) for b in blocks]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer)")
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_word_made_pdf_gives_the_same_outline(tmp_path, phrasebook, analyses, report):
    """A PDF exported by a word processor: its own fonts, tab-set bullets, a borderless table,
    ragged lines broken after hyphens."""
    from test_docx_reader import to_docx

    docx = to_docx(report, tmp_path / "report.docx")
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(docx)], capture_output=True, text=True, timeout=180, env=tool_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    from_pdf = outline.outline(api.analyse(tmp_path / "report.pdf", phrasebook), phrasebook)
    assert _shape(from_pdf) == _shape(outline.outline(analyses[report.name], phrasebook))


def test_copy_protected_pdf_that_opens_without_a_password_is_read(tmp_path):
    text = "The health board shared information about children at risk quickly and well. " * 4
    pdf = pdf_of_pages(tmp_path / "protected.pdf", [text], owner_password="owner")
    assert read_document(pdf).blocks[0].text == text.strip()


def _password(path):
    pdf_of_pages(path, ["Strengths " * 100], owner_password="owner", user_password="secret")


def _password_aes(path):
    pdf_of_pages(path, ["Strengths " * 100], owner_password="owner", user_password="secret",
                 encryption_method=EncryptionMethod.AES_256)


def _truncated(path):
    whole = pdf_of_pages(path, ["Strengths " * 100] * 3).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def _damaged(path):
    path.write_bytes(b"%PDF-1.7\n" + b"\x00\xffnot an object " * 200 + b"\n%%EOF\n")


def _blank(path):
    pdf_of_pages(path, ["", ""])


def _scanned(path):
    from PIL import Image

    picture = path.with_suffix(".png")
    Image.new("L", (400, 560), 255).save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=190)
    pdf.output(str(path))
    picture.unlink()


def _text_named_pdf(path):
    path.write_text("This is a plain text file with a .pdf name.\n")


def _zip_named_pdf(path):
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)


def _too_many_pages(path):
    pdf_of_pages(path, [""] * (pdf_reader.MAX_PAGES + 1))


BAD_PDFS = [
    (_password, "password"),
    (_password_aes, "password"),
    (_truncated, "cut short"),
    (_damaged, "damaged"),
    (_blank, "no text layer"),
    (_scanned, "run OCR"),
    (_text_named_pdf, "not a PDF"),
    (_zip_named_pdf, "not a PDF"),
    (_too_many_pages, "pages"),
]


@pytest.mark.parametrize("make, message", BAD_PDFS, ids=[m.__name__.strip("_") for m, _ in BAD_PDFS])
@pytest.mark.parametrize("command", ["build", "inspect"])
def test_bad_pdf_is_one_line_and_writes_nothing(tmp_path, capsys, make, message, command):
    source = tmp_path / "report.pdf"
    make(source)
    out = tmp_path / "out"
    out.mkdir()
    (out / "approved-handout.docx").write_bytes(b"last week's approved handout")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    args = ["build", str(source), "--out", str(out)] if command == "build" else ["inspect", str(source)]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and str(source) in captured.err and message in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_other_commands_do_not_load_pdfminer(tmp_path):
    code = ("import sys; from easyread import api, cli; from easyread.readers import read_document; "
            f"read_document({str(CARDIFF)!r}); assert 'pdfminer' not in sys.modules, 'pdfminer loaded'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_only_the_pdf_reader_imports_pdfminer():
    imports = re.compile(r"^\s*(?:from|import)\s+pdfminer", re.M)
    source = Path(pdf_reader.__file__).parents[1]
    assert {p.name for p in source.rglob("*.py") if imports.search(p.read_text(encoding="utf-8"))} == {"pdf_reader.py"}
