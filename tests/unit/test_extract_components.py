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
