"""Where the packaged phrasebook and templates live.

A wheel carries them inside the package (see pyproject's force-include); a source checkout or an
editable install finds them at the top of the repository.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / name


def phrasebook_dir() -> Path:
    return data_dir("phrasebook")


def templates_dir() -> Path:
    return data_dir("templates")
