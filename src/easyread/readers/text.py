"""Plain text and Markdown reports, including text extractions of PDFs.

Also the limits every report is held to (check_length, which api.analyse applies whatever the
format), so that no file, however odd, takes more than a few seconds or a few hundred MB: a
report of this family is about 70,000 characters, its longest paragraph about 1,200.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import NOT_XML, Document
from .lines import blocks_from_lines

MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024  # a .txt or .md file larger than this is refused before it is read
MAX_TEXT_CHARS = 300_000  # about four reports; the report's text after reading, in any format
MAX_PARAGRAPH_CHARS = 10_000  # a paragraph or line longer than this is not prose (a lost line break, a data dump)

# What a report's text drops: what XML cannot hold (model.NOT_XML), and C1 controls, which XML holds but
# no prose has. A vertical tab is Word's manual line break, so `normalise` makes it one first.
_DROPPED = re.compile(f"[\x7f-\x9f]|{NOT_XML.pattern}")


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: the UTF-16 text is damaged; save it as UTF-8 and try again") from None
    head = data[:8192]
    if b"\x00" in head:
        if head.count(b"\x00") * 3 > len(head):  # every other byte empty: UTF-16 that lost its mark
            raise InputError(f"{path}: this looks like UTF-16 text without a byte-order mark; save it as UTF-8 and try again")
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
    """Unify line ends and drop the characters that XML (and so DOCX) cannot hold."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").replace("\v", "\n")
    return _DROPPED.sub("", text)


def _too_long(path: object, length: int) -> InputError:
    return InputError(f"{path}: the report has {length:,} characters; easyread reads reports of up to "
                      f"{MAX_TEXT_CHARS:,} (one is about 70,000): give one report at a time")


def check_length(document: Document) -> None:
    """Refuse a report too long to be one, or with a paragraph too long to be prose, whatever its format.

    These bound the time the later stages take: matching a sentence costs time in proportion to its length.
    """
    if len(document.text) > MAX_TEXT_CHARS:
        raise _too_long(document.path, len(document.text))
    for block in document.blocks:
        if len(block.text) > MAX_PARAGRAPH_CHARS:
            raise InputError(f"{document.path}: the paragraph beginning \"{block.text[:40]}...\" has {len(block.text):,} "
                             f"characters (a report's have at most a few thousand); save the report with its paragraph breaks")


def read(path: Path) -> Document:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            raise InputError(f"{path}: the file is {size / 2**20:.0f} MB; easyread reads text reports of up to "
                             f"{MAX_TEXT_FILE_BYTES >> 20} MB (one is about 70 KB): is this the right file?")
        with path.open("rb") as file:
            data = file.read(MAX_TEXT_FILE_BYTES + 1)  # the file may have grown since stat
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror}); check its permissions") from None
    if len(data) > MAX_TEXT_FILE_BYTES:
        raise InputError(f"{path}: the file is over {MAX_TEXT_FILE_BYTES >> 20} MB; easyread reads text reports of up to "
                         f"{MAX_TEXT_FILE_BYTES >> 20} MB (one is about 70 KB): is this the right file?")
    text = normalise(decode(data, path))
    if not text.strip():
        raise InputError(f"{path}: the file is empty; give the full inspection report")
    if len(text) > MAX_TEXT_CHARS:  # before splitting into blocks, which would take memory for nothing
        raise _too_long(path, len(text))
    return Document(str(path), text, tuple(blocks_from_lines(text)))
