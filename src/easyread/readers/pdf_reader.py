"""PDF reports: text with font sizes and bold, read into the same blocks as the other readers.

The one module that imports pdfminer.six; readers/__init__ imports it only when a PDF is read.
A PDF holds placed lines of text, not paragraphs, so they are rebuilt the way a reader's eye does:
- lines repeated at the same place at the top or bottom of most pages (running headers and
  footers) and bare page numbers are dropped;
- a line set clearly larger than the body text, or a short run of lines all in bold, is a heading;
- a line goes on with the paragraph above when it has the same style, no extra space between,
  and the line above was full (in justified text: it reaches the right edge; else the first word
  of this line would not have fitted on it), also across a page break;
- a line starting with a bullet glyph or a list number starts a list item;
- chunks of text side by side, lined up with those of the rows around, are the cells of a table
  row (the glossary); a row goes on while its cells wrap.
Layouts in two columns of text are not rebuilt: the family's reports have one.
"""
from __future__ import annotations

import gc
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTTextLineHorizontal
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from ..errors import InputError
from ..model import Block, Document
from .lines import join_page_breaks
from .text import normalise

MAX_BYTES = 100 * 1024 * 1024  # a text report is a few MB at most; refuse before parsing
MAX_PAGES = 100  # the family's reports have 10 to 60 pages; reading takes about 0.1 s a page
MAX_PAGE_CONTENT = 4 * 1024 * 1024  # decoded drawing commands of one page
MIN_CHARS_PER_PAGE = 100  # fewer on average: the pages are pictures of text (a scan)

HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
MAX_BOLD_HEADING_WORDS = 12
JUSTIFIED_SLACK = 1.5  # pt: a justified line ends this close to the right edge
ALIGN_TOLERANCE = 2.0  # pt: cells of one table column start this close to each other
MAX_ROW_LINES = 12  # the lines one table row may take
MAX_COLUMNS = 8  # a line split in more chunks is not a table row
_GLYPHS = "•●▪■◦‣→➤►»✓"  # and the private-use code points symbol fonts draw bullets with
_NUMBER = r"\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\)"
_BULLET = re.compile(rf"^(?:[{_GLYPHS}\uf000-\uf8ff\-–—o§*]|{_NUMBER})$")  # set apart from its text by a tab
_ITEM_START = re.compile(rf"^(?:[{_GLYPHS}\uf000-\uf8ff]\s*|(?:{_NUMBER})\s+)(?=\S)")
_PAGE_NUMBER = re.compile(r"^(?:(?:page|tudalen)\s+)?\d{1,4}(?:\s*(?:of|o|/)\s*\d{1,4})?$", re.I)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_CID = re.compile(r"\(cid:\d+\)")  # a glyph whose font has no character map
_WORD_HYPHEN = re.compile(r"[^\W\d]-$")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)

logging.getLogger("pdfminer").addHandler(logging.NullHandler())  # its notices are not the user's problem


@dataclass
class _Chunk:
    """A run of text pdfminer set on one line, with no wide gap in it."""

    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    first_word_width: float


@dataclass
class _Line:
    """The chunks on one baseline of a page: a line of text, or a table row."""

    page: int
    baseline: float  # distance from the top of the page
    chunks: list[_Chunk]

    @property
    def x0(self) -> float:
        return self.chunks[0].x0

    @property
    def x1(self) -> float:
        return self.chunks[-1].x1

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)

    @property
    def size(self) -> float:
        return max(self.chunks, key=lambda c: len(c.text)).size

    @property
    def bold(self) -> bool:
        return all(c.bold for c in self.chunks)


@dataclass
class _Run:
    """Lines being gathered into one block."""

    kind: str  # "text" | "item" | "table"
    lines: list[_Line]
    columns: list[float] = field(default_factory=list)  # left edges of a table's columns
    rows: list[list[list[str]]] = field(default_factory=list)  # rows of cells of lines


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - 2048))
            tail = handle.read()
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror}); check its permissions") from None
    if b"%PDF-" not in head:
        raise InputError(f"{path}: this is not a PDF (it does not start with %PDF); give the report as .pdf, .docx, .txt or .md")
    if size > MAX_BYTES:
        raise InputError(f"{path}: the PDF is {size >> 20} MB, more than the {MAX_BYTES >> 20} MB a report can be; give the Word or text version")
    if b"%%EOF" not in tail:
        raise InputError(f"{path}: the PDF is cut short (it has no end); download or export it again")


def _open(path: Path, handle):
    """The pdfminer document, refused when it is locked, damaged or too long."""
    try:
        document = PDFDocument(PDFParser(handle))
        pages = resolve1(resolve1(document.catalog["Pages"])["Count"])
    except PDFEncryptionError:
        raise InputError(f"{path}: the PDF is protected by a password; remove the password (save a copy without it) or give the Word or text version") from None
    except Exception as err:  # pdfminer raises many types for a damaged file
        raise InputError(f"{path}: the PDF is damaged and cannot be read ({type(err).__name__}); download or export it again") from None
    if not isinstance(pages, int) or pages > MAX_PAGES:
        raise InputError(f"{path}: the PDF says it has {pages} pages, more than the {MAX_PAGES} a report can have; give the report alone")
    return document


def _is_bold(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname.rsplit("+", 1)[-1]))


def _chunk(line) -> _Chunk | None:
    """A pdfminer text line as a chunk: clean text, main size, boldness, width of its first word."""
    chars = [c for c in line if isinstance(c, LTChar)]
    text = " ".join(normalise(_CID.sub("", line.get_text().translate(_LIGATURES))).split())
    if not text or not chars:
        return None
    printed = [c for c in chars if c.get_text().strip()] or chars
    size = Counter(round(c.size * 2) / 2 for c in printed).most_common(1)[0][0]
    first_word_end = None
    for item in line:  # pdfminer's LTAnno items are the spaces it inferred between words
        if not item.get_text().strip():
            if first_word_end is not None:
                break
        elif isinstance(item, LTChar):
            first_word_end = item.x1
    return _Chunk(line.x0, line.x1, text, size, all(_is_bold(c.fontname) for c in printed),
                  (first_word_end or line.x1) - printed[0].x0)


def _page_lines(layout, page: int) -> list[_Line]:
    """The page's chunks grouped by baseline, top to bottom, each line left to right."""
    found: list[tuple[float, _Chunk]] = []

    def walk(item) -> None:
        if isinstance(item, LTTextLineHorizontal):
            if chunk := _chunk(item):
                found.append((layout.height - item.y0, chunk))
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child)

    walk(layout)
    lines: list[_Line] = []
    for baseline, chunk in sorted(found, key=lambda f: (f[0], f[1].x0)):
        if lines and abs(lines[-1].baseline - baseline) < 0.5 * chunk.size:
            lines[-1].chunks.append(chunk)
        else:
            lines.append(_Line(page, baseline, [chunk]))
    for line in lines:
        line.chunks.sort(key=lambda c: c.x0)
        first = line.chunks[0]
        if len(line.chunks) > 1 and _BULLET.match(first.text):  # a bullet set apart from its text by a tab
            second = line.chunks.pop(1)
            mark = first.text if re.match(_NUMBER, first.text) else "•"
            line.chunks[0] = _Chunk(first.x0, second.x1, f"{mark} {second.text}", second.size, second.bold,
                                    first.first_word_width)
    return lines


def _merge_stray_gaps(lines: list[_Line]) -> None:
    """Make one chunk again of a line split only by wide word spaces (justified text).

    Cells of a table line up with the cells of the row above or below; gaps in justified text fall
    anywhere. A split line whose chunks line up with no nearby split line is a line of text.
    """
    split = [i for i, line in enumerate(lines) if 1 < len(line.chunks) <= MAX_COLUMNS]

    def edges(line: _Line) -> list[float]:
        return [chunk.x0 for chunk in line.chunks[1:]]

    def aligned(a: _Line, b: _Line) -> bool:
        return all(any(abs(x - y) <= ALIGN_TOLERANCE for y in edges(b)) for x in edges(a))

    stray = [line for line in lines if len(line.chunks) > MAX_COLUMNS]
    for n, i in enumerate(split):
        neighbours = [lines[j] for j in split[max(0, n - 1):n] + split[n + 1:n + 2] if abs(j - i) <= MAX_ROW_LINES]
        if not any(aligned(lines[i], other) or aligned(other, lines[i]) for other in neighbours):
            stray.append(lines[i])
    for line in stray:
        chunks = line.chunks
        line.chunks = [_Chunk(chunks[0].x0, chunks[-1].x1, " ".join(c.text for c in chunks), line.size,
                              all(c.bold for c in chunks), chunks[0].first_word_width)]


def _drop_running_lines(pages: list[list[_Line]]) -> list[_Line]:
    """Body lines of all pages: without running headers and footers, nor bare page numbers."""

    def key(line: _Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text.lower()), round(line.baseline / 3)  # same words, same place

    def edges(lines: list[_Line]) -> list[_Line]:
        return lines[:2] + lines[-2:] if len(lines) > 4 else lines

    repeats = Counter(k for lines in pages for k in {key(line) for line in edges(lines)})
    running = {k for k, n in repeats.items() if n >= max(2, len(pages) / 2)}
    body: list[_Line] = []
    for lines in pages:
        edge = {id(line) for line in edges(lines)}
        body += [line for line in lines
                 if id(line) not in edge or (key(line) not in running and not _PAGE_NUMBER.match(line.text))]
    return body


def _read_pages(path: Path) -> list[list[_Line]]:
    pages: list[list[_Line]] = []
    with path.open("rb") as handle:
        document = _open(path, handle)
        resources = PDFResourceManager()
        # char_margin 1 (not 2): a table cell that fills its column is still split from the next cell
        device = PDFPageAggregator(resources, laparams=LAParams(char_margin=1.0, boxes_flow=None))
        interpreter = PDFPageInterpreter(resources, device)
        try:
            for number, page in enumerate(PDFPage.create_pages(document), 1):
                if number > MAX_PAGES:
                    raise InputError(f"{path}: the PDF has more than {MAX_PAGES} pages, more than a report can have; give the report alone")
                if sum(len(stream.get_data()) for stream in page.contents) > MAX_PAGE_CONTENT:
                    raise InputError(f"{path}: page {number} of the PDF is too complex to be a page of a report; give the Word or text version")
                interpreter.process_page(page)
                pages.append(_page_lines(device.get_result(), number))
        except InputError:
            raise
        except Exception as err:  # a damaged page or stream
            raise InputError(f"{path}: the PDF is damaged and cannot be read ({type(err).__name__}); download or export it again") from None
    return pages


class _Layout:
    """What the body text of this PDF looks like: its size, line pitch, right edge; the heading sizes."""

    def __init__(self, lines: list[_Line]):
        sizes = Counter()
        for line in lines:
            for chunk in line.chunks:
                sizes[chunk.size] += len(chunk.text)
        self.body_size = sizes.most_common(1)[0][0]
        body = [line for line in lines if len(line.chunks) == 1 and abs(line.size - self.body_size) < 0.5]
        pitches = Counter(round(b.baseline - a.baseline, 1) for a, b in zip(body, body[1:])
                          if a.page == b.page and 0 < b.baseline - a.baseline < 2 * self.body_size)
        self.pitch = pitches.most_common(1)[0][0] if pitches else 1.2 * self.body_size
        ends = sorted(line.x1 for line in body) or [0.0]
        self.right = ends[int(0.95 * (len(ends) - 1))]
        self.justified = sum(end >= self.right - JUSTIFIED_SLACK for end in ends) > len(ends) / 2
        self.heading_sizes = sorted({line.size for line in lines if self.is_heading_size(line)}, reverse=True)

    def is_heading_size(self, line: _Line) -> bool:
        return line.size >= HEADING_RATIO * self.body_size

    def close_below(self, above: _Line, line: _Line) -> bool:
        """No more than a line's spacing between them (a page break counts as close)."""
        return line.page != above.page or line.baseline - above.baseline <= 1.3 * self.pitch * max(1, line.size / self.body_size)

    def filled(self, above: _Line, line: _Line, paragraph: bool = False) -> bool:
        """The line above was full: it reaches the right edge of justified paragraphs, or else the
        first word of this line would not have fitted at its end."""
        if paragraph and self.justified:
            return above.x1 >= self.right - JUSTIFIED_SLACK
        return above.x1 + 0.3 * above.size + line.chunks[0].first_word_width > self.right - 2


def _same_style(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) < 0.5 and a.bold == b.bold


def _column(columns: list[float], chunk: _Chunk, size: float) -> int | None:
    for index, left in enumerate(columns):
        if abs(chunk.x0 - left) <= size:
            return index
    return None


def _join(parts: list[str]) -> str:
    """Lines of a paragraph as one: a word split after a hyphen at a line end is one word again."""
    pieces: list[str] = []
    for part in parts:
        if pieces and not _WORD_HYPHEN.match(pieces[-1][-2:]):
            pieces.append(" ")
        pieces.append(part)  # "decision-" + "making": the hyphen was the word's own
    return "".join(pieces)


class _Builder:
    """Turns body lines into blocks and the document text the blocks point into."""

    def __init__(self, layout: _Layout):
        self.layout = layout
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.offset = 0
        self.run: _Run | None = None

    def add(self, kind: str, text: str, level: int = 0, cells: tuple[str, ...] = ()) -> None:
        if text:
            self.blocks.append(Block(kind, text, self.offset, level, cells))
            self.parts.append(text)
            self.offset += len(text) + 2

    def flush(self) -> None:
        run, self.run = self.run, None
        if run is None:
            return
        if run.kind == "table":
            for row in run.rows:
                cells = tuple(_join(cell) for cell in row if cell)
                self.add("row", " ".join(cells), cells=cells)
            return
        text = _join([line.text for line in run.lines])
        first = run.lines[0]
        if run.kind == "item":
            self.add("item", _ITEM_START.sub("", text))
        elif self.layout.is_heading_size(first):
            self.add("heading", text, level=1 + self.layout.heading_sizes.index(first.size))
        elif first.bold and len(text.split()) <= MAX_BOLD_HEADING_WORDS:
            self.add("heading", text)
        else:
            self.add("paragraph", text)

    def feed(self, line: _Line) -> None:
        run = self.run
        if len(line.chunks) > 1:
            self.table_line(line)
        elif run is not None and run.kind == "table" and self.in_table(line):
            pass
        elif run is not None and run.kind in ("text", "item") and self.continues(run, line):
            run.lines.append(line)
        else:
            self.flush()
            if self.starts_item(line):
                self.run = _Run("item", [line])
            else:
                self.run = _Run("text", [line])

    def starts_item(self, line: _Line) -> bool:
        return bool(_ITEM_START.match(line.text)) and not (line.bold or self.layout.is_heading_size(line))

    def continues(self, run: _Run, line: _Line) -> bool:
        above = run.lines[-1]
        if self.starts_item(line) or not _same_style(above, line):
            return False
        paragraph = run.kind == "text" and not (above.bold or self.layout.is_heading_size(above))
        if not (self.layout.close_below(above, line) and self.layout.filled(above, line, paragraph)):
            return False
        if run.kind == "item":
            return line.x0 > run.lines[0].x0 + 0.5 * line.size  # under the item's text, not its bullet
        return abs(line.x0 - above.x0) <= line.size or (len(run.lines) == 1 and line.x0 < above.x0)

    def table_line(self, line: _Line) -> None:
        run = self.run
        columns = [chunk.x0 for chunk in line.chunks]
        if run is None or run.kind != "table" or any(_column(run.columns, c, line.size) is None for c in line.chunks):
            self.flush()
            self.run = run = _Run("table", [], columns=columns)
            run.rows.append([[] for _ in columns])
        elif not self.wraps_first_cell(run, line):
            run.rows.append([[] for _ in run.columns])
        for chunk in line.chunks:
            run.rows[-1][_column(run.columns, chunk, line.size)].append(chunk.text)
        run.lines.append(line)

    def wraps_first_cell(self, run: _Run, line: _Line) -> bool:
        """This line goes on with the row above: its first cell is the rest of a term that did not fit."""
        above = run.lines[-1]
        if line.chunks[0].x0 - run.columns[0] > line.size:  # nothing in the first column: the row goes on
            return self.layout.close_below(above, line)
        first, word = above.chunks[0], line.chunks[0]
        return (self.layout.close_below(above, line) and abs(first.x0 - run.columns[0]) <= line.size
                and (word.text[:1].islower()
                     or first.x1 + 0.3 * line.size + word.first_word_width > run.columns[1] - 1.5 * line.size))

    def in_table(self, line: _Line) -> bool:
        """A one-chunk line inside a table: the next line of a cell of the row above."""
        run = self.run
        column = _column(run.columns, line.chunks[0], line.size)
        above = run.lines[-1]
        if column is None or self.layout.is_heading_size(line) or not self.layout.close_below(above, line):
            return False
        if column + 1 < len(run.columns) and line.x1 > run.columns[column + 1]:
            return False  # wider than its column: text after the table
        if column == 0 and not self.wraps_first_cell(run, line):
            return False
        run.rows[-1][column].append(line.chunks[0].text)
        run.lines.append(line)
        return True


def read(path: Path) -> Document:
    _check_file(path)
    collecting = gc.isenabled()
    gc.enable()  # pdfminer leaves each page's layout in cycles: the collector runs while it reads, even in a command (cli.main)
    try:
        pages = _read_pages(path)
    finally:
        if not collecting:
            gc.disable()
    lines = _drop_running_lines(pages)
    _merge_stray_gaps(lines)
    printed = sum(len(line.text) for line in lines)
    if printed < MIN_CHARS_PER_PAGE * max(len(pages), 1):
        raise InputError(f"{path}: the PDF has no text layer (it looks scanned); run OCR on it first, or give the Word or text version")
    builder = _Builder(_Layout(lines))
    for line in lines:
        builder.feed(line)
    builder.flush()
    return Document(str(path), "\n\n".join(builder.parts), tuple(join_page_breaks(builder.blocks)))
