"""Kind ``near-duplicate``: copies and rewrites of other articles in the same run or in the index.

Unlike the other kinds this one looks at many articles at once, through the engine's corpus hook:

- ``check(article, rule, state)`` reports nothing (one article alone has no duplicate);
- ``collect(article, rule, state) -> (name, text)`` runs in the worker process inside
  ``check_file``: what is compared (the prose: title and body, markup blanked);
- ``digest(items, rule, state) -> [(name, features)]`` turns a batch of collected texts into
  features with array operations (the vectorized batch costs about 0.07 ms an article against
  0.65 ms for one article at a time, NumPy's per-call overhead): ``check`` digests the reports in
  batches in the parent as they come in from the workers, which never import NumPy (``dupes`` and
  ``index`` digest in their workers);
- ``check_corpus(items, rule, state, context, progress) -> list[list[Finding]]`` runs once in the
  parent after all files, with every collected item, and returns the findings for each item
  (offsets are filled in by the corpus phase at the article's title or start). It compares when
  there are two articles or more, and queries ``context.index`` when the corpus phase opened one
  (``index:`` in ``.newslint.yaml``; the kind never opens an index itself);
- ``run_example(rule, state, example) -> list[Finding]``: a rule example of this kind is a *list of
  article texts*; the findings are those on the first article. The test that runs every rule's
  examples calls this instead of ``check`` when a kind defines it.

All thresholds are rule options (see ``rules/near-duplicate.yaml``); :class:`~newslint.dedup.Params`
holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Iterator, Sequence

from newslint.article import Article
from newslint.findings import Finding, capped
from newslint.options import Opt

OPTIONS = {
    "shingle": Opt(int, 5, min=2, max=8, doc="words per shingle for copies"),
    "num_perm": Opt(int, 128, choices=(64, 128, 256, 512), doc="MinHash signature length (bins)"),
    "band_rows": Opt(int, 4, min=1, max=8, doc="signature values per LSH band (copies)"),
    "copy_threshold": Opt(float, 0.5, min=0.05, max=1.0, doc="shingle Jaccard at or above which two articles are copies"),
    "rewrite_containment": Opt(float, 0.5, min=0.0, max=1.0, doc="weighted content-word containment needed for a rewrite"),
    "rewrite_length_slope": Opt(float, 0.2, min=0.0, max=1.0, doc="extra containment needed per unit of length ratio"),
    "rewrite_min_weight": Opt(float, 80.0, min=0.0, doc="smallest total rarity weight of the shorter article"),
    "rewrite_min_shared_keys": Opt(float, 5.0, min=0.0, doc="rarity weight of shared names and numbers needed"),
    "rewrite_min_order": Opt(float, 0.4, min=0.0, max=1.0, doc="share of shared words that keep their order"),
    "rewrite_min_key_containment": Opt(float, 0.7, min=0.0, max=1.0,
                                       doc="share of the names and numbers of the article with fewer that the other has"),
    "rewrite_min_reworded": Opt(float, 0.4, min=0.0, max=1.0,
                                doc="containment left once the share of five-word runs repeated verbatim is taken off"),
    "rewrite_max_new_facts": Opt(int, 3, min=0,
                                 doc="names and numbers of its own that the article adding fewer may bring (a rewrite "
                                     "brings none; each story of a follow-up pair brings several)"),
    "candidate_terms": Opt(int, 32, min=1, max=512, doc="rarest content words per article used to find rewrite candidates"),
    "candidate_min_shared": Opt(int, 3, min=1, max=64, doc="rare words two articles must share to be compared"),
    "max_df": Opt(int, 100, min=2, doc="a word in more articles than this never makes a candidate"),
    "max_bucket": Opt(int, 200, min=2, doc="largest group compared all-pairs; larger groups are linked to their first"),
    "reference_docs": Opt(int, 1000, min=1, doc="rarity is judged as if there were at least this many articles"),
    "max_per_article": Opt(int, 5, min=1, doc="report this many of an article's duplicates (the most similar), then how many more"),
}


@dataclass(frozen=True)
class State:
    """The options; the parameters and the tokenizer are built on first use, so that a run that
    compares nothing (one article, no index) never imports NumPy."""

    options: dict

    @cached_property
    def params(self):
        from newslint.dedup.pairs import Params

        return Params.from_options(self.options)

    @cached_property
    def extractor(self):
        from newslint.dedup.features import Extractor

        return Extractor.create(self.params.shingle)


def preimport() -> None:
    """Import what ``digest`` and ``check_corpus`` use (NumPy), before any rule is read: the
    corpus process (:mod:`newslint.corpus_process`) does it at launch."""
    import newslint.dedup.model
    import newslint.dedup.pipeline  # noqa: F401


def warm(state: State) -> None:
    """Import what ``digest`` and ``check_corpus`` use and build the tokenizer now: called in the
    parent of a parallel run while its workers work, when the parent compares the articles itself."""
    preimport()
    state.extractor


def prepare(options: dict, where) -> State:
    if options["band_rows"] > options["num_perm"]:
        raise where("option 'band_rows' must not exceed 'num_perm'")
    return State(dict(options))


def check(article: Article, rule, state: State) -> Iterator[Finding]:
    return iter(())


def text_of(article: Article) -> str:
    """What is compared: the prose (title and body, markup blanked)."""
    return article.prose


def collect(article: Article, rule, state: State) -> tuple[str, str]:
    return article.display_name, text_of(article)


def digest(items: Sequence[tuple[str, str]], rule, state: State) -> list[tuple[str, Any]]:
    """(name, text) -> (name, features), for a batch of articles at once (array operations)."""
    from newslint.dedup.model import compute

    feats = compute([t for _, t in items], state.extractor, state.params.num_perm)
    return [(name, f) for (name, _), f in zip(items, feats)]


def _message(other: str, kind: str, similarity: float) -> str:
    return f"{kind} of {other} (similarity {similarity:.2f})"


USES_INDEX = True  # the corpus phase hands check_corpus the configured index, opened


def check_corpus(items: Sequence[tuple[str, Any]], rule, state: State, context: Any = None, progress=None) -> list[list[Finding]]:
    """Findings for each collected (name, text) or digested (name, features): its copies and
    rewrites among the others and, when ``context.index`` is an opened index, in the index."""
    found: list[list[tuple[float, str, str]]] = [[] for _ in items]  # (similarity, other, kind)
    index = getattr(context, "index", None)
    if len(items) < 2 and index is None:
        return [[] for _ in items]
    if any(isinstance(data, str) for _, data in items):
        items = digest(items, rule, state)
    feats = [f for _, f in items]
    from newslint.dedup.pipeline import LocalEngine

    for p in LocalEngine().pairs(feats, state.params, progress):
        for me, other in ((p.a, p.b), (p.b, p.a)):
            found[me].append((p.similarity, items[other][0], p.kind))
    if index is not None:
        for m in index.query(feats, progress=progress):
            if m.key == context.key_of(items[m.query][0]):
                continue  # the article itself, indexed earlier
            found[m.query].append((m.similarity, f"indexed story {m.key}", m.kind))
    # A story copied ten times is one problem, not ten per copy: the most similar few are named.
    cap = state.options["max_per_article"]
    out: list[list[Finding]] = []
    for dupes in found:
        dupes.sort(key=lambda d: (-d[0], d[1]))
        named = [rule.finding(0, 0, _message(other, kind, sim)) for sim, other, kind in dupes]
        out.append(capped(named, cap, lambda n: f"; and {n} more near-duplicates"))
    return out


def run_example(rule, state: State, example: Any) -> list[Finding]:
    """An example is a list of article texts; the findings are those on the first one."""
    texts = [str(t) for t in example] if isinstance(example, list) else [str(example)]
    return check_corpus([(f"example {i + 1}", t) for i, t in enumerate(texts)], rule, state, None)[0]
