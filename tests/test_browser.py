"""The report and the desk in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

CI installs the browser (``.ci/run``): when it is missing these tests fail, they do not skip.
Every page is watched: a dialog, a console error (a script the Content-Security-Policy blocked
logs one), an uncaught exception or a request to anywhere but the server fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, write
from serve_fixtures import BOT_STORY, HOSTILE_JSONL, HOSTILE_MD, HOSTILE_NAME, serving

CHROMIUM = os.environ.get("NEWSLINT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set NEWSLINT_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose dialogs, console errors, page errors and outside requests are recorded."""

    def __init__(self, browser, allowed: tuple[str, ...], **context) -> None:
        self.context = browser.new_context(viewport={"width": 1000, "height": 900}, **context)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("request", lambda r: r.url.startswith(allowed) or self.problems.append(f"request: {r.url}"))

    def clean(self) -> list[str]:
        pwned = self.page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)")
        return self.problems + ([f"window.__pwned = {pwned}"] if pwned else [])

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    pages: list[Watched] = []

    def make(allowed: tuple[str, ...], **context) -> Watched:
        pages.append(Watched(browser, allowed + ("data:", "about:"), **context))
        return pages[-1]

    yield make
    for p in pages:
        p.close()


@pytest.fixture
def bot_folder(tmp_path) -> Path:
    write(tmp_path, {"news/bot.txt": BOT_STORY})
    return tmp_path


def _highlights(page) -> dict[tuple[str, int, int], dict]:
    """For each finding listed on the page: its text under highlights and whether it has a number."""
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('li[data-rule]')).map(li => ({
        rule: li.dataset.rule, start: +li.dataset.start, end: +li.dataset.end, id: li.id,
        marked: Array.from(document.querySelectorAll('mark[data-f~="' + li.id + '"]')).map(m => m.textContent).join(''),
        numbered: !!document.querySelector('sup[data-f="' + li.id + '"]'),
        visible: !li.hidden}))""")
    return {(r["rule"], r["start"], r["end"]): r for r in rows}


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("where", ["offline", "served"])
def test_each_finding_is_highlighted_over_exactly_its_words(bot_folder, watched, where) -> None:
    report = json.loads(run_cli("check", "--format", "json", "news/bot.txt", cwd=bot_folder).out)
    findings = report["files"][0]["findings"]
    assert len(findings) >= 10 and {"ai-filler", "anonymous-source", "unsourced-quote", "restated-paragraph",
                                    "boilerplate-ending"} <= {f["rule"] for f in findings}
    if where == "offline":
        page_file = bot_folder / "report.html"
        page_file.write_text(run_cli("check", "--format", "html", "news/bot.txt", cwd=bot_folder).out, encoding="utf-8")
        w = watched(("file://",))
        w.page.goto(page_file.as_uri())
        shown = _highlights(w.page)
    else:
        with serving(bot_folder, "news") as s:
            w = watched((s.url,))
            w.page.goto(s.url + "/report?path=news/bot.txt")
            shown = _highlights(w.page)
            if os.access(SCREENSHOTS, os.W_OK):
                w.page.screenshot(path=str(SCREENSHOTS / "report.png"))
    assert len(shown) == len(findings)
    marks = w.page.locator("mark[data-f]").count()
    for f in findings:
        row = shown[(f["rule"], f["start"], f["end"])]
        assert row["numbered"], f
        if 0 < f["end"] - f["start"] <= 400:
            assert _squeeze(row["marked"]) == _squeeze(f["match"]) and f["match"].strip(), (f, row)
        else:  # a whole-article score, anchored at a point: a number, no highlight
            assert row["marked"] == "", (f, row)
    assert marks and all(w.page.eval_on_selector_all("mark", "ms => ms.map(m => !!m.dataset.f)"))
    assert w.clean() == []


def test_filters_hide_and_show_findings_and_j_k_move_between_them(bot_folder, watched) -> None:
    with serving(bot_folder, "news") as s:
        w = watched((s.url,))
        page = w.page
        page.goto(s.url + "/report?path=news/bot.txt")
        total = page.locator("li[data-rule]").count()
        warnings = page.locator("li[data-level=warning]").count()
        page.uncheck("nav.tools input[name=level][value=warning]")
        assert page.locator("li[data-rule]:visible").count() == total - warnings
        assert page.locator("li[data-level=warning]:visible").count() == 0
        assert page.locator("mark.warning").count() == 0 and page.locator("mark.error").count() >= 1
        assert page.locator("sup.n.warning:visible").count() == 0
        page.check("nav.tools input[name=level][value=warning]")
        page.uncheck("nav.tools input[name=rule][value=ai-filler]")
        assert page.locator("li[data-rule=ai-filler]:visible").count() == 0
        assert page.locator("li[data-rule]:visible").count() == total - page.locator("li[data-rule=ai-filler]").count()
        page.check("nav.tools input[name=rule][value=ai-filler]")
        assert page.locator("li[data-rule]:visible").count() == total

        # j/k: in the order of the text, each finding's highlight and its entry marked current.
        order = page.evaluate("""() => Array.from(document.querySelectorAll('li[data-rule]')).map(li => ({id: li.id,
            at: document.querySelector('[data-f~="' + li.id + '"]')})).sort((a, b) =>
            a.at.compareDocumentPosition(b.at) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1).map(x => x.id)""")
        current = lambda: page.eval_on_selector_all("li.current", "ls => ls.map(l => l.id)")
        page.keyboard.press("j")
        assert current() == [order[0]]
        page.keyboard.press("j")
        page.keyboard.press("j")
        assert current() == [order[2]]
        assert page.locator(f'mark.current[data-f~="{order[2]}"]').count() >= 1
        page.keyboard.press("k")
        assert current() == [order[1]]
        page.uncheck("nav.tools input[name=rule][value=ai-filler]")  # navigation skips hidden findings
        for _ in range(total):
            page.keyboard.press("j")
            assert page.eval_on_selector("li.current", "l => l.dataset.rule") != "ai-filler"

        page.click("nav.tools button.copy")
        md = page.input_value("nav.tools textarea.markdown")
        assert md.startswith("### news/bot.txt\nbot-likeness")
        assert "- **error** `boilerplate-ending` line" in md and "`ai-filler`" not in md  # only what is shown
        assert w.clean() == []


def test_report_reads_without_scripts_and_prints_without_tools(bot_folder, watched) -> None:
    page_file = bot_folder / "report.html"
    page_file.write_text(run_cli("check", "--format", "html", "news/bot.txt", cwd=bot_folder).out, encoding="utf-8")
    w = watched(("file://",), java_script_enabled=False)
    w.page.goto(page_file.as_uri())
    assert w.page.locator("nav.tools").is_hidden()  # filters need the script; the content does not
    assert w.page.locator("mark:visible").count() > 10 and w.page.locator("li[data-rule]:visible").count() > 10
    assert "Share This Article" in w.page.inner_text("article")
    w2 = watched(("file://",))
    w2.page.goto(page_file.as_uri())
    w2.page.emulate_media(media="print")
    assert w2.page.locator("nav.tools").is_hidden() and w2.page.locator("li[data-rule]:visible").count() > 10
    assert w2.page.pdf()[:4] == b"%PDF"
    assert w.clean() == [] and w2.clean() == []


def test_pasting_and_uploading_on_the_desk_give_the_report(bot_folder, watched, tmp_path) -> None:
    with serving(bot_folder) as s:
        w = watched((s.url,))
        page = w.page
        page.goto(s.url + "/")
        page.fill("#text", BOT_STORY)
        page.fill("#filename", "drafts/ferry.txt")
        page.click("#check")
        page.wait_for_selector("#result article")
        assert page.inner_text("#result article h2") == "drafts/ferry.txt"
        assert page.locator("#result mark[data-f]").count() >= 10
        assert page.locator("#result nav.tools input[name=rule]").count() >= 5  # the same tools as the report
        assert "Share This Article" in page.inner_text("#result mark.error")
        if os.access(SCREENSHOTS, os.W_OK):
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SCREENSHOTS / "desk.png"))
        upload = write(tmp_path, {"up/bridge.md": "# Bridge reopens\n\nIt is important to note that the bridge reopened.\n"})["up/bridge.md"]
        page.set_input_files("#upload", str(upload))
        page.wait_for_function("() => document.querySelector('#result article h2').textContent === 'bridge.md'")
        assert page.inner_text("#result mark") == "It is important to note"
        big = write(tmp_path, {"up/huge.txt": "word " * 1_100_000})["up/huge.txt"]
        page.set_input_files("#upload", str(big))
        page.wait_for_selector("#failure:visible")
        assert page.inner_text("#failure") == "Not checked: the article is over the size limit of 5 MB (newslint serve --max-size)"
        # The browser logs the refused request itself; nothing else may go wrong.
        assert [p for p in w.clean() if "413" not in p] == []


def test_a_hostile_article_runs_nothing(tmp_path, watched) -> None:
    files = write(tmp_path, {"hostile.md": HOSTILE_MD, "feed.jsonl": HOSTILE_JSONL, HOSTILE_NAME: HOSTILE_MD})
    with serving(tmp_path, ".") as s:
        w = watched((s.url,))
        page = w.page
        page.goto(s.url + "/")
        page.fill("#text", HOSTILE_MD)
        page.fill("#filename", HOSTILE_NAME)
        page.click("#check")
        page.wait_for_selector("#result article")
        assert page.inner_text("#result article h2") == HOSTILE_NAME  # the name shown as text
        assert "window.__pwned = 4" in page.inner_text("#result")  # the quote, as text
        page.set_input_files("#upload", str(files["feed.jsonl"]))
        page.wait_for_function("() => document.querySelector('#result article h2').textContent.startsWith('feed.jsonl#')")
        assert page.locator("#result img, #result svg, #result script, #result [onerror], #result [onload]").count() == 0
        page.keyboard.press("j")
        page.click("#result nav.tools button.copy")
        page.wait_for_function("() => document.querySelectorAll('#file-rows a').length === 3")
        links = page.eval_on_selector_all("#file-rows a", "as => as.map(a => a.getAttribute('href'))")
        for href in links:  # every listed report, hostile file name included
            page.goto(s.url + href)
            page.keyboard.press("j")
            assert page.locator("main img, main svg, main [onerror], main [onmouseover]").count() == 0
        assert all(h.startswith("/report?path=") for h in links)
        assert w.clean() == []
    offline = tmp_path / "report.html"
    offline.write_text(run_cli("check", "--format", "html", ".", cwd=tmp_path).out, encoding="utf-8")
    w2 = watched(("file://",))
    w2.page.goto(offline.as_uri())
    assert w2.page.locator("article").count() == 3
    w2.page.keyboard.press("j")
    assert w2.clean() == []


def test_a_near_duplicate_shows_both_stories_shared_passages(tmp_path, watched) -> None:
    write(tmp_path, {".newslint.yaml": "index: {path: .newslint/index.sqlite}\n", "published/ferry.txt": BOT_STORY})
    added = run_cli("index", "add", "published", cwd=tmp_path)
    assert added.code == 0, added.err
    copy = BOT_STORY.replace("Harbour city launches", "Westport launches").replace("two diesel boats", "its two old diesel boats")
    with serving(tmp_path) as s:
        w = watched((s.url,))
        page = w.page
        page.goto(s.url + "/")
        page.fill("#text", copy)
        page.fill("#filename", "drafts/ferry-copy.txt")
        page.click("#check")
        page.wait_for_selector("#result .dupes")
        assert "copy of" in page.inner_text("#result .dupes .neighbour p") and "published/ferry.txt" in page.inner_text("#result .dupes")
        rows = page.eval_on_selector_all("#result .dupes tr", "rs => rs.slice(1).map(r => Array.from(r.querySelectorAll('td')).map(td => td.querySelector('mark') ? td.querySelector('mark').textContent : null))")
        assert rows and all(len(r) == 2 and r[0] and r[0] == r[1] for r in rows), rows
        assert any(len(r[0].split()) >= 20 for r in rows)
        assert "near-duplicate" in page.inner_text("#result .findings")
        assert w.clean() == []
    # The same section on the offline page of check --format html.
    write(tmp_path, {"drafts/ferry-copy.txt": copy})
    offline = tmp_path / "report.html"
    offline.write_text(run_cli("check", "--format", "html", "drafts", cwd=tmp_path).out, encoding="utf-8")
    w2 = watched(("file://",))
    w2.page.goto(offline.as_uri())
    offline_rows = w2.page.eval_on_selector_all(".dupes tr", "rs => rs.slice(1).map(r => Array.from(r.querySelectorAll('td')).map(td => td.querySelector('mark') ? td.querySelector('mark').textContent : null))")
    assert offline_rows == rows
    assert w2.clean() == []


def test_dupes_page_shows_shared_passages_side_by_side(tmp_path, watched) -> None:
    copy = BOT_STORY.replace("Harbour city launches", "Westport launches").replace("two diesel boats", "its two old diesel boats")
    write(tmp_path, {"a/ferry.txt": BOT_STORY, "b/ferry-copy.txt": copy, "c/other.md": "# Bridge\n\nThe bridge reopened on Monday.\n"})
    r = run_cli("dupes", "--no-config", "--format", "html", "a", "b", "c", cwd=tmp_path)
    assert r.code == 1, r.err  # pairs found, as with every format
    page_file = tmp_path / "dupes.html"
    page_file.write_text(r.out, encoding="utf-8")
    w = watched(("file://",))
    w.page.goto(page_file.as_uri())
    assert w.page.inner_text("article h2") == "a/ferry.txt"
    assert "copy of b/ferry-copy.txt" in w.page.inner_text("article .neighbour p")
    rows = w.page.eval_on_selector_all(".dupes tr", "rs => rs.slice(1).map(r => Array.from(r.querySelectorAll('td mark')).map(m => m.textContent))")
    assert rows and all(len(r) == 2 and r[0] == r[1] and len(r[0].split()) >= 5 for r in rows), rows
    assert "c/other.md" not in r.out
    assert w.clean() == []
