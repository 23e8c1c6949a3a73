"""Field spans: the words behind each field of a mention, found again near the trigger (no spaCy)."""

from __future__ import annotations

import pytest

from agents.extract.spans import field_spans, locate
from schemas import Actor, Place

TEXT = (
    "Iran said Pakistan struck a village near Saravan on Thursday. "
    "Two days later Pakistan's army struck again, the army said; three children were killed."
)
SECOND = TEXT.index("Two days")


def test_spans_locate_prefers_the_sentence_then_the_trigger() -> None:
    first = TEXT.index("Pakistan")
    second = TEXT.index("Pakistan", first + 1)
    sentence_two = (SECOND, len(TEXT))
    assert locate("pakistan", TEXT, (0, SECOND)) == (first, first + 8)
    assert locate("Pakistan", TEXT, sentence_two) == (second, second + 8)
    army = TEXT.index("army", second)
    later = TEXT.index("army", army + 1)
    assert locate("army", TEXT, sentence_two, near=TEXT.index("struck again")) == (army, army + 4)
    assert locate("army", TEXT, sentence_two, near=later) == (later, later + 4)
    assert locate("Sara", TEXT, (0, SECOND)) is None  # whole words only
    assert locate("", TEXT, (0, SECOND)) is None


def test_spans_cover_every_field_in_article_order() -> None:
    trig = TEXT.index("struck again")
    killed = TEXT.index("three children were killed")
    spans = field_spans(
        TEXT,
        (trig, trig + len("struck")),
        (SECOND, len(TEXT)),
        [Actor(text="Pakistan's army", name="Pakistani army", country="PAK")],
        [],
        Place(name="Saravan", country="IRN"),
        "Two days later (Thursday)",
        [("killed", killed, killed + len("three children were killed"))],
    )
    assert [(f.field, f.text) for f in spans] == [
        ("place", "Saravan"),
        ("date", "Thursday"),  # the anchor of "two days later", from the first sentence
        ("date", "Two days later"),
        ("actor", "Pakistan's army"),
        ("trigger", "struck"),
        ("killed", "three children were killed"),
    ]
    assert all(TEXT[f.start : f.end] == f.text for f in spans)


@pytest.mark.parametrize("reason", ["publication date"])
def test_spans_a_date_from_publication_has_no_span(reason: str) -> None:
    trig = TEXT.index("struck")
    spans = field_spans(TEXT, (trig, trig + 6), (0, SECOND), [], [], None, reason, [])
    assert [f.field for f in spans] == ["trigger"]


def test_spans_a_name_not_in_the_text_has_no_span_and_a_bad_offset_is_dropped() -> None:
    trig = TEXT.index("struck")
    spans = field_spans(
        TEXT,
        (trig, trig + 6),
        (0, SECOND),
        [Actor(text="Islamabad", name="Pakistan", country="PAK")],
        [],
        Place(name="Saravan", text="Sarawan", country="IRN"),  # falls back to the canonical name
        "publication date",
        [("injured", len(TEXT) - 2, len(TEXT) + 5)],
    )
    assert [(f.field, f.text) for f in spans] == [("trigger", "struck"), ("place", "Saravan")]
