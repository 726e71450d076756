"""PDF versions of reports, made in the tests with fpdf2 (pure Python, so they can be made in CI).

A report is first read by the text reader; each of its blocks is then set the way a published PDF
sets it: headings larger and bold (a bare or bold line of the text: bold at body size), list items
after a "•", table rows as a ruled table, paragraphs justified and wrapped, a running header and a
page number on every page, and page breaks wherever the text falls.

Fonts: no installed PyPI package ships a TTF, so the PDF core fonts are used with Windows-1252,
which holds every character of the seeds (curly quotes, dashes and "•" included): no character is
changed. A report with a character outside it (ŵ, ŷ, →) fails loudly with fpdf2's
FPDFUnicodeEncodingException rather than being quietly transliterated.
"""
from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from easyread.model import Document

BODY_SIZE = 10  # pt
LINE_HEIGHT = 5  # mm, for body text
HEADING_SIZES = {1: 18, 2: 15, 3: 13, 4: 11}  # pt by heading level; level 0 and deeper levels: body size
RUNNING_HEADER = "Joint Inspection of Child Protection Arrangements"
FONT = "helvetica"


class _ReportPDF(FPDF):
    """A page with a running header and a bare page number in the footer, as the reports have."""

    def header(self) -> None:
        self.set_font(FONT, size=8)
        self.cell(0, 5, RUNNING_HEADER, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, size=8)
        self.cell(0, 10, str(self.page_no()), align="C")


def _new_pdf() -> _ReportPDF:
    pdf = _ReportPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    return pdf


def _table(pdf: FPDF, rows: list[tuple[str, ...]]) -> None:
    pdf.set_font(FONT, size=BODY_SIZE)
    widths = (1, 2) if len(rows[0]) == 2 else None
    with pdf.table(col_widths=widths, first_row_as_headings=False, text_align="LEFT", line_height=LINE_HEIGHT,
                   padding=2, align="LEFT", v_align="TOP") as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(3)


def pdf_from_document(document: Document, path: Path, bullet: str = "•") -> Path:
    """Set the blocks of a Document as a PDF at path, list items after `bullet`."""
    pdf = _new_pdf()
    blocks = list(document.blocks)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "row":
            rows = []
            while i < len(blocks) and blocks[i].kind == "row" and len(blocks[i].cells) == len(block.cells):
                rows.append(blocks[i].cells)
                i += 1
            _table(pdf, rows)
            continue
        if block.kind == "heading":
            size = HEADING_SIZES.get(block.level, BODY_SIZE)
            pdf.ln(2)
            pdf.set_font(FONT, style="B", size=size)
            pdf.multi_cell(0, size * 0.5, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        elif block.kind == "item":
            pdf.set_font(FONT, size=BODY_SIZE)
            pdf.set_x(pdf.l_margin + 4)
            pdf.cell(6, LINE_HEIGHT, bullet)
            pdf.multi_cell(0, LINE_HEIGHT, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        else:
            pdf.set_font(FONT, size=BODY_SIZE)
            pdf.multi_cell(0, LINE_HEIGHT, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
        i += 1
    pdf.output(str(path))
    return path


def pdf_of_pages(path: Path, pages: list[str], **encryption) -> Path:
    """A small PDF with one paragraph per page; with encryption, passed to fpdf2's set_encryption."""
    pdf = FPDF()
    pdf.set_font(FONT, size=BODY_SIZE)
    if encryption:
        pdf.set_encryption(**encryption)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, LINE_HEIGHT, text)
    pdf.output(str(path))
    return path
