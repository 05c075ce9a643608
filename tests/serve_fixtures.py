"""Articles and a running ``newslint serve`` for the server and browser tests."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from conftest import cli_env

# A bot rewrite scraped with its page furniture: chatbot filler, an anonymous official, a quote with
# no speaker, a closing paragraph restating the first, a stock conclusion and a "Share This Article /
# 4 Min Read" ending. Written for these tests.
BOT_STORY = """\
Harbour city launches electric ferry service in milestone for clean transport

The city of Westport is set to launch an electric ferry service across its harbour, marking a major step in the drive to cut emissions from public transport along the coast. The service will see two diesel boats replaced by battery ferries, a move that underscores the commitment of city leaders to a cleaner future.

City officials, in collaboration with regional transport partners, are expected to confirm the timetable next month. While the details of the service are still being finalized, the decision to buy the ferries followed talks between the council and the port authority earlier this year.

"This launch represents a historic milestone for our harbour, marking one of the most important investments in a generation," a transport official stated. However, officials emphasize that the launch is only the first step in a longer transition.

It is important to note that the electric ferries are not intended to replace the bridge. Instead, they will work alongside the existing bus routes, fostering a closer partnership between the city and regional transport partners in addressing shared mobility concerns.

"Quiet boats will change how this harbour lives and works for decades to come."

The electric ferry service represents a significant milestone for the city of Westport, underscoring the shared commitment of city leaders to cut emissions from public transport along the coast and to a cleaner future. By replacing diesel boats with battery ferries, the city is better positioned to cut emissions from public transport along the coast.

As the details of the service are finalized, the city and its partners are poised to deepen their cooperation and work together to ensure a cleaner future for the harbour. The ferries will play a pivotal role in this endeavor, serving as a key component of the broader strategy to promote clean transport in the region.

Share This Article
harbourwirebot
4 Min Read
"""

# Every place article text reaches the page: headline, front matter, body, quotes (rule messages
# are built from them), link targets, a stray </textarea>, a broken tag, a remote image.
HOSTILE_MD = """\
---
title: <script>window.__pwned = 1; alert("title")</script>
author: <img src=x onerror="window.__pwned = 2">
url: javascript:alert('url')
---
# <script>alert("headline")</script> Council <b onmouseover=alert(1)>votes</b>

It is important to note that the council met. <img src="http://203.0.113.9/pixel.png" onerror="window.__pwned = 3">

"<script>window.__pwned = 4</script> We will not pay for this bridge, not this year and not next year."

Read [the plan](javascript:window.__pwned=5) and [the annex](data:text/html,<script>alert(6)</script>).

</textarea><script>window.__pwned = 7</script><svg onload="window.__pwned = 8"> <a href="javascript:alert(9)" <p

The mayor, Ana Lopez, said the vote was close.
"""

HOSTILE_JSONL = json.dumps({
    "id": "<img src=x onerror=\"window.__pwned = 10\">",
    "url": "javascript:alert('row')",
    "title": "<script>window.__pwned = 11</script>",
    "text": "It is important to note that <script>window.__pwned = 12</script> the vote was a testament to the town.",
}) + "\n"

HOSTILE_NAME = 'news/<img src=x onerror="window.__pwned=13">.md'


@dataclass
class Server:
    url: str
    proc: subprocess.Popen

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return request(self.url + path)

    def post(self, path: str, body: bytes, content_type: str = "text/plain") -> tuple[int, dict[str, str], bytes]:
        return request(self.url + path, body, content_type)


def request(url: str, body: bytes | None = None, content_type: str = "text/plain") -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET",
                                 headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@contextlib.contextmanager
def serving(cwd: Path, *args: str) -> Iterator[Server]:
    """``newslint serve --port 0 ARGS`` in ``cwd``, on a free port of 127.0.0.1, stopped afterwards."""
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "serve", "--port", "0", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    try:
        line = proc.stdout.readline().decode()
        if "listening on " not in line:
            proc.kill()
            raise AssertionError(f"serve did not start: {line!r} {proc.stderr.read().decode()!r}")
        yield Server(line.split("listening on ", 1)[1].split()[0].rstrip("/"), proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
