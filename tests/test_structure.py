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
    # Invented headings of reports we do not have: other councils, health boards and forces in Wales,
    # numbered, with colons, in the words other inspectorates use.
    ("Wellbeing", {"theme": "well-being"}),
    ("3. Well-being:", {"theme": "well-being"}),
    ("Theme 2: People", {"theme": "people"}),
    ("People - Voice and Control", {"theme": "people"}),
    ("People: voice and choice", {"theme": "people"}),
    ("4.1 Partnerships and Integration", {"theme": "partnerships"}),
    ("Partnership & Integration", {"theme": "partnerships"}),
    ("Prevention and Early Intervention", {"theme": "prevention"}),
    ("What is working well", {"kind": "strength"}),
    ("Areas of strength", {"kind": "strength"}),
    ("Good practice", {"kind": "strength"}),
    ("Areas requiring improvement", {"kind": "improve"}),
    ("Areas of immediate concern", {"kind": "improve"}),
    ("What could be better", {"kind": "improve"}),
    ("Recommendations", {"kind": "improve"}),
    ("2.2 Areas for development", {"kind": "improve"}),
    ("Strengths and areas for development", {}),  # both kinds: each sentence decides
    ("Strengths-based practice", {}),  # a topic, not a kind
    ("Continuous improvement", {}),
    ("Single agency findings - Strengths", {"kind": "strength", "individual": True}),
    ("Betsi Cadwaladr University Health Board", {"agency": "health"}),
    ("BCUHB", {"agency": "health"}),
    ("SBUHB - Areas for improvement", {"agency": "health", "kind": "improve"}),
    ("Hywel Dda University Health Board – Strengths", {"agency": "health", "kind": "strength"}),
    ("Powys Teaching Health Board (PTHB)", {"agency": "health"}),
    ("Health services", {"agency": "health"}),
    ("Dyfed-Powys Police", {"agency": "police"}),
    ("North Wales Police (NWP)", {"agency": "police"}),
    ("Gwent Police – What needs to improve", {"agency": "police", "kind": "improve"}),
    ("SWP", {"agency": "police"}),
    ("Police forces", {"agency": "police"}),
    ("Youth Offending Service (YOS)", {"agency": "youth-justice"}),
    ("Western Bay Youth Justice and Early Intervention Service", {"agency": "youth-justice"}),
    ("YOT", {"agency": "youth-justice"}),
    ("Probation Service", {"agency": "probation"}),
    ("Wales Community Rehabilitation Company", {"agency": "probation"}),
    ("Newport City Council", {"agency": "childrens-services"}),
    ("Wrexham County Borough Council", {"agency": "childrens-services"}),
    ("Conwy CBC", {"agency": "childrens-services"}),
    ("Children's Social Services", {"agency": "childrens-services"}),
    ("Flintshire County Council education services", {"agency": "education"}),
    ("Youth Council", {}),
    ("Regional Safeguarding Board (RSB)", {"agency": "partnership"}),
    ("Multi-Agency Safeguarding Hub (MASH)", {"agency": "partnership"}),
    ("1. Introduction", {"role": "introduction"}),
    ("Executive summary", {"role": "summary"}),
    ("2. Summary of key findings", {"role": "summary"}),
    ("Main findings", {"role": "summary"}),
    ("Our findings", {"role": "findings"}),
    ("How we inspected", {"role": "method"}),
    ("Abbreviations", {"role": "glossary"}),
    ("Appendix 2: Glossary", {"role": "glossary"}),
    ("Yours faithfully", {"role": "closing"}),
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


NESTED = """## Well-being
### Strengths
#### Health board
Nurses are skilled.
#### Police
Officers act quickly.
### What needs to improve
#### Health board
Records are not complete.
## Prevention
### Aneurin Bevan University Health Board
#### Strengths
Health visitors know families.
#### Areas for development
Caseloads are high.
### Gwent Police
Neighbourhood officers visit schools.
"""


def test_kind_heading_closes_the_agencies_nested_under_the_one_before(phrasebook):
    """"Strengths" / "Health board" / "Police" / "What needs to improve": the police are not carried over."""
    document = Document("x.md", NESTED, tuple(blocks_from_lines(NESTED)))
    sections, _ = find_sections(document, phrasebook.structure)
    got = [(s.heading, s.theme, s.kind, s.agency) for s in sections if s.blocks]
    assert got == [
        ("Health board", "well-being", "strength", "health"),
        ("Police", "well-being", "strength", "police"),
        ("Health board", "well-being", "improve", "health"),
        ("Strengths", "prevention", "strength", "health"),
        ("Areas for development", "prevention", "improve", "health"),
        ("Gwent Police", "prevention", "context", "police"),
    ]


# Short reports in other layouts of the family, made up for these tests (no text from the seeds).
# Each sentence is plain, so its kind is the kind its heading gives; the organisation comes from the
# heading, or in a letter with no organisation headings, from what the sentence names.
SYNTHETIC = {
    "numbered-letter.txt": ("""Date: 3 March 2025

Between 10 and 14 February 2025, Care Inspectorate Wales (CIW), Healthcare Inspectorate Wales (HIW) and Estyn carried out a joint inspection of the multi-agency response to abuse and neglect of children in Wrexham.

We looked at the four themes of the Act:

1. Well-being
2. People
3. Partnerships and Integration
4. Prevention

1. Summary of findings

Leaders across the partnership share a clear vision for safeguarding children.

2. Well-being

2.1 Strengths

Betsi Cadwaladr University Health Board (BCUHB) midwives know the safeguarding procedures well.
North Wales Police (NWP) call handlers recognise children as vulnerable.

2.2 Areas for Development

The youth justice service shares plans late.
BCUHB records lack the voice of the child.

3. Next steps

The local authority should prepare a written statement of action.

Yours sincerely,

Jane Jones

HM Inspectorate of Probation
""", [
        ("Leaders across the partnership", "strength", "partnership"),  # a good point in the summary
        ("Betsi Cadwaladr University Health Board", "strength", "health"),
        ("North Wales Police", "strength", "police"),
        ("The youth justice service", "improve", "youth-justice"),
        ("BCUHB records", "improve", "health"),
    ]),
    "bold-headings.md": ("""**Joint inspection of child protection arrangements: Powys**

Between 6 and 10 May 2024, Care Inspectorate Wales (CIW) and Estyn carried out a joint inspection of the multi-agency response to abuse and neglect of children in Powys.

**Prevention**

**Strengths**

**Partnership arrangements**

The regional safeguarding board tracks actions from reviews.

**PTHB**

Health visitors know families well.

**Areas for Development**

**PTHB**

Health visitor caseloads are high.

**Dyfed-Powys Police**

Training for officers on missing children is out of date.
""", [
        ("The regional safeguarding board", "strength", "partnership"),
        ("Health visitors know", "strength", "health"),
        ("Health visitor caseloads", "improve", "health"),
        ("Training for officers", "improve", "police"),
    ]),
    "agency-sections.md": ("""# Report of a joint inspection in Newport

## Partnerships and Integration

### Partnership arrangements - Strengths

Agencies meet daily at the safeguarding hub.

### Areas for improvement

Minutes reach partners late.

## Individual Agency - Strengths

### ABUHB

Paediatricians train staff from other agencies.

### Newport City Council

Social workers visit children promptly.

## Individual Agency - Areas for Development

### Gwent Police

Officers record the voice of the child in few reports.

### Youth Offending Service (YOS)

Case plans are written late.
""", [
        ("Agencies meet daily", "strength", "partnership"),
        ("Minutes reach partners", "improve", "partnership"),
        ("Paediatricians train", "strength", "health"),
        ("Social workers visit", "strength", "childrens-services"),
        ("Officers record", "improve", "police"),
        ("Case plans are written late", "improve", "youth-justice"),
    ]),
}


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_report_findings_have_their_kind_and_organisation(phrasebook, tmp_path, name):
    from easyread import api

    text, expected = SYNTHETIC[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    findings = [f for f in api.analyse(path, phrasebook).findings if f.role in ("finding", "summary")]
    got = [(f.text, f.kind, f.agency) for f in findings]
    assert len(got) == len(expected), got
    for (text, kind, agency), (start, want_kind, want_agency) in zip(got, expected):
        assert text.startswith(start), got
        assert (kind, agency) == (want_kind, want_agency), f"{name}: {text!r} read as {kind}/{agency}"


@pytest.mark.parametrize("text, offset, expected", [
    ("Cardiff Council was inspected. Police too.", 3, "Cardiff Council was inspected."),
    ("Cardiff Council was inspected. Police too.", 35, "Police too."),
    ("Intro line\nCardiff Council was inspected.", 15, "Cardiff Council was inspected."),
])
def test_evidence_is_the_whole_sentence_around_a_mention(text, offset, expected):
    from easyread.structure import _sentence_at

    assert _sentence_at(text, offset)[1] == expected


# Broken copies of phrasebook/structure.yaml: (what is wrong, old text, new text, words the error must hold).
BROKEN_STRUCTURE = [
    ("unknown key", "themes:\n", "themse_typo: x\nthemes:\n", "unknown key 'themse_typo'"),
    ("bad pattern", "not_findings: '", "not_findings: '(", "bad pattern"),
    ("a language word YAML reads as true", 'not, "on", by,', "not, on, by,", "'language_words' needs"),
]


@pytest.mark.parametrize("name, old, new, message", BROKEN_STRUCTURE, ids=[b[0] for b in BROKEN_STRUCTURE])
def test_a_broken_structure_file_is_refused_with_its_line(tmp_path, name, old, new, message):
    import shutil

    from easyread.errors import RuleError
    from easyread.phrasebook import load_phrasebook
    from easyread.resources import phrasebook_dir

    root = tmp_path / "phrasebook"
    shutil.copytree(phrasebook_dir(), root)
    path = root / "structure.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError) as refused:
        load_phrasebook(root)
    assert f"{path}:" in str(refused.value) and message in str(refused.value)


def test_a_structure_file_missing_a_rule_names_it(tmp_path):
    import shutil

    from easyread.errors import RuleError
    from easyread.phrasebook import load_phrasebook
    from easyread.resources import phrasebook_dir

    root = tmp_path / "phrasebook"
    shutil.copytree(phrasebook_dir(), root)
    path = root / "structure.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("place_in:")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match="has no 'place_in'"):
        load_phrasebook(root)
