"""Linear-time segmentation of prose: paragraphs, sentences, words and direct quotations.

Every function returns (start, end) offsets into the string it was given, so that the results
index the article's source text directly (see :mod:`newslint.article`).
"""

from __future__ import annotations

from newslint.patterns import lazy_compile

_PARA_BREAK = lazy_compile(r"\n[^\S\n]*\n\s*")
_WORD = lazy_compile(r"\w+(?:['’\-]\w+)*")
_TOKEN_RUN = lazy_compile(r"[\w.]*")

# A candidate sentence end: terminal punctuation, optional closing quotes or brackets, then space
# and something that can start a sentence.
# Only from the start of a run of marks (the look-behind: the mark before this one is not a mark
# too), and possessive: tried at every mark of a run of thousands ("....."), the pattern cost the
# square of the run. It opens with the mark itself, not the look-behind, so that the regular
# expression engine skips straight to the next mark (three times faster on news text).
_SENT_END = lazy_compile(r"[.!?](?<![.!?]{2})[.!?]*+[\"'”’)\]]*+(?=\s+(?:[\"“‘(\[]|'')?[A-Z0-9])")

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen adm sen rep gov lt col sgt capt cmdr maj st jr sr inc co corp ltd
    vs etc jan feb mar apr jun jul aug sep sept oct nov dec no nos fig approx est dept univ
    rev hon pres supt det insp gens reps sens mt ft pp vol ch""".split()
)
_SENTENCE_STARTERS = frozenset(
    """The A An In It He She They We I But And This That These Those His Her Its Their Our
    On At As For If When While After Before Since Some Many Most Officials Meanwhile However""".split()
)


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of text separated by blank lines, trimmed of surrounding white space."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _PARA_BREAK.finditer(text, start, end):
        _add_trimmed(text, pos, m.start(), out)
        pos = m.end()
    _add_trimmed(text, pos, end, out)
    return out


def _add_trimmed(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    seg = text[a:b]
    core = seg.strip()
    if core:
        a += len(seg) - len(seg.lstrip())
        out.append((a, a + len(core)))


def _is_abbreviation(text: str, start: int, dot: int, after: int, end: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation rather than a sentence; ``after`` is
    where the candidate sentence end finishes (the next sentence's word follows it)."""
    if text[dot] != ".":
        return False
    if not (text[dot - 1 : dot].isalnum() or text[dot - 1 : dot] == "."):
        return False
    i = _token_start(text, start, dot)
    if i == dot:
        return False
    token = text[i:dot]
    bare = token.rstrip(".").lower()
    if "." in token.strip(".") or len(bare) == 1:
        # Initialisms (U.S., U.N.) and initials (J. Smith): a sentence ends only before a
        # word that usually starts one.
        nxt = _WORD.search(text, after, min(end, after + 40))
        return (nxt.group(0) if nxt else "") not in _SENTENCE_STARTERS
    return bare in ABBREVIATIONS


def _token_start(text: str, start: int, dot: int) -> int:
    """Where the token before ``dot`` starts: the run of word characters and full stops
    (``[\\w.]+``) that ends there, at most 20 characters back (and not before ``start``). The run
    at the start of those characters reversed, matched in C: stepping back a character at a time
    in Python cost more, and a pattern searched for forwards tried every position of the 20."""
    return dot - _TOKEN_RUN.match(text[max(start, dot - 20) : dot][::-1]).end()


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if _is_abbreviation(text, pos, m.start(), m.end(), end):
            continue
        _add_trimmed(text, pos, m.end(), out)
        pos = m.end()
    _add_trimmed(text, pos, end, out)
    return out


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [m.span() for m in _WORD.finditer(text, start, end)]


# Double quote marks: straight, curly, and the two apostrophes ('') that some wire and
# newspaper archives (the New York Times among them) use for both opening and closing.
# (Written as literals, not a character set and a pair: then every alternative starts with a literal
# and the engine skips straight to the next mark, twice as fast.)
_QUOTE_MARK = lazy_compile(r"\"|“|”|''")


def _reopens(text: str, i: int, j: int, pa: int, pb: int) -> bool:
    """A mark at i..j that opens (space before, a word after) right after a sentence ends,
    while a quote is open: the open quote goes on in a new paragraph run into this one."""
    if text[i] == "”" or i == pa or not text[i - 1].isspace() or j >= pb or not (text[j].isalnum() or text[j] in "…["):
        return False
    k = i - 1
    while k > pa and text[k].isspace():
        k -= 1
    if text[k] in "'’" and k > pa:
        k -= 1  # the sentence ended inside a nested quote: "... ridiculous.' "But then ..."
    return text[k] in ".?!…:"


def quotations(
    text: str, paras: list[tuple[int, int]]
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Direct quotations in double quotes, straight or curly (or two apostrophes).

    A quote left open at the end of a paragraph continues when the next paragraph opens with a
    quote mark (news style for long quotes); otherwise the unclosed mark is ignored.
    Returns (start, end, parts) with ``parts`` the quoted spans, one per paragraph.
    """
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    open_at: int | None = None  # offset of the opening mark of the current quote
    part_start = 0
    reopened = -1  # offset of the reopening mark of a continued quote, already consumed
    parts: list[tuple[int, int]] = []
    for idx, (pa, pb) in enumerate(paras):
        for m in _QUOTE_MARK.finditer(text, pa, pb):
            i = m.start()
            c = text[i]
            if open_at is None:
                if c == "”" and not (i + 1 < pb and text[i + 1].isalnum()):
                    continue  # a stray closing mark
                open_at, part_start, parts = i, m.end(), []
                continue
            if i == reopened:
                continue
            if _reopens(text, i, m.end(), pa, pb):
                # '"... ahead of him. "Being left-handed, ...': a quote that runs over several
                # paragraphs whose breaks were lost; the speaker goes on.
                parts.append((part_start, i))
                part_start = m.end()
                continue
            if c == "“" and (i == pa or text[i - 1].isspace()):
                # A new opening mark while one is open: the earlier one was never closed.
                open_at, part_start, parts = i, m.end(), []
                continue
            parts.append((part_start, i))
            out.append((open_at, m.end(), parts))
            open_at = None
        if open_at is None:
            continue
        # Still open at the end of the paragraph: continue if the next paragraph reopens.
        nxt = paras[idx + 1] if idx + 1 < len(paras) else None
        mark = _QUOTE_MARK.match(text, nxt[0], nxt[1]) if nxt is not None else None
        if mark is not None and text[mark.start()] != "”":
            parts.append((part_start, pb))
            part_start, reopened = mark.end(), mark.start()
        else:
            open_at = None
    return out


# Lowercase word tokens, shared by the Article (its word set) and the style kinds.
BREAK = "\x00"
_ASCII_DROP = "\"'()[]{}<>*_/|#-"
_ASCII_BREAK = ".,;:!?"
_TO_SPACE = bytes.maketrans((_ASCII_DROP + _ASCII_BREAK).encode(), b" " * (len(_ASCII_DROP) + len(_ASCII_BREAK)))
_TO_BREAK = bytes.maketrans((_ASCII_DROP + _ASCII_BREAK).encode(), b" " * len(_ASCII_DROP) + BREAK.encode() * len(_ASCII_BREAK))


def tokens(text: str, breaks: bool = False) -> list[str]:
    """Lowercase words, with punctuation (apostrophes and hyphens too) taken as white space; with
    ``breaks``, clause and sentence marks become a ``BREAK`` token. Done with C-level string
    operations (bytes.translate): a regular-expression scan or str.translate costs 40-100 ns a
    character, which matters at 2,000 articles a second."""
    s = text.lower()
    if not s.isascii():
        for ch in "“”‘’":
            if ch in s:
                s = s.replace(ch, " ")
        for ch in "—–…":
            if ch in s:
                s = s.replace(ch, f" {BREAK} " if breaks else " ")
    b = s.encode("utf-8", "surrogatepass").translate(_TO_BREAK if breaks else _TO_SPACE)
    if breaks:
        b = b.replace(BREAK.encode(), f" {BREAK} ".encode())
    return b.decode("utf-8", "surrogatepass").split()
