"""Bad input never crashes, hangs or loses work (issue 8).

One table of bad inputs run through the CLI: each row asserts the exit code, a one-line error that
names the file (or the rule file and line), no traceback, and an output folder left exactly as it
was (names, modification times and bytes). The PDF cases are in test_pdf_reader.py.
"""
import os
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from docx import Document

from easyread import api
from easyread.cli import main
from easyread.errors import InputError
from easyread.handout import slug_for
from easyread.readers import read_document
from easyread.readers.docx_reader import MAX_UNCOMPRESSED
from easyread.readers.text import MAX_PARAGRAPH_CHARS, MAX_TEXT_CHARS, MAX_TEXT_FILE_BYTES
from easyread.resources import phrasebook_dir

from conftest import CARDIFF, NPT, topic_file

CARDIFF_TEXT = CARDIFF.read_text(encoding="utf-8")

# Welsh prose of the kind a Welsh-language report has (not a translation of a seed).
WELSH = (
    "Rhwng 19 a 23 Chwefror 2024, cynhaliodd yr arolygiaethau arolygiad ar y cyd o'r trefniadau amddiffyn plant "
    "yng Nghaerdydd. Roedd yr arolygiad yn edrych ar ba mor dda y mae gwasanaethau yn gweithio gyda'i gilydd. "
    "Mae staff yn gwrando ar blant a phobl ifanc, ac mae'r bartneriaeth wedi datblygu trefniadau cryf. "
    "Dylai'r bwrdd iechyd wneud yn siŵr bod y cofnodion yn glir, ond mae rhai plant yn aros yn rhy hir am gymorth.\n\n"
)

# A topic entry that loads; each phrasebook row breaks one thing in it.
GOOD_ENTRY = topic_file("zz-broken")


@dataclass
class Case:
    argv: list[str]
    named: str  # what the message must name: the report, the rule file and line, or the output folder
    out: Path  # the folder that must be left unchanged


def snapshot(folder: Path) -> dict:
    """Every file and folder under `folder`: its modification time and bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): (p.is_dir(), p.stat().st_mtime_ns, None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def _out(tmp_path: Path) -> Path:
    """An output folder with an earlier file in it, so that a change would show."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier-notes.txt").write_text("kept as it is\n", encoding="utf-8")
    return out


def report_case(name: str, content: bytes):
    def make(tmp_path: Path, previous: Path) -> Case:
        report = tmp_path / name
        report.write_bytes(content)
        out = _out(tmp_path)
        return Case(["build", str(report), "--out", str(out)], str(report), out)
    return make


def huge_sparse_file(tmp_path: Path, previous: Path) -> Case:
    """100 MB on paper, nothing on disk: it must be refused from its size, before it is read."""
    report = tmp_path / "huge.txt"
    with report.open("wb") as file:
        file.truncate(100 * 1024 * 1024)
    out = _out(tmp_path)
    return Case(["build", str(report), "--out", str(out)], str(report), out)


def docx_case(make_docx):
    def make(tmp_path: Path, previous: Path) -> Case:
        report = tmp_path / "report.docx"
        make_docx(report)
        out = _out(tmp_path)
        return Case(["build", str(report), "--out", str(out)], str(report), out)
    return make


def small_docx(path: Path) -> Path:
    document = Document()
    document.add_heading("Strengths", level=1)
    document.add_paragraph(CARDIFF_TEXT[:3000])
    document.save(str(path))
    return path


def truncated_docx(path: Path) -> None:
    whole = small_docx(path).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def zip_bomb(path: Path) -> None:
    """A DOCX whose padding part inflates past the limit from a few hundred KB on disk."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(MAX_UNCOMPRESSED // len(block) + 8):
                member.write(block)
    assert path.stat().st_size < 1024 * 1024


def docx_with_a_long_paragraph(path: Path) -> None:
    document = Document()
    document.add_heading("Strengths", level=1)
    document.add_paragraph(CARDIFF_TEXT[:3000])
    document.add_paragraph("staff listen " * (MAX_PARAGRAPH_CHARS // 10))
    document.save(str(path))


def password_protected(path: Path) -> None:
    """Word saves a DOCX with a password as an OLE compound file, not a zip."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)


def broken_phrasebook(change: tuple[str, str], line: int | None):
    def make(tmp_path: Path, previous: Path) -> Case:
        book = tmp_path / "phrasebook"
        shutil.copytree(phrasebook_dir(), book)
        assert change[0] in GOOD_ENTRY
        topic = book / "topics" / "zz-broken.yaml"
        topic.write_text(GOOD_ENTRY.replace(*change), encoding="utf-8")
        out = _out(tmp_path)
        return Case(["build", str(CARDIFF), "--phrasebook", str(book), "--out", str(out)],
                    f"{topic}:{line}:" if line else f"{topic}:", out)
    return make


def existing_handout(tmp_path: Path, previous: Path) -> Case:
    out = tmp_path / "out"
    shutil.copytree(previous, out)  # copytree keeps the modification times
    return Case(["build", str(CARDIFF), "--out", str(out)], str(out / "cardiff-2024-families.docx"), out)


def out_is_a_file(tmp_path: Path, previous: Path) -> Case:
    out = tmp_path / "handouts.docx"
    out.write_bytes(b"an earlier file")
    return Case(["build", str(CARDIFF), "--out", str(out)], str(out), out)


def out_under_a_file(tmp_path: Path, previous: Path) -> Case:
    parent = tmp_path / "handouts"
    parent.write_bytes(b"an earlier file")
    return Case(["build", str(CARDIFF), "--out", str(parent / "cardiff")], str(parent / "cardiff"), parent)


def out_checked_before_the_phrasebook(tmp_path: Path, previous: Path) -> Case:
    """A bad --out is reported before anything else is read (here a broken phrasebook, exit 3 otherwise)."""
    case = broken_phrasebook(("    when:\n", "    when: [\n"), None)(tmp_path, previous)
    out = tmp_path / "handouts.docx"
    out.write_bytes(b"an earlier file")
    argv = case.argv[:-1] + [str(out)]
    return Case(argv, str(out), out)


def unwritable_out(tmp_path: Path, previous: Path) -> Case:
    out = _out(tmp_path)
    out.chmod(0o500)
    if os.access(out, os.W_OK):
        out.chmod(0o700)
        pytest.skip("running as root: chmod does not stop writing")
    return Case(["build", str(CARDIFF), "--out", str(out)], str(out), out)


# (id, how to make the case, exit code, what the message must say)
BAD_INPUTS = [
    ("empty file", report_case("empty.txt", b""), 2, "empty"),
    ("whitespace only", report_case("blank.md", b"  \n\t\n\r\n   \n"), 2, "empty"),
    ("binary with a .txt name", report_case("picture.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8), 2, "binary"),
    ("UTF-16 without a byte-order mark", report_case("utf16.txt", CARDIFF_TEXT[:4000].encode("utf-16-le")), 2, "UTF-16"),
    ("neither UTF-8 nor Windows-1252", report_case("odd.txt", b"Strengths\n\nStaff \x81\x8d listen.\n"), 2, "neither UTF-8 nor Windows-1252"),
    ("a 100 MB text file", huge_sparse_file, 2, f"up to {MAX_TEXT_FILE_BYTES >> 20} MB"),
    ("more text than a report", report_case("many.md", ((CARDIFF_TEXT + "\n\n") * (MAX_TEXT_CHARS // len(CARDIFF_TEXT) + 1)).encode()), 2, "characters"),
    ("a line of 3 MB", report_case("line.txt", b"Strengths\n\n" + b"word " * 600_000 + b"\n"), 2, "characters"),
    ("a line too long for a paragraph", report_case("para.txt", (CARDIFF_TEXT[:5000] + "\n\n" + "staff listen " * (MAX_PARAGRAPH_CHARS // 10)).encode()), 2, "the paragraph beginning"),
    ("DOCX that is not a zip", report_case("report.docx", b"This is plain text with a .docx name.\n"), 2, "not a valid DOCX"),
    ("truncated DOCX", docx_case(truncated_docx), 2, "not a valid DOCX"),
    ("DOCX that inflates too far", docx_case(zip_bomb), 2, "inflate"),
    ("password-protected DOCX", docx_case(password_protected), 2, "password"),
    ("a DOCX paragraph too long", docx_case(docx_with_a_long_paragraph), 2, "the paragraph beginning"),
    ("a report in Welsh only", report_case("adroddiad.txt", ("Cryfderau\n\n" + WELSH * 12).encode()), 2, "in Welsh"),
    ("headings but no findings", report_case("outline.md", b"# Joint inspection of child protection arrangements\n\n## Strengths\n\n## What needs to improve\n"), 2, "no findings"),
    ("not an inspection report", report_case("letter.txt", b"Dear Sam,\n\nThanks for the cake. See you on Tuesday at the station.\n"), 2, "does not look like an inspection report"),
    ("a plan with strengths, by no inspectorate", report_case("plan.txt", b"Strengths\n\nThe team is kind and works well together every single day.\n\nWeaknesses\n\nThe budget is too small for the number of people who need help.\n"), 2, "no inspection or inspectorate named"),
    ("phrasebook: invalid YAML", broken_phrasebook(("    when:\n", "    when: [\n"), None), 3, "not valid YAML"),
    ("phrasebook: unknown key", broken_phrasebook(("    example:", "    colour: red\n    example:"), 4), 3, "unknown key 'colour'"),
    ("phrasebook: template syntax error", broken_phrasebook(("en: listen to children", "en: listen to {{ children"), 9), 3, "template error"),
    ("phrasebook: code in a template", broken_phrasebook(("en: listen to children", "en: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\""), 9), 3, "cannot be filled"),
    ("phrasebook: slot on one side only", broken_phrasebook(("cy: gwrando ar blant", "cy: gwrando ar {{ place }}"), 9), 3, "slots differ"),
    ("existing handout without --force", existing_handout, 4, "already exists; use --force"),
    ("--out is a file", out_is_a_file, 4, "is a file"),
    ("--out inside a file", out_under_a_file, 4, "is a file"),
    ("--out checked before the phrasebook", out_checked_before_the_phrasebook, 4, "is a file"),
    ("unwritable output folder", unwritable_out, 4, "not writable"),
]


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory) -> Path:
    """A folder holding last week's approved handouts."""
    out = tmp_path_factory.mktemp("previous")
    api.build(CARDIFF, out=out)
    return out


@pytest.mark.parametrize("make, code, message", [row[1:] for row in BAD_INPUTS], ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_is_refused_in_one_line_and_changes_nothing(tmp_path, capsys, previous_build, make, code, message):
    case = make(tmp_path, previous_build)
    before = snapshot(case.out) if case.out.is_dir() else case.out.read_bytes()
    try:
        assert main(case.argv) == code
    finally:
        if case.out.is_dir():
            case.out.chmod(0o700)
    captured = capsys.readouterr()
    assert captured.err.startswith("easyread: ") and captured.err.count("\n") == 1, captured.err
    assert case.named in captured.err and message in captured.err, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert (snapshot(case.out) if case.out.is_dir() else case.out.read_bytes()) == before
    assert not list(tmp_path.rglob("*.tmp"))


SUBPROCESS_ROWS = ["binary with a .txt name", "DOCX that inflates too far", "phrasebook: code in a template", "existing handout without --force"]


@pytest.mark.parametrize("row", SUBPROCESS_ROWS)
def test_no_traceback_reaches_a_terminal(tmp_path, previous_build, row):
    _, make, code, message = next(r for r in BAD_INPUTS if r[0] == row)
    case = make(tmp_path, previous_build)
    result = subprocess.run([sys.executable, "-m", "easyread", *case.argv], capture_output=True, text=True, timeout=300)
    assert result.returncode == code
    assert result.stderr.count("\n") == 1 and message in result.stderr and case.named in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("encode", [
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.encode("utf-16"),
    lambda text: text.replace("\n", "\r\n").encode("cp1252"),
], ids=["UTF-8 with a byte-order mark", "UTF-16 with a byte-order mark", "Windows-1252 with CRLF"])
def test_other_encodings_are_read_as_the_same_report(tmp_path, encode):
    text = NPT.read_text(encoding="utf-8")
    text.encode("cp1252")  # the seed must hold only Windows-1252 characters for the comparison to be fair
    report = tmp_path / NPT.name
    report.write_bytes(encode(text))
    assert read_document(report).text == read_document(NPT).text
    assert read_document(report).blocks == read_document(NPT).blocks


# Characters XML cannot hold (a NUL is not among them: a text with one is taken for a binary file).
XML_UNSAFE = "\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ufffe\uffff"


def test_control_characters_are_removed_and_the_docx_opens(tmp_path):
    """A report sprinkled with characters XML cannot hold still builds, and every DOCX opens without them."""
    spaces = iter(range(10**6))
    text = "".join(ch + XML_UNSAFE[n % len(XML_UNSAFE)] if ch == " " and (n := next(spaces)) % 3 == 0 else ch
                   for ch in CARDIFF_TEXT)
    report = tmp_path / "report.md"
    report.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(report), "--out", str(out)]) == 0
    docx_files = sorted(out.glob("*.docx"))
    assert docx_files
    for path in docx_files:
        document = Document(str(path))
        words = "".join(p.text for p in document.paragraphs)
        words += "".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
        assert "Cardiff" in words and not set(words) & set(XML_UNSAFE)


def test_a_docx_that_lies_about_its_size_is_refused_without_inflating(tmp_path):
    """A part whose zip directory claims 1 KB but inflates to 300 MB: refused as damaged, in little memory.

    zipfile stops at the claimed size, but would inflate the whole part in one go if asked for all of it.
    """
    path = tmp_path / "liar.docx"
    name = "word/media/image1.png"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open(name, "w") as member:
            for _ in range(300):
                member.write(b"\0" * (1 << 20))
        local = archive.getinfo(name).header_offset
    data = bytearray(path.read_bytes())
    central = data.index(name.encode(), data.index(b"PK\x01\x02")) - 46
    for at, size_at in ((local, 22), (central, 24)):  # the uncompressed size, in the local header and the directory
        assert data[at:at + 4] in (b"PK\x03\x04", b"PK\x01\x02")
        data[at + size_at:at + size_at + 4] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert path.stat().st_size < 1024 * 1024
    assert zipfile.ZipFile(path).getinfo(name).file_size == 1024
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="not a valid DOCX"):
            read_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


# A line of each shape that made a pattern backtrack: markup opened and never closed, long runs of space.
LONG_LINES = {
    "stars": "*a " * 300_000,
    "underscores": "__a " * 250_000,
    "tags": "<b " * 300_000,
    "links": "[a](" * 250_000,
    "brackets": "[a " * 300_000,
    "heading spaces": "# a" + " " * 1_000_000 + "x",
    "bold line": "**" + "a " * 500_000,
    "cut paragraphs": "one two three four five six seven eight nine\n\n" * 20_000,
}


def test_long_lines_are_read_in_linear_time():
    """Each reader pattern on a line of a megabyte: linear work takes a second, backtracking hours.

    Run in a child process with a generous time limit, so a regression fails instead of hanging.
    """
    code = (
        "import sys\nfrom easyread.readers.lines import blocks_from_lines\n"
        "blocks = blocks_from_lines(sys.stdin.read())\nprint(len(blocks))\n"
    )
    for name, line in LONG_LINES.items():
        result = subprocess.run([sys.executable, "-c", code], input=line, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and int(result.stdout) >= 1, (name, result.stderr[-500:])


def test_a_report_at_the_limits_is_analysed(tmp_path):
    """Every paragraph as long as allowed, each of a shape that backtracks: the whole run ends (see the timeout)."""
    paragraphs = [(shape * (MAX_PARAGRAPH_CHARS // len(shape) - 2))[: MAX_PARAGRAPH_CHARS - 10] + " end."
                  for shape in ("*a ", "__a ", "<b ", "[a ", "children said staff were not ", "word ")]
    text = CARDIFF_TEXT
    while len(text) + MAX_PARAGRAPH_CHARS < MAX_TEXT_CHARS:
        text += "\n\n" + paragraphs[len(text) % len(paragraphs)]
    report = tmp_path / "long.md"
    report.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "easyread", "inspect", str(report)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


PLACE_NAMES = ["../../etc/passwd", "/root/.ssh", "CON", "nul", "COM1", "a/b\\c:d", "..", "", "Ynys Môn", "-" * 300]


@pytest.mark.parametrize("year", [2024, None])
@pytest.mark.parametrize("place", PLACE_NAMES)
def test_slug_is_a_safe_file_name(analyses, phrasebook, place, year):
    """Whatever the gazetteer calls a place, the slug is a plain name: no path, no reserved device name."""
    analysis = analyses[CARDIFF.name]
    meta = analysis.report.metadata
    dates = {"start": meta.start.replace(year=year), "end": None, "letter_date": None} if year else {"start": None, "end": None, "letter_date": None}
    renamed = replace(phrasebook, names=tuple(replace(n, en=place) if n.id == meta.place else n for n in phrasebook.names))
    moved = replace(analysis, report=replace(analysis.report, metadata=replace(meta, **dates)))
    slug = slug_for(moved, renamed)
    assert slug and len(slug) <= 70 and set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert not slug.startswith("-") and not slug.endswith("-")
    assert slug.split(".")[0].lower() not in {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
    if year:
        assert slug.endswith(f"-{year}")


def test_files_land_only_in_the_out_folder(tmp_path, monkeypatch):
    """A place whose English name is a path still gives files only under out/<slug>/."""
    book = tmp_path / "phrasebook"
    shutil.copytree(phrasebook_dir(), book)
    gazetteer = book / "gazetteer.yaml"
    text = gazetteer.read_text(encoding="utf-8")
    assert "    en: Cardiff\n" in text
    gazetteer.write_text(text.replace("    en: Cardiff\n", "    en: ../../CON\n    aliases: [Cardiff]\n", 1), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["build", str(CARDIFF), "--phrasebook", str(book)]) == 0
    written = [p for p in tmp_path.rglob("*") if p.is_file() and book not in p.parents]
    assert written and all(p.parent == work / "out" / "con-2024" for p in written), written
