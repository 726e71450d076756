"""Word reports: heading styles, list paragraphs and tables, read into the same blocks as text.

The one module that imports python-docx for reading. Headings are taken from heading styles, or
from a short paragraph whose runs are all bold; the rest goes through the same line rules as text.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError
from ..model import Block, Document
from .lines import clean_inline, join_page_breaks
from .text import normalise

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # refuse a DOCX whose parts would inflate past this


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise InputError(f"{path}: the DOCX would inflate to more than {MAX_UNCOMPRESSED >> 20} MB; it is not a normal report")
            if "word/document.xml" not in archive.namelist():
                raise InputError(f"{path}: this zip file is not a Word document; save the report as .docx")
    except zipfile.BadZipFile:
        raise InputError(f"{path}: this is not a valid DOCX (not a zip file, or cut short); save it again from Word") from None


def _heading_level(paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower().startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    if name.lower() == "title":
        return 1
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs) and len(paragraph.text.split()) <= 12:
        return 0
    return None


def read(path: Path) -> Document:
    _check_zip(path)
    from docx import Document as open_docx

    try:
        doc = open_docx(str(path))
    except Exception as err:  # python-docx raises several types for damaged parts
        raise InputError(f"{path}: the DOCX cannot be read ({type(err).__name__}); save it again from Word") from None
    text_parts: list[str] = []
    blocks: list[Block] = []
    offset = 0

    def add(kind: str, text: str, level: int = 0, cells: tuple[str, ...] = ()) -> None:
        nonlocal offset
        text = clean_inline(normalise(text))
        if text:
            blocks.append(Block(kind, text, offset, level, cells))
            text_parts.append(text)
            offset += len(text) + 2

    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(child, doc)
            level = _heading_level(paragraph)
            style = (paragraph.style.name if paragraph.style is not None else "").lower()
            if level is not None:
                add("heading", paragraph.text, level)
            elif "list" in style or child.find(".//{*}numPr") is not None:
                add("item", paragraph.text)
            else:
                add("paragraph", paragraph.text)
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(child, doc).rows:
                cells = tuple(clean_inline(normalise(c.text)) for c in row.cells)
                cells = tuple(dict.fromkeys(c for c in cells if c))  # merged cells repeat their text
                if cells:
                    add("row", " ".join(cells), cells=cells)
    if not blocks:
        raise InputError(f"{path}: the document has no text; give the full inspection report")
    return Document(str(path), "\n\n".join(text_parts), tuple(join_page_breaks(blocks)))
