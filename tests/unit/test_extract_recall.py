"""Recall rules of the extract stage: lone victims without a number, "N shot, M fatally", new conflict
triggers (war, massacre, skirmish, bombardment, invasion, ...) and plain noun phrases as actors/targets.

Every sentence here is written for strikewire.
"""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract import Extractor
from agents.extract.casualties import find_casualties
from schemas.models import Article

FRIDAY = dt.datetime(2025, 6, 13, 12, 0, tzinfo=dt.UTC)


def _counts(text: str) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for c in find_casualties(text):
        out.setdefault(c.kind, c.count)
    return out


# ------------------------------------------------------------------ casualties: one victim, no number
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("He was pronounced dead at the county hospital shortly after midnight.", "killed"),
        ("Marla Jensen, 34, died at the scene, deputies said.", "killed"),
        ("Okafor was later shot and killed by officers.", "killed"),
        ("Police say the store clerk was accidentally shot and killed.", "killed"),
        ("A teenager shot and killed his 12-year-old cousin on Sunday.", "killed"),
        ("Detectives are still looking for whoever shot and killed him.", "killed"),
        ("Two men are charged in the fatal shooting of a bakery owner.", "killed"),
        ("It was a robbery that left 31-year-old Dana Pruitt dead.", "killed"),
        ("Cyclist hit by stray bullet dies", None),  # no victim noun phrase the rules know: nothing invented
        ("A bus driver was wounded in the leg.", "injured"),
        ("She was hospitalized in stable condition.", "injured"),
        ("A stray round struck a neighbour, who was taken to hospital.", "injured"),
    ],
)
def test_one_victim_counts_one(text: str, kind: str | None) -> None:
    got = _counts(text)
    if kind is None:
        assert "killed" not in got, got
    else:
        assert got.get(kind) == 1, got


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Toddler shoots himself with a relative's pistol", 1),
        ("Cashier shot during holdup at gas station", 1),
        ("Neighbours called police after man shot outside a laundromat", 1),
        ("A retired teacher is accused of shooting his neighbour over a fence.", 1),
        ("She shot at the tyres of the fleeing van.", None),  # active "shot at": nobody said to be hit
    ],
)
def test_someone_shot_is_one_injured(text: str, count: int | None) -> None:
    assert _counts(text).get("injured") == count


def test_shot_then_fatally_splits_killed_and_injured() -> None:
    got = {
        c.kind: c for c in find_casualties("Three men were shot, one fatally, outside a bar on Elm Street.")
    }
    assert got["killed"].count == 1
    assert got["injured"].count == 3 and got["injured"].shot  # the extractor subtracts the killed


def test_shot_of_them_fatally() -> None:
    got = _counts("Six people were shot, two of them fatally, at the parade.")
    assert got["killed"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "The gunfire left a 40-year-old man injured.",
        "The crash left three people stranded on the highway.",
    ],
)
def test_left_without_dead_is_not_killed(text: str) -> None:
    assert "killed" not in _counts(text)


@pytest.mark.parametrize(
    "text",
    [
        "A 28-year-old man was charged on Tuesday.",
        "The suspect fired a .45 caliber handgun at 2300 West Elm Street in 2015.",
        "Only one man was early for the hearing.",
    ],
)
def test_numbers_that_are_not_victims(text: str) -> None:
    assert find_casualties(text) == []


# ------------------------------------------------------------------- extractor (model): event level
def art(body: str, title: str = "") -> Article:
    return Article(
        id="rc1", source="wire.test", url=None, title=title, body=body, published_at=FRIDAY, language="en"
    )


@pytest.mark.slow
def test_lone_victim_article_counts_one_killed(ex: Extractor) -> None:
    ms = ex.extract(
        art(
            "A man was shot and killed outside a convenience store on Thursday night, police said. "
            "He was pronounced dead at the scene.",
            title="Man shot dead outside store",
        )
    )
    assert ms and max(m.casualties.killed or 0 for m in ms) == 1
    assert all((m.casualties.injured or 0) == 0 for m in ms)


@pytest.mark.slow
def test_shot_one_fatally_event_counts(ex: Extractor) -> None:
    ms = ex.extract(art("Two men were shot, one fatally, in a parking lot on Friday, police said."))
    assert ms
    m = max(ms, key=lambda m: m.confidence)
    assert (m.casualties.killed, m.casualties.injured) == (1, 1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "event_type"),
    [
        (
            "Rebels and government soldiers fought skirmishes near the river, killing two, the army said.",
            "Battles",
        ),
        ("Government troops launched an invasion of the northern province, killing dozens.", "Battles"),
        ("Witnesses said militiamen carried out a massacre in the village, killing 30 civilians.", None),
        (
            "Militiamen committed a massacre in the village, killing 30 civilians.",
            "Violence against civilians",
        ),
        ("Artillery units kept bombarding the town throughout the night, residents said.", None),
        ("Troops detonated explosives under the bridge, killing four militants.", None),
    ],
)
def test_new_conflict_triggers(ex: Extractor, body: str, event_type: str | None) -> None:
    ms = ex.extract(art(body))
    assert ms, body
    if event_type:
        assert any(m.event_type == event_type for m in ms)


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "The two airlines are locked in a price war over transatlantic fares.",
        "The senators traded insults in a war of words on Tuesday.",
        "The sprinter launched an assault on the record at the meeting.",
        "The protesters were bombarded with leaflets by campaigners.",
    ],
)
def test_metaphors_are_not_events(ex: Extractor, body: str) -> None:
    assert ex.extract(art(body)) == []


@pytest.mark.slow
def test_plain_noun_phrases_are_actor_and_target(ex: Extractor) -> None:
    ms = ex.extract(art("The rebels attacked the convoy near the border on Thursday, officials said."))
    assert ms
    m = ms[0]
    assert any(a.text.lower() == "the rebels" for a in m.actors)
    t = next(t for t in m.targets if t.text.lower() == "the convoy")
    assert t.name == "convoy" and t.country is None


@pytest.mark.slow
def test_act_noun_is_not_its_own_target(ex: Extractor) -> None:
    ms = ex.extract(
        art("Rebels and government soldiers fought skirmishes near the river, killing two, the army said.")
    )
    assert ms
    assert not any("skirmish" in t.text.lower() for m in ms for t in m.targets)
    assert {a.name for a in ms[0].actors} >= {"militants", "state forces"}


@pytest.mark.slow
def test_weapons_are_not_parties(ex: Extractor) -> None:
    ms = ex.extract(
        art("Army jets and drones bombed rebel hideouts near Kalemie, killing 12 militants, the army said.")
    )
    assert ms
    assert not any(
        a.text.lower() in ("jets", "drones", "army jets") for m in ms for a in m.actors + m.targets
    )
