"""Welsh grammar a filled slot needs: mutation after a trigger word, the article, plurals, lists, dates.

Templates name the trigger explicitly, so nothing guesses: ``{{ place | after('yn') }}`` gives
"yng Nghaerdydd", ``{{ organisation | after('gan') }}`` gives "gan Gyngor Caerdydd",
``{{ team | with_article('gyda') }}`` gives "gyda'r Tîm ...". The expected forms, with their
sources, are the tables in tests/test_welsh.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f", "ll": "l", "rh": "r"}
NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}
TABLES = {"soft": SOFT, "nasal": NASAL, "aspirate": ASPIRATE}
NEVER_MUTATE = ("ch", "dd", "ff", "ng", "ph", "th")  # digraphs whose first letter must not be read alone

VOWELS = "aeiouyâêîôûŷáéíóúẃýàèìòùẁỳäëïöüẅÿ"  # initial w is a consonant here: "a Wrecsam"


@dataclass(frozen=True)
class Trigger:
    """A word a template may put before a slot, and what it does to the word after it."""

    written: str  # how it is printed ("ei-his" and "ei-her" are both "ei")
    mutation: str | None  # soft | nasal | aspirate | None
    before_vowel: str | None = None  # its form before a vowel: a -> ac, â -> ag, gyda -> gydag
    h_before_vowel: bool = False  # ei "her" puts h before a vowel: "ei hysgol"

    @property
    def takes_article_clitic(self) -> bool:
        """A trigger ending in a vowel joins the article as 'r: i'r, o'r, a'r, gyda'r, drwy'r."""
        return self.written[-1] in VOWELS


def _triggers() -> dict[str, Trigger]:
    table = {"yn": Trigger("yn", "nasal")}  # "in": also changes its own form, see after()
    for word in ("i", "o", "am", "ar", "at", "dan", "drwy", "trwy", "wrth", "gan", "heb", "hyd", "dros", "dy", "neu", "pa"):
        table[word] = Trigger(word, "soft")
    table["ei-his"] = Trigger("ei", "soft")
    table.update({
        "a": Trigger("a", "aspirate", "ac"), "â": Trigger("â", "aspirate", "ag"),
        "gyda": Trigger("gyda", "aspirate", "gydag"), "efo": Trigger("efo", "aspirate"),
        "tua": Trigger("tua", "aspirate"), "tri": Trigger("tri", "aspirate"), "chwe": Trigger("chwe", "aspirate"),
        "ei-her": Trigger("ei", "aspirate", h_before_vowel=True),
        "ac": Trigger("ac", None), "ag": Trigger("ag", None),  # written before vowels: no mutation
    })
    return table


TRIGGERS = _triggers()

# The Welsh definite article: "yr" before a vowel or h, "y" before a consonant, "'r" after a vowel.
# Initial w is read as a vowel before y ("yr wythnos", "yr Wyddgrug") and as a consonant otherwise
# ("y wlad", "y wefan"); a name that breaks this ("Y Wyddfa") carries its own article.
_OWN_ARTICLE = re.compile(r"^(?P<article>Yr|Y|yr|y)\s+(?P<noun>\S.*)$", re.S)


class WelshName(str):
    """A Welsh name or term that knows whether it may mutate (acronyms and brands do not), and
    whether it is a feminine noun (soft mutation after the article: "y Gynhadledd")."""

    mutate: bool = True
    feminine: bool = False

    def __new__(cls, text: str, mutate: bool = True, feminine: bool = False) -> "WelshName":
        obj = super().__new__(cls, text)
        obj.mutate = mutate
        obj.feminine = feminine
        return obj


def _trigger(name: str) -> Trigger:
    try:
        return TRIGGERS[name]
    except KeyError:
        raise ValueError(f"'{name}' is not a trigger word; use one of: {', '.join(TRIGGERS)}") from None


def _split_initial(word: str) -> tuple[str, str]:
    lower = word.lower()
    if lower.startswith(NEVER_MUTATE):
        return "", word
    for size in (2, 1):
        if lower[:size] in SOFT or lower[:size] in NASAL:
            return word[:size], word[size:]
    return "", word


def mutate(word: str, kind: str | None) -> str:
    """Mutate the first letter(s) of `word`; keep a capital where the name had one."""
    if not kind or not word or not getattr(word, "mutate", True):
        return str(word)
    initial, rest = _split_initial(str(word))
    replacement = TABLES[kind].get(initial.lower()) if initial else None
    if replacement is None:
        return str(word)
    if initial[0].isupper():
        if replacement:
            replacement = replacement[0].upper() + replacement[1:]
        else:
            rest = rest[:1].upper() + rest[1:]
    return replacement + rest


def _starts_with_vowel(text: str) -> bool:
    return text[:1].lower() in VOWELS


def article_for(word: str) -> str:
    """'yr' before a vowel, h, or a vowel w ("yr wythnos"); 'y' before any other consonant."""
    lower = str(word).lower()
    if _starts_with_vowel(lower) or lower.startswith(("h", "ŵ", "wy", "wŷ")):
        return "yr"
    return "y"


def _own_article(text: str) -> tuple[str, str] | None:
    """A name with its own article ("Y Barri", "Yr Wyddgrug"): (article, the rest)."""
    m = _OWN_ARTICLE.match(text)
    return (m["article"], m["noun"]) if m else None


def _join_article(trigger: Trigger | None, article: str, noun: str) -> str:
    if trigger is None:
        return f"{article} {noun}"
    if trigger.takes_article_clitic:
        return f"{trigger.written}'r {noun}"
    return f"{trigger.written} {article} {noun}"


def after(value: str, trigger: str) -> str:
    """The trigger word followed by `value`, mutated and with the trigger in its right form."""
    rule = _trigger(trigger)
    text = str(value)
    if own := _own_article(text):
        article, noun = own
        return _join_article(rule, article.lower(), noun)
    if _starts_with_vowel(text):
        if rule.h_before_vowel and getattr(value, "mutate", True):
            return f"{rule.written} h{text}" if text[:1].islower() else f"{rule.written} H{text[:1].lower()}{text[1:]}"
        return f"{rule.before_vowel or rule.written} {text}"
    mutated = mutate(value, rule.mutation)
    word = rule.written
    if word == "yn":
        lower = mutated.lower()
        if lower.startswith("ngh") or (lower.startswith("ng") and not text.lower().startswith("ng")):
            word = "yng"
        elif lower.startswith("m"):
            word = "ym"
    return f"{word} {mutated}"


def with_article(value: str, trigger: str | None = None, feminine: bool | None = None) -> str:
    """`value` with the definite article, after `trigger` if given: "y tîm", "yr heddlu",
    "gyda'r tîm", "i'r ysgol", "yn yr uned", "a'r Barri". A feminine singular noun takes the soft
    mutation after the article, except ll and rh ("y Gynhadledd", "y llys"); a name with its own
    article ("Y Barri") keeps it. `feminine` defaults to what the value knows (WelshName)."""
    rule = _trigger(trigger) if trigger else None
    text = str(value)
    if own := _own_article(text):
        return _join_article(rule, own[0].lower(), own[1])
    if feminine is None:
        feminine = getattr(value, "feminine", False)
    noun = text
    if feminine and getattr(value, "mutate", True) and not text.lower().startswith(("ll", "rh")):
        noun = mutate(text, "soft")
    return _join_article(rule, article_for(noun), noun)


# ---- Numbers and plurals (CLDR, through babel) ---------------------------------------------------

@lru_cache(maxsize=None)
def _locale():
    """babel's Welsh locale, imported when a template first counts or lists: most builds do
    neither, and importing babel would add some 10 ms to each."""
    from babel import Locale

    return Locale("cy")


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # gettext index order, as babel.plural.to_gettext

# The PO header for Welsh with CLDR's six categories, indexed as PLURAL_CATEGORIES. Not babel's:
# babel.messages.plurals.PLURALS["cy"] is "nplurals=5; plural=(n==1 ? 1 : n==2 ? 2 : n==3 ? 3 :
# n==6 ? 4 : 0)", which folds zero into other (index 0), so a translator cannot write "dim plant"
# apart from "7 plentyn"; and gettext's older 4-form Welsh header (n==8 || n==11) predates CLDR.
PLURAL_FORMS = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);"


def po_plural_forms() -> str:
    """The Plural-Forms header a Welsh PO file needs (see PLURAL_FORMS)."""
    return PLURAL_FORMS


def plural_category(n: int) -> str:
    """CLDR's category for `n` in Welsh: 0 zero, 1 one, 2 two, 3 few, 6 many, else other."""
    return _locale().plural_form(abs(int(n)))


def number(n: int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(int(n), locale=_locale())


def plural(n: int, **forms: str) -> str:
    """The form for `n`'s plural category, "{n}" replaced by the number:
    ``{{ count | plural(one='un ysgol', two='dwy ysgol', other='{n} ysgol') }}``; missing
    categories fall back to `other`."""
    if "other" not in forms:
        raise ValueError("plural() needs an 'other' form")
    unknown = set(forms) - set(PLURAL_CATEGORIES)
    if unknown:
        raise ValueError(f"plural() has unknown category '{sorted(unknown)[0]}'; use: {', '.join(PLURAL_CATEGORIES)}")
    return forms.get(plural_category(n), forms["other"]).replace("{n}", number(n))


def join_list(items: list[str]) -> str:
    """'Caerdydd, Abertawe a Chasnewydd': babel's Welsh list pattern, with its "a(c)" made "ac"
    before a vowel and "a" (with the aspirate mutation) otherwise, and no comma before it
    ("Sir Benfro, Ceredigion a Phowys", biphdd.gig.cymru)."""
    items = list(items)
    if len(items) < 2:
        return str(items[0]) if items else ""
    from babel.lists import format_list

    marks = [f"\x00{i}\x00" for i in range(len(items))]
    text = format_list(marks, locale=_locale())
    text = re.sub(r",?\s+a\(c\)\s+" + re.escape(marks[-1]), " " + after(items[-1], "a").replace("\\", r"\\"), text)
    for mark, item in zip(marks, items):
        text = text.replace(mark, str(item))
    return text


# ---- Dates ------------------------------------------------------------------------------------

# CLDR's Welsh month names (babel: Locale("cy").months["format"]["wide"]), written out: loading
# babel and its locale data to print one date cost a build some 20 ms. tests/test_welsh.py checks
# the table against babel.
MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
          "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr")


def _day_month(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]}"


def month_year(date: dt.date) -> str:
    """'ym mis Ionawr 2024'."""
    return f"ym mis {MONTHS[date.month - 1]} {date.year}"


def date_range(start: dt.date, end: dt.date) -> str:
    """'rhwng 15 a 19 Ionawr 2024' (Welsh); the month is said once when both days share it."""
    if (start.year, start.month) == (end.year, end.month):
        return f"rhwng {start.day} a {_day_month(end)} {end.year}"
    return f"rhwng {_day_month(start)} a {_day_month(end)} {end.year}"


FILTERS = {
    "after": after,
    "mutate": lambda value, kind: mutate(value, kind),
    "with_article": with_article,
    "plural": plural,
    "join_list": join_list,
}
