"""Readers turn a file into a Document. Only readers open report files."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Document
from . import text

# The report formats easyread reads; a folder given to `build` stands for its files of these kinds.
SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")


def read_document(path: str | Path) -> Document:
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the path of one report file (.txt, .md, .docx or .pdf)")
    if not path.exists():
        raise InputError(f"{path}: no such file; give the path of a report (.txt, .md, .docx or .pdf)")
    if not path.is_file():  # a pipe or a device: reading one could wait for ever
        raise InputError(f"{path}: not a regular file (a pipe or a device?); save the report as a file and give its path")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".markdown", ""):
        return text.read(path)
    if suffix == ".docx":
        from . import docx_reader  # python-docx is imported only when a DOCX is read

        return docx_reader.read(path)
    if suffix == ".pdf":
        from . import pdf_reader  # pdfminer is imported only when a PDF is read

        return pdf_reader.read(path)
    raise InputError(f"{path}: cannot read '{suffix}' files; give a .txt, .md, .docx or .pdf report")
