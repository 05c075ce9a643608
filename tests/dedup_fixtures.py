"""Short stories written for the near-duplicate tests: an original, a lightly edited copy, a
paraphrased rewrite (by hand: new wording, same facts, names and numbers) and unrelated stories."""

STORY = """Harbour bridge closed after ferry strikes pier

The Kestrel Bay harbour bridge was closed on Tuesday after the ferry Marlow Star struck one of its
piers during a storm, the port authority said. Engineers from Dunmore Council inspected the damage
overnight and found cracks in two of the 14 concrete supports. Repairs are expected to cost 3.2
million pounds and take six weeks, council leader Agnes Whitcombe said. About 18,000 drivers cross
the bridge every day and will be diverted through Carrow Road. The ferry operator, Northwind Lines,
said none of the 212 passengers was hurt and that the captain had reported an engine failure minutes
before the collision. Police closed the approach roads and set up a cordon near the terminal.
"""

COPY = STORY.replace("through Carrow Road", "via Carrow Road").replace(
    "council leader Agnes Whitcombe said.", "council leader Agnes Whitcombe said on Wednesday.")

REWRITE = """Storm-hit ferry forces Kestrel Bay bridge closure

Kestrel Bay's harbour bridge closed on Tuesday when the Marlow Star ferry struck a pier in a storm.
Dunmore Council engineers found cracks in two of its 14 concrete supports overnight. Council leader
Agnes Whitcombe put repairs at 3.2 million pounds and six weeks. The 18,000 daily drivers face a
diversion via Carrow Road. Northwind Lines said all 212 passengers were unhurt; the captain had
reported an engine failure before the collision.
"""

UNRELATED = [
    """Library reopens with longer hours

The central library in Ashford reopened on Monday after a year of building work, with evening hours
on weekdays and a new children's reading room paid for by a local trust. Librarian Priya Nandakumar
said visitors had already borrowed more than 600 books on the first morning.
""",
    """Orchestra names new conductor

The Fenwick Philharmonic has appointed the Estonian conductor Mart Kivisild as its music director
from next season, ending a two-year search. He will lead 40 concerts a year and a youth programme in
schools across the county, the orchestra's board announced in a statement on Friday.
""",
    """Rainfall record broken in valley towns

Weather stations in the Oster valley measured 87 millimetres of rain in a single day, the highest
total since records began in 1921. Farmers said low fields were flooded and several lanes near
Millbrook remained closed to traffic while crews cleared fallen branches and mud.
""",
]

# A follow-up a week later: it repeats the background of STORY but reports new facts (new names
# and numbers), so it is the same subject, not the same story rewritten.
FOLLOW_UP = """Kestrel Bay bridge to reopen early

Halvorsen Structures said on Monday that the Kestrel Bay harbour bridge would reopen on 9 March,
after its crews replaced the two cracked concrete supports, site manager Priya Okonjo said.
The bridge was closed after the ferry Marlow Star struck one of its piers during a storm. Engineers
from Dunmore Council inspected the damage overnight and found cracks in two of the 14 concrete
supports. About 18,000 drivers cross the bridge every day and have been diverted through Carrow Road.
"""

# A later story that repeats the background paragraph of STORY word for word under a new lead: it
# brings no name or number of its own (key containment cannot tell it from a rewrite), but what it
# shares it shares verbatim, while a rewrite says the same facts in other words.
BACKGROUND_FOLLOW_UP = """Kestrel Bay bridge repairs delayed

Repairs to the Kestrel Bay harbour bridge will take longer than planned because the storm damage is
worse than engineers first thought, Dunmore Council admitted. Agnes Whitcombe told angry councillors
that the crossing would stay shut for several more weeks while contractors were found.

The Kestrel Bay harbour bridge was closed on Tuesday after the ferry Marlow Star struck one of its
piers during a storm, the port authority said. Engineers from Dunmore Council inspected the damage
overnight and found cracks in two of the 14 concrete supports. About 18,000 drivers cross the bridge
every day and will be diverted through Carrow Road. The ferry operator, Northwind Lines, said none of
the 212 passengers was hurt.
"""

# A story, a bot-style rewrite of it (new words, no fact of its own) and the story of the next day:
# the follow-up restates the first day in other words (it passes every test that STRIKE_REWRITE
# passes) but brings names and numbers of its own (3.1, Imogen Falstaff, 250,000, Ronald Keeble,
# ACAS), while the first day keeps some the follow-up does not repeat (2019, Wexley, Mayfield Road).
STRIKE = """Bus drivers walk out over pay in Harrowgate

About 600 bus drivers employed by Tressel Transport walked out on Monday in a dispute over pay, leaving
Harrowgate without most of its 42 routes. The Unity Transit Workers union said the company had offered
a rise of 2.5 per cent, below inflation, and that talks at the Carnforth depot had broken down on Sunday.
Union organiser Dafydd Pryce said drivers had not had a real-terms rise since 2019. Tressel Transport
said it had run 11 routes with managers at the wheel and urged passengers to check its website. Schools
in the Wexley district told pupils to walk or cycle, and traffic on Mayfield Road was at a standstill
by eight o'clock.
"""

STRIKE_REWRITE = """Harrowgate bus strike: drivers stop work in pay row

Some 600 Tressel Transport drivers stopped work on Monday over pay, halting most of Harrowgate's 42
bus routes. According to the Unity Transit Workers union, the firm offered 2.5 per cent, less than
inflation, and negotiations at the Carnforth depot collapsed on Sunday. Organiser Dafydd Pryce said
drivers have gone without a real-terms increase since 2019. Tressel Transport managed 11 routes using
managers as drivers and asked travellers to consult its website. Wexley district schools advised
pupils to walk or cycle, while Mayfield Road traffic stood still by eight.
"""

STRIKE_DAY_TWO = """Harrowgate bus strike enters second day as talks resume

About 600 bus drivers employed by Tressel Transport, who walked out on Monday, stayed away again on Tuesday in their
dispute over pay, and most of Harrowgate's 42 routes again had no buses. Talks with the Unity Transit
Workers union resumed at the Carnforth depot, where they had broken down on Sunday, and the company
raised its offer from 2.5 to 3.1 per cent, still below inflation. Union organiser Dafydd Pryce called
it "a step, but not enough for drivers who have waited years for a real-terms rise". Tressel Transport
again ran 11 routes with managers at the wheel and urged passengers to check its website. Council
leader Imogen Falstaff said the walkout had cost shops in the town centre about 250,000 pounds. A
ballot on the new offer closes on Friday; the mediator Ronald Keeble of ACAS is chairing the talks.
"""
