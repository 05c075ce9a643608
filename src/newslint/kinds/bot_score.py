"""Kind ``bot-score``: how much an article reads like machine-made copy, as a 0-1 score.

A logistic model over interpretable signals, with its weights in the rule file (fitted by
``benchmarks/fit_bot_likeness.py``, readable and retunable by hand):

- ``<rule-id>``: that rule's findings per 1,000 words (any rule; one that is not enabled counts 0);
- style measures computed here (see ``STYLE``): spread of sentence lengths, lexical variety,
  sentence-opening connectives, digits and quotation marks per 1,000 words, and so on.

score = 1 / (1 + exp(-(intercept + sum(weight * signal)))). The finding names the signals that
pushed the score up most. The kind runs after all others (``NEEDS_FINDINGS``).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from typing import Callable, Iterator

from newslint.article import Article
from newslint.findings import Finding
from newslint.options import Opt

NEEDS_FINDINGS = True

_CONNECTIVE = re.compile(r"(?:However|Additionally|Furthermore|Moreover|Overall|Ultimately|Meanwhile|Nevertheless|Consequently|Despite|While|In addition|As a result)\b")
_DIGIT = re.compile(r"\d")
_QUOTE = re.compile(r"[\"“”]")
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def _sentence_lengths(article: Article) -> list[int]:
    words = article.words
    out, k = [], 0
    for s in article.sentences:
        n = 0
        while k < len(words) and words[k][0] < s.end:
            if words[k][0] >= s.start:
                n += 1
            k += 1
        if n:
            out.append(n)
    return out


def _style(article: Article) -> dict[str, float]:
    prose, words = article.prose, article.words
    n = len(words) or 1
    lengths = _sentence_lengths(article)
    mean = statistics.fmean(lengths) if lengths else 0.0
    spread = statistics.pstdev(lengths) / mean if len(lengths) > 1 and mean else 0.0
    head = [prose[a:b].lower() for a, b in words[:200]]
    variety = len(set(head)) / len(head) if head else 0.0
    starts = sum(1 for s in article.sentences if _CONNECTIVE.match(prose, s.start))
    body = [prose[p.start : p.end] for p in article.paragraphs]
    digits = sum(len(_DIGIT.findall(t)) for t in body)
    quotes = sum(len(_QUOTE.findall(t)) for t in body)
    long_words = sum(1 for a, b in words if b - a >= 9)
    per_k = 1000.0 / n
    return {
        "sentence_length_spread": spread,
        "mean_sentence_length": mean,
        "lexical_variety": variety,
        "connective_openers_per_sentence": starts / max(1, len(lengths)),
        "digits_per_1000_words": digits * per_k,
        "quote_marks_per_1000_words": quotes * per_k,
        "long_word_share": long_words / n,
    }


STYLE: tuple[str, ...] = (
    "sentence_length_spread", "mean_sentence_length", "lexical_variety", "connective_openers_per_sentence",
    "digits_per_1000_words", "quote_marks_per_1000_words", "long_word_share",
)

OPTIONS = {
    "intercept": Opt(float, 0.0),
    "weights": Opt(dict, {}, item=float, doc="signal -> weight: a rule id (findings per 1,000 words) or a style measure"),
    "threshold": Opt(float, 0.5, min=0.0, max=1.0, doc="report the article when its score reaches this"),
    "min_words": Opt(int, 80, min=1, doc="shorter articles are scored but never reported"),
    "top_signals": Opt(int, 3, min=1, max=10, doc="signals named in the finding"),
}


def prepare(options: dict, where) -> dict:
    for key in options["weights"]:
        if key not in STYLE and not _ID.match(str(key)):
            raise where(f"weights: {key!r} is neither a style measure ({', '.join(STYLE)}) nor a rule id")
    return {"rules": tuple(k for k in options["weights"] if k not in STYLE)}


def signals(article: Article, findings: tuple[Finding, ...], rule_ids: tuple[str, ...]) -> dict[str, float]:
    """Every signal the weights can name: rule findings per 1,000 words and the style measures."""
    n = max(1, len(article.words))
    counts = Counter(f.rule for f in findings)
    out = {rid: counts.get(rid, 0) * 1000.0 / n for rid in rule_ids}
    out.update(_style(article))
    return out


def _score(article: Article, rule, state: dict, findings) -> tuple[float, list[tuple[float, str]]]:
    o = rule.options
    sig = signals(article, tuple(findings or ()), state["rules"])
    parts = [(w * sig.get(k, 0.0), k) for k, w in o["weights"].items()]
    z = o["intercept"] + sum(p for p, _ in parts)
    z = max(-50.0, min(50.0, z))
    return 1.0 / (1.0 + math.exp(-z)), sorted(parts, reverse=True)


def measure(article: Article, rule, state: dict, findings=()) -> dict:
    score, _ = _score(article, rule, state, findings)
    return {"bot_likeness": round(score, 3)}


def check(article: Article, rule, state: dict, findings=()) -> Iterator[Finding]:
    if len(article.words) < rule.options["min_words"] or not article.paragraphs:
        return
    score, parts = _score(article, rule, state, findings)
    if score < rule.options["threshold"]:
        return
    top = [name.replace("_", " ") for contrib, name in parts[: rule.options["top_signals"]] if contrib > 0]
    msg = rule.message.replace("{score}", f"{score:.2f}").replace("{signals}", ", ".join(top) or "none")
    p = article.paragraphs
    yield rule.finding(p[0].start, p[0].start, msg)
