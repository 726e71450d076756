"""Plain text and Markdown reports, including text extractions of PDFs."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Document
from .lines import blocks_from_lines


def decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: this is a binary file, not text; give the report as .txt, .md, .docx or .pdf")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{path}: the text is neither UTF-8 nor Windows-1252; save it as UTF-8 and try again") from None


def normalise(text: str) -> str:
    """Unify line ends and drop control characters that XML (and so DOCX) cannot hold."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch >= " " and not 0x7F <= ord(ch) <= 0x9F)


def read(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror}); check its permissions") from None
    text = normalise(decode(data, path))
    if not text.strip():
        raise InputError(f"{path}: the file is empty; give the full inspection report")
    return Document(str(path), text, tuple(blocks_from_lines(text)))
