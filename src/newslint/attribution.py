"""Who said it: the attribution analysis shared by the quotation rules.

Computed once per article (``Article.attribution``) and read by ``unsourced-quote`` and
``anonymous-source``. It works on *bare* text: the prose with the inside of every direct quotation
blanked, so that words a speaker says ("sources say") are never taken for the writer's attribution.

For each direct quotation it records whether it is a statement (not a scare quote, a title of a
work, a quotation used as a noun, or a fragment woven into the writer's sentence) and how it is
attributed:

- ``sentence``: a speech cue with a speaker (its subject before it, or "said Mr. Kihara" after it)
  in a sentence the quote touches; an attribution clause right after a quote that ends in a
  comma, question or exclamation mark ('"...," scoffed Arianna Gil'), also where the sentence
  splitter cut after "?" or "!"; a signature on the quote's last line;
- ``colon``: introduced by a lead-in ending in a colon, comma, dash or "that"
  (``Mr. Kihara on the deal: "..."``);
- ``continuation``: the quotation just before it, in the same or the previous sentence, is
  attributed in its own sentence ("...," she said. "And ..."); a chain of unattributed quotes
  loses its speaker. Across a paragraph break, a quotation that opens its paragraph continues
  only a quotation that opened its own (a quote woven into the writer's sentence, 'She said the
  plan was "..."', hands nothing on to a new quoted paragraph);
- ``previous``: the sentence before (which may end the previous paragraph) names a speaker with a
  plain verb of saying ("Perez says too many women are torn."), or ends in a colon
  ("Transcript as follows:");
- ``next``: the sentence after names a speaker (accepted only if the rule says so).

It also lists claims attributed to unnamed people ("a defense official stated", "according to
people familiar with the talks"). Cost: one C-level split of the text tells which cue and role
words occur at all; only those are located (plain substring search), and an article with no
quotation and no unnamed source needs no sentences. The rest is constant work per quotation or
candidate, so the cost is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newslint.patterns import lazy_compile, trie_source

if TYPE_CHECKING:
    from newslint.article import Article, Quotation

# Verbs and phrases that attribute words or claims to someone.
_CUE_WORDS = r"""
    say says said saying tells told telling added adding stated writes wrote writing asks asked
    explains explained emphasizes emphasized emphasised insists insisted argues argued noted
    claimed declares declared announces announced replied responds responded recalls recalled
    continued warns warned acknowledges acknowledged admits admitted tweeted posted remarked
    observed concedes conceded suggests suggested predicts predicted joked quipped shouted yelled
    testified mused muses boasted complains complained charged countered contends contended
    maintains maintained stresses stressed agrees agreed urges urged vowed promised wonders
    wondered asserts asserted reported confirms confirmed denies denied recounts recounted
    describes described cautions cautioned proclaimed answered chanted screamed whispered sighed
    exclaimed interjected retorted snapped cried pledged reiterated concluded concludes scoffed
    laughed gushed marveled marvelled lamented fumed bragged mocked teased sniffed replies
    written spoken surmised assured read according
"""
_CUE_PHRASES = (
    r"|(?<!\w)(?:in (?:a|an|his|her|their|its) (?:statement|interview|email|e-mail|letter|speech|tweet|post|message|memo|release)"
    r"|in (?:his|her|their|its) words|puts? it|putting it|went on|goes on|pointed out|points out|summed up"
    r"|added that|adds|add(?= that))(?!\w)"
)


def _cue_pattern(words: str) -> re.Pattern:
    return lazy_compile(lambda: r"\b" + trie_source(sorted(set(words.split()))) + r"\b" + _CUE_PHRASES, re.IGNORECASE)


_CUE = _cue_pattern(_CUE_WORDS)
# Unnamed sources are found with verbs of saying and believing only ("aides snapped" is not a claim).
_CLAIM_WORDS = """
    say says said saying tell tells told add adds added state states stated write writes wrote
    explain explains explained emphasize emphasizes emphasized emphasise emphasises emphasised
    insist insists insisted argue argues argued note notes noted claim claims claimed declare
    declares declared announce announces announced warn warns warned acknowledge acknowledges
    acknowledged admit admits admitted concede concedes conceded suggest suggests suggested
    predict predicts predicted contend contends contended maintain maintains maintained stress
    stresses stressed confirm confirms confirmed deny denies denied describe describes described
    caution cautions cautioned recall recalls recalled report reports reported characterize
    characterized according believe believes believed think thinks thought fear fears feared
    estimate estimates estimated allege alleges alleged worry worries worried expect expects
    reckon reckons question questions questioned doubt doubts doubted forecast forecasts agree
    agrees agreed tweet tweets tweeted respond responds responded reply replies replied ask asks
    asked urge urges urged testify testifies testified feel feels felt disagree disagrees disagreed
    telling arguing warning claiming insisting suggesting predicting expecting urging estimating
    cautioning questioning maintaining stressing noting reporting
"""
_CLAIM_CUE = _cue_pattern(_CLAIM_WORDS)
# Cues that put the speaker after them: "said a senior official", "according to people ...".
_INVERTED_CUE = lazy_compile(
    r"(?<!\w)(?:(according to|told by|quoted|quoting|cited|citing)|said|says|added|wrote|stated|explained|"
    r"noted|warned|insisted|argued|in the words of)\s+(?:[\w’'-]+\s+){0,5}$",
    re.IGNORECASE,
)
# After "said a senior official" the clause ends or a post-modifier follows ("said allies were
# rattled" is reported speech about allies, not a source).
_SOURCE_PHRASE_END = lazy_compile(
    r"^\s*(?:[,.;:!?—–)]|$|(?:who|familiar|close|with|in|at|from|for|of|on|to|briefed|involved|speaking|"
    r"also|on)\b)",
    re.IGNORECASE,
)
# What may stand between an unnamed source and its cue: a post-modifier ("familiar with the
# talks", "who attended", "in Washington") or adverbs and auxiliaries ("have long said").
_POST_MODIFIERS = frozenset("who familiar close with in at from for of on to briefed involved speaking aware knowledgeable".split())
_POST_MODIFIER_START = lazy_compile(r"^\s*(?:,|(?:" + "|".join(sorted(_POST_MODIFIERS)) + r")\b)", re.IGNORECASE)
_ADVERBS_ONLY = lazy_compile(
    r"^(?:\s*(?:also|have|has|had|would|will|could|may|might|privately|publicly|repeatedly|later|"
    r"previously|now|reportedly|separately|often|long|generally|recently|already|still|do|did|"
    r"does|are|were|is|was|quietly|widely|not|never|had|also|increasingly|openly|even|[a-z]+ly))*\s*$",
    re.IGNORECASE,
)

# Capitalised words that begin sentences or name times, not speakers.
_NOT_SPEAKERS = frozenset(
    """the a an but and or so yet in on at of for to from by with as if when while after before
    since then this that these those it its there here however also earlier later still now
    meanwhile asked instead indeed even still thus moreover furthermore last next first second
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december what why how who where which one
    has have had was were is are be been being would will could should can may might must did
    does do not never once again repeatedly previously recently publicly privately often always
    just only already yesterday today tonight week month year ago""".split()
)
_WORD = lazy_compile(r"\w+")

# People whose words a reporter passes on without naming them. Plural and singular forms.
_ROLE_WORDS = """
    official officials aide aides adviser advisers advisor advisors source sources spokesman
    spokeswoman spokesperson spokespeople spokesmen spokeswomen representative representatives
    staffer staffers strategist strategists operative operatives insider insiders ally allies
    associate associates confidant confidants confidante confidantes diplomat diplomats analyst
    analysts expert experts critic critics observer observers lawmaker lawmakers legislator
    legislators investigator investigators executives employee employees donor donors consultant
    consultants negotiator negotiators envoy envoys person persons people someone somebody
    supporter supporters members friend friends opponents advocates economists authorities officers agents
"""
_ROLE = lazy_compile(lambda: r"(?<![\w-])" + trie_source(sorted(set(_ROLE_WORDS.split()))) + r"(?![\w-])", re.IGNORECASE)
_ROLE_SET = frozenset(_ROLE_WORDS.split())
_CUE_SET = frozenset(_CUE_WORDS.split())
_CLAIM_SET = frozenset(_CLAIM_WORDS.split())
# The phrase cues on lower-cased text, and words without which none of them can match.
# No leading look-behind: it would keep the regex engine from skipping ahead by first letter.
_CUE_PHRASE = lazy_compile(_CUE_PHRASES[1:].replace("(?<!\\w)", "", 1))
_PHRASE_TRIGGERS = frozenset(
    "statement interview email e-mail letter speech tweet post message memo release words put puts putting "
    "went goes pointed points summed adds add".split()
)
# Words one of which a claim by an unnamed source needs (its cue, or what introduces it).
_CLAIM_GATE = _CLAIM_SET | _PHRASE_TRIGGERS | frozenset("told quoted quoting cited citing".split())
# The words above as they stand between spaces in text, with punctuation after them; one of
# _WORD_OPENERS before them is taken off when looking up. (A table with the openers too had seven
# times the entries and cost 20 ms to build, a tenth of a one-article run.)
_WORD_FORMS = {
    w + post: w
    for w in _ROLE_SET | _CUE_SET | _CLAIM_GATE
    for post in ("", ",", ".", ":", ";", '"', "”", "'", "’", ")", "?", "!", "'s", "’s", ".\"", ",\"", ".”", ",”", "]", "—", "–", "…")
}
_WORD_FORM_SET = frozenset(_WORD_FORMS)
_WORD_OPENERS = frozenset(('"', "“", "(", "'", "‘", "["))


def _words_present(low: str) -> frozenset[str]:
    """Which of the cue and role words occur in the lower-cased text: one C-level split at white
    space (dashes count as space), each piece looked up with the punctuation that may cling to it."""
    if "—" in low or "–" in low:
        low = low.replace("—", " ").replace("–", " ")
    pieces = set(low.split())
    pieces.update([t[1:] for t in pieces if t[0] in _WORD_OPENERS])  # no word starts with an opener
    return frozenset(_WORD_FORMS[t] for t in _WORD_FORM_SET.intersection(pieces))


def _find_word(low: str, word: str) -> list[tuple[int, int]]:
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


# "people" alone is too common: it names a source only with these words nearby.
_PEOPLE_SOURCE_BEFORE = lazy_compile(r"(?<!\w)(?:many|some|several|two|three|four|five|a lot of|lots of|other)\s+$", re.IGNORECASE)
_PEOPLE_SOURCE_AFTER = lazy_compile(r"^\s+(?:familiar|close|with (?:direct )?knowledge|briefed|involved|in attendance|present at|in the room|who (?:were|are|have|had) (?:briefed|involved|present|in the room))", re.IGNORECASE)
_DEFINITE_BEFORE = lazy_compile(r"(?<!\w)(?:the|this|that|these|those)\s+(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
_NAME_AFTER = lazy_compile(r"^\s+(?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][\w’'.-]*)*")
_APPOSITIVE_NAME = lazy_compile(r",\s+(?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'-]+)+\s*,")
_NAME_BEFORE = lazy_compile(
    r"(?:^|[^\w\s]\s*|\s)((?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+[^,]{0,60}$"
)
_TITLE_INTRO = lazy_compile(
    r"(?<!\w)(?:titled|entitled|called|named|headlined|dubbed|nicknamed|billed as|book|film|movie|song|album|"
    r"show|series|play|poem|novel|memoir|article|essay|column|op-ed|headline|slogan|motto|hashtag|phrase|published|"
    r"term|episode|documentary|program|programme|chapter|report|study|paper|ad|advertisement|video|"
    r"campaign|banner|sign|the words?|labell?ed|branded)\s*[,:]?\s*$",
    re.IGNORECASE,
)
_TERMINAL = lazy_compile(r"[.!?;:…—-]['’\s]*$")


@dataclass(frozen=True)
class QuoteInfo:
    """One direct quotation as the quotation rules see it."""

    start: int
    end: int
    words: int
    # A full statement, not a scare quote, title of a work or woven fragment. Judged only for a
    # quotation with no speaker in or before it (how "" or "next"): one attributed to a speaker is
    # someone's words whatever its form, and the judgement is the costliest part of the analysis.
    statement: bool
    how: str  # how it is attributed: sentence, colon, previous, next, continuation; "" if not


@dataclass(frozen=True)
class UnnamedSource:
    """A claim attributed to people the text does not name: ``start``..``end`` covers the
    phrase ("a defense official stated"); ``sentence`` is the index of its sentence; ``role``
    the word for them, lower-cased ("official"); ``for_named_body`` is true when the phrase
    names the organisation they speak for ("a Sony spokesman", "a spokeswoman for the BBC")."""

    start: int
    end: int
    sentence: int
    role: str = ""
    for_named_body: bool = False


@dataclass(frozen=True)
class Attribution:
    quotes: tuple[QuoteInfo, ...]
    unnamed: tuple[UnnamedSource, ...]
    bare: str  # the prose with the inside of every quotation blanked


def bare_text(prose: str, quotations: tuple["Quotation", ...]) -> str:
    """``prose`` with quoted text replaced by spaces (quote marks kept), same length."""
    if not quotations:
        return prose
    pieces: list[str] = []
    pos = 0
    for q in quotations:
        for p in q.parts:
            if p.start < pos:
                continue
            pieces.append(prose[pos : p.start])
            pieces.append(" " * (p.end - p.start))
            pos = p.end
    pieces.append(prose[pos:])
    return "".join(pieces)


def analyse(article: "Article") -> Attribution:
    prose = article.prose
    quotations = article.quotations
    bare = bare_text(prose, quotations)
    low: str | None = bare.lower()
    if len(low) != len(bare):
        low = None
    # The words of the article, for cheap tests of whether a word list can match at all; an
    # article with no quotation and no unnamed source saying something needs no sentences.
    tokens = _words_present(low if low is not None else bare.lower())
    unnamed_possible = bool(tokens & _ROLE_SET and tokens & _CLAIM_GATE)
    if not quotations and not unnamed_possible:
        return Attribution((), (), bare)
    sentences = article.sentences
    if not sentences:
        return Attribution((), (), bare)
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]
    quotes = _quotes(article, bare, starts, ends, _Cues(bare, low, starts, ends, tokens)) if quotations else ()
    unnamed = _unnamed_sources(bare, low, starts, ends, tokens) if unnamed_possible else ()
    return Attribution(quotes, unnamed, bare)


# --- quotations ---------------------------------------------------------------------------------


class _Cues:
    """Speech cues per sentence, searched only in the sentences a quotation needs. With the
    lower-cased text (``low``), the cue words are found once for the article by plain substring
    search for just the cue words it contains (``tokens``), which is many times cheaper than a
    regular expression tried at every position."""

    def __init__(self, bare: str, low: str | None, starts: list[int], ends: list[int], tokens: frozenset[str]) -> None:
        self._bare, self._low, self._starts, self._ends = bare, low, starts, ends
        self._found: dict[int, list[tuple[int, int]]] = {}
        self._phrases = bool(tokens & _PHRASE_TRIGGERS)
        spans: list[tuple[int, int]] = []
        if low is not None:
            for w in tokens & _CUE_SET:
                spans += _find_word(low, w)
            spans.sort()
        self._spans = spans
        self._span_starts = [a for a, _ in spans]

    def __getitem__(self, si: int) -> list[tuple[int, int]]:
        found = self._found.get(si)
        if found is None:
            sa, sb = self._starts[si], self._ends[si]
            if self._low is None:
                found = [m.span() for m in _CUE.finditer(self._bare, sa, sb)]
            else:
                lo = bisect.bisect_left(self._span_starts, sa)
                hi = bisect.bisect_left(self._span_starts, sb)
                found = [sp for sp in self._spans[lo:hi] if sp[1] <= sb]
                if self._phrases:
                    low = self._low
                    found += [m.span() for m in _CUE_PHRASE.finditer(low, sa, sb) if not m.start() or not (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_")]
                    found.sort()
            self._found[si] = found
        return found


# Words that can stand between a subject and its cue ("she also said", "Smith has long argued").
_BETWEEN_SUBJECT_AND_CUE = frozenset(
    """also has have had later then once previously recently publicly privately repeatedly often
    would will could may might must should not never again reportedly separately earlier simply
    flatly long always already just further first last still""".split()
)
# Words that cannot be the subject of a cue.
_FUNCTION_WORDS = frozenset(
    """the a an of to in on at for from by with as and but or nor so yet that which whom whose
    this these those there here if when while after before since than because about into over
    under between during without within upon via per is are was were be been being do does did
    what why how where who not no""".split()
)
_CLAUSE_BREAK = lazy_compile(r"[;:\"“”\[\]]|''|—|–| - ")
# Nouns for people and documents that speak ("said the mayor", "the statement read").
_SPEAKER_NOUN = lazy_compile(
    r"(?:mayor|governor|senator|president|candidate|chairman|chairwoman|chair|director|minister|"
    r"secretary|leader|professor|lawyer|attorney|judge|author|statement|report|letter|memo|"
    r"release|sign|campaign|company|group|organi[sz]ation|agency|department|ministry|police|"
    r"man|woman|voter|resident|member|chief|head|manager|founder|president|ceo|host|writer)s?",
    re.IGNORECASE,
)


_INVERTING_CUE = lazy_compile(
    r"said|says|added|adds|asked|asks|wrote|writes|explained|explains|continued|recalled|noted|"
    r"insisted|argued|replied|responded|countered|tweeted|posted|declared|announced|concluded|"
    r"warned|quipped|joked|laughed|scoffed|exclaimed|shouted|read|reads|stated|remarked|observed|"
    r"suggested|acknowledged|admitted|conceded|added|answered|retorted|cautioned|predicted",
    re.IGNORECASE,
)
_PHRASE_END = frozenset("who whose which of in from at on with and , . ; : ! ? ( — –".split())
_SUBJECT_EXCLUDED = (_FUNCTION_WORDS | _NOT_SPEAKERS) - {"it", "i", "one"}


def _speaker_near(bare: str, sa: int, sb: int, cue: tuple[int, int]) -> bool:
    """A speaker attached to a cue: its subject just before it ("Smith said", "she also said",
    "Smith, who chairs the panel, said") or a noun phrase closing the clause right after it
    ("said Mr. Kihara.", "said a spokesman, who ..."); "according to" needs only what follows."""
    after = bare[cue[1] : min(sb, cue[1] + 80)]
    word = bare[cue[0] : cue[1]]
    if word.lower().startswith("according"):
        return bool(_WORD.match(after.lstrip()))
    before = _CLAUSE_BREAK.split(bare[max(sa, cue[0] - 120) : cue[0]])[-1]
    if _subject_at_end(before):
        return True
    if word.lower().endswith("ing") and _names_someone(bare[max(sa, cue[0] - 300) : cue[0]]):
        return True  # "Carson shared a syllabus, writing ...": the clause's subject speaks
    # A cue that opens its clause ("Said Stein complied ...", "And said L2's work is ...") has
    # lost its subject; the words after it are the speaker only when they end the clause
    # ("Said Ms. Stein: ...").
    opens = not _WORD.search(_OPENING_WORDS.sub("", before)) and not _QUOTE_BEFORE.search(bare, max(sa, cue[0] - 12), cue[0])
    return bool(_INVERTING_CUE.fullmatch(word)) and _speaker_phrase(after, closed=opens)


_QUOTE_BEFORE = lazy_compile(r"[\"“”']")
_OPENING_WORDS = lazy_compile(r"\b(?:and|but|or|so|then|also|yet)\b", re.IGNORECASE)


def _speaker_phrase(after: str, closed: bool = False) -> bool:
    """A short noun phrase that ends its clause and names or describes someone; with ``closed``,
    only one that punctuation ends ("said Ms. Stein:", not "said Stein complied")."""
    toks = re.findall(r"[\w’'.-]+|[,;:!?(—–]", after)
    if not toks:
        return False
    k = 1 if toks[0].lower() in ("the", "a", "an", "one", "two", "three", "several", "another", "his", "her", "their", "its", "our") else 0
    phrase: list[str] = []
    for t in toks[k : k + 8]:
        if t.lower() in _PHRASE_END or t.endswith(".") and len(t) > 3 and not t[:-1].isupper() and t[0].islower():
            break
        phrase.append(t.rstrip("."))
    else:
        if len(toks) > k + 8:
            return False
    stop = toks[k + len(phrase)] if k + len(phrase) < len(toks) else "."
    if closed and stop not in (",", ";", ":", "!", "?", "(", "—", "–", "."):
        return False
    if stop.lower() in ("and", "which") or any(t.lower() in _AUXILIARY or t.lower().endswith(("n't", "n’t")) for t in phrase):
        return False  # "said HLN's coverage would ...", "asked Rubio which states": not the speaker
    if not phrase or phrase[0].lower() in _SUBJECT_EXCLUDED or len(phrase) > 7:
        return False
    first = phrase[0]
    if first.lower() in ("he", "she", "they", "i", "we", "you"):
        return False  # "says he respects Clinton": a reported clause, not the speaker
    return any(t[:1].isupper() or _ROLE.fullmatch(t) or _SPEAKER_NOUN.fullmatch(t) for t in phrase)


def _subject_right_before(text: str) -> bool:
    """A subject directly before a verb ("He said", "Mr. Sabato also said"), with no comma between."""
    toks = re.findall(r"[\w’'.-]+|[^\w\s]", text)
    while toks and (toks[-1].lower() in _BETWEEN_SUBJECT_AND_CUE or toks[-1].endswith("ly")):
        toks.pop()
    if not toks or not re.match(r"[\w’']", toks[-1]):
        return False
    low = toks[-1].lower().strip(".’'")
    return bool(low) and low not in _SUBJECT_EXCLUDED


def _subject_at_end(text: str) -> bool:
    toks = re.findall(r"[\w’'.-]+|,", text)
    i = len(toks) - 1
    while i >= 0 and (toks[i].lower() in _BETWEEN_SUBJECT_AND_CUE or toks[i].endswith("ly")):
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
    return bool(low) and low not in _SUBJECT_EXCLUDED


# Verbs with which a sentence hands over to the quotation after it ("Perez says too many women
# are torn." / "He added:"); other cues there ("urged", "insisted") usually belong to another voice.
_PLAIN_SAY = lazy_compile(
    r"says?|said|adds?|added|told|tells|asked|asks|wrote|writes|according",
    re.IGNORECASE,
)


def _quotes(article: "Article", bare: str, starts: list[int], ends: list[int], cues: _Cues) -> tuple[QuoteInfo, ...]:
    prose = article.prose
    n = len(starts)
    speaker_known = [False] * n
    cue_speaker = [False] * n

    def has_cue_speaker(si: int) -> bool:
        if not speaker_known[si]:
            speaker_known[si] = True
            cue_speaker[si] = any(_speaker_near(bare, starts[si], ends[si], c) for c in cues[si])
        return cue_speaker[si]

    spoken: dict[int, bool] = {}

    def speaks_before(si: int) -> bool:
        """The sentence before a quotation has a speaker with a plain verb of saying."""
        found = spoken.get(si)
        if found is None:
            found = spoken[si] = any(_PLAIN_SAY.fullmatch(bare[c[0] : c[1]]) and _speaker_near(bare, starts[si], ends[si], c) for c in cues[si])
        return found

    def colon_intro(si: int) -> bool:
        """The sentence ends in a colon: it introduces what follows ("Cruz called them on it:",
        "Transcript as follows:")."""
        text = bare[max(starts[si], ends[si] - 300) : ends[si]].rstrip()
        return text.endswith(":")

    def leads_next(si: int, after: int) -> bool:
        """The next sentence starts right after the quotation with its attribution
        ('"... NOW!" Trump said on Twitter.', split at the exclamation mark)."""
        if si >= n or bare[after : starts[si]].strip() or not prose[max(0, after - 4) : after].rstrip(_CLOSING).endswith(("?", "!")):
            return False
        head = _CLAUSE_BREAK.split(bare[starts[si] : min(ends[si], starts[si] + 100)])[0]
        return any(c[0] < starts[si] + len(head) for c in cues[si]) and has_cue_speaker(si)

    out: list[QuoteInfo] = []
    prev_end_sentence = -10
    prev_direct = False  # the previous quotation was attributed in or next to its own sentence
    prev_cont, prev_q_end = False, 0
    prev_para, prev_opens = -1, False  # the previous quotation's paragraph, and whether it opens it
    paragraphs = article.paragraphs
    for q in article.quotations:
        text = q.text(prose)
        words = _WORD.findall(text)
        s_first = bisect.bisect_right(starts, q.start) - 1
        s_last = bisect.bisect_right(starts, max(q.start, q.end - 1)) - 1
        if s_first < 0:  # inside the title or outside the body
            continue
        sa = starts[s_first]
        lead = bare[max(sa, q.start - 300) : q.start]  # bounded: many quotes may share a long sentence
        para = article.paragraph_index(q.start)
        opens = para < len(paragraphs) and not bare[paragraphs[para].start : q.start].strip()
        how = ""
        tail = signed = False
        if (
            any(has_cue_speaker(si) for si in range(s_first, s_last + 1))
            or _attribution_follows(prose, bare, q.end, ends[min(s_last + 1, n - 1)])
            or _SPEAKER_LABEL.match(text)
        ):
            how = "sentence"
        elif (
            ("\n" in text and _SIGNATURE.search(text))
            or _SIGNATURE_AFTER.match(prose, q.end, min(len(prose), q.end + 80))
            or _CITED_AFTER.match(prose, q.end, min(len(prose), q.end + 40))
        ):
            how, signed = "sentence", True
        elif q.end >= ends[s_last] - 1 and leads_next(s_last + 1, q.end):
            how, tail = "sentence", True
        elif _WORD.search(lead) and _INTRO_END.search(lead):
            how = "colon"
        elif (prev_direct or prev_cont and not bare[prev_q_end : q.start].strip()) and prev_end_sentence >= s_first - 1 and (para == prev_para or prev_opens or not opens):
            # Across a paragraph break, a quotation that opens its paragraph continues only a
            # quotation that opened its own ('"...," she said.' then '"..."'); after a quote woven
            # into the writer's sentence ('She said that "..."'), a new quoted paragraph is
            # someone's new words and needs its speaker.
            how = "continuation"
        elif s_first > 0 and (speaks_before(s_first - 1) or colon_intro(s_first - 1)):
            how = "previous"
        elif s_last + 1 < n and has_cue_speaker(s_last + 1):
            how = "next"
        if how == "sentence" and not tail:
            # '"...?" Trump asked. "..."': the next quotation continues after the split tail.
            tail = q.end >= ends[s_last] - 1 and leads_next(s_last + 1, q.end)
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
        prev_end_sentence, prev_direct = s_last + tail, how in ("sentence", "colon") and not signed
        prev_cont, prev_q_end = how == "continuation", q.end
        prev_para, prev_opens = para, opens
    return tuple(out)


# Right after a closing quote mark, an attribution clause: '"...," Smith said', '"...?" asked
# a voter', '"...," scoffed Arianna Gil' (any verb: the comma or question mark that ends the quote
# already says a speaker follows).
_SAYING_BASE = r"say|write|conclude|argue|add|note|tell|ask|explain|insist|warn|state|claim|recall|answer|reply|agree|continue|observe|remark"
_FOLLOWING_ATTRIBUTION = lazy_compile(
    r"\s*(?:(?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|he|she|they|I|we|it"
    r"|(?:the|a|an|one|his|her|their|its)(?:\s+[\w’'-]+){1,6}?)(?:\s+(?:also|then|later|quickly|simply))?"
    r"\s+(?:[a-z]+(?:ed|s)|said|told|wrote|spoke|put|went on|began|read|" + _SAYING_BASE + r")\b"
    r"|\s*(?:[a-z]+(?:ed|s)|said|told|wrote|spoke|put|went on|began|read)\s+(?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.\s+|[A-Z]|(?:the|a|an|one|his|her|their|its)\b)"
    r"|\s*(?:said|says|added|asked|wrote|told|continued|explained|recalled|noted)\s+(?:former|then|fellow|longtime|veteran|[a-z]+ of\b)"
)
# The closing marks (and a nested quotation's closing mark) after the quotation's last word.
_CLOSING = "\"“”'’‘ "


def _attribution_follows(prose: str, bare: str, end: int, limit: int) -> bool:
    """A quotation ending in a comma, question or exclamation mark, followed by a clause that
    attributes it, even where the sentence splitter cut after "?" or "!"."""
    inner = prose[max(0, end - 4) : end].rstrip(_CLOSING)
    if not inner.endswith((",", "?", "!", "—", "-")):
        return False
    return bool(_FOLLOWING_ATTRIBUTION.match(bare, end, min(limit, end + 120)))


def _names_someone(text: str) -> bool:
    """A capitalised word after the first, or a personal pronoun."""
    toks = _WORD.findall(text)
    return any(t.lower() in ("he", "she", "they", "i", "we") or (k and t[0].isupper() and t.lower() not in _NOT_SPEAKERS) for k, t in enumerate(toks))


# A lead-in that introduces the quotation: 'Lopez, on the bridge: "', 'Billy Joel sings, "',
# 'his dictum was, "', 'tweeting that "', 'his act—"'.
_INTRO_END = lazy_compile(r"(?:[:,—–]|\bthat)\s*$")
# A quotation signed on its last line ("... must not happen.\nCharles Chamberlain, Democracy for
# America.") or right after it ('"..."\n- Hillary Clinton.').
_SIGNATURE = lazy_compile(r"\n\s*[—–―-]?\s*(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*(?:,[^\n]{0,80})?\.?\s*$")
# A publication cited in brackets right after the quotation (news digests: '"..." [Reuters.]').
_CITED_AFTER = lazy_compile(r"[^\S\n]*\[[A-Z][\w .’'&-]{0,30}\][^\S\n]*(?:\n|$)")
# ... or on the same line after a dash ('"..." ― Carla Sanchez.', the way pull quotes are signed).
_SIGNATURE_AFTER = lazy_compile(
    r"\s*\n\s*[—–―-]+\s*(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]*"
    r"|[^\S\n]*[—–―][^\S\n]*(?:[A-Z][\w.'’-]*[^\S\n]+){0,3}[A-Z][\w'’-]*(?:,[^\n]{0,80})?\.?[^\S\n]*(?:\n|$)"
)
# A transcript's speaker label at the start of the quotation ('"PENCE: Well, the question ...').
_SPEAKER_LABEL = lazy_compile(r"\W{0,3}(?:[A-Z][A-Z.’'-]+ ){0,2}[A-Z][A-Z.’'-]+:\s")


def _is_mention(prose: str, end: int, text: str) -> bool:
    """A quotation used as a noun in the writer's sentence: no closing punctuation inside, and
    the sentence goes straight on (\"''I am committed'' sounds great\")."""
    if re.search(r"[.,!?…;:]\W*$", text):
        return False
    m = re.match(r"[ \t]+([a-z])", prose[end : end + 3])
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
    first = re.search(r"[^\W\d_]", text)
    if first is None:
        return False
    before = lead.rstrip()
    if not first.group(0).islower():
        # 'talked about a "New Labour manifesto for all sections of society".': straight after a
        # word of the writer's, with no stop of its own inside the marks (British style).
        return bool(before) and before[-1].isalpha() and not _INNER_STOP.search(text)
    return bool(_WORD.search(before)) and not before.endswith(":")


_INNER_STOP = lazy_compile(r"[.!?…][\W]*$")


# --- unnamed sources ----------------------------------------------------------------------------


# The organisation named before the role word ("a Sony spokesman", "his spokesman"); a capital
# that only opens the sentence ("A spokesman said") names nothing.
_BODY_BEFORE = lazy_compile(r"\b(?!(?:A|An|The|One|Two|Some|Several|His|Her|Their|Its|Our)\b)[A-Z]|\b(?:his|her|their)\s+$")
_FOR_BODY = lazy_compile(r"\s+(?:for|of|at|from)\s+(?:the\s+)?[A-Z]")


def _unnamed_sources(bare: str, low: str | None, starts: list[int], ends: list[int], tokens: frozenset[str]) -> tuple[UnnamedSource, ...]:
    if low is None:
        roles = [(m.start(), m.end()) for m in _ROLE.finditer(bare)]
    else:
        roles = sorted(sp for w in tokens & _ROLE_SET for sp in _find_word(low, w))
    out: list[UnnamedSource] = []
    last_sentence = -1
    for a, b in roles:
        si = bisect.bisect_right(starts, a) - 1
        if si < 0 or si == last_sentence or b > ends[si]:
            continue
        span = _unnamed_at(bare, starts[si], ends[si], a, b)
        if span is not None:
            tail = bare[b : min(ends[si], b + 60)]
            lead = bare[span[0] : a]
            body = bool(_BODY_BEFORE.search(lead)) or bool(_FOR_BODY.match(tail))
            out.append(UnnamedSource(span[0], span[1], si, bare[a:b].lower(), body))
            last_sentence = si
    return tuple(out)


# Words that may follow a singular source noun ("an official said", "a source close to", "an
# aide who"), besides adverbs in -ly; any other lower-case word makes it an adjective ("official figures").
_MAY_FOLLOW_SOURCE = _CLAIM_SET | _CUE_SET | _POST_MODIFIERS | frozenset(
    """and or as put puts went goes pointed points summed also even has had have is was would will could
    may might later then once previously recently privately publicly""".split()
)


# Words that may open the phrase of a source that is a subject: "However, officials said",
# "..., but aides say", "while critics argue".
_SUBJECT_OPENERS = frozenset(
    """and but or while as because though although when where whereas yet so however meanwhile
    still also now then even some many most several other others few both all two three four five
    six seven eight nine ten dozens hundreds one a an his her their its our your my""".split()
)
# Pre-modifiers ending in -ed or -ing that are adjectives, not verbs taking the role as object.
_ING_ED_ADJECTIVES = frozenset(
    "senior leading ruling governing retired unnamed unidentified elected appointed informed "
    "concerned interested longtime long-serving veteran ranking".split()
)
_APPOSITIVE_AFTER_NAME = lazy_compile(
    r"(?:[A-Z][\w’'.-]*\s+)+[A-Z][\w’'-]*(?:\s+of\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?(?:\s+\([^()]{1,20}\))?,\s+"
    r"(?:a|an|the|his|her|their|[A-Z][\w’'-]*['’]s)\s[^,]{0,60}$"
)
_NAME_AFTER_COMMA = lazy_compile(r",\s*(?:(?:he|she|they|it)|(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*(?:\s+\([^()]{1,20}\))?)\s+(?:[a-z]+ly\s+|also\s+|has\s+|had\s+)?$")
# Before the cue, a new subject: "sources of authority, the lawyers said"; a second verb joined
# by "and" ("supporters at a rally and told"); or "and" bringing in a name or a pronoun ("aides
# and Mr. Jones said"). "Experts on North Korea and nuclear arms said" still has the role as subject.
_NEW_SUBJECT = lazy_compile(
    r",\s*(?:the|a|an|his|her|their|its)\s+(?:[\w’'-]+\s+){0,3}$"
    r"|\band\s+(?:(?:[a-z]+ly|also|then|later)\s+)?$"
    r"|\band\s+(?:[\w’'.-]+\s+){0,5}?(?:[A-Z][\w’'.-]*|(?i:he|she|they|we|i))\s+(?:[\w’'.-]+\s+){0,5}$"
)
_IN_APPOSITIVE = lazy_compile(r"\b([A-Z][\w’'-]+)(?:\s+\([^()]{1,20}\))?,\s+(?:a|an|the|one|his|her|their)\s[^,]{0,60}$")
_ALL_OF_THEM_BEFORE = lazy_compile(
    r"(?<!\w)(?:all\s+(?:(?:of\s+)?the\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)|both(?:\s+(?:of\s+)?the)?)\s+(?:[\w’'-]+\s+)?$",
    re.IGNORECASE,
)
_BARE_APPOSITIVE = lazy_compile(r"((?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][\w’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+),\s+(?:[a-z][\w’'-]*\s+){0,3}$")
_WHICH = lazy_compile(r",\s*which\b")
_POSSESSIVE_APPOSITIVE = lazy_compile(r"([A-Z][\w’'-]+),\s+[A-Z][\w’'-]*['’]s\s+(?:[a-z][\w’'-]*\s+){0,3}$")
# -ing verbs that end an inverted source's gap ("according to reports citing officials").
_GAP_VERBS = frozenset("citing quoting including according".split())
_INCLUDING_NAME = lazy_compile(r"\b(?:including|like|such as)\s+(?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.?\s+)?[A-Z]")
# The end of the clause after a role word; the full stop of "Mr." or "U.S." ends nothing.
_CLAUSE_END = lazy_compile(r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\b[A-Z])\.|[;:!?\"“”]|''")
# "state" as a noun, not the verb of saying: after a determiner, a preposition or a capital
# ("in the state", "United States", "Cojedes state").
_NOUN_STATE = lazy_compile(r"(?:\b(?i:the|a|an|this|that|each|every|whole|entire|of|in|per|home|their|his|her|its)|\b[A-Z][\w’'-]*)\s+$")
_AMONG_BEFORE = lazy_compile(r"\bamong\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
# Nouns that are also verbs of saying: after a singular role word and before a cue, the role word
# is an adjective ("an official report says").
_DOCUMENT_NOUNS = frozenset("report reports estimate estimates forecast forecasts note notes statement".split())
_AGREED_TO_ACT = lazy_compile(r"agree[sd]?\s+to\s+(?!be\b)[a-z]+(?<!ing)\b(?!\s+(?:that|with)\b)", re.IGNORECASE)
# A verb of saying right after the role word, perhaps after adverbs ("analysts said", "officials
# also say").
_CUE_RIGHT_AFTER = lazy_compile(
    lambda: r"\s+(?:(?:[a-z]+ly|also|have|has|had|now|still)\s+)*(?:" + trie_source(sorted(set(_CLAIM_WORDS.split()))) + r")\b", re.IGNORECASE
)
_AUXILIARY = frozenset("is are was were will would should could have has had do does did can may might must".split())
_NAME_LATER = lazy_compile(r"[^,.;:!?]{0,40},\s+(?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.?\s+)?[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+\s*[,.;]")
_PASSIVE = lazy_compile(r"\b(?:is|are|was|were|be|been|being)\s+$", re.IGNORECASE)
_NEGATED = lazy_compile(r"\b(?:not|n['’]t|never|declined|refused|no longer)\b", re.IGNORECASE)


def _unnamed_at(bare: str, sa: int, sb: int, ms: int, me: int) -> tuple[int, int] | None:
    """The span of "ROLE ... cue" or "cue ... ROLE" when the role word stands for people the
    text does not name and who are said to say or think something; None otherwise."""
    role = bare[ms:me].lower()
    base = max(sa, ms - 80)
    left = bare[base : ms]
    right = bare[me : min(sb, me + 140)]
    if role in ("people", "persons", "person", "someone", "somebody") and not (_PEOPLE_SOURCE_BEFORE.search(left) or _PEOPLE_SOURCE_AFTER.match(right)):
        return None
    if _AMONG_BEFORE.search(left):
        return None  # "Among Kasich supporters, 61 percent said": a poll's subgroup
    if _DEFINITE_BEFORE.search(left) or _ALL_OF_THEM_BEFORE.search(left):
        return None  # "the official said", "all three band members": refers back to people introduced before
    if not role.endswith("s"):
        nxt = _WORD.match(right, len(right) - len(right.lstrip(" \t")))
        word = nxt.group(0) if nxt else ""
        if word.islower() and word not in _MAY_FOLLOW_SOURCE and not (len(word) > 2 and word.endswith("ly")):
            return None  # "according to official figures": the word is an adjective here
        if word in _DOCUMENT_NOUNS and _CLAIM_CUE.match(right, nxt.end() + 1 if nxt else 0):
            return None  # "an official report says": the report speaks
    after_name = _NAME_AFTER.match(right)
    if after_name and after_name.group(0).split()[0].lower().strip(".") not in _NOT_SPEAKERS:
        return None  # "spokesman Brian Fallon said"
    if _NAME_LATER.match(right):
        return None  # "said his best friend at Lehigh, Bruce Turry, who ..."
    inverted = _INVERTED_CUE.search(left)
    # After a name and a comma the role may be the name's appositive ("Graham Cluley, senior
    # consultant at Sophos, told": the named man speaks), unless the cue follows the role at once:
    # then the source is a parenthesis of its own ("Mrs. Clinton, analysts said, has ...").
    possessive = _POSSESSIVE_APPOSITIVE.search(left)
    if possessive and possessive.group(1).lower() not in _NOT_SPEAKERS and not possessive.group(1).lower().endswith("ly"):
        return None  # "Alan Milburn, Labour's election strategist told": the comma closing it is missing
    if inverted or not _CUE_RIGHT_AFTER.match(right):
        bare_appositive = _BARE_APPOSITIVE.search(left)
        if bare_appositive and bare_appositive.group(1).split()[0].lower() not in _NOT_SPEAKERS:
            return None  # "Graham Cluley, senior consultant at Sophos, told"
        named = _NAME_BEFORE.search(left)
        if named and _looks_like_name(named.group(1)) or _APPOSITIVE_AFTER_NAME.search(left):
            return None  # "Brian Fallon, a Clinton spokesman, said"; "Rep. Tom Cole of Oklahoma, an ally ..."
    if inverted and (inverted.group(1) or _ends_source_phrase(right)):
        if not inverted.group(1) and not inverted.group(0).lower().startswith("in the words") and _subject_right_before(bare[max(sa, base + inverted.start() - 60) : base + inverted.start()]):
            return None  # "Mr. Sabato said his members, who ...": he speaks; they are in what he said
        cue_words = re.match(r"according to|told by|in the words of|\w+", inverted.group(0), re.IGNORECASE)
        gap = inverted.group(0)[cue_words.end() if cue_words else 0 :].split()
        if not any(w.lower() in _FUNCTION_WORDS - {"a", "an", "the"} or w.lower() in _AUXILIARY or w.endswith("ing") and (w.lower() in _CUE_SET or w.lower() in _GAP_VERBS) for w in gap):
            return (base + inverted.start(), me)
        return None
    # The phrase of the source: up to three pre-modifiers ("a senior defense official").
    start = ms
    words = list(re.finditer(r"[\w’'.-]+|[^\w\s]", left))
    k = len(words)
    while k > 0 and len(words) - k < 3:
        w = words[k - 1].group(0)
        low = w.lower()
        if not re.match(r"[\w’']", w) or low in _SUBJECT_OPENERS - {"a", "an", "one", "some", "many", "several", "other", "two", "three", "four", "five", "his", "her", "their", "its", "our"}:
            break
        if w[0].islower() and (low.endswith(("ed", "ing")) and low not in _ING_ED_ADJECTIVES or low in _FUNCTION_WORDS - {"a", "an"} or low in _CUE_SET):
            break
        k -= 1
        start = base + words[k].start()
    if k > 0:
        before = words[k - 1].group(0)
        if re.match(r"[\w’']", before) and before.lower() not in _SUBJECT_OPENERS and before not in ("that", "than", "said", "say", "says"):
            return None  # an object: "emailed supporters", "told officials", "met with aides"
        if before in ("said", "say", "says") and _subject_right_before(left[: words[k - 1].start()]):
            return None  # "He said his friends feel ...": he speaks; they are in what he said
        if before.lower() in ("and", "or") and k > 1:
            other = words[k - 2].group(0)
            if other[:1].isupper() or other.lower() in ("they", "we", "he", "she", "i"):
                return None  # "the United States and its allies said", "They and their supporters argue"
    clause = _CLAUSE_END.split(right, maxsplit=1)[0]
    cue = _claim_cue(clause)
    if cue is None or len(_WORD.findall(clause[: cue.start()])) > 10:
        return None
    if _AGREED_TO_ACT.match(clause, cue.start()):
        return None  # "officials agreed to quadruple the fee": an act, not a claim
    between = clause[: cue.start()]
    if not (_ADVERBS_ONLY.match(between) or _POST_MODIFIER_START.match(between)):
        return None  # "aides cheered as she was announced": the cue belongs to another clause
    if _APPOSITIVE_NAME.search(between + ",") or _NAME_AFTER_COMMA.search(between.rstrip(" —–-") + " ") or _NEGATED.search(between):
        return None  # "a spokesman, Brian Fallon, said"; "..., Adelson said"; "did not respond"
    if "," in between and (cue.group(0).lower().endswith("ing") or cue.group(0).lower().startswith("according")):
        return None  # "allies ... speak in one voice, arguing": the clause after the comma has its own subject
    if _INCLUDING_NAME.search(between):
        return None  # "many tax experts, including Mr. Goldberg, have pointed out": one is named
    which = _WHICH.search(between)
    if which and "," not in between[which.end() :]:
        return None  # "an adviser for Labour, which denies": the organisation speaks, not the adviser
    if _PASSIVE.search(between) and not cue.group(0).lower().endswith("ing"):
        return None  # "some advisers are said to be urging": hearsay with no one saying it
    if _NEW_SUBJECT.search(between):
        return None  # "sources of authority, the lawyers said"; "supporters at a rally and told"
    appositive = _IN_APPOSITIVE.search(left)
    if appositive and between.lstrip().startswith(",") and appositive.group(1).lower() not in _NOT_SPEAKERS:
        return None  # "Simmons, an Obama supporter, said": Simmons speaks
    return (start, me + cue.end())


def _claim_cue(clause: str) -> "re.Match[str] | None":
    """The first verb of saying or believing in ``clause``; "state" as a noun does not count."""
    for c in _CLAIM_CUE.finditer(clause):
        if not c.group(0).lower().startswith("state") or not _NOUN_STATE.search(clause, 0, c.start()):
            return c
    return None


def _ends_source_phrase(right: str) -> bool:
    """After "said a senior official": the clause ends, perhaps after a short post-modifier
    ("in Washington", "familiar with the talks"); "said members of the court shouldn't" goes on."""
    if not _SOURCE_PHRASE_END.match(right):
        return False
    head = re.split(r"[,.;:!?—–)]", right, maxsplit=1)[0]
    words = head.split()
    return len(words) <= 7 and not any(w.lower() in _AUXILIARY or w.lower().endswith(("n't", "n’t")) for w in words)


def _looks_like_name(chunk: str) -> bool:
    toks = chunk.split()
    if not toks or toks[0].lower().strip(".") in _NOT_SPEAKERS:
        return False
    if toks[0].rstrip(".") in ("Mr", "Ms", "Mrs", "Dr", "Sen", "Rep", "Gov", "Gen"):
        return True
    return 2 <= len(toks) <= 4 and all(t[0].isupper() for t in toks)
