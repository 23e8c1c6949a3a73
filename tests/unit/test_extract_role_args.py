"""Actors and targets are the dependency-parse arguments of the event trigger (issue #3).

Every sentence here is written for strikewire (fictional events between real states and places)."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract import Extractor
from schemas.models import ActorKind, Article, Mention

pytestmark = pytest.mark.slow

WEDNESDAY = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)


def extract(ex: Extractor, body: str) -> list[Mention]:
    article = Article(
        id="ra1", source="wire.test", url=None, title="", body=body, published_at=WEDNESDAY, language="en"
    )
    return ex.extract(article)


def one(ex: Extractor, body: str, sub_event_type: str | None = None) -> Mention:
    ms = [m for m in extract(ex, body) if sub_event_type is None or m.sub_event_type == sub_event_type]
    assert len(ms) == 1, [(m.sub_event_type, m.actors, m.targets) for m in ms]
    return ms[0]


def texts(actors) -> list[str]:
    return [a.text for a in actors]


def test_role_args_verb_subject_acts_object_is_target(ex: Extractor) -> None:
    m = one(ex, "Rebels attacked an army convoy near Kidal on Tuesday.")
    assert texts(m.actors) == ["Rebels"]
    assert m.actors[0].kind == ActorKind.MILITANTS
    # the whole noun phrase as written, its kind from the party word modifying it
    assert texts(m.targets) == ["an army convoy"]
    assert m.targets[0].kind == ActorKind.STATE_FORCES


def test_role_args_passive_agent_acts(ex: Extractor) -> None:
    m = one(ex, "A police officer was killed by gunmen in Peshawar on Monday.")
    assert texts(m.actors) == ["gunmen"]
    assert texts(m.targets) == ["A police officer"]
    assert m.targets[0].kind == ActorKind.POLICE


@pytest.mark.parametrize(
    "body",
    [
        "Strikes by Israel on Hamas positions in Gaza killed four people on Tuesday.",
        "Israel's strikes on Hamas positions in Gaza killed four people on Tuesday.",
    ],
)
def test_role_args_noun_trigger_by_possessor_and_on(ex: Extractor, body: str) -> None:
    m = one(ex, body)
    assert [a.country for a in m.actors] == ["ISR"]
    assert "Hamas positions" in texts(m.targets)
    assert "four people" in texts(m.targets)


def test_role_args_relative_pronoun_stands_for_its_noun(ex: Extractor) -> None:
    m = one(ex, "A suicide bomber who detonated his vest at a checkpoint killed six soldiers in Mogadishu.")
    assert texts(m.actors) == ["A suicide bomber"]
    assert "six soldiers" in texts(m.targets)
    assert "his vest" not in texts(m.targets)  # a weapon is not a party


def test_role_args_victim_of_noun_trigger_is_target_not_actor(ex: Extractor) -> None:
    m = one(ex, "Two soldiers died in a rebel attack on a checkpoint near Goma.")
    assert texts(m.actors) == ["rebel"]
    assert {"Two soldiers", "a checkpoint"} <= set(texts(m.targets))


def test_role_args_clause_subject_of_other_verb_is_not_actor(ex: Extractor) -> None:
    body = (
        "A column of smoke, the result of an artillery strike on the fuel depot, rose over the town of "
        "Saraqib in Idlib province on Monday, residents said."
    )
    m = one(ex, body)
    assert not any("smoke" in t.lower() for t in texts(m.actors))
    assert texts(m.targets) == ["the fuel depot"]


def test_role_args_act_noun_of_phrase_is_target(ex: Extractor) -> None:
    m = one(ex, "The bombing of the market in Kabul killed 20 people.")
    assert {"the market", "20 people"} <= set(texts(m.targets))


def test_role_args_two_sided_clash(ex: Extractor) -> None:
    m = one(ex, "Rebels clashed with soldiers near Goma on Tuesday.")
    assert texts(m.actors) == ["Rebels"]
    assert texts(m.targets) == ["soldiers"]
    m = one(
        ex, "Clashes between police and protesters in Lagos left two people dead on Monday.", "Armed clash"
    )
    assert texts(m.actors) == ["police"]
    assert texts(m.targets) == ["protesters"]


def test_role_args_countries_from_the_gazetteer_inside_phrases(ex: Extractor) -> None:
    m = one(ex, "Pakistani troops shelled Indian posts along the border in Kashmir on Sunday.")
    assert [(a.text, a.country, a.kind) for a in m.actors] == [
        ("Pakistani troops", "PAK", ActorKind.STATE_FORCES)
    ]
    assert [(t.text, t.country) for t in m.targets] == [("Indian posts", "IND")]


def test_role_args_led_names_the_actor(ex: Extractor) -> None:
    m = one(ex, "The US-led coalition carried out airstrikes on militant positions near Raqqa on Sunday.")
    assert [a.country for a in m.actors] == ["USA"]
    assert texts(m.targets) == ["militant positions"]


def test_role_args_accused_is_actor_of_the_act(ex: Extractor) -> None:
    body = "Police arrested a man in connection with the shooting of two teenagers in Dayton on Friday."
    m = one(ex, body, "Attack")
    assert texts(m.actors) == ["a man"]
    assert texts(m.targets) == ["two teenagers"]
    arrest = one(ex, body, "Arrests")
    assert texts(arrest.actors) == ["Police"]


def test_role_args_he_resolved_inside_sentence_or_dropped(ex: Extractor) -> None:
    m = one(
        ex, "A police officer will not face charges after prosecutors said he shot a man in Dayton on Friday."
    )
    assert texts(m.actors) == ["A police officer"]  # never the speaker ("prosecutors")
    assert texts(m.targets) == ["a man"]
    m = one(ex, "Prosecutors said on Friday that he shot and killed a man outside a bar in Dayton, Ohio.")
    assert m.actors == ()  # no antecedent in the sentence: left out, not guessed


def test_role_args_wounded_person_is_target(ex: Extractor) -> None:
    m = one(ex, "A man was found with gunshot wounds on Elm Street in Dayton on Friday.")
    assert m.actors == ()
    assert texts(m.targets) == ["A man"]


def test_role_args_characterising_clause_is_no_event(ex: Extractor) -> None:
    body = (
        "The army said it had arrested members of a militant group that has attacked police posts in "
        "the region."
    )
    assert not [m for m in extract(ex, body) if m.event_type in ("Violence against civilians", "Battles")]


def test_role_args_violent_mention_with_only_a_target_is_kept(ex: Extractor) -> None:
    # no actor, place or count: who was hit is still worth reporting for a violent act
    m = one(ex, "Mortar fire struck the army convoy on Tuesday morning.")
    assert m.actors == () and m.place is None
    assert texts(m.targets) == ["the army convoy"]
    assert m.targets[0].kind == ActorKind.STATE_FORCES
