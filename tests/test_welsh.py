"""Welsh a handout prints: slot fillings after a trigger word, and spelling against cy_GB.

Every expected form in MUTATIONS was read in a source, named in the row: an official Welsh page
using that very form, or (marked "table:") the mutation tables of a named grammar reference,
applied to a name that starts with the letter the row tests.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from easyread import spelling
from easyread.checks import check_welsh_spelling
from easyread.errors import RuleError
from easyread.phrasebook import load_phrasebook
from easyread.welsh import WelshName, after

# Grammar references (their mutation tables and trigger lists).
PARALLEL = "table: parallel.cymru 'Ask Dr Gramadeg: introducing mutations' (soft p>b t>d c>g b>f d>dd g>- m>f ll>l rh>r; nasal p>mh t>nh c>ngh b>m d>n g>ng; aspirate p>ph t>th c>ch; no other letter changes)"
BBC_LEARN = "table: BBC Learn Welsh grammar 'H. Y Treigladau - Mutations' (2002, docslib.org/doc/4287673)"
SOFT_LIST = "FamilySearch wiki 'Wales Languages' and gizmo.ai deck 4127453: soft mutation after am, ar, at, gan, dros/tros, drwy/trwy, wrth, dan, heb, hyd, o, i"
NO_DIGRAPH = "table: iaith.twitch.cymru/cymraeg/treigladau and parallel.cymru list only c p t g b d m ll rh as mutable, so ch dd ff ng ph th never change"
ARTICLE = "cynllunsabothol.org.uk Llinell Gymorth: after y/'r the article takes the place of the trigger's mutation (i'r, o'r, a'r)"


def no(name: str) -> WelshName:
    """A name that never mutates (an acronym or a brand)."""
    return WelshName(name, mutate=False)


# (value, trigger, expected, source)
MUTATIONS = [
    # yn: nasal mutation, and yn becomes yng/ym
    ("Caerdydd", "yn", "yng Nghaerdydd", "ynysmon.llyw.cymru (Cadeirydd y Cyngor 2023-24: 'Cynhadledd ... yng Nghaerdydd'); sites.google.com/hwbcymru.net/grama10 ('yng Nghaerdydd')"),
    ("Castell-nedd Port Talbot", "yn", "yng Nghastell-nedd Port Talbot", "arolygiaethgofal.cymru JICPA Castell-nedd Port Talbot 2021 page"),
    ("Cyngor Sir Ynys Môn", "yn", "yng Nghyngor Sir Ynys Môn", "audit.wales/cy adroddiad gwella blynyddol 2014-15 Ynys Môn"),
    ("Gwent", "yn", "yng Ngwent", "gwent.pcc.police.uk/cy adolygiad o swyddogaeth comisiynwyr ('Yma yng Ngwent')"),
    ("Gwynedd", "yn", "yng Ngwynedd", "llesiantgwyneddamon.org/cy ('Y prif ddarn o waith yng Ngwynedd')"),
    ("Gogledd Cymru", "yn", "yng Ngogledd Cymru", "heddlu-gogledd-cymru.police.uk professional standards ('yng Ngogledd Cymru')"),
    ("Powys", "yn", "ym Mhowys", "biap.gig.cymru ('sut mae pobl ym Mhowys yn cael mynediad')"),
    ("Pen-y-bont ar Ogwr", "yn", "ym Mhen-y-bont ar Ogwr", "democratic.bridgend.gov.uk Cyngor 20 Nov 2019 ('Sul y Cofio a gynhaliwyd ym Mhen-y-bont ar Ogwr')"),
    ("Bwrdeistref Sirol Pen-y-bont ar Ogwr", "yn", "ym Mwrdeistref Sirol Pen-y-bont ar Ogwr", "democratic.bridgend.gov.uk Cyngor 16 Nov 2022 ('bobl ym Mwrdeistref Sirol Pen-y-bont ar Ogwr')"),
    ("Blaenau Gwent", "yn", "ym Mlaenau Gwent", "blaenau-gwent.gov.uk/cy ('Y Cynghorau Tref a Chymuned ym Mlaenau Gwent')"),
    ("Bae Caerdydd", "yn", "ym Mae Caerdydd", "newyddioncaerdydd.co.uk Diweddariad Cyngor Caerdydd ('ym Mae Caerdydd')"),
    ("Bangor", "yn", "ym Mangor", "FamilySearch wiki 'Wales Languages' (nasal after yn: 'ym Mangor')"),
    ("Dyfed-Powys", "yn", "yn Nyfed-Powys", "bbc.com/cymrufyw/etholiad-2016-36035336 ('£200.07 yn Nyfed-Powys')"),
    ("De Cymru", "yn", "yn Ne Cymru", "bbc.com/cymrufyw/etholiad-2016-36034217 ('£207.85 yn Ne Cymru')"),
    ("Trimsaran", "yn", "yn Nhrimsaran", "sites.google.com/hwbcymru.net/grama10 treigladau ('yn Nhrimsaran')"),
    ("Torfaen", "yn", "yn Nhorfaen", f"{PARALLEL}: t>nh"),
    ("Merthyr Tudful", "yn", "ym Merthyr Tudful", "testunau.org / thefreedictionary (Welsh press: 'Gwasanaethau Cwsmeriaid EE ym Merthyr Tudful')"),
    ("Môn", "yn", "ym Môn", "llesiantgwyneddamon.org/cy ('Ym Môn, cafodd holiadur cyhoeddus ei gylchredeg')"),
    ("Llanelli", "yn", "yn Llanelli", f"{PARALLEL}: ll has no nasal form"),
    ("Rhondda Cynon Taf", "yn", "yn Rhondda Cynon Taf", f"{PARALLEL}: rh has no nasal form"),
    ("Abertawe", "yn", "yn Abertawe", "wlga.cymru blog June 2015 ('cynhadledd flynyddol yn Abertawe')"),
    ("Heddlu Gogledd Cymru", "yn", "yn Heddlu Gogledd Cymru", "heddlu-gogledd-cymru.police.uk ('ATAL llygredigaeth yn Heddlu Gogledd Cymru')"),
    ("Y Rhyl", "yn", "yn y Rhyl", "northeastwales.wales/cy ('Harbwr y Foryd yn y Rhyl'); BBC Cymru 'Cael thrill yn y Rhyl'"),
    ("Y Barri", "yn", "yn y Barri", ARTICLE),
    ("Chwilog", "yn", "yn Chwilog", NO_DIGRAPH),
    ("Theatr Clwyd", "yn", "yn Theatr Clwyd", NO_DIGRAPH),
    (no("BIPBC"), "yn", "yn BIPBC", "ymchwil.senedd.cymru Betsi Cadwaladr timeline (acronym unmutated: 'am BIPBC', 'ar wefan BIPBC')"),
    # i: soft
    ("Caerdydd", "i", "i Gaerdydd", "democracy.monmouthshire.gov.uk Cyngor Sir 20 June 2019 ('yn cymudo i Gaerdydd neu Fryste')"),
    ("Trefynwy", "i", "i Drefynwy", "monmouthshire.gov.uk/cy neges blwyddyn newydd y cadeirydd ('ysgol uwchradd newydd i Drefynwy')"),
    ("Casnewydd", "i", "i Gasnewydd", "gizmo.ai deck 4127453 ('i Casnewydd > i Gasnewydd')"),
    ("Llywodraeth Cymru", "i", "i Lywodraeth Cymru", "cdffc.llyw.cymru cadarnhau diwygio ffiniau Pen-y-bont ar Ogwr ('Argymhellion Terfynol y Comisiwn i Lywodraeth Cymru')"),
    ("Glannau Dyfrdwy", "i", "i Lannau Dyfrdwy", "bbc.com/cymrufyw/etholiad-2016-36034217 ('i Lannau Dyfrdwy a Wrecsam yn y dwyrain')"),
    ("Merthyr", "i", "i Ferthyr", "testunau.org mynegair 'ferthyr' ('Cafodd Chris Summers gôl i Ferthyr')"),
    ("Y Rhyl", "i", "i'r Rhyl", "BBC Cymru Gogledd-ddwyrain, hanes Glannau ('y traddodiad o ddod i'r Rhyl')"),
    ("Tyddewi", "i", "i Dyddewi", "sites.google.com/hwbcymru.net/grama10 ('i Dyddewi')"),
    ("Ffestiniog", "i", "i Ffestiniog", NO_DIGRAPH),
    # o: soft
    ("Caerdydd", "o", "o Gaerdydd", "grahamhall.org/welsh session 24 ('Teithiodd o Gaerdydd'); cy.wikipedia Moel-y-don ('126 milltir o Gaerdydd')"),
    ("Penfro", "o", "o Benfro", "committees Welsh Affairs, CEM Berwyn ('152 o filltiroedd o Benfro')"),
    ("Port Talbot", "o", "o Bort Talbot", "Neath Port Talbot well-being assessment, Port Talbot page in Welsh ('ymatebwyr o Bort Talbot')"),
    ("Bwrdd Iechyd Prifysgol Betsi Cadwaladr", "o", "o Fwrdd Iechyd Prifysgol Betsi Cadwaladr", "golwg.360.cymru/newyddion/cymru/2132492 ('Dafydd Gwynne o Fwrdd Iechyd Prifysgol Betsi Cadwaladr')"),
    ("Cyngor Tref Maesteg", "o", "o Gyngor Tref Maesteg", "democratic.bridgend.gov.uk Cyngor 2018 ('cyn aelod o Gyngor Tref Maesteg')"),
    ("Heddlu Gogledd Cymru", "o", "o Heddlu Gogledd Cymru", "ynysmon.llyw.cymru Cadeirydd y Cyngor ('ar ei ymddeoliad o Heddlu Gogledd Cymru')"),
    ("Llundain", "o", "o Lundain", "cy.wikipedia Moel-y-don ('208.1 milltir o Lundain')"),
    ("Cwmbrân", "o", "o Gwmbrân", "Torfaen weekly news bulletin 26.05.23, Welsh ('Jacquelin, 40 oed, o Gwmbrân')"),
    ("Aberystwyth", "o", "o Aberystwyth", "committees Welsh Affairs, CEM Berwyn ('81 o Aberystwyth')"),
    ("Y Rhyl", "o", "o'r Rhyl", "bbc.com/cymrufyw/saf/21024929 ('O'r Rhyl, adroddiad Rhian Price')"),
    ("Caerfyrddin", "o", "o Gaerfyrddin", "sites.google.com/hwbcymru.net/grama10 ('o Gaerfyrddin')"),
    ("Lloegr", "o", "o Loegr", "studystack Treiglad Rhestr ('Lloegr, o Loegr'); cy.wikipedia Moel-y-don ('Edward I o Loegr')"),
    ("Dduallt", "o", "o Dduallt", NO_DIGRAPH),
    ("Gogledd Cymru", "o", "o Ogledd Cymru", "avow.org/cy ('Mae Swyddogion o Ogledd Cymru hefyd yn gweithio')"),
    # am, ar, at: soft
    (no("BIPBC"), "am", "am BIPBC", "ymchwil.senedd.cymru Betsi Cadwaladr timeline ('yn lleisio pryderon am BIPBC')"),
    ("Y Barri", "am", "am y Barri", "valeofglamorgan.gov.uk/cy Yr Wythnos Gyda Rob, 25 April 2025 ('Cynefin am y Barri')"),
    ("Cyngor Caerdydd", "am", "am Gyngor Caerdydd", f"{SOFT_LIST}; {PARALLEL}: c>g"),
    ("Maes Eisteddfod", "ar", "ar Faes Eisteddfod", "golwg.360.cymru/newyddion/cymru/2132492 ('ar Faes Eisteddfod Genedlaethol Llŷn ac Eifionydd')"),
    ("Ynys Môn", "ar", "ar Ynys Môn", "democratiaeth.ynysmon.gov.uk 2 Feb 2017 ('Cynrychiolydd y Llynges Frenhinol ar Ynys Môn')"),
    ("Traeth Lafan", "ar", "ar Draeth Lafan", "cy.wikipedia Moel-y-don ('ar Draeth Lafan rhwng Llan-faes')"),
    ("Bwrdd Iechyd Prifysgol Betsi Cadwaladr", "ar", "ar Fwrdd Iechyd Prifysgol Betsi Cadwaladr", f"{SOFT_LIST}; {PARALLEL}: b>f"),
    ("Cyngor Sir y Fflint", "at", "at Gyngor Sir y Fflint", f"{SOFT_LIST}; grahamhall.org session 24 ('at feddyg')"),
    ("Pharmacy Wales", "at", "at Pharmacy Wales", NO_DIGRAPH),
    # dan, drwy, wrth: soft
    ("Bwrdd Iechyd Addysgu Powys", "dan", "dan Fwrdd Iechyd Addysgu Powys", f"{SOFT_LIST}; {PARALLEL}: b>f"),
    ("Gwasanaeth Prawf", "dan", "dan Wasanaeth Prawf", f"{SOFT_LIST}; {PARALLEL}: g>-"),
    ("Cymru", "drwy", "drwy Gymru", "BBC Cymru Fyw etholaethau, Ynys Môn ('un o bob pump (20%) yw'r cyfartaledd drwy Gymru')"),
    ("Gwent", "drwy", "drwy Went", f"{SOFT_LIST}; {BBC_LEARN}: g>-"),
    ("Bae Caerdydd", "wrth", "wrth Fae Caerdydd", f"{SOFT_LIST}; grahamhall.org session 24 ('wrth lyfrgell')"),
    ("Rhuthun", "wrth", "wrth Ruthun", f"{SOFT_LIST}; {PARALLEL}: rh>r"),
    # gan: soft
    ("Cyngor Caerdydd", "gan", "gan Gyngor Caerdydd", "newyddioncaerdydd.co.uk / prnewslink Diweddariad COVID-19 22 Mai ('diweddariad ... gan Gyngor Caerdydd')"),
    ("Cyngor Sir y Fflint", "gan", "gan Gyngor Sir y Fflint", "siryfflint.gov.uk/cy news 19/10/2020 ('Datganiad gan Gyngor Sir y Fflint')"),
    ("Dinas a Sir Abertawe", "gan", "gan Ddinas a Sir Abertawe", "democracy.swansea.gov.uk Welsh minutes ('Côd Ymddygiad a fabwysiadwyd gan Ddinas a Sir Abertawe')"),
    ("Port Talbot", "gan", "gan Bort Talbot", "Neath Port Talbot well-being assessment, Port Talbot page in Welsh ('Mae gan Bort Talbot theatr')"),
    ("Llywodraeth Cymru", "gan", "gan Lywodraeth Cymru", "cdffc.llyw.cymru cadarnhau diwygio ffiniau ('eu gwrthod gan Lywodraeth Cymru')"),
    ("Merthyr", "gan", "gan Ferthyr", "testunau.org mynegair 'ferthyr' ('Bydd gan Ferthyr ... reolwr newydd')"),
    ("Caerdydd", "gan", "gan Gaerdydd", "bbc.co.uk/cymrufyw/29353752 ('rydym yn cael ein bwlio gan Gaerdydd')"),
    ("Y Rhyl", "gan", "gan y Rhyl", "cy.wikipedia Y Rhyl ('Mae gan y Rhyl un o'r traethau gorau')"),
    (no("Estyn"), "gan", "gan Estyn", "estyn.llyw.cymru (a brand that never mutates; vowel-initial)"),
    (no("CIW"), "gan", "gan CIW", "acronyms stay unmutated: 'am BIPBC' (ymchwil.senedd.cymru)"),
    ("Ngorongoro", "gan", "gan Ngorongoro", NO_DIGRAPH),
    # heb, hyd, dros: soft
    ("Cyngor Caerdydd", "heb", "heb Gyngor Caerdydd", f"{SOFT_LIST}; grahamhall.org session 24 ('heb fwyd')"),
    ("Merthyr Tudful", "heb", "heb Ferthyr Tudful", f"{SOFT_LIST}; {PARALLEL}: m>f"),
    ("Caerdydd", "hyd", "hyd Gaerdydd", f"{SOFT_LIST}; {PARALLEL}: c>g"),
    ("Bangor", "hyd", "hyd Fangor", f"{SOFT_LIST}; {PARALLEL}: b>f"),
    ("Cymru", "dros", "dros Gymru", "Y Cymro, Medi 2023 ('Llyfrau dros Gymru')"),
    ("Pen-y-bont ar Ogwr", "dros", "dros Ben-y-bont ar Ogwr", f"{SOFT_LIST}; {PARALLEL}: p>b"),
    # a (and): aspirate; ac before a vowel
    ("Pen-y-bont ar Ogwr", "a", "a Phen-y-bont ar Ogwr", "cwmtafmorgannwgsafeguardingboard.co.uk/Cy ('Rhondda Cynon Taf, Merthyr Tudful a Phen-y-bont ar Ogwr')"),
    ("Powys", "a", "a Phowys", "biphdd.gig.cymru ('Sir Benfro, Ceredigion a Phowys'); legislation.gov.uk wsi/2004/2746 ('Castell-nedd Port Talbot a Phowys')"),
    ("Caergybi", "a", "a Chaergybi", "bbc.com/cymrufyw/etholiad-2016-36034217 ('o Aberdaron a Chaergybi yn y gorllewin')"),
    ("Pwllheli", "a", "a Phwllheli", "bbc.com/cymrufyw/etholiad-2016-36034217 ('Y Rhyl, Llandudno a Phwllheli')"),
    ("Cyfoeth Naturiol Cymru", "a", "a Chyfoeth Naturiol Cymru", "llesiantgwyneddamon.org/cy ('Bwrdd Iechyd Prifysgol Betsi Cadwaladr a Chyfoeth Naturiol Cymru')"),
    ("Wrecsam", "a", "a Wrecsam", "bbc.com/cymrufyw/etholiad-2016-36034217 ('i Lannau Dyfrdwy a Wrecsam')"),
    ("Lloegr", "a", "a Lloegr", "golwg.360.cymru ('yng Nghymru a Lloegr'); BBC Bitesize: only c p t take the aspirate"),
    ("Merthyr Tudful", "a", "a Merthyr Tudful", "BBC Bitesize 'The aspirate mutation' (only c, p, t change)"),
    ("Ynys Môn", "a", "ac Ynys Môn", "llesiantgwyneddamon.org/cy ('Mae pobl Gwynedd ac Ynys Môn yn cael eu hannog')"),
    ("Ysbyty Nevill Hall", "a", "ac Ysbyty Nevill Hall", "bipab.gig.cymru ('ag Ysbyty Brenhinol Gwent ac Ysbyty Nevill Hall')"),
    (no("Estyn"), "a", "ac Estyn", "arolygiaethgofal.cymru JICPA Castell-nedd Port Talbot ('Arolygiaeth Prawf Ei Mawrhydi ... ac Estyn')"),
    (no("AGC"), "a", "ac AGC", "estyn.llyw.cymru arweiniad gwirio cywirdeb ffeithiol ('sut bydd Estyn ac AGC yn ymateb')"),
    ("Arfon", "a", "ac Arfon", "cy.wikipedia Moel-y-don ('a gysylltai Môn ac Arfon')"),
    ("Y Rhyl", "a", "a'r Rhyl", ARTICLE),
    ("Phoenix", "a", "a Phoenix", NO_DIGRAPH),
    # â (with): aspirate; ag before a vowel
    ("Cyngor Gwynedd", "â", "â Chyngor Gwynedd", "golwg360.cymru/newyddion/cymru/521546 ('y cynlluniau i uno â Chyngor Gwynedd')"),
    ("Arolygiaeth Cwnstabliaeth a Gwasanaethau Tân ac Achub Ei Mawrhydi", "â", "ag Arolygiaeth Cwnstabliaeth a Gwasanaethau Tân ac Achub Ei Mawrhydi", "arolygiaethgofal.cymru JICPA Castell-nedd Port Talbot ('arolygiad ar y cyd ag ... Arolygiaeth Cwnstabliaeth')"),
    ("Ysbyty Brenhinol Gwent", "â", "ag Ysbyty Brenhinol Gwent", "bipab.gig.cymru ('Ymwelodd Ysgrifennydd y Cabinet ... ag Ysbyty Brenhinol Gwent')"),
    ("Thames Valley Police", "â", "â Thames Valley Police", NO_DIGRAPH),
    # gyda: aspirate; gydag before a vowel
    ("Cyngor Sir Ynys Môn", "gyda", "gyda Chyngor Sir Ynys Môn", "gwynedd.gov.uk press release 4 March 2011 ('Cydweithio gyda Chyngor Sir Ynys Môn')"),
    ("Cyngor Sir Fynwy", "gyda", "gyda Chyngor Sir Fynwy", "bipab.gig.cymru ('menter partneriaeth gyda Chyngor Sir Fynwy')"),
    ("Cyngor Gwynedd", "gyda", "gyda Chyngor Gwynedd", "feeds.bbci.co.uk/cymrufyw/44399495 ('uno gyda Chyngor Gwynedd')"),
    ("Bwrdd Iechyd Prifysgol Hywel Dda", "gyda", "gyda Bwrdd Iechyd Prifysgol Hywel Dda", "biap.gig.cymru ('wedi gweithio gyda Bwrdd Iechyd Prifysgol Hywel Dda')"),
    ("Y Barri", "gyda", "gyda'r Barri", ARTICLE),
    ("Ynys Môn", "gyda", "gydag Ynys Môn", "gwynedd.gov.uk press release 4 March 2011 ('yn parhau i weithio gydag Ynys Môn')"),
    (no("Estyn"), "gyda", "gydag Estyn", "llyw.cymru/node/6042, written statement 7 June 2018 ('byddaf yn gweithio gydag Estyn')"),
    # tua: aspirate
    ("Caerdydd", "tua", "tua Chaerdydd", f"gydangilydd.cymru/mynyddmawr.htm ('tua phedwar': tua takes the aspirate); {BBC_LEARN}: c>ch"),
    ("Pen-y-bont ar Ogwr", "tua", "tua Phen-y-bont ar Ogwr", f"gydangilydd.cymru/mynyddmawr.htm ('tua phedwar'); {BBC_LEARN}: p>ph"),
    ("Tywyn", "tua", "tua Thywyn", f"gydangilydd.cymru/mynyddmawr.htm ('tua phedwar'); {BBC_LEARN}: t>th"),
    ("Bangor", "tua", "tua Bangor", "BBC Bitesize 'The aspirate mutation' (only c, p, t change)"),
    ("Y Rhyl", "tua", "tua'r Rhyl", ARTICLE),
]


def _id(row) -> str:
    values = row.values if hasattr(row, "values") else row
    return f"{values[1]}+{values[0]}"


@pytest.mark.parametrize("value, trigger, expected, source", MUTATIONS, ids=[_id(r) for r in MUTATIONS])
def test_slot_after_trigger(value, trigger, expected, source):
    assert source
    assert after(value, trigger) == expected


def test_the_table_covers_every_trigger_and_mutable_letter():
    rows = [r.values if hasattr(r, "values") else r for r in MUTATIONS]
    assert len(rows) >= 60
    assert {"yn", "i", "o", "am", "ar", "at", "dan", "drwy", "wrth", "gan", "heb", "hyd", "dros", "a", "â", "gyda", "tua"} <= {r[1] for r in rows}
    starts = {str(r[0]).lower()[:2] for r in rows} | {str(r[0]).lower()[:1] for r in rows}
    assert {"p", "t", "c", "b", "d", "g", "m", "ll", "rh", "ch", "dd", "ff", "ng", "ph", "th", "y "} <= starts
    assert any(isinstance(r[0], WelshName) and not r[0].mutate for r in rows)


# ---- Spelling against the real cy_GB dictionary --------------------------------------------------

@pytest.mark.parametrize("text", [
    "Maen nhw'n gwrando ar blant a phobl ifanc.",
    "Gwneud yn siŵr bod plant yn ddiogel.",
    "Fe wnaethon ni siarad â'r staff i'r ysgol a'r heddlu.",
    "Dyma rai o'r pethau da welon ni.",
    "Maen nhw’n gweithio gyda’i gilydd.",  # typographic apostrophes
    "sut maen nhw'n delio â cham-drin ac esgeulustod",
    "Edrych ar sut mae plant yn cael eu cadw'n ddiogel yng Nghaerdydd.",
])
def test_correct_welsh_has_no_unknown_words(text):
    assert spelling.unknown_words(text) == []


@pytest.mark.parametrize("text, unknown", [
    ("Maen nhw'n gwrandoo ar blant.", ["gwrandoo"]),
    ("Mae'r staff yn gweithoi'n dda.", ["gweithoi'n"]),
    ("Fe wnaethon ni edrych yng Nghaerdyd.", ["Nghaerdyd"]),
    ("plant a phobol ifnac, plant a phobol ifnac", ["ifnac"]),  # each word once
])
def test_misspelt_welsh_is_found(text, unknown):
    assert spelling.unknown_words(text) == unknown


def test_slots_numbers_acronyms_and_allowed_words_are_not_spelt():
    text = "{{ place | after('yn') }} ym mis Ionawr 2024, gyda MASH a CIW. Ymgyrch Encompass {% if x %}xyzzy{% endif %}"
    assert spelling.unknown_words(text) == ["Encompass", "xyzzy"]  # text inside a {% if %} is printed: it is spelt
    assert spelling.unknown_words(text, allowed={"encompass", "XYZZY"}) == []


def test_gazetteer_names_are_allowed_in_every_mutation():
    words = spelling.name_words(["Arolygiaeth Cwnstabliaeth a Gwasanaethau Tân ac Achub Ei Fawrhydi", "Castell-nedd Port Talbot"])
    assert {"Cwnstabliaeth", "Gwnstabliaeth", "Talbot"} <= words
    assert spelling.unknown_words("gan Arolygiaeth Gwnstabliaeth", words) == []


@pytest.fixture
def book(blank_phrasebook) -> Path:
    root = blank_phrasebook
    (root / "topics" / "test.yaml").write_text(
        "topic: test\n"
        "title: {en: Test, cy: Prawf}\n"
        "entries:\n"
        "  - id: test.listen\n"
        "    section: good-points\n"
        "    when:\n"
        "      any: ['\\blisten']\n"
        "    families:\n"
        "      en: listen to children\n"
        "      cy: gwrando ar blant\n"
        "    children:\n"
        "      en: listen to children\n"
        "      cy: gwrandoo ar blant\n"
        "    example: Staff listen to children.\n"
        "    counter_example: Staff read reports.\n",
        encoding="utf-8",
    )
    return root


def test_phrasebook_check_reports_unknown_welsh_with_file_and_line(book):
    problems = check_welsh_spelling(load_phrasebook(book))
    assert [(Path(p.path).name, p.line) for p in problems] == [("test.yaml", 13)]
    assert "'gwrandoo'" in problems[0].message and "entry test.listen children" in problems[0].message


def test_allow_list_needs_a_reason(book):
    allow_list = book / "welsh-allow.yaml"
    shipped = allow_list.read_text(encoding="utf-8")
    allow_list.write_text(shipped + "  - {word: gwrandoo, reason: ''}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="needs a reason"):
        check_welsh_spelling(load_phrasebook(book))
    allow_list.write_text(shipped + "  - {word: gwrandoo, reason: a test word}\n", encoding="utf-8")
    assert check_welsh_spelling(load_phrasebook(book)) == []


def test_missing_dictionary_says_how_to_install(monkeypatch):
    spelling.dictionary.cache_clear()
    monkeypatch.setitem(sys.modules, "cymraeg_mcp", None)  # as if it were not installed
    try:
        with pytest.raises(RuleError, match="pip install --no-deps cymraeg-mcp spylls"):
            spelling.dictionary()
    finally:
        monkeypatch.undo()
        spelling.dictionary.cache_clear()
