"""Write a handout as DOCX. The one module that imports python-docx for writing.

The look comes from templates/reference.docx (its named styles, page and footer, as pandoc's
reference.docx): the handout is written into a copy of it, so the look changes in Word, not in code.
templates/style.yaml holds what only code can apply: text sizes per audience and picture sizes.

After a cover with the title in each language, each statement is a row of a borderless table:
picture | words. Side by side, one table holds both languages (picture | Welsh | picture | English,
the first language first), under a header row naming each column's language; sequential and separate
layouts give each language its own table. (One table, not one per section: Word and LibreOffice join
tables that no paragraph separates, and a separating paragraph would be an empty one.) The picture
is the one the statement names, else its fixed text's, its good points group's or its section's
(`templates/pictures.yaml`, read by `load_pictures`), not repeated on the row just below; its alt
text is in the language beside it. Every run carries its language (w:lang), so screen readers and
spell checkers know Welsh from English. Rows are written as XML: python-docx's cell and style
lookups and its image hashing cost most of a second per handout.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field, replace
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, Emu, Pt
from lxml import etree

from .errors import RuleError
from .model import Handout, HandoutGroup, Statement
from .yamlfile import check_keys, load

LANG = {"cy": "cy-GB", "en": "en-GB"}
LAYOUTS = ("side-by-side", "sequential", "separate")
SECTIONS = ("hello", "we-checked", "we-inspected", "what-we-did", "main-findings", "good-points", "improve",
            "next-steps", "hard-words")
MIN_PT = {"families": 14, "children": 16}  # easy-read guidance: 14 pt at least, 16 pt for children
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Picture", "Language", "Attribution",
          "Strong", "Hyperlink", "Easy Read Table")  # the named styles the reference document must carry
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_URL = re.compile(r"https?://\S+[^\s.,;:)]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_FIRST_SHAPE_ID = 1000  # picture ids start above any a user's header or footer may hold


def docx_files(slug: str, audience: str, layout: str, first: str) -> dict[str, tuple[str, ...]]:
    """The DOCX files of one handout and the languages each holds, first language first."""
    if layout not in LAYOUTS or first not in LANG:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)} and first 'cy' or 'en'")
    languages = (first, "en" if first == "cy" else "cy")
    if layout == "separate":
        return {f"{slug}-{audience}-{lang}.docx": (lang,) for lang in languages}
    return {f"{slug}-{audience}.docx": languages}


# ---- The picture table ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Picture:
    id: str
    path: Path
    alt: dict  # {"en": ..., "cy": ...}
    source: str
    data: bytes = field(default=b"", repr=False, compare=False)  # the file, read once for every handout


@dataclass(frozen=True)
class Pictures:
    pictures: dict  # id -> Picture
    defaults: dict  # handout section id -> picture id
    fixed: dict  # name of a fixed text ("link", "inspectorate", ...) -> picture id
    groups: dict  # good points group (agency key) -> picture id
    attribution: dict  # {"en": ..., "cy": ...}

    def for_statement(self, statement: Statement | None, section: str) -> Picture:
        """The statement's own picture, else its fixed text's, its good points group's, its section's."""
        if statement is not None:
            fixed = statement.entry.split(":")[1] if statement.entry.startswith("fixed:") else None
            group = statement.group if section == "good-points" else None
            for name in (statement.picture, self.fixed.get(fixed), self.groups.get(group)):
                if name in self.pictures:
                    return self.pictures[name]
        return self.pictures[self.defaults[section]]


def _bilingual(raw, where, what: str) -> dict:
    if not isinstance(raw, dict):
        raise RuleError(where.path, where.line, f"{what} needs 'en' and 'cy' text")
    check_keys(raw, {"en", "cy"}, {"en", "cy"}, what=what)
    for lang in ("en", "cy"):
        if not isinstance(raw[lang], str) or not raw[lang].strip():
            raise RuleError(raw.path, raw.line, f"{what} has no {lang} text")
    return {lang: raw[lang].strip() for lang in ("en", "cy")}


def load_pictures(path: Path) -> Pictures:
    """Read pictures.yaml: every picture has a file beside it in pictures/, alt text in both languages
    and a source; every section has a default picture. Any problem is a RuleError naming the line."""
    data = load(path)
    if not isinstance(data, dict):
        raise RuleError(path, 1, "pictures.yaml needs 'pictures', 'defaults' and 'attribution'")
    check_keys(data, {"pictures", "defaults", "fixed", "groups", "attribution"}, {"pictures", "defaults", "attribution"}, what="pictures.yaml")
    if not isinstance(data["pictures"], dict) or not data["pictures"]:
        raise RuleError(path, data.line, "'pictures' must map picture ids to file, alt and source")
    pictures = {}
    for pid, raw in data["pictures"].items():
        if not isinstance(raw, dict):
            raise RuleError(path, data["pictures"].line, f"picture '{pid}' needs file, alt and source")
        check_keys(raw, {"file", "alt", "source"}, {"file", "alt", "source"}, what=f"picture '{pid}'")
        file = path.parent / "pictures" / str(raw["file"])
        try:
            image = file.read_bytes()
        except OSError:
            raise RuleError(path, raw.line, f"picture '{pid}': no file pictures/{raw['file']}") from None
        if not image.startswith(_IMAGE_MAGIC):
            raise RuleError(path, raw.line, f"picture '{pid}': pictures/{raw['file']} is not a PNG or JPEG image")
        if not str(raw["source"] or "").strip():
            raise RuleError(path, raw.line, f"picture '{pid}' has no source")
        pictures[pid] = Picture(pid, file, _bilingual(raw["alt"], raw, f"alt of picture '{pid}'"), str(raw["source"]), image)
    for key, allowed in (("defaults", SECTIONS), ("fixed", None), ("groups", None)):
        table = data.get(key) or {}
        if not isinstance(table, dict):
            raise RuleError(path, data.line, f"'{key}' must map names to picture ids")
        for name, pid in table.items():
            if allowed and name not in allowed:
                raise RuleError(path, table.line, f"'{key}' names unknown section '{name}'; sections: {', '.join(allowed)}")
            if pid not in pictures:
                raise RuleError(path, table.line, f"'{key}' gives '{name}' the picture '{pid}', which 'pictures' does not list")
    missing = [s for s in SECTIONS if s not in (data["defaults"] or {})]
    if missing:
        raise RuleError(path, getattr(data["defaults"], "line", data.line), f"'defaults' has no picture for section '{missing[0]}'")
    return Pictures(pictures, dict(data["defaults"]), dict(data.get("fixed") or {}), dict(data.get("groups") or {}),
                    _bilingual(data["attribution"], data, "attribution"))


# ---- The look: reference.docx and style.yaml ------------------------------------------------------

@dataclass(frozen=True)
class Style:
    reference: bytes  # templates/reference.docx, read once
    sizes: dict  # audience -> {style name: points}
    picture_column: int  # twips
    picture: int  # EMU, the width of a picture
    cover: int  # EMU, the width of the cover's picture
    gutter: int  # twips between the first language's words and the second language's picture
    repeat: bool  # repeat a picture on the row just below one that shows it


def _number(table: dict, key: str, what: str) -> float:
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise RuleError(table.path, table.line, f"{what}.{key} must be a number, not {value!r}")
    return value


def load_style(path: Path) -> Style:
    """Read style.yaml and the reference.docx beside it; any problem is a RuleError naming the file."""
    data = load(path)
    if not isinstance(data, dict):
        raise RuleError(path, 1, "style.yaml needs 'sizes' and 'pictures'")
    check_keys(data, {"sizes", "pictures"}, {"sizes", "pictures"}, what="style.yaml")
    reference = path.parent / "reference.docx"
    try:
        blob = reference.read_bytes()
        names = {s.name for s in Document(BytesIO(blob)).styles}
    except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError) as err:
        raise RuleError(reference, None, f"cannot open the reference document ({err}); save it from Word as .docx") from None
    missing = [name for name in STYLES if name not in names]
    if missing:
        raise RuleError(reference, None, f"has no style '{missing[0]}'; the handouts need the styles {', '.join(STYLES)}")
    sizes = data["sizes"]
    if not isinstance(sizes, dict):
        raise RuleError(path, data.line, "'sizes' must give the text sizes for families and children")
    check_keys(sizes, set(MIN_PT), set(MIN_PT), what="sizes")
    for audience, table in sizes.items():
        if not isinstance(table, dict):
            raise RuleError(path, sizes.line, f"sizes.{audience} must map style names to points")
        for name in table:
            if name not in names:
                raise RuleError(path, table.line, f"sizes.{audience}: reference.docx has no style '{name}'")
            if _number(table, name, f"sizes.{audience}") < MIN_PT[audience]:
                raise RuleError(path, table.line, f"sizes.{audience}.{name}: {table[name]} pt is under the easy-read "
                                                  f"minimum of {MIN_PT[audience]} pt for {audience}")
    look = data["pictures"]
    if not isinstance(look, dict):
        raise RuleError(path, data.line, "'pictures' must give column_cm, picture_cm, cover_cm, gutter_cm and repeat")
    keys = {"column_cm", "picture_cm", "cover_cm", "gutter_cm", "repeat"}
    check_keys(look, keys, keys, what="pictures")
    column, picture, cover, gutter = (_number(look, key, "pictures") for key in ("column_cm", "picture_cm", "cover_cm", "gutter_cm"))
    if not 0 < picture <= column:
        raise RuleError(path, look.line, "pictures.picture_cm must be more than 0 and fit in column_cm")
    if not isinstance(look["repeat"], bool):
        raise RuleError(path, look.line, f"pictures.repeat must be true or false, not {look['repeat']!r}")
    # plain ints: a Style is pickled in the templates snapshot, and unpickling a docx Cm would read its EMU as centimetres
    return Style(blob, {audience: dict(table) for audience, table in sizes.items()}, Cm(column).twips, int(Cm(picture)),
                 int(Cm(cover)), Cm(gutter).twips, look["repeat"])


# ---- The handout as rows, the same for every layout -----------------------------------------------

@dataclass(frozen=True)
class _Line:
    kind: str  # "language", "heading", "subheading", "text", "bullet", "attribution"
    text: dict  # language -> words, or (hard word, its explanation)
    picture: Picture | None = None
    keep: bool = False  # keep on the page of the next row


class _Lines:
    """The rows of a handout: each section's heading, then its statements with their pictures."""

    def __init__(self, pictures: Pictures, repeat: bool):
        self.pictures, self.repeat = pictures, repeat
        self.section = ""
        self.lines: list[_Line] = []
        self.last = None  # the picture of the row above

    def heading(self, kind: str, cy: str, en: str) -> None:
        self.last = None
        self.lines.append(_Line(kind, {"cy": cy, "en": en}))

    def add(self, kind: str, cy, en, statement: Statement | None = None, picture: bool = True, keep: bool = False) -> None:
        chosen = self.pictures.for_statement(statement, self.section) if picture else None
        if chosen and chosen.path == self.last and not self.repeat:
            chosen = None  # one picture for a run of rows about the same thing
        self.last = chosen.path if chosen else self.last
        self.lines.append(_Line(kind, {"cy": cy, "en": en}, chosen, keep))

    def group(self, group: HandoutGroup) -> None:
        if group.title_en:
            self.heading("subheading", group.title_cy, group.title_en)
        for statement in group.intro:
            self.add("text", statement.cy, statement.en, statement)
        if group.bullets and group.lead_en:
            self.add("text", group.lead_cy, group.lead_en, picture=False, keep=True)  # "They:" leads into the bullets' pictures
        for statement in group.bullets:
            self.add("bullet", statement.cy, statement.en, statement)


def _lines(handout: Handout, pictures: Pictures, repeat: bool) -> list[_Line]:
    """The sections, then the hard words, closed by the pictures' attribution.

    One table holds them all: Word and LibreOffice join tables that no paragraph separates."""
    lines = _Lines(pictures, repeat)
    for section in handout.sections:
        lines.section = section.id
        lines.heading("heading", section.title_cy, section.title_en)
        for group in section.groups:
            lines.group(group)
    lines.section = "hard-words"
    if handout.hard_words:
        lines.heading("heading", handout.hard_words_title[1], handout.hard_words_title[0])
        for i, (term_en, explain_en, term_cy, explain_cy) in enumerate(handout.hard_words):
            lines.add("text", (term_cy + ": ", explain_cy), (term_en + ": ", explain_en), picture=i == 0)  # the book once
        lines.lines[-1] = replace(lines.lines[-1], keep=True)  # the last hard word stays with the attribution
    lines.lines.append(_Line("attribution", dict(pictures.attribution)))
    return lines.lines


# ---- Writing the XML ------------------------------------------------------------------------------

_qn = lru_cache(maxsize=None)(qn)  # "w:p" -> "{namespace}p", asked some 25,000 times a handout


def _sub(parent, tag: str, **attributes):
    return etree.SubElement(parent, _qn(tag), {_qn(f"w:{name}"): str(value) for name, value in attributes.items()})


_SPANNING = ("language", "heading", "subheading", "attribution")  # rows of words across picture and words columns
_STYLE_OF = {"language": "Language", "heading": "Heading 1", "subheading": "Heading 2", "attribution": "Attribution", "text": "Normal",
             "bullet": "List Bullet"}


class _Writer:
    """Appends the cover and the table of rows to the body of the reference document."""

    def __init__(self, doc, style: Style):
        self.style, self.part = style, doc.part
        self.body = doc.element.body
        self.end = self.body.sectPr  # everything goes before the page settings
        self.ids = {name: doc.styles[name].style_id for name in STYLES}
        page = doc.sections[0]
        self.width = Emu(page.page_width - page.left_margin - page.right_margin).twips
        self.images: dict = {}  # picture id -> relationship id of its image part
        self.inlines: dict = {}  # (picture id, width) -> its wp:inline, built once and copied per row
        self.links: dict = {}  # address -> relationship id
        self.shape_id = _FIRST_SHAPE_ID

    def paragraph(self, parent, style: str, text=None, lang: str = "en", keep: bool = False, page_break: bool = False):
        p = _sub(parent, "w:p")
        properties = _sub(p, "w:pPr")
        _sub(properties, "w:pStyle", val=self.ids[style])
        if keep:
            _sub(properties, "w:keepNext")
        if page_break:
            _sub(properties, "w:pageBreakBefore")
        if isinstance(text, tuple):  # a hard word and its explanation
            self._run(p, text[0], lang, "Strong")
            self._run(p, text[1], lang)
        elif text:
            at = 0
            for link in _URL.finditer(text):
                self._run(p, text[at:link.start()], lang)
                self._link(p, link.group(), lang)
                at = link.end()
            self._run(p, text[at:], lang)
        return p

    def body_paragraph(self, *args, **kwargs):
        p = self.paragraph(self.body, *args, **kwargs)
        self.end.addprevious(p)
        return p

    def _run(self, parent, text: str, lang: str, style: str | None = None) -> None:
        if not text:
            return
        run = _sub(parent, "w:r")
        properties = _sub(run, "w:rPr")
        if style:
            _sub(properties, "w:rStyle", val=self.ids[style])
        _sub(properties, "w:lang", val=LANG[lang])
        words = _sub(run, "w:t")
        words.text = text
        words.set(_XML_SPACE, "preserve")

    def _link(self, p, address: str, lang: str) -> None:
        if address not in self.links:
            self.links[address] = self.part.relate_to(address, RT.HYPERLINK, is_external=True)
        link = _sub(p, "w:hyperlink")
        link.set(qn("r:id"), self.links[address])
        self._run(link, address, lang, "Hyperlink")

    def picture(self, p, picture: Picture, lang: str, width: int | None = None) -> None:
        """The picture in a run of `lang`, its alt text (wp:docPr descr and title) in that language."""
        width = width or self.style.picture
        if (picture.id, width) not in self.inlines:  # one image part per picture, without python-docx's hashing of every part
            image = Image.from_blob(picture.data)
            if picture.id not in self.images:
                part = ImagePart.from_image(image, PackURI(f"/word/media/easyread{len(self.images) + 1}.{image.ext}"))
                self.images[picture.id] = self.part.relate_to(part, RT.IMAGE)
            cx, cy = image.scaled_dimensions(width, None)
            self.inlines[picture.id, width] = CT_Inline.new_pic_inline(0, self.images[picture.id], image.filename, cx, cy)
        inline = deepcopy(self.inlines[picture.id, width])
        self.shape_id += 1
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("id", str(self.shape_id))
        doc_pr.set("name", f"{picture.id} {self.shape_id}")
        doc_pr.set("descr", picture.alt[lang])
        doc_pr.set("title", picture.alt[lang])
        run = _sub(p, "w:r")
        _sub(_sub(run, "w:rPr"), "w:lang", val=LANG[lang])
        _sub(run, "w:drawing").append(inline)

    def table(self, widths: tuple[int, ...]):
        table = _sub(self.body, "w:tbl")
        self.end.addprevious(table)
        properties = _sub(table, "w:tblPr")
        _sub(properties, "w:tblStyle", val=self.ids["Easy Read Table"])
        _sub(properties, "w:tblW", w=sum(widths), type="dxa")
        _sub(properties, "w:tblLayout", type="fixed")
        grid = _sub(table, "w:tblGrid")
        for width in widths:
            _sub(grid, "w:gridCol", w=width)
        return table

    @staticmethod
    def _cell(row, width: int, span: int, centred: bool, right_margin: int):
        cell = _sub(row, "w:tc")
        properties = _sub(cell, "w:tcPr")
        _sub(properties, "w:tcW", w=width, type="dxa")
        if span > 1:
            _sub(properties, "w:gridSpan", val=span)
        if right_margin:
            _sub(_sub(properties, "w:tcMar"), "w:right", w=right_margin, type="dxa")
        if centred:
            _sub(properties, "w:vAlign", val="center")
        return cell

    def row(self, table, line: _Line, languages: tuple[str, ...], widths: tuple[int, int], header: bool = False) -> None:
        """`line` in each of `languages`: picture | words, or words across both columns.

        `widths`: of the picture and the words columns. The first of two languages' words keep a
        gutter on their right, between them and the second language's picture."""
        row = _sub(table, "w:tr")
        properties = _sub(row, "w:trPr")
        _sub(properties, "w:cantSplit")  # a row is never cut across pages
        if header:
            _sub(properties, "w:tblHeader")  # repeated at the top of every page
        centred = line.picture is not None  # words beside a picture are centred on it
        for i, lang in enumerate(languages):
            gutter = self.style.gutter if i == 0 and len(languages) > 1 else 0
            if line.kind in _SPANNING:
                cell = self._cell(row, sum(widths), 2, False, gutter)
            else:
                picture = self.paragraph(self._cell(row, widths[0], 1, centred, 0), "Picture", keep=line.keep)
                if line.picture:
                    self.picture(picture, line.picture, lang)
                cell = self._cell(row, widths[1], 1, centred, gutter)
            self.paragraph(cell, _STYLE_OF[line.kind], line.text[lang], lang, keep=line.keep)

    def side_by_side(self, lines: list[_Line], languages: tuple[str, str], column_names: dict) -> None:
        """One table; its header row names each column's language and is repeated on every page."""
        picture = self.style.picture_column
        widths = (picture, (self.width - 2 * picture) // 2)
        table = self.table(widths * 2)
        self.row(table, _Line("language", column_names), languages, widths, header=True)
        for line in lines:
            self.row(table, line, languages, widths)

    def one_language(self, lines: list[_Line], lang: str) -> None:
        widths = (self.style.picture_column, self.width - self.style.picture_column)
        table = self.table(widths)
        for line in lines:
            self.row(table, line, (lang,), widths)


def _set_lang(style, lang: str) -> None:
    properties = style.element.get_or_add_rPr()
    node = properties.find(qn("w:lang"))
    if node is None:
        node = _sub(properties, "w:lang")
    node.set(qn("w:val"), LANG[lang])


def write_docx(handout: Handout, path: Path | BinaryIO, style: Style, pictures: Pictures, languages: tuple[str, ...] = ("cy", "en"),
               layout: str = "side-by-side", *, labels: dict) -> None:
    """Write `handout` in `languages` (one for a separate file), first language first, into a copy of
    the reference document. `labels` (templates/handout.yaml, name -> {"en", "cy"}) give the cover's
    "subtitle", the document's "subject" and each side-by-side "column" heading."""
    doc = Document(BytesIO(style.reference))
    body = doc.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)  # the reference's sample text
    for name, points in style.sizes[handout.audience].items():
        doc.styles[name].font.size = Pt(points)
    _set_lang(doc.styles["Normal"], languages[0])

    titles = {"cy": handout.title_cy, "en": handout.title_en}
    props = doc.core_properties
    props.title = " / ".join(titles[lang] for lang in languages)
    props.subject = " / ".join(labels["subject"][lang] for lang in languages)
    props.language = ", ".join(LANG[lang] for lang in languages)
    props.author = "easyread"
    props.keywords = f"easy read; {handout.audience}; {handout.slug}"
    props.comments = ""
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.revision = 1

    writer = _Writer(doc, style)
    lines = _lines(handout, pictures, style.repeat)
    cover = []
    picture = pictures.pictures.get(pictures.fixed.get(f"cover-{handout.audience}") or pictures.fixed.get("cover"))
    for lang in languages:  # the cover: the title in each language, the first language first, a picture after the first
        cover.append(writer.body_paragraph("Title", titles[lang], lang))
        if labels["subtitle"][lang] != titles[lang]:
            cover.append(writer.body_paragraph("Subtitle", labels["subtitle"][lang], lang))
        if picture and lang == languages[0]:
            cover.append(writer.body_paragraph("Picture"))
            writer.picture(cover[-1], picture, lang, style.cover)
    if layout == "side-by-side" and len(languages) == 2:
        _sub(_sub(cover[-1], "w:r"), "w:br", type="page")
        writer.side_by_side(lines, languages, labels["column"])
    elif len(languages) == 1:
        _sub(_sub(cover[-1], "w:r"), "w:br", type="page")
        writer.one_language(lines, languages[0])
    else:  # sequential: each language's whole version on new pages, under its own title
        for lang in languages:
            writer.body_paragraph("Title", titles[lang], lang, page_break=True)
            writer.one_language(lines, lang)
    doc.save(path if hasattr(path, "write") else str(path))
