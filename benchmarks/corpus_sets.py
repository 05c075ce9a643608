"""Readers for the evaluation corpus folders (bbc, polnear, reuters, ai-news); used by the benchmarks only."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, NoReturn


def fail(message: str) -> "NoReturn":
    """End a benchmark with one line naming it and what is wrong, and exit status 2."""
    print(f"{Path(sys.argv[0]).name}: {message}", file=sys.stderr)
    raise SystemExit(2)


def run(main: "Callable[..., Any]", *args: Any) -> "NoReturn":
    """``sys.exit(main(*args))``, where a corpus file or folder that is not there ends the run with
    one line that names it, not a traceback (a figure is never printed from a missing set)."""
    try:
        code = main(*args)
    except (FileNotFoundError, NotADirectoryError) as exc:
        fail(f"{exc.filename or exc}: not found (the corpus folder, for example ../shared/corpus, holds bbc/, polnear/,"
             " reuters/, ai-news/ and readability-pages/)")
    raise SystemExit(code)


def _files(root: Path, pattern: str, name: str) -> list[Path]:
    found = sorted(root.glob(pattern))
    if not found:
        fail(f"{root}: no {name} articles ({pattern})")
    return found


def read_bbc(root: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in _files(root / "bbc", "*/*.txt", "BBC")]


def read_polnear(root: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in _files(root / "polnear", "*/text/*.txt", "PolNeAR")]


def read_reuters(root: Path) -> list[tuple[str, str]]:
    out = []
    for sgm in _files(root / "reuters", "*.sgm", "Reuters"):
        raw = sgm.read_text(encoding="latin-1")
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)".*?</REUTERS>', raw, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(0), re.S)
            title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(0), re.S)
            if body:
                text = html.unescape((title.group(1) + "\n\n" if title else "") + body.group(1))
                out.append((f"{sgm}#{m.group(1)}", text))
    return out


def read_ai_news(root: Path) -> list[dict]:
    rows = []
    for name in ("news_human_generated.jsonl", "news_chatgpt_generated.jsonl"):
        for i, line in enumerate((root / "ai-news" / name).read_text(encoding="utf-8").splitlines()):
            if line.strip():
                r = json.loads(line)
                r["name"] = f"ai-news/{name}#{i + 1}"
                rows.append(r)
    return rows
