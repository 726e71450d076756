"""Per-statement readability flags, English and Welsh, against flags written by hand from the rules.

The thresholds are the shipped ones (templates/readability.yaml): families at most 15 English words a
sentence, 25 Welsh, long words from 12 letters; children 10 and 15 words, long words from 10 letters.
Flesch and grade are only asserted where a statement is plainly easy (short words) or plainly hard.
"""
import pytest

from easyread import api
from easyread.readability import (THRESHOLD_FLAGS, longest_sentence, score_english, score_welsh, sentences, welsh_letters,
                                  welsh_syllables, without_names, words)


@pytest.fixture(scope="module")
def thresholds():
    return api.load_thresholds()


ENGLISH = [
    # (audience, statement, explained acronyms, official names, expected flags)
    ("families", "We talked to staff.", (), (), []),
    ("families", "We met the mums and dads of the kids.", (), (), []),
    ("families", "We went to see the staff at the school on the first day.", (), (), []),
    ("children", "We went to see the staff at the school on the first day.", (), (), ["too long"]),
    ("families", "We went to see the staff and the children at the school on the first day of the visit.", (), (), ["too long"]),
    # the longest sentence counts, not the statement run together (18 words in all, at most 8 a sentence)
    ("families", "We met staff. We met children. We met parents and carers in their homes and in schools.", (), (), []),
    ("families", "Multi-agency safeguarding arrangements demonstrated considerable organisational effectiveness.", (), (),
     ["hard to read", "high grade", "long words"]),
    ("families", "Staff understand confidentiality.", (), (), ["long words"]),
    ("families", "Teachers understand feelings.", (), (), []),
    ("children", "Teachers understand feelings.", (), (), ["long words"]),  # "understand" has 10 letters
    ("children", "We read children's records.", (), (), []),  # "children's": 8 letters and 's
    ("families", "We met multi-agency groups.", (), (), []),  # 11 letters and a hyphen
    ("families", "Children are kept safe by the police.", (), (), ["passive"]),
    ("families", "The plan was checked by the leaders.", (), (), ["passive"]),
    ("families", "The children are being helped.", (), (), ["passive"]),
    ("families", "These are children who need help.", (), (), []),
    ("families", "The door is open to all of them.", (), (), []),
    ("families", "Services mostly work well.", (), (), ["hedge"]),
    ("families", "Staff generally share what they know.", (), (), ["hedge"]),
    ("families", "The police go to meetings more often.", (), (), []),  # how often, not how sure
    ("families", "Staff listen to children and involve them in plans.", (), (), ["more than one idea"]),
    ("families", "There is a new group which checks the work.", (), (), ["more than one idea"]),
    ("families", "The board checks the work, and it helps.", (), (), ["more than one idea"]),
    ("families", "We met the SWP.", (), (), ["acronym not explained"]),
    ("families", "We met the SWP (South Wales Police).", (), (), []),
    ("families", "We met the South Wales Police (SWP).", (), (), []),
    ("families", "We met the SWP.", ("SWP",), (), []),
    ("families", "Multi-Agency Safeguarding Hub staff.", (), (), ["long words"]),
    ("families", "Multi-Agency Safeguarding Hub staff.", (), ("Multi-Agency Safeguarding Hub",), []),  # names are not scored
]


@pytest.mark.parametrize("audience, text, explained, names, expected", ENGLISH, ids=[f"{a}: {t}" for a, t, *_ in ENGLISH])
def test_english_flags(thresholds, audience, text, explained, names, expected):
    figures = score_english(text, thresholds[audience], set(explained), list(names))
    assert sorted(figures["flags"]) == sorted(expected), figures


WELSH_29_WORDS = ("Fe wnaethon ni siarad â rhieni, gofalwyr, teuluoedd, staff ysgolion, staff iechyd, staff yr heddlu "
                  "a staff y cyngor am sut maen nhw'n cadw plant yn ddiogel bob dydd.")
WELSH_23_WORDS = "Fe wnaethon ni siarad â rhieni a gofalwyr am sut mae staff yr heddlu a'r cyngor yn cadw plant yn ddiogel bob dydd."
WELSH_TWO_SENTENCES = ("Fe wnaethon ni siarad â rhieni am sut maen nhw'n cadw plant yn ddiogel. "
                       "Fe wnaethon ni siarad â staff yr heddlu am sut maen nhw'n gweithio.")

WELSH = [
    ("families", "Mae staff yn gwrando ar blant.", (), []),
    ("children", "Mae staff yn gwrando ar blant.", (), []),
    ("families", WELSH_29_WORDS, (), ["too long"]),
    ("families", WELSH_23_WORDS, (), []),
    ("children", WELSH_23_WORDS, (), ["too long"]),
    ("children", WELSH_TWO_SENTENCES, (), []),  # 14 and 13 words: each sentence is within 15
    # digraph-aware: "gwasanaethau" is 12 characters but 11 Welsh letters (th is one)
    ("families", "Mae gwasanaethau yn gweithio'n dda.", (), []),
    ("children", "Mae gwasanaethau yn gweithio'n dda.", (), ["long words"]),
    ("families", "Mae gwasanaethau'n gweithio'n dda.", (), []),  # 'n (yn) is a word of its own
    ("families", "Mae llywodraethau yn helpu.", (), []),  # 13 characters, 11 letters (ll, th)
    ("families", "Mae ganddyn nhw gyfrifoldebau.", (), ["long words"]),  # 13 letters, no digraph
    ("families", "Mae'r MASH yn helpu.", (), ["acronym not explained"]),
    ("families", "Mae'r hyb (MASH) yn helpu.", (), []),
    ("families", "Mae'r MASH yn helpu.", ("MASH",), []),
]


@pytest.mark.parametrize("audience, text, explained, expected", WELSH, ids=[f"{a}: {t[:40]}" for a, t, *_ in WELSH])
def test_welsh_flags(thresholds, audience, text, explained, expected):
    figures = score_welsh(text, thresholds[audience], set(explained))
    assert sorted(figures["flags"]) == sorted(expected), figures


@pytest.mark.parametrize("word, letters", [("gwasanaethau", 11), ("llywodraethau", 11), ("cyfrifoldebau", 13),
                                           ("ffordd", 4), ("nghyngor", 6), ("rhieni", 5), ("gwasanaethau'n", 11), ("Mae'r", 3)])
def test_welsh_letters_count_digraphs_as_one(word, letters):
    assert welsh_letters(word) == letters


def test_word_counts_are_per_sentence(thresholds):
    figures = score_welsh(WELSH_TWO_SENTENCES, thresholds["children"], set())
    assert (figures["words"], figures["words_per_sentence"]) == (27, 14)


@pytest.mark.parametrize("text, names, expected", [
    ("Cardiff Council staff met Cardiff's police.", ["Cardiff Council", "Cardiff"], " staff met 's police."),  # longest first, inside words
    ("We met the AB team.", ["Cardiff", "AB"], "We met the  team."),  # a name shorter than the three letters looked for first
    ("WaCardiffles", ["Cardiff", "Wales"], ""),  # in the order given: taking one name out can make another
    ("We met the staff.", ["Cardiff", "Wales"], "We met the staff."),
])
def test_official_names_are_taken_out(text, names, expected):
    assert without_names(text, names) == expected


@pytest.mark.parametrize("text", ["We met staff. We met children and parents!", "We met staff", "", "...", "— 12 —",
                                  "Staff. We met them? Yes.  And more", "Is it 1.5 or 2? Both."])
def test_the_longest_sentence_is_counted_as_sentences_reads_them(text):
    assert longest_sentence(text) == max(len(words(s)) for s in sentences(text) or [text])


def test_the_tables_cover_every_threshold_flag():
    """`--strict` and the page's pass count rest on these names: the tables above must exercise each one."""
    expected = {flag for *_, flags in ENGLISH + WELSH for flag in flags}
    assert THRESHOLD_FLAGS <= expected


# Syllables as a Welsh speaker says them (gw-, chw- and i before a vowel are consonants).
WELSH_SYLLABLES = [
    ("plant", 1), ("Gwent", 1), ("gwlad", 1), ("iaith", 1), ("gwaith", 1),
    ("ysgol", 2), ("Caerdydd", 2), ("Heddlu", 2), ("dyddiad", 2), ("gweithio", 2), ("chwarae", 2),
    ("teuluoedd", 3), ("ieuenctid", 3), ("gwybodaeth", 3),
    ("gwasanaethau", 4), ("cyfarfodydd", 4),
]


@pytest.mark.parametrize("word, count", WELSH_SYLLABLES)
def test_welsh_syllables(word, count):
    assert welsh_syllables(word) == count


def test_the_advice_words_are_data(tmp_path):
    """A word added to templates/readability.yaml's hedges is flagged: no code changes."""
    from easyread.resources import templates_dir

    edited = tmp_path / "readability.yaml"
    edited.write_text((templates_dir() / "readability.yaml").read_text(encoding="utf-8").replace("hedges: [generally,", "hedges: [honestly, generally,"), encoding="utf-8")
    text = "Staff honestly listen to children."
    assert "hedge" not in score_english(text, api.load_thresholds()["families"], set())["flags"]
    assert "hedge" in score_english(text, api.load_thresholds(edited)["families"], set())["flags"]


@pytest.mark.parametrize("old, new", [
    ("  hedges: [", "  hedgez: ["),
    ("clause_openers: [which, whereas, while, whilst]", "clause_openers: []"),
    ("  max_words: 15 ", "  max_words: fifteen "),
    ("  max_words_cy: 15\n", ""),
])
def test_a_missing_advice_list_is_refused_with_file_and_line(tmp_path, old, new):
    from easyread.errors import RuleError
    from easyread.resources import templates_dir

    edited = tmp_path / "readability.yaml"
    text = (templates_dir() / "readability.yaml").read_text(encoding="utf-8")
    assert old in text
    edited.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleError) as refused:
        api.load_thresholds(edited)
    assert str(refused.value).startswith(f"{edited}:")
