"""Unnamed sources: claims pinned on people the text does not name ("a defense official stated",
"according to people familiar with the talks", "critics say").

A candidate is a source noun of the lexicon (``source.*``). It is a source when it heads a noun
phrase of one of a few shapes and a verb of saying or believing makes it say something:

- *subject*: up to three pre-modifiers, the noun, an optional post-modifier, the cue
  ("a senior defense official said", "people familiar with the talks say", "officials also said");
- *inverted*: a cue before it, the phrase closing the clause ("said a senior official",
  "according to two people close to him");

and it is not one of the phrases that name or point back to someone, each a named pattern below:
a name after the noun ("spokesman Brian Fallon"), a name it stands in apposition to ("Brian
Fallon, a Clinton spokesman,"), a back-reference ("the official said"), a subgroup of a poll
("among Kasich supporters"), an object of another verb ("told officials"), a document ("an
official report says").
"""

from __future__ import annotations

import bisect
import re

from newslint.attribution import CROWD, INSIDER, INSTITUTIONAL, UnnamedSource
from newslint.attribution.cues import CLAIM_CUE, ROLE, WORD
from newslint.attribution.lexicon import alternation, find_word, tables, titles_source
from newslint.attribution.quotes import subject_right_before
from newslint.patterns import lazy_compile, trie_source


def _titled(source: str) -> "re.Pattern":
    """A pattern whose ``{TITLE}`` stands for the lexicon's titles before a name, compiled on first use."""
    return lazy_compile(lambda: source.replace("{TITLE}", titles_source()))


# --- the named patterns of noun phrases ----------------------------------------------------------------

# A name right after the source noun: "spokesman Brian Fallon said".
NAME_AFTER = _titled(r"^\s+(?:(?:{TITLE})\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][\w’'.-]*)*")
# A name set off by commas after it: "a spokesman, Brian Fallon, said".
APPOSITIVE_NAME = _titled(r",\s+(?:(?:{TITLE})\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'-]+)+\s*,")
# A name before it, the noun its appositive: "Brian Fallon, a Clinton spokesman, said".
NAME_BEFORE = _titled(r"(?:^|[^\w\s]\s*|\s)((?:(?:{TITLE})\.\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+[^,]{0,60}$")
APPOSITIVE_AFTER_NAME = lazy_compile(
    r"(?:[A-Z][\w’'.-]*\s+)+[A-Z][\w’'-]*(?:\s+of\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?(?:\s+\([^()]{1,20}\))?,\s+"
    r"(?:a|an|another|the|his|her|their|[A-Z][\w’'-]*['’]s)\s[^,]{0,60}$"
)
BARE_APPOSITIVE = _titled(r"((?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][\w’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+),\s+(?:[a-z][\w’'-]*\s+){0,3}$")
POSSESSIVE_APPOSITIVE = lazy_compile(r"([A-Z][\w’'-]+),\s+[A-Z][\w’'-]*['’]s\s+(?:[a-z][\w’'-]*\s+){0,3}$")
IN_APPOSITIVE = lazy_compile(r"\b([A-Z][\w’'-]+)(?:\s+\([^()]{1,20}\))?,\s+(?:a|an|another|the|one|his|her|their)\s[^,]{0,60}$")
# A name later in the clause: "said his best friend at Lehigh, Bruce Turry, who ...".
NAME_LATER = _titled(r"[^,.;:!?]{0,40},\s+(?:(?:{TITLE})\.?\s+)?[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+\s*[,.;]")
NAME_AFTER_COMMA = lazy_compile(r",\s*(?:(?:he|she|they|it)|(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*(?:\s+\([^()]{1,20}\))?)\s+(?:[a-z]+ly\s+|also\s+|has\s+|had\s+)?$")
INCLUDING_NAME = _titled(r"\b(?:including|like|such as)\s+(?:the\s+)?(?:(?:{TITLE})\.?\s+)?[A-Z]")
# Pointing back to people introduced before: "the official said", "all three band members".
DEFINITE_BEFORE = lazy_compile(r"(?<!\w)(the|this|that|these|those)\s+(?:[\w’'-]+\s+){0,1}$", re.IGNORECASE)
ALL_OF_THEM_BEFORE = lazy_compile(
    r"(?<!\w)(?:all\s+(?:(?:of\s+)?the\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)|both(?:\s+(?:of\s+)?the)?)\s+(?:[\w’'-]+\s+)?$",
    re.IGNORECASE,
)
# "people" alone is too common: it names a source only with these words nearby.
PEOPLE_SOURCE_BEFORE = lazy_compile(r"(?<!\w)(?:many|some|several|two|three|four|five|a lot of|lots of|other|one|another|most|few)\s+$", re.IGNORECASE)
PEOPLE_SOURCE_AFTER = lazy_compile(
    r"^\s+(?:familiar|close|with (?:direct )?knowledge|briefed|involved|in attendance|present at|in the room|who (?:were|are|have|had) (?:briefed|involved|present|in the room))",
    re.IGNORECASE,
)
# A poll's subgroup: "Among Kasich supporters, 61 percent said".
AMONG_BEFORE = lazy_compile(r"\bamong\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
# The organisation named before the source noun ("a Sony spokesman", "his spokesman"); a capital
# that only opens the sentence ("A spokesman said") names nothing.
BODY_BEFORE = lazy_compile(r"\b(?!(?:A|An|The|One|Two|Some|Several|His|Her|Their|Its|Our)\b)[A-Z]|\b(?:his|her|their)\s+$")
FOR_BODY = lazy_compile(r"\s+(?:for|of|at|from)\s+(?:the\s+)?[A-Z]")

# --- cues around the phrase ----------------------------------------------------------------------------

# Cues that put the speaker after them: "said a senior official", "according to people ...".
INVERTED_CUE = lazy_compile(
    lambda: r"(?<!\w)(?:(" + alternation("phrase.before_source") + ")|" + alternation("verb.before_source") + r")\s+(?:[\w’'-]+\s+){0,5}$",
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
_POST_MODIFIER_START = lazy_compile(lambda: r"^\s*(?:,|(?:" + "|".join(sorted(tables().post_modifiers)) + r")\b)", re.IGNORECASE)
_ADVERBS_ONLY = lazy_compile(
    r"^(?:\s*(?:also|have|has|had|would|will|could|may|might|privately|publicly|repeatedly|later|"
    r"previously|now|reportedly|separately|often|long|generally|recently|already|still|do|did|"
    r"does|are|were|is|was|quietly|widely|not|never|had|also|increasingly|openly|even|[a-z]+ly))*\s*$",
    re.IGNORECASE,
)
# Before the cue, a new subject: "sources of authority, the lawyers said"; a second verb joined
# by "and" ("supporters at a rally and told"); or "and" bringing in a name or a pronoun ("aides
# and Mr. Jones said"). "Experts on North Korea and nuclear arms said" still has the role as subject.
_NEW_SUBJECT = lazy_compile(
    r",\s*(?:the|a|an|his|her|their|its)\s+(?:[\w’'-]+\s+){0,3}$"
    r"|\band\s+(?:(?:[a-z]+ly|also|then|later)\s+)?$"
    r"|\band\s+(?:[\w’'.-]+\s+){0,5}?(?:[A-Z][\w’'.-]*|(?i:he|she|they|we|i))\s+(?:[\w’'.-]+\s+){0,5}$"
)
_WHICH = lazy_compile(r",\s*which\b")
# The end of the clause after a role word; the full stop of "Mr." or "U.S." ends nothing. (The
# look-behinds come after the full stop, so that the engine tries them at full stops only.)
_CLAUSE_END = lazy_compile(
    lambda: r"\." + "".join(rf"(?<!\b{t}\.)" for t in (*tables().lex["title"], "St")) + r"(?<!\b[A-Z]\.)|[;:!?\"“”]|''"
)
# "state" as a noun, not the verb of saying: after a determiner, a preposition or a capital
# ("in the state", "United States", "Cojedes state").
_NOUN_STATE = lazy_compile(r"(?:\b(?i:the|a|an|this|that|each|every|whole|entire|of|in|per|home|their|his|her|its)|\b[A-Z][\w’'-]*)\s+$")
# A cue word after a determiner is a noun: "officials who are granted a say", "the report".
_DETERMINER_BEFORE = lazy_compile(r"(?<![\w’'-])(?:a|an|the|this|these|those|his|her|its|their|our|my|your|each|every|no|any)\s+$", re.IGNORECASE)
# "a supporter asked people in the audience to clap": a request, not a claim.
_ASKED_TO_ACT = lazy_compile(r"(?:ask|asks|asked|asking)\s+(?:[\w’'-]+\s+){1,5}?to\s+(?!be\b)[a-z]+(?<!ing)\b", re.IGNORECASE)
_AGREED_TO_ACT = lazy_compile(r"agree[sd]?\s+to\s+(?!be\b)[a-z]+(?<!ing)\b(?!\s+(?:that|with)\b)", re.IGNORECASE)
# A verb of saying right after the role word, perhaps after adverbs ("analysts said", "officials
# also say").
_CUE_RIGHT_AFTER = lazy_compile(
    lambda: r"\s+(?:(?:[a-z]+ly|also|have|has|had|now|still)\s+)*(?:" + trie_source(sorted(tables().claim)) + r")\b",
    re.IGNORECASE,
)
_PASSIVE = lazy_compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:(?:more|most|less|least|very|so|too|quite|[a-z]+ly)\s+)*$", re.IGNORECASE)
# A cue before the source that is denied: "Trump never cited a source", "without quoting anyone".
_NEGATED_BEFORE = lazy_compile(r"(?:\b(?:not|never|without|no longer)|n['’]t)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)
_SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())
_PRONOUN_OR_ROLE = lazy_compile(lambda: r"(?<![\w’'-])(?:i|you|he|she|we|they|" + trie_source(sorted(tables().roles)) + r")(?![\w’'-])", re.IGNORECASE)
# A post-modifier closed by a comma right before the cue: " for the firm Janney, " in "Roffman, an
# analyst for the firm Janney, recalled".
_CLOSED_POST_MODIFIER = lazy_compile(r"\s+(?:for|of|at|from|with|in|on)\s[^,]*,\s*$")
# A token with a letter or digit: a word, not punctuation (a closing '' is two apostrophes).
_HAS_WORD = lazy_compile(r"\w")
# Determiners: the first word of a noun phrase ("his members", "an official").
_DETERMINERS = frozenset("a an the his her their its our my your".split())
# A determiner or a possessive before a singular noun and its pre-modifiers ("an official", "the
# bank's senior official").
_DETERMINED = lazy_compile(r"(?:\b(?:a|an|one|another|each|every|any|no|this|that|the|his|her|their|its|our|my|your)|\w['’]s)\s+(?:[\w’'.&-]+\s+){0,2}$", re.IGNORECASE)
_NEGATED = lazy_compile(r"\b(?:not|never|declined|refused|no longer)\b|n['’]t\b", re.IGNORECASE)
_CUE_WORDS = lazy_compile(r"according to|told by|in the words of|\w+", re.IGNORECASE)
_PHRASE_WORDS = lazy_compile(r"[\w’'.&-]+|[^\w\s]")
_PHRASE_BREAK = lazy_compile(r"[,.;:!?—–)]")


# --- grading them ------------------------------------------------------------------------------------

_CAPITALISED = lazy_compile(r"(?<![\w’'-])[A-Z][\w&’'.-]*")


def source_class(role: str, lead: str, tail: str) -> str:
    """The class a newsroom's standard puts the source in, from its noun and the words around it:
    a crowd ("critics say", "experts believe"); institutional attribution, a body's spokespeople or
    officials speaking for a body the phrase names ("PG&E officials said", "a spokesman for the
    BBC", "Palestinian health officials said"); or else an insider ("a senior official said",
    "people familiar with the talks", "sources say")."""
    t = tables()
    if role in t.crowd:
        return CROWD
    if role in t.spokespeople or role in t.for_body and (FOR_BODY.match(tail) or names_body(lead)):
        return INSTITUTIONAL
    return INSIDER


def names_body(lead: str) -> bool:
    """A capitalised word before the source noun that names a body ("PG&E", "Palestinian",
    "White House"), not one that only opens the sentence ("Senior", "Many", "Administration")."""
    not_a_body = tables().not_a_body
    return any(m.group(0).lower().rstrip(".") not in not_a_body for m in _CAPITALISED.finditer(lead))


# --- finding them ---------------------------------------------------------------------------------------


def unnamed_sources(bare: str, low: str | None, starts: list[int], ends: list[int], tokens: frozenset[str]) -> tuple[UnnamedSource, ...]:
    if low is None:
        roles = [(m.start(), m.end()) for m in ROLE.finditer(bare)]
    else:
        roles = sorted(sp for w in tokens & tables().roles for sp in find_word(low, w))
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
            role = bare[a:b].lower()
            body = bool(BODY_BEFORE.search(lead)) or bool(FOR_BODY.match(tail))
            out.append(UnnamedSource(span[0], span[1], si, role, body, source_class(role, lead, tail)))
            last_sentence = si
    return tuple(out)


def _unnamed_at(bare: str, sa: int, sb: int, ms: int, me: int) -> tuple[int, int] | None:
    """The span of "ROLE ... cue" or "cue ... ROLE" when the role word stands for people the
    text does not name and who are said to say or think something; None otherwise."""
    t = tables()
    role = bare[ms:me].lower()
    base = max(sa, ms - 80)
    left = bare[base : ms]
    right = bare[me : min(sb, me + 140)]
    if role in t.vague_person and not (PEOPLE_SOURCE_BEFORE.search(left) or PEOPLE_SOURCE_AFTER.match(right)):
        return None
    if AMONG_BEFORE.search(left):
        return None  # "Among Kasich supporters, 61 percent said": a poll's subgroup
    definite = DEFINITE_BEFORE.search(left)
    if definite and not (definite.group(1).lower() in ("that", "this") and role.endswith(("s", "men", "people"))) or ALL_OF_THEM_BEFORE.search(left):
        # "the official said", "all three band members": refers back to people introduced before;
        # "that" before a plural is no demonstrative but a relative ("a strike that company
        # executives said could ...": a demonstrative would agree, "those executives").
        return None
    if not role.endswith("s"):
        nxt = WORD.match(right, len(right) - len(right.lstrip(" \t")))
        word = nxt.group(0) if nxt else ""
        if word.islower() and word not in t.may_follow_source and not (len(word) > 2 and word.endswith("ly")):
            return None  # "according to official figures": the word is an adjective here
        if word in t.document_nouns and not _DETERMINED.search(left):
            return None  # "than official estimates": a lone singular noun with no determiner is an adjective
        if word in t.document_nouns and CLAIM_CUE.match(right, nxt.end() + 1 if nxt else 0):
            return None  # "an official report says": the report speaks
    after_name = NAME_AFTER.match(right)
    if after_name and after_name.group(0).split()[0].lower().strip(".") not in t.not_speakers:
        return None  # "spokesman Brian Fallon said"
    if NAME_LATER.match(right):
        return None  # "said his best friend at Lehigh, Bruce Turry, who ..."
    inverted = INVERTED_CUE.search(left)
    # After a name and a comma the role may be the name's appositive ("Graham Cluley, senior
    # consultant at Sophos, told": the named man speaks), unless the cue follows the role at once:
    # then the source is a parenthesis of its own ("Mrs. Clinton, analysts said, has ...").
    possessive = POSSESSIVE_APPOSITIVE.search(left)
    if possessive and possessive.group(1).lower() not in t.not_speakers and not possessive.group(1).lower().endswith("ly"):
        return None  # "Alan Milburn, Labour's election strategist told": the comma closing it is missing
    if inverted or not _CUE_RIGHT_AFTER.match(right):
        bare_appositive = BARE_APPOSITIVE.search(left)
        if bare_appositive and bare_appositive.group(1).split()[0].lower() not in t.not_speakers:
            return None  # "Graham Cluley, senior consultant at Sophos, told"
        named = NAME_BEFORE.search(left)
        if named and _looks_like_name(named.group(1)) or APPOSITIVE_AFTER_NAME.search(left):
            return None  # "Brian Fallon, a Clinton spokesman, said"; "Rep. Tom Cole of Oklahoma, an ally ..."
    if inverted and (inverted.group(1) or _ends_source_phrase(right)):
        if _NEGATED_BEFORE.search(left, 0, inverted.start()):
            return None  # "Trump never cited a source for his claim": no one is said to say anything
        if not inverted.group(1) and not inverted.group(0).lower().startswith("in the words") and subject_right_before(bare[max(sa, base + inverted.start() - 60) : base + inverted.start()]):
            return None  # "Mr. Sabato said his members, who ...": he speaks; they are in what he said
        cue_words = _CUE_WORDS.match(inverted.group(0))
        gap = inverted.group(0)[cue_words.end() if cue_words else 0 :].split()
        # A pronoun in the gap is the subject of a clause of its own: "who said they preferred someone".
        if not any(w.lower() in t.function_words - {"a", "an", "the"} or w.lower() in t.auxiliary or w.lower() in _SUBJECT_PRONOUNS or w.endswith("ing") and (w.lower() in t.speech or w.lower() in t.gap_verbs) for w in gap):
            return (base + inverted.start(), me)
        return None
    # The phrase of the source: up to three pre-modifiers ("a senior defense official").
    start = ms
    words = list(_PHRASE_WORDS.finditer(left))
    k = len(words)
    while k > 0 and len(words) - k < 3:
        w = words[k - 1].group(0)
        low = w.lower()
        if not _HAS_WORD.search(w) or low in t.subject_openers - {"a", "an", "one", "some", "many", "several", "other", "two", "three", "four", "five", "his", "her", "their", "its", "our"}:
            break
        if w[0].islower() and (low.endswith(("ed", "ing")) and low not in t.adjectives_ed_ing or low in t.function_words - {"a", "an"} or low in t.speech):
            break
        k -= 1
        start = base + words[k].start()
        if low in _DETERMINERS:
            break  # a determiner opens the phrase: in "protects his members", "protects" is a verb
    if k > 0:
        before = words[k - 1].group(0)
        if _HAS_WORD.search(before) and before.lower() not in t.subject_openers and before not in ("that", "which", "what", "who", "whom", "than", "said", "say", "says"):
            return None  # an object: "emailed supporters", "told officials", "met with aides"
        if before in ("said", "say", "says") and subject_right_before(left[: words[k - 1].start()]):
            return None  # "He said his friends feel ...": he speaks; they are in what he said
        if before.lower() == "that" and k > 1 and (words[k - 2].group(0).lower() in t.speech or words[k - 2].group(0).lower() in t.claim):
            return None  # "Law said, noting that donors feel ...": what someone else said
        if before.lower() in ("and", "or") and k > 1:
            other = words[k - 2].group(0)
            if other[:1].isupper() or other.lower() in ("they", "we", "he", "she", "i"):
                return None  # "the United States and its allies said", "They and their supporters argue"
            if _named_conjunct(words[max(0, k - 4) : k - 1]):
                return None  # "The Clinton campaign and some experts have alleged": the campaign is on record
    clause = _CLAUSE_END.split(right, maxsplit=1)[0]
    cue = _claim_cue(clause)
    if cue is None or len(WORD.findall(clause[: cue.start()])) > 10:
        return None
    if _AGREED_TO_ACT.match(clause, cue.start()) or _ASKED_TO_ACT.match(clause, cue.start()):
        return None  # "officials agreed to quadruple the fee": an act, not a claim
    between = clause[: cue.start()]
    if not (_ADVERBS_ONLY.match(between) or _POST_MODIFIER_START.match(between)):
        return None  # "aides cheered as she was announced": the cue belongs to another clause
    if _nearer_subject(between):
        return None  # "representatives to showcase what his aides describe": the aides speak
    if APPOSITIVE_NAME.search(between + ",") or NAME_AFTER_COMMA.search(between.rstrip(" —–-") + " ") or _NEGATED.search(between):
        return None  # "a spokesman, Brian Fallon, said"; "..., Adelson said"; "did not respond"
    if "," in between and (cue.group(0).lower().endswith("ing") or cue.group(0).lower().startswith("according")):
        return None  # "allies ... speak in one voice, arguing": the clause after the comma has its own subject
    if INCLUDING_NAME.search(between):
        return None  # "many tax experts, including Mr. Goldberg, have pointed out": one is named
    which = _WHICH.search(between)
    if which and "," not in between[which.end() :]:
        return None  # "an adviser for Labour, which denies": the organisation speaks, not the adviser
    if _PASSIVE.search(between) and not cue.group(0).lower().endswith("ing"):
        return None  # "some advisers are said to be urging": hearsay with no one saying it
    if _NEW_SUBJECT.search(between):
        return None  # "sources of authority, the lawyers said"; "supporters at a rally and told"
    appositive = IN_APPOSITIVE.search(left)
    if appositive and (between.lstrip().startswith(",") or _CLOSED_POST_MODIFIER.match(between)) and appositive.group(1).lower() not in t.not_speakers:
        return None  # "Simmons, an Obama supporter, said", "Roffman, an analyst for Janney, recalled": the named one speaks
    return (start, me + cue.end())


def _named_conjunct(words: list["re.Match[str]"]) -> bool:
    """The noun phrase before "and" names a body: a noun for an organisation (``noun.body``) with a
    name or a possessive before it ("the Clinton campaign", "Clinton's team")."""
    toks = [w.group(0) for w in words]
    if not toks or toks[-1] not in tables().lex.set("noun.body"):
        return False
    mods: list[str] = []
    for tok in reversed(toks[:-1]):
        if not re.match(r"[\w’']", tok):
            break
        mods.append(tok)
    return any(m[0].isupper() and m.lower() not in tables().not_a_body or re.search(r"\w['’]s$", m) for m in mods)


def _nearer_subject(between: str) -> bool:
    """A subject of the cue's own between a source noun and the cue: a pronoun or another source
    noun right before it, perhaps with adverbs ("... what she told", "... what his aides describe")."""
    last = None
    for last in _PRONOUN_OR_ROLE.finditer(between):
        pass
    return last is not None and bool(_ADVERBS_ONLY.match(between[last.end() :]))


def _claim_cue(clause: str) -> "re.Match[str] | None":
    """The first verb of saying or believing in ``clause``; "state" as a noun does not count, nor
    does a capitalised word, which is part of a name ("51 State Department employees")."""
    for c in CLAIM_CUE.finditer(clause):
        if c.group(0)[0].isupper() or _DETERMINER_BEFORE.search(clause, 0, c.start()):
            continue
        if not c.group(0).lower().startswith("state") or not _NOUN_STATE.search(clause, 0, c.start()):
            return c
    return None


def _ends_source_phrase(right: str) -> bool:
    """After "said a senior official": the clause ends, perhaps after a short post-modifier
    ("in Washington", "familiar with the talks"); "said members of the court shouldn't" goes on."""
    if not _SOURCE_PHRASE_END.match(right):
        return False
    head = _PHRASE_BREAK.split(right, maxsplit=1)[0]
    words = head.split()
    auxiliary = tables().auxiliary
    return len(words) <= 7 and not any(w.lower() in auxiliary or w.lower().endswith(("n't", "n’t")) for w in words)


def _looks_like_name(chunk: str) -> bool:
    toks = chunk.split()
    if not toks or toks[0].lower().strip(".") in tables().not_speakers:
        return False
    if toks[0].rstrip(".") in tables().lex["title"]:
        return True
    return 2 <= len(toks) <= 4 and all(t[0].isupper() for t in toks)
