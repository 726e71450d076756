"""Welsh grammar a filled slot needs: initial-consonant mutation after a trigger word, and dates.

Templates name the trigger explicitly, so nothing guesses: ``{{ place | after('yn') }}`` gives
"yng Nghaerdydd", ``{{ organisation | after('gan') }}`` gives "gan Gyngor Caerdydd".
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f", "ll": "l", "rh": "r"}
NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}
TABLES = {"soft": SOFT, "nasal": NASAL, "aspirate": ASPIRATE}
NEVER_MUTATE = ("ch", "dd", "ff", "ng", "ph", "th")  # digraphs whose first letter must not be read alone

# Trigger words and the mutation each causes on the word after it.
TRIGGERS = {
    "yn": "nasal",  # "in": also changes its own form, see after()
    **{w: "soft" for w in ("i", "o", "am", "ar", "at", "dan", "drwy", "trwy", "wrth", "gan", "heb", "hyd", "dros", "ei-his", "dy", "neu", "pa")},
    **{w: "aspirate" for w in ("a", "â", "gyda", "efo", "tua", "ei-her", "tri", "chwe")},
    "ac": None, "ag": None,  # before vowels: no mutation
}


VOWELS = "aeiouyâêîôûŷ"  # initial w is a consonant here: "a Wrecsam"


class WelshName(str):
    """A Welsh name or term that knows whether it may mutate (acronyms and brands do not)."""

    mutate: bool = True

    def __new__(cls, text: str, mutate: bool = True) -> "WelshName":
        obj = super().__new__(cls, text)
        obj.mutate = mutate
        return obj


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


def after(value: str, trigger: str) -> str:
    """The trigger word followed by `value`, mutated and with the trigger in its right form."""
    text = str(value)
    if text[:2] in ("Y ", "Yr"):
        article, noun = text.split(" ", 1)
        if trigger in ("i", "o", "a", "â", "gyda", "tua", "efo"):
            return f"{trigger}'r {noun}"
        return f"{trigger} {article.lower()} {noun}"
    word = trigger.split("-")[0]  # "ei-his" / "ei-her" are both written "ei"
    if word in ("a", "â", "gyda", "tua") and text[:1].lower() in VOWELS:
        return f"{ {'a': 'ac', 'â': 'ag', 'gyda': 'gydag'}.get(word, word)} {text}"
    mutated = mutate(value, TRIGGERS.get(trigger, None)) if getattr(value, "mutate", True) else text
    if word == "yn":
        lower = mutated.lower()
        if lower.startswith("ngh") or (lower.startswith("ng") and not text.lower().startswith("ng")):
            word = "yng"
        elif lower.startswith("m"):
            word = "ym"
    return f"{word} {mutated}"


def month_year(date: dt.date) -> str:
    """'ym mis Ionawr 2024'."""
    return "ym mis " + format_date(date, "MMMM y", locale="cy")


def date_range(start: dt.date, end: dt.date) -> str:
    """'rhwng 15 a 19 Ionawr 2024' (Welsh); the month is said once when both days share it."""
    if (start.year, start.month) == (end.year, end.month):
        return f"rhwng {start.day} a {format_date(end, 'd MMMM y', locale='cy')}"
    return f"rhwng {format_date(start, 'd MMMM', locale='cy')} a {format_date(end, 'd MMMM y', locale='cy')}"


FILTERS = {"after": after, "mutate": lambda value, kind: mutate(value, kind)}
