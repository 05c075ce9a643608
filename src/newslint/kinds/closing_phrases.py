"""Kind ``closing-phrases``: stock phrases in an article's closing paragraphs.

The same phrase means different things in different places: "remains to be seen" in the middle of
a story introduces an open question the story then reports on; as the last words it is a stock
conclusion that says nothing. This kind looks only at the last ``last_paragraphs`` paragraphs of
articles long enough to have a closing (``min_paragraphs``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Iterator

from newslint.article import Article
from newslint.findings import Finding
from newslint.kinds.phrases import State, report
from newslint.kinds.phrases import prepare as prepare_phrases
from newslint.options import Opt

OPTIONS = {
    "phrases": Opt(list, [], item=str, doc="literal phrases; any white space between words"),
    "patterns": Opt(list, [], item=str, doc="regular expressions"),
    "case_sensitive": Opt(bool, False),
    "last_paragraphs": Opt(int, 2, min=1, max=10, doc="how many paragraphs at the end make the closing"),
    "min_paragraphs": Opt(int, 3, min=1, doc="articles with fewer paragraphs have no closing to judge"),
    "skip_quotations": Opt(bool, True, doc="ignore matches inside direct quotations"),
    "max_per_article": Opt(int, 5, min=1),
}


def prepare(options: dict, where) -> State:
    return prepare_phrases(options, where)


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    o = rule.options
    paras = article.paragraphs
    if len(paras) < o["min_paragraphs"]:
        return
    yield from report(article, rule, state, paras[-o["last_paragraphs"]].start, paras[-1].end)
