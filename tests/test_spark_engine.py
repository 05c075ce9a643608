"""``dupes --engine spark`` on a real local Spark (PySpark and Java 17; .ci/run installs Java): the
same pairs, kinds, similarities, shared passages and clusters as the single-process engine, read
from files, JSON Lines and Parquet. One Spark run: it costs a JVM start."""

from __future__ import annotations

import json
from pathlib import Path

from dedup_fixtures import BACKGROUND_FOLLOW_UP, COPY, FOLLOW_UP, REWRITE, STORY, UNRELATED
from newslint.cli import main


def test_spark_engine_gives_the_same_json_as_the_local_engine(tmp_path: Path, capsys) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    news = tmp_path / "news"
    news.mkdir()
    (news / "story.md").write_text(f"# {STORY}", encoding="utf-8")
    (news / "copy.txt").write_text(COPY, encoding="utf-8")
    (news / "rewrite.txt").write_text(REWRITE, encoding="utf-8")
    (news / "follow.txt").write_text(FOLLOW_UP, encoding="utf-8")
    (news / "background.txt").write_text(BACKGROUND_FOLLOW_UP, encoding="utf-8")
    for i, t in enumerate(UNRELATED):
        (news / f"other{i}.txt").write_text(t, encoding="utf-8")
    feed = [{"id": "x", "text": COPY.replace("Tuesday", "Monday")}, {"id": "y", "text": UNRELATED[0]}]
    (news / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in feed), encoding="utf-8")
    rows = [{"id": "p1", "text": REWRITE.replace("Storm-hit", "Storm-battered")}, {"id": "p2", "text": UNRELATED[2]},
            {"id": "p3", "text": "Short."}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "rows.parquet")
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    assert main(["dupes", str(news), str(tmp_path / "rows.jsonl"), "--format", "json", "--no-config"]) == 1
    local = capsys.readouterr().out
    assert main(["dupes", str(news), str(tmp_path / "rows.parquet"), "--format", "json", "--no-config", "--engine", "spark"]) == 1
    spark = capsys.readouterr().out.replace("rows.parquet#", "rows.jsonl#")
    assert json.loads(spark) == json.loads(local)
    doc = json.loads(local)
    kinds = {(Path(p["a"]).name, Path(p["b"]).name, p["kind"]) for p in doc["pairs"]}
    assert ("copy.txt", "story.md", "copy") in kinds and ("rewrite.txt", "story.md", "rewrite") in kinds
    assert any(name.endswith("rows.jsonl#p1") for p in doc["pairs"] for name in (p["a"], p["b"]))
    assert len(doc["clusters"]) == 3  # the story, the library story, the rainfall story
