"""strikewire spaCy components on hand-built docs (blank English tokenizer, no trained model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from agents.extract.components import ActorMatcher


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def matcher(nlp: Language) -> ActorMatcher:
    return ActorMatcher(nlp, "sw_actors")


def _actors(doc) -> list[tuple[str, int]]:
    return [(s.text, s.start) for s in doc.spans["sw_actors"]]


def test_components_actor_names_kept_before_ner(nlp: Language, matcher: ActorMatcher) -> None:
    doc = matcher(nlp("Chad Smith met officials from Chad and Iran."))
    assert _actors(doc) == [("Chad", 0), ("Chad", 5), ("Iran", 7)]


@pytest.mark.parametrize("label", ["PERSON", "FAC", "WORK_OF_ART"])
def test_components_actor_inside_a_name_dropped_after_ner(
    nlp: Language, matcher: ActorMatcher, label: str
) -> None:
    doc = matcher(nlp("Chad Smith met officials from Chad and Iran."))
    doc.ents = [Span(doc, 0, 2, label=label)]
    matcher.drop_inside_names(doc)
    assert _actors(doc) == [("Chad", 5), ("Iran", 7)]


def test_components_actor_inside_other_entities_kept(nlp: Language, matcher: ActorMatcher) -> None:
    doc = matcher(nlp("Chad Smith met officials from Chad and Iran."))
    doc.ents = [Span(doc, 0, 2, label="ORG"), Span(doc, 7, 8, label="GPE")]
    matcher.drop_inside_names(doc)
    assert _actors(doc) == [("Chad", 0), ("Chad", 5), ("Iran", 7)]


def test_components_actor_matcher_after_ner_drops_names(nlp: Language, matcher: ActorMatcher) -> None:
    doc = nlp("Jordan Davis was shot in Jordan.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 6, label="GPE")]
    assert _actors(matcher(doc)) == [("Jordan", 5)]


def _with_people(nlp: Language, text: str, people: list[str]):
    doc = nlp(text)
    spans = []
    for name in people:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label="PERSON")
        assert span is not None
        spans.append(span)
    doc.ents = spans
    return doc


def test_components_people_named_leaves_out_titled_officials(nlp: Language) -> None:
    from agents.extract.extractor import people_named

    titles = frozenset({"sheriff", "chief", "coroner"})
    text = (
        "Sheriff Ronny Dodson said Marla Quenby's brother Dustin Albright was shot. "
        "Ida Bell , the county coroner , named Marla Quenby again. Police Chief Al Roe spoke."
    )
    doc = _with_people(nlp, text, ["Ronny Dodson", "Marla Quenby's", "Dustin Albright", "Ida Bell", "Al Roe"])
    assert people_named(doc, titles) == ("Marla Quenby", "Dustin Albright")


def test_components_venues_named_leave_out_institutions(nlp: Language) -> None:
    from agents.extract.extractor import venues_named

    text = (
        "Two men were shot at the Copper Kettle Lanes on Harwick Avenue and taken to Lindell Hospital. "
        "Quenby, a Dorsey Freight driver, was booked into the Tamsin County Jail. "
        "Deputies searched the Copper Kettle Lanes and the Larkspur Apartments again."
    )
    doc = nlp(text)
    ents = [
        ("the Copper Kettle Lanes", "ORG"),
        ("Harwick Avenue", "FAC"),
        ("Lindell Hospital", "FAC"),
        ("Dorsey Freight", "ORG"),
        ("the Tamsin County Jail", "FAC"),
        ("Larkspur Apartments", "ORG"),
    ]
    spans = []
    for name, label in ents:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None
        spans.append(span)
    start = text.rindex("Copper Kettle Lanes")
    spans.append(doc.char_span(start, start + len("Copper Kettle Lanes"), label="FAC"))
    doc.ents = sorted(spans, key=lambda s: s.start)
    assert venues_named(doc) == ("Copper Kettle Lanes", "Harwick Avenue", "Larkspur Apartments")


def test_components_acronym_in_capitals_is_a_word(nlp: Language, matcher: ActorMatcher) -> None:
    doc = matcher(nlp("THE FAMILY GRIEVING TODAY IS THE ONE BEHIND ME. IS claimed the attack in Raqqa."))
    assert [text for text, _ in _actors(doc)] == ["IS"]
    assert _actors(doc)[0][1] > 8


def test_components_raw_video_is_a_clip_label_not_india_s_agency(
    nlp: Language, matcher: ActorMatcher
) -> None:
    doc = matcher(nlp("RAW VIDEO | Juvenile arrested in shooting. Raw video: RAW denied a role."))
    assert [text for text, _ in _actors(doc)] == ["RAW"]
    assert _actors(doc)[0][1] > 10


def test_components_a_state_s_name_that_begins_an_aged_person_s_name_is_the_person(
    nlp: Language, matcher: ActorMatcher
) -> None:
    doc = matcher(
        nlp("A 35-year old Chad Couture shot a man. Jordan Hale, 43, was hurt. Chad denied a role.")
    )
    assert _actors(doc) == [("Chad", 19)]
    doc = matcher(nlp("Jets hit Syria Monday, 12 people died. Mali Times, 2 days ago, said so."))
    assert [text for text, _ in _actors(doc)] == ["Syria", "Mali"]


def test_components_a_state_s_name_that_begins_a_school_s_name_is_the_school(
    nlp: Language, matcher: ActorMatcher
) -> None:
    doc = matcher(
        nlp("Students of Berlin High School and June Jordan School left. Jordan closed its border.")
    )
    assert _actors(doc) == [("Jordan", 11)]
    doc = matcher(nlp("The Pakistan High Commission and the Kenya High Court spoke."))
    assert [text for text, _ in _actors(doc)] == ["Pakistan", "Kenya"]


def test_components_a_state_s_name_that_names_a_veteran_s_war_is_no_party(
    nlp: Language, matcher: ActorMatcher
) -> None:
    doc = matcher(nlp("An Iraq War veteran and two Vietnam vets spoke. Iraq closed its border."))
    assert [text for text, _ in _actors(doc)] == ["Iraq"]
    assert _actors(doc)[0][1] > 8
    # the war alone may be what a report tells
    doc = matcher(nlp("The plane was used during the Vietnam War and a Korea War Navy veteran flew it."))
    assert [text for text, _ in _actors(doc)] == ["Vietnam"]
    doc = matcher(nlp("A Vietnam War Air Force veteran and a Korean War Marine Corps vet spoke."))
    assert _actors(doc) == []


def test_components_a_state_s_name_that_is_a_named_person_s_surname_is_the_person(
    nlp: Language, matcher: ActorMatcher
) -> None:
    text = "Investigators say Erin Lee Jordan was found. Jordan told responders she fired."
    assert _actors(matcher(_with_people(nlp, text, ["Erin Lee Jordan"]))) == []
    text = "Bennie G. London Jr. was arrested. The charges against London were filed."
    assert _actors(matcher(_with_people(nlp, text, ["Bennie G. London Jr."]))) == []
    # a first name is not a surname, nor is a one-word person
    doc = matcher(
        _with_people(nlp, "Jordan Hale spoke to Omar. Jordan closed its border.", ["Jordan Hale", "Omar"])
    )
    assert [text for text, _ in _actors(doc)] == ["Jordan"]


def test_components_mixed_case_acronym_is_not_a_verb(nlp: Language, matcher: ActorMatcher) -> None:
    doc = matcher(nlp("Police let him go. LeT denied a role."))
    assert _actors(doc) == [("LeT", 5)]


def test_components_group_inside_a_longer_person_name_dropped(nlp: Language, matcher: ActorMatcher) -> None:
    doc = matcher(nlp("Tom Wagner said Wagner fighters left."))
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 4, label="PERSON")]
    matcher.drop_inside_names(doc)
    assert _actors(doc) == [("Wagner", 3)]
