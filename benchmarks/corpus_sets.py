"""Readers for the evaluation corpus folders (bbc, polnear, reuters, ai-news); used by the benchmarks only."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path


def read_bbc(root: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sorted((root / "bbc").glob("*/*.txt"))]


def read_polnear(root: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sorted((root / "polnear").glob("*/text/*.txt"))]


def read_reuters(root: Path) -> list[tuple[str, str]]:
    out = []
    for sgm in sorted((root / "reuters").glob("*.sgm")):
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
