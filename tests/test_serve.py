"""``newslint serve`` over HTTP: a real server in a subprocess on 127.0.0.1. The API answers what
``check --format json`` prints; limits, names and bad input get a clear status and message."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import cli_env, run_cli, write
from serve_fixtures import BOT_STORY, HOSTILE_MD, serving

CONFIG = "ignore: [stock-conclusion]\nrules:\n  ai-filler: {level: error}\n"
MARKDOWN = """---
title: Bridge reopens
author: Desk
---
# Bridge reopens

It is important to note that the bridge reopened on Monday, officials said.

"It will change everything for the people who live on the east bank of the river," the notice read.
"""


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("newsroom")
    write(root, {".newslint.yaml": CONFIG, "drafts/bot.txt": BOT_STORY, "drafts/bridge.md": MARKDOWN})
    return root


@pytest.fixture(scope="module")
def server(newsroom):
    with serving(newsroom) as s:
        yield s


@pytest.mark.parametrize("name", ["drafts/bot.txt", "drafts/bridge.md"])
def test_api_check_returns_what_check_json_prints(server, newsroom, name) -> None:
    data = (newsroom / name).read_bytes()
    cli = run_cli("check", "--format", "json", "--stdin-filename", name, "-", cwd=newsroom, stdin=data)
    raw = server.post(f"/api/check?filename={name}", data)
    as_json = server.post("/api/check", json.dumps({"text": data.decode(), "filename": name}).encode(), "application/json")
    assert raw[0] == 200 and raw[1]["content-type"] == "application/json"
    assert raw[2].decode() == cli.out  # byte for byte, with the folder's configuration applied
    assert as_json[2].decode() == cli.out
    findings = json.loads(cli.out)["files"][0]["findings"]
    assert findings and "stock-conclusion" not in {f["rule"] for f in findings}  # ignored by .newslint.yaml
    assert any(f["rule"] == "ai-filler" and f["level"] == "error" for f in findings)  # re-levelled there


def test_the_name_picks_the_format(server) -> None:
    # An HTML comment is not prose in an .html file; in a .txt file it is text like any other.
    page = b"<p>The bridge reopened on Monday.</p>\n<!-- It is important to note that -->\n"
    html = json.loads(server.post("/api/check?filename=a.html", page)[2])["files"][0]
    txt = json.loads(server.post("/api/check?filename=a.txt", page)[2])["files"][0]
    assert html["path"] == "a.html" and txt["path"] == "a.txt"
    assert [f["rule"] for f in html["findings"]] == [] and "ai-filler" in [f["rule"] for f in txt["findings"]]


def test_every_response_carries_the_security_policy(server) -> None:
    for status, headers, _ in (server.get("/"), server.get("/static/report.js"), server.get("/nowhere"),
                               server.post("/api/check?filename=a.md", b"Hi.")):
        policy = headers["content-security-policy"]
        assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy, (status, policy)
        assert "default-src 'self'" in policy and headers["x-content-type-options"] == "nosniff"


def test_report_page_of_a_hostile_article_escapes_it(server) -> None:
    status, headers, body = server.post("/api/check?format=html&filename=hostile.md", HOSTILE_MD.encode())
    page = body.decode().replace('<link rel="icon" href="data:,">', "")  # the page's own empty icon
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert page.count("<script>") == 1  # the page's own, allowed by its hash
    assert "<img" not in page and "<svg" not in page and 'href="javascript:' not in page and 'href="data:' not in page
    assert "&lt;script&gt;window.__pwned = 4&lt;/script&gt;" in page


def test_too_large_is_413_with_a_clear_message(newsroom) -> None:
    with serving(newsroom, "--max-size", "2kB") as s:
        status, _, body = s.post("/api/check?filename=a.txt", b"word " * 1000)
        assert status == 413
        assert json.loads(body)["error"] == "the article is over the size limit of 2 kB (newslint serve --max-size)"
        ok, _, _ = s.post("/api/check?filename=a.txt", b"A short note.")
        assert ok == 200


@pytest.mark.parametrize("query, body, ctype, message", [
    ("filename=../../etc/passwd.md", b"x", "text/plain", "filename must be relative to the served folder"),
    ("filename=/etc/passwd.md", b"x", "text/plain", "filename must be relative to the served folder"),
    ("filename=a.md", b"{not json", "application/json", "the body is not valid JSON"),
    ("filename=a.md", b'{"body": "x"}', "application/json", 'a JSON body must be an object with "text"'),
    ("format=pdf", b"x", "text/plain", "format must be json or html"),
])
def test_bad_requests_get_400_and_say_why(server, query, body, ctype, message) -> None:
    status, headers, out = server.post(f"/api/check?{query}", body, ctype)
    assert status == 400 and headers["content-type"] == "application/json"
    assert json.loads(out)["error"].startswith(message)


def test_no_file_is_read_from_a_request(server) -> None:
    # A served report is only one of the listed articles (none here), never a path from the query.
    status, _, body = server.get("/report?path=.newslint.yaml")
    assert status == 404 and b"ignore" not in body
    status, _, body = server.get("/static/../.newslint.yaml")
    assert status == 404 and b"ignore" not in body


def test_listed_articles_worst_first_and_updated_when_a_file_changes(tmp_path) -> None:
    write(tmp_path, {"news/bot.txt": BOT_STORY, "news/clean.md": "# Bridge reopens\n\nThe bridge reopened on Monday, the council said.\n"})
    with serving(tmp_path, "news") as s:
        listing = _settled(s)
        assert [f["path"] for f in listing["files"]] == ["news/bot.txt", "news/clean.md"]
        assert listing["files"][0]["errors"] == 1 and listing["files"][1]["warnings"] == 0
        status, _, page = s.get("/report?path=news/bot.txt")
        assert status == 200 and b"Share This Article" in page and b'class="error"' in page
        time.sleep(0.05)
        write(tmp_path, {"news/clean.md": "# Bridge\n\nIt is important to note the bridge.\n\nShare This Article\n\n4 Min Read\n"})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            files = {f["path"]: f for f in _settled(s)["files"]}
            if files["news/clean.md"]["errors"]:
                break
            time.sleep(0.3)
        assert files["news/clean.md"]["errors"] == 1  # re-checked, no restart
        status, _, page = s.get("/report?path=news/clean.md")
        assert b"4 Min Read" in page
        write(tmp_path, {"news/third.md": "# New\n\nA third story.\n"})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(_settled(s)["files"]) < 3:
            time.sleep(0.3)
        assert {f["path"] for f in _settled(s)["files"]} == {"news/bot.txt", "news/clean.md", "news/third.md"}


def _settled(s) -> dict:
    for _ in range(100):
        listing = json.loads(s.get("/api/files")[2])
        if not listing["scanning"] and listing["total"] == len(listing["files"]):
            return listing
        time.sleep(0.1)
    raise AssertionError(f"the scan did not finish: {listing}")


def test_port_in_use_is_one_line_and_exit_2(tmp_path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = run_cli("serve", "--port", str(port), cwd=tmp_path, timeout=30)
    assert r.code == 2 and r.out == ""
    assert r.err.strip() == f"newslint: error: --port: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_missing_path_and_bad_size_are_one_line(tmp_path) -> None:
    r = run_cli("serve", "--port", "0", "nowhere", cwd=tmp_path, timeout=30)
    assert (r.code, r.err.strip()) == (2, "newslint: error: nowhere: no such file or folder")
    r = run_cli("serve", "--max-size", "lots", cwd=tmp_path, timeout=30)
    assert r.code == 2 and r.err.count("\n") == 1 and "expected a size such as 5MB" in r.err


def test_another_address_is_said_on_standard_error(tmp_path) -> None:
    # 127.0.0.2 is this machine too (the tests use no other network), but not the default.
    p = subprocess.Popen([sys.executable, "-m", "newslint", "serve", "--host", "127.0.0.2", "--port", "0"], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    try:
        assert "listening on http://127.0.0.2:" in p.stdout.readline().decode()
    finally:
        p.terminate()
        _, err = p.communicate(timeout=10)
    assert err.decode().startswith("newslint serve: warning: listening on 127.0.0.2, not only this machine")


def test_check_does_not_import_the_web_server(tmp_path) -> None:
    write(tmp_path, {"a.md": "# A\n\nThe bridge reopened.\n"})
    code = ("import sys; from newslint.cli import main; main(['check', '--no-config', sys.argv[1]]); "
            "print('MODULES', sorted(m for m in ('starlette', 'uvicorn', 'newslint.web.app') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.md")], capture_output=True, env=cli_env(), timeout=60)
    assert out.stdout.decode().splitlines()[-1] == "MODULES []"


def test_a_broken_configuration_stops_serve_before_it_listens(tmp_path) -> None:
    write(tmp_path, {".newslint.yaml": "rules:\n  ai-filler: {options: {max_per_article: five}}\n"})
    r = run_cli("serve", "--port", "0", cwd=tmp_path, timeout=30)
    assert r.code == 2 and r.out == "" and r.err.count("\n") == 1
    assert r.err.startswith("newslint: error: ") and ".newslint.yaml: rules.ai-filler.options" in r.err
