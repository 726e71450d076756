"""The PO round trip: export the phrasebook's Welsh for translators, import their Welsh back.

A round trip changes no byte; a translator's edit changes exactly the line it is about; an import
that would break a slot, a template or the spelling is refused with the YAML file and line, and
then writes nothing.
"""
import dataclasses
import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po, write_po

from easyread import api, po, welsh
from easyread.cli import main
from easyread.errors import InputError
from easyread.phrasebook import Text, load_phrasebook
from easyread.resources import phrasebook_dir


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """The shipped phrasebook, copied once, so that every test here reads the same one."""
    root = tmp_path_factory.mktemp("shipped") / "phrasebook"
    shutil.copytree(phrasebook_dir(), root)
    return root


@pytest.fixture(scope="module")
def shipped_po(shipped, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("po") / "phrasebook.po"
    po.export_po(load_phrasebook(shipped), path)
    return path


@pytest.fixture
def book_copy(shipped, tmp_path) -> Path:
    root = tmp_path / "phrasebook"
    shutil.copytree(shipped, root)
    return root


def read_catalog(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def write_catalog(catalog, path: Path) -> Path:
    with open(path, "wb") as handle:
        write_po(handle, catalog)
    return path


def edited_po(shipped_po: Path, out: Path, change) -> Path:
    """A copy of the shipped PO with `change(message)` applied to every message."""
    catalog = read_catalog(shipped_po)
    for message in catalog:
        if message.id:
            change(message)
    return write_catalog(catalog, out)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def comparable(value, root: Path):
    """A loaded phrasebook as plain data: compiled templates by their source, paths relative to the root,
    what is worked out from the rest (fields that take no part in ==, such as the entries' index) left out."""
    if isinstance(value, Text):
        return (value.en_source, value.cy_source, value.slots)
    if dataclasses.is_dataclass(value):
        return {f.name: comparable(getattr(value, f.name), root) for f in dataclasses.fields(value) if f.compare}
    if isinstance(value, dict):
        return {k: comparable(v, root) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [comparable(v, root) for v in value]
    return value.replace(str(root), "<root>") if isinstance(value, str) else value


def message_where(shipped_po: Path, test) -> object:
    return next(m for m in read_catalog(shipped_po) if m.id and test(m))


# ---- the plural header ---------------------------------------------------------------------------

def test_plural_header_has_cldr_six_welsh_forms(shipped_po):
    catalog = read_catalog(shipped_po)
    assert catalog.num_plurals == 6
    plural = gettext.c2py(catalog.plural_expr)  # Python's own gettext parses it
    cldr = Locale("cy").plural_form
    for n in range(0, 1000):
        assert welsh.PLURAL_CATEGORIES[plural(n)] == cldr(n), n
    assert "Plural-Forms: nplurals=6;" in shipped_po.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_gnu_msgfmt_accepts_the_file_and_gettext_reads_the_welsh(shipped_po, tmp_path):
    mo = tmp_path / "cy.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(shipped_po)], check=True, capture_output=True, timeout=300)
    with open(mo, "rb") as handle:
        translations = gettext.GNUTranslations(handle)
    message = message_where(shipped_po, lambda m: m.string and m.context.startswith("topics/"))
    assert translations.pgettext(message.context, message.id) == message.string
    assert [translations.plural(n) for n in (0, 1, 2, 3, 6, 7)] == [0, 1, 2, 3, 4, 5]


# ---- export ----------------------------------------------------------------------------------------

def test_export_holds_every_welsh_text_the_loader_reads(shipped_po, shipped):
    """Read back through babel, the PO has what the loader reads, by another route than the exporter's."""
    phrasebook = load_phrasebook(shipped)
    root = Path(phrasebook.root)
    messages = {m.context: m for m in read_catalog(shipped_po) if m.id}
    expected = {}
    for entry in phrasebook.entries:
        rel = Path(entry.path).relative_to(root).as_posix()
        for audience, text in entry.say.items():
            expected[f"{rel}|{entry.id}|{audience}"] = (text.en_source, text.cy_source)
    for topic in phrasebook.topics.values():
        expected[f"{Path(topic.path).relative_to(root).as_posix()}|title"] = (topic.title_en, topic.title_cy)
    for term in phrasebook.terms.values():
        expected[f"{Path(term.path).relative_to(root).as_posix()}|{term.en}"] = (term.en, term.cy or "")
    for word in phrasebook.hard_words:
        expected[f"hard-words.yaml|{word.term_en}|term"] = (word.term_en, word.term_cy)
        expected[f"hard-words.yaml|{word.term_en}|explain"] = (word.explain_en, word.explain_cy)
    for name in phrasebook.names:
        expected[f"gazetteer.yaml|{name.id}|name"] = (name.en, name.cy)
    for key, (english, welsh_text) in expected.items():
        assert key in messages, key
        assert (messages[key].id, messages[key].string) == (english, welsh_text), key


def test_each_reference_names_the_line_that_holds_the_welsh(shipped_po, shipped):
    root = shipped
    lines = {}
    for message in read_catalog(shipped_po):
        if not message.id or not message.string:
            continue
        (file, line), = message.locations
        text = lines.setdefault(file, (root / file).read_text(encoding="utf-8").splitlines())[line - 1]
        start = message.string[:20]
        assert start in text or start.replace("'", "''") in text, (message.context, text)


def test_translator_notes_give_the_example_and_the_slots(shipped_po, shipped):
    phrasebook = load_phrasebook(shipped)
    entry = next(e for e in phrasebook.entries if e.say["families"].slots)
    rel = Path(entry.path).relative_to(phrasebook.root).as_posix()
    message = message_where(shipped_po, lambda m: m.context == f"{rel}|{entry.id}|families")
    notes = " ".join(message.auto_comments)  # babel wraps a long note over lines
    assert f"example finding: {entry.example}" in notes
    assert f"slots: {', '.join(sorted(entry.say['families'].slots))}" in message.auto_comments


# ---- round trips -----------------------------------------------------------------------------------

def test_round_trip_of_the_shipped_phrasebook_is_lossless(shipped, shipped_po, book_copy):
    before = tree(book_copy)
    result = po.import_po(book_copy, shipped_po)
    assert result.changed == () and result.files == ()
    assert tree(book_copy) == before
    assert comparable(load_phrasebook(book_copy), book_copy) == comparable(load_phrasebook(shipped), shipped)


def test_every_welsh_text_rewritten_and_back_is_byte_identical(shipped, shipped_po, book_copy, tmp_path):
    """Each Welsh scalar is rewritten (plain, quoted, in flow mappings) and then restored."""
    def add_word(message):
        if message.string:
            message.string += " yma"

    changed = po.import_po(book_copy, edited_po(shipped_po, tmp_path / "yma.po", add_word))
    translated = sum(1 for m in read_catalog(shipped_po) if m.id and m.string)
    assert len(changed.changed) == translated
    reloaded = load_phrasebook(book_copy)
    assert all(t.cy_source.endswith(" yma") for e in reloaded.entries for t in e.say.values())
    assert all(w.explain_cy.endswith(" yma") for w in reloaded.hard_words)

    po.import_po(book_copy, shipped_po)
    assert tree(book_copy) == tree(shipped)


def test_one_translator_edit_lands_in_exactly_its_line(shipped, shipped_po, book_copy, tmp_path):
    message = message_where(shipped_po, lambda m: m.context.startswith("topics/listening.yaml|")
                            and m.context.endswith("|families") and "slots: none" in m.auto_comments)
    new_welsh = "Mae staff yn gwrando ar blant bob amser."
    catalog = read_catalog(shipped_po)
    catalog.get(message.id, context=message.context).string = new_welsh
    problems_before = {(p.path.replace(str(book_copy), ""), p.message) for p in api.check(load_phrasebook(book_copy), api.load_thresholds())}

    result = po.import_po(book_copy, write_catalog(catalog, tmp_path / "one.po"))

    (file, line), = message.locations
    before, after = tree(shipped), tree(book_copy)
    assert [name for name in before if before[name] != after[name]] == [file]
    old_lines, new_lines = before[file].decode().splitlines(), after[file].decode().splitlines()
    assert len(old_lines) == len(new_lines)
    assert [n + 1 for n, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b] == [line]
    assert new_lines[line - 1] == old_lines[line - 1].replace(message.string, new_welsh)
    assert [(u.key, new) for u, new in result.changed] == [(message.context, new_welsh)]
    book = load_phrasebook(book_copy)
    entry_id = message.context.split("|")[1]
    assert book.entry(entry_id).say["families"].cy_source == new_welsh
    problems_after = {(p.path.replace(str(book_copy), ""), p.message) for p in api.check(book, api.load_thresholds())}
    assert problems_after <= problems_before  # `phrasebook check` finds nothing new


def test_a_missing_welsh_value_is_added_on_its_own_line(shipped, shipped_po, book_copy, tmp_path):
    message = message_where(shipped_po, lambda m: not m.string)
    catalog = read_catalog(shipped_po)
    catalog.get(message.id, context=message.context).string = "BIPCAF"
    po.import_po(book_copy, write_catalog(catalog, tmp_path / "add.po"))
    (file, line), = message.locations
    old, new = tree(shipped)[file].decode().splitlines(), tree(book_copy)[file].decode().splitlines()
    assert new[:line] == old[:line] and new[line + 1:] == old[line:]
    key = message.context.rsplit("|", 1)[1]
    assert new[line].strip() == f"{'short_cy' if key == 'short' else 'cy'}: BIPCAF"
    assert len(new[line]) - len(new[line].lstrip()) == len(old[line - 1]) - len(old[line - 1].lstrip())
    load_phrasebook(book_copy)


# ---- YAML scalars are rewritten in a style that reads back the same ----------------------------------

SCALARS = [
    # (the term line as written, new Welsh, the line expected)
    ("  - {en: Team, cy: Tîm, source: s}", "Tîm newydd", "  - {en: Team, cy: Tîm newydd, source: s}"),
    ("  - {en: Team, cy: Tîm, source: s}", "Tîm, newydd", "  - {en: Team, cy: 'Tîm, newydd', source: s}"),
    ("  - en: Team\n    cy: Tîm\n    source: s", "Tîm: newydd", "  - en: Team\n    cy: 'Tîm: newydd'\n    source: s"),
    ("  - en: Team\n    cy: Tîm\n    source: s", "Tîm, newydd", "  - en: Team\n    cy: Tîm, newydd\n    source: s"),
    ("  - en: Team\n    cy: 'Tîm'\n    source: s", "Tîm y plant", "  - en: Team\n    cy: 'Tîm y plant'\n    source: s"),
    ("  - en: Team\n    cy: 'Tîm'  # note\n    source: s", "Tîm'r plant", "  - en: Team\n    cy: 'Tîm''r plant'  # note\n    source: s"),
    ("  - en: Team\n    cy: \"Tîm\"\n    source: s", 'Tîm "Da"', "  - en: Team\n    cy: \"Tîm \\\"Da\\\"\"\n    source: s"),
    ("  - en: Team\n    cy: Tîm\n    source: s", "yes", "  - en: Team\n    cy: 'yes'\n    source: s"),
    ("  - en: Team\n    source: s", "Tîm", "  - en: Team\n    cy: Tîm\n    source: s"),
    ("  - {en: Team, source: s}", "Tîm", "  - {en: Team, cy: Tîm, source: s}"),
    ("  - en: Team\n    cy:\n    source: s", "Tîm", "  - en: Team\n    cy: Tîm\n    source: s"),  # a key with no value yet
    ("  - en: Team\n    cy: ~\n    source: s", "Tîm", "  - en: Team\n    cy: Tîm\n    source: s"),
]


def test_a_hard_word_missing_its_welsh_explanation_gets_one(tmp_path):
    """The Welsh mapping is not the English one: the new line goes after the Welsh mapping's last value."""
    root = tmp_path / "book"
    root.mkdir()
    path = root / "hard-words.yaml"
    path.write_text("words:\n  - en:\n      term: MASH\n      explain: a team\n    cy:\n      term: MASH\n    source: s\n", encoding="utf-8")
    units = {u.key: u for u in po.translatable(root)}
    unit = units["hard-words.yaml|MASH|explain"]
    assert po.edit_text(po.read_text(path), [(unit, "tîm")]) == (
        "words:\n  - en:\n      term: MASH\n      explain: a team\n    cy:\n      term: MASH\n      explain: tîm\n    source: s\n")



@pytest.mark.parametrize("written, new, expected", SCALARS)
def test_welsh_scalar_is_rewritten_in_place(tmp_path, written, new, expected):
    root = tmp_path / "book"
    (root / "terms").mkdir(parents=True)
    path = root / "terms" / "t.yaml"
    path.write_text(f"# a comment\nterms:\n{written}\n", encoding="utf-8", newline="")
    unit, = po.translatable(root)
    text = po.edit_text(po.read_text(path), [(unit, new)])
    assert text == f"# a comment\nterms:\n{expected}\n"
    path.write_text(text, encoding="utf-8", newline="")
    assert po.translatable(root)[0].welsh == new


def test_windows_line_endings_are_kept(tmp_path):
    root = tmp_path / "book"
    (root / "terms").mkdir(parents=True)
    path = root / "terms" / "t.yaml"
    path.write_bytes(b"terms:\r\n  - en: Team\r\n    source: s\r\n")
    unit, = po.translatable(root)
    assert po.edit_text(po.read_text(path), [(unit, "Tîm")]) == "terms:\r\n  - en: Team\r\n    cy: Tîm\r\n    source: s\r\n"


# ---- refusals and skips ----------------------------------------------------------------------------

def _slot_entry(m):
    return "slots: none" not in m.auto_comments and any(n.startswith("slots: ") for n in m.auto_comments)


REFUSED = [
    # (what is wrong, which message, its new msgstr from the old, message expected)
    ("a slot dropped", _slot_entry, lambda old: "Mae staff yn helpu plant.", "slots differ"),
    ("a slot renamed", _slot_entry, lambda old: old.replace("{{ ", "{{ x", 1), "slots differ"),
    ("a broken template", _slot_entry, lambda old: old + " {{", "template error"),
    ("a misspelt word", lambda m: m.context.startswith("topics/") and "|title" not in m.context,
     lambda old: old.rstrip(".") + " gwrandoo.", "gwrandoo"),
    ("a line break", lambda m: m.context.startswith("terms/"), lambda old: old + "\nail linell", "line break"),
]


@pytest.mark.parametrize("name, which, change, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_welsh_is_refused_with_file_and_line_and_nothing_is_written(shipped, shipped_po, book_copy, tmp_path, name, which, change, message):
    target = message_where(shipped_po, which)
    good = message_where(shipped_po, lambda m: m.context.startswith("topics/listening.yaml|") and m.string and m is not target)
    catalog = read_catalog(shipped_po)
    catalog.get(target.id, context=target.context).string = change(target.string)
    catalog.get(good.id, context=good.context).string = good.string + " hefyd"  # a good change, not written either
    with pytest.raises(po.ImportRefused) as refused:
        po.import_po(book_copy, write_catalog(catalog, tmp_path / "bad.po"))
    (file, line), = target.locations
    problem, = refused.value.problems
    assert message in problem.message
    assert (problem.path, problem.line) == (str(book_copy / file), line)
    assert tree(book_copy) == tree(shipped)


SKIPPED = [
    ("fuzzy", lambda m: setattr(m, "flags", m.flags | {"fuzzy"}), "fuzzy"),
    ("unknown msgctxt", lambda m: setattr(m, "context", m.context + "-renamed"), "unknown msgctxt"),
]


@pytest.mark.parametrize("name, spoil, reported", SKIPPED, ids=[s[0] for s in SKIPPED])
def test_fuzzy_and_unknown_messages_are_skipped_and_reported(shipped, shipped_po, book_copy, tmp_path, name, spoil, reported):
    catalog = read_catalog(shipped_po)
    target = next(m for m in catalog if m.id and m.string and m.context.startswith("topics/"))
    target.string += " hefyd"
    spoil(target)
    result = po.import_po(book_copy, write_catalog(catalog, tmp_path / "skip.po"))
    assert result.changed == ()
    assert len(result.skipped) == 1 and reported in result.skipped[0]
    assert tree(book_copy) == tree(shipped)


def test_a_translation_of_old_english_is_skipped(shipped_po, book_copy, tmp_path):
    english = message_where(shipped_po, lambda m: m.context.startswith("topics/listening.yaml|") and "|title" not in m.context)
    path = book_copy / english.locations[0][0]
    path.write_text(path.read_text(encoding="utf-8").replace(english.id, english.id.rstrip(".") + " now.", 1), encoding="utf-8")
    catalog = read_catalog(shipped_po)
    catalog.get(english.id, context=english.context).string = english.string + " hefyd"
    result = po.import_po(book_copy, write_catalog(catalog, tmp_path / "old.po"))
    assert result.changed == () and "English has changed" in result.skipped[0]


def test_dry_run_says_what_would_change_and_writes_nothing(shipped, shipped_po, book_copy, tmp_path):
    def add_word(message):
        if message.context.startswith("terms/") and message.string:
            message.string += " newydd"

    result = po.import_po(book_copy, edited_po(shipped_po, tmp_path / "dry.po", add_word), dry_run=True)
    assert result.changed and all(path.parent.name == "terms" for path in result.files)
    assert tree(book_copy) == tree(shipped)


@pytest.mark.parametrize("content, message", [
    (b'msgid "a"\nmsgstr "b"\nmsgid "c"\n"', "not a valid PO file"),
    (b'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "a"\nmsgstr "b"\n', "not Welsh"),
])
def test_a_file_that_is_not_a_welsh_po_file_is_an_input_error(book_copy, tmp_path, content, message):
    path = tmp_path / "in.po"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        po.import_po(book_copy, path)


# ---- the command line --------------------------------------------------------------------------------

def test_cli_export_then_refused_import_exits_5_with_the_problem(book_copy, tmp_path, capsys, shipped):
    out = tmp_path / "cy.po"
    assert main(["phrasebook", "export-po", str(out), "--phrasebook", str(book_copy)]) == 0
    catalog = read_catalog(out)
    target = next(m for m in catalog if m.id and _slot_entry(m))
    target.string = "Dim slot yma."
    write_catalog(catalog, out)
    assert main(["phrasebook", "import-po", str(out), "--phrasebook", str(book_copy)]) == 5
    printed = capsys.readouterr()
    assert f"{book_copy / target.locations[0][0]}:{target.locations[0][1]}:" in printed.out
    assert "nothing was written" in printed.err
    assert tree(book_copy) == tree(shipped)


def test_cli_import_reports_the_change(shipped_po, book_copy, tmp_path, capsys):
    target = message_where(shipped_po, lambda m: m.context.startswith("terms/") and m.string)
    catalog = read_catalog(shipped_po)
    catalog.get(target.id, context=target.context).string = target.string + " newydd"
    po_file = write_catalog(catalog, tmp_path / "one.po")
    assert main(["phrasebook", "import-po", str(po_file), "--phrasebook", str(book_copy)]) == 0
    assert "changed 1 Welsh text(s) in 1 file(s)" in capsys.readouterr().out
    assert load_phrasebook(book_copy).term(target.id).cy == target.string + " newydd"
