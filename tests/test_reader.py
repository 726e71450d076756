"""The text reader: blocks as a person reads a text extraction of a PDF."""
import os
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from easyread.errors import InputError
from easyread.readers import lines, read_document
from easyread.readers.lines import blocks_from_lines

CASES = [
    # (source text, expected (kind, text) blocks)
    ("## **Summary**\n\nText here.", [("heading", "Summary"), ("paragraph", "Text here.")]),
    ("**Strengths**\n\nThey do well.", [("heading", "Strengths"), ("paragraph", "They do well.")]),
    ("Areas for Development\n\nSomething is late.", [("heading", "Areas for Development"), ("paragraph", "Something is late.")]),
    ("- one item\n→ two\n- ➤ three\n• four", [("item", "one item"), ("item", "two"), ("item", "three"), ("item", "four")]),
    ("Child protection enquiries are thorough with mostly timely action to reduce\n\nthe risk of harm to children.",
     [("paragraph", "Child protection enquiries are thorough with mostly timely action to reduce the risk of harm to children.")]),
    ("This was evidenced by the priorities in the Police and Crime Plan and the Chief Constable's\n\nDelivery Plan. The force was proactive.",
     [("paragraph", "This was evidenced by the priorities in the Police and Crime Plan and the Chief Constable's Delivery Plan. The force was proactive.")]),
    ("MASH\tMulti Agency Safeguarding Hub", [("row", "MASH Multi Agency Safeguarding Hub")]),
    ("Mae'r ddogfen yma hefyd ar gael yn Gymraeg.  \nThis document is also available in Welsh.",
     [("paragraph", "Mae'r ddogfen yma hefyd ar gael yn Gymraeg. This document is also available in Welsh.")]),
    ("We found *good* use of <i>flags</i>.", [("paragraph", "We found good use of flags.")]),
    ("- the effectiveness of the multi-agency partner arrangements in this work\n\nWe have used plain language.",
     [("item", "the effectiveness of the multi-agency partner arrangements in this work"), ("paragraph", "We have used plain language.")]),
    ("Dear Colleague,\n\nText.", [("paragraph", "Dear Colleague,"), ("paragraph", "Text.")]),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_blocks(source, expected):
    assert [(b.kind, b.text) for b in blocks_from_lines(source)] == expected


def test_block_offsets_point_into_the_text():
    text = "Intro.\n\n## Heading\n\nA paragraph here."
    for block in blocks_from_lines(text):
        assert text[block.start:].lstrip("# ").startswith(block.text[:5])


def test_table_cells_are_kept():
    (row,) = blocks_from_lines("CAMHS\tChild and Adolescent Mental Health Services")
    assert row.cells == ("CAMHS", "Child and Adolescent Mental Health Services")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
])
def test_bad_text_files(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_windows_1252_and_bom_are_read(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("\ufeffSummary\n\nThe health board’s staff – and schools.".encode("utf-8"))
    assert read_document(path).blocks[1].text.startswith("The health board’s")
    path.write_bytes("Summary\n\nThe health board\x92s staff \x96 and schools.".encode("latin-1"))
    assert read_document(path).blocks[1].text == "The health board’s staff – and schools."


def test_control_characters_are_dropped(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"Summary\n\nStaff\x0b are\x07 kind.")
    assert read_document(path).blocks[1].text == "Staff are kind."


def test_missing_file_folder_and_unknown_format(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nothing.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)
    other = tmp_path / "report.odt"
    other.write_bytes(b"x")
    with pytest.raises(InputError, match="cannot read '.odt'"):
        read_document(other)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a Unix thing")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        read_document(pipe)


def _clean_inline_as_written(text: str) -> str:
    """clean_inline with every pattern run on every text, as it was before it looked for their marks first."""
    text = lines._TAGS.sub("", text)
    text = lines._LINK.sub(r"\1", text)
    for _ in range(2):
        text = lines._EMPHASIS.sub(lambda m: m["star"] or m["line"], text)
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(list("ab *_<>/i[]()\t\n\u00a0\u2003\u3000\x1c\x85") + ["**", "__", "<i>", "</b>", "](x)"]),
                     max_size=30).map("".join))
@example(text="a  *b*\u00a0[c](d) <em>e</em>\x1c")
def test_inline_marks_are_cleaned_as_every_pattern_would(text):
    assert lines.clean_inline(text) == _clean_inline_as_written(text)
