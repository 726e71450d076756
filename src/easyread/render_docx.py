"""Write a handout as a DOCX. The one module that imports python-docx for writing.

Side by side: each statement is a row of a borderless table, Welsh on the left, English on the
right. Every run carries its language (w:lang), since python-docx sets none that Word honours.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from .model import Handout, HandoutGroup, Statement

LANG = {"cy": "cy-GB", "en": "en-GB"}


def _set_lang(element, lang: str) -> None:
    """Put <w:lang w:val=.. w:eastAsia=.. w:bidi=..> on a run's or style's rPr."""
    rpr = element.get_or_add_rPr()
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = OxmlElement("w:lang")
        rpr.append(node)
    node.set(qn("w:val"), LANG[lang])


def _setup_styles(doc, style: dict, sizes: dict) -> None:
    colour = RGBColor.from_string(style["colour_heading"])
    normal = doc.styles["Normal"]
    normal.font.name = style["font"]
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), style["font"])
    normal.font.size = Pt(sizes["body_pt"])
    normal.paragraph_format.line_spacing = style["line_spacing"]
    normal.paragraph_format.space_after = Pt(style["space_after_pt"])
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _set_lang(normal.element, "en")
    for name, size in (("Title", sizes["title_pt"]), ("Heading 1", sizes["heading_pt"]), ("Heading 2", sizes["body_pt"] + 2),
                       ("List Bullet", sizes["body_pt"]), ("Subtitle", sizes["body_pt"] + 2)):
        s = doc.styles[name]
        s.font.name = style["font"]
        s.font.size = Pt(size)
        s.font.italic = False
        s.font.underline = False
        s.font.all_caps = False
        if name != "List Bullet":
            s.font.bold = True
            s.font.color.rgb = colour
        s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        s.paragraph_format.line_spacing = style["line_spacing"] if name in ("List Bullet",) else 1.15
        rfonts = s.element.rPr.rFonts
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), style["font"])
    title_borders = doc.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_borders is not None:  # the default template underlines titles with a rule
        title_borders.getparent().remove(title_borders)


def _write(paragraph, text: str, lang: str, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    _set_lang(run._r, lang)


def _cell_paragraph(cell, text: str, lang: str, style: str | None = None, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 else cell.add_paragraph()
    if style:
        paragraph.style = style
    _write(paragraph, text, lang, bold)


def _new_table(doc, widths: tuple):
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    return table


def _row(table, cy: str, en: str, style: str | None = None, bold: bool = False) -> None:
    cells = table.add_row().cells
    for cell, column in zip(cells, table.columns):
        cell.width = column.width
    _cell_paragraph(cells[0], cy, "cy", style, bold)
    _cell_paragraph(cells[1], en, "en", style, bold)


def _page_numbers(doc) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _group(table, group: HandoutGroup) -> None:
    if group.title_en:
        _row(table, group.title_cy, group.title_en, "Heading 2")
    for statement in group.intro:
        _row(table, statement.cy, statement.en)
    if group.bullets and group.lead_en:
        _row(table, group.lead_cy, group.lead_en)
    for statement in group.bullets:
        _row(table, statement.cy, statement.en, "List Bullet")


def write_docx(handout: Handout, path: Path, style: dict) -> None:
    doc = Document()
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)  # A4
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Cm(style["margin_cm"])
    column = Emu(int((page.page_width - page.left_margin - page.right_margin) / 2))
    widths = (column, column)
    sizes = style[handout.audience]
    _setup_styles(doc, style, sizes)
    props = doc.core_properties
    props.title = f"{handout.title_cy} / {handout.title_en}"
    props.subject = "Easy read / Hawdd ei ddeall"
    props.language = "cy-GB, en-GB"
    props.author = "easyread"
    props.keywords = f"easy read; {handout.audience}; {handout.slug}"

    for text, lang in ((handout.title_cy, "cy"), (handout.title_en, "en")):
        _write(doc.add_paragraph(style="Title"), text, lang)

    for section in handout.sections:
        table = _new_table(doc, widths)
        _row(table, section.title_cy, section.title_en, "Heading 1")
        for group in section.groups:
            _group(table, group)
    if handout.hard_words:
        table = _new_table(doc, widths)
        _row(table, handout.hard_words_title[1], handout.hard_words_title[0], "Heading 1")
        for term_en, explain_en, term_cy, explain_cy in handout.hard_words:
            cells = table.add_row().cells
            for cell, term, explain, lang in ((cells[0], term_cy, explain_cy, "cy"), (cells[1], term_en, explain_en, "en")):
                paragraph = cell.paragraphs[0]
                _write(paragraph, term + ": ", lang, bold=True)
                _write(paragraph, explain, lang)
    _page_numbers(doc)
    doc.save(str(path))
