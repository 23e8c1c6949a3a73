"""Date phrases resolved against the publication date (pure helpers, no model)."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract.dates import act_date, find_dates, resolve_weekday

PUB = dt.date(2024, 1, 18)  # a Thursday


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [
        ("Thursday", dt.date(2024, 1, 18)),  # same day
        ("Tuesday", dt.date(2024, 1, 16)),
        ("Friday", dt.date(2024, 1, 12)),  # never in the future
        ("monday", dt.date(2024, 1, 15)),
    ],
)
def test_dates_resolve_weekday(weekday: str, expected: dt.date) -> None:
    assert resolve_weekday(weekday, PUB) == expected


@pytest.mark.parametrize(
    ("text", "kind", "date", "precision"),
    [
        ("Militants attacked the post on Tuesday.", "weekday", dt.date(2024, 1, 16), "day"),
        ("The blast happened yesterday.", "yesterday", dt.date(2024, 1, 17), "day"),
        ("Jets struck last night.", "last_night", dt.date(2024, 1, 17), "day"),
        ("Drones struck the port overnight.", "overnight", PUB, "day"),  # after midnight, that morning
        ("Police said today that ...", "today", PUB, "day"),
        ("The strike on Jan. 16 killed two.", "month_day", dt.date(2024, 1, 16), "day"),
        ("It happened on January 16, 2023.", "month_day", dt.date(2023, 1, 16), "day"),
        ("It happened on 16 January.", "day_month", dt.date(2024, 1, 16), "day"),
        ("The ministry said last week that ...", "last_week", dt.date(2024, 1, 11), "week"),
        ("The attack three days ago ...", "ago", dt.date(2024, 1, 15), "day"),
        ("The group was founded in 2012.", "year", dt.date(2012, 1, 1), "unknown"),
    ],
)
def test_dates_find_dates_resolves(text: str, kind: str, date: dt.date, precision: str) -> None:
    found = find_dates(text, PUB)
    assert found, text
    assert (found[0].kind, found[0].date, found[0].precision) == (kind, date, precision)
    assert text[found[0].start : found[0].end] == found[0].text


def test_dates_future_month_day_goes_to_last_year() -> None:
    (expr,) = find_dates("The clash on Dec. 30 left five dead.", PUB)
    assert expr.date == dt.date(2023, 12, 30)


@pytest.mark.parametrize(
    ("text", "offset"), [("two days after", -2), ("a week after", -7), ("three days before", 3)]
)
def test_dates_relative_after_offset(text: str, offset: int) -> None:
    (expr,) = [d for d in find_dates(f"It came {text} the raid.", PUB) if d.kind == "relative_after"]
    assert expr.offset_days == offset
    assert expr.date is None


def test_dates_no_date_phrase() -> None:
    assert find_dates("Militants attacked a checkpoint.", PUB) == []


ACTS = frozenset({"shooting", "incident", "death"})


@pytest.mark.parametrize(
    ("text", "day", "reason"),  # days of January 2024
    [
        ("He was charged. Police said the Jan. 5 shooting began as a quarrel.", 5, "Jan. 5"),
        ("He appeared in court Tuesday. Saturday's fatal shooting left one dead.", 13, "Saturday's"),
        ("He appeared in court Tuesday. Saturday’s fatal shooting left one dead.", 13, "Saturday’s"),
        ("Police named him. The shooting on Saturday night followed a party.", 13, "Saturday"),
        ("Two were charged. It happened around 7:15 p.m. on Friday near a park.", 12, "Friday"),
        ("A vigil was held Tuesday. Last week's incident shook the town.", 11, "Last week"),
    ],
)
def test_dates_act_date_names_the_act(text: str, day: int, reason: str) -> None:
    d = act_date(text, PUB, ACTS)
    assert d is not None and d.date == dt.date(2024, 1, day) and reason in d.text


@pytest.mark.parametrize(
    "text",
    [
        "He was arrested Tuesday and appeared in court on Wednesday.",  # later acts, not the shooting
        "It happened in 2019. The hearing took place on Monday. He said so.",  # the hearing's date, by name
        "The 2015 shooting is still unsolved.",  # a year dates no day
    ],
)
def test_dates_act_date_ignores_other_dates(text: str) -> None:
    assert act_date(text, PUB, ACTS) is None
