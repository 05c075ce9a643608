"""Small shared text measures for the style kinds: content words, stopwords, a crude stemmer.

Kept dependency-free and linear so the per-article cost stays in microseconds.
"""

from __future__ import annotations

from functools import lru_cache

from newslint.patterns import lazy_compile

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told mr mrs ms would could may might must
    shall one two new also us per cent year years""".split()
)
TOKEN = lazy_compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip (from a lowercase word) the commonest English inflections (plural, -ing, -ed), so that
    "upgrade", "upgrades" and "upgraded" meet."""
    w = word
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2] if not w.endswith("eed") else w
    if len(w) > 4 and w.endswith("es") and not w.endswith("ses"):
        return w[:-1]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    if len(w) > 4 and w.endswith("e"):
        return w[:-1]
    return w


def content_terms(text: str) -> list[str]:
    """Stemmed content words of a passage, in order."""
    return [stem(t) for t in TOKEN.findall(text.lower()) if t not in STOPWORDS and len(t) > 2]
