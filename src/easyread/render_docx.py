"""Write a handout as a DOCX. The one module that imports python-docx for writing.

Side by side, as easy-read asks: each statement is a row of a borderless table, picture | Welsh |
picture | English. The picture is the one the statement names, else its fixed text's, its good
points group's or its section's (`templates/pictures.yaml`, read by `load_pictures`); a picture is
not repeated on the row just below it. Its alt text (wp:docPr descr and title) is in the language
of its column. Every run carries its language (w:lang), since python-docx sets none that Word honours.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from .errors import RuleError
from .model import Handout, HandoutGroup, Statement
from .yamlfile import check_keys, load

LANG = {"cy": "cy-GB", "en": "en-GB"}
SECTIONS = ("hello", "we-checked", "we-inspected", "what-we-did", "main-findings", "good-points", "improve",
            "next-steps", "hard-words")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


# ---- The picture table ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Picture:
    id: str
    path: Path
    alt: dict  # {"en": ..., "cy": ...}
    source: str


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
            head = file.read_bytes()[:8]
        except OSError:
            raise RuleError(path, raw.line, f"picture '{pid}': no file pictures/{raw['file']}") from None
        if not head.startswith(_IMAGE_MAGIC):
            raise RuleError(path, raw.line, f"picture '{pid}': pictures/{raw['file']} is not a PNG or JPEG image")
        if not str(raw["source"] or "").strip():
            raise RuleError(path, raw.line, f"picture '{pid}' has no source")
        pictures[pid] = Picture(pid, file, _bilingual(raw["alt"], raw, f"alt of picture '{pid}'"), str(raw["source"]))
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


# ---- Styles and runs ------------------------------------------------------------------------------

def _set_lang(element, lang: str) -> None:
    """Put <w:lang w:val=..> on a run's or style's rPr."""
    rpr = element.get_or_add_rPr()
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = OxmlElement("w:lang")
        rpr.append(node)
    node.set(qn("w:val"), LANG[lang])


def _setup_styles(doc, style: dict, sizes: dict) -> None:
    colour = RGBColor.from_string(style["colour_heading"])
    normal = doc.styles["Normal"]
    normal.font.name = style["font"]
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), style["font"])
    normal.font.size = Pt(sizes["body_pt"])
    normal.paragraph_format.line_spacing = style["line_spacing"]
    normal.paragraph_format.space_after = Pt(style["space_after_pt"])
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _set_lang(normal.element, "en")
    for name, size in (("Title", sizes["title_pt"]), ("Heading 1", sizes["heading_pt"]), ("Heading 2", sizes["body_pt"] + 2),
                       ("List Bullet", sizes["body_pt"]), ("Subtitle", sizes["body_pt"] + 2)):
        s = doc.styles[name]
        s.font.name = style["font"]
        s.font.size = Pt(size)
        s.font.italic = False
        s.font.underline = False
        s.font.all_caps = False
        if name != "List Bullet":
            s.font.bold = True
            s.font.color.rgb = colour
            s.paragraph_format.keep_with_next = True
        s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        s.paragraph_format.line_spacing = style["line_spacing"] if name in ("List Bullet",) else 1.15
        rfonts = s.element.rPr.rFonts
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), style["font"])
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)  # a theme font would win over the font named
    title_borders = doc.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_borders is not None:  # the default template underlines titles with a rule
        title_borders.getparent().remove(title_borders)


def _write(paragraph, text: str, lang: str, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    _set_lang(run._r, lang)


def _picture(cell, picture: Picture, lang: str, width) -> None:
    """The picture, centred in its cell, its alt text (wp:docPr descr and title) in `lang`."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = 1.0  # a multiple of line spacing would stretch the row
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run()
    _set_lang(run._r, lang)
    doc_pr = run.add_picture(str(picture.path), width=width)._inline.docPr
    doc_pr.set("descr", picture.alt[lang])
    doc_pr.set("title", picture.alt[lang])


# ---- The side-by-side table -----------------------------------------------------------------------

class _Table:
    """picture | Welsh | picture | English, one row per statement."""

    def __init__(self, doc, widths: tuple, pictures: Pictures, section: str, style: dict):
        self.pictures, self.section, self.widths = pictures, section, widths
        look = style["pictures"]
        self.picture_width, self.space, self.gutter = Cm(look["picture_cm"]), Pt(look["row_space_pt"]), Cm(look["gutter_cm"])
        self.repeat = look["repeat"]
        self.last = None  # the picture of the row above, not repeated unless style says so
        self.table = doc.add_table(rows=0, cols=4)
        self.table.alignment = WD_TABLE_ALIGNMENT.LEFT
        self.table.autofit = False
        for column, width in zip(self.table.columns, widths):
            column.width = width

    def _cells(self, span: bool = False):
        row = self.table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut across pages
        cells = row.cells
        for cell, width in zip(cells, self.widths):
            cell.width = width
        cells = (cells[0].merge(cells[1]), cells[2].merge(cells[3])) if span else cells
        margin = OxmlElement("w:tcMar")  # a gutter between the Welsh words and the English picture
        right = OxmlElement("w:right")
        right.set(qn("w:w"), str(self.gutter.twips))
        right.set(qn("w:type"), "dxa")
        margin.append(right)
        cells[len(cells) // 2 - 1]._tc.get_or_add_tcPr().append(margin)
        return cells

    def heading(self, cy: str, en: str, style: str | None = None) -> None:
        """A heading (or the closing line) spans its picture and text columns."""
        self.last = None
        for cell, text, lang in zip(self._cells(span=True), (cy, en), ("cy", "en")):
            _write(cell.paragraphs[0], text, lang)
            cell.paragraphs[0].style = style
            if style is None:
                cell.paragraphs[0].paragraph_format.space_before = Pt(12)

    def keep_with_next(self) -> None:
        """Keep the last row on the page of the row that will follow it."""
        for cell in self.table.rows[-1].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True

    def row(self, cy: str | tuple, en: str | tuple, statement: Statement | None = None, style: str | None = None,
            picture: bool = True) -> None:
        cells = self._cells()
        chosen = self.pictures.for_statement(statement, self.section) if picture else None
        if chosen and chosen.path == self.last and not self.repeat:
            chosen = None  # one picture for a run of rows about the same thing
        self.last = chosen.path if chosen else self.last
        for pic_cell, text_cell, text, lang in ((cells[0], cells[1], cy, "cy"), (cells[2], cells[3], en, "en")):
            for cell in (pic_cell, text_cell):  # words beside a picture are centred on it
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if chosen else WD_CELL_VERTICAL_ALIGNMENT.TOP
            if chosen:
                _picture(pic_cell, chosen, lang, self.picture_width)
            paragraph = text_cell.paragraphs[0]
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = self.space
            if style:
                paragraph.style = style
            if isinstance(text, tuple):  # (bold term, explanation)
                _write(paragraph, text[0], lang, bold=True)
                _write(paragraph, text[1], lang)
            else:
                _write(paragraph, text, lang)

    def group(self, group: HandoutGroup) -> None:
        if group.title_en:
            self.heading(group.title_cy, group.title_en, "Heading 2")
        for statement in group.intro:
            self.row(statement.cy, statement.en, statement)
        if group.bullets and group.lead_en:
            self.row(group.lead_cy, group.lead_en, picture=False)  # "They:" leads into the bullets' pictures
        for statement in group.bullets:
            self.row(statement.cy, statement.en, statement, "List Bullet")


def _page_numbers(doc) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def write_docx(handout: Handout, path: Path, style: dict, pictures: Pictures) -> None:
    doc = Document()
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)  # A4
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Cm(style["margin_cm"])
    picture_column = Cm(style["pictures"]["column_cm"])
    text_column = Emu(int((page.page_width - page.left_margin - page.right_margin - 2 * picture_column) / 2))
    widths = (picture_column, text_column, picture_column, text_column)
    sizes = style[handout.audience]
    _setup_styles(doc, style, sizes)
    props = doc.core_properties
    props.title = f"{handout.title_cy} / {handout.title_en}"
    props.subject = "Easy read / Hawdd ei ddeall"
    props.language = "cy-GB, en-GB"
    props.author = "easyread"
    props.keywords = f"easy read; {handout.audience}; {handout.slug}"

    for text, lang in ((handout.title_cy, "cy"), (handout.title_en, "en")):
        _write(doc.add_paragraph(style="Title"), text, lang)

    for section in handout.sections:
        table = _Table(doc, widths, pictures, section.id, style)
        table.heading(section.title_cy, section.title_en, "Heading 1")
        for group in section.groups:
            table.group(group)
    table = _Table(doc, widths, pictures, "hard-words", style)
    if handout.hard_words:
        table.heading(handout.hard_words_title[1], handout.hard_words_title[0], "Heading 1")
        for i, (term_en, explain_en, term_cy, explain_cy) in enumerate(handout.hard_words):
            table.row((term_cy + ": ", explain_cy), (term_en + ": ", explain_en), picture=i == 0)  # the book once
        table.keep_with_next()
    table.heading(pictures.attribution["cy"], pictures.attribution["en"])
    _page_numbers(doc)
    doc.save(str(path))
