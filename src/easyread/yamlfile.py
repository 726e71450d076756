"""Read the YAML rule files so that every mapping remembers the line it starts on.

Errors then name the file and line of the rule that is wrong, as Vale does.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import RuleError

if TYPE_CHECKING:
    from yaml import Node


class LineDict(dict):
    """A mapping read from YAML, with the file and line it came from."""

    path: str = "?"
    line: int = 0

    def where(self) -> tuple[str, int]:
        return self.path, self.line


@lru_cache(maxsize=None)
def _loader():
    """The YAML loader whose mappings are LineDicts. PyYAML is imported here, on first use: a run
    that finds its rules in the cache's snapshot (snapshot.py) never loads it."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it: much faster
        path = "?"

    def mapping(loader: Loader, node: yaml.MappingNode) -> LineDict:
        out = LineDict()
        out.path, out.line = loader.path, node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise RuleError(loader.path, key_node.start_mark.line + 1, f"key '{key}' is given twice")
            out[key] = loader.construct_object(value_node, deep=True)
        return out

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return Loader


def load(path: Path) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError(path, None, f"cannot read the file ({err}); save it as UTF-8 text") from None
    loader = _loader()(text)
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


# ---- nodes (yaml.Node) with their places in the text, for changing one value of a file in place (po.py) ----

def compose(text: str, path: Path) -> Node | None:
    """The file's node tree; each node's start_mark/end_mark give its line and character offsets."""
    import yaml

    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise RuleError(path, mark.line + 1 if mark else None, f"not valid YAML: {err.problem}") from None


def child(node: Node | None, key: str) -> Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None


def mappings_under(node: Node | None, key: str) -> list[Node]:
    """The mappings in the list under `key`."""
    import yaml

    value = child(node, key)
    return [n for n in value.value if isinstance(n, yaml.MappingNode)] if isinstance(value, yaml.SequenceNode) else []


def scalar(node: Node | None) -> str | None:
    """The node's text, or None if it is not a non-empty scalar."""
    import yaml

    return node.value if isinstance(node, yaml.ScalarNode) and node.value != "" else None


def is_set_scalar(node: Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null"


def is_mapping(node: Node | None) -> bool:
    import yaml

    return isinstance(node, yaml.MappingNode)


def dump_scalar(value: str, style: str | None, flow: bool) -> str:
    """`value` as YAML in the old scalar's style where it can be, else quoted as the emitter needs."""
    import yaml

    def dump(data: object, **options: object) -> str:
        return yaml.safe_dump(data, width=float("inf"), allow_unicode=True, **options)

    if style in ("'", '"'):
        return dump(value, default_style=style).rstrip("\n")
    if flow:
        return dump([value], default_flow_style=True).rstrip("\n")[1:-1]
    return dump({"k": value}, default_flow_style=False).rstrip("\n")[3:]
