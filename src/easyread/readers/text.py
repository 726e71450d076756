"""Plain text and Markdown reports, including text extractions of PDFs."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Document
from .lines import blocks_from_lines


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: the UTF-16 text is damaged; save it as UTF-8 and try again") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: this is a binary file, not text; give the report as .txt, .md, .docx or .pdf")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
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
