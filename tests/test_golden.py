"""Golden handouts: the text of each seed's DOCX, compared as normalised text (DOCX bytes differ per save).

After a deliberate change, run `pytest tests/test_golden.py --update-golden` and review the diff in git.
"""
from pathlib import Path

import pytest
from docx import Document

from easyread import api

from conftest import REPORTS

GOLDEN = Path(__file__).parent / "golden"


def docx_text(path: Path) -> str:
    """Paragraphs and table rows in reading order; a row's cells joined with ' | '."""
    document = Document(str(path))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text.strip():
                lines.append(text.strip())
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")).strip()
                             for cell in row.iterchildren() if cell.tag.endswith("}tc")]
                    lines.append(" | ".join(c for c in cells if c))
    return "\n".join(" ".join(line.split()) for line in lines) + "\n"


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("audience", ["families", "children"])
def test_golden_handout(report, audience, tmp_path, request):
    result = api.build(report, out=tmp_path, audiences=(audience,))
    docx = next(p for p in result.files if p.suffix == ".docx")
    text = docx_text(docx)
    golden = GOLDEN / f"{report.stem}-{audience}.txt"
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run pytest --update-golden and review it"
    assert text == golden.read_text(encoding="utf-8")
