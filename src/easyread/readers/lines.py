"""Turn lines of text into blocks, the way a person reads a text extraction of a PDF.

Shared by the text reader and by readers that first flatten their format to lines.
"""
from __future__ import annotations

import re

from ..model import Block

# Every pattern here runs on lines and paragraphs of any length, so none may backtrack over a long
# stretch: a closing mark is searched only up to the next opening mark ("[^*]", "[^<>]"), which keeps
# each pattern linear even on a line of several megabytes.
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<t>[^*_]+?)(\*\*|__)\s*$")
_ITEM = re.compile(r"^\s*(?:[-*•●▪◦‣→➤►»–—✓]\s*)+(?P<t>\S.*)$")
_NUMBERED_ITEM = re.compile(r"^\s*(?:\(?[a-z0-9]{1,2}[.)])\s+(?P<t>\S.*)$")
_TERMINAL = re.compile(r"""[.!?:;,"'’”)\]]$""")  # a line ending so did not stop mid-sentence
_HEADING_END = re.compile(r"[.!?:;,]$")
_EMPHASIS = re.compile(r"(\*{1,3})(?=[^\s*])(?P<star>[^*]+?)(?<=\S)\1|__(?=[^\s_])(?P<line>[^_]+?)(?<=\S)__")
_TAGS = re.compile(r"</?(?:i|b|em|strong|u|span)[^<>]*>", re.I)
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]+\)")
_EIGHT_WORDS = re.compile(r"\s*(?:\S+\s+){7}\S")


def clean_inline(text: str) -> str:
    """Drop Markdown and HTML emphasis and link targets; fold white space. Each pattern runs only on
    text holding its mark: most paragraphs hold none, and searching them all cost most of reading."""
    if "<" in text:
        text = _TAGS.sub("", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    for _ in range(2):
        if "*" in text or "__" in text:
            text = _EMPHASIS.sub(lambda m: m["star"] or m["line"], text)
    return " ".join(text.split())  # str.split's white space is \s's


def looks_like_heading(text: str) -> bool:
    """A bare line a reader takes for a heading: short, capitalised, no closing punctuation."""
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 90
        and (text[0].isupper() or text[0].isdigit())
        and not _HEADING_END.search(text)
        and "@" not in text
        and "http" not in text
    )


def blocks_from_lines(text: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    para_start = 0

    def flush() -> None:
        if para:
            joined = clean_inline(" ".join(para))
            if joined:
                kind = "heading" if len(para) == 1 and looks_like_heading(joined) else "paragraph"
                blocks.append(Block(kind, joined, para_start))
            para.clear()

    offset = 0
    for raw in text.split("\n"):
        line_start, offset = offset, offset + len(raw) + 1
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if m := _MD_HEADING.match(line):
            flush()
            if title := clean_inline(m.group(2).rstrip().rstrip("#")):  # "## Title ##"
                blocks.append(Block("heading", title, line_start, level=len(m.group(1))))
            continue
        if m := _BOLD_LINE.match(line):
            flush()
            blocks.append(Block("heading", clean_inline(m.group("t")), line_start))
            continue
        if "\t" in line:
            flush()
            cells = tuple(c for c in (clean_inline(c) for c in line.split("\t")) if c)
            if cells:
                blocks.append(Block("row", " ".join(cells), line_start, cells=cells))
            continue
        if m := (_ITEM.match(line) or _NUMBERED_ITEM.match(line)):
            flush()
            if item := clean_inline(m.group("t")):
                blocks.append(Block("item", item, line_start))
            continue
        if not para:
            para_start = line_start + (len(line) - len(line.lstrip()))
        para.append(line.strip())
    flush()
    return join_page_breaks(blocks)


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that a page break cut in two: it ends mid-sentence and the next part follows.

    The parts are collected and joined once at the end, so a run of many cut paragraphs stays linear.
    """
    heads: list[Block] = []  # the first block of each output block
    parts: list[list[str]] = []  # the texts joined into it
    long_enough: list[bool] = []  # its first part has at least eight words
    for block in blocks:
        continues = block.kind in ("paragraph", "heading") and block.text[:1].islower()
        last = parts[-1][-1][-1:] if heads else ""
        if (
            heads
            and (not _TERMINAL.search(last) or last in ",;" and continues)  # "… barrier contraception," / "pregnancy testing …"
            and long_enough[-1]
            and (continues or heads[-1].kind == "paragraph" and block.kind == "paragraph")
            and heads[-1].kind in ("paragraph", "item")
        ):
            parts[-1].append(block.text)
            continue
        heads.append(block)
        parts.append([block.text])
        long_enough.append(_EIGHT_WORDS.match(block.text) is not None)
    return [head if len(texts) == 1 else Block(head.kind, " ".join(texts), head.start, head.level)
            for head, texts in zip(heads, parts)]
