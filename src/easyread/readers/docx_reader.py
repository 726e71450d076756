"""Word reports: heading styles, list paragraphs and tables, read into the same blocks as text.

The one module that imports python-docx for reading. Headings are taken from heading styles, or
from a short paragraph whose runs are all bold; the rest goes through the same line rules as text.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError
from ..model import Block, Document
from .lines import clean_inline, join_page_breaks
from .text import normalise

MAX_DOCX_BYTES = 20 * 1024 * 1024  # a report with pictures is a few MB; refused before the zip is opened
MAX_PARTS = 5_000  # files inside the zip
MAX_UNCOMPRESSED = 80 * 1024 * 1024  # all parts, inflated
MAX_XML = 25 * 1024 * 1024  # the XML parts, inflated (python-docx holds them as trees, several times larger)
_CHUNK = 1 << 16
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected DOCX, or an old .doc


def _safe_copy(path: Path) -> io.BytesIO:
    """The DOCX re-packed uncompressed, after checking its sizes; refused before anything large is inflated.

    The sizes in a zip's directory are only claims, and zipfile inflates a whole part in one go when
    python-docx reads it; so each part is inflated here in small pieces, never past its claimed size.
    """
    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise InputError(f"{path}: the DOCX is {size / 2**20:.0f} MB; easyread reads DOCX reports of up to "
                         f"{MAX_DOCX_BYTES >> 20} MB: save it without large pictures, or as text")
    with path.open("rb") as file:
        if file.read(len(_OLE)) == _OLE:
            raise InputError(f"{path}: this is a password-protected or old-style Word file; remove the password and save it as .docx")
    damaged = f"{path}: this is not a valid DOCX (not a zip file, or cut short); save it again from Word"
    copy = io.BytesIO()
    try:
        with zipfile.ZipFile(path) as archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as repacked:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise InputError(f"{path}: the DOCX holds {len(parts):,} files; it is not a normal report")
            total = sum(part.file_size for part in parts)
            xml = sum(part.file_size for part in parts if part.filename.endswith((".xml", ".rels")))
            if total > MAX_UNCOMPRESSED or xml > MAX_XML:
                raise InputError(f"{path}: the DOCX would inflate to {total / 2**20:,.0f} MB; it is not a normal report "
                                 f"(easyread reads up to {MAX_UNCOMPRESSED >> 20} MB, {MAX_XML >> 20} MB of it text)")
            if "word/document.xml" not in archive.namelist():
                raise InputError(f"{path}: this zip file is not a Word document; save the report as .docx")
            for part in parts:
                if part.is_dir() or part.filename in repacked.NameToInfo:  # a repeated name: keep the first
                    continue
                with archive.open(part) as source, repacked.open(part.filename, "w") as target:
                    while chunk := source.read(_CHUNK):  # never more than the claimed size (zipfile stops there)
                        target.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):  # NotImplementedError: an unknown compression
        raise InputError(damaged) from None
    except RuntimeError:  # zipfile: "File ... is encrypted, password required for extraction"
        raise InputError(f"{path}: the DOCX is encrypted; remove the password and save it again") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror or err}); check it and its permissions") from None
    copy.seek(0)
    return copy


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
    repacked = _safe_copy(path)
    from docx import Document as open_docx

    try:
        doc = open_docx(repacked)
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
