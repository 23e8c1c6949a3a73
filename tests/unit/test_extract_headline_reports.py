"""Reports whose only news is a headline or a short lede (the body behind a paywall or a sign-up form):
a shooting or a killing named there still yields a mention, and the words that only look like one do not.

Every sentence here is written for strikewire.
"""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract import Extractor
from agents.extract.extractor import _COUNTY_OFFICE, _PLACE_MODIFIER, most_specific_in_one_province
from schemas.models import Article, Place

TUESDAY = dt.datetime(2025, 3, 11, 12, 0, tzinfo=dt.UTC)
PAYWALL = "Already a subscriber? Sign in to keep reading, or start your free trial today."


def art(title: str, body: str = PAYWALL) -> Article:
    return Article(
        id="hl1", source="local.test", url=None, title=title, body=body, published_at=TUESDAY, language="en"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("title", "town"),
    [
        # people or a number of them shot, with nothing else violent in the article
        ("Three teens shot outside skating rink in Dothan, Alabama", "Dothan"),
        ("Teenager shot in leg near Spokane, Washington bus stop", "Spokane"),
        ("Delivery driver was shot while parked in Tulsa, Oklahoma", "Tulsa"),
        # a killing named as such
        ("Grandson charged in slaying of Abilene, Texas grocer", "Abilene"),
        ("Deputies investigate apparent murder-suicide in Bangor, Maine", "Bangor"),
        ("Man killed his brother at Sioux Falls, South Dakota home, police say", "Sioux Falls"),
        # a gun that went off, shots fired
        ("Hunter's rifle accidentally discharged near Casper, Wyoming, wounding a friend", "Casper"),
        ("Shots fired outside a bar in Billings, Montana early Sunday", "Billings"),
        # the act named after "after/following" when the report names no other
        ("Woman hospitalized following drive-by shooting in Pueblo, Colorado", "Pueblo"),
        ("Teen in serious condition after accidental shooting in Muncie, Indiana", "Muncie"),
        # a definite act under a verdict, a doubt or a search
        ("Roofer found not guilty in fatal shooting at Topeka bar", "Topeka"),
        ("Two men wanted in connection with Sunday shooting in Amarillo, Texas", "Amarillo"),
        ("Police: Boy's shooting in Ogden was not intentional", "Ogden"),
        # the headline's age apposition in place of the auxiliary
        ("Girl, 8, accidentally shot in Laramie, Wyoming", "Laramie"),
        # hurt by a firearm, a gun accident, a hunting accident that hurt someone
        ("Four people hurt by man with a shotgun in Lubbock, Texas", "Lubbock"),
        ("Boy slain in apparent gun accident near Yakima, Washington", "Yakima"),
        ("Bozeman teenager killed in hunting accident", "Bozeman"),
        # the suspect sought killed them
        ("Search goes on for suspect who killed three at Wichita, Kansas home", "Wichita"),
        # an act named by its town, the headline's article dropped, under a doubt
        ("Sheriff: Midland shooting may have been gang related", "Midland"),
        # a town before its shootings or its child
        ("Records describe feud behind 2 Flagstaff shootings", "Flagstaff"),
        ("Bismarck 3-year-old in critical condition from gunshot", "Bismarck"),
        # a sheriff serves a county
        ("Rockdale sheriff hails store clerk for firing on gunman", "Rockdale County"),
    ],
)
def test_headline_reports_yield_a_placed_mention(ex: Extractor, title: str, town: str) -> None:
    ms = ex.extract(art(title))
    assert ms, title
    assert any(m.place is not None and m.place.name == town for m in ms), [m.place for m in ms]
    assert all(m.event_type == "Violence against civilians" for m in ms)


@pytest.mark.slow
@pytest.mark.parametrize(
    "title",
    [
        "Rookie shot a 66 to take a two shot lead in Augusta, Georgia",
        "Director shot the documentary in Savannah, Georgia last spring",
        "New plant gives the Dayton, Ohio economy a shot in the arm",
        "Murder mystery dinner theater opens in Branson, Missouri",
        "Gun accidents fell last year in Boise, Idaho, wardens say",
        "Hunting accident insurance costs climb for outfitters in Helena, Montana",
    ],
)
def test_look_alike_headlines_yield_nothing(ex: Extractor, title: str) -> None:
    assert ex.extract(art(title)) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        # a reference beside an act of the article's own stays a reference
        "Pakistan recalled its ambassador from Tehran on Wednesday after the Iranian strike.",
        # an act left open is no event, definite or not
        "Officials in Kabul said any strike on the camps near Jalalabad would be met with force.",
        "The militia said the planned attack on the convoy near Gao could not go ahead.",
    ],
)
def test_references_and_open_acts_stay_out(ex: Extractor, body: str) -> None:
    ms = ex.extract(art("", body))
    assert all(m.event_type == "Strategic developments" for m in ms), [m.sub_event_type for m in ms]


# ------------------------------------------------------------- default place: one province per report
def _place(name: str, admin1: str | None, country: str, precision: str) -> Place:
    return Place(name=name, admin1=admin1, country=country, precision=precision)  # type: ignore[arg-type]  # a PlacePrecision value


def test_a_stray_namesake_village_does_not_outrank_the_reports_city() -> None:
    city = _place("Kalamazoo", "Michigan", "USA", "city")
    county = _place("Kalamazoo County", "Michigan", "USA", "admin2")
    stray = _place("Harlem", "Florida", "USA", "village")  # a street's name read as a town
    assert most_specific_in_one_province([city, stray, county]) == city
    assert most_specific_in_one_province([stray, city]) == stray  # equal support: the province named first
    assert most_specific_in_one_province([stray, city], named_admin1s=["Michigan"]) == city


def test_places_of_one_province_and_countries_keep_the_most_specific() -> None:
    province = _place("Balochistan", "Balochistan", "PAK", "admin1")
    town = _place("Turbat", "Balochistan", "PAK", "village")
    country = _place("Pakistan", None, "PAK", "country")
    assert most_specific_in_one_province([country, province, town]) == town
    assert most_specific_in_one_province([country]) == country
    assert most_specific_in_one_province([]) is None


@pytest.mark.slow
def test_an_act_named_beside_a_negation_in_another_phrase_stays_a_reference(ex: Extractor) -> None:
    ms = ex.extract(
        art(
            "Roadside bomb kills three guards near Sibi",
            "A roadside bomb struck a patrol near Sibi in Balochistan on Monday, killing three guards. "
            "The blast was not linked to this week's air strikes between the two neighbours, officials said.",
        )
    )
    assert ms and all(m.sub_event_type != "Air/drone strike" for m in ms), [m.sub_event_type for m in ms]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Records describe feud behind 2 Flagstaff shootings", ["Flagstaff"]),
        ("Bismarck 3-year-old in critical condition", ["Bismarck"]),
        # an age noun after a verb or a conjunction is the story's person, not a town's
        ("Perry shot 15-year-old clerk during robbery", []),
        ("Clayton and 44-year-old neighbor argued at the wake", []),
    ],
)
def test_a_town_modifies_its_shootings_and_a_child_right_after_it(text: str, names: list[str]) -> None:
    assert [m.group(1) for m in _PLACE_MODIFIER.finditer(text)] == names


def test_a_sheriff_right_after_a_name_is_its_countys() -> None:
    assert _COUNTY_OFFICE.match("Rockdale sheriff hails clerk", len("Rockdale"))
    assert _COUNTY_OFFICE.match("Bibb deputies shoot man", len("Bibb"))
    assert not _COUNTY_OFFICE.match("Johnson told deputies he was cleaning a gun", len("Johnson"))
    assert not _COUNTY_OFFICE.match("Tom Smith's deputies", len("Tom Smith"))
