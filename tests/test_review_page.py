"""The readability review page: it agrees with the JSON, needs no network, escapes what it shows,
and opens in a real browser (headless Chromium) with no console errors and its flags highlighted."""
import itertools
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from easyread import api
from easyread.handout import Unmatched
from easyread.render_review import marked_parts, review_data, review_html

from conftest import CARDIFF, tool_environment

CHROMIUM = Path(shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium")


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def rows(self) -> dict[str, dict]:
        return {a["id"]: a for tag, a in self.tags if tag == "tr" and "statement" in a.get("class", "").split()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = api.build(CARDIFF, out=tmp_path_factory.mktemp("review"))
    html = next(p for p in result.files if p.name.endswith("-readability.html"))
    data = json.loads(next(p for p in result.files if p.name.endswith("-readability.json")).read_text(encoding="utf-8"))
    return result, html, data


def _classes(row: dict) -> set[str]:
    return set(row.get("class", "").split())


def test_page_and_json_flag_the_same_statements(built):
    _, html, data = built
    rows = Elements(html.read_text(encoding="utf-8")).rows()
    statements = [s for h in data["handouts"] for s in h["statements"]]
    assert set(rows) == {s["id"] for s in statements}
    for s in statements:
        flags = set(s["readability"]["en"]["flags"] + s["readability"]["cy"]["flags"])
        assert s["flags"] == sorted(flags)
        assert ("flagged" in _classes(rows[s["id"]])) == bool(flags), s["id"]
        assert ("breaks" in _classes(rows[s["id"]])) == (not s["passes"]), s["id"]
        assert s["passes"] == (not flags & set(data["threshold_flags"]))
    assert any(not s["passes"] for s in statements) and any(not s["flags"] for s in statements)
    for h in data["handouts"]:
        summary = h["summary"]
        mine = h["statements"]
        assert summary["statements"] == len(mine) and summary["passing"] == sum(s["passes"] for s in mine)
        assert summary["flagged"] == sum(bool(s["flags"]) for s in mine)
        worst = [mine[w["number"] - 1] for w in summary["worst"]]  # the page links each to its row by number
        assert all(s["flags"] for s in worst) and [w["en"] for w in summary["worst"]] == [s["en"] for s in worst]
        assert len(worst) == min(10, summary["flagged"])


def test_page_needs_no_network_and_has_no_script(built):
    _, html, _ = built
    elements = Elements(html.read_text(encoding="utf-8")).tags
    assert not [tag for tag, _ in elements if tag in ("script", "link", "img", "iframe", "object")]
    for _, attrs in elements:
        for name in ("href", "src"):
            assert not attrs.get(name, "#").startswith(("http", "//")), attrs


def test_page_escapes_what_it_shows(built):
    result, _, _ = built
    hostile = Unmatched("Staff said <script>alert('x')</script> & left.", 0, "improve", None)
    page = review_html(review_data(list(result.handouts), api.load_thresholds(), [hostile], [], "<report>.md"))
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;report&gt;.md" in page


def test_statement_rows_escape_their_text_marks_and_sources(built):
    result, _, _ = built
    data = review_data(list(result.handouts), api.load_thresholds(), [], [], "report.md")
    row = data["handouts"][0]["statements"][0]
    row["parts"]["en"] = marked_parts("Staff use <b>bold</b> & <i>words</i>.", {"<i>words</i>": "long"})
    row["source"] = [{"text": "A <script>source</script>", "start": 0}]
    page = review_html(data)
    assert "Staff use &lt;b&gt;bold&lt;/b&gt; &amp; " in page
    assert '<mark class="long">&lt;i&gt;words&lt;/i&gt;</mark>' in page
    assert "“A &lt;script&gt;source&lt;/script&gt;”" in page and "<script>" not in page


MARKS = [
    ("Staff understand confidentiality.", {"confidentiality": "long"},
     [("Staff understand ", None), ("confidentiality", "long"), (".", None)]),
    ("We met the MASH; the MASHes met.", {"MASH": "acronym"}, [("We met the ", None), ("MASH", "acronym"), ("; the MASHes met.", None)]),
    ("Mae gwasanaethau'n helpu.", {"gwasanaethau'n": "long"}, [("Mae ", None), ("gwasanaethau'n", "long"), (" helpu.", None)]),
    ("No marks here.", {}, [("No marks here.", None)]),
    ("Often, often-times, more often.", {"often": "hedge"}, [("Often, often-times, more ", None), ("often", "hedge"), (".", None)]),
    ("It may be mostly so.", {"may": "hedge", "may be": "hedge", "be mostly": "long"},
     [("It ", None), ("may be", "hedge"), (" mostly so.", None)]),
    ("MASH MASH", {"MASH": "acronym"}, [("MASH", "acronym"), (" ", None), ("MASH", "acronym")]),
]


@pytest.mark.parametrize("text, marks, parts", MARKS, ids=[m[0] for m in MARKS])
def test_marked_parts(text, marks, parts):
    assert marked_parts(text, marks) == parts
    assert "".join(piece for piece, _ in parts) == text


def pattern_parts(text: str, marks: dict[str, str]) -> list[tuple[str, str | None]]:
    """What marked_parts must do, said as one regular expression: the longest marked word at the
    first place one stands alone (no letter, digit, _, apostrophe or hyphen touching it)."""
    pattern = re.compile(r"(?<![\w'’-])(" + "|".join(map(re.escape, sorted(marks, key=len, reverse=True))) + r")(?![\w'’-])")
    parts, at = [], 0
    for match in pattern.finditer(text):
        if match.start() > at:
            parts.append((text[at:match.start()], None))
        parts.append((match.group(), marks[match.group()]))
        at = match.end()
    if at < len(text):
        parts.append((text[at:], None))
    return parts


TRICKY = "Mae'r MASH yn cwrdd; well-being is often_ mostly (often) good, mostly-good; ‘MASHes’ MASH’s ŵyr ŵ MASH."
WORDS = ["MASH", "often", "well", "well-being is", "being is often", "mostly", "good", "ŵ", "Mae'r", "yn cwrdd; well"]


def test_marked_parts_agrees_with_the_pattern():
    cases = [(TRICKY, dict.fromkeys(words, "long")) for n in range(1, 4) for words in itertools.combinations(WORDS, n)]
    for text, marks in cases:
        assert marked_parts(text, marks) == pattern_parts(text, marks), marks


# Appended to a copy of the page: writes each row's and mark's computed background into the DOM,
# so the dumped DOM shows what the reader sees. Inline, no network.
PROBE = """<script>
for (const el of document.querySelectorAll("tr.statement, mark")) el.dataset.background = getComputedStyle(el).backgroundColor;
</script>"""


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)")
def test_page_opens_in_chromium_with_flags_highlighted(built, tmp_path):
    _, html, data = built
    page = tmp_path / html.name
    page.write_text(html.read_text(encoding="utf-8").replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    run = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180, env=tool_environment(tmp_path))
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    elements = Elements(run.stdout)
    rows = elements.rows()
    statements = [s for h in data["handouts"] for s in h["statements"]]
    assert set(rows) == {s["id"] for s in statements}  # the whole page rendered
    breaking = next(s["id"] for s in statements if not s["passes"])
    clean = next(s["id"] for s in statements if not s["flags"])
    assert "breaks" in _classes(rows[breaking]) and "flagged" in _classes(rows[breaking])
    assert rows[breaking]["data-background"] != rows[clean]["data-background"]
    assert rows[clean]["data-background"] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    marks = [a for tag, a in elements.tags if tag == "mark" and "data-background" in a]
    assert marks and all(a["data-background"] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") for a in marks)
