"""The SQLite index: idempotent adds, queries, removal, version and corruption errors, a process
killed mid-add, and two concurrent adders."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dedup_fixtures import BACKGROUND_FOLLOW_UP, COPY, REWRITE, STORY, UNRELATED
from newslint.cli import main
from newslint.dedup.features import Extractor
from newslint.dedup.model import compute
from newslint.dedup.pairs import Params
from newslint.errors import ConfigError, NewslintError
from newslint.index import Entry, IndexSettings, index_settings, open_index

SRC = str(Path(__file__).resolve().parent.parent / "src")
P = Params()
EX = Extractor.create(P.shingle)


def _entries(texts: dict[str, str]) -> list[Entry]:
    feats = compute(list(texts.values()), EX, P.num_perm)
    return [Entry(k, str(hash(t)).encode(), f) for (k, t), f in zip(texts.items(), feats)]


def _open(path: Path, create: bool = True):
    return open_index(IndexSettings(path), P, create=create)


def test_add_is_idempotent_and_replaces_changed_content(tmp_path):
    idx = _open(tmp_path / "i.sqlite")
    entries = _entries({"story.md": STORY, "other.md": UNRELATED[0]})
    assert idx.add(entries) == (2, 0)
    assert idx.add(entries) == (0, 2)
    assert idx.stats()["articles"] == 2
    assert idx.add(_entries({"story.md": UNRELATED[1]})) == (1, 0)
    assert idx.stats()["articles"] == 2
    idx.close()


def test_query_finds_copy_and_rewrite_with_what_they_share(tmp_path):
    idx = _open(tmp_path / "i.sqlite")
    idx.add(_entries({"story.md": STORY, **{f"u{i}": t for i, t in enumerate(UNRELATED)}}))
    texts = [COPY, REWRITE, UNRELATED[0].replace("Ashford", "Ashby")]
    matches = idx.query(compute(texts, EX, P.num_perm), lambda ids: {i: texts[i] for i in ids}, EX)
    got = {(m.query, m.key, m.kind) for m in matches}
    assert (0, "story.md", "copy") in got and (1, "story.md", "rewrite") in got and (2, "u0", "copy") in got
    rewrite = next(m for m in matches if m.kind == "rewrite")
    assert "3.2" in rewrite.shared
    # What the query article adds to the indexed story (whose text the index does not keep).
    assert rewrite.adds is not None and rewrite.adds.nothing
    assert all(m.adds is None for m in matches if m.kind == "copy")
    assert idx.remove(["story.md", "nope"]) == 1
    assert {m.key for m in idx.query(compute([COPY], EX, P.num_perm))} == set()
    idx.close()


def test_query_tells_a_rewrite_from_a_follow_up_on_the_sampled_shingles(tmp_path):
    # The index keeps one shingle in four; the verbatim share measured on that sample still tells
    # the follow-up that repeats STORY's background word for word from the rewrite.
    idx = _open(tmp_path / "i.sqlite")
    idx.add(_entries({"story.md": STORY, **{f"u{i}": t for i, t in enumerate(UNRELATED)}}))
    texts = [BACKGROUND_FOLLOW_UP, REWRITE]
    got = {(m.query, m.key, m.kind) for m in idx.query(compute(texts, EX, P.num_perm))}
    assert got == {(1, "story.md", "rewrite")}
    idx.close()


def test_other_format_version_is_a_clear_error(tmp_path):
    path = tmp_path / "i.sqlite"
    _open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '999' WHERE key = 'format'")
    with pytest.raises(NewslintError, match="format '999'"):
        _open(path)


def test_other_shingle_setting_is_a_clear_error(tmp_path):
    path = tmp_path / "i.sqlite"
    _open(path).close()
    with pytest.raises(NewslintError, match="shingle"):
        open_index(IndexSettings(path), Params(shingle=4))


def test_corrupt_file_is_a_clear_error_with_exit_2(tmp_path, capsys):
    path = tmp_path / "i.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(NewslintError, match="corrupt"):
        _open(path)
    assert main(["index", "stats", "--index", str(path), "--no-config"]) == 2
    assert "corrupt" in capsys.readouterr().err


def test_missing_index_for_query_is_a_clear_error(tmp_path):
    with pytest.raises(NewslintError, match="no index"):
        _open(tmp_path / "none.sqlite", create=False)


def test_config_index_path_and_validation(tmp_path, capsys, monkeypatch):
    (tmp_path / ".newslint.yaml").write_text("index: {path: store/ix.sqlite}\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["index", "add", "story.txt", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"added": 1, "unchanged": 0, "articles": 1}
    assert (tmp_path / "store" / "ix.sqlite").is_file()
    assert main(["index", "add", "story.txt"]) == 0 and "unchanged 1" in capsys.readouterr().out
    assert main(["index", "query", "copy.txt", "--format", "json"]) == 1
    (m,) = json.loads(capsys.readouterr().out)["matches"]
    assert (m["a"], m["b"], m["kind"]) == ("copy.txt", "story.txt", "copy")
    # check consults the configured index, even for one article
    assert main(["check", "copy.txt", "--select", "near-duplicate", "--format", "json", "--color", "never"]) == 0
    (f,) = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert "indexed story story.txt" in f["message"]
    assert main(["index", "remove", "story.txt"]) == 0
    assert "removed 1 of 1" in capsys.readouterr().out
    assert main(["index", "stats", "--format", "json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["articles"] == 0 and st["format"] == 2 and st["path"].endswith("ix.sqlite")
    with pytest.raises(ConfigError, match="index.size"):
        index_settings({"size": 3}, tmp_path, "cfg")
    with pytest.raises(ConfigError, match="index.path"):
        index_settings({"path": 3}, tmp_path, "cfg")


ADDER = r"""
import sys
sys.path.insert(0, {src!r})
from pathlib import Path
from newslint.dedup.features import Extractor
from newslint.dedup.model import compute
from newslint.dedup.pairs import Params
from newslint.index import Entry, IndexSettings, open_index
p = Params()
ex = Extractor.create(p.shingle)
idx = open_index(IndexSettings(Path({path!r})), p)
base = {base!r}
feats = compute([base.replace("Kestrel", f"Kestrel{{i}}") for i in range(50)], ex, p.num_perm)
print("ready", flush=True)
for batch in range({batches}):
    entries = [Entry(f"{prefix}-{{batch}}-{{i}}", f"{{batch}}-{{i}}".encode(), feats[i]) for i in range(50)]
    idx.add(entries)
    print("batch", batch, flush=True)
idx.close()
"""


def _adder(path: Path, prefix: str, batches: int) -> subprocess.Popen:
    code = ADDER.format(src=SRC, path=str(path), base=STORY, batches=batches, prefix=prefix)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_process_killed_mid_add_leaves_index_consistent(tmp_path):
    path = tmp_path / "i.sqlite"
    _open(path).close()
    proc = _adder(path, "k", 10_000)
    assert proc.stdout.readline().strip() == "ready"
    proc.stdout.readline()  # at least one batch committed
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    idx = _open(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = idx.stats()["articles"]
    assert count > 0 and count % 50 == 0  # whole batches only: each add is one transaction
    assert idx.add(_entries({"after": STORY})) == (1, 0)
    idx.close()


def test_two_concurrent_adders_both_succeed(tmp_path):
    path = tmp_path / "i.sqlite"
    procs = [_adder(path, name, 20) for name in ("a", "b")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    idx = _open(path)
    assert idx.stats()["articles"] == 2 * 20 * 50
    idx.close()


def test_dupes_also_reports_indexed_stories_when_asked(tmp_path, capsys, monkeypatch):
    (tmp_path / ".newslint.yaml").write_text("index: {path: ix.sqlite}\ndupes: {use_index: true}\n", encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "new" / "rewrite.txt").write_text(REWRITE, encoding="utf-8")
    (tmp_path / "new" / "other.txt").write_text(UNRELATED[2], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["index", "add", "old"]) == 0
    capsys.readouterr()
    assert main(["dupes", "new", "--format", "json", "--color", "never"]) == 1
    (pair,) = json.loads(capsys.readouterr().out)["pairs"]
    assert (pair["a"], pair["b"], pair["kind"]) == ("new/rewrite.txt", "old/story.txt", "rewrite")
    assert "3.2" in pair["shared"]
    # The indexed story's text is not at hand: what is described is what the new article adds.
    assert pair["adds"]["story"] == "new/rewrite.txt" and pair["adds"]["summary"] == "adds nothing new"


def test_remove_names_the_ids_it_did_not_find_and_add_notes_repeated_ids(tmp_path, capsys, monkeypatch):
    (tmp_path / ".newslint.yaml").write_text("index: {path: ix.sqlite}\n", encoding="utf-8")
    rows = [{"id": "1", "text": STORY}, {"id": "1", "text": COPY}, {"id": "2", "text": UNRELATED[0]}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["index", "add", "feed.jsonl"]) == 0
    out = capsys.readouterr()
    assert "feed.jsonl#1 is given 2 times; the index keeps the last" in out.err
    assert main(["index", "remove", "feed.jsonl#2", "gone.md", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == {"removed": 1, "missing": ["gone.md"]}
    assert main(["index", "remove", "nope.md"]) == 1
    assert "removed 0 of 1; not in the index: nope.md" in capsys.readouterr().out
