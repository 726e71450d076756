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
spell checkers know Welsh from English.

python-docx is used when the templates are loaded: it opens the reference document, checks its
styles, applies each audience's text sizes and the first language, and saves the result
(`Package`, kept in the templates snapshot). A handout is then written as WordprocessingML text into
that package: building some 15,000 elements through python-docx (or lxml) cost most of a build.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from .errors import RuleError
from .model import NOT_XML, Handout, HandoutGroup, Statement
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
    ext: str = "png"  # as python-docx names an image of this kind: "png" or "jpg"
    size: tuple[int, int] = (1, 1)  # EMU at the image's own dots per inch: its shape, for scaling


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


def _image_shape(image: bytes) -> tuple[str, tuple[int, int]]:
    from docx.image.image import Image

    shape = Image.from_blob(image)
    return shape.ext, (int(shape.width), int(shape.height))


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
        ext, size = _image_shape(image)
        pictures[pid] = Picture(pid, file, _bilingual(raw["alt"], raw, f"alt of picture '{pid}'"), str(raw["source"]), image, ext, size)
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

_PER_HANDOUT = ("word/document.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "word/styles.xml")
_MARK = "\ue000{}\ue000"  # a private-use character around a slot of the package's text, filled per handout
_CORE = ("title", "subject", "language", "keywords")  # core properties set per handout
_PLACEHOLDER_TIME = dt.datetime(1900, 1, 1)  # created and modified, as python-docx writes them: replaced per handout
_NAMESPACES = {"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
               "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
_IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Package:
    """reference.docx as python-docx saves it with its sample text taken out, in the parts a handout fills."""

    names: tuple[str, ...]  # the parts, in the order they are written
    parts: dict  # name -> bytes, for the parts every handout shares
    styles: dict  # (audience, first language) -> word/styles.xml with that audience's sizes and that language
    body: tuple[str, str]  # word/document.xml before and after the body's content
    relationships: str  # word/_rels/document.xml.rels without its closing tag
    first_free_rid: int  # the number of the first relationship id ("rId7") the reference does not use
    core: str  # docProps/core.xml, with _MARK slots for the _CORE properties
    style_ids: dict  # style name -> its id in the XML
    text_width: int  # twips between the page's margins


@dataclass(frozen=True)
class Style:
    package: Package  # templates/reference.docx, prepared once
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
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.shared import Cm

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
    sizes = {audience: dict(table) for audience, table in sizes.items()}
    # plain ints: a Style is pickled in the templates snapshot, and unpickling a docx Cm would read its EMU as centimetres
    try:
        package = _package(blob, sizes)
    except ValueError as err:
        raise RuleError(reference, None, f"{err}; save it from Word as .docx") from None
    return Style(package, sizes, Cm(column).twips, int(Cm(picture)), int(Cm(cover)), Cm(gutter).twips, look["repeat"])


def _package(reference: bytes, sizes: dict) -> Package:
    """The reference document saved by python-docx once per audience and first language, taken apart;
    ValueError if it cannot be."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Emu, Pt

    saved = {}
    for audience in sizes:
        for lang in LANG:
            doc = Document(BytesIO(reference))
            body = doc.element.body
            if body.sectPr is None:
                raise ValueError("has no page settings (a section) for the handouts' pages")
            for child in list(body):
                if child is not body.sectPr:
                    body.remove(child)  # the reference's sample text
            body.insert(0, parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>{_MARK.format("body")}</w:t></w:r></w:p>'))
            for name, points in sizes[audience].items():
                doc.styles[name].font.size = Pt(points)
            properties = doc.styles["Normal"].element.get_or_add_rPr()
            node = properties.find(qn("w:lang"))
            if node is None:
                node = properties.makeelement(qn("w:lang"), {})
                properties.append(node)
            node.set(qn("w:val"), LANG[lang])
            props = doc.core_properties
            for name in _CORE:
                setattr(props, name, _MARK.format(name))
            props.author, props.comments, props.revision = "easyread", "", 1
            props.created = props.modified = _PLACEHOLDER_TIME
            file = BytesIO()
            doc.save(file)
            with zipfile.ZipFile(file) as package:
                saved[audience, lang] = {name: package.read(name) for name in package.namelist()}
    page = doc.sections[0]
    parts = saved[next(iter(saved))]
    document = parts["word/document.xml"].decode("utf-8")
    root = document.index("<w:document") + len("<w:document")
    for prefix, uri in (("r", _NAMESPACES["r"]), ("wp", _NAMESPACES["wp"])):  # the body's pictures and links use these
        if f"xmlns:{prefix}=" not in document[:document.index(">", root)]:
            document = f'{document[:root]} xmlns:{prefix}="{uri}"{document[root:]}'
    mark = document.index(_MARK.format("body"))
    start, end = document.rfind("<w:p", 0, mark), document.find("</w:p>", mark)
    if start < 0 or document[start + len("<w:p")] not in "> " or end < 0:
        raise ValueError("could not be taken apart: its body is not where python-docx puts it")
    body = (document[:start], document[end + len("</w:p>"):])
    relationships = parts["word/_rels/document.xml.rels"].decode("utf-8")
    used = [int(n) for n in re.findall(r'Id="rId(\d+)"', relationships)]
    types = parts["[Content_Types].xml"].decode("utf-8")
    for ext, kind in _IMAGE_TYPES.items():
        if f'Extension="{ext}"' not in types:
            types = types.replace("<Override ", f'<Default Extension="{ext}" ContentType="{kind}"/><Override ', 1)
    return Package(tuple(parts), {**{name: data for name, data in parts.items() if name not in _PER_HANDOUT},
                                  "[Content_Types].xml": types.encode("utf-8")},
                   {key: files["word/styles.xml"] for key, files in saved.items()}, body,
                   relationships[:relationships.rindex("</Relationships>")], max(used, default=0) + 1,
                   parts["docProps/core.xml"].decode("utf-8"), {name: doc.styles[name].style_id for name in STYLES},
                   Emu(page.page_width - page.left_margin - page.right_margin).twips)


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

_SPANNING = ("language", "heading", "subheading", "attribution")  # rows of words across picture and words columns
_STYLE_OF = {"language": "Language", "heading": "Heading 1", "subheading": "Heading 2", "attribution": "Attribution", "text": "Normal",
             "bullet": "List Bullet"}
_INLINE = ('<wp:inline xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><wp:extent cx="{cx}" cy="{cy}"/>'
           '<wp:docPr id="{id}" name="{name}" descr="{alt}" title="{alt}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
           '</wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
           '<pic:nvPicPr><pic:cNvPr id="0" name="image.{ext}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
           '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
           '</a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>')
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _text(text: str) -> str:
    """`text` as XML character data."""
    return NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """`text` as an XML attribute value: a line end or tab written as a reference, which a reader
    keeps (written as it is, it would read as a space)."""
    return _text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")


class _Writer:
    """Writes the body of a handout as WordprocessingML text, and the relationships it needs."""

    def __init__(self, style: Style):
        self.style, self.package = style, style.package
        self.ids = self.package.style_ids
        self.next_rid = self.package.first_free_rid
        self.relationships: list[str] = []
        self.media: dict = {}  # picture file -> (relationship id, part name)
        self.links: dict = {}  # address -> relationship id
        self.shape_id = _FIRST_SHAPE_ID
        self.out: list[str] = []

    def _relate(self, kind: str, target: str, external: bool = False) -> str:
        rid = f"rId{self.next_rid}"
        self.next_rid += 1
        mode = ' TargetMode="External"' if external else ""
        self.relationships.append(f'<Relationship Id="{rid}" Type="{_RELATIONSHIP}{kind}" Target="{_attribute(target)}"{mode}/>')
        return rid

    def paragraph(self, style: str, text=None, lang: str = "en", keep: bool = False, page_break: bool = False,
                  picture: tuple | None = None) -> None:
        """A paragraph of `text` in `lang` (a (hard word, explanation) pair, words with links, or a
        `picture`: (Picture, width))."""
        out = self.out
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{self.ids[style]}"/>')
        if keep:
            out.append("<w:keepNext/>")
        if page_break:
            out.append("<w:pageBreakBefore/>")
        out.append("</w:pPr>")
        if isinstance(text, tuple):
            self._run(text[0], lang, "Strong")
            self._run(text[1], lang)
        elif text:
            at = 0
            for link in _URL.finditer(text):
                self._run(text[at:link.start()], lang)
                self._link(link.group(), lang)
                at = link.end()
            self._run(text[at:], lang)
        if picture:
            self._picture(*picture, lang)
        out.append("</w:p>")

    def page_break(self) -> None:
        """A page break at the end of the paragraph just written."""
        if self.out[-1] != "</w:p>":
            raise ValueError("a page break ends a paragraph: write one first")
        self.out[-1] = '<w:r><w:br w:type="page"/></w:r></w:p>'

    def _run(self, text: str, lang: str, style: str | None = None) -> None:
        if text:
            run_style = f'<w:rStyle w:val="{self.ids[style]}"/>' if style else ""
            self.out.append(f'<w:r><w:rPr>{run_style}<w:lang w:val="{LANG[lang]}"/></w:rPr>'
                            f'<w:t xml:space="preserve">{_text(text)}</w:t></w:r>')

    def _link(self, address: str, lang: str) -> None:
        if address not in self.links:
            self.links[address] = self._relate("hyperlink", address, external=True)
        self.out.append(f'<w:hyperlink r:id="{self.links[address]}">')
        self._run(address, lang, "Hyperlink")
        self.out.append("</w:hyperlink>")

    def _picture(self, picture: Picture, width: int, lang: str) -> None:
        """The picture in a run of `lang`, its alt text (wp:docPr descr and title) in that language."""
        if picture.path not in self.media:  # one image part per picture file
            name = f"word/media/easyread{len(self.media) + 1}.{picture.ext}"
            self.media[picture.path] = (self._relate("image", name.removeprefix("word/")), name)
        self.shape_id += 1
        alt = _attribute(picture.alt[lang])
        height = round(picture.size[1] * (width / picture.size[0]))  # the picture's shape kept, as python-docx scales it
        inline = _INLINE.format(cx=width, cy=height, id=self.shape_id, name=_attribute(f"{picture.id} {self.shape_id}"), alt=alt,
                                ext=picture.ext, rid=self.media[picture.path][0])
        self.out.append(f'<w:r><w:rPr><w:lang w:val="{LANG[lang]}"/></w:rPr><w:drawing>{inline}</w:drawing></w:r>')

    def table(self, widths: tuple[int, ...]) -> None:
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        self.out.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.ids["Easy Read Table"]}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
                        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>')

    def _cell(self, width: int, span: int, centred: bool, right_margin: int) -> None:
        self.out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                        + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
                        + (f'<w:tcMar><w:right w:w="{right_margin}" w:type="dxa"/></w:tcMar>' if right_margin else "")
                        + ('<w:vAlign w:val="center"/>' if centred else "") + "</w:tcPr>")

    def row(self, line: _Line, languages: tuple[str, ...], widths: tuple[int, int], header: bool = False) -> None:
        """`line` in each of `languages`: picture | words, or words across both columns.

        `widths`: of the picture and the words columns. The first of two languages' words keep a
        gutter on their right, between them and the second language's picture."""
        self.out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")  # never cut across pages;
        centred = line.picture is not None  # a header row is repeated at the top of every page; words beside a picture are centred on it
        for i, lang in enumerate(languages):
            gutter = self.style.gutter if i == 0 and len(languages) > 1 else 0
            if line.kind in _SPANNING:
                self._cell(sum(widths), 2, False, gutter)
            else:
                self._cell(widths[0], 1, centred, 0)
                self.paragraph("Picture", keep=line.keep, lang=lang, picture=(line.picture, self.style.picture) if line.picture else None)
                self.out.append("</w:tc>")
                self._cell(widths[1], 1, centred, gutter)
            self.paragraph(_STYLE_OF[line.kind], line.text[lang], lang, keep=line.keep)
            self.out.append("</w:tc>")
        self.out.append("</w:tr>")

    def side_by_side(self, lines: list[_Line], languages: tuple[str, str], column_names: dict) -> None:
        """One table; its header row names each column's language and is repeated on every page."""
        picture = self.style.picture_column
        widths = (picture, (self.package.text_width - 2 * picture) // 2)
        self.table(widths * 2)
        self.row(_Line("language", column_names), languages, widths, header=True)
        for line in lines:
            self.row(line, languages, widths)
        self.out.append("</w:tbl>")

    def one_language(self, lines: list[_Line], lang: str) -> None:
        widths = (self.style.picture_column, self.package.text_width - self.style.picture_column)
        self.table(widths)
        for line in lines:
            self.row(line, (lang,), widths)
        self.out.append("</w:tbl>")


def write_docx(handout: Handout, path: Path | BinaryIO, style: Style, pictures: Pictures, languages: tuple[str, ...] = ("cy", "en"),
               layout: str = "side-by-side", *, labels: dict) -> None:
    """Write `handout` in `languages` (one for a separate file), first language first, into a copy of
    the reference document. `labels` (templates/handout.yaml, name -> {"en", "cy"}) give the cover's
    "subtitle", the document's "subject" and each side-by-side "column" heading."""
    writer = _Writer(style)
    titles = {"cy": handout.title_cy, "en": handout.title_en}
    lines = _lines(handout, pictures, style.repeat)
    picture = pictures.pictures.get(pictures.fixed.get(f"cover-{handout.audience}") or pictures.fixed.get("cover"))
    for lang in languages:  # the cover: the title in each language, the first language first, a picture after the first
        writer.paragraph("Title", titles[lang], lang)
        if labels["subtitle"][lang] != titles[lang]:
            writer.paragraph("Subtitle", labels["subtitle"][lang], lang)
        if picture and lang == languages[0]:
            writer.paragraph("Picture", lang=lang, picture=(picture, style.cover))
    if layout == "side-by-side" and len(languages) == 2:
        writer.page_break()
        writer.side_by_side(lines, languages, labels["column"])
    elif len(languages) == 1:
        writer.page_break()
        writer.one_language(lines, languages[0])
    else:  # sequential: each language's whole version on new pages, under its own title
        for lang in languages:
            writer.paragraph("Title", titles[lang], lang, page_break=True)
            writer.one_language(lines, lang)

    package = style.package
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = package.core.replace(_PLACEHOLDER_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"), now)
    for name, value in (("title", " / ".join(titles[lang] for lang in languages)),
                        ("subject", " / ".join(labels["subject"][lang] for lang in languages)),
                        ("language", ", ".join(LANG[lang] for lang in languages)),
                        ("keywords", f"easy read; {handout.audience}; {handout.slug}")):
        core = core.replace(_MARK.format(name), _text(value))
    filled = {"word/document.xml": "".join([package.body[0], *writer.out, package.body[1]]).encode("utf-8"),
              "word/_rels/document.xml.rels": "".join([package.relationships, *writer.relationships, "</Relationships>"]).encode("utf-8"),
              "docProps/core.xml": core.encode("utf-8"),
              "word/styles.xml": package.styles[handout.audience, languages[0]]}
    media = {name: file for file, (_, name) in writer.media.items()}
    data = {picture.path: picture.data for picture in pictures.pictures.values()}
    # the lowest compression level: twice as fast as the default, for a file a fifth larger (its pictures are compressed already)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name in package.names:
            out.writestr(name, filled[name] if name in filled else package.parts[name])
        for name, file in media.items():
            out.writestr(name, data[file], zipfile.ZIP_STORED)  # PNG and JPEG are compressed already
