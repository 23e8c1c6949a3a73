"""Role, place and merge rules of the extract stage (claimants, metonyms, anaphora, diplomatic sides).

Every sentence here is written for strikewire (fictional events between real states)."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract import Extractor
from schemas.models import Article

pytestmark = pytest.mark.slow

WEDNESDAY = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)


def art(body: str, title: str = "") -> Article:
    return Article(
        id="r1", source="wire.test", url=None, title=title, body=body, published_at=WEDNESDAY, language="en"
    )


def countries(actors) -> set[str | None]:
    return {a.country for a in actors}


def violent(ms):
    return [
        m
        for m in ms
        if m.event_type in ("Explosions/Remote violence", "Violence against civilians", "Battles")
    ]


def test_claimant_is_not_actor_of_embedded_strike(ex: Extractor) -> None:
    body = "Turkey said a Syrian drone strike had killed four soldiers near Kilis on Tuesday."
    (m,) = violent(ex.extract(art(body)))
    assert countries(m.actors) == {"SYR"}
    assert any(c.claimant == "Turkey" for c in m.claims)


def test_commenting_subject_is_not_actor(ex: Extractor) -> None:
    body = (
        "Armenia launched an artillery attack on Azerbaijani positions near Tovuz on Tuesday.\n\n"
        "Azerbaijan's foreign ministry called the attack a grave provocation."
    )
    ms = violent(ex.extract(art(body)))
    assert len(ms) == 1
    assert countries(ms[0].actors) == {"ARM"}


def test_reporting_subject_not_fallback_actor(ex: Extractor) -> None:
    body = "Niger says six villagers were killed in the raid near Tillaberi."
    for m in violent(ex.extract(art(body))):
        assert "NER" not in countries(m.actors)


def test_diplomatic_act_never_same_country_on_both_sides(ex: Extractor) -> None:
    body = (
        "The Foreign Office said it had summoned the senior-most Indian diplomat in Dhaka to lodge a protest."
    )
    ms = ex.extract(art(body))
    summons = [m for m in ms if m.sub_event_type == "Envoy summoned"]
    assert len(summons) == 1
    assert countries(summons[0].actors) == {"BGD"}
    assert countries(summons[0].targets) == {"IND"}
    # the protest lodged with the summons is part of it, not a second event
    assert not [m for m in ms if m.sub_event_type == "Condemnation"]
    for m in ms:
        assert not (countries(m.actors) & countries(m.targets) - {None})


def test_explanation_fragment_folds_into_summons(ex: Extractor) -> None:
    body = (
        "Ethiopia summoned Kenya's ambassador in Addis Ababa on Tuesday over the border incident.\n\n"
        "The ministry demanded an explanation from Nairobi, state media reported."
    )
    subs = [m.sub_event_type for m in ex.extract(art(body))]
    assert subs.count("Envoy summoned") == 1
    assert "Explanation demanded" not in subs


def test_diplomatic_act_never_carries_the_dead_of_the_act_it_protests(ex: Extractor) -> None:
    """The dead belong to the strikes the summons is about, not to the summons; with a violent act in the
    article they go to it."""
    body = (
        "Ethiopia's foreign ministry summoned Kenya's envoy in Addis Ababa on Tuesday to protest against "
        "Kenyan raids that state media said killed eleven herders near Moyale.\n\n"
        "Twelve people were wounded, officials said."
    )
    ms = ex.extract(art(body))
    (summons,) = [m for m in ms if m.sub_event_type == "Envoy summoned"]
    assert summons.casualties.killed is None and summons.casualties.injured is None
    body = "Kenyan troops shelled a village near Moyale on Monday.\n\n" + body
    ms = ex.extract(art(body))
    (summons,) = [m for m in ms if m.sub_event_type == "Envoy summoned"]
    assert summons.casualties.killed is None
    assert any(m.casualties.injured == 12 for m in violent(ms))


def test_capital_metonym_is_not_the_place(ex: Extractor) -> None:
    body = "Moscow (AFP) - Ukraine launched drone strikes on an oil depot in Bryansk on Tuesday, Moscow said."
    (m,) = violent(ex.extract(art(body)))
    assert m.place is not None and m.place.name != "Moscow"
    assert countries(m.actors) == {"UKR"}


def test_anaphoric_redescription_merges(ex: Extractor) -> None:
    body = (
        "Israeli warplanes struck a building in Khan Younis on Tuesday, killing five people.\n\n"
        "Residents said the strike flattened two houses.\n\n"
        "Nine people were wounded in the attack, medics said."
    )
    ms = violent(ex.extract(art(body)))
    assert len(ms) == 1
    assert ms[0].casualties.killed == 5 and ms[0].casualties.injured == 9


def test_same_sentence_redescription_merges(ex: Extractor) -> None:
    body = "Sudan's air force bombed positions in El Fasher on Tuesday, killing 12 people in a deadly attack."
    assert len(violent(ex.extract(art(body)))) == 1


def test_mention_without_actor_place_or_casualties_dropped(ex: Extractor) -> None:
    body = "Officials described the attack as cowardly and promised a response."
    assert violent(ex.extract(art(body))) == []


def test_last_week_recap_is_background(ex: Extractor) -> None:
    body = (
        "The two countries agreed on Wednesday to reopen the border.\n\n"
        "The agreement follows a week in which each side shelled the other's border posts, "
        "killing at least 11 people."
    )
    assert violent(ex.extract(art(body))) == []


def test_protest_blames_strike_on_protested_state(ex: Extractor) -> None:
    body = (
        "Pakistan recalled its ambassador from Afghanistan on Tuesday.\n\n"
        "Three children were killed in the drone strike in Khyber Pakhtunkhwa province."
    )
    (m,) = violent(ex.extract(art(body)))
    assert countries(m.actors) == {"AFG"}


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ("A male suspect shot two men outside a bar in Dayton, Ohio, on Saturday, police said.", "MDV"),
        ("Jordan Smith, 19, was shot dead in Atlanta, Georgia, on Friday night, police said.", "GEO"),
    ],
)
def test_gun_violence_places_and_types(ex: Extractor, body: str, bad: str) -> None:
    ms = ex.extract(art(body))
    assert ms
    for m in ms:
        assert m.sub_event_type != "Air/drone strike"
        assert m.place is None or m.place.country != bad
