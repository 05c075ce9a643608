"""Cues: the verbs and phrases of saying as patterns, built from the lexicon on first use."""

from __future__ import annotations

import re
from functools import cache

from newslint.attribution.lexicon import alternation, tables
from newslint.patterns import lazy_compile, trie_source


def _phrases() -> str:
    """Phrases that attribute words: "in a statement", "in her words", "put it", "pointed out"."""
    return (
        r"|(?<!\w)(?:in (?:a|an|his|her|their|its) (?:" + alternation("noun.medium") + ")"
        r"|in (?:his|her|their|its) words|puts? it|putting it|went on|goes on|pointed out|points out|summed up"
        r"|added that|adds|add(?= that))(?!\w)"
    )


def _cue_source(tag: str) -> str:
    return r"\b" + trie_source(sorted(tables().lex.set(tag))) + r"\b" + _phrases()


# Verbs and phrases that attribute a quotation to a speaker.
CUE = lazy_compile(lambda: _cue_source("verb.speech"), re.IGNORECASE)
# Unnamed sources are found with verbs of saying and believing only ("aides snapped" is not a claim).
CLAIM_CUE = lazy_compile(lambda: _cue_source("verb.claim"), re.IGNORECASE)
# The phrase cues on lower-cased text. No leading look-behind: it would keep the regex engine
# from skipping ahead by first letter.
CUE_PHRASE = lazy_compile(lambda: _phrases()[1:].replace("(?<!\\w)", "", 1))
# Every source noun the lexicon knows, as a whole word.
ROLE = lazy_compile(lambda: r"(?<![\w-])" + trie_source(sorted(tables().roles)) + r"(?![\w-])", re.IGNORECASE)
WORD = lazy_compile(r"\w+")


def _reason_source() -> str:
    """The reasons for anonymity of the lexicon (``reason.*``) as one pattern; a phrase's words may
    be split by any run of non-word characters ("not\nauthorized")."""
    lex = tables().lex

    def alt(tag: str) -> str:
        return "|".join(w.replace(" ", r"\W+") for w in lex[tag])

    return (
        r"(?:not\W+(?:\w+\W+)?(?:" + alt("reason.not_allowed") + r")\W+to\W+(?:" + alt("reason.not_allowed_to") + "))"
        r"|(?:(?:" + alt("reason.anonymity") + r")[^.;]{0,40}?\b(?:" + alt("reason.why") + r"|to\W+(?:" + alt("reason.purpose") + ")))"
        r"|(?:for\W+fear\W+of\W+(?:" + alt("reason.fear_of") + "))"
    )


# A reason given for a source's anonymity ("who spoke on condition of anonymity because ...").
REASON = lazy_compile(_reason_source, re.IGNORECASE)
# The only characters that re.IGNORECASE matches to an ASCII letter besides its two cases (İ ı ſ K):
# in a text without them, a case-insensitive match of ASCII words is a match in the lower-cased text.
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


@cache
def reason_words() -> tuple[str, ...]:
    """Lower-case words one of which every match of REASON holds: a word of each phrase of its
    first two branches (the longest), and the third's "fear"."""
    lex = tables().lex
    phrases = lex["reason.not_allowed"] + lex["reason.anonymity"]
    return tuple(sorted({max(p.split(), key=len) for p in phrases} | {"fear"}))


def gives_reason(bare: str, low: str | None, a: int, b: int) -> bool:
    """``REASON.search(bare, a, b)`` found something. ``low``: ``bare`` lower-cased, same length
    and without FOLDS_TO_ASCII, or None; with it, a window holding none of :func:`reason_words`
    is ruled out by substring searches (~2 us) before the pattern is tried (~80 us a window)."""
    if low is not None and not any(low.find(w, a, b) >= 0 for w in reason_words()):
        return False
    return REASON.search(bare, a, b) is not None
