"""`easyread check`: an existing easy-read split into statements, each scored in its own language."""
import json
import subprocess
import sys

import pytest
from docx import Document as WordDocument

from easyread import api
from easyread.check_handout import language_of
from easyread.cli import main

from conftest import CARDIFF, SEEDS

OFFICIAL = SEEDS / "cardiff-2024-jicpa-easyread.txt"

LANGUAGES = [
    ("We talked to staff.", "en"),
    ("how they deal with abuse and neglect", "en"),
    ("make sure staff know how to get advice", "en"),
    ("check safeguarding decisions", "en"),  # no function word either way: English
    ("children's records.", "en"),
    ("Fe wnaethon ni siarad â staff.", "cy"),
    ("sut maen nhw'n delio â cham-drin ac esgeulustod", "cy"),
    ("gwrando ar blant a phobl ifanc", "cy"),
    ("Mae'r heddlu'n dweud wrth ysgolion pan fydd cam-drin domestig wedi effeithio ar ddisgybl.", "cy"),
    ("Gwneud yn siŵr bod staff yn cael hyfforddiant.", "cy"),
    ("Cyngor Caerdydd", "cy"),  # a name: told by its spelling
    ("Cardiff Council", "en"),
]


@pytest.mark.parametrize("text, language", LANGUAGES, ids=[t for t, _ in LANGUAGES])
def test_language_of_a_statement(phrasebook, text, language):
    assert language_of(text, phrasebook.structure["language_words"]) == language


SPLIT_TEXT = """# What we found

Staff listen to children. They act quickly.

We checked:

- how they deal with abuse and neglect
- how services work together.

Mae staff yn gwrando ar blant.\tStaff listen to children.

careinspectorate.wales/jicpa-cardiff-2024
"""

SPLIT_EXPECTED = [
    # (number, language, kind, text, counterpart)
    (1, "en", "sentence", "Staff listen to children.", None),
    (2, "en", "sentence", "They act quickly.", None),
    (3, "en", "sentence", "We checked:", None),
    (4, "en", "bullet", "how they deal with abuse and neglect", None),
    (5, "en", "bullet", "how services work together.", None),
    (6, "cy", "cell", "Mae staff yn gwrando ar blant.", 7),
    (7, "en", "cell", "Staff listen to children.", 6),
]


def test_statements_of_a_text_file(tmp_path):
    """Headings and the bare link are not statements; a paragraph is split into its sentences;
    a tab-separated line is a side-by-side row whose cells are each other's counterpart."""
    source = tmp_path / "handout.md"
    source.write_text(SPLIT_TEXT, encoding="utf-8")
    result = api.check_file(source)
    assert [(s.number, s.language, s.kind, s.text, s.counterpart) for s in result.statements] == SPLIT_EXPECTED


def test_side_by_side_docx(tmp_path):
    """A Word table of Welsh | English rows, the way easy-read handouts in Wales are laid out."""
    document = WordDocument()
    document.add_heading("Beth wnaethon ni ddarganfod / What we found", level=1)
    table = document.add_table(rows=0, cols=2)
    rows = [("Helo", "Hello"),  # a heading row: not scored
            ("Fe wnaethon ni siarad â staff.", "We talked to staff."),
            ("Arolygiaeth Gofal Cymru (AGC)", "Care Inspectorate Wales (CIW) checks social care services."),
            ("Mae'r heddlu yn gweithio'n dda gyda gwasanaethau eraill.", "The police work well with other services.")]
    for welsh, english in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = welsh, english
    document.add_paragraph("Staff listen to children.", style="List Bullet")
    path = tmp_path / "side-by-side.docx"
    document.save(str(path))
    result = api.check_file(path)
    assert [(s.language, s.kind, s.text, s.counterpart) for s in result.statements] == [
        ("cy", "cell", "Fe wnaethon ni siarad â staff.", 2),
        ("en", "cell", "We talked to staff.", 1),
        # a name-only cell is kept when its counterpart is a statement
        ("cy", "cell", "Arolygiaeth Gofal Cymru (AGC)", 4),
        ("en", "cell", "Care Inspectorate Wales (CIW) checks social care services.", 3),
        ("cy", "cell", "Mae'r heddlu yn gweithio'n dda gyda gwasanaethau eraill.", 6),
        ("en", "cell", "The police work well with other services.", 5),
        ("en", "bullet", "Staff listen to children.", None),
    ]
    assert [s.scores["flags"] for s in result.statements] == [[], [], [], [], [], [], []]


def test_an_acronym_is_explained_once_spelled_out(tmp_path):
    source = tmp_path / "handout.txt"
    source.write_text("Multi Agency Safeguarding Hub (MASH)\n\nThe MASH shares news.\n\n"
                      "Make sure all IT systems work.\n\nCAMHS (mental health help for children) is here. CAMHS helps.\n",
                      encoding="utf-8")
    flagged = {s.text: "acronym not explained" in s.scores["flags"] for s in api.check_file(source).statements}
    assert flagged == {"The MASH shares news.": False, "Make sure all IT systems work.": True,
                       "CAMHS (mental health help for children) is here.": False, "CAMHS helps.": False}


# Statements of the official easy-read over 15 words, with their word counts, counted by hand; and
# one of exactly 15 words, which is within the limit.
OVER_15 = [
    ("It wasn't just us - this piece of work was carried out alongside Estyn; Healthcare Inspectorate Wales; "
     "and His Majesty's Inspectorate of Constabulary and Fire & Rescue Services.", 26),
    ("Make sure staff understand when a referral should be sent to MASH and when it should be sent to early help services.", 22),
    ("have a staff member who follows up if a child comes to the emergency department lots of times", 18),
    ("Make sure all looked after children get a health assessment and all the support they need.", 16),
]
EXACTLY_15 = "make sure assessments clearly explain the child's life, what matters to them and their strengths"


@pytest.fixture(scope="module")
def official():
    return api.check_file(OFFICIAL)


def test_check_lists_the_official_statements_over_15_words(capsys):
    assert main(["check", str(OFFICIAL)]) == 0
    out = capsys.readouterr().out
    summary = out[out.index("\nEnglish: "):]
    listed = {line.split("): ", 1)[1]: line for line in summary.splitlines() if line.startswith("  #")}
    for text, count in OVER_15:
        assert f"({count} words, Flesch " in listed[text]
    assert EXACTLY_15 not in summary and EXACTLY_15[:40] in out  # in the table, not in the list over the limit
    assert "Welsh:" not in summary  # the official easy-read is in English only


def test_check_gives_figures_for_every_statement(official):
    by_text = {s.text: s for s in official.statements}
    for text, count in OVER_15:
        scores = by_text[text].scores
        assert scores["words_per_sentence"] == count and "too long" in scores["flags"]
        assert {"flesch", "grade", "long_words", "acronyms"} <= scores.keys()
    assert "too long" not in by_text[EXACTLY_15].scores["flags"]


def test_the_built_families_handout_has_fewer_statements_over_15_words(official, tmp_path):
    official_over = len([s for s in official.statements if "too long" in s.scores["flags"]])
    assert official_over >= len(OVER_15)
    result = api.build(CARDIFF, out=tmp_path, audiences=("families",))
    ours = api.check_file(next(path for path in result.files if path.suffix == ".docx"))
    ours_over = [s for s in ours.statements if s.language == "en" and "too long" in s.scores["flags"]]
    assert len(ours_over) < official_over
    review = json.loads((result.folder / "cardiff-2024-readability.json").read_text(encoding="utf-8"))
    assert review["handouts"][0]["summary"]["over_word_limit"] < official_over
    # the check reads the built DOCX side by side: nearly every English cell has its Welsh counterpart
    english = [s for s in ours.statements if s.language == "en"]
    paired = [s for s in english if s.counterpart and ours.statements[s.counterpart - 1].language == "cy"]
    assert len(paired) >= 0.95 * len(english)


def _run(*args):
    return subprocess.run([sys.executable, "-m", "easyread", "check", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_strict_fails_on_a_statement_over_the_limit(tmp_path):
    source = tmp_path / "short.txt"
    source.write_text("We talked to staff.\n\n- listen to children\n", encoding="utf-8")
    assert _run(source, "--strict").returncode == 0
    source.write_text("We talked to staff.\n\n- listen to children and young people in every school in the city every day of the week\n",
                      encoding="utf-8")
    assert _run(source).returncode == 0
    strict = _run(source, "--strict")
    assert strict.returncode == 5
    assert strict.stderr.count("\n") == 1 and "1 of 2 statements break a families threshold" in strict.stderr
    children = _run(source, "--strict", "--audience", "children", "--json")
    data = json.loads(children.stdout)
    assert children.returncode == 5 and data["audience"] == "children" and data["summary"]["en"]["over_word_limit"] == [2]


def test_check_of_a_missing_file_is_one_line(tmp_path):
    result = _run(tmp_path / "missing.docx")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
