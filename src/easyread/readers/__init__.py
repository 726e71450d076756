"""Readers turn a file into a Document. Only readers open report files."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Document
from . import text


def read_document(path: str | Path) -> Document:
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the path of one report file (.txt, .md or .docx)")
    if not path.is_file():
        raise InputError(f"{path}: no such file; give the path of a report (.txt, .md or .docx)")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".markdown", ""):
        return text.read(path)
    if suffix == ".docx":
        from . import docx_reader  # python-docx is imported only when a DOCX is read

        return docx_reader.read(path)
    raise InputError(f"{path}: cannot read '{suffix}' files; give a .txt, .md or .docx report")
