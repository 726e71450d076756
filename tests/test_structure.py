"""Structure: headings read for what they say, and the facts of each seed read by hand."""
import datetime as dt

import pytest

from easyread.readers.lines import blocks_from_lines
from easyread.model import Document
from easyread.structure import classify_heading, find_sections

HEADINGS = [
    # heading, expected classification (read by a person)
    ("Well-being", {"theme": "well-being"}),
    ("2.1 Well-being", {"theme": "well-being"}),
    ("People", {"theme": "people"}),
    ("Partnerships and Integration", {"theme": "partnerships"}),
    ("Partnership and Integration", {"theme": "partnerships"}),
    ("Partnerships", {"theme": "partnerships"}),
    ("Prevention", {"theme": "prevention"}),
    ("Strengths", {"kind": "strength"}),
    ("Areas for Development", {"kind": "improve"}),
    ("Areas for improvement", {"kind": "improve"}),
    ("What needs to improve", {"kind": "improve"}),
    ("Partnership Arrangements - Strengths", {"kind": "strength", "agency": "partnership"}),
    ("Individual Agency - What needs to improve", {"kind": "improve", "individual": True}),
    ("Cardiff and Vale University Health Board", {"agency": "health"}),
    ("Health boards", {"agency": "health"}),
    ("South Wales Police", {"agency": "police"}),
    ("Police force", {"agency": "police"}),
    ("Education", {"agency": "education"}),
    ("Local authorities (education)", {"agency": "education"}),
    ("Schools and pupil referral units (PRUs)", {"agency": "education"}),
    ("Children's Services", {"agency": "childrens-services"}),
    ("Multi-agency partnership arrangements", {"agency": "partnership"}),
    ("Summary", {"role": "summary"}),
    ("Summary of findings", {"role": "summary"}),
    ("Next steps", {"role": "next"}),
    ("What next", {"role": "next"}),
    ("Methodology", {"role": "method"}),
    ("Scope of the inspection", {"role": "scope"}),
    ("Acknowledgements", {"role": "closing"}),
    ("Goleudy service", {}),
]


@pytest.mark.parametrize("heading, expected", HEADINGS)
def test_classify_heading(phrasebook, heading, expected):
    assert classify_heading(heading, phrasebook.structure) == expected


LAYOUT = """## Well-being
### Partnership Arrangements - Strengths
Partners work well together.
### What needs to improve
Partners do not always share minutes.
## Individual Agency - Strengths
### Health Board
Nurses are skilled.
### South Wales Police
Officers act quickly.
## Individual Agency - What needs to improve
### Health Board
Records are not complete.
## People

Strengths

The force listens to children.
"""


def test_sections_carry_theme_kind_and_agency(phrasebook):
    document = Document("x.md", LAYOUT, tuple(blocks_from_lines(LAYOUT)))
    sections, _ = find_sections(document, phrasebook.structure)
    got = [(s.heading, s.theme, s.kind, s.agency) for s in sections if s.blocks]
    assert got == [
        ("Partnership Arrangements - Strengths", "well-being", "strength", "partnership"),
        ("What needs to improve", "well-being", "improve", "partnership"),
        ("Health Board", "well-being", "strength", "health"),
        ("South Wales Police", "well-being", "strength", "police"),
        ("Health Board", "well-being", "improve", "health"),
        ("Strengths", "people", "strength", None),
    ]


# The facts of each seed, read from the seed by a person.
SEEDS = {
    "cardiff-2024-jicpa-report.md": dict(
        place="cardiff", start=dt.date(2024, 1, 15), end=dt.date(2024, 1, 19),
        inspectorates=("ciw", "hmicfrs", "hiw", "estyn"),
        organisations={"cardiff-council", "cardiff-and-vale-uhb", "south-wales-police"}),
    "neath-port-talbot-2021-jicpa-letter.txt": dict(
        place="neath-port-talbot", start=dt.date(2021, 6, 28), end=dt.date(2021, 7, 2),
        inspectorates=("ciw", "hmicfrs", "hiw", "hmi-probation", "estyn"), letter_date=dt.date(2021, 9, 16),
        organisations={"neath-port-talbot-council", "swansea-bay-uhb", "south-wales-police", "probation-wales"}),
    "wales-2019-2024-jicpa-overview.txt": dict(
        place="wales", start=dt.date(2024, 9, 1), end=None,
        inspectorates=("ciw", "hmicfrs", "hiw", "estyn"), organisations=set()),
}


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_metadata(analyses, seed):
    meta = analyses[seed].report.metadata
    expected = SEEDS[seed]
    assert meta.place == expected["place"]
    assert (meta.start, meta.end) == (expected["start"], expected["end"])
    assert meta.inspectorates == expected["inspectorates"]
    assert set(meta.organisations) == expected["organisations"]
    assert meta.letter_date == expected.get("letter_date")


def test_glossary_and_proportions(analyses):
    cardiff = dict(analyses["cardiff-2024-jicpa-report.md"].report.glossary)
    assert cardiff["MASH"].startswith("Multi Agency Safeguarding Hub")
    assert "Term or Phrase" not in cardiff
    overview = analyses["wales-2019-2024-jicpa-overview.txt"].report
    assert dict(overview.metadata.proportions)["Most"] == "90% or more"
    assert "Foreword" not in dict(overview.glossary)  # the contents list is not a glossary
