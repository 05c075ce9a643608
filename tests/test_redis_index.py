"""The Redis index, on a real redis-server: the same answers as SQLite, many writers at once, a
server restarted mid-add, migrate, and clear one-line answers for bad URLs and passwords."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dedup_fixtures import BACKGROUND_FOLLOW_UP, COPY, REWRITE, STORY, UNRELATED
from newslint.cli import main
from newslint.dedup.features import Extractor
from newslint.dedup.model import compute
from newslint.dedup.pairs import Params
from newslint.errors import NewslintError
from newslint.index import Entry, IndexSettings, open_index
from redis_server import RedisServer

SRC = str(Path(__file__).resolve().parent.parent / "src")
P = Params()
EX = Extractor.create(P.shingle)
INDEXED = {"story.md": STORY, **{f"u{i}.md": t for i, t in enumerate(UNRELATED)}}
QUERIES = [COPY, REWRITE, BACKGROUND_FOLLOW_UP, UNRELATED[0].replace("Ashford", "Ashby")]


@pytest.fixture()
def server(tmp_path: Path):
    s = RedisServer(tmp_path).start()
    yield s
    s.stop()


def _entries(texts: dict[str, str]) -> list[Entry]:
    feats = compute(list(texts.values()), EX, P.num_perm)
    return [Entry(k, str(hash(t)).encode(), f) for (k, t), f in zip(texts.items(), feats)]


def _answers(idx) -> list[tuple]:
    found = idx.query(compute(QUERIES, EX, P.num_perm), lambda ids: {i: QUERIES[i] for i in ids}, EX)
    return [(m.query, m.key, m.kind, m.similarity, m.shared) for m in found]


def test_redis_answers_exactly_as_sqlite(tmp_path, server):
    lite = open_index(IndexSettings(tmp_path / "i.sqlite"), P)
    red = open_index(IndexSettings(url=server.url), P)
    for idx in (lite, red):
        assert idx.add(_entries(INDEXED)) == (len(INDEXED), 0)
        assert idx.add(_entries(INDEXED)) == (0, len(INDEXED))
    got = _answers(red)
    assert got == _answers(lite)
    assert {(q, k, kind) for q, k, kind, _, _ in got} >= {(0, "story.md", "copy"), (1, "story.md", "rewrite"), (3, "u0.md", "copy")}
    assert red.stats()["articles"] == lite.stats()["articles"] == len(INDEXED)
    assert red.remove(["story.md", "nope"]) == lite.remove(["story.md", "nope"]) == 1
    assert _answers(red) == _answers(lite)
    lite.close()
    red.close()


def test_cli_commands_and_check_on_a_redis_index(tmp_path, server, capsys, monkeypatch):
    (tmp_path / ".newslint.yaml").write_text(f"index: {{url: '{server.url}'}}\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["index", "add", "story.txt", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"added": 1, "unchanged": 0, "articles": 1}
    assert main(["index", "query", "copy.txt", "--format", "json"]) == 1
    (m,) = json.loads(capsys.readouterr().out)["matches"]
    assert (m["a"], m["b"], m["kind"]) == ("copy.txt", "story.txt", "copy") and m["shared"]
    assert main(["check", "copy.txt", "--select", "near-duplicate", "--format", "json", "--color", "never"]) == 0
    (f,) = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert "indexed story story.txt" in f["message"]
    assert main(["check", "story.txt", "--select", "near-duplicate", "--format", "json"]) == 0  # not its own copy
    assert json.loads(capsys.readouterr().out)["files"][0]["findings"] == []
    assert main(["index", "stats", "--format", "json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["articles"] == 1 and st["path"] == server.url
    assert main(["index", "remove", "story.txt"]) == 0 and "removed 1 of 1" in capsys.readouterr().out
    assert not (tmp_path / "redis:").exists()  # it used to be taken as a file path


def test_index_option_takes_a_url_instead_of_making_a_folder(tmp_path, server, capsys, monkeypatch):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["index", "add", "--no-config", "--index", server.url, "story.txt"]) == 0
    assert not (tmp_path / "redis:").exists()
    assert server.client().hlen("newslint:feat") == 1


ADDER = r"""
import sys
sys.path.insert(0, {src!r})
from newslint.dedup.features import Extractor
from newslint.dedup.model import compute
from newslint.dedup.pairs import Params
from newslint.index import Entry, IndexSettings, open_index
p = Params()
ex = Extractor.create(p.shingle)
idx = open_index(IndexSettings(url={url!r}), p)
feats = compute([{base!r}.replace("Kestrel", f"Kestrel{{i}}") for i in range(50)], ex, p.num_perm)
for batch in range({batches}):
    idx.add([Entry(f"{prefix}-{{batch}}-{{i}}", f"{{batch}}-{{i}}".encode(), feats[i]) for i in range(50)])
idx.close()
"""


def test_four_writers_at_once_lose_nothing(server):
    code = lambda prefix: ADDER.format(src=SRC, url=server.url, base=STORY, batches=10, prefix=prefix)  # noqa: E731
    procs = [subprocess.Popen([sys.executable, "-c", code(name)], stderr=subprocess.PIPE, text=True) for name in "abcd"]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    r = server.client()
    expected = {f"{w}-{b}-{i}" for w in "abcd" for b in range(10) for i in range(50)}
    for h in ("feat", "sh", "digest"):
        keys = [k.decode() for k in r.hkeys(f"newslint:{h}")]
        assert len(keys) == len(set(keys)) and set(keys) == expected, h
    idx = open_index(IndexSettings(url=server.url), P, create=False)
    assert idx.stats()["articles"] == 2000
    # every one of them is found again
    hits = idx.query(compute([STORY.replace("Kestrel", "Kestrel7")], EX, P.num_perm))
    assert {m.key for m in hits} >= {f"{w}-{b}-7" for w in "abcd" for b in range(10)}
    idx.close()


def test_server_restarted_mid_add_is_one_error_and_a_rerun_completes(tmp_path):
    server = RedisServer(tmp_path, persist=True).start()
    try:
        idx = open_index(IndexSettings(url=server.url), P)
        first = _entries({f"a{i}": t for i, t in enumerate([STORY, *UNRELATED])})
        assert idx.add(first) == (4, 0)
        server.stop()
        with pytest.raises(NewslintError) as err:
            idx.add(_entries({"late": COPY}))
        assert "\n" not in str(err.value) and "run the command again" in str(err.value)
        server.start()
        r = server.client()
        # the batch written before the restart is there whole: every article in all three hashes
        assert {k for k in r.hkeys("newslint:feat")} == set(r.hkeys("newslint:sh")) == set(r.hkeys("newslint:digest"))
        assert r.hlen("newslint:feat") == 4
        idx = open_index(IndexSettings(url=server.url), P)
        assert idx.add(first + _entries({"late": COPY})) == (1, 4)
        assert idx.stats()["articles"] == 5
        idx.close()
    finally:
        server.stop()


def test_add_against_a_stopped_server_exits_2_and_the_rerun_completes(tmp_path):
    server = RedisServer(tmp_path, persist=True).start()
    for i, t in enumerate([STORY, COPY, *UNRELATED]):
        (tmp_path / f"a{i}.txt").write_text(t, encoding="utf-8")
    args = [sys.executable, "-m", "newslint", "index", "add", "--no-config", "--index", server.url]
    env = {"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"}
    try:
        ok = subprocess.run([*args, str(tmp_path / "a0.txt")], capture_output=True, text=True, env=env, timeout=120)
        assert ok.returncode == 0, ok.stderr
        server.stop()
        down = subprocess.run([*args, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
        assert down.returncode == 2 and "Traceback" not in down.stderr
        (line,) = down.stderr.strip().splitlines()
        assert line.startswith(f"newslint: error: {server.url}:") and "cannot connect to the Redis server" in line
        server.start()
        again = subprocess.run([*args, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
        assert again.returncode == 0, again.stderr
        assert "the index holds 5 articles" in again.stdout
    finally:
        server.stop()


def test_bad_urls_and_passwords_get_one_clear_line(tmp_path, capsys):
    secret = "s3cret-Pa55"
    server = RedisServer(tmp_path, password=secret).start()
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    try:
        cases = {
            f"rediss://127.0.0.1:{server.port}/0": "TLS (rediss://) is not supported",
            f"redis://127.0.0.1:{server.port}/0": "needs a password",
            f"redis://:wrong-{secret}@127.0.0.1:{server.port}/0": "password",
            "redis://127.0.0.1:1/0": "cannot connect",
            "memcached://127.0.0.1:1": "expected redis://",
        }
        for url, said in cases.items():
            code = main(["index", "add", "--no-config", "--index", url, str(tmp_path / "a.txt")])
            out = capsys.readouterr()
            (line,) = out.err.strip().splitlines()
            assert code == 2 and said in line, (url, line)
            assert secret not in out.err + out.out
        assert main(["index", "add", "--no-config", "--index", server.url, str(tmp_path / "a.txt")]) == 0
        assert main(["index", "stats", "--no-config", "--index", server.url]) == 0
        out = capsys.readouterr()
        assert secret not in out.out + out.err and ":***@" in out.out
    finally:
        server.stop()


def test_migrate_sqlite_to_redis_and_back_gives_the_same_answers(tmp_path, server, capsys):
    lite = tmp_path / "i.sqlite"
    idx = open_index(IndexSettings(lite), P)
    idx.add(_entries(INDEXED))
    before = _answers(idx)
    idx.close()
    assert main(["index", "migrate", "--no-config", "--from", str(lite), "--to", server.url]) == 0
    assert f"migrated {len(INDEXED)} articles" in capsys.readouterr().out
    red = open_index(IndexSettings(url=server.url), P, create=False)
    assert _answers(red) == before
    red.close()
    back = tmp_path / "back.sqlite"
    assert main(["index", "migrate", "--no-config", "--from", server.url, "--to", str(back), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"migrated": len(INDEXED), "articles": len(INDEXED)}
    idx = open_index(IndexSettings(back), P, create=False)
    assert _answers(idx) == before
    idx.close()
    assert main(["index", "migrate", "--no-config", "--from", str(tmp_path / "none.sqlite"), "--to", server.url]) == 2
    assert "no index here yet" in capsys.readouterr().err
