"""The attribution grammar: its lexicon as data, and every guard of the analysis as a row of a
table, with the sentence it came from (short sentences written for these tests, in the shape of
the corpus sentence that made the guard)."""

from __future__ import annotations

import pytest
import yaml

from newslint.attribution import lexicon
from newslint.loaders import load_text


def test_lexicon_reader_agrees_with_yaml() -> None:
    text = lexicon.LEXICON_FILE.read_text(encoding="utf-8")
    assert lexicon.read_entries(text) == {k: " ".join(v.split()) for k, v in yaml.safe_load(text).items()}


def test_every_lexicon_entry_is_used_and_source_classes_do_not_overlap() -> None:
    t = lexicon.tables()
    assert len(t.lex.entries) >= 20 and all(t.lex.entries.values())
    insider, spoke, crowd = t.lex.set("source.insider"), t.lex.set("source.spokesperson"), t.lex.set("source.crowd")
    assert not (insider & spoke or insider & crowd or spoke & crowd)
    assert t.lex.set("source.for_body") <= t.roles and t.vague_person <= insider


def unnamed(text: str) -> list[tuple[str, str]]:
    article = load_text("t.txt", text)[0]
    return [(article.prose[u.start : u.end], u.klass) for u in article.attribution.unnamed]


@pytest.mark.parametrize(
    "text, phrase, klass",
    [
        ("A senior official said the talks had stalled.", "A senior official said", "insider"),
        ("Sources say the minister will resign.", "Sources say", "insider"),
        ("The deal is near, according to people familiar with the talks.", "according to people", "insider"),
        ("Senior officials said the talks had stalled.", "Senior officials said", "insider"),
        ("Administration officials said the plan was ready.", "Administration officials said", "insider"),
        ("A Pentagon official said the plan was ready.", "A Pentagon official said", "insider"),
        ("PG&E officials said the outage would last days.", "PG&E officials said", "institutional"),
        ("Palestinian health officials said 12 people died.", "Palestinian health officials said", "institutional"),
        ("Officials at the Pentagon said the plan was ready.", "Officials at the Pentagon said", "institutional"),
        ("A spokesman said the console would ship in May.", "A spokesman said", "institutional"),
        ("Critics say the plan is a giveaway.", "Critics say", "crowd"),
        ("Experts believe the virus will spread.", "Experts believe", "crowd"),
        ("Some economists argue that rates will rise.", "Some economists argue", "crowd"),
    ],
)
def test_sources_are_graded_in_classes(text: str, phrase: str, klass: str) -> None:
    assert unnamed(text) == [(phrase, klass)]


@pytest.mark.parametrize(
    "text, standard",
    [
        ("A senior official said the talks had stalled.", "an unnamed insider"),
        ("PG&E officials said the outage would last days.", "institutional attribution"),
        ("Critics say the plan is a giveaway.", "a crowd that hides who is speaking"),
    ],
)
def test_each_finding_says_its_class_and_what_the_standard_asks(text: str, standard: str) -> None:
    from newslint.ruleset import bundled_rules_dir, compile_rule, read_rule_file

    rule = compile_rule(read_rule_file(bundled_rules_dir() / "anonymous-source.yaml"))
    (finding,) = rule.check(load_text("t.txt", text)[0])
    assert standard in finding.message and "{" not in finding.message


# --- every guard of the analysis, with the sentence it came from ------------------------------------
# A guard is a check in attribution/sources.py or quotes.py written for one shape of corpus
# sentence; each row is that shape in a short sentence and what the analysis must make of it.

UNNAMED_SOURCE_GUARDS = [
 ("Among Kasich supporters, 61 percent said they would vote.", None),
 ("The official said the talks had stalled.", None),
 ("That official said the talks had stalled.", None),
 ("It was a strike that company executives said could hurt earnings.", "company executives said"),
 ("She has the kind of job that many economists say is the future.", "many economists say"),
 ("The mayor spoke on Friday, noting that donors feel the race is lost.", None),
 ("She admitted the error but noted that experts say the video exists.", None),
 ("All three band members said they were tired.", None),
 ("Broadband grew, according to official figures.", None),
 ("An official report says the bridge is unsafe.", None),
 ("Surveys suggest a stronger economy than official estimates, the governor said.", None),
 ("A senior official estimates that the cost will double.", "A senior official estimates"),
 ("Spokesman Brian Fallon said the report was false.", None),
 ("The story was confirmed, said his best friend at Lehigh, Bruce Turry, who was there.", None),
 ("Alan Milburn, Labour's election strategist told reporters the plan was ready.", None),
 ("Graham Cluley, senior consultant at Sophos, told reporters the patch was late.", None),
 ("Brian Fallon, a Clinton spokesman, said the report was false.", None),
 ("Rep. Tom Cole of Oklahoma, an ally of the speaker, said the vote would pass.", None),
 ("Mr. Sabato said his members, who are angry, would vote no.", None),
 ("He said his friends feel betrayed by the party.", None),
 ("Most backed the plan, against three in 10 who said they wanted someone with experience.", None),
 ("The United States and its allies said the strike was justified.", None),
 ("They and their supporters argue that the vote was rigged.", None),
 ("The Smith campaign and some security experts have alleged that Russia was behind it.", None),
 ("Smith's team and her Democratic allies believe that attacks are not enough.", None),
 ("Mac watchers and some analysts say the new model will sell.", "some analysts say"),
 ("Many Republican donors and party officials said the race was over.", "party officials said"),
 ("Officials agreed to quadruple the fee.", None),
 ("At one point, a supporter asked people in the crowd to stand up.", None),
 ("A senior aide asked whether the plan would work.", "A senior aide asked"),
 ("Aides cheered as she was announced the winner.", None),
 ("A spokesman, Brian Fallon, said the report was false.", None),
 ("Officials did not respond to requests for comment.", None),
 ("A spokesman for the mayor didn't respond to a request for comment.", None),
 ("The mayor never cited a source for the figure he gave.", None),
 ("The blog ran the claim without quoting any officials.", None),
 ("Many tax experts, including Mr. Goldberg, have pointed out the flaw.", None),
 ("However, many experts, including the World Bank, have pointed out that it is early.", None),
 ("He is acting as an adviser for Labour, which denies running a campaign.", None),
 ("Some advisers are said to be urging him to quit.", None),
 ("But other members of her team are more worried about the debate.", None),
 ("Officials are increasingly worried that the deal will fail.", None),
 ("Simmons, an Obama supporter, said the speech was strong.", None),
 ("Roffman, a securities analyst for the investment firm Janney Montgomery, recalled many calls.", None),
 ("Jeremy de Souza, a spokesman for the rail line, said the date had slipped.", None),
 ("Officials at the Pentagon, in Washington, said the plan was ready.", "Officials at the Pentagon, in Washington, said"),
 ("Rep. Ann Lee (D), another early Smith supporter, said the vote was rigged.", None),
 ("The minister told officials that the plan was ready.", None),
 ("But it quietly, and perhaps for good, spares his members from having to answer the yes-or-no question.", None),
 ("He could add more policies to the document and make his supporters feel like they had a say.", None),
 ("Officials in the city, including 12 State Department staff, have pressed for talks.", None),
 ("Officials at the Drudge Report were busy all week.", None),
 ("Party leaders and elected officials who are granted a say at the convention will decide.", None),
 ("He asked for the file, which would presumably allow lawmakers to compare what she told the panel.", None),
 ("He won backing from governors, mayors and representatives to show what his aides describe as a surge.", "his aides describe"),
 ("Officials in the state said the count was over.", "Officials in the state said"),
 ("Mrs. Clinton, analysts said, has other reasons to stay quiet.", "analysts said"),
 ("Experts on North Korea and nuclear arms said the test failed.", "Experts on North Korea and nuclear arms said"),
 ("The deal is near, said a senior official.", "said a senior official"),
 ("''Our rules make that clear,'' a Twitter spokesman said.", "a Twitter spokesman said"),
 ("The deal is near, according to people familiar with the talks.", "according to people"),
 ("Senior officials tweeted that the talks would resume.", "Senior officials tweeted"),
 ("Officials also said the plan was ready.", "Officials also said"),
 ("The plan, which officials said will start in May, is new.", "officials said"),
 ("It was what many analysts said was a sign of change.", "many analysts said"),
 ("It was a group of hackers who U.S. officials say is tied to Russia.", "U.S. officials say"),
 ("His closest friend is Ann Lee, whom one campaign insider described as his sister.", "one campaign insider described"),
 ("But those who back her opponents say the coverage hurt her.", None),
 ("One person tweeted that the show was rigged.", "One person tweeted"),
 ("Someone told the mayor that the bridge was unsafe.", "Someone told"),
]


@pytest.mark.parametrize("text, phrase", UNNAMED_SOURCE_GUARDS)
def test_unnamed_source_guard(text: str, phrase: str | None) -> None:
    assert [p for p, _ in unnamed(text)] == ([phrase] if phrase else [])


QUOTE_GUARDS = [
 ('"We will finish the bridge before winter," Smith said.', ["sentence"]),
 ('"We will finish the bridge before winter," said Mr. Kihara.', ["sentence"]),
 ('Smith, who chairs the panel, said: "We will finish the bridge before winter."', ["sentence"]),
 ('Smith, 45, said: "We will finish the bridge before winter."', ["sentence"]),
 ('"We will finish the bridge before winter," scoffed Arianna Gil.', ["sentence"]),
 ('"Will we finish the bridge before winter?" asked a voter.', ["sentence"]),
 ('"We will finish the bridge before winter NOW!" Trump said on Twitter.', ["sentence"]),
 ('Ben Carson shared a syllabus, writing "we will finish the bridge before winter."', ["sentence"]),
 ('Said Ms. Stein: "We will finish the bridge before winter."', ["sentence"]),
 ('"PENCE: Well, the question is whether we finish the bridge."', ["sentence"]),
 ('Mr. Kihara on the deal: "We will finish the bridge before winter."', ["colon"]),
 ('Billy Joel sings, "We will finish the bridge before winter."', ["colon"]),
 ('His dictum was, "We will finish the bridge before winter."', ["colon"]),
 ('Smith also embraced the plan -- "We will finish the bridge before winter."', ["colon"]),
 ('"We will finish the bridge," she said. "And nobody will stop us from doing it."', ["sentence", "continuation"]),
 ('Perez says too many women are torn. "We will finish the bridge before winter comes."', ["previous"]),
 ('Perez says too many women are torn.\n\n"We will finish the bridge before winter comes."', [""]),
 ('Transcript as follows:\n\n"We will finish the bridge before winter comes."', ["previous"]),
 ('"We will finish the bridge before the winter comes."\n― Carla Sanchez', ["sentence"]),
 ('"We will finish the bridge before the winter comes." [Reuters.]', ["sentence"]),
 ('"Museum to open its new wing next spring," by Times reporter Ann Lee. The wing holds maps.', ["sentence"]),
 ('The posters were blunt. "No to more roads in the valley" (2005) was the first of them.', ["sentence"]),
 ('The council met on Monday.\n\n"We will finish the bridge before the winter comes."', [""]),
 ('The bottles that said "we will finish the bridge before winter" sold out.', ["sentence"]),
 # a paragraph quotes one speaker: one sentence of the writer's between keeps the speaker
 ('"We will finish the bridge before winter," said Ana Lopez. She has run the firm for years. "Nobody here has missed a deadline."',
  ["sentence", "paragraph"]),
 # ... but not across a sentence with a verb of saying (someone else may be speaking)
 ('"We will finish the bridge before winter," said Ana Lopez. The mayor insisted otherwise. "Nobody here has missed a deadline."',
  ["sentence", ""]),
 # ... nor after a word or two quoted in the writer's sentence
 ('The plan was a "mistake," Lopez said. She has run the firm for years. "Nobody here has missed a deadline."', ["sentence", ""]),
 # ... nor into the next paragraph
 ('"We will finish the bridge before winter," said Ana Lopez. She has run the firm for years.\n\n"Nobody here has missed a deadline."',
  ["sentence", ""]),
]


@pytest.mark.parametrize("text, how", QUOTE_GUARDS)
def test_quote_attribution_guard(text: str, how: list[str]) -> None:
    assert [q.how for q in load_text("t.txt", text)[0].attribution.quotes] == how


@pytest.mark.parametrize(
    "reason",
    [
        "who was not authorized to speak publicly",
        "who spoke on condition of anonymity because the talks are private",
        "speaking on condition of anonymity to discuss the talks",
        "who asked that her name be withheld for fear of reprisal",
    ],
)
def test_reasons_for_anonymity_come_from_the_lexicon(reason: str) -> None:
    from newslint.ruleset import bundled_rules_dir, compile_rule, read_rule_file

    rule = compile_rule(read_rule_file(bundled_rules_dir() / "anonymous-source.yaml"))
    unexplained = "A senior official said the talks had stalled."
    explained = f"A senior official, {reason}, said the talks had stalled."
    assert list(rule.check(load_text("t.txt", unexplained)[0]))
    assert not list(rule.check(load_text("t.txt", explained)[0]))
    extra = rule.configured(None, {"reasons": [r"\bgave no name\b"]})
    assert not list(extra.check(load_text("t.txt", "A senior official, who gave no name, said the talks had stalled.")[0]))


# Quotations that no speaker attributes, or that are not statements: (how, statement) for each.
STATEMENT_GUARDS = [
    # a cue opening its clause has lost its subject: what follows is what was said, not who
    ('Said Stein complied with "every rule the commission has set for the debates."', [("", False)]),
    ('And said L2\'s work is "the best voter data anyone has put together this year."', [("", False)]),
    # a title of a work, introduced as one
    ('She starred in a film titled "The Day the Bridge Came Down Over the River."', [("", False)]),
    # capitalised words woven in straight after a word of the writer's, with no stop inside
    ('He talked about a "New Labour manifesto for all sections of society".', [("", False)]),
    # a quotation used as a noun: no closing punctuation inside, the sentence goes on
    ("''I am committed to the people of this state'' sounds great on a campaign sign.", [("", False)]),
    # a fragment woven into the writer's sentence
    ('Critics called the plan "a giveaway to developers who fund the mayor."', [("", False)]),
    # "read" after a quote: the sign speaks
    ('"Lopez: We will finish the bridge before the winter comes," read the sign.', [("sentence", True)]),
]


@pytest.mark.parametrize("text, expected", STATEMENT_GUARDS)
def test_statement_guard(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(q.how, q.statement) for q in load_text("t.txt", text)[0].attribution.quotes] == expected
