"""The phrasebook's Welsh as gettext PO files for translators' tools (Poedit and others), and back.

The only module that uses babel.messages. Export writes one message per Welsh string a handout can
print: msgid the English, msgstr the Welsh, msgctxt a stable key (file|record|field), `#:` the file
and line of the Welsh, `#.` notes for the translator (the example finding, the slots). Import puts
the translated Welsh back by replacing only the Welsh scalars in the YAML text, so comments, order
and layout stay as they were, and writes nothing unless every file is right.
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from . import spelling, welsh
from .checks import ALLOW_LIST, Problem, allowed_words
from .errors import CheckFailed, InputError, OutputError, RuleError
from .phrasebook import Phrasebook, compile_text, load_phrasebook
from . import yamlfile
from .yamlfile import LineDict

# What the Welsh of each handout section must be, for the translator's note.
SECTION_NOTES = {
    "we-checked": "a phrase after 'Fe wnaethon ni edrych ar:' (how they deal with ...)",
    "what-we-did": "a whole sentence",
    "main-findings": "a whole sentence in a themed paragraph",
    "good-points": "a verb-noun phrase after 'Maen nhw'n:' (gwrando ar blant)",
    "improve": "a sentence, usually 'Gwneud yn siŵr ...'",
    "next-steps": "a whole sentence",
}


@dataclass(frozen=True)
class Unit:
    """One translatable string and where its Welsh stands in the YAML text."""

    key: str  # the msgctxt: "topics/listening.yaml|listening.main-listen|families"
    english: str
    welsh: str | None
    path: Path
    line: int  # line of the Welsh value; of the English when there is no Welsh yet
    notes: tuple[str, ...] = ()
    template: bool = False  # an entry's text: a Jinja template whose slots must agree
    span: tuple[int, int] | None = None  # offsets of the Welsh scalar in the file text
    style: str | None = None  # the scalar's quoting: None (plain), "'", '"'
    flow: bool = False  # the scalar sits in a {flow: mapping}
    welsh_key: str = "cy"  # the key of the Welsh value in its mapping
    insert: tuple[int, str] | None = field(default=None, compare=False)  # (offset, indent) to add a missing Welsh value


@dataclass(frozen=True)
class ImportResult:
    changed: tuple[tuple[Unit, str], ...]  # (unit, new Welsh)
    files: tuple[Path, ...]  # files written (or that would be, with dry_run)
    skipped: tuple[str, ...]  # fuzzy, stale or unknown messages, one line each
    untranslated: int


# ---- reading the YAML as nodes, with offsets -------------------------------------------------------

def read_text(path: Path) -> str:
    """A YAML file's text with its own line endings, so a rewrite keeps them."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _unit(key: str, english_node: yamlfile.Node, holder: yamlfile.Node, welsh_key: str, path: Path, text: str,
          notes: tuple[str, ...] = (), template: bool = False) -> Unit:
    """The Unit for `holder[welsh_key]`, the Welsh of `english_node`."""
    welsh_node = yamlfile.child(holder, welsh_key)
    common = dict(key=key, english=english_node.value, path=path, notes=notes, template=template, flow=holder.flow_style,
                  welsh_key=welsh_key)
    if yamlfile.is_set_scalar(welsh_node):
        return Unit(welsh=welsh_node.value, line=welsh_node.start_mark.line + 1,
                    span=(welsh_node.start_mark.index, welsh_node.end_mark.index), style=welsh_node.style or None, **common)
    if welsh_node is not None:  # the key is there with no value ("cy:" or "cy: ~"): the value goes in its place
        return Unit(welsh=None, line=welsh_node.start_mark.line + 1, span=(welsh_node.start_mark.index, welsh_node.end_mark.index), **common)
    # A new key: after the English value when it is in the same mapping, else after the mapping's last value.
    anchor_key, anchor_value = next(((k, v) for k, v in holder.value if v is english_node), holder.value[-1])
    end = anchor_value.end_mark.index
    if holder.flow_style:
        insert = (end, "")
    else:  # a new line after the anchor's, at the indent of the anchor's key
        line_end = text.find("\n", end)
        insert = (len(text) if line_end == -1 else line_end + 1, " " * anchor_key.start_mark.column)
    return Unit(welsh=None, line=english_node.start_mark.line + 1, insert=insert, **common)


def _units_in(path: Path, root: Path, text: str) -> Iterator[Unit]:
    """The translatable strings of one phrasebook file, in file order."""
    rel = path.relative_to(root).as_posix()
    doc = yamlfile.compose(text, path)
    if rel.startswith("topics/"):
        title = yamlfile.child(doc, "title")
        if yamlfile.scalar(yamlfile.child(title, "en")):
            yield _unit(f"{rel}|title", yamlfile.child(title, "en"), title, "cy", path, text, ("topic title: the heading of its paragraph",))
        for entry in yamlfile.mappings_under(doc, "entries"):
            entry_id, section, example = (yamlfile.scalar(yamlfile.child(entry, k)) for k in ("id", "section", "example"))
            for audience in ("families", "children"):
                say = yamlfile.child(entry, audience)
                if yamlfile.scalar(yamlfile.child(say, "en")):
                    notes = (f"{audience}; {SECTION_NOTES.get(section, section)}", f"example finding: {example}")
                    yield _unit(f"{rel}|{entry_id}|{audience}", yamlfile.child(say, "en"), say, "cy", path, text, notes, template=True)
    elif rel.startswith("terms/"):
        for term in yamlfile.mappings_under(doc, "terms"):
            if yamlfile.scalar(yamlfile.child(term, "en")):
                notes = ("a name a slot carries, printed inside Welsh sentences", f"source: {yamlfile.scalar(yamlfile.child(term, 'source'))}")
                yield _unit(f"{rel}|{term_key(yamlfile.child(term, 'en').value)}", yamlfile.child(term, "en"), term, "cy", path, text, notes)
    elif rel == "hard-words.yaml":
        for word in yamlfile.mappings_under(doc, "words"):
            en, cy = yamlfile.child(word, "en"), yamlfile.child(word, "cy")
            name = yamlfile.scalar(yamlfile.child(en, "term"))
            for part in ("term", "explain"):
                if name and yamlfile.scalar(yamlfile.child(en, part)) and yamlfile.is_mapping(cy):
                    notes = (f"hard word {part}: listed at the end of a handout", f"source: {yamlfile.scalar(yamlfile.child(word, 'source'))}")
                    yield _unit(f"{rel}|{name}|{part}", yamlfile.child(en, part), cy, part, path, text, notes)
    elif rel == "gazetteer.yaml":
        for name in yamlfile.mappings_under(doc, "names"):
            name_id = yamlfile.scalar(yamlfile.child(name, "id"))
            notes = ("official Welsh name: change it only with a source", f"source: {yamlfile.scalar(yamlfile.child(name, 'source'))}")
            forms = [("", name)] + [(f"|until {yamlfile.scalar(yamlfile.child(form, 'until'))}", form) for form in yamlfile.mappings_under(name, "earlier")]
            for suffix, form in forms:  # today's name, then each earlier form ("Her Majesty's ...")
                for english, welsh_key, field_name in (("en", "cy", "name"), ("short_en", "short_cy", "short")):
                    if name_id and yamlfile.scalar(yamlfile.child(form, english)):
                        yield _unit(f"{rel}|{name_id}{suffix}|{field_name}", yamlfile.child(form, english), form, welsh_key, path, text, notes)


def term_key(english: str) -> str:
    return " ".join(english.split())


def phrasebook_files(root: Path) -> list[Path]:
    return [*sorted((root / "topics").glob("*.yaml")), *sorted((root / "terms").glob("*.yaml")),
            root / "hard-words.yaml", root / "gazetteer.yaml"]


def translatable(root: Path, only: set[Path] | None = None) -> list[Unit]:
    """Every Welsh string a handout can print (of the files `only`, if given), keyed by a unique msgctxt."""
    units, seen = [], set()
    for path in phrasebook_files(Path(root)):
        if path.is_file() and (only is None or path in only):
            for unit in _units_in(path, Path(root), read_text(path)):
                if unit.key in seen:
                    raise RuleError(path, unit.line, f"'{unit.key}' is given twice; a translator could not tell the two apart")
                seen.add(unit.key)
                units.append(unit)
    return units


# ---- export -----------------------------------------------------------------------------------------

HEADER = """\
# Welsh of the easyread phrasebook, for translators.
# msgid is the English; msgstr is the Welsh a handout prints.
# Keep every {{ slot }} of the English in the Welsh; a slot may
# carry a filter, as in {{ place | after('yn') }}.
# msgctxt says which file, entry and field a text is from:
# do not change it. Put the Welsh back with:
#   easyread phrasebook import-po FILE.po"""


def catalog_for(phrasebook: Phrasebook) -> Catalog:
    """A Welsh catalog of the phrasebook's translatable strings, with the CLDR plural header."""
    root = Path(phrasebook.root)
    catalog = Catalog(locale="cy", domain="easyread-phrasebook", project="easyread phrasebook", version="1",
                      header_comment=HEADER, fuzzy=False, charset="utf-8", language_team="Welsh")
    catalog.mime_headers = [("Plural-Forms", welsh.po_plural_forms())]
    for unit in translatable(root):
        notes = unit.notes
        if unit.template:
            slots = sorted(compile_text({"en": unit.english, "cy": unit.welsh or unit.english}, _where(unit), unit.key).slots)
            notes = (*notes, f"slots: {', '.join(slots)}" if slots else "slots: none")
        catalog.add(unit.english, unit.welsh or "", locations=[(unit.path.relative_to(root).as_posix(), unit.line)],
                    auto_comments=notes, context=unit.key)
    return catalog


def export_po(phrasebook: Phrasebook, out: str | Path) -> int:
    """Write the phrasebook's Welsh to the PO file `out`; the number of messages written."""
    catalog = catalog_for(phrasebook)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, sort_output=False)
    out = Path(out)
    _write_files({out: buffer.getvalue()}, what="the PO file")
    return len(catalog)


# ---- import -----------------------------------------------------------------------------------------

def _where(unit: Unit) -> LineDict:
    where = LineDict()
    where.path, where.line = str(unit.path), unit.line
    return where


def _read_catalog(po_path: Path) -> Catalog:
    try:
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except OSError as err:
        raise InputError(f"{po_path}: cannot read the PO file ({err.strerror})") from None
    except (PoFileError, UnicodeDecodeError, ValueError) as err:
        raise InputError(f"{po_path}: not a valid PO file ({err})") from None
    if catalog.locale and catalog.locale.language != "cy":
        raise InputError(f"{po_path}: this PO file is for '{catalog.locale}', not Welsh (cy)")
    return catalog


def plan_import(units: dict[str, Unit], po_path: Path) -> tuple[list[tuple[Unit, str]], list[Problem], list[str], int]:
    """(changes, problems that refuse the import, messages skipped, untranslated count), from units by key."""
    changes, problems, skipped, untranslated = [], [], [], 0
    for message in _read_catalog(po_path):
        if not message.id:
            continue  # the header
        at = f"{po_path}:{message.lineno}"
        unit = units.get(message.context or "")
        if unit is None or not isinstance(message.id, str):
            skipped.append(f"{at}: unknown msgctxt {message.context!r} (an entry renamed or removed?); skipped")
            continue
        if not message.string:
            untranslated += 1
            continue
        if message.fuzzy:
            skipped.append(f"{at}: {unit.key}: marked fuzzy; skipped until a translator confirms it")
            continue
        if message.id != unit.english:
            skipped.append(f"{at}: {unit.key}: the English has changed since the PO file was made; export again and translate the new English")
            continue
        new = message.string
        if new == unit.welsh:
            continue
        if "\n" in new or new != new.strip():
            problems.append(Problem(str(unit.path), unit.line, f"{unit.key}: the Welsh from {at} has a line break or spaces at an end"))
            continue
        if unit.template:
            try:
                compile_text({"en": unit.english, "cy": new}, _where(unit), unit.key)
            except RuleError as err:
                problems.append(Problem(err.path, err.line or unit.line, f"{err.problem} (from {at})"))
                continue
        changes.append((unit, new))
    return changes, problems, skipped, untranslated


def edit_text(text: str, changes: list[tuple[Unit, str]]) -> str:
    """`text` with each unit's Welsh scalar replaced (or added), all else byte for byte the same."""
    newline = "\r\n" if "\r\n" in text else "\n"
    edits = []
    for unit, new in changes:
        if unit.span is not None:
            start, end = unit.span
            gap = " " if text[start - 1:start] == ":" else ""  # "cy:" with nothing after it
            edits.append((start, end, gap + yamlfile.dump_scalar(new, unit.style, unit.flow)))
        else:
            offset, indent = unit.insert
            key = unit.welsh_key
            addition = f", {key}: {yamlfile.dump_scalar(new, None, True)}" if unit.flow else f"{indent}{key}: {yamlfile.dump_scalar(new, None, False)}{newline}"
            edits.append((offset, offset, addition))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _write_files(contents: dict[Path, bytes], what: str) -> None:
    """Write every file to a temporary file beside it, then move them all into place: all or nothing."""
    temporary: dict[Path, Path] = {}
    try:
        for path, data in contents.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temporary[path] = Path(tmp)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, 0o666 & ~_umask())
        for path, tmp in temporary.items():
            os.replace(tmp, path)
    except OSError as err:
        raise OutputError(f"{err.filename or what}: could not write {what} ({err.strerror}); nothing was changed") from None
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_result(root: Path, units: dict[str, Unit], new_texts: dict[Path, str], changes: list[tuple[Unit, str]]) -> list[Problem]:
    """Load the edited phrasebook from a scratch copy; spell the new Welsh. Problems name the real files."""
    with tempfile.TemporaryDirectory(prefix="easyread-import-") as scratch:
        copy = Path(scratch) / "phrasebook"
        shutil.copytree(root, copy)
        for path, text in new_texts.items():
            (copy / path.relative_to(root)).write_bytes(text.encode("utf-8"))
        expected = {u.key: (u.english, u.welsh) for u in units.values() if u.path in new_texts}
        expected.update({u.key: (u.english, new) for u, new in changes})
        after = {u.key: (u.english, u.welsh) for u in translatable(copy, {copy / p.relative_to(root) for p in new_texts})}
        if after != expected:  # the edit must change exactly the Welsh it meant to: a bug otherwise
            wrong = next(k for k in expected if after.get(k) != expected[k])
            raise AssertionError(f"import would write {after.get(wrong)!r} for {wrong}, not {expected[wrong]!r}")
        try:
            book = load_phrasebook(copy)
        except RuleError as err:
            real = root / Path(err.path).relative_to(copy) if err.path.startswith(str(copy)) else err.path
            return [Problem(str(real), err.line or 0, err.problem + " (after the import)")]
    allowed = allowed_words(book, root)
    return [Problem(str(unit.path), unit.line, f"{unit.key}: Welsh word '{word}' is not in the cy_GB dictionary "
                    f"(fix it in the PO file, or add it to {ALLOW_LIST} with a reason)")
            for unit, new in changes for word in spelling.unknown_words(new, allowed)]


def import_po(root: str | Path, po_path: str | Path, dry_run: bool = False) -> ImportResult:
    """Put the PO file's Welsh into the phrasebook's YAML files; refuse (CheckFailed) with every problem.

    Only the Welsh scalars change. Fuzzy, stale and unknown messages are skipped and reported.
    """
    root, po_path = Path(root), Path(po_path)
    load_phrasebook(root)  # refuse to edit a phrasebook that is already broken
    units = {unit.key: unit for unit in translatable(root)}
    changes, problems, skipped, untranslated = plan_import(units, po_path)
    by_file: dict[Path, list[tuple[Unit, str]]] = {}
    for unit, new in changes:
        by_file.setdefault(unit.path, []).append((unit, new))
    new_texts = {path: edit_text(read_text(path), file_changes) for path, file_changes in by_file.items()}
    if not problems and changes:
        problems = _check_result(root, units, new_texts, changes)
    if problems:
        raise ImportRefused(problems)
    if not dry_run and new_texts:
        _write_files({path: text.encode("utf-8") for path, text in new_texts.items()}, what="the phrasebook")
    return ImportResult(tuple(changes), tuple(new_texts), tuple(skipped), untranslated)


class ImportRefused(CheckFailed):
    """Problems that stop an import; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"import refused: {len(problems)} problem(s); nothing was written")
        self.problems = problems
