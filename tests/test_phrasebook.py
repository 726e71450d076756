"""The phrasebook loader refuses each broken edit with the file and line; shipped entries are complete."""
from pathlib import Path

import pytest

from easyread import api
from easyread.errors import RuleError
from easyread.match import applies, example_finding
from easyread.phrasebook import load_phrasebook
from easyread.resources import phrasebook_dir

GOOD_ENTRY = """topic: test
title: {en: Test, cy: Prawf}
entries:
  - id: test.listen
    section: good-points
    when:
      any: ['\\blisten']
    families:
      en: listen to children
      cy: gwrando ar blant
    example: Staff listen to children.
    counter_example: Staff read reports.
"""

# (what is broken, replacement of GOOD_ENTRY text, message expected, line expected)
BROKEN = [
    ("invalid YAML", ("    when:\n", "    when: [\n"), "not valid YAML", None),
    ("unknown key", ("    example:", "    colour: red\n    example:"), "unknown key 'colour'", 4),
    ("no Welsh", ("cy: gwrando ar blant", "cy: ''"), "has no 'cy' text", 9),
    ("slot on one side only", ("cy: gwrando ar blant", "cy: gwrando ar {{ who }}"), "slots differ", 9),
    ("template syntax error", ("en: listen to children", "en: listen to {{ children"), "template error", 9),
    ("code in a template", ("en: listen to children", "en: \"{{ ''.__class__.__mro__ }}\""), "cannot be filled", 9),
    ("unknown section", ("section: good-points", "section: goodpoints"), "section 'goodpoints'", 4),
    ("bad pattern", ("'\\blisten'", "'(listen'"), "bad pattern", 7),
    ("unknown agency", ("      any:", "      agency: [fire]\n      any:"), "unknown value 'fire'", 7),
    ("duplicate key", ("    example:", "    id: again\n    example:"), "given twice", 11),
    ("slot not captured", ("en: listen to children\n      cy: gwrando ar blant", "en: listen to {{ who }}\n      cy: gwrando ar {{ who }}"), "not captured", 4),
    ("no example", ("    example: Staff listen to children.\n", ""), "has no 'example'", 4),
]


@pytest.fixture
def book(blank_phrasebook) -> Path:
    return blank_phrasebook


def test_good_entry_loads(book):
    (book / "topics" / "test.yaml").write_text(GOOD_ENTRY, encoding="utf-8")
    assert [e.id for e in load_phrasebook(book).entries] == ["test.listen"]


@pytest.mark.parametrize("name, change, message, line", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_entry_is_refused_with_file_and_line(book, name, change, message, line):
    assert change[0] in GOOD_ENTRY
    path = book / "topics" / "test.yaml"
    path.write_text(GOOD_ENTRY.replace(*change), encoding="utf-8")
    with pytest.raises(RuleError, match=message) as caught:
        load_phrasebook(book)
    assert caught.value.path == str(path)
    if line is not None:
        assert caught.value.line == line


def test_duplicate_entry_id_across_files(book):
    (book / "topics" / "a.yaml").write_text(GOOD_ENTRY, encoding="utf-8")
    (book / "topics" / "b.yaml").write_text(GOOD_ENTRY.replace("topic: test", "topic: other"), encoding="utf-8")
    with pytest.raises(RuleError, match="used twice"):
        load_phrasebook(book)


def test_example_that_does_not_match_is_reported(book):
    (book / "topics" / "test.yaml").write_text(GOOD_ENTRY.replace("example: Staff listen", "example: Staff hear"), encoding="utf-8")
    problems = api.check(load_phrasebook(book), api.load_thresholds())
    assert len(problems) == 1 and "example does not match" in problems[0].message and problems[0].line == 4


def test_too_long_children_text_is_reported(book):
    long = "children: {en: listen to every one of the children and young people who need help from services, cy: gwrando ar blant}\n    example:"
    (book / "topics" / "test.yaml").write_text(GOOD_ENTRY.replace("    example:", "    " + long, 1), encoding="utf-8")
    problems = api.check(load_phrasebook(book), api.load_thresholds())
    assert any("children English has" in p.message for p in problems)


# Meta-tests over the shipped phrasebook: every entry is complete and its examples hold.
SHIPPED = load_phrasebook(phrasebook_dir())


def test_shipped_phrasebook_passes_its_check():
    assert [str(p) for p in api.check(SHIPPED, api.load_thresholds())] == []


@pytest.mark.parametrize("entry", SHIPPED.entries, ids=lambda e: e.id)
def test_entry_is_bilingual_and_has_examples(entry):
    assert "families" in entry.say
    for text in entry.say.values():
        assert text.en_source.strip() and text.cy_source.strip()
    assert entry.example.strip() and entry.counter_example.strip()
    assert entry.example != entry.counter_example


@pytest.mark.parametrize("entry", SHIPPED.entries, ids=lambda e: e.id)
def test_entry_examples(entry):
    rules = SHIPPED.structure
    assert applies(entry, example_finding(entry.example, entry, rules)) is not None
    assert applies(entry, example_finding(entry.counter_example, entry, rules)) is None


def test_a_term_in_two_files_is_refused(book):
    term = "terms:\n  - en: Youth Board\n    cy: Bwrdd Ieuenctid\n    source: test\n"
    (book / "terms" / "a.yaml").write_text(term, encoding="utf-8")
    (book / "terms" / "b.yaml").write_text(term, encoding="utf-8")
    with pytest.raises(RuleError, match="also in"):
        load_phrasebook(book)
