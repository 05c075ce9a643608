"""Kind ``bot-score``: how much an article reads like machine-made copy, as a 0-1 score.

A logistic model over interpretable signals, with its weights in the rule file (fitted by
``benchmarks/fit_bot_likeness.py``, readable and retunable by hand):

- ``<rule-id>``: that rule's findings per 1,000 words (any rule; one that is not enabled counts 0);
- style measures computed here (see ``STYLE``): spread of sentence lengths, lexical variety,
  sentence-opening connectives, digits and quotation marks per 1,000 words, and so on. Two of them
  tell a bot's rewrite from the story it rewrote without seeing that story: verbs of saying other
  than "said" ("stated", "noted", "emphasized"), and a reporter's dashes, colons and questions,
  which a rewrite smooths into plain clauses. The bundled rule weights only the measures that
  helped the dev stories (``LEFT_OUT`` in ``benchmarks/fit_bot_likeness.py`` says why the others are
  not); all are computed, so that a rule file of one's own may weight them.

score = 1 / (1 + exp(-(intercept + sum(weight * signal)))). The finding names, in an editor's words
(``labels``), the signals that set the article furthest apart from a typical human news story
(``typical``: weight * (signal - typical) largest), with the count for a rule: "filler phrases (6)"
rather than "mean word length", which every article has. The kind runs after all others
(``NEEDS_FINDINGS``).
"""

from __future__ import annotations

import math
import re
from collections import Counter

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Iterator

from newslint.article import Article
from newslint.errors import quoted
from newslint.findings import Finding, one_per_span
from newslint.options import Opt

NEEDS_FINDINGS = True

CONNECTIVES = ("However", "Additionally", "Furthermore", "Moreover", "Overall", "Ultimately", "Meanwhile",
               "Nevertheless", "Consequently", "Despite", "While", "In addition", "As a result")
# Verbs a rewrite puts where news says "said" (a reporter's "said" is neutral on purpose).
SAYING_VARIANTS = frozenset("""stated noted emphasized emphasised highlighted expressed stressed explained
    mentioned revealed indicated acknowledged asserted underscored remarked""".split())
SAID = frozenset(("said", "says"))
_SAID_AT_START = tuple(" " + v for v in sorted(SAID))
_VARIANTS_AT_START = tuple(" " + v for v in sorted(SAYING_VARIANTS))
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


_MARKS = ("\n\n", '." ', ".” ", ".’ ", "? ", "! ", '?" ', "?” ", '!" ')


def _sentences(body: str) -> list[str]:
    """Sentences split at a terminal mark and a space, or a paragraph break: rough (an
    abbreviation splits too) but the same for every text, and several times cheaper than a
    regular-expression split.

    The marks are replaced in the order of ``_MARKS``, each only if the text holds it; a mark with
    "?", "!" or a curly quote is not even looked for in a text without that character (found by
    one memchr or the string's ASCII flag, where a two-character search scans the text). A
    replacement writes only ". ", so it never makes one of those marks appear."""
    q, e, curly = "?" in body, "!" in body, not body.isascii()
    for mark in _MARKS:
        if (q or "?" not in mark) and (e or "!" not in mark) and (curly or mark.isascii()) and mark in body:
            body = body.replace(mark, ". ")
    return body.split(". ")


def _style(article: Article, wanted: tuple[str, ...] | None = None) -> tuple[dict[str, float], int]:
    """Style measures from the body text with C-level string operations (a regular-expression scan
    costs ~40 ns a character, which matters at 2,000 articles a second): sentences are split at
    terminal punctuation and a space, words at white space. Only the measures in ``wanted`` (all of
    ``STYLE`` when None): the bundled rule weights five of the nine, and the other four cost a
    third of the time (lexical variety alone ~27 us of ~90 us an article)."""
    body = article.body_text
    wanted = STYLE if wanted is None else wanted
    sentences = _sentences(body)
    lengths = [x for x in map(len, map(str.split, sentences)) if x]
    words = sum(lengths)
    n = words or 1
    per_k = 1000.0 / n
    mean = sum(lengths) / len(lengths) if lengths else 0.0
    out: dict[str, float] = {}
    if "sentence_length_spread" in wanted:
        out["sentence_length_spread"] = (math.sqrt(sum((x - mean) ** 2 for x in lengths) / len(lengths)) / mean
                                         if len(lengths) > 1 and mean else 0.0)
    if "mean_sentence_length" in wanted:
        out["mean_sentence_length"] = mean
    if "lexical_variety" in wanted:
        head = body[:1600].lower().split(maxsplit=200)[:200]  # words with their punctuation: cheap, as good a signal
        out["lexical_variety"] = len(set(head)) / len(head) if head else 0.0
    if "connective_openers_per_sentence" in wanted:
        openers = sum(1 for s in sentences if s.lstrip().startswith(CONNECTIVES))
        out["connective_openers_per_sentence"] = openers / max(1, len(lengths))
    if "digits_per_1000_words" in wanted or "mean_word_length" in wanted:
        digits, spaces = _ascii_counts(body)
        if "digits_per_1000_words" in wanted:
            out["digits_per_1000_words"] = digits * per_k
        if "mean_word_length" in wanted:
            out["mean_word_length"] = (len(body) - spaces) / n
    if "quote_marks_per_1000_words" in wanted:
        quotes = body.count('"')
        if not body.isascii():  # (a flag of the string: no scan)
            quotes += body.count("“") + body.count("”")
        out["quote_marks_per_1000_words"] = quotes * per_k
    if "saying_verbs_other_than_said" in wanted:
        # A verb is counted where a word starts with it (" said", "\nsaid"): one C-level count per
        # verb is several times cheaper than a loop over the words.
        lower = " " + body.lower().replace("\n", " ")
        said = sum(lower.count(v) for v in _SAID_AT_START)
        variants = sum(lower.count(v) for v in _VARIANTS_AT_START)
        # Smoothed (half a verb each way) so that a story with no verb of saying sits in the middle.
        out["saying_verbs_other_than_said"] = (variants + 0.5) / (said + variants + 1)
    if "dashes_colons_questions_per_1000_words" in wanted:
        # A reporter's asides and questions; a rewrite smooths them into plain clauses. The prose
        # view has folded the rare dashes to "—" or "–". A spaced hyphen (" - ") is not counted: in
        # ai-news the generated texts use it more than the human ones, and counting it lowered dev AUC.
        asides = body.count(":") + body.count("?")
        if not body.isascii():
            asides += body.count("—") + body.count("–")
        out["dashes_colons_questions_per_1000_words"] = asides * per_k
    return {k: out[k] for k in STYLE if k in out}, words


def _ascii_counts(body: str) -> tuple[int, int]:
    """(digits 0-9, white space " \\n\\t\\r") in the text: each set's bytes deleted from its UTF-8
    in one C-level pass (an ASCII character is one byte there, and no other character holds
    one), where a count per character scanned the text fourteen times."""
    b = body.encode("utf-8", "surrogatepass")
    return len(b) - len(b.translate(None, b"0123456789")), len(b) - len(b.translate(None, b" \n\t\r"))


STYLE: tuple[str, ...] = (
    "sentence_length_spread", "mean_sentence_length", "lexical_variety", "connective_openers_per_sentence",
    "digits_per_1000_words", "quote_marks_per_1000_words", "mean_word_length",
    "saying_verbs_other_than_said", "dashes_colons_questions_per_1000_words",
)

OPTIONS = {
    "intercept": Opt(float, 0.0),
    "weights": Opt(dict, {}, item=float, doc="signal -> weight: a rule id (findings per 1,000 words) or a style measure"),
    "threshold": Opt(float, 0.5, min=0.0, max=1.0, doc="report the article when its score reaches this"),
    "min_words": Opt(int, 80, min=1, doc="shorter articles are scored but never reported"),
    "top_signals": Opt(int, 3, min=1, max=10, doc="signals named in the finding"),
    "typical": Opt(dict, {}, item=float, doc="signal -> its value in a typical human news story (0 if not given): "
                   "a signal is named when it departs from it towards machine-made copy"),
    "labels": Opt(dict, {}, item=str, doc="signal -> what an editor calls it, as the finding names it"),
}


def prepare(options: dict, where) -> dict:
    for key in options["weights"]:
        if key not in STYLE and not _ID.match(str(key)):
            raise where(f"weights: {quoted(key)} is neither a style measure ({', '.join(STYLE)}) nor a rule id")
    for option in ("typical", "labels"):
        unknown = sorted(set(options.get(option, {})) - set(options["weights"]), key=str)
        if unknown:
            raise where(f"{option}: {quoted(unknown[0])} has no weight")
    return {"rules": tuple(k for k in options["weights"] if k not in STYLE),
            "style": tuple(k for k in STYLE if k in options["weights"])}


def signals(article: Article, findings: tuple[Finding, ...], rule_ids: tuple[str, ...]) -> dict[str, float]:
    """Every signal the weights can name: rule findings per 1,000 words and every style measure."""
    return _signals(article, findings, rule_ids)[0]


def _signals(article: Article, findings, rule_ids, style_wanted: tuple[str, ...] | None = None) -> tuple[dict[str, float], int]:
    """The rules' signals and the style measures in ``style_wanted`` (all when None)."""
    style, words = _style(article, style_wanted)
    counts = Counter(f.rule for f in findings)
    per_k = 1000.0 / max(1, words)
    out = {rid: counts.get(rid, 0) * per_k for rid in rule_ids}
    out.update(style)
    return out, words


def _score(article: Article, rule, state: dict, findings) -> tuple[float, list[tuple[float, str]], int, Counter]:
    """The score, the signals by how far they set the article apart from a typical story
    (largest first), the words, and the findings per rule."""
    o = rule.options
    findings = tuple(findings or ())
    sig, words = _signals(article, findings, state["rules"], state["style"])  # the weighted measures only
    z = o["intercept"] + sum(w * sig.get(k, 0.0) for k, w in o["weights"].items())
    z = max(-50.0, min(50.0, z))
    typical = o["typical"]
    apart = sorted(((w * (sig.get(k, 0.0) - typical.get(k, 0.0)), k) for k, w in o["weights"].items()), reverse=True)
    # Counted as the report counts them: one finding per span of words.
    return 1.0 / (1.0 + math.exp(-z)), apart, words, Counter(f.rule for f in one_per_span(list(findings)))


def signal_names(apart: list[tuple[float, str]], counts: Counter, labels: dict, top: int) -> list[str]:
    """The ``top`` signals that set the article apart towards machine-made copy, as an editor says
    them: a rule's with its count ("filler phrases (6)"), a style measure in words."""
    out = []
    for contribution, name in apart[:top]:
        if contribution <= 0:
            break
        label = labels.get(name, name.replace("_", " "))
        out.append(f"{label} ({counts[name]})" if name in counts else label)
    return out


def assess(article: Article, rule, state: dict, findings=()) -> tuple[list[Finding], dict]:
    """The finding (if the score reaches the threshold) and the summary metric, computed once."""
    o = rule.options
    score, apart, words, counts = _score(article, rule, state, findings)
    judged = bool(article.paragraphs) and words >= o["min_words"]
    # A score on a brief is reported but marked: the model was fitted on full articles.
    metrics = {"bot_likeness": round(score, 3), "bot_likeness_judged": judged}
    if score < o["threshold"] or not judged:
        return [], metrics
    top = signal_names(apart, counts, o["labels"], o["top_signals"])
    msg = rule.message.replace("{score}", f"{score:.2f}").replace("{signals}", ", ".join(top) or "none")
    p = article.paragraphs[0]
    return [rule.finding(p.start, p.start, msg)], metrics


def measure(article: Article, rule, state: dict, findings=()) -> dict:
    return assess(article, rule, state, findings)[1]


def check(article: Article, rule, state: dict, findings=()) -> Iterator[Finding]:
    return iter(assess(article, rule, state, findings)[0])
