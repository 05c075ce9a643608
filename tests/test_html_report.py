"""The editors' report (``--format html``): a well-formed page that shows each article's text with
every finding highlighted where it occurs, numbered and explained, and never shows text that is
not what was checked."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

from conftest import run_cli, write

STORY = """Council unveils new library in landmark move

The council opened a library on Monday. It is important to note that the library is a testament to the town and its readers.

"We cannot keep paying for roads that nobody uses anymore at all."

The mayor, Ana Lopez, said the library would open late on Thursdays. <script>alert(1)</script> & more.

Share This Article
"""


class Page(html.parser.HTMLParser):
    """Checks that every element is closed in order and collects ids, links and marked text."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.marks: list[tuple[str, str]] = []  # (class, text)
        self._mark: list[str] | None = None
        self._mark_class = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in self.VOID:
            self.stack.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "mark":
            self._mark, self._mark_class = [], a.get("class", "")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-3:]}"
        self.stack.pop()
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark_class, "".join(self._mark)))
            self._mark = None

    def handle_data(self, data):
        if self._mark is not None:
            self._mark.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    assert page.stack == []
    return page


def test_report_highlights_each_finding_in_the_text_and_explains_it(tmp_path: Path) -> None:
    files = write(tmp_path, {"story.txt": STORY, "clean.md": "# Bridge reopens\n\nThe bridge reopened on Monday, the council said.\n"})
    r = run_cli("check", "--no-config", "--format", "html", str(files["story.txt"]), str(files["clean.md"]))
    assert r.code == 1, r.err  # the boilerplate ending is an error, as with every format
    page = parse(r.out)
    marked = {text for _, text in page.marks}
    assert "It is important to note" in marked and "testament to" in marked
    assert ("error", "Share This Article") in page.marks
    assert any(text.startswith('"We cannot keep paying') for _, text in page.marks)  # unsourced quote
    # Every numbered marker links to an explained finding on the page, and ids are unique.
    assert page.links and set(page.links) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))
    # The article's script is shown as text; the page's one script is its own, allowed by hash.
    assert "<script>alert(1)" not in r.out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in r.out
    assert r.out.count("<script>") == 1 and "script-src 'sha256-" in r.out
    assert "<summary>why</summary>" in r.out  # the rule's reason, folded
    assert "no findings" in r.out  # the clean article is shown as clean
    assert r.out.count("<article ") == 2


def test_jsonl_records_are_separate_articles(tmp_path: Path) -> None:
    rows = '{"id": "a", "text": "It is important to note that the plan is a testament to the town."}\n{"id": "b", "text": "The bridge reopened."}\n'
    files = write(tmp_path, {"rows.jsonl": rows})
    page_text = run_cli("check", "--no-config", "--format", "html", "--select", "ai-filler", str(files["rows.jsonl"])).out
    page = parse(page_text)
    assert re.findall(r"<h2>[^<]*</h2>", page_text) == [f"<h2>{files['rows.jsonl']}#a</h2>", f"<h2>{files['rows.jsonl']}#b</h2>"]
    assert {t for _, t in page.marks} == {"It is important to note", "testament to"}


def test_text_is_not_shown_when_the_file_is_not_what_was_checked(tmp_path: Path) -> None:
    # Standard input named after a file on disk whose content differs (an editor's unsaved buffer):
    # offsets would point into the wrong text, so the findings are listed without it.
    files = write(tmp_path, {"story.txt": "Bridge reopens\n\nThe bridge reopened on Monday.\n"})
    r = run_cli("check", "--no-config", "--format", "html", "--stdin-filename", str(files["story.txt"]), "-",
                stdin=STORY.encode())
    page = parse(r.out)
    assert page.marks == []
    assert "It is important to note" in r.out  # in the list of findings
    assert r.code == 1


def test_bidi_overrides_and_control_characters_are_shown_escaped(tmp_path, cli) -> None:
    """A file name or article with U+202E (right-to-left override) or ESC cannot reorder or hide
    what the editor reads in the report: they are shown as escapes (issue 13)."""
    import json as _json

    name = "a\u202etxt.md"
    (tmp_path / name).write_text("Title\n\nIt is important to note the \x1b[31mvote\u202e was close.\n", encoding="utf-8")
    r = cli("check", "--format", "html", str(tmp_path))
    assert "\u202e" not in r.out and "\x1b" not in r.out
    assert "\\u202e" in r.out and "\\x1b" in r.out
    j = cli("check", "--format", "json", str(tmp_path))
    assert _json.loads(j.out)["files"]  # the same files, as data
