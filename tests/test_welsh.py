"""Welsh a handout prints: slot fillings after a trigger word, and spelling against cy_GB.

Every expected form in MUTATIONS was read in a source, named in the row: an official Welsh page
using that very form, or (marked "table:") the mutation tables of a named grammar reference,
applied to a name that starts with the letter the row tests.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pytest
from babel import Locale

from easyread import spelling
from easyread.checks import check_welsh_spelling
from easyread.errors import RuleError
from easyread.phrasebook import load_phrasebook
from easyread.resources import templates_dir
from easyread.welsh import (PLURAL_CATEGORIES, TABLES, TRIGGERS, WelshName, after, join_list, mutate, plural, plural_category,
                            po_plural_forms, with_article)

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
    ("Cymru", "yn", "yng Nghymru", "lingo.360.cymru 2023 Jan 2 ('2023 yw Blwyddyn Llwybrau yng Nghymru'); golwg.360.cymru ('yng Nghymru a Lloegr')"),
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


# ---- The definite article: y / yr / 'r, after a trigger word -------------------------------------

SENEDD = "record.assembly.wales/Meeting/12973 (Senedd Record, 11 Sep 2022)"
MOLD = "moldtowncouncil.org.uk/Mold-Welsh (Mold Town Council's Welsh pages)"
LINGO = "lingo.360.cymru weekly news"
HMIP_2020 = "HMI Probation, 'Arolygiad o wasanaethau troseddwyr ifanc Caerdydd', July 2020, Welsh"
CLITIC_RULE = "table: a word ending in a vowel takes the article as 'r (the rule every i'r / o'r / a'r / gyda'r row shows)"


def fem(noun: str) -> WelshName:
    """A feminine singular noun: soft mutation after the article, except ll and rh."""
    return WelshName(noun, feminine=True)


# (value, trigger, expected, source)
ARTICLES = [
    # no trigger: y before a consonant, yr before a vowel or h
    ("cyfarfod", None, "y cyfarfod", f"{SENEDD} ('yn ystod y cyfarfod ...'); {MOLD} ('cyn y cyfarfod')"),
    ("heddlu", None, "yr heddlu", f"{LINGO} 2023 Jan 2 ('Apêl yr heddlu am graffiti')"),
    ("wythnos", None, "yr wythnos", f"{LINGO} 2023 Jan ('yn brysur yr wythnos hon'): w is a vowel before y"),
    ("Eisteddfod", None, "yr Eisteddfod", f"{LINGO} 2022 Jul 4 ('paratoi at yr Eisteddfod Genedlaethol')"),
    (fem("cadair"), None, "y gadair", f"{SENEDD} ('gyda'r Llywydd (Elin Jones) yn y Gadair'): feminine c>g"),
    (fem("tref"), None, "y dref", f"{MOLD} ('cynnal ... yn y dref', 'Cyngor y Dref'): feminine t>d"),
    (fem("plaid"), None, "y blaid", f"{LINGO} 2022 Jul 4 ('aelod o'r blaid'): feminine p>b"),
    (fem("blwyddyn"), None, "y flwyddyn", f"{LINGO} ('Llyfr y Flwyddyn 2023'): feminine b>f"),
    (fem("gardd"), None, "yr ardd", f"{MOLD} ('Yr ardd flaen fwyaf trwsiadus'): feminine g>-, then yr before the vowel"),
    (fem("gwlad"), None, "y wlad", f"{LINGO} 2022 Nov 4 ('cynghorau dros y wlad'): feminine g>-, w a consonant before l"),
    (fem("llywodraeth"), None, "y llywodraeth", f"{HMIP_2020} ('Rydym yn annibynnol o'r llywodraeth'): ll does not mutate after the article"),
    (fem("Uned Gyflawni"), None, "yr Uned Gyflawni", "hmiprobation.justiceinspectorates.gov.uk, Gogledd Cymru 2025 ('(yr Uned Gyflawni)')"),
    ("Arolygiaeth", None, "yr Arolygiaeth", f"{HMIP_2020} ('ar draws yr Arolygiaeth')"),
    # yn: "yn y" / "yn yr", never 'r, no nasal mutation after the article
    ("bwrdd iechyd", "yn", "yn y bwrdd iechyd", f"{LINGO} 2023 Mar ('pethau'n gwella yn y bwrdd iechyd')"),
    ("arolygiad", "yn", "yn yr arolygiad", f"{HMIP_2020} ('cymryd rhan yn yr arolygiad')"),
    (fem("Plaid Geidwadol"), "yn", "yn y Blaid Geidwadol", f"{LINGO} 2023 Mar ('wedi bod yn y Blaid Geidwadol')"),
    ("Yr Alban", "yn", "yn yr Alban", f"{SENEDD} ('ei marwolaeth nos Iau yn yr Alban')"),
    ("Yr Wyddgrug", "yn", "yn yr Wyddgrug", f"{MOLD} ('yma yn yr Wyddgrug'); cy.wikipedia.org/wiki/Wyddgrug"),
    ("Y Rhyl", "yn", "yn y Rhyl", "northeastwales.wales/cy ('Harbwr y Foryd yn y Rhyl')"),
    # i, o, a, â, gyda, tua, drwy end in a vowel: 'r
    ("cyfarfod", "i", "i'r cyfarfod", f"{SENEDD} ('Croeso, bawb ... i'r cyfarfod arbennig yma')"),
    ("Clerc", "i", "i'r Clerc", f"{MOLD} ('rhoi rhybudd o hynny i'r Clerc')"),
    ("Yr Alban", "i", "i'r Alban", f"{LINGO} 2022 Nov 4 ('rhaid i'r Alban gael caniatâd')"),
    ("Yr Wyddgrug", "i", "i'r Wyddgrug", f"{MOLD} ('fflach o liw i'r Wyddgrug'); cy.wikipedia.org/wiki/Wyddgrug ('Tu ôl i'r Wyddgrug')"),
    ("Senedd", "o", "o'r Senedd", f"{SENEDD} ('cyfarfod arbennig yma o'r Senedd')"),
    ("swyddfa", "o", "o'r swyddfa", f"{MOLD} ('i'w cael o'r swyddfa')"),
    (fem("llywodraeth"), "o", "o'r llywodraeth", f"{HMIP_2020} ('Rydym yn annibynnol o'r llywodraeth')"),
    (fem("plaid"), "o", "o'r blaid", f"{LINGO} 2022 Jul 4 ('yn aelod o'r blaid unwaith eto')"),
    ("Tiriogaethau", "a", "a'r Tiriogaethau", "bbc.co.uk/cymrufyw/63475889 (the Proclamation in Welsh: 'y Teyrnasoedd a'r Tiriogaethau')"),
    ("bobl", "a", "a'r bobl", f"{MOLD} annual report 2015-16 ('Cyngor Tref yr Wyddgrug a'r bobl a wasanaethwn')"),
    ("cyhoedd", "â", "â'r cyhoedd", "bbc.co.uk/cymrufyw/63475889 ('Y Brenin Charles yn cwrdd â'r cyhoedd')"),
    ("Llywydd", "gyda", "gyda'r Llywydd", f"{SENEDD} ('Cyfarfu'r Senedd ... gyda'r Llywydd')"),
    ("cynnig", "gyda", "gyda'r cynnig", f"{LINGO} 2022 Nov 4 ('Cyngor Gwynedd yn cytuno gyda'r cynnig')"),
    ("Tîm Diogelu Addysg", "gyda", "gyda'r Tîm Diogelu Addysg", f"{LINGO} 2022 Nov 4 ('gyda'r cynnig'): gyda takes 'r before a consonant"),
    ("ysgol", "gyda", "gyda'r ysgol", f"{CLITIC_RULE}: never 'gydag yr'"),
    ("de", "tua", "tua'r de", CLITIC_RULE),
    ("hwn", "drwy", "drwy'r hwn", "bbc.co.uk/cymrufyw/63475889 (the Proclamation in Welsh: 'drwy'r hwn y mae Brenhinoedd ... yn teyrnasu')"),
    # other triggers end in a consonant: "X y" / "X yr"
    ("cyd-arolygwyr", "gan", "gan y cyd-arolygwyr", f"{HMIP_2020} ('Cynorthwywyd Arolygiaeth Prawf EM gan y cyd-arolygwyr')"),
    ("heddlu", "gan", "gan yr heddlu", f"{LINGO} 2022 Jul 4 ('wedi cael rhybudd gan yr heddlu')"),
    ("bwrdd hysbysiadau", "ar", "ar y bwrdd hysbysiadau", f"{MOLD} ('yn cael ei arddangos ar y bwrdd hysbysiadau')"),
    ("Stryd Fawr", "at", "at y Stryd Fawr", f"{MOLD} ('y llwybr sy'n arwain at y Stryd Fawr')"),
    ("Eisteddfod", "at", "at yr Eisteddfod", f"{LINGO} 2022 Jul 4 ('paratoi at yr Eisteddfod Genedlaethol')"),
    (fem("gwlad"), "dros", "dros y wlad", f"{LINGO} 2022 Nov 4 ('cynghorau dros y wlad')"),
    ("Y Barri", "am", "am y Barri", "valeofglamorgan.gov.uk/cy Yr Wythnos Gyda Rob, 25 April 2025 ('Cynefin am y Barri')"),
]


@pytest.mark.parametrize("value, trigger, expected, source", ARTICLES, ids=[f"{r[1]}+{r[0]}" for r in ARTICLES])
def test_definite_article(value, trigger, expected, source):
    assert source
    assert with_article(value, trigger) == expected


def test_a_template_writes_the_article_through_the_filter():
    from easyread.phrasebook import ENV

    template = ENV.from_string("gweithio {{ team | with_article('gyda') }} {{ unit | with_article('yn', feminine=True) }}")
    assert template.render(team="Tîm Diogelu Addysg", unit="canolfan") == "gweithio gyda'r Tîm Diogelu Addysg yn y ganolfan"
    assert ENV.from_string("{{ unit | with_article('i') }}").render(unit=WelshName("Cynhadledd Amddiffyn Plant", feminine=True)) == "i'r Gynhadledd Amddiffyn Plant"


def test_a_handout_fills_a_template_again_for_a_name_with_other_grammar(phrasebook, analyses):
    """The handout fills each template once per slot values (handout._Builder.render). A WelshName
    equals its plain text whatever its flags, so a name that must not mutate is told apart by them."""
    from easyread.handout import _Builder
    from easyread.phrasebook import Text, load_handout_text

    fixed = load_handout_text(templates_dir() / "handout.yaml")
    builder = _Builder(analyses["cardiff-2024-jicpa-report.md"], phrasebook, fixed, "families")
    text = Text("by {{ body }}", "{{ body | after('gan') }}", frozenset({"body"}))
    assert builder.render(text, {"body": ("the council", WelshName("Cyngor"))}) == ("by the council", "gan Gyngor")
    assert builder.render(text, {"body": ("the council", no("Cyngor"))}) == ("by the council", "gan Cyngor")
    assert builder.render(text, {"body": ("the council", WelshName("Cyngor"))}) == ("by the council", "gan Gyngor")


def test_an_unknown_trigger_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="not a trigger word"):
        after("Caerdydd", "mewn")
    with pytest.raises(ValueError, match="not a trigger word"):
        with_article("tîm", "mewn")


# ---- Plurals and lists (CLDR through babel) ------------------------------------------------------

CLDR_CY = "CLDR plural rules for cy (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html): zero n=0, one n=1, two n=2, few n=3, many n=6, other"


@pytest.mark.parametrize("n, category", [(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (4, "other"), (5, "other"),
                                         (6, "many"), (7, "other"), (8, "other"), (10, "other"), (11, "other"),
                                         (13, "other"), (16, "other"), (20, "other"), (100, "other"), (106, "other")])
def test_plural_category(n, category):
    assert CLDR_CY
    assert plural_category(n) == category


def test_plural_picks_the_form_and_falls_back_to_other():
    forms = {"zero": "dim ysgol", "one": "un ysgol", "two": "dwy ysgol", "other": "{n} ysgol"}
    assert [plural(n, **forms) for n in (0, 1, 2, 3, 6, 1200)] == ["dim ysgol", "un ysgol", "dwy ysgol", "3 ysgol", "6 ysgol", "1,200 ysgol"]
    with pytest.raises(ValueError, match="'other'"):
        plural(2, one="un ysgol")
    with pytest.raises(ValueError, match="unknown category 'several'"):
        plural(2, several="x", other="y")


def test_po_plural_forms_header_matches_cldr_for_0_to_200():
    """The header a Welsh PO file needs, read by gettext's own C-expression reader, gives the
    CLDR category for every n; babel.messages.plurals' Welsh header (5 forms) does not."""
    import gettext

    from babel.messages.plurals import get_plural

    header = po_plural_forms()
    nplurals = int(re.search(r"nplurals=(\d+)", header)[1])
    index = gettext.c2py(re.search(r"plural=(.*);", header)[1])
    assert nplurals == len(PLURAL_CATEGORIES) == 6
    for n in range(201):
        assert PLURAL_CATEGORIES[index(n)] == Locale("cy").plural_form(n), n
    babel_header = get_plural("cy")
    assert babel_header.num_plurals == 5 and gettext.c2py(babel_header.plural_expr)(0) == gettext.c2py(babel_header.plural_expr)(4)


@pytest.mark.parametrize("items, expected, source", [
    (["Caerdydd", "Abertawe", "Casnewydd"], "Caerdydd, Abertawe a Chasnewydd", "aspirate c>ch after a: bbc.com/cymrufyw/etholiad-2016-36034217 ('Aberdaron a Chaergybi')"),
    (["Sir Benfro", "Ceredigion", "Powys"], "Sir Benfro, Ceredigion a Phowys", "biphdd.gig.cymru ('Sir Benfro, Ceredigion a Phowys')"),
    (["Rhondda Cynon Taf", "Merthyr Tudful", "Pen-y-bont ar Ogwr"], "Rhondda Cynon Taf, Merthyr Tudful a Phen-y-bont ar Ogwr", "cwmtafmorgannwgsafeguardingboard.co.uk/Cy"),
    (["Casnewydd", "Caerffili", "Blaenau Gwent", "Torfaen", "Mynwy"], "Casnewydd, Caerffili, Blaenau Gwent, Torfaen a Mynwy", "bbc.com/cymrufyw/19976258"),
    (["Gwynedd", "Ynys Môn"], "Gwynedd ac Ynys Môn", "llesiantgwyneddamon.org/cy ('pobl Gwynedd ac Ynys Môn')"),
    (["Caerdydd", "Abertawe", "Bangor"], "Caerdydd, Abertawe a Bangor", "issue 5's own example; b does not take the aspirate (BBC Bitesize)"),
    ([WelshName("AGC", mutate=False), WelshName("Estyn", mutate=False)], "AGC ac Estyn", "estyn.llyw.cymru ('sut bydd Estyn ac AGC yn ymateb')"),
    (["Ceredigion", WelshName("CIW", mutate=False)], "Ceredigion a CIW", "acronyms never mutate (ymchwil.senedd.cymru 'am BIPBC')"),
    (["Caerdydd"], "Caerdydd", "one item: no joining word"),
])
def test_join_list(items, expected, source):
    assert source
    assert join_list(items) == expected
    assert "a(c)" not in join_list(items)


# ---- Her Majesty's / His Majesty's: the form of the report's date, or its own -------------------

def test_reports_before_september_2022_print_her_majestys(phrasebook, analyses):
    npt = analyses["neath-port-talbot-2021-jicpa-letter.txt"].report.metadata
    cardiff = analyses["cardiff-2024-jicpa-report.md"].report.metadata
    assert phrasebook.name_as_used("hmicfrs", npt).en.startswith("Her Majesty's")
    assert phrasebook.name_as_used("hmicfrs", npt).cy.endswith("Ei Mawrhydi")
    assert phrasebook.name_as_used("hmi-probation", npt).cy == "Arolygiaeth Prawf Ei Mawrhydi"
    assert phrasebook.name_as_used("hmicfrs", cardiff).en.startswith("His Majesty's")
    assert phrasebook.name_as_used("hmicfrs", cardiff).cy.endswith("Ei Fawrhydi")


@pytest.mark.parametrize("date, text, expected", [
    (dt.date(2019, 5, 1), "", "Her"),
    (dt.date(2022, 9, 7), "", "Her"),
    (dt.date(2022, 9, 8), "", "Her"),  # the Queen died on the evening of 8 September 2022
    (dt.date(2022, 9, 9), "", "His"),
    (dt.date(2024, 1, 15), "", "His"),
    (None, "", "His"),  # no date: today's name
    # the report's own words win over its date
    (dt.date(2022, 10, 3), "Her Majesty's Inspectorate of Constabulary and Fire and Rescue Services (HMICFRS)", "Her"),
    (dt.date(2022, 6, 1), "His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services", "His"),
    # both written (a report quoting an older one): the date decides
    (dt.date(2023, 2, 1), "Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services (2021) and His Majesty's Inspectorate of Constabulary and Fire & Rescue Services", "His"),
    (dt.date(2022, 3, 1), "HMICFRS", "Her"),  # the acronym says nothing: the date decides
])
def test_majesty_by_date_and_by_the_reports_words(phrasebook, date, text, expected):
    name = phrasebook.name("hmicfrs").as_of(date, text)
    assert name.en.startswith(f"{expected} Majesty's")
    assert name.cy.endswith({"Her": "Ei Mawrhydi", "His": "Ei Fawrhydi"}[expected])
    assert name.short_en == name.short_cy == "HMICFRS"


def test_an_earlier_name_needs_a_date_and_a_source(blank_phrasebook):
    gazetteer = blank_phrasebook / "gazetteer.yaml"
    text = gazetteer.read_text(encoding="utf-8")
    gazetteer.write_text(text.replace("      - until: 2022-09-08\n        en: Her Majesty's Inspectorate of Probation",
                                      "      - until: September 2022\n        en: Her Majesty's Inspectorate of Probation"), encoding="utf-8")
    with pytest.raises(RuleError, match="'until' must be a date") as err:
        load_phrasebook(blank_phrasebook)
    assert err.value.args and "gazetteer.yaml" in str(err.value)


# ---- Spelling of everything a handout can print ----------------------------------------------------

def test_every_welsh_word_the_handout_can_print_is_known_or_allowed(phrasebook):
    """Topics, terms, hard words, handout.yaml and pictures.yaml: no unknown Welsh word."""
    problems = check_welsh_spelling(phrasebook)
    assert [str(p) for p in problems] == []


def test_fixed_text_spelling_problems_name_the_file_and_line(tmp_path, phrasebook):
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("handout.yaml", "pictures.yaml"):
        shutil.copy(templates_dir() / name, templates / name)
    handout = templates / "handout.yaml"
    handout.write_text(handout.read_text(encoding="utf-8").replace("cy: Camau nesaf", "cy: Camau nesfa"), encoding="utf-8")
    pictures = templates / "pictures.yaml"
    pictures.write_text(pictures.read_text(encoding="utf-8").replace('cy: "Plentyn"', 'cy: "Plentynn"'), encoding="utf-8")
    problems = check_welsh_spelling(phrasebook, templates)
    found = {(Path(p.path).name, p.line, p.message.split("'")[1]) for p in problems}
    handout_line = next(n for n, line in enumerate(handout.read_text(encoding="utf-8").splitlines(), 1) if "nesfa" in line)
    pictures_line = next(n for n, line in enumerate(pictures.read_text(encoding="utf-8").splitlines(), 1) if "Plentynn" in line)
    assert found == {("handout.yaml", handout_line, "nesfa"), ("pictures.yaml", pictures_line, "Plentynn")}


# ---- The Welsh of every handout built from seeds/ ---------------------------------------------------

SEED_REPORTS = [p for p in sorted((Path(__file__).resolve().parents[1] / "seeds").iterdir()) if "easyread" not in p.name]


@pytest.fixture(scope="module")
def seed_handouts(phrasebook):
    """Both handouts of each seed report, as the build makes them (the handout model: no files)."""
    from easyread import api
    from easyread.handout import build_handout
    from easyread.phrasebook import load_handout_text

    fixed = load_handout_text(templates_dir() / "handout.yaml")
    analyses = {path.name: api.analyse(path, phrasebook) for path in SEED_REPORTS}
    return {seed: [build_handout(analysis, phrasebook, fixed, audience)[0] for audience in ("families", "children")]
            for seed, analysis in analyses.items()}


def _welsh_of(handout) -> list[str]:
    """Every Welsh string the handout prints."""
    texts = [handout.title_cy, handout.hard_words_title[1]]
    for section in handout.sections:
        texts.append(section.title_cy)
        for group in section.groups:
            texts += [t for t in (group.title_cy, group.lead_cy) if t]
            texts += [s.cy for s in (*group.intro, *group.bullets)]
    for _, _, term, explain in handout.hard_words:
        texts += [term, explain]
    return texts


def _welsh_forms(name) -> set[str]:
    return {f for form in (name, *name.earlier) for f in (form.cy, form.short_cy) if f}


def _occurrences(text: str, names) -> list[tuple[int, int, object, str]]:
    """(start, end, name, its radical form) of each gazetteer name in Welsh `text`, in any mutation;
    a name inside a longer one ("Cymru" in "Heddlu De Cymru") counts as part of the longer one."""
    found = []
    for name in names:
        for form in _welsh_forms(name):
            variants = {form}
            if name.mutate and not (len(form) > 1 and form.isupper()):
                variants |= {mutate(form, kind) for kind in TABLES} | {"h" + form, "H" + form[:1].lower() + form[1:]}
            for variant in variants:
                for m in re.finditer(rf"(?<![\w'’-]){re.escape(variant)}(?![\w-])", text):
                    found.append((m.start(), m.end(), name, form))
    found.sort(key=lambda o: (o[0], -(o[1] - o[0])))
    kept, end = [], -1
    for occurrence in found:
        if occurrence[0] >= end:
            kept.append(occurrence)
            end = occurrence[1]
    return kept


def _triggers_before(text: str, start: int) -> tuple[int, list[str]]:
    """Where the word before `start` begins, and the trigger(s) it may be (none: not a trigger)."""
    m = re.search(r"([\wâêîôûŵŷ]+)\s+$", text[:start])
    if not m:
        return start, []
    word = m[1].lower()
    spelled = {"yng": "yn", "ym": "yn", "ac": "a", "ag": "â", "gydag": "gyda"}
    if word == "ei":
        return m.start(1), ["ei-his", "ei-her"]
    word = spelled.get(word, word)
    return m.start(1), [word] if word in TRIGGERS and word not in ("ac", "ag") else []


def test_seed_handouts_name_places_and_bodies_by_their_official_welsh_mutated(phrasebook, seed_handouts):
    """The Welsh of every handout built from seeds/ names every place and organisation by its
    official Welsh name, correctly mutated: no English name of a gazetteer entry whose Welsh differs,
    and each name after a trigger word in the form the sourced table (or after(), which it checks) gives."""
    sourced = {(str(r[0]), r[1]): r[2] for r in (row.values if hasattr(row, "values") else row for row in MUTATIONS)}
    translated = [n for n in phrasebook.names if n.en != n.cy]
    problems, checked = [], 0
    for seed, handouts in seed_handouts.items():
        for handout in handouts:
            for text in _welsh_of(handout):
                masked = text
                for start, end, name, form in _occurrences(text, phrasebook.names):
                    masked = masked[:start] + "\0" * (end - start) + masked[end:]
                    before, triggers = _triggers_before(text, start)
                    actual = text[before:end] if triggers else text[start:end]
                    expected = {sourced.get((form, t)) or after(name.welsh if form == name.cy else WelshName(form, name.mutate), t) for t in triggers} or {form}
                    checked += 1
                    if actual not in expected:
                        problems.append(f"{seed} {handout.audience}: '{actual}' should be {' or '.join(sorted(expected))}: {text}")
                for name in translated:
                    for alias in name.aliases:
                        if m := re.search(alias.pattern, masked):  # case-sensitive: English names are capitalised
                            problems.append(f"{seed} {handout.audience}: English '{m[0]}' ({name.id}) in Welsh: {text}")
    assert problems == []
    assert checked >= 3 * len(seed_handouts)  # each handout names at least its place, the inspectorates and bodies


def test_the_name_check_finds_english_and_wrong_mutations(phrasebook):
    """The seed test above must be able to fail: the same checks on wrong Welsh."""
    wrong = ["Fe wnaethon ni wirio sut mae gwasanaethau yn Caerdydd yn cadw plant yn ddiogel.",
             "gweithio gyda Cardiff Council",
             "gweithio gyda Cyngor Caerdydd",
             "Arolygiaeth Gofal Cymru (CIW)"]
    found = []
    for text in wrong:
        for start, end, name, form in _occurrences(text, phrasebook.names):
            before, triggers = _triggers_before(text, start)
            if triggers and text[before:end] not in {after(WelshName(form, name.mutate), t) for t in triggers}:
                found.append(text[before:end])
        found += [m[0] for n in phrasebook.names if n.en != n.cy for a in n.aliases if (m := re.search(a.pattern, text))]
    assert sorted(found) == ["CIW", "Cardiff", "Cardiff Council", "gyda Cyngor Caerdydd", "yn Caerdydd"]


def test_the_welsh_dates_printed_are_spelt_right():
    """Month names come from CLDR (welsh.MONTHS), not the phrasebook: spelt here instead."""
    from easyread.welsh import date_range, month_year

    printed = [month_year(dt.date(2024, m, 1)) for m in range(1, 13)] + [date_range(dt.date(2021, 6, 28), dt.date(2021, 7, 2))]
    assert printed[1] == "ym mis Chwefror 2024" and printed[-1] == "rhwng 28 Mehefin a 2 Gorffennaf 2021"
    assert [w for text in printed for w in spelling.unknown_words(text)] == []


@pytest.mark.parametrize("start, end", [(dt.date(2024, 1, 15), dt.date(2024, 1, 19)), (dt.date(2021, 6, 28), dt.date(2021, 7, 2)),
                                        (dt.date(2019, 12, 30), dt.date(2020, 1, 3)), (dt.date(2023, 3, 1), dt.date(2023, 11, 9))])
def test_welsh_dates_are_babels_cldr_dates(start, end):
    """welsh.MONTHS writes out CLDR's month names so a build need not load babel: the dates it
    prints are the ones babel's CLDR data gives, month by month."""
    from babel.dates import format_date

    from easyread.welsh import MONTHS, date_range, month_year

    cy = Locale("cy")
    assert MONTHS == tuple(cy.months["format"]["wide"][m] for m in range(1, 13))
    for date in (start, end):
        assert month_year(date) == "ym mis " + format_date(date, "MMMM y", locale=cy)
    same_month = (start.year, start.month) == (end.year, end.month)
    first = str(start.day) if same_month else format_date(start, "d MMMM", locale=cy)
    assert date_range(start, end) == f"rhwng {first} a {format_date(end, 'd MMMM y', locale=cy)}"


def test_a_template_with_an_unknown_trigger_is_refused_at_its_line(book):
    entry = book / "topics" / "test.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("cy: gwrando ar blant\n", "cy: gwrando ar blant {{ place | after('mewn') }}\n", 1)
                     .replace("en: listen to children\n", "en: listen to children in {{ place }}\n", 1), encoding="utf-8")
    with pytest.raises(RuleError, match=r"test\.yaml:\d+: .*'mewn' is not a trigger word"):
        load_phrasebook(book)
