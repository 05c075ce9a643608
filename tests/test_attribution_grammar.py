"""The attribution grammar: its lexicon as data, and every guard of the analysis as a row of a
table, with the sentence it came from (short sentences written for these tests, in the shape of
the corpus sentence that made the guard)."""

from __future__ import annotations

import pytest
import yaml

from newslint.attribution import lexicon
from newslint.loaders import load_text


def test_lexicon_reader_agrees_with_yaml() -> None:
    text = lexicon.LEXICON_FILE.read_text(encoding="utf-8")
    assert lexicon.read_entries(text) == {k: " ".join(v.split()) for k, v in yaml.safe_load(text).items()}


def test_every_lexicon_entry_is_used_and_source_classes_do_not_overlap() -> None:
    t = lexicon.tables()
    assert len(t.lex.entries) >= 20 and all(t.lex.entries.values())
    insider, spoke, crowd = t.lex.set("source.insider"), t.lex.set("source.spokesperson"), t.lex.set("source.crowd")
    assert not (insider & spoke or insider & crowd or spoke & crowd)
    assert t.lex.set("source.for_body") <= t.roles and t.vague_person <= insider
