"""Date phrases resolved against the publication date (pure helpers, no model)."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract.dates import act_date, find_dates, holiday, resolve_weekday

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


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        ("easter", 2016, dt.date(2016, 3, 27)),
        ("easter", 2019, dt.date(2019, 4, 21)),
        ("easter", 2038, dt.date(2038, 4, 25)),  # the latest possible
        ("easter", 2285, dt.date(2285, 3, 22)),  # the earliest possible
        ("thanksgiving", 2016, dt.date(2016, 11, 24)),  # fourth Thursday of November
        ("memorial day", 2016, dt.date(2016, 5, 30)),  # last Monday of May
        ("labor day", 2015, dt.date(2015, 9, 7)),  # first Monday of September
        ("mother's day", 2015, dt.date(2015, 5, 10)),
        ("martin luther king day", 2017, dt.date(2017, 1, 16)),
        ("christmas eve", 2016, dt.date(2016, 12, 24)),
        ("unknown day", 2016, None),
    ],
)
def test_dates_holiday_days(name: str, year: int, day: dt.date | None) -> None:
    assert holiday(name, year) == day


@pytest.mark.parametrize(
    ("text", "published", "date", "precision"),
    [
        ("He was shot on New Year's Eve.", dt.date(2017, 1, 3), dt.date(2016, 12, 31), "day"),
        ("the New Year’s Day shooting", dt.date(2017, 1, 3), dt.date(2017, 1, 1), "day"),
        ("A girl was killed on Easter Sunday.", dt.date(2016, 4, 7), dt.date(2016, 3, 27), "day"),
        ("Christmas Day shooting", dt.date(2016, 12, 28), dt.date(2016, 12, 25), "day"),
        ("the Christmas shooting", dt.date(2017, 3, 1), dt.date(2016, 12, 25), "day"),  # last year's
        ("shot the day after Christmas", dt.date(2017, 1, 19), dt.date(2016, 12, 26), "day"),
        ("the night before Thanksgiving", dt.date(2016, 11, 30), dt.date(2016, 11, 23), "day"),
        ("Fourth of July shooting", dt.date(2016, 10, 21), dt.date(2016, 7, 4), "day"),
        ("over the Thanksgiving weekend", dt.date(2016, 12, 2), dt.date(2016, 11, 24), "week"),
        # a Monday holiday's weekend under way: no later than the publication
        ("in Labor Day weekend violence", dt.date(2015, 9, 5), dt.date(2015, 9, 5), "week"),
    ],
)
def test_dates_holidays_resolve(text: str, published: dt.date, date: dt.date, precision: str) -> None:
    (expr,) = find_dates(text, published)
    assert (expr.kind, expr.date, expr.precision) == ("holiday", date, precision)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Police urged caution ahead of Christmas.", dt.date(2016, 12, 20)),  # the coming one, not a past act
        ("A shooting at a Halloween party left two hurt.", dt.date(2016, 10, 30)),  # parties are days before
        ("He bought the rifle as a Christmas gift.", dt.date(2016, 12, 28)),
        ("a memorial day for the victims", dt.date(2016, 6, 1)),  # not the holiday, lower case
    ],
)
def test_dates_holiday_phrases_that_date_nothing(text: str, published: dt.date) -> None:
    assert find_dates(text, published) == []


def test_dates_holiday_before_its_weekday() -> None:
    """ "Easter Sunday" is one phrase, dated as the holiday, not as the last Sunday."""
    (expr,) = find_dates("The girl was shot on Easter Sunday.", dt.date(2016, 4, 11))
    assert (expr.kind, expr.date) == ("holiday", dt.date(2016, 3, 27))


def test_dates_act_date_names_a_holiday_act() -> None:
    text = "Three men were indicted Monday. The Easter shooting left a girl dead."
    d = act_date(text, dt.date(2016, 4, 11), ACTS)
    assert d is not None and d.date == dt.date(2016, 3, 27) and d.text == "Easter"
