"""How each direct quotation is attributed: one function per way news does it.

- ``in_sentence``: a speech cue with a speaker (its subject before it, or "said Mr. Kihara" after
  it) in a sentence the quote touches; an attribution clause right after a quote that ends in a
  comma, question or exclamation mark ('"...," scoffed Arianna Gil'); a transcript's speaker label;
- ``signed``: a signature on the quote's last line, after a dash ('"..." ― Carla Sanchez'), a
  publication in brackets ('"..." [Reuters.]'), or a quoted title's author or year ('"...," by
  Variety's Gordon Cox', '"..." (2005)');
- ``split_tail``: the attribution clause after a quote ending in "?" or "!", where the sentence
  splitter cut it off ('"... NOW!" Trump said.');
- ``colon_lead_in``: introduced by a lead-in ending in a colon, comma, dash or "that"
  (``Mr. Kihara on the deal: "..."``);
- ``continuation``: the quotation just before it, in the same or the previous sentence, is
  attributed in its own sentence ("...," she said. "And ..."); a chain of unattributed quotes
  loses its speaker. Across a paragraph break, a quotation that opens its paragraph continues
  only a quotation that opened its own (a quote woven into the writer's sentence, 'She said the
  plan was "..."', hands nothing on to a new quoted paragraph);
- ``previous``: the sentence before ends in a colon ("Transcript as follows:"), or names a speaker
  with a plain verb of saying ("Perez says too many women are torn.") in the quotation's paragraph
  or right after a quotation of its own;
- ``paragraph``: a quotation of five words or more earlier in the paragraph, attributed in its own
  sentence, with at most one sentence of the writer's between that has no verb of saying
  ('"...," said Ana Lopez. She has run the shop for years. "..."');
- ``next``: the sentence after names a speaker (accepted only if the rule says so).

A quotation with none of these is judged a statement or not (a scare quote, a title of a work, a
quotation used as a noun, a fragment woven into the writer's sentence).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at run time

from newslint.attribution import QuoteInfo
from newslint.attribution.cues import CUE, CUE_PHRASE, ROLE, WORD
from newslint.attribution.lexicon import alternation, find_word, tables, titles_source
from newslint.patterns import lazy_compile

if TYPE_CHECKING:
    from newslint.article import Article, Quotation


class Cues:
    """Speech cues per sentence, searched only in the sentences a quotation needs. With the
    lower-cased text (``low``), the cue words are found once for the article by plain substring
    search for just the cue words it contains (``tokens``), which is many times cheaper than a
    regular expression tried at every position."""

    def __init__(self, bare: str, low: str | None, starts: list[int], ends: list[int], tokens: frozenset[str]) -> None:
        self._bare, self._low, self._starts, self._ends = bare, low, starts, ends
        self._found: dict[int, list[tuple[int, int]]] = {}
        t = tables()
        self._phrases = bool(tokens & t.phrase_triggers)
        spans: list[tuple[int, int]] = []
        if low is not None:
            for w in tokens & t.speech:
                spans += find_word(low, w)
            spans.sort()
        self._spans = spans
        self._span_starts = [a for a, _ in spans]

    def __getitem__(self, si: int) -> list[tuple[int, int]]:
        found = self._found.get(si)
        if found is None:
            sa, sb = self._starts[si], self._ends[si]
            if self._low is None:
                found = [m.span() for m in CUE.finditer(self._bare, sa, sb)]
            else:
                lo = bisect.bisect_left(self._span_starts, sa)
                hi = bisect.bisect_left(self._span_starts, sb)
                found = [sp for sp in self._spans[lo:hi] if sp[1] <= sb]
                if self._phrases:
                    low = self._low
                    found += [m.span() for m in CUE_PHRASE.finditer(low, sa, sb) if not m.start() or not (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_")]
                    found.sort()
            self._found[si] = found
        return found


# --- speakers next to a cue ------------------------------------------------------------------------

_CLAUSE_BREAK = lazy_compile(r"[;:\"“”\[\]]|''|—|–| - ")
_PHRASE_END = frozenset("who whose which of in from at on with and , . ; : ! ? ( — –".split())
_QUOTE_BEFORE = lazy_compile(r"[\"“”']")
_OPENING_WORDS = lazy_compile(r"\b(?:and|but|or|so|then|also|yet)\b", re.IGNORECASE)
_PHRASE_TOKENS = lazy_compile(r"[\w’'.-]+|[,;:!?(—–]")
_TOKENS = lazy_compile(r"[\w’'.-]+|[^\w\s]")
_WORD_START = lazy_compile(r"[\w’']")
_SUBJECT_TOKENS = lazy_compile(r"[\w’'.-]+|,")


def speaker_near(bare: str, sa: int, sb: int, cue: tuple[int, int]) -> bool:
    """A speaker attached to a cue: its subject just before it ("Smith said", "she also said",
    "Smith, who chairs the panel, said") or a noun phrase closing the clause right after it
    ("said Mr. Kihara.", "said a spokesman, who ..."); "according to" needs only what follows."""
    after = bare[cue[1] : min(sb, cue[1] + 80)]
    word = bare[cue[0] : cue[1]]
    if word.lower().startswith("according"):
        return bool(WORD.match(after.lstrip()))
    before = _CLAUSE_BREAK.split(bare[max(sa, cue[0] - 120) : cue[0]])[-1]
    if _subject_at_end(before):
        return True
    if word.lower().endswith("ing") and _names_someone(bare[max(sa, cue[0] - 300) : cue[0]]):
        return True  # "Carson shared a syllabus, writing ...": the clause's subject speaks
    # A cue that opens its clause ("Said Stein complied ...", "And said L2's work is ...") has
    # lost its subject; the words after it are the speaker only when they end the clause
    # ("Said Ms. Stein: ...").
    opens = not WORD.search(_OPENING_WORDS.sub("", before)) and not _QUOTE_BEFORE.search(bare, max(sa, cue[0] - 12), cue[0])
    return word.lower() in tables().inverting and _speaker_phrase(after, closed=opens)


def _is_speaker_noun(token: str) -> bool:
    """A noun for people or documents that speak ("mayor", "statements"), or a source noun."""
    low = token.lower()
    t = tables()
    return low in t.speaker_nouns or low.endswith("s") and low[:-1] in t.speaker_nouns or bool(ROLE.fullmatch(token))


def _speaker_phrase(after: str, closed: bool = False) -> bool:
    """A short noun phrase that ends its clause and names or describes someone; with ``closed``,
    only one that punctuation ends ("said Ms. Stein:", not "said Stein complied")."""
    toks = _PHRASE_TOKENS.findall(after)
    if not toks:
        return False
    k = 1 if toks[0].lower() in ("the", "a", "an", "one", "two", "three", "several", "another", "his", "her", "their", "its", "our") else 0
    phrase: list[str] = []
    for tok in toks[k : k + 8]:
        if tok.lower() in _PHRASE_END or tok.endswith(".") and len(tok) > 3 and not tok[:-1].isupper() and tok[0].islower():
            break
        phrase.append(tok.rstrip("."))
    else:
        if len(toks) > k + 8:
            return False
    stop = toks[k + len(phrase)] if k + len(phrase) < len(toks) else "."
    if closed and stop not in (",", ";", ":", "!", "?", "(", "—", "–", "."):
        return False
    t = tables()
    if stop.lower() in ("and", "which") or any(tok.lower() in t.auxiliary or tok.lower().endswith(("n't", "n’t")) for tok in phrase):
        return False  # "said HLN's coverage would ...", "asked Rubio which states": not the speaker
    if not phrase or phrase[0].lower() in t.subject_excluded or len(phrase) > 7:
        return False
    first = phrase[0]
    if first.lower() in ("he", "she", "they", "i", "we", "you"):
        return False  # "says he respects Clinton": a reported clause, not the speaker
    return any(tok[:1].isupper() or _is_speaker_noun(tok) for tok in phrase)


def subject_right_before(text: str) -> bool:
    """A subject directly before a verb ("He said", "Mr. Sabato also said"), with no comma between."""
    between = tables().between_subject_and_cue
    toks = _TOKENS.findall(text)
    while toks and (toks[-1].lower() in between or toks[-1].endswith("ly")):
        toks.pop()
    if not toks or not _WORD_START.match(toks[-1]):
        return False
    low = toks[-1].lower().strip(".’'")
    return bool(low) and low not in tables().subject_excluded


def _subject_at_end(text: str) -> bool:
    t = tables()
    toks = _SUBJECT_TOKENS.findall(text)
    i = len(toks) - 1
    while i >= 0 and (toks[i].lower() in t.between_subject_and_cue or toks[i].endswith("ly")):
        i -= 1
    if i >= 0 and toks[i] == ",":
        # "Smith, who chairs the panel, said" / "Smith, 45, said": step back over one insertion
        # that is a relative clause, an appositive or an age.
        j = i - 1
        while j >= 0 and toks[j] != ",":
            j -= 1
        if j < 0 or j + 1 >= i:
            return False
        head = toks[j + 1]
        named = j >= 1 and toks[j - 1][:1].isupper()
        if not (named or head.lower() in ("who", "whose", "which", "a", "an", "the", "his", "her", "their", "its") or head[0].isupper() or head[0].isdigit()):
            return False
        i = j - 1
    if i < 0:
        return False
    low = toks[i].lower().strip(".’'")
    if low in ("who", "which", "that") and i >= 1:
        low = toks[i - 1].lower().strip(".’'")  # "bottles that said": the antecedent speaks
    return bool(low) and low not in t.subject_excluded


def _names_someone(text: str) -> bool:
    """A capitalised word after the first, or a personal pronoun."""
    toks = WORD.findall(text)
    not_speakers = tables().not_speakers
    return any(tok.lower() in ("he", "she", "they", "i", "we") or (k and tok[0].isupper() and tok.lower() not in not_speakers) for k, tok in enumerate(toks))


# --- the ways of attributing a quotation ----------------------------------------------------------------


@dataclass
class _Context:
    """What the ways of attributing read for one article: the text, its sentences and their cues,
    and per-sentence answers computed once (a sentence is asked about by several quotations)."""

    prose: str
    bare: str
    starts: list[int]
    ends: list[int]
    cues: Cues

    def __post_init__(self) -> None:
        self._cue_speaker: dict[int, bool] = {}
        self._handover: dict[int, bool] = {}

    @property
    def n(self) -> int:
        return len(self.starts)

    def has_cue_speaker(self, si: int) -> bool:
        """A cue in the sentence with its speaker next to it."""
        found = self._cue_speaker.get(si)
        if found is None:
            found = self._cue_speaker[si] = any(speaker_near(self.bare, self.starts[si], self.ends[si], c) for c in self.cues[si])
        return found

    def hands_over(self, si: int) -> bool:
        """The sentence has a speaker with a plain verb of saying ("Perez says too many women are torn.")."""
        found = self._handover.get(si)
        if found is None:
            handover = tables().handover
            found = self._handover[si] = any(
                self.bare[c[0] : c[1]].lower() in handover and speaker_near(self.bare, self.starts[si], self.ends[si], c) for c in self.cues[si]
            )
        return found

    def ends_in_colon(self, si: int) -> bool:
        """The sentence ends in a colon: it introduces what follows ("Cruz called them on it:",
        "Transcript as follows:")."""
        return self.bare[max(self.starts[si], self.ends[si] - 300) : self.ends[si]].rstrip().endswith(":")


def in_sentence(ctx: _Context, q: "Quotation", text: str, s_first: int, s_last: int) -> bool:
    """A speaker with a cue in a sentence the quotation touches, an attribution clause right after
    it ('"...," scoffed Arianna Gil'), or a transcript's speaker label ('"PENCE: Well, ...')."""
    return (
        any(ctx.has_cue_speaker(si) for si in range(s_first, s_last + 1))
        or _attribution_follows(ctx.prose, ctx.bare, q.end, ctx.ends[min(s_last + 1, ctx.n - 1)])
        or bool(_SPEAKER_LABEL.match(text))
    )


def signed(ctx: _Context, q: "Quotation", text: str) -> bool:
    """Signed on its last line, after a dash on its line or the next, or by a publication in brackets."""
    prose = ctx.prose
    return bool(
        ("\n" in text and _SIGNATURE.search(text))
        or _SIGNATURE_AFTER.match(prose, q.end, min(len(prose), q.end + 80))
        or _CITED_AFTER.match(prose, q.end, min(len(prose), q.end + 40))
        or _WORK_CITED_AFTER.match(prose, q.end, min(len(prose), q.end + 60))
    )


def split_tail(ctx: _Context, q: "Quotation", s_last: int) -> bool:
    """The next sentence starts right after the quotation with its attribution
    ('"... NOW!" Trump said on Twitter.', split at the exclamation mark)."""
    si, after = s_last + 1, q.end
    if q.end < ctx.ends[s_last] - 1 or si >= ctx.n:
        return False
    if ctx.bare[after : ctx.starts[si]].strip() or not ctx.prose[max(0, after - 4) : after].rstrip(_CLOSING).endswith(("?", "!")):
        return False
    head = _CLAUSE_BREAK.split(ctx.bare[ctx.starts[si] : min(ctx.ends[si], ctx.starts[si] + 100)])[0]
    return any(c[0] < ctx.starts[si] + len(head) for c in ctx.cues[si]) and ctx.has_cue_speaker(si)


def colon_lead_in(lead: str) -> bool:
    """A lead-in that introduces the quotation: 'Lopez, on the bridge: "', 'Billy Joel sings, "',
    'his dictum was, "', 'tweeting that "', 'his act—"', and the ASCII dash 'his act -- "'."""
    return bool(WORD.search(lead)) and bool(_INTRO_END.search(lead))


@dataclass(frozen=True)
class _Previous:
    """What the quotation before hands on to the next one."""

    end_sentence: int = -10
    direct: bool = False  # attributed in or next to its own sentence (not signed)
    continued: bool = False  # itself a continuation
    end: int = 0
    para: int = -1
    opens: bool = False  # it opens its paragraph


def continuation(ctx: _Context, prev: _Previous, q: "Quotation", s_first: int, para: int, opens: bool) -> bool:
    """The quotation before, in this sentence or the one before, was attributed in its own
    sentence, or was itself continued with nothing of the writer's between. Across a paragraph
    break, a quotation that opens its paragraph continues only a quotation that opened its own
    ('"...," she said.' then '"..."'); after a quote woven into the writer's sentence ('She said
    that "..."'), a new quoted paragraph is someone's new words and needs its speaker."""
    linked = prev.direct or prev.continued and not ctx.bare[prev.end : q.start].strip()
    return linked and prev.end_sentence >= s_first - 1 and (para == prev.para or prev.opens or not opens)


def previous_sentence(ctx: _Context, prev: _Previous, s_first: int, same_paragraph: bool) -> bool:
    """The sentence before ends in a colon ("Transcript as follows:"), or names a speaker with a
    plain verb of saying ("Perez says too many women are torn.") in the quotation's paragraph or
    right after a quotation of its own. Across a paragraph break, a sentence of reported speech
    with no quotation in it hands nothing on: a new quoted paragraph after it is as often someone
    else's words (measured on PolNeAR train: quotations with their attribution stripped found
    0.814 -> 0.855, quotations flagged 1.44% -> 1.47%)."""
    if s_first == 0:
        return False
    if ctx.ends_in_colon(s_first - 1):
        return True
    return (same_paragraph or prev.end_sentence >= s_first - 1) and ctx.hands_over(s_first - 1)


# A quotation of this many words or more, attributed in its own sentence, makes its speaker the
# paragraph's; a word or two quoted in the writer's sentence ('made a "mistake," Smith said') does not.
_PARAGRAPH_SPEAKER_WORDS = 5


def same_paragraph_speaker(ctx: _Context, said: tuple[int, int], s_first: int, s_last: int, para: int) -> bool:
    """A quotation attributed in its own sentence earlier in the paragraph, on the same line and
    at most one sentence before: a paragraph of news quotes one speaker ('"...," said Ana Lopez.
    She has run the shop for years. "..."'). Not when a verb of saying stands between or in the
    quotation's own sentence: someone else speaks, or the sentence has lost its speaker."""
    if said[0] != para or said[1] >= s_first or said[1] < s_first - 2 or "\n" in ctx.bare[ctx.ends[said[1]] : ctx.starts[s_first]]:
        return False
    return not any(ctx.cues[si] for si in range(said[1] + 1, s_last + 1))


def next_sentence(ctx: _Context, s_last: int) -> bool:
    """The sentence after names a speaker with a cue."""
    return s_last + 1 < ctx.n and ctx.has_cue_speaker(s_last + 1)


def attribute(article: "Article", bare: str, starts: list[int], ends: list[int], cues: Cues) -> tuple[QuoteInfo, ...]:
    """Each quotation of the article with how it is attributed, tried in the order above."""
    prose = article.prose
    ctx = _Context(prose, bare, starts, ends, cues)
    out: list[QuoteInfo] = []
    prev = _Previous()
    said = (-1, -10)  # the paragraph and last sentence of the last quotation attributed in its own sentence
    paragraphs = article.paragraphs
    for q in article.quotations:
        text = q.text(prose)
        words = WORD.findall(text)
        s_first = bisect.bisect_right(starts, q.start) - 1
        s_last = bisect.bisect_right(starts, max(q.start, q.end - 1)) - 1
        if s_first < 0:  # inside the title or outside the body
            continue
        lead = bare[max(starts[s_first], q.start - 300) : q.start]  # bounded: many quotes may share a long sentence
        para = article.paragraph_index(q.start)
        opens = para < len(paragraphs) and not bare[paragraphs[para].start : q.start].strip()
        how = ""
        tail = is_signed = False
        if in_sentence(ctx, q, text, s_first, s_last):
            how = "sentence"
            # '"...?" Trump asked. "..."': the next quotation continues after the split tail.
            tail = split_tail(ctx, q, s_last)
        elif signed(ctx, q, text):
            how, is_signed = "sentence", True
        elif split_tail(ctx, q, s_last):
            how, tail = "sentence", True
        elif colon_lead_in(lead):
            how = "colon"
        elif continuation(ctx, prev, q, s_first, para, opens):
            how = "continuation"
        elif previous_sentence(ctx, prev, s_first, article.paragraph_index(starts[s_first - 1]) == para if s_first else False):
            how = "previous"
        elif same_paragraph_speaker(ctx, said, s_first, s_last, para):
            how = "paragraph"
        elif next_sentence(ctx, s_last):
            how = "next"
        statement = bool(words) and (
            how not in ("", "next") or not _is_title(text, words, lead) and not _is_fragment(text, lead) and not _is_mention(prose, q.end, text)
        )
        out.append(QuoteInfo(q.start, q.end, len(words), statement, how))
        # A quotation attributed in its own sentence carries its speaker to the next one, and so
        # does a continued one to a quotation right after it (a quote running over several
        # paragraphs is attributed once); once the writer's own words come between, a chain of
        # unattributed quotations has lost its speaker. A signature ('"..." ― Carla
        # Sanchez') closes its quotation: in a list of signed quotes each one is signed, so a
        # quotation after a signed one is not its continuation.
        if how in ("sentence", "colon") and not is_signed and len(words) >= _PARAGRAPH_SPEAKER_WORDS:
            said = (para, s_last + tail)
        prev = _Previous(s_last + tail, how in ("sentence", "colon") and not is_signed, how == "continuation", q.end, para, opens)
    return tuple(out)


# --- the patterns of attribution after and around a quotation ---------------------------------------


def _following_attribution() -> str:
    """Right after a closing quote mark, an attribution clause: '"...," Smith said', '"...?" asked
    a voter', '"...," scoffed Arianna Gil' (any verb: the comma or question mark that ends the
    quote already says a speaker follows)."""
    titles = titles_source()
    return (
        r"\s*(?:(?:(?:" + titles + r")\.\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|he|she|they|I|we|it"
        r"|(?:the|a|an|one|his|her|their|its)(?:\s+[\w’'-]+){1,6}?)(?:\s+(?:also|then|later|quickly|simply))?"
        r"\s+(?:[a-z]+(?:ed|s)|said|told|wrote|spoke|put|went on|began|read|" + alternation("verb.after_quote_stem") + r")\b"
        r"|\s*(?:[a-z]+(?:ed|s)|said|told|wrote|spoke|put|went on|began|read)\s+(?:(?:" + titles + r")\.\s+|[A-Z]|(?:the|a|an|one|his|her|their|its)\b)"
        r"|\s*(?:said|says|added|asked|wrote|told|continued|explained|recalled|noted)\s+(?:former|then|fellow|longtime|veteran|[a-z]+ of\b)"
    )


_FOLLOWING_ATTRIBUTION = lazy_compile(_following_attribution)
# The closing marks (and a nested quotation's closing mark) after the quotation's last word.
_CLOSING = "\"“”'’‘ "


def _attribution_follows(prose: str, bare: str, end: int, limit: int) -> bool:
    """A quotation ending in a comma, question or exclamation mark, followed by a clause that
    attributes it, even where the sentence splitter cut after "?" or "!"."""
    inner = prose[max(0, end - 4) : end].rstrip(_CLOSING)
    if not inner.endswith((",", "?", "!", "—", "-")):
        return False
    return bool(_FOLLOWING_ATTRIBUTION.match(bare, end, min(limit, end + 120)))


_INTRO_END = lazy_compile(r"(?:[:,—–]|--|\bthat)\s*$")
# A quotation signed on its last line ("... must not happen.\nCharles Chamberlain, Democracy for
# America.") or right after it ('"..."\n- Hillary Clinton.').
_SIGNATURE = lazy_compile(r"\n\s*[—–―-]?\s*(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*(?:,[^\n]{0,80})?\.?\s*$")
# A quoted title cited with its author or its year: '"Hamilton to play Chicago," by Variety's
# Gordon Cox', '"No to Schengen" (2005)', '"Yes to the ban" (campaign poster 2009)'.
_WORK_CITED_AFTER = lazy_compile(r"[^\S\n]+by[^\S\n]+[A-Z]|[^\S\n]*\((?:[^()\n]{0,40}[^\S\n])?(?:1[89]\d\d|20\d\d)\)")
# A publication cited in brackets right after the quotation (news digests: '"..." [Reuters.]').
_CITED_AFTER = lazy_compile(r"[^\S\n]*\[[A-Z][\w .’'&-]{0,30}\][^\S\n]*(?:\n|$)")
# ... or on the same line after a dash ('"..." ― Carla Sanchez.', the way pull quotes are signed).
_SIGNATURE_AFTER = lazy_compile(
    r"\s*\n\s*[—–―-]+\s*(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]*"
    r"|[^\S\n]*[—–―][^\S\n]*(?:[A-Z][\w.'’-]*[^\S\n]+){0,3}[A-Z][\w'’-]*(?:,[^\n]{0,80})?\.?[^\S\n]*(?:\n|$)"
)
# A transcript's speaker label at the start of the quotation ('"PENCE: Well, the question ...').
_SPEAKER_LABEL = lazy_compile(r"\W{0,3}(?:[A-Z][A-Z.’'-]+ ){0,2}[A-Z][A-Z.’'-]+:\s")


# --- statements, titles, fragments -------------------------------------------------------------------

_TITLE_INTRO = lazy_compile(
    r"(?<!\w)(?:titled|entitled|called|named|headlined|dubbed|nicknamed|billed as|book|film|movie|song|album|"
    r"show|series|play|poem|novel|memoir|article|essay|column|op-ed|headline|slogan|motto|hashtag|phrase|published|"
    r"term|episode|documentary|program|programme|chapter|report|study|paper|ad|advertisement|video|"
    r"campaign|banner|sign|the words?|labell?ed|branded)\s*[,:]?\s*$",
    re.IGNORECASE,
)
_TERMINAL = lazy_compile(r"[.!?;:…—-]['’\s]*$")
_INNER_STOP = lazy_compile(r"[.!?…][\W]*$")
_CLOSING_PUNCTUATION = lazy_compile(r"[.,!?…;:]\W*$")
_GOES_ON = lazy_compile(r"[ \t]+([a-z])")
_LETTER = lazy_compile(r"[^\W\d_]")


def _is_mention(prose: str, end: int, text: str) -> bool:
    """A quotation used as a noun in the writer's sentence: no closing punctuation inside, and
    the sentence goes straight on (\"''I am committed'' sounds great\")."""
    if _CLOSING_PUNCTUATION.search(text):
        return False
    m = _GOES_ON.match(prose[end : end + 3])
    return m is not None


def _is_title(text: str, words: list[str], lead: str) -> bool:
    """A title of a work or a named thing: introduced as one, or capitalised like one."""
    if _TITLE_INTRO.search(lead[-40:]):
        return True
    long_words = [w for w in words if len(w) > 3 and not w.isdigit()]
    capitalised = sum(w[0].isupper() for w in long_words)
    if len(long_words) >= 3 and capitalised >= 0.8 * len(long_words):
        return True
    if _TERMINAL.search(text.rstrip().rstrip(",")):
        return False
    return bool(long_words) and capitalised >= 0.75 * len(long_words)


def _is_fragment(text: str, lead: str) -> bool:
    """Words woven into the writer's own sentence (``called the plan "a disaster for all"``)."""
    first = _LETTER.search(text)
    if first is None:
        return False
    before = lead.rstrip()
    if not first.group(0).islower():
        # 'talked about a "New Labour manifesto for all sections of society".': straight after a
        # word of the writer's, with no stop of its own inside the marks (British style).
        return bool(before) and before[-1].isalpha() and not _INNER_STOP.search(text)
    return bool(WORD.search(before)) and not before.endswith(":")


