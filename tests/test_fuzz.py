"""Property-based tests: random text, random bytes and mutated seeds thrown at the readers and the build.

Whatever the input, nothing escapes but the project's own EasyReadError (a one-line message and an
exit code), and every DOCX a build writes opens. The number of examples is bounded so the whole file
runs in about twenty seconds; the examples are drawn afresh on each run, without a saved database.
"""
import io
import tempfile
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from easyread import api
from easyread.errors import EasyReadError
from easyread.readers import read_document

from conftest import REPORTS

FUZZ = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED_LINES = [path.read_bytes().split(b"\n") for path in REPORTS]
ODD_CHARACTERS = ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\uffff", "\r", "\t", "’", "ŵ", "**", "__", "#", "<b>", "[", "]("]
MARKUP = st.text(alphabet=st.sampled_from(list("#*_-•[]()<>\n\n\t .,:;'’ABCSabcst19ŵâ\x0b\x0c\x01\x7f\ufffe")), max_size=3000)


def _build(report: Path, phrasebook, force: bool) -> None:
    """Build the report; if it builds, every DOCX it wrote must open and hold text."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        try:
            result = api.build(report, out=out, phrasebook=phrasebook, force=force)
        except EasyReadError as err:
            event(f"refused: exit {err.exit_code}")
            assert not out.exists() or not any(out.iterdir()), "a refused build left files behind"
            return
        event("built")
        documents = [path for path in result.files if path.suffix == ".docx"]
        assert documents
        for path in documents:
            assert Document(str(path)).tables or Document(str(path)).paragraphs


@st.composite
def mutated_seed(draw) -> bytes:
    """Part of a seed (its front matter and a window of its body), then a few random edits."""
    lines = draw(st.sampled_from(SEED_LINES))
    start = draw(st.integers(0, len(lines) - 1))
    lines = lines[:draw(st.integers(0, 40))] + lines[start:start + draw(st.integers(1, 200))]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(lines) - 1)) if lines else 0
        edit = draw(st.sampled_from(["delete", "duplicate", "shuffle", "character", "cut"]))
        if edit == "delete" and lines:
            del lines[at:at + draw(st.integers(1, 20))]
        elif edit == "duplicate" and lines:
            lines[at:at] = lines[at:at + draw(st.integers(1, 5))] * draw(st.integers(1, 3))
        elif edit == "shuffle" and lines:
            lines[at:at + 12] = draw(st.permutations(lines[at:at + 12]))
        elif edit == "character" and lines:
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.sampled_from(ODD_CHARACTERS)).encode("utf-8") + line[cut:]
    data = b"\n".join(lines)
    if draw(st.booleans()):  # cut bytes out, possibly in the middle of a UTF-8 character
        at = draw(st.integers(0, len(data)))
        data = data[:at] + data[at + draw(st.integers(0, 400)):]
    return data


@settings(FUZZ, max_examples=12)
@given(data=mutated_seed(), force=st.booleans())
def test_mutated_seeds_build_or_are_refused(phrasebook, data, force):
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.md"
        report.write_bytes(data)
        _build(report, phrasebook, force)


@settings(FUZZ, max_examples=25)
@given(text=st.one_of(st.text(max_size=2000), MARKUP), force=st.booleans())
def test_random_text_builds_or_is_refused(phrasebook, text, force):
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.txt"
        report.write_bytes(text.encode("utf-8"))
        _build(report, phrasebook, force)


@settings(FUZZ, max_examples=60)
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".docx"]))
def test_random_bytes_are_read_or_refused(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / f"report{suffix}"
        report.write_bytes(data)
        try:
            document = read_document(report)
        except EasyReadError:
            return
        assert document.text.strip()


def _small_docx() -> bytes:
    document = Document()
    for block in read_document(REPORTS[0]).blocks[:60]:
        if block.kind == "heading":
            document.add_heading(block.text, level=2)
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SMALL_DOCX = _small_docx()


@settings(FUZZ, max_examples=40)
@given(edits=st.lists(st.tuples(st.integers(0, len(SMALL_DOCX) - 1), st.binary(min_size=1, max_size=8)), max_size=4),
       cut=st.one_of(st.none(), st.integers(0, len(SMALL_DOCX))))
def test_damaged_docx_is_read_or_refused(edits, cut):
    data = bytearray(SMALL_DOCX)
    for at, replacement in edits:
        data[at:at + len(replacement)] = replacement
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.docx"
        report.write_bytes(bytes(data[:cut]))
        try:
            document = read_document(report)
        except EasyReadError:
            return
        assert document.blocks
