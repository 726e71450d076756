"""Turn lines of text into blocks, the way a person reads a text extraction of a PDF.

Shared by the text reader and by readers that first flatten their format to lines.
"""
from __future__ import annotations

import re

from ..model import Block

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<t>[^*_]+?)(\*\*|__)\s*$")
_ITEM = re.compile(r"^\s*(?:[-*•●▪◦‣→➤►»–—✓]\s*)+(?P<t>\S.*)$")
_NUMBERED_ITEM = re.compile(r"^\s*(?:\(?[a-z0-9]{1,2}[.)])\s+(?P<t>\S.*)$")
_TERMINAL = re.compile(r"""[.!?:;,"'’”)\]]$""")  # a line ending so did not stop mid-sentence
_HEADING_END = re.compile(r"[.!?:;,]$")
_EMPHASIS = re.compile(r"(\*\*\*|\*\*|\*|__)(?=\S)(.+?)(?<=\S)\1")
_TAGS = re.compile(r"</?(?:i|b|em|strong|u|span)[^>]*>", re.I)
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")


def clean_inline(text: str) -> str:
    """Drop Markdown and HTML emphasis and link targets; fold white space."""
    text = _TAGS.sub("", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


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
            if title := clean_inline(m.group(2)):
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
    """Join a paragraph that a page break cut in two: it ends mid-sentence and the next part follows."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        continues = block.kind in ("paragraph", "heading") and block.text[:1].islower()
        if (
            prev is not None
            and not _TERMINAL.search(prev.text)
            and len(prev.text.split()) >= 8
            and (continues or prev.kind == "paragraph" and block.kind == "paragraph")
            and prev.kind in ("paragraph", "item")
        ):
            out[-1] = Block(prev.kind, f"{prev.text} {block.text}", prev.start, prev.level)
            continue
        out.append(block)
    return out
