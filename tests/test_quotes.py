"""The quotation rules: attribution analysis, unsourced-quote, anonymous-source, and the
examples in their rule files. Fixtures are short texts written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint import segment
from newslint.loaders import load_text
from newslint.ruleset import compile_rule, read_rule_file

RULES = Path(__file__).resolve().parent.parent / "rules"


def rule(rid: str):
    return compile_rule(read_rule_file(RULES / f"{rid}.yaml"))


UNSOURCED = rule("unsourced-quote")
ANONYMOUS = rule("anonymous-source")


def flagged(r, text: str) -> list[str]:
    article = load_text("t.txt", text)[0]
    return [article.prose[f.start : f.end] for f in r.check(article)]


def how(text: str) -> list[str]:
    return [q.how for q in load_text("t.txt", text)[0].attribution.quotes]


@pytest.mark.parametrize("rid", ["unsourced-quote", "anonymous-source"])
def test_rule_file_examples(rid: str) -> None:
    r = rule(rid)
    assert r.rule.examples_fail and r.rule.examples_pass
    for text in r.rule.examples_fail:
        assert flagged(r, text), f"{rid} should flag: {text!r}"
    for text in r.rule.examples_pass:
        assert not flagged(r, text), f"{rid} should pass: {text!r}"


# --- unsourced-quote -------------------------------------------------------------------------


def test_standalone_quote_paragraph_is_flagged() -> None:
    text = "The council met on Monday.\n\n\"We cannot keep paying for roads that nobody uses.\"\n\nThe vote is next week.\n"
    assert flagged(UNSOURCED, text) == ['"We cannot keep paying for roads that nobody uses."']


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will finish the bridge before the winter comes," Mayor Ana Lopez said.', "sentence"),
        ('"We will finish the bridge before the winter comes," said Ana Lopez, the mayor.', "sentence"),
        ('Ana Lopez, who chairs the council, said: "We will finish the bridge before winter."', "sentence"),
        ('Lopez put it plainly: "We will finish the bridge before the winter comes."', "sentence"),
        ('Lopez, on the bridge: "We will finish the bridge before the winter comes."', "colon"),
        ('"Will we finish the bridge before the winter comes?" Lopez asked the crowd.', "sentence"),
        ('"We will finish the bridge before winter comes," scoffed Ana Lopez.', "sentence"),
    ],
)
def test_attribution_in_the_sentence(text: str, expected: str) -> None:
    assert how(text) == [expected]
    assert not flagged(UNSOURCED, text)


def test_continuation_of_an_attributed_quote() -> None:
    text = (
        '"We will finish the bridge before winter," Lopez said.\n\n'
        '"Nobody in this town should have to drive an hour to reach the hospital."\n'
    )
    assert how(text) == ["sentence", "continuation"]
    assert not flagged(UNSOURCED, text)


def test_quoted_paragraphs_in_a_row_continue_one_speaker() -> None:
    """News style attributes a quote that runs over several paragraphs once."""
    text = (
        '"We will finish the bridge before winter," Lopez said.\n\n'
        '"Nobody here should drive an hour to reach the hospital."\n\n'
        '"The money is there and the workers are ready to start."\n'
    )
    assert how(text) == ["sentence", "continuation", "continuation"]
    assert not flagged(UNSOURCED, text)


def test_chain_of_unattributed_quotes_loses_its_speaker() -> None:
    """Once the writer's own sentence comes between, a quote after a continued one needs a speaker."""
    text = (
        '"We will finish the bridge before winter," Lopez said.\n\n'
        '"Nobody here should drive an hour to reach the hospital." The town has one clinic.\n\n'
        '"The money is there and the workers are ready to start."\n'
    )
    assert flagged(UNSOURCED, text) == ['"The money is there and the workers are ready to start."']


def test_previous_sentence_names_the_speaker() -> None:
    text = 'Lopez said the bridge would open in May. "The money is there and the workers are ready to start."\n'
    assert how(text) == ["previous"]
    assert not flagged(UNSOURCED, text)
    # Across a paragraph break only after a quotation of the speaker's own: a sentence of reported
    # speech hands nothing on to a new quoted paragraph, which is as often someone else's words.
    quoted = 'Lopez said the bridge was "nearly done" and would open in May.\n\n"The money is there and the workers are ready."\n'
    assert how(quoted) == ["sentence", "previous"]
    reported = 'Lopez said the bridge would open in May.\n\n"The money is there and the workers are ready to start."\n'
    assert how(reported) == [""]
    assert flagged(UNSOURCED, reported)


@pytest.mark.parametrize(
    "before",
    [
        "On Monday, said the bridge would open in May.",
        # a cue opening its clause with no subject: what follows is what was said, not who
        "Said Lopez expected the bridge to open in May.",
        "And said the town's bridge would open in May.",
    ],
)
def test_previous_sentence_without_a_speaker_does_not_attribute(before: str) -> None:
    text = before + '\n\n"The money is there and the workers are ready to start."\n'
    assert flagged(UNSOURCED, text)


def test_inverted_cue_after_a_quote_or_closed_by_punctuation_names_the_speaker() -> None:
    text = '"We expect the deficit to widen next year," said economist Marie Ripert of the bank. "It will not stop."'
    assert how(text) == ["sentence", "continuation"]
    text = 'Said Lopez, the mayor: "The money is there and the workers are ready to start."'
    assert not flagged(UNSOURCED, text)


@pytest.mark.parametrize(
    "text",
    [
        'Critics called the plan a "giveaway to developers" and the mayor a "spendthrift".',
        'The film "A Long Way Down The River Road" opens on Friday.',
        'Her new book, "The Quiet Years Of The Northern Line," is out in May.',
        'He said the plan was "a plan for the next ten years and not the next election" in a speech.',
        "The program is \"good for everyone\" but it is not cheap.",
    ],
)
def test_scare_quotes_titles_and_fragments_are_not_statements(text: str) -> None:
    assert not flagged(UNSOURCED, text)


def test_signed_quote_and_quote_used_as_noun() -> None:
    signed = 'The group replied at once.\n\n"We will not accept a plan that closes the hospital.\nAna Lopez, Friends of the Valley."\n'
    assert how(signed) == ["sentence"]
    noun = "\"I am totally committed to bringing back the factories\" sounds good in Ohio."
    assert not flagged(UNSOURCED, noun)


def test_split_after_question_mark_keeps_the_attribution() -> None:
    text = '"Who will pay for the new bridge over the river?" Lopez asked. "Not the town, that is certain."'
    assert how(text) == ["sentence", "continuation"]
    assert not flagged(UNSOURCED, text)


def test_min_words_option() -> None:
    text = 'The council met.\n\n"Roads cost money."\n\nThe vote is next week.\n'
    assert not flagged(UNSOURCED, text)
    strict = UNSOURCED.configured(None, {"min_words": 2})
    assert flagged(strict, text) == ['"Roads cost money."']


def test_two_apostrophe_quotes_are_quotations() -> None:
    text = "The council met.\n\n''We cannot keep paying for roads that nobody uses.''\n\nThe vote is next week.\n"
    assert flagged(UNSOURCED, text) == ["''We cannot keep paying for roads that nobody uses.''"]
    assert how("''We cannot keep paying for roads that nobody uses,'' Lopez said.") == ["sentence"]


def test_segment_two_apostrophe_quote_marks() -> None:
    text = "He called it ''work-related'' and left. ''It is done,'' she said."
    spans = segment.quotations(text, [(0, len(text))])
    assert [text[a:b] for a, b, _ in spans] == ["''work-related''", "''It is done,''"]
    assert [text[a:b] for a, b in segment.sentences(text, 0, len(text))] == [
        "He called it ''work-related'' and left.",
        "''It is done,'' she said.",
    ]


def test_segment_continued_quote_with_two_apostrophes() -> None:
    text = "''We will build it.\n\n''And we will pay for it,'' she said."
    paras = segment.paragraphs(text)
    spans = segment.quotations(text, paras)
    assert len(spans) == 1 and len(spans[0][2]) == 2


def test_segment_quote_running_over_lost_paragraph_breaks() -> None:
    text = '"He is very good," said Lee. "He has a future. "Being left-handed helps. "He serves well." Next.'
    spans = segment.quotations(text, [(0, len(text))])
    assert [text[a:b] for a, b, _ in spans] == ['"He is very good,"', '"He has a future. "Being left-handed helps. "He serves well."']
    assert len(spans[1][2]) == 3
    assert how(text) == ["sentence", "continuation"]
    # ... also when the sentence before the lost break ends inside a nested quote
    nested = '"It is like you think: \'This is not my day.\' "But then you find a way out of there. "And I found it."'
    spans = segment.quotations(nested, [(0, len(nested))])
    assert [nested[a:b] for a, b, _ in spans] == [nested]


# --- anonymous-source -------------------------------------------------------------------------


SEED_LIKE = (
    "U.S. and Japan to deepen ties\n\n"
    "\u201cThis announcement represents a historic milestone in our military ties with Japan,\u201d "
    "a defense official stated. The move is seen as a major change.\n\n"
    "However, officials emphasize that the announcement is just the initial step in a broader transition.\n"
)


def test_seed_like_article() -> None:
    assert flagged(ANONYMOUS, SEED_LIKE) == ["a defense official stated", "officials emphasize"]
    assert not flagged(UNSOURCED, SEED_LIKE)


@pytest.mark.parametrize(
    "text",
    [
        "The deal is close, according to people familiar with the talks.",
        "Sources say the minister will resign.",
        "Senior aides said on Tuesday that the campaign was out of money.",
        "The plan was approved, said a senior administration official.",
        # a parenthesis after a name is a source of its own, not the name's appositive
        "Mrs. Clinton, analysts said, has other reasons to stay quiet on Syria.",
        "Democrats accused Republicans, and the meeting went downhill from there, said one GOP source in the room.",
        "Officials state that the plan is ready.",
        "Florida elections officials are expecting a record turnout of more than 4 million voters.",
        "Experts on North Korea and nuclear nonproliferation said the test could change that.",
        "But in recent days, advisers to Mr. Obama say, the president has grown exasperated.",
        "He has gotten less credit than aides say he deserves for the recovery.",
        "Increasingly, Sanders's most passionate supporters claim that the primary was rigged.",
        "The FBI interviewed officials at the Justice Department, a former official said.",
        "The meeting turned into a gripe session, according to people in attendance.",
        "HarperCollins declined to renew the offer, according to a publishing expert familiar with the talks.",
        "Executives for Mondelez, which made $30 billion last year, say the move will save money.",
        "One official even suggested raising questions about his faith.",
        "She left the memorial at Ground Zero early, sources said.",
        "The meeting on Capitol Hill, officials said, was meant to explain the order.",
        "White House officials have privately said the bill is dead.",
    ],
)
def test_unnamed_sources_are_flagged(text: str) -> None:
    assert flagged(ANONYMOUS, text)


@pytest.mark.parametrize(
    "text",
    [
        "The plan was approved, said a senior official, who spoke on condition of anonymity because he was not authorized to discuss it.",
        "A Pentagon official, who was not authorized to speak publicly, said the plan was ready.",
        "A senior official said the talks had stalled. The official spoke on condition of anonymity to discuss private talks.",
        "Brian Fallon, a spokesman for the campaign, said the report was false.",
        "Campaign spokesman Brian Fallon said the report was false.",
        "The minister told officials that the plan was ready.",
        "He said allies were rattled by the decision.",
        "The official said the plan was ready.",
        "The bank hid the accounts for years, an official report says.",
        "Benin officials agreed to quadruple the company's management fee.",
        # the role is in what a named speaker said, not the source
        "Mr. Sabato said his members, who lean Republican, were split.",
        "He said his friends feel the same way about the race.",
        # "state" as a noun is no verb of saying
        "Republican Party insiders in the state will select 27 delegates.",
        "Allies in the United States would help Mexico make its case.",
        # the subject of the clause before the comma is not the source of "according to"
        "Employees at the regulator covered up the intrusions, according to a congressional report.",
        # one of them is named; and a named person joins the unnamed
        "As many tax experts, including Mr. Goldberg, have pointed out, he is free to release them.",
        "Aides and Mr. Jones said the plan was ready.",
        # an appositive whose closing comma is missing
        "Mr Blair is as keen as ever, Alan Milburn, Labour's election strategist told Radio 4.",
        "The deal will close in May, according to reports citing officials.",
        # a poll's subgroup
        "Among Kasich supporters, however, 61 percent said they had made up their minds.",
        '"Officials say it is over," Lopez said.',
    ],
)
def test_named_explained_or_not_a_source(text: str) -> None:
    assert not flagged(ANONYMOUS, text)


def levelled(r, text: str) -> list[tuple[str, str]]:
    article = load_text("t.txt", text)[0]
    return [(f.level, article.prose[f.start : f.end]) for f in r.check(article)]


def test_roles_and_levels_options() -> None:
    text = "Analysts said the merger would fail. A Sony spokesman said the console would ship in May."
    assert levelled(ANONYMOUS, text) == [("warning", "Analysts said"), ("info", "A Sony spokesman said")]
    insiders = ANONYMOUS.configured(None, {"roles": ["official", "officials"]})
    assert flagged(insiders, text) == []
    quiet = ANONYMOUS.configured(None, {"levels": {"institutional": "off"}})
    assert levelled(quiet, text) == [("warning", "Analysts said")]
    loud = ANONYMOUS.configured("error", {"levels": {"institutional": "warning"}})
    assert levelled(loud, text) == [("error", "Analysts said"), ("warning", "A Sony spokesman said")]


@pytest.mark.parametrize(
    "levels, error",
    [({"outsider": "info"}, "unknown class 'outsider'"), ({"crowd": "loud"}, "must be one of rule, error"), ({"crowd": 3}, "must hold only")],
)
def test_levels_option_is_validated(levels: dict, error: str) -> None:
    from newslint.errors import RuleError

    with pytest.raises(RuleError, match=error):
        ANONYMOUS.configured(None, {"levels": levels})


def test_reason_window_option() -> None:
    text = "A senior official said the talks had stalled. It rained. He spoke on condition of anonymity because he was not authorized to speak."
    assert flagged(ANONYMOUS, text)
    wider = ANONYMOUS.configured(None, {"reason_window": 2})
    assert not flagged(wider, text)


# --- robustness ---------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab .,:;\"“”'‘’\n—-?!AO") + ["said ", "officials ", "according to ", "''", "Mr. ", "\n\n"]), max_size=120))
def test_garbage_never_raises(pieces: list[str]) -> None:
    text = "".join(pieces)
    article = load_text("g.txt", text)[0]
    for r in (UNSOURCED, ANONYMOUS):
        for f in r.check(article):
            assert 0 <= f.start <= f.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_never_raises(text: str) -> None:
    article = load_text("g.txt", text)[0]
    for r in (UNSOURCED, ANONYMOUS):
        list(r.check(article))


def test_many_quotes_in_one_long_sentence_stay_fast() -> None:
    import time

    text = "Title\n\n" + 'x: "Quote here now and then more words" officials said, ' * 6000
    start = time.perf_counter()
    article = load_text("long.txt", text)[0]
    for r in (UNSOURCED, ANONYMOUS):
        list(r.check(article))
    assert time.perf_counter() - start < 5.0


# --- added with the second pass: paragraph continuation, woven fragments, claim cues, word gate ---


def test_a_new_quoted_paragraph_after_a_woven_quote_needs_its_speaker() -> None:
    # After 'Lopez said the plan was "..."' (a quote woven into the writer's sentence) a new
    # paragraph opening with a quotation is someone's new words, not Lopez going on.
    text = (
        "Bridge vote\n\nThe council met on Monday to vote on the bridge. "
        'Lopez vowed that the plan was "a promise we will keep for every family in town."\n\n'
        '"The money is there and the workers are ready to start on the bridge."\n'
    )
    assert how(text) == ["sentence", ""]
    assert flagged(UNSOURCED, text) == ['"The money is there and the workers are ready to start on the bridge."']


def test_a_quoted_paragraph_still_continues_a_quoted_paragraph() -> None:
    text = (
        "Bridge vote\n\nThe council met on Monday to vote on the bridge.\n\n"
        '"We will finish the bridge before winter," Lopez vowed.\n\n'
        '"The money is there and the workers are ready to start on the bridge."\n'
    )
    assert how(text) == ["sentence", "continuation"]


def test_capitalised_quote_woven_after_a_word_is_not_a_statement() -> None:
    text = 'The minister talked about a "New Deal for the towns and the people who live there".\n'
    assert not flagged(UNSOURCED, text)
    # With its own full stop inside the marks, it is a sentence of its own and still checked.
    text = 'The council met on Monday. "We cannot keep paying for roads that nobody uses."\n'
    assert flagged(UNSOURCED, text)


@pytest.mark.parametrize("verb", ["tweeted", "responded", "urged", "replied"])
def test_more_verbs_make_a_claim_by_unnamed_people(verb: str) -> None:
    text = f"Senior officials {verb} that the talks would resume within weeks.\n"
    assert flagged(ANONYMOUS, text)


@pytest.mark.parametrize(
    "text",
    [
        'A senior official said: "the deal is done."',
        "(Officials) said the deal was done.",
        "Two officials—said the deal was done.",
        "OFFICIALS SAID THE DEAL WAS DONE.",
    ],
)
def test_word_gate_finds_roles_and_cues_next_to_punctuation(text: str) -> None:
    from newslint.attribution.lexicon import words_present

    present = words_present(text.lower())
    assert "said" in present and any(w in present for w in ("official", "officials"))


def test_publication_cited_in_brackets_after_a_quote_attributes_it() -> None:
    text = "Morning digest\n\nTHE TALKS STALL \u201cNobody at the table expects a deal before the end of the year.\u201d [Reuters.]\n"
    assert how(text) == ["sentence"]
    assert not flagged(UNSOURCED, text)
    # Digests often put a no-break space before the bracket.
    assert how(text.replace(" [Reuters", "\u00a0[Reuters")) == ["sentence"]


def test_a_quote_after_a_signed_quote_needs_its_own_signature() -> None:
    """In a list of signed quotes each is signed; the one whose signature is missing does not
    borrow the signature of the quote before it."""
    signed = (
        "The debate ended after midnight.\n\n"
        "\u201cI cannot believe how little either of them said about housing.\u201d \u2015 Carla Sanchez\n"
        "\u201cThe moderators let them talk over each other all night long.\u201d\n"
        "\u201cNeither of them has a plan for the farms in this county.\u201d \u2015 Tom Reyes\n"
    )
    assert how(signed) == ["sentence", "", "sentence"]
    assert flagged(UNSOURCED, signed) == ["\u201cThe moderators let them talk over each other all night long.\u201d"]
    # A quote attributed in its sentence still carries its speaker to the next one.
    said = signed.replace("\u201d \u2015 Carla Sanchez", ",\u201d Carla Sanchez said.")
    assert how(said) == ["sentence", "continuation", "sentence"]


@pytest.mark.parametrize(
    "text",
    [
        'Report\n\n"We will not wait for the state to fix the roads for us," the two mayors write.\n',
        'Report\n\n"We will not wait for the state to fix the roads for us," said former mayor Ana Lopez.\n',
        'Report\n\n"Who asked them: \'Where is the money for our roads?\'" Lopez said.\n',
        'Report\n\n"We will not wait for the state to fix the roads," a sign at the town hall reads.\n',
        "Report\n\nTranscript as follows:\n\n\"We will not wait for the state to fix the roads for us.\"\n",
    ],
)
def test_attributions_after_the_quote_and_colon_lead_ins(text: str) -> None:
    assert not flagged(UNSOURCED, text)


def test_unsourced_quotes_past_the_cap_are_counted_not_listed() -> None:
    lines = [f'The town changed in year {i}. "Nobody here remembers the old mill number {i} at all."' for i in range(7)]
    article = load_text("t.txt", "Mill town\n\n" + "\n\n".join(lines) + "\n")[0]
    found = list(UNSOURCED.check(article))
    assert len(found) == 5
    assert found[-1].message.endswith("; and 2 more quotations in this article have no speaker")
    assert all("more quotations" not in f.message for f in found[:-1])
    everything = UNSOURCED.configured(None, {"max_per_article": 7})
    assert len(list(everything.check(article))) == 7
    six = UNSOURCED.configured(None, {"max_per_article": 6})
    assert list(six.check(article))[-1].message.endswith("; and 1 more quotation in this article has no speaker")


def test_quoted_titles_of_a_reference_list_are_not_unsourced_quotes() -> None:
    """A list of citations is not speech: told by its structure (lines in a row, each a quotation
    with a year, a link or an author's initial outside it), in text, Markdown and HTML."""
    from newslint.kinds.unsourced_quotes import State, unsourced

    state = State(5, False, 5)
    lead = "The council met on Monday to discuss the plan for the sea wall, which will cost more than expected."
    refs = ['Smith, J. (2020). "The impact of rising sea levels on coastal towns in Europe." Journal of Climate.',
            'Doe, A. "How local newspapers can survive the next ten years of change." Columbia Journalism Review, 2019.']
    texts = {
        "text": f"Sea wall\n\n{lead}\n\nFurther reading\n\n1. {refs[0]}\n2. {refs[1]}\n",
        "markdown": f"# Sea wall\n\n{lead}\n\n## Sources\n\n- {refs[0]}\n\n- {refs[1]}\n",
        "html": f"<article><h1>Sea wall</h1><p>{lead}</p><h2>References</h2><ol><li>{refs[0]}</li><li>{refs[1]}</li></ol></article>",
    }
    for fmt, text in texts.items():
        (article,) = load_text("a", text, fmt)
        assert unsourced(article, state) == [], fmt
    # One such line alone is not a list; nor are quotations with no citation beside them.
    (article,) = load_text("a", f"Sea wall\n\n{lead}\n\n{refs[0]}\n", "text")
    assert len(unsourced(article, state)) == 1
    speech = ['"We cannot keep paying for walls that the sea knocks down every winter."',
              '"Nobody here remembers a storm as bad as the one in March last year, in 2019."']
    (article,) = load_text("a", f"Sea wall\n\n{lead}\n\n- {speech[0]}\n- {speech[1]}\n", "text")
    assert len(unsourced(article, state)) == 2


def test_only_the_listed_characters_fold_to_an_ascii_letter_ignoring_case() -> None:
    """The reason gate's premise: outside FOLDS_TO_ASCII, a character that re.IGNORECASE matches
    to an ASCII letter is that letter in one of its two cases."""
    from newslint.attribution.cues import FOLDS_TO_ASCII

    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert set(re.findall("[a-z]", every, re.IGNORECASE)) == set(FOLDS_TO_ASCII)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["not", "authorized", "to", "discuss", "anonymity", "because", "fear", "of", "officials",
                                 "said", ",", ".", "\n", "—", "NOT AUTHORISED TO TALK", "on condition of anonymity because",
                                 "for fear of reprisal", "not authoriſed to speak", "not allowed to be named", "name withheld since",
                                 "Kilo", "ı", "İs", "not cleared to comment"]),
                max_size=40),
       st.integers(0, 200), st.integers(0, 200))
def test_the_reason_gate_never_changes_what_the_pattern_finds(words: list[str], a: int, b: int) -> None:
    from newslint.attribution.cues import FOLDS_TO_ASCII, REASON, gives_reason

    bare = " ".join(words)
    low = bare.lower() if len(bare.lower()) == len(bare) and not any(c in bare for c in FOLDS_TO_ASCII) else None
    a, b = min(a, len(bare)), min(max(a, b), len(bare))
    assert gives_reason(bare, low, a, b) == (REASON.search(bare, a, b) is not None)
    assert gives_reason(bare, None, a, b) == (REASON.search(bare, a, b) is not None)


@pytest.mark.parametrize("text, found", [
    ("He spoke on condition of anonymity because he was not authorized to speak.", True),
    ("An aide not authoriſed to speak said so.", True),  # a long s: the gate stands aside
    ("An aide, who was not cleared to comment, said so.", True),
    ("The officials said the talks went well.", False),
])
def test_the_reason_gate_passes_every_reason(text: str, found: bool) -> None:
    from newslint.attribution.cues import FOLDS_TO_ASCII, gives_reason

    low = None if any(c in text for c in FOLDS_TO_ASCII) else text.lower()
    assert gives_reason(text, low, 0, len(text)) is found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["said", "Officials", "e-mail", "sources", "told", "argue", "aides", "the", "talks", "-", "—", "–",
                                 "…", "'s", "’s", '"', "“", "”", "'", "‘", "’", "(", ")", "[", "]", ",", ".", ":", ";", "?", "!",
                                 " ", "\n", "\n\n", "«", "»", "/", "_", "İ", "ſ"]), max_size=60))
def test_the_words_worth_looking_for_include_every_word_the_split_finds(pieces: list[str]) -> None:
    """words_among (from the article's tokens) holds every cue and source word that
    words_present (a split of the bare text at white space) finds: it may only add words to
    look for, never leave one out."""
    from newslint.attribution import bare_text
    from newslint.attribution.lexicon import words_among, words_present

    article = load_text("t.txt", "".join(pieces) or "x")[0]
    bare = bare_text(article.prose, article.quotations)
    assert words_present(bare.lower()) <= words_among(article.word_set)


@pytest.mark.parametrize("s", ["s", "ſ"])
def test_a_reason_spelled_with_a_long_s_still_explains_the_source(s: str) -> None:
    """anonymous-source hands the reason gate no lower-cased text when the article holds a
    character that re.IGNORECASE folds to an ASCII letter: the pattern alone decides."""
    said = "Talks stall\n\nA senior official said the talks had stalled. He was "
    assert flagged(ANONYMOUS, said + f"not authori{s}ed to speak.") == []
    assert flagged(ANONYMOUS, said + "not happy.") == ["A senior official said"]
