"""A report written in Word gives the same outline as its text; damaged DOCX files are refused."""
import zipfile

import pytest
from docx import Document

from easyread import api, outline
from easyread.errors import InputError
from easyread.readers import read_document

from conftest import REPORTS


def to_docx(report, path):
    """A Word version of a report, as an author would write it: heading styles, bullets, tables."""
    doc = Document()
    for block in read_document(report).blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, level=max(1, min(block.level or 2, 4)))
        elif block.kind == "item":
            doc.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "row":
            table = doc.add_table(rows=1, cols=len(block.cells))
            for cell, text in zip(table.rows[0].cells, block.cells):
                cell.text = text
        else:
            doc.add_paragraph(block.text)
    doc.save(str(path))
    return path


def _shape(data):
    keep = ("place", "month_year", "inspectorates", "organisations", "glossary")
    return {k: data[k] for k in keep} | {
        "sections": [(s["heading"], s["kind"], s["organisation"], s["findings"]) for s in data["sections"]]}


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_docx_gives_the_same_outline(phrasebook, report, tmp_path):
    docx = to_docx(report, tmp_path / "report.docx")
    from_text = outline.outline(api.analyse(report, phrasebook), phrasebook)
    from_docx = outline.outline(api.analyse(docx, phrasebook), phrasebook)
    assert _shape(from_docx) == _shape(from_text)


def test_not_a_zip(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"This is plain text with a .docx name.")
    with pytest.raises(InputError, match="not a valid DOCX"):
        read_document(path)


def test_truncated_docx(tmp_path, phrasebook):
    whole = to_docx(REPORTS[0], tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="not a valid DOCX"):
        read_document(path)


def test_docx_that_inflates_too_far_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("word/padding.xml", b"\0" * (210 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(InputError, match="inflate"):
        read_document(path)
