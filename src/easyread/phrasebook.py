"""Load and check the phrasebook: the data that says what the handouts say.

Everything in phrasebook/ is read here, once, into frozen records. Patterns and templates are
checked here, or found already checked in an earlier run (checked.py), and compiled when first
used. Each problem is raised as a RuleError naming the file and line of the rule.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from jinja2 import FunctionLoader, StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from . import snapshot, welsh
from .checked import Checked, CodeDigest
from .errors import RuleError
from .jinja_cache import BytecodeCache
from .literals import Index
from .patterns import compile_pattern
from .yamlfile import LineDict, check_keys, load

SECTIONS = ("we-checked", "what-we-did", "main-findings", "good-points", "improve", "next-steps")
AUDIENCES = ("families", "children")
LANGUAGES = ("en", "cy")
GLOBAL_SLOTS = {"place", "organisation"}

# What a finding must be for an entry of each handout section, unless the entry says otherwise.
SECTION_DEFAULTS = {
    "we-checked": {"role": ("scope",)},
    "what-we-did": {"role": ("method",)},
    "main-findings": {"role": ("summary", "finding")},
    "good-points": {"role": ("summary", "finding"), "kind": ("strength",)},
    "improve": {"role": ("summary", "finding"), "kind": ("improve",)},
    "next-steps": {"role": ("next",)},
}

_ENTRY_KEYS = {"id", "section", "when", "families", "children", "picture", "priority", "example", "counter_example", "note"}
_WHEN_KEYS = {"any", "all", "not", "kind", "agency", "theme", "role"}


def make_environment() -> SandboxedEnvironment:
    """The one Jinja environment for user-edited text: sandboxed, and a missing slot is an error.
    A template is named by its own source (`get_template(source)`), so that its compiled code is
    kept in the cache folder (jinja_cache.py) like the review page's."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                               loader=FunctionLoader(lambda name: name if name in _named else None), bytecode_cache=BytecodeCache())
    env.filters.update(welsh.FILTERS)
    env.filters["upfirst"] = lambda s: s[:1].upper() + s[1:]
    return env


_named: set[str] = set()  # the sources `_template` asked for: the only names the loader knows
ENV = make_environment()


class _SampleValue(welsh.WelshName):
    """What a template's trial fill puts in each slot: a name, or a count for the plural filter."""

    def __int__(self) -> int:
        return 2


class _PlainText:
    """A template with no Jinja markup renders to itself: most entries are such plain sentences, and
    compiling each with Jinja would cost more than the rest of a build's matching."""

    def __init__(self, source: str):
        self.text = source[:-1] if source.endswith("\n") else source  # as Jinja drops one final newline

    def render(self, *args, **kwargs) -> str:
        return self.text


@lru_cache(maxsize=None)
def _template(source: str):
    if not any(mark in source for mark in ("{{", "{%", "{#")):
        return _PlainText(source)
    _named.add(source)
    return ENV.get_template(source)


@dataclass(frozen=True)
class Text:
    """A bilingual template pair, compiled when first filled (most entries never are in one build)."""

    en_source: str
    cy_source: str
    slots: frozenset[str]

    @property
    def en(self):
        return _template(self.en_source)

    @property
    def cy(self):
        return _template(self.cy_source)


_filters_code = CodeDigest(welsh, sys.modules[__name__])


def _filters_key() -> str:
    """Names the code a template check depends on: the filters (welsh.py), this loader, Jinja."""
    import jinja2

    return f"easyread templates 1, jinja2 {jinja2.__version__}, code {_filters_code}"


_checked_templates = Checked("templates.json", _filters_key)


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    section: str
    any: tuple[re.Pattern, ...]
    all: tuple[re.Pattern, ...]
    not_: tuple[re.Pattern, ...]
    kind: tuple[str, ...] | None
    agency: tuple[str, ...] | None
    theme: tuple[str, ...] | None
    role: tuple[str, ...] | None
    say: dict  # audience -> Text
    picture: str | None
    priority: int
    example: str
    counter_example: str
    path: str
    line: int


@dataclass(frozen=True)
class Topic:
    id: str
    title_en: str
    title_cy: str
    path: str


@dataclass(frozen=True)
class EarlierName:
    """A form of a name that was right until a date (gazetteer `earlier:`): "Her Majesty's ..."."""

    until: dt.date  # the last day the form was right
    en: str
    cy: str
    short_en: str | None
    short_cy: str | None
    source: str


@dataclass(frozen=True)
class Name:
    """A place or body with its official Welsh name (from the gazetteer)."""

    id: str
    type: str
    en: str
    cy: str
    short_en: str | None
    short_cy: str | None
    agency: str | None
    aliases: tuple[re.Pattern, ...]
    mutate: bool
    source: str
    earlier: tuple[EarlierName, ...] = ()

    def as_of(self, date: dt.date | None, text: str = "") -> "Name":
        """The form of the name a report of `date` uses: the form `text` (the report's own words)
        writes wins; else the form that was right on `date`; else today's form."""
        forms = [self, *self.earlier]
        written = [f for f in forms if _plain(f.en) in _plain(text)] if text else []
        if len(written) == 1:
            return self._as(written[0])
        candidates = written or forms
        if date is not None:
            dated = sorted((f for f in candidates if f is not self and date <= f.until), key=lambda f: f.until)
            if dated:
                return self._as(dated[0])
        return self if self in candidates else self._as(candidates[0])

    def _as(self, form: "Name | EarlierName") -> "Name":
        if form is self:
            return self
        return replace(self, en=form.en, cy=form.cy, short_en=form.short_en, short_cy=form.short_cy, earlier=())

    @property
    def welsh(self) -> welsh.WelshName:
        return welsh.WelshName(self.cy, self.mutate)


def _plain(text: str) -> str:
    """For finding a name in a report: case, spacing, '&'/'and' and apostrophes do not count."""
    text = re.sub(r"\s*&\s*", " and ", text.replace("’", "'").lower())
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Term:
    en: str
    cy: str | None
    mutate: bool
    source: str
    path: str = ""
    feminine: bool = False  # `gender: feminine`: soft mutation after the article ("y Gynhadledd")

    @property
    def welsh(self) -> welsh.WelshName | None:
        return welsh.WelshName(self.cy, self.mutate, self.feminine) if self.cy else None


@dataclass(frozen=True)
class HardWord:
    term_en: str
    explain_en: str
    term_cy: str
    explain_cy: str
    pattern: re.Pattern


@dataclass(frozen=True)
class PlainWord:
    """A report's hard word and the everyday word a handout says instead (plain-words.yaml)."""

    hard_en: str
    plain_en: str  # '' leaves the word out (a hedge such as "generally")
    hard_cy: str
    plain_cy: str
    pattern: re.Pattern  # finds the English hard word
    source: str
    path: str
    line: int



@dataclass(frozen=True)
class Simplifier:
    """How `phrasebook suggest` shortens a sentence (plain-words.yaml): where a long sentence may be
    cut, the words a cut must not end on, and words too common to tell one finding from another."""

    cut_before: object = None  # a pattern, or None: cut only at the word limit
    not_last: frozenset[str] = frozenset()
    too_common: frozenset[str] = frozenset()

@dataclass(frozen=True)
class Phrasebook:
    root: str
    structure: dict
    names: tuple[Name, ...]
    terms: dict  # lower-case English -> Term
    hard_words: tuple[HardWord, ...]
    topics: dict  # topic id -> Topic
    entries: tuple[Entry, ...]
    entries_by_id: dict = field(default_factory=dict)
    plain_words: tuple[PlainWord, ...] = ()
    simplifier: Simplifier = field(default_factory=lambda: Simplifier())
    _index: list = field(default_factory=list, init=False, repr=False, compare=False)  # [literals.Index], once made

    def index(self) -> Index:
        """Which entries could apply to a text (literals.Index). Made when the phrasebook is read, so
        kept in its snapshot; a phrasebook made with other entries (dataclasses.replace) makes its own."""
        if not self._index:
            self._index.append(Index.for_entries(self.entries))
        return self._index[0]

    def entry(self, entry_id: str) -> Entry | None:
        return self.entries_by_id.get(entry_id)

    def name(self, name_id: str) -> Name | None:
        return next((n for n in self.names if n.id == name_id), None)

    def official_names(self) -> list[str]:
        """Every form of every gazetteer name: words readability does not score (nobody may change them)."""
        return [n for name in self.names for n in (name.en, name.cy, name.short_en, name.short_cy) if n]

    def name_as_used(self, name_id: str, metadata) -> Name | None:
        """The name in the form the report uses, or that was right at the report's date
        ("Her Majesty's ..." before 9 September 2022): see Name.as_of. `metadata` is the
        report's Metadata; its date is the letter's, else the fieldwork's."""
        name = self.name(name_id)
        if name is None or not name.earlier:
            return name
        date = metadata.letter_date or metadata.end or metadata.start
        return name.as_of(date, " ".join(sentence for _, _, sentence in metadata.evidence))

    def term(self, english: str) -> Term | None:
        return self.terms.get(normalise_term(english))


def normalise_term(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    return re.sub(r"\s+", " ", text).lower()


def compile_text(spec: object, where: LineDict, what: str) -> Text:
    if not isinstance(spec, dict):
        raise RuleError(where.path, where.line, f"{what} must have 'en' and 'cy'")
    for lang in LANGUAGES:
        if not isinstance(spec.get(lang), str) or not spec[lang].strip():
            raise RuleError(where.path, getattr(spec, "line", where.line), f"{what} has no '{lang}' text")
    check_keys(spec, set(LANGUAGES), what=what)
    pair = f"{spec['en']}\0{spec['cy']}"
    known_slots = _checked_templates.get(pair)
    if isinstance(known_slots, list) and all(isinstance(slot, str) for slot in known_slots):  # else check it now
        return Text(spec["en"], spec["cy"], frozenset(known_slots))
    slots = {}
    compiled = {}
    for lang in LANGUAGES:
        try:
            ast = ENV.parse(spec[lang])
            compiled[lang] = ENV.from_string(spec[lang])
        except TemplateSyntaxError as err:
            raise RuleError(where.path, getattr(spec, "line", where.line) + max(err.lineno - 1, 0), f"{what} {lang}: template error: {err.message}") from None
        if any(True for _ in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))):
            raise RuleError(where.path, getattr(spec, "line", where.line), f"{what} {lang}: a phrasebook text cannot include, extend or import "
                            "another template; write the words in the text itself")
        slots[lang] = meta.find_undeclared_variables(ast)
        try:  # a trial fill catches what parsing cannot: code the sandbox refuses, a filter misused
            compiled[lang].render({slot: _SampleValue("Caerdydd") for slot in slots[lang]})
        except Exception as err:
            raise RuleError(where.path, getattr(spec, "line", where.line), f"{what} {lang}: the template cannot be filled: {err}") from None
    if slots["en"] != slots["cy"]:
        raise RuleError(where.path, getattr(spec, "line", where.line), f"{what}: slots differ between English {sorted(slots['en'])} and Welsh {sorted(slots['cy'])}")
    _checked_templates.learn(pair, sorted(slots["en"]))
    return Text(spec["en"], spec["cy"], frozenset(slots["en"]))


def _patterns(value: object, where: LineDict, key: str) -> tuple[re.Pattern, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(where.path, where.line, f"'{key}' must be a pattern or a list of patterns")
    return tuple(compile_pattern(v, where) for v in value)


def _choice(value: object, allowed: set[str], where: LineDict, key: str) -> tuple[str, ...] | None:
    if value is None or value == "any":
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list):
        raise RuleError(where.path, where.line, f"'{key}' must be a word or a list of words")
    for v in values:
        if v not in allowed:
            raise RuleError(where.path, where.line, f"'{key}' has unknown value '{v}'; use one of: {', '.join(sorted(allowed))}")
    return tuple(values)


def load_entry(raw: LineDict, topic: str, structure: dict) -> Entry:
    if not isinstance(raw, LineDict):
        raise RuleError(getattr(raw, "path", "?"), None, "each entry must be a mapping")
    check_keys(raw, _ENTRY_KEYS, {"id", "section", "when", "families", "example", "counter_example"})
    section = raw["section"]
    if section not in SECTIONS:
        raise RuleError(raw.path, raw.line, f"entry {raw['id']}: section '{section}' is not one of {', '.join(SECTIONS)}")
    when = raw["when"]
    if not isinstance(when, LineDict):
        raise RuleError(raw.path, raw.line, f"entry {raw['id']}: 'when' must be a mapping")
    check_keys(when, _WHEN_KEYS, what=f"'when' of entry {raw['id']}")
    any_, all_ = _patterns(when.get("any"), when, "any"), _patterns(when.get("all"), when, "all")
    if not any_ and not all_:
        raise RuleError(when.path, when.line, f"entry {raw['id']}: 'when' needs 'any' or 'all' patterns")
    defaults = SECTION_DEFAULTS[section]
    kinds = {"strength", "improve", "context"}
    roles = set(structure["roles"]) | {"finding"}
    say = {}
    for audience in AUDIENCES:
        if audience in raw:
            say[audience] = compile_text(raw[audience], raw, f"entry {raw['id']} {audience}")
    captured = {name for p in any_ + all_ for name in p.group_names}
    for audience, text in say.items():
        unknown = text.slots - captured - GLOBAL_SLOTS
        if unknown:
            raise RuleError(raw.path, raw.line, f"entry {raw['id']} {audience}: slot '{sorted(unknown)[0]}' is not captured by a pattern (use (?P<{sorted(unknown)[0]}>...))")
    priority = raw.get("priority", 2)
    if priority not in (1, 2, 3):
        raise RuleError(raw.path, raw.line, f"entry {raw['id']}: priority must be 1 (most important), 2 or 3")
    return Entry(
        id=str(raw["id"]), topic=topic, section=section, any=any_, all=all_,
        not_=_patterns(when.get("not"), when, "not"),
        kind=_choice(when.get("kind"), kinds, when, "kind") or defaults.get("kind"),
        agency=_choice(when.get("agency"), set(structure["agencies"]), when, "agency"),
        theme=_choice(when.get("theme"), set(structure["themes"]), when, "theme"),
        role=_choice(when.get("role"), roles, when, "role") or defaults.get("role"),
        say=say, picture=raw.get("picture"), priority=priority,
        example=str(raw["example"]), counter_example=str(raw["counter_example"]),
        path=raw.path, line=raw.line,
    )


def load_topics(folder: Path, structure: dict) -> tuple[dict, tuple[Entry, ...]]:
    topics, entries, seen = {}, [], {}
    for path in sorted(folder.glob("*.yaml")):
        data = load(path)
        if not isinstance(data, LineDict):
            raise RuleError(path, 1, "a topic file must be a mapping with 'topic', 'title' and 'entries'")
        check_keys(data, {"topic", "title", "entries", "note"}, {"topic", "title", "entries"}, what="topic file")
        title = data["title"]
        if not isinstance(title, dict) or not all(isinstance(title.get(l), str) for l in LANGUAGES):
            raise RuleError(path, data.line, "topic 'title' needs 'en' and 'cy'")
        topics[data["topic"]] = Topic(data["topic"], title["en"], title["cy"], str(path))
        if not isinstance(data["entries"], list):
            raise RuleError(path, data.line, "'entries' must be a list")
        for raw in data["entries"]:
            entry = load_entry(raw, data["topic"], structure)
            if entry.id in seen:
                raise RuleError(path, entry.line, f"entry id '{entry.id}' is used twice (also at {seen[entry.id]})")
            seen[entry.id] = f"{path.name}:{entry.line}"
            entries.append(entry)
    return topics, tuple(entries)


def _earlier_names(raw: LineDict) -> tuple[EarlierName, ...]:
    """A name's `earlier:` forms, oldest first; each needs the last day it was right and a source."""
    forms = raw.get("earlier") or []
    if not isinstance(forms, list):
        raise RuleError(raw.path, raw.line, f"gazetteer name {raw['id']}: 'earlier' must be a list of forms")
    out = []
    for form in forms:
        if not isinstance(form, LineDict):
            raise RuleError(raw.path, raw.line, f"gazetteer name {raw['id']}: each earlier form needs until, en, cy and source")
        check_keys(form, {"until", "en", "cy", "short_en", "short_cy", "source", "note"}, {"until", "en", "cy", "source"},
                   what=f"earlier form of {raw['id']}")
        if not isinstance(form["until"], dt.date):
            raise RuleError(form.path, form.line, f"earlier form of {raw['id']}: 'until' must be a date, as 2022-09-08")
        out.append(EarlierName(form["until"], str(form["en"]), str(form["cy"]), form.get("short_en"), form.get("short_cy"), str(form["source"])))
    return tuple(sorted(out, key=lambda f: f.until))


def load_names(path: Path) -> tuple[Name, ...]:
    data = load(path)
    names = []
    for raw in data.get("names", []):
        check_keys(raw, {"id", "type", "en", "cy", "short_en", "short_cy", "agency", "aliases", "mutate", "source", "note", "earlier"},
                   {"id", "type", "en", "cy", "source"}, what="gazetteer name")
        earlier = _earlier_names(raw)
        aliases = [re.escape(raw["en"])] + [re.escape(f.en) for f in earlier] + [a for a in raw.get("aliases", [])]
        names.append(Name(
            id=raw["id"], type=raw["type"], en=raw["en"], cy=raw["cy"],
            short_en=raw.get("short_en"), short_cy=raw.get("short_cy"), agency=raw.get("agency"),
            aliases=tuple(compile_pattern(rf"(?<![\w']){a}(?![\w'])", raw) for a in aliases),
            mutate=bool(raw.get("mutate", True)), source=str(raw["source"]), earlier=earlier,
        ))
    return tuple(names)


def load_terms(folder: Path) -> dict:
    terms: dict = {}
    for path in sorted(folder.glob("*.yaml")):
        for key, term in _load_term_file(path).items():
            if key in terms:
                raise RuleError(path, None, f"term '{term.en}' is also in {terms[key].path}; keep one of them")
            terms[key] = term
    return terms


def _load_term_file(path: Path) -> dict:
    data = load(path)
    terms = {}
    for raw in data.get("terms", []):
        check_keys(raw, {"en", "cy", "mutate", "gender", "source", "note"}, {"en", "source"}, what="term")
        key = normalise_term(raw["en"])
        if key in terms:
            raise RuleError(path, raw.line, f"term '{raw['en']}' is given twice")
        if raw.get("gender", "masculine") not in ("masculine", "feminine"):
            raise RuleError(path, raw.line, f"term '{raw['en']}': gender must be masculine or feminine")
        terms[key] = Term(raw["en"], raw.get("cy"), bool(raw.get("mutate", True)), str(raw["source"]), str(path),
                          raw.get("gender") == "feminine")
    return terms


def load_hard_words(path: Path) -> tuple[HardWord, ...]:
    data = load(path)
    words = []
    for raw in data.get("words", []):
        check_keys(raw, {"en", "cy", "match", "source", "note"}, {"en", "cy"}, what="hard word")
        for lang in LANGUAGES:
            if not isinstance(raw[lang], dict) or not all(isinstance(raw[lang].get(k), str) and raw[lang][k].strip() for k in ("term", "explain")):
                raise RuleError(raw.path, getattr(raw[lang], "line", raw.line), f"hard word needs '{lang}' with 'term' and 'explain' text")
        pattern = raw.get("match") or rf"\b{re.escape(raw['en']['term'])}\b"
        words.append(HardWord(raw["en"]["term"], raw["en"]["explain"], raw["cy"]["term"], raw["cy"]["explain"], compile_pattern(pattern, raw)))
    return tuple(words)


def load_plain_words(path: Path) -> tuple[tuple[PlainWord, ...], Simplifier]:
    """plain-words.yaml, if the phrasebook has one: each hard word with its plain word in both
    languages, and how the simplifier shortens a sentence."""
    if not path.is_file():
        return (), Simplifier()
    data = load(path)
    if not isinstance(data, LineDict) or not isinstance(data.get("words"), list):
        raise RuleError(path, 1, "the plain-words file must be a mapping with a 'words' list")
    check_keys(data, {"words", "cut_before", "not_last", "too_common"}, {"words"}, what="plain-words file")
    for key in ("not_last", "too_common"):
        if not isinstance(data.get(key, []), list) or not all(isinstance(w, str) for w in data.get(key, [])):
            raise RuleError(path, data.line, f"'{key}' must be a list of words")
    simplifier = Simplifier(compile_pattern(data["cut_before"], data) if "cut_before" in data else None,
                            frozenset(w.lower() for w in data.get("not_last", [])), frozenset(w.lower() for w in data.get("too_common", [])))
    words = []
    for raw in data["words"]:
        if not isinstance(raw, LineDict):
            raise RuleError(path, None, "each plain word must be a mapping with 'en', 'cy' and 'source'")
        check_keys(raw, {"en", "cy", "match", "source", "note"}, {"en", "cy", "source"}, what="plain word")
        for lang in LANGUAGES:
            pair = raw[lang]
            if not isinstance(pair, dict) or set(pair) != {"hard", "plain"} or not all(isinstance(v, str) for v in pair.values()):
                raise RuleError(raw.path, getattr(pair, "line", raw.line), f"plain word needs '{lang}' with 'hard' and 'plain' words")
            if not pair["hard"].strip():
                raise RuleError(raw.path, getattr(pair, "line", raw.line), f"plain word has no '{lang}' hard word")
        if bool(raw["en"]["plain"].strip()) != bool(raw["cy"]["plain"].strip()):
            raise RuleError(raw.path, raw.line, f"plain word '{raw['en']['hard']}': leave the plain word out in both languages or in neither")
        if not str(raw["source"]).strip():
            raise RuleError(raw.path, raw.line, f"plain word '{raw['en']['hard']}' needs a source")
        pattern = raw.get("match") or rf"\b{re.escape(raw['en']['hard'])}\b"
        words.append(PlainWord(raw["en"]["hard"], raw["en"]["plain"], raw["cy"]["hard"], raw["cy"]["plain"],
                               compile_pattern(pattern, raw), str(raw["source"]), str(path), raw.line))
    return tuple(words), simplifier


_STRUCTURE_GROUPS = ("themes", "kinds", "roles")  # name -> pattern
_STRUCTURE_PATTERNS = ("improve_cues", "strength_cues", "reservation_cues", "not_findings", "clause_breaks",
                       "individual_agencies", "report_link", "place_in", "qualifiers", "carries_subject", "goes_on", "denies")


def compile_structure(structure: object, path: Path) -> dict:
    """structure.yaml with its patterns compiled; a missing, unknown or misshapen key is refused with its line."""
    if not isinstance(structure, LineDict):
        raise RuleError(path, 1, "structure.yaml must be a mapping of rule names to patterns")
    keys = {*_STRUCTURE_GROUPS, *_STRUCTURE_PATTERNS, "agencies", "joint_inspection", "language_words"}
    check_keys(structure, keys, keys, what="structure.yaml")
    words = structure["language_words"]
    if not isinstance(words, LineDict) or set(words) != {"cy", "en"} or not all(
            isinstance(words[lang], list) and words[lang] and all(isinstance(w, str) for w in words[lang]) for lang in ("cy", "en")):
        raise RuleError(path, getattr(words, "line", structure.line), "'language_words' needs a 'cy' and an 'en' list of words")
    for key in (*_STRUCTURE_GROUPS, "agencies"):
        if not isinstance(structure[key], LineDict):
            raise RuleError(path, structure.line, f"'{key}' must map names to patterns")
    for name, agency in structure["agencies"].items():
        if not isinstance(agency, LineDict):
            raise RuleError(path, structure["agencies"].line, f"agency '{name}' needs 'heading' and 'mention' patterns")
        check_keys(agency, {"heading", "mention"}, {"heading", "mention"}, what=f"agency '{name}'")
    if not isinstance(structure["joint_inspection"], list):
        raise RuleError(path, structure.line, "'joint_inspection' must be a list of patterns")
    compiled = dict(structure)
    for key in _STRUCTURE_GROUPS:
        compiled[key] = {k: compile_pattern(v, structure[key]) for k, v in structure[key].items()}
    compiled["agencies"] = {k: {part: compile_pattern(v[part], v) for part in ("heading", "mention")} for k, v in structure["agencies"].items()}
    compiled["joint_inspection"] = [compile_pattern(p, structure) for p in structure["joint_inspection"]]
    for key in _STRUCTURE_PATTERNS:
        compiled[key] = compile_pattern(structure[key], structure)
    compiled["language_words"] = {lang: frozenset(w.lower() for w in words[lang]) for lang in ("cy", "en")}
    return compiled


def load_phrasebook(root: Path) -> Phrasebook:
    """The phrasebook in `root`, checked; from the cache's snapshot when no file has changed (snapshot.py)."""
    root = Path(root)
    if not (root / "structure.yaml").is_file():
        raise RuleError(root, None, "not a phrasebook folder (no structure.yaml); give the folder that holds the phrasebook")
    files = sorted(path for path in root.rglob("*.yaml") if path.is_file())  # not an editor's dangling lock link
    return snapshot.cached("phrasebook", root, files, lambda: _read_phrasebook(root))


def _read_phrasebook(root: Path) -> Phrasebook:
    compiled = compile_structure(load(root / "structure.yaml"), root / "structure.yaml")
    topics, entries = load_topics(root / "topics", compiled)
    plain_words, simplifier = load_plain_words(root / "plain-words.yaml")
    phrasebook = Phrasebook(
        root=str(root), structure=compiled, names=load_names(root / "gazetteer.yaml"),
        terms=load_terms(root / "terms"), hard_words=load_hard_words(root / "hard-words.yaml"),
        topics=topics, entries=entries, entries_by_id={e.id: e for e in entries},
        plain_words=plain_words, simplifier=simplifier,
    )
    phrasebook.index()  # made now, to be kept in the snapshot
    return phrasebook


@dataclass(frozen=True)
class HandoutText:
    """The handout's fixed text (templates/handout.yaml), compiled."""

    title: Text
    subtitle: Text
    sections: dict  # section id -> Text
    leads: dict  # section id -> Text
    hello: tuple  # (needs, Text)
    link: Text
    agencies: dict  # agency -> Text
    good_points_intro: Text
    limits: dict  # audience -> section -> most statements kept
    labels: dict  # name -> {"en": ..., "cy": ...}: words around the statements (a column's language ...)


def load_handout_text(path: Path) -> HandoutText:
    data = load(path)
    keys = {"title", "subtitle", "sections", "leads", "hello", "link", "agencies", "good_points_intro", "limits", "labels"}
    check_keys(data, keys, keys, what="handout text")
    for name, label in data["labels"].items():
        if not isinstance(label, dict) or not all(isinstance(label.get(lang), str) and label[lang].strip() for lang in LANGUAGES):
            raise RuleError(path, getattr(label, "line", data["labels"].line), f"label '{name}' needs plain 'en' and 'cy' text")

    def texts(key: str) -> dict:
        return {name: compile_text(spec, data[key], f"{key}.{name}") for name, spec in data[key].items()}

    hello = []
    for item in data["hello"]:
        needs = tuple(item.get("needs", ()))
        hello.append((needs, compile_text({k: item[k] for k in LANGUAGES if k in item}, item, "hello line")))
    return HandoutText(
        title=compile_text(data["title"], data, "title"), subtitle=compile_text(data["subtitle"], data, "subtitle"),
        sections=texts("sections"), leads=texts("leads"), hello=tuple(hello), link=compile_text(data["link"], data, "link"),
        agencies=texts("agencies"), good_points_intro=compile_text(data["good_points_intro"], data, "good_points_intro"),
        limits={audience: dict(data["limits"].get(audience) or {}) for audience in AUDIENCES},
        labels={name: {lang: label[lang] for lang in LANGUAGES} for name, label in data["labels"].items()},
    )
