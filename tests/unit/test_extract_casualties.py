"""Casualty phrases, qualifiers and victim breakdown (pure helper, no model).

Every sentence is written for strikewire.
"""

from __future__ import annotations

import pytest

from agents.extract.casualties import find_casualties


def _kinds(text: str) -> dict[str, tuple[int | None, str, dict]]:
    out: dict[str, tuple[int | None, str, dict]] = {}
    for c in find_casualties(text):
        out.setdefault(c.kind, (c.count, c.qualifier, c.victims))
    return out


@pytest.mark.parametrize(
    ("text", "kind", "count", "qualifier"),
    [
        ("State television said three women and four children were killed.", "killed", 7, "exact"),
        ("The raid killed at least 12 people in the market.", "killed", 12, "at_least"),
        ("Officials said about 30 people were wounded.", "injured", 30, "about"),
        ("Up to 40 fighters died in the clashes.", "killed", 40, "at_most"),
        ("A number of terrorists were killed in the operation.", "killed", None, "unknown"),
        ("Several soldiers were injured when the convoy was hit.", "injured", None, "unknown"),
        ("A 19-year-old man was shot and killed outside a store.", "killed", 1, "exact"),
        ("Two people died and 5 were injured.", "injured", 5, "exact"),
        ("One dead, four wounded in overnight gunfire", "killed", 1, "exact"),
        ("The death toll rose to 15 on Sunday.", "killed", 15, "exact"),
        ("The gunman fatally shot a police officer and wounded two deputies.", "killed", 1, "exact"),
        ("The gunman fatally shot a police officer and wounded two deputies.", "injured", 2, "exact"),
        ("The bombing left twenty-two people dead.", "killed", 22, "exact"),
        ("4 shot outside a nightclub on the West Side", "injured", 4, "exact"),  # a headline's count
        ("Three police personnel were martyred when a bomb exploded.", "killed", 3, "exact"),
        # the active voice: the subject killed, the object is the toll
        ("A gunman killed six people at a school on Tuesday.", "killed", 6, "exact"),
        ("A suicide bomber killed at least 12 people outside the ministry.", "killed", 12, "at_least"),
        ("Bond Hill mother dies 9 days after shooting", "killed", 1, "exact"),  # "dies" takes no object
        # a bare number after the verb, no noun: a headline's "kills five in Rafah", a lede's "at least 7"
        ("Israeli strike kills five in Rafah", "killed", 5, "exact"),
        ("The blast killed at least 7, officials said.", "killed", 7, "at_least"),
        ("A car bomb killed seven and wounded 12 in the market.", "injured", 12, "exact"),
        ("Two shot, one fatally, outside a market", "killed", 1, "exact"),
        # a map's coordinates before the lede are no count: the decimals are not "56046" people
        ("41.68006 -83.56046 One boy accidentally shot the other boy.", "injured", 1, "exact"),
        ("Marcus Dale Reed Jr., a 31-year-old cook, died Friday after being shot.", "killed", 1, "exact"),
        ("Officials said two soldiers and a policeman were among the dead.", "killed", 3, "at_least"),
        ("Two soldiers were among the 14 people killed in the raid.", "killed", 14, "exact"),
        ("Among the wounded were four police officers, the ministry said.", "injured", 4, "at_least"),
        ("The dead were two women, three children and a man, officials said.", "killed", 6, "exact"),
        ("The dead included two soldiers, the army said.", "killed", 2, "at_least"),
    ],
)
def test_casualties_counts(text: str, kind: str, count: int | None, qualifier: str) -> None:
    got = _kinds(text)
    assert kind in got, got
    assert got[kind][:2] == (count, qualifier)


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        ("State television said three women and four children were killed.", {"women": 3, "children": 4}),
        ("The strike killed seven people, including two children.", {"children": 2}),
        ("Four policemen were killed in the ambush.", {"police": 4}),
        ("A number of militants were killed.", {"militants": None}),
        ("Five soldiers and two civilians were killed.", {"soldiers": 5, "civilians": 2}),
        ("Local media said two women and five children were among the dead.", {"women": 2, "children": 5}),
        ("Among those killed were three children, the agency said.", {"children": 3}),
        ("A woman and two boys were among the eleven people killed on Sunday.", {"women": 1, "children": 2}),
        ("The dead were two women, three children and a man, officials said.", {"women": 2, "children": 3}),
    ],
)
def test_casualties_victim_breakdown(text: str, victims: dict) -> None:
    (_count, _q, got) = _kinds(text)["killed"]
    assert got == victims


@pytest.mark.parametrize(
    "text",
    [
        "He was shot three times in 2015.",
        "The team killed it on the dance floor, fans said.",
        "He was 25 when he joined the force.",
        "The family held a vigil on Sunday.",
    ],
)
def test_casualties_none(text: str) -> None:
    assert "killed" not in _kinds(text)


@pytest.mark.parametrize(
    "text",
    ["He fired one shot at the car.", "One shot rang out before dawn.", "Residents heard two shot(s)."],
)
def test_casualties_a_gunshot_counted_is_no_one_shot(text: str) -> None:
    assert find_casualties(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("No one was hurt when the rounds struck the parked cruiser.", "injured"),
        ("Deputies are looking for two men who shot at a delivery van on Elm Street.", "injured"),
        ("The mother of three is dead after the late-night shooting, relatives said.", "killed"),
        ("The round missed the clerk by inches, nearly killing her.", "killed"),
        ("Prosecutors say he tried to kill his neighbour with a rifle.", "killed"),
    ],
)
def test_casualties_not_said(text: str, kind: str) -> None:
    """A negated or unrealised harm, the shooters of "who shot at", "a mother of three": no count."""
    assert kind not in _kinds(text)


def test_casualties_adjectives_stop_at_a_clause() -> None:
    """ "FOX 9 has learned that deputies shot ..." is no group of nine deputies who were shot."""
    got = _kinds("Channel 9 has learned that deputies shot the driver after the chase.")
    assert got.get("injured", (None,))[0] != 9


@pytest.mark.parametrize(
    ("text", "another"),
    [
        ("Another man was shot in the arm.", True),
        ("The cashier was also wounded, police said.", True),
        ("The officer also shot and killed a bystander.", True),
        ("He was convicted of the murder of another man who was shot dead.", False),
        ("A man was shot in the arm.", False),
    ],
)
def test_casualties_another_victim(text: str, another: bool) -> None:
    """A singular victim said to be one more ("another", "also") is marked so: it adds to the others."""
    got = [c for c in find_casualties(text) if c.count == 1]
    assert got and got[0].another is another


@pytest.mark.parametrize(
    ("text", "kind", "count", "qualifier"),
    [
        ("Detectives are investigating a double shooting on Ash Street.", "injured", 2, "exact"),
        ("Officers said the case appears to be a murder-suicide.", "killed", 2, "at_least"),
        ("Police called the deaths on Lake Road a double murder-suicide.", "killed", 3, "exact"),
        ("Both men were taken to a hospital, where they died hours later.", "killed", 2, "exact"),
    ],
)
def test_casualties_named_by_their_victims(text: str, kind: str, count: int, qualifier: str) -> None:
    """ "A double shooting": two shot; "a murder-suicide": the victim and the killer; "where they died"."""
    got = _kinds(text)[kind]
    assert (got[0], got[1]) == (count, qualifier)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Six deputies have been wounded on duty this year alone, the sheriff said.", "injured"),
        ("It was the deadliest month since 2009, when 31 people were killed.", "killed"),
        ("The bar is where a gunman killed two men during a brawl in the summer of 2013.", "killed"),
        ("The worst was in 2011, when a sniper on the overpass killed nine drivers.", "killed"),
        ("So far in 2023, 212 people have been murdered in the county.", "killed"),
        ("Through the end of May 118 people were murdered across the state.", "killed"),
        ("Crime statistics for 2022 show 97 people were slain in the city.", "killed"),
        ("At least 14 people were killed and 30 hurt in separate shootings over the holiday.", "killed"),
        ("At least 14 people were killed and 30 hurt in separate shootings over the holiday.", "injured"),
        ("More than 60 people were shot in the city in August alone.", "injured"),
    ],
)
def test_casualties_of_a_tally_or_an_old_case(text: str, kind: str) -> None:
    """A count dated to a year or a tally ("this year", "since 2009, when ...", "so far in 2023", "in
    separate shootings", "in August alone") is not the article's."""
    assert kind not in _kinds(text)


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("0:58 Woman found dead in a parked car; police seek a driver", "killed", None),  # a video's length
        ("Photo 3 of 12 A man died Friday after he was shot on the porch", "killed", 1),  # a gallery
        ("Related stories March 4, 2021 Teen dies after he was shot at a party", "killed", None),  # a year
        ("The boy who was shot outside the school on April 22 died in hospital on Monday.", "killed", None),
        ("UPDATE: 9 year-old boy killed in hunting accident near the lake", "killed", 1),  # an age
        ("Deputies said Ana Ruiz, 71 and Tomas Ruiz, 73 were found dead in the kitchen.", "killed", None),
    ],
)
def test_casualties_a_number_that_is_no_count(text: str, kind: str, count: int | None) -> None:
    """A clock or a video's length, a gallery's caption, a day, a year or an age before the victims is not
    their number (the victim said without a number may still count as one)."""
    assert _kinds(text).get(kind, (None,))[0] == count


def test_casualties_an_age_inside_the_victims_keeps_their_count() -> None:
    got = _kinds("Police say a 31-year-old man and a 15-year-old girl were shot near the station.")
    assert got["injured"][0] == 2


def test_casualties_a_tally_after_a_comma_keeps_the_victim() -> None:
    got = _kinds("A man was shot and killed Sunday, the county's ninth homicide so far this year.")
    assert got["killed"][0] == 1


@pytest.mark.parametrize(
    "text",
    [
        "He died of multiple gunshot wounds and his death was ruled a homicide.",  # "an" is no number
        "No one was injured and the suspect fled.",
        "The troopers applied pressure to his wounds and spoke with him.",
    ],
)
def test_no_bare_count_from_an_article_word(text: str) -> None:
    assert "injured" not in _kinds(text)


def test_no_bare_count_from_a_clock() -> None:
    # "wounded about 12:30 p.m." tells when, not twelve more wounded
    assert _kinds("A 19-year-old was wounded about 12:30 p.m. on Sunday.")["injured"][0] == 1
