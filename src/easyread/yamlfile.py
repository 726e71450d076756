"""Read the YAML rule files so that every mapping remembers the line it starts on.

Errors then name the file and line of the rule that is wrong, as Vale does.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError


class LineDict(dict):
    """A mapping read from YAML, with the file and line it came from."""

    path: str = "?"
    line: int = 0

    def where(self) -> tuple[str, int]:
        return self.path, self.line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it: much faster
    path = "?"


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    out = LineDict()
    out.path, out.line = loader.path, node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise RuleError(loader.path, key_node.start_mark.line + 1, f"key '{key}' is given twice")
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError(path, None, f"cannot read the file ({err}); save it as UTF-8 text") from None
    loader = _Loader(text)
    loader.path = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise RuleError(path, mark.line + 1 if mark else None, f"not valid YAML: {err.problem}") from None
    finally:
        loader.dispose()


def check_keys(mapping: LineDict, allowed: set[str], required: set[str] = frozenset(), what: str = "entry") -> None:
    path, line = getattr(mapping, "path", "?"), getattr(mapping, "line", None)
    unknown = set(mapping) - allowed
    if unknown:
        raise RuleError(path, line, f"unknown key '{sorted(unknown)[0]}' in {what}; allowed: {', '.join(sorted(allowed))}")
    missing = set(required) - set(mapping)
    if missing:
        raise RuleError(path, line, f"{what} has no '{sorted(missing)[0]}'")


def compile_pattern(pattern: str, where: LineDict) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise RuleError(where.path, where.line, f"bad pattern {pattern!r}: {err}") from None
