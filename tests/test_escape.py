"""Display names and output escaping, for any bytes a file name or an article can hold."""

from __future__ import annotations

import json
import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.formatters.escape import json_safe, one_line, visible
from newslint.runner import display_name

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_any_file_name_is_shown_as_one_safe_line_of_utf8(raw: bytes) -> None:
    name = display_name(os.fsdecode(raw))
    shown = visible(name)
    shown.encode("utf-8")  # no lone surrogate left
    assert not UNSAFE.search(shown) and "\n" not in shown
    if raw.decode("utf-8", "replace").encode() == raw:  # a UTF-8 name is kept as it is
        assert name == raw.decode()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_json_keeps_the_data_and_writes_unsafe_characters_as_escapes(s: str) -> None:
    doc = json_safe(json.dumps({"match": s}, ensure_ascii=False))
    assert not UNSAFE.search(doc.replace("\n", ""))
    assert json.loads(doc) == {"match": s}


@given(st.text(max_size=80))
def test_one_line_is_one_line(s: str) -> None:
    out = one_line(s)
    assert "\n" not in out and "\r" not in out and not UNSAFE.search(out)


def test_escapes_are_recognisable() -> None:
    assert display_name(os.fsdecode(b"caf\xff.md")) == "caf\\xff.md"
    assert visible("a\nb\x1b[2J\u202etxt") == "a\\nb\\x1b[2J\\u202etxt"
    assert visible("keep\ttab\nline\x07", keep="\n\t") == "keep\ttab\nline\\x07"
