"""Dating the violence a follow-up report refers to: the shooting keeps its own date ("shot Sunday", "the
Jan. 5 shooting"), while the arrest, charge, court date or death the report is about keep theirs.

Every sentence here is written for strikewire (fictional people and incidents)."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract import Extractor
from schemas.models import Article, Mention

pytestmark = pytest.mark.slow

THURSDAY = dt.datetime(2024, 1, 18, 12, 0, tzinfo=dt.UTC)


def art(body: str, title: str = "") -> Article:
    return Article(
        id="f1", source="wire.test", url=None, title=title, body=body, published_at=THURSDAY, language="en"
    )


def attack(ms: list[Mention]) -> Mention:
    (m,) = [m for m in ms if m.sub_event_type == "Attack"]
    return m


@pytest.mark.parametrize(
    ("body", "day", "reason"),  # days of January 2024; every place is Dayton, Ohio
    [
        ("Police arrested a man Tuesday in the shooting on Saturday night in Dayton, Ohio.", 13, "Saturday"),
        ("A Dayton, Ohio man who died Tuesday had been shot at home on Sunday, police said.", 14, "Sunday"),
        ("Tom Varley was back in court Tuesday in the Jan. 5 shooting of a Dayton, Ohio clerk.", 5, "Jan. 5"),
        (
            "Tom Varley was back in court Tuesday in the New Year's Day shooting in Dayton, Ohio.",
            1,
            "New Year",
        ),
    ],
)
def test_follow_up_report_dates_the_shooting_by_its_own_date(
    ex: Extractor, body: str, day: int, reason: str
) -> None:
    m = attack(ex.extract(art(body)))
    assert (m.date, m.date_precision) == (dt.date(2024, 1, day), "day")
    assert reason in m.date_reason


def test_holiday_of_last_year_dates_the_shooting(ex: Extractor) -> None:
    m = attack(
        ex.extract(
            art("A Dayton, Ohio man was charged Tuesday in the Christmas Eve shooting of his brother.")
        )
    )
    assert (m.date, m.date_precision, m.date_reason) == (dt.date(2023, 12, 24), "day", "Christmas Eve")


def test_follow_up_date_is_not_the_shootings(ex: Extractor) -> None:
    ms = ex.extract(
        art("A man was arrested Monday in the shooting of a teenager in Dayton, Ohio, police said.")
    )
    arrest = next(m for m in ms if m.sub_event_type == "Arrests")
    assert (arrest.date, arrest.date_precision) == (dt.date(2024, 1, 15), "day")
    # nothing dates the shooting itself: the publication date stands
    m = attack(ms)
    assert (m.date, m.date_reason) == (THURSDAY.date(), "publication date")


def test_death_dates_the_shooting_when_nothing_else_does(ex: Extractor) -> None:
    m = attack(ex.extract(art("A Dayton, Ohio man died Tuesday in a shooting outside a bar, police said.")))
    assert (m.date, m.date_reason) == (dt.date(2024, 1, 16), "Tuesday")


@pytest.mark.parametrize(
    ("body", "day", "reason"),  # days of January 2024
    [
        (  # no sentence of the shooting dates it: the article's "It happened ..." does
            "A man was arrested Monday in the shooting of a teenager in Dayton, Ohio, police said. "
            "It happened around 7:15 p.m. on Saturday outside a bar.",
            13,
            "on Saturday",
        ),
        (  # a sentence of the act dates it before the article's naming of it
            "Two people were wounded in a shooting outside a bar in Dayton, Ohio, police said. Officers "
            "found a third victim shot dead on Tuesday near the bar. It happened after closing on Monday.",
            16,
            "on Tuesday",
        ),
    ],
)
def test_shooting_date_from_the_article_naming_it(ex: Extractor, body: str, day: int, reason: str) -> None:
    m = attack(ex.extract(art(body)))
    assert (m.date, m.date_precision, m.date_reason) == (dt.date(2024, 1, day), "day", reason)
