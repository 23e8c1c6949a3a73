"""Number words and qualifiers (pure helpers, no model)."""

from __future__ import annotations

import pytest

from agents.extract.numbers import parse_number, qualifier_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        ("1,200", 1200),
        ("three", 3),
        ("Twenty-two", 22),
        ("twenty two", 22),
        ("a dozen", 12),
        ("one hundred twenty", 120),
        ("two thousand", 2000),
        ("a", 1),
        ("several", None),
        ("dozens", None),
        ("", None),
        ("many", None),
    ],
)
def test_numbers_parse_number(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (None, "exact"),
        ("at least", "at_least"),
        ("More than", "at_least"),
        ("about", "about"),
        ("some", "about"),
        ("nearly", "about"),
        ("up to", "at_most"),
    ],
)
def test_numbers_qualifier_of(prefix: str | None, expected: str) -> None:
    assert qualifier_of(prefix) == expected
