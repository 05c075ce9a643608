"""Hostile input to the index and dupes (issue 13): garbage blobs in a valid SQLite index, a
read-only index, a 0-byte file, a file name that is not UTF-8, records over max_article_chars."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from dedup_fixtures import COPY, STORY, UNRELATED
from newslint.cli import main

needs_bytes_names = pytest.mark.skipif(sys.platform != "linux", reason="file names of arbitrary bytes are a Linux feature")


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    (line,) = err.splitlines()
    return line


@pytest.mark.parametrize("column, blob", [("sig", b"\x00\x01\x02"), ("content", b"\x01\x02"), ("keys", b"\x07")])
def test_garbage_blobs_in_a_valid_index_are_one_line_naming_it(tmp_path, capsys, column, blob):
    idx = tmp_path / "i.sqlite"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(COPY, encoding="utf-8")
    assert main(["index", "add", "--no-config", "--index", str(idx), str(tmp_path / "a.txt")]) == 0
    with sqlite3.connect(idx) as db:
        db.execute(f"UPDATE articles SET {column} = ?", (blob,))
    capsys.readouterr()
    assert main(["index", "query", "--no-config", "--index", str(idx), str(tmp_path / "b.txt")]) == 2
    line = _one_line(capsys)
    assert str(idx) in line and "corrupt" in line


def test_read_only_index_refusing_add_says_read_only(tmp_path, capsys, monkeypatch):
    # Root (CI) ignores file modes, so the file is opened read-only by SQLite itself (mode=ro):
    # the write then fails exactly as on a file without write permission.
    from newslint.index import sqlite as backend

    idx = tmp_path / "i.sqlite"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(UNRELATED[0], encoding="utf-8")
    assert main(["index", "add", "--no-config", "--index", str(idx), str(tmp_path / "a.txt")]) == 0
    real = sqlite3.connect

    def read_only(path, *args, **kwargs):
        if str(path) == str(idx):
            return real(Path(path).absolute().as_uri() + "?mode=ro", *args, uri=True, **kwargs)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(backend.sqlite3, "connect", read_only)
    capsys.readouterr()
    assert main(["index", "add", "--no-config", "--index", str(idx), str(tmp_path / "b.txt")]) == 2
    line = _one_line(capsys)
    assert "read-only" in line and "corrupt" not in line and str(idx) in line


def test_a_zero_byte_file_is_no_index_yet_for_every_command(tmp_path, capsys, monkeypatch):
    idx = tmp_path / "i.sqlite"
    idx.write_bytes(b"")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(COPY, encoding="utf-8")
    for action in (["stats"], ["query", str(tmp_path / "b.txt")]):
        assert main(["index", *action, "--no-config", "--index", str(idx)]) == 2
        assert "no index here yet" in _one_line(capsys)
    assert idx.read_bytes() == b""  # the reads left it alone
    # check with the empty file configured goes on without an index, as with a missing file
    (tmp_path / ".newslint.yaml").write_text("index: {path: i.sqlite}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "b.txt", "--select", "near-duplicate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["findings"] == []
    # add builds the index in it
    assert main(["index", "add", "a.txt"]) == 0 and "the index holds 1 article" in capsys.readouterr().out
    assert main(["index", "query", "b.txt"]) == 1


@needs_bytes_names
def test_index_add_on_a_folder_with_a_name_that_is_not_utf8_adds_every_article(tmp_path, capsys):
    """A name that is not UTF-8 (legal on Linux) is shown with its bad byte escaped, as every
    command shows it, and its article is added like the others: one name never costs the batch."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "c.txt").write_text(UNRELATED[0], encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"b\xff.txt"), "wb") as fh:
        fh.write(UNRELATED[1].encode("utf-8"))
    idx = tmp_path / "i.sqlite"
    assert main(["index", "add", "--no-config", "--index", str(idx), str(folder), "--format", "json"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert json.loads(out.out)["articles"] == 3
    assert main(["dupes", "--no-config", str(folder), "--format", "json"]) == 0  # dupes reads it too
    assert json.loads(capsys.readouterr().out)["pairs"] == []


def test_dupes_and_index_add_apply_max_article_chars_with_a_note_per_record(tmp_path, capsys, monkeypatch):
    (tmp_path / ".newslint.yaml").write_text("max_article_chars: 2000\nindex: {path: i.sqlite}\n", encoding="utf-8")
    huge = (STORY + "\n") * 4
    rows = [{"id": "big", "text": huge}, {"id": "copy", "text": huge}, {"id": "small", "text": STORY}, {"id": "c", "text": COPY}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["dupes", "feed.jsonl", "--format", "json"]) == 1
    out = capsys.readouterr()
    pairs = json.loads(out.out)["pairs"]
    assert [(p["a"], p["b"]) for p in pairs] == [("feed.jsonl#small", "feed.jsonl#c")]
    notes = [ln for ln in out.err.splitlines() if "max_article_chars" in ln]
    assert len(notes) == 2 and "feed.jsonl#big" in notes[0] and "feed.jsonl#copy" in notes[1]
    assert main(["index", "add", "feed.jsonl", "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["articles"] == 2 and out.err.count("max_article_chars") == 2
