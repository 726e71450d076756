"""The plain-words simplifier and `phrasebook suggest`: plain English, drafts that load once a
translator has written their Welsh, and a plain-words list the loader and the check hold to account."""
import re
import shutil

import pytest

from easyread import api, suggest
from easyread.checks import check_plain_words
from easyread.cli import main
from easyread.errors import RuleError
from easyread.match import applies, example_finding
from easyread.phrasebook import load_phrasebook, load_plain_words
from easyread.resources import phrasebook_dir

from conftest import NPT

FAMILIES = 15

# (report sentence, the plain sentence it should become for families)
PLAIN = [
    ("Practitioners generally use strengths-based approaches when responding to risk.",
     "Staff use strengths-based approaches when responding to risk."),
    ("Safeguarding referrals are responded to in a timely manner.",
     "Referrals about children's safety are responded to quickly."),
    ("Leaders promote multi-agency working across the city.",
     "Leaders promote services working together across the city."),
    ("The local authority should ensure that safeguarding concerns are consistently recorded.",
     "The council should make sure that worries about a child's safety are always recorded."),
    ("Overall, practitioners identify risk promptly (see paragraph 12).",
     "Staff spot risk quickly."),
    ("The Police and Crime Commissioner (PCC) funds a range of initiatives.",
     "The Police and Crime Commissioner funds different initiatives."),
    ("Staff act on an identified risk.",
     "Staff act on a spotted risk."),
    ("They hold a multi-agency meeting each week.",
     "They hold a meeting of different services each week."),
    ("However, information is not always shared with schools, which means that pupils may not get the support they need.",
     "But information is not always shared with schools."),
    ("Safeguarding arrangements in schools are robust.",
     "Ways to keep children safe in schools are strong."),
    ("Health visitors engage with families prior to the birth.",
     "Health visitors work with families before the birth."),
    ("In addition, a number of schools have commenced training in relation to exploitation.",
     "Also some schools have started training about exploitation."),
    ("Children looked after are safeguarded.",
     "Children in care are kept safe."),
    ("The multi-agency response to safeguarding referrals is generally proportionate to the presenting risk.",
     "The joint response to referrals about children's safety is proportionate to the presenting risk."),
    ("Records are mostly up to date.",
     "Records are up to date."),
    ("The Social Services and Well-being (Wales) Act 2014 sets statutory duties.",
     "The Social Services and Well-being (Wales) Act 2014 sets legal duties."),
    ("MASH practitioners are experienced.",
     "MASH staff are experienced."),
    ("Staff from the health board and the council and the police go to every meeting together.",
     "Staff from the health board and the council and the police go to every meeting."),
]


@pytest.mark.parametrize("sentence, plain", PLAIN, ids=[p[0][:40] for p in PLAIN])
def test_plain_english(phrasebook, sentence, plain):
    assert suggest.plain_english(sentence, phrasebook, FAMILIES) == plain


# (sentence, word limit, the cut expected)
CUTS = [
    ("Information is shared quickly, which helps staff plan support for each child and their family members.", 10,
     "Information is shared quickly."),
    ("Staff are trained to identify children at risk of exploitation, and they act promptly.", 10,
     "Staff are trained to spot children at risk of exploitation."),
    ("Staff from the health board and the council and the police go to every meeting together.", 10,
     "Staff from the health board and the council."),
    ("The council should make sure that worries about a child's safety are always recorded.", 10,
     "The council should make sure that worries."),
]


@pytest.mark.parametrize("sentence, limit, cut", CUTS, ids=[c[2][:30] for c in CUTS])
def test_a_long_sentence_is_cut_at_a_clause_break_or_the_limit(phrasebook, sentence, limit, cut):
    plain = suggest.plain_english(sentence, phrasebook, limit)
    assert plain == cut
    assert len(plain.split()) <= limit


# ---- drafts ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def npt_drafts(phrasebook):
    analysis = api.analyse(NPT, phrasebook)
    return suggest.suggest(analysis, phrasebook, FAMILIES, limit=6)


def test_drafts_leave_the_welsh_to_a_translator(npt_drafts):
    assert npt_drafts
    for draft in npt_drafts:
        welsh = re.findall(r"^\s+cy: (.*)$", draft.text, re.M)
        assert welsh == ["''  # TODO: Welsh by a translator; the entry does not load until this is filled"]


def test_a_draft_loads_and_matches_its_example_once_its_welsh_is_written(npt_drafts, tmp_path):
    for n, draft in enumerate(npt_drafts):
        root = tmp_path / f"book{n}"
        shutil.copytree(phrasebook_dir(), root)
        topic_file = root / "topics" / f"{draft.topic}.yaml"
        with open(topic_file, "a", encoding="utf-8") as handle:
            handle.write(draft.text)
        with pytest.raises(RuleError, match="has no 'cy' text") as unfilled:
            load_phrasebook(root)  # as drafted, it cannot reach a handout
        assert unfilled.value.path == str(topic_file)

        filled = draft.text.replace("cy: ''", "cy: Mae staff yn gwrando ar blant.")
        topic_file.write_text(topic_file.read_text(encoding="utf-8").replace(draft.text, filled), encoding="utf-8")
        book = load_phrasebook(root)
        entry = book.entry(draft.entry_id)
        assert entry is not None and entry.example == draft.finding.text
        assert applies(entry, example_finding(entry.example, entry, book.structure)) is not None
        assert applies(entry, example_finding(entry.counter_example, entry, book.structure)) is None
        assert len(entry.say["families"].en_source.split()) <= FAMILIES


def test_a_draft_takes_its_kind_and_organisation_from_the_finding(npt_drafts):
    for draft in npt_drafts:
        assert f"      kind: {draft.finding.kind}\n" in draft.text
        assert f"      agency: [{draft.finding.agency}]\n" in draft.text


def test_suggest_prints_drafts_and_writes_no_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["phrasebook", "suggest", str(NPT), "--limit", "2"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("  - id: ") == 2
    assert list(tmp_path.iterdir()) == []


# ---- the plain-words list ----------------------------------------------------------------------------

def test_shipped_plain_words_are_many_sourced_and_spelt(phrasebook):
    words = phrasebook.plain_words
    assert len(words) >= 40
    assert all(w.source.strip() for w in words)
    for w in words:  # each rule finds the word it is about
        assert w.pattern.search(w.hard_en), w.hard_en
    assert check_plain_words(phrasebook) == []


GOOD_WORD = """words:
  - en: {hard: practitioners, plain: staff}
    cy: {hard: ymarferwyr, plain: staff}
    source: test
"""

BROKEN_WORDS = [
    ("no source", ("    source: test\n", ""), "has no 'source'", 2),
    ("no Welsh", ("    cy: {hard: ymarferwyr, plain: staff}\n", ""), "has no 'cy'", 2),
    ("no plain key", ("cy: {hard: ymarferwyr, plain: staff}", "cy: {hard: ymarferwyr}"), "'hard' and 'plain'", 3),
    ("left out on one side", ("cy: {hard: ymarferwyr, plain: staff}", "cy: {hard: ymarferwyr, plain: ''}"), "in both languages or in neither", 2),
    ("bad pattern", ("    source: test\n", "    source: test\n    match: '(staff'\n"), "bad pattern", 2),
]


@pytest.mark.parametrize("name, change, message, line", BROKEN_WORDS, ids=[b[0] for b in BROKEN_WORDS])
def test_a_broken_plain_word_is_refused_with_file_and_line(tmp_path, name, change, message, line):
    path = tmp_path / "plain-words.yaml"
    assert change[0] in GOOD_WORD
    path.write_text(GOOD_WORD.replace(*change), encoding="utf-8")
    with pytest.raises(RuleError, match=message) as caught:
        load_plain_words(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_a_misspelt_plain_welsh_word_fails_the_phrasebook_check(blank_phrasebook):
    path = blank_phrasebook / "plain-words.yaml"
    path.write_text(GOOD_WORD + GOOD_WORD[7:].replace("plain: staff}\n    source", "plain: stafff}\n    source"), encoding="utf-8")
    problems = api.check(load_phrasebook(blank_phrasebook), api.load_thresholds())
    assert [(p.path, p.line) for p in problems if "stafff" in p.message] == [(str(path), 5)]


def test_a_finding_with_no_word_of_its_own_gets_no_draft(tmp_path, phrasebook):
    """ "They do this well." has nothing a draft could match on: it is left out, the rest still drafted."""
    report = tmp_path / "report.md"
    report.write_text("# Joint inspection of child protection arrangements in Cardiff\n\n## Well-being\n\n### Strengths\n\n"
                      "They do this well. The youth hub offers weekend drop-in sessions for teenagers.\n", encoding="utf-8")
    text = api.suggest(report)
    assert "weekend drop-in sessions" in text and "example: They do this well." not in text
