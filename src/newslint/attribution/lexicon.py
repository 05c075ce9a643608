"""The lexicon of attribution (``lexicon.yaml``): verbs of saying and believing, source nouns by
class, titles, and the small words of the grammar, with the word tables built from them.

Read on first use, once per process (``lexicon()``), never at import: a one-article run that
meets no quotation and no source pays nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newslint.segment import tokens

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")

# Punctuation that may cling to a word between spaces ('said,', 'sources"', 'officials’s').
_TRAILING = ("", ",", ".", ":", ";", '"', "”", "'", "’", ")", "?", "!", "'s", "’s", ".\"", ",\"", ".”", ",”", "]", "—", "–", "…")
_OPENERS = frozenset(('"', "“", "(", "'", "‘", "["))

# Source classes, as the anonymous-source rule grades them.
INSIDER, INSTITUTIONAL, CROWD = "insider", "institutional", "crowd"


def read_entries(text: str) -> dict[str, str]:
    """The entries of a lexicon file: one level of ``tag: words`` or ``tag: >`` with the words on
    the indented lines after it, comments and blank lines skipped (what YAML makes of it)."""
    out: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0].isspace():
            out[key] = (out[key] + " " + stripped).strip()
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        out[key] = "" if value == ">" else value
    return {k: " ".join(v.split()) for k, v in out.items()}


@dataclass(frozen=True)
class Lexicon:
    """Each tag's words as a tuple in the file's order (a phrase's "_" turned into a space)."""

    entries: dict[str, tuple[str, ...]]

    def __getitem__(self, tag: str) -> tuple[str, ...]:
        return self.entries[tag]

    def set(self, tag: str) -> frozenset[str]:
        return frozenset(self.entries[tag])

    @property
    def roles(self) -> frozenset[str]:
        """Every source noun the analysis knows."""
        return self.set("source.insider") | self.set("source.spokesperson") | self.set("source.crowd")

    @property
    def claim_gate(self) -> frozenset[str]:
        """Words one of which a claim by an unnamed source needs (its cue, or what introduces it)."""
        return self.set("verb.claim") | self.set("word.phrase_trigger") | frozenset("told quoted quoting cited citing".split())


@dataclass(frozen=True)
class Tables:
    """The lexicon and the tables built from it once."""

    lex: Lexicon
    speech: frozenset[str]
    claim: frozenset[str]
    roles: frozenset[str]
    claim_gate: frozenset[str]
    phrase_triggers: frozenset[str]
    word_forms: dict[str, str]  # a word as it stands between spaces, with punctuation -> the word
    word_form_set: frozenset[str]
    # The words of word_forms that segment.tokens keeps whole, and the others with their tokens ("e-mail": e, mail).
    whole_words: frozenset[str]
    split_words: tuple[tuple[str, frozenset[str]], ...]
    not_speakers: frozenset[str]
    function_words: frozenset[str]
    auxiliary: frozenset[str]
    subject_excluded: frozenset[str]
    between_subject_and_cue: frozenset[str]
    post_modifiers: frozenset[str]
    may_follow_source: frozenset[str]
    subject_openers: frozenset[str]
    adjectives_ed_ing: frozenset[str]
    document_nouns: frozenset[str]
    gap_verbs: frozenset[str]
    inverting: frozenset[str]
    handover: frozenset[str]
    speaker_nouns: frozenset[str]
    spokespeople: frozenset[str]
    crowd: frozenset[str]
    for_body: frozenset[str]
    vague_person: frozenset[str]
    not_a_body: frozenset[str]


@cache
def tables() -> Tables:
    """The lexicon, read and built on first use."""
    raw = read_entries(LEXICON_FILE.read_text(encoding="utf-8"))
    lex = Lexicon({k: tuple(w.replace("_", " ") for w in v.split()) for k, v in raw.items()})
    speech, claim, roles = lex.set("verb.speech"), lex.set("verb.claim"), lex.roles
    gate = lex.claim_gate
    forms = {w + post: w for w in roles | speech | gate for post in _TRAILING}
    pieces = {w: tokens(w) for w in roles | speech | gate}
    split = {w: frozenset(p) for w, p in pieces.items() if p != [w]}
    function_words, not_speakers = lex.set("word.function"), lex.set("word.not_speaker")
    post_modifiers = lex.set("word.post_modifier")
    return Tables(
        lex=lex, speech=speech, claim=claim, roles=roles, claim_gate=gate,
        phrase_triggers=lex.set("word.phrase_trigger"), word_forms=forms, word_form_set=frozenset(forms),
        whole_words=frozenset(roles | speech | gate) - split.keys(), split_words=tuple(sorted(split.items())),
        not_speakers=not_speakers, function_words=function_words, auxiliary=lex.set("word.auxiliary"),
        subject_excluded=(function_words | not_speakers) - {"it", "i", "one"},
        between_subject_and_cue=lex.set("word.between_subject_and_cue"), post_modifiers=post_modifiers,
        may_follow_source=claim | speech | post_modifiers | lex.set("word.after_singular_source"),
        subject_openers=lex.set("word.subject_opener"), adjectives_ed_ing=lex.set("word.adjective_ed_ing"),
        document_nouns=lex.set("noun.document"), gap_verbs=lex.set("verb.gap"),
        inverting=lex.set("verb.inverting"), handover=lex.set("verb.handover"),
        speaker_nouns=lex.set("noun.speaker"), spokespeople=lex.set("source.spokesperson"),
        crowd=lex.set("source.crowd"), for_body=lex.set("source.for_body"),
        vague_person=lex.set("source.vague_person"), not_a_body=lex.set("word.not_a_body"),
    )


def titles_source() -> str:
    """``Mr|Ms|...``: the titles before a name, as regular-expression source."""
    return "|".join(tables().lex["title"])


def alternation(tag: str) -> str:
    """A tag's words as regular-expression source, an alternation in the file's order."""
    return "|".join(tables().lex[tag])


def words_present(low: str) -> frozenset[str]:
    """Which of the cue and source words occur in the lower-cased text: one C-level split at white
    space (dashes count as space), each piece looked up with the punctuation that may cling to it."""
    t = tables()
    if "—" in low or "–" in low:
        low = low.replace("—", " ").replace("–", " ")
    pieces = set(low.split())
    pieces.update([p[1:] for p in pieces if p[0] in _OPENERS])  # no word starts with an opener
    return frozenset(t.word_forms[p] for p in t.word_form_set.intersection(pieces))


def words_among(word_set: frozenset[str]) -> frozenset[str]:
    """The cue and source words an article may hold, from its words (``Article.word_set``, the
    set of ``segment.tokens`` of its prose) instead of another split of its text: a superset of
    ``words_present`` of its lower-cased bare text. A word of ``words_present`` stands in that text
    between spaces with at most an opener before it and one of ``_TRAILING`` after it, all of which
    ``segment.tokens`` takes as space, so that it is one of the prose's tokens (or, a word that
    tokens split, all of its pieces are). Used as words_present is, to pick the words worth
    looking for in the text itself. A word found here alone is one the bare text does not hold
    (it stands inside a quotation), looked for and not found, or one it holds against marks the
    split did not strip ("said/", "«officials»"): the search then finds it, as it finds the
    word's other occurrences in an article where the split saw one."""
    t = tables()
    found = t.whole_words & word_set
    split = [w for w, parts in t.split_words if parts <= word_set]
    return found | frozenset(split) if split else found


def find_word(low: str, word: str) -> list[tuple[int, int]]:
    """Spans of ``word`` in ``low`` as a whole word (not inside a longer word or hyphenated)."""
    out: list[tuple[int, int]] = []
    n = len(word)
    i = low.find(word)
    while i != -1:
        j = i + n
        if (i == 0 or not (low[i - 1].isalnum() or low[i - 1] in "_-")) and (j >= len(low) or not (low[j].isalnum() or low[j] in "_-")):
            out.append((i, j))
        i = low.find(word, j)
    return out
