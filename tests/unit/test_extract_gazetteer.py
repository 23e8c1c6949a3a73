"""Actor and place gazetteers (data files + offline GeoNames; no spaCy model)."""

from __future__ import annotations

import pytest

from agents.extract.gazetteer import ActorGazetteer, PlaceGazetteer, skeleton
from schemas.models import ActorKind


@pytest.fixture(scope="module")
def actors() -> ActorGazetteer:
    return ActorGazetteer()


@pytest.fixture(scope="module")
def places(actors: ActorGazetteer) -> PlaceGazetteer:
    return PlaceGazetteer(actors)


@pytest.mark.parametrize(
    ("alias", "name", "country", "kind"),
    [
        ("BLF", "Balochistan Liberation Front", "PAK", ActorKind.SEPARATIST_GROUP),
        ("Baluchistan Liberation Front", "Balochistan Liberation Front", "PAK", ActorKind.SEPARATIST_GROUP),
        ("Jaish al-Adl", "Jaish al-Adl", "IRN", ActorKind.SEPARATIST_GROUP),
        ("Jaish al Adl", "Jaish al-Adl", "IRN", ActorKind.SEPARATIST_GROUP),
        ("JAA", "Jaish al-Adl", "IRN", ActorKind.SEPARATIST_GROUP),
        ("Jundallah", "Jaish al-Adl", "IRN", ActorKind.SEPARATIST_GROUP),
        ("Daesh", "Islamic State", None, ActorKind.ISLAMIST_MILITANT_GROUP),
        ("ISIL", "Islamic State", None, ActorKind.ISLAMIST_MILITANT_GROUP),
        ("Ansar Allah", "Houthis", "YEM", ActorKind.REBEL_GROUP),
        ("al-Shabaab", "Al-Shabaab", "SOM", ActorKind.ISLAMIST_MILITANT_GROUP),
        ("TTP", "Tehrik-i-Taliban Pakistan", "PAK", ActorKind.ISLAMIST_MILITANT_GROUP),
        ("Revolutionary Guards", "Islamic Revolutionary Guard Corps", "IRN", ActorKind.STATE_FORCES),
        ("Iranian", "Iran", "IRN", ActorKind.STATE),
        ("Pakistani", "Pakistan", "PAK", ActorKind.STATE),
        ("Tehran", "Iran", "IRN", ActorKind.GOVERNMENT),
        ("Islamabad", "Pakistan", "PAK", ActorKind.GOVERNMENT),
        ("U.S.", "United States", "USA", ActorKind.STATE),
        ("the Kremlin", "Russia", "RUS", ActorKind.GOVERNMENT),
    ],
)
def test_gazetteer_actor_lookup(
    actors: ActorGazetteer, alias: str, name: str, country: str | None, kind: ActorKind
) -> None:
    entry = actors.lookup(alias)
    assert entry is not None, alias
    assert (entry.name, entry.country, entry.kind) == (name, country, kind)


def test_gazetteer_has_many_armed_groups(actors: ActorGazetteer) -> None:
    assert actors.n_groups >= 150


@pytest.mark.parametrize("word", ["is", "male", "hm", "let", "jud", "jem", "lej"])
def test_gazetteer_acronyms_are_case_sensitive(actors: ActorGazetteer, word: str) -> None:
    entry = actors.lookup(word)
    assert entry is None or entry.source != "group"


@pytest.mark.parametrize(
    ("alias", "name"), [("LeT", "Lashkar-e-Taiba"), ("JuD", "Lashkar-e-Taiba"), ("IS", "Islamic State")]
)
def test_gazetteer_mixed_case_acronyms_resolve_as_written(
    actors: ActorGazetteer, alias: str, name: str
) -> None:
    entry = actors.lookup(alias)
    assert entry is not None and entry.name == name


def test_gazetteer_every_state_has_a_name(actors: ActorGazetteer) -> None:
    for iso3 in ("AFG", "IRN", "PAK", "USA", "SOM", "UKR", "YEM"):
        assert actors.lookup(actors.country_name[iso3]).country == iso3


@pytest.mark.parametrize("spelling", ["Baluchistan", "Balochistan", "Baluchestan"])
def test_gazetteer_place_spelling_variants(places: PlaceGazetteer, spelling: str) -> None:
    p = places.resolve(spelling)
    assert p is not None
    assert (p.name, p.country, p.precision) == ("Balochistan", "PAK", "admin1")


@pytest.mark.parametrize(
    ("text", "name", "admin1", "country", "precision"),
    [
        ("Sistan-Baluchestan", "Sistan and Baluchestan", "Sistan and Baluchestan", "IRN", "admin1"),
        (
            "Sistan and Baluchestan province",
            "Sistan and Baluchestan",
            "Sistan and Baluchestan",
            "IRN",
            "admin1",
        ),
        ("Iran", "Iran", None, "IRN", "country"),
        ("Quetta", "Quetta", "Balochistan", "PAK", "city"),
        ("Panjgur", "Panjgur", "Balochistan", "PAK", "village"),
        ("Kandahar", "Kandahar", "Kandahar", "AFG", "city"),  # the city (~400,000) in its province
        ("Kandahar province", "Kandahar", "Kandahar", "AFG", "admin1"),
        ("Oklahoma", "Oklahoma", "Oklahoma", "USA", "admin1"),
    ],
)
def test_gazetteer_place_resolve(
    places: PlaceGazetteer, text: str, name: str, admin1: str | None, country: str, precision: str
) -> None:
    p = places.resolve(text)
    assert p is not None
    assert (p.name, p.admin1, p.country, p.precision) == (name, admin1, country, precision)
    assert p.lat is not None and p.lon is not None


def test_gazetteer_place_context_breaks_ties(places: PlaceGazetteer) -> None:
    p = places.resolve("Georgia", countries={"USA"})
    assert p is not None and p.country == "USA"
    assert places.resolve("Georgia").country == "GEO"


def test_gazetteer_unknown_place(places: PlaceGazetteer) -> None:
    assert places.resolve("Xqzzyville") is None


def test_gazetteer_skeleton_merges_variants() -> None:
    assert skeleton("Baluchestan") == skeleton("Balochistan") == skeleton("Baluchistan")


def test_gazetteer_a_near_spelling_is_a_province_only_of_the_articles_countries(
    places: PlaceGazetteer,
) -> None:
    """ "Truong" (a surname) spells like Thailand's Trang province: not in a report from the US; the
    province of a country the article names is still found by its variant spelling."""
    assert places.resolve("Truong", ("USA",)) is None
    p = places.resolve("Baluchestan", ("PAK",))
    assert p is not None and (p.country, p.precision) == ("PAK", "admin1")


@pytest.mark.parametrize(
    ("text", "admin1", "precision"),
    [("Fla.", "Florida", "admin1"), ("Mo.", "Missouri", "admin1"), ("Ore.", "Oregon", "admin1")],
)
def test_gazetteer_us_state_abbreviation_is_the_state(
    places: PlaceGazetteer, text: str, admin1: str, precision: str
) -> None:
    p = places.resolve(text)
    assert p is not None and (p.admin1, p.country, p.precision) == (admin1, "USA", precision)


def test_gazetteer_town_named_like_an_abbreviation_still_resolves(places: PlaceGazetteer) -> None:
    p = places.resolve("Ore", ["NGA"])
    assert p is not None and p.country == "NGA"


@pytest.mark.parametrize(("name", "admin1"), [("Kansas City", "Missouri"), ("Oklahoma City", "Oklahoma")])
def test_gazetteer_city_whose_name_ends_in_city(places: PlaceGazetteer, name: str, admin1: str) -> None:
    p = places.resolve(name, ["USA"])
    assert p is not None and (p.name, p.admin1, p.precision) == (name, admin1, "city")


def test_gazetteer_big_city_beats_a_province_of_that_name_elsewhere(places: PlaceGazetteer) -> None:
    """With nothing in the article to decide, Charlotte is the US city, not Charlotte Parish (St Vincent);
    a province of that name in a country the article names still wins."""
    p = places.resolve("Charlotte")
    assert p is not None and (p.country, p.admin1, p.precision) == ("USA", "North Carolina", "city")
    t = places.resolve("Toledo")
    assert t is not None and t.country != "BLZ" and t.precision == "city"
    b = places.resolve("Toledo", countries=("BLZ",))
    assert b is not None and (b.country, b.precision) == ("BLZ", "admin1")


def test_gazetteer_small_town_in_a_country_never_named_is_no_place(places: PlaceGazetteer) -> None:
    """In a report that names only the USA, "Gentilly" is not the French town; a big city abroad still is."""
    assert places.resolve("Gentilly") is not None  # alone, the name still resolves
    assert places.resolve("Gentilly", countries=("USA",)) is None
    paris = places.resolve("Paris", countries=("USA",))
    assert paris is not None and paris.country in ("FRA", "USA")
    assert places.resolve("Quetta", countries=("PAK", "IRN")) is not None


def test_gazetteer_a_county_named_as_such_is_that_county(places: PlaceGazetteer) -> None:
    harris = places.resolve("Harris County")
    assert harris is not None
    assert (harris.name, harris.admin1, harris.country, harris.precision) == (
        "Harris County",
        "Texas",
        "USA",
        "admin2",
    )
    parish = places.resolve("Jefferson Parish")
    assert parish is not None and parish.admin1 == "Louisiana"


def test_gazetteer_the_articles_state_picks_among_counties_of_one_name(places: PlaceGazetteer) -> None:
    for state in ("Kentucky", "Alabama"):
        county = places.resolve("Jefferson County", ("USA",), (state,))
        assert county is not None and (county.name, county.admin1) == ("Jefferson County", state)


@pytest.mark.parametrize(
    ("text", "within"),
    [
        ("SC", ("USA", "South Carolina")),
        ("Tenn.", ("USA", "Tennessee")),
        ("New Mexico", ("USA", "New Mexico")),
        ("Pakistan", ("PAK", None)),
        ("Sc", None),
        ("Sharpton", None),
    ],
)
def test_gazetteer_qualifier_names_a_state_or_country(
    places: PlaceGazetteer, text: str, within: tuple[str, str | None] | None
) -> None:
    assert places.qualifier(text) == within


def test_gazetteer_place_within_its_qualifier(places: PlaceGazetteer) -> None:
    """ "Denmark, SC" is the town in South Carolina, not the kingdom; "Quetta, Pakistan" is Quetta."""
    town = places.resolve_within("Denmark", "USA", "South Carolina")
    assert town is not None and (town.name, town.admin1, town.country) == ("Denmark", "South Carolina", "USA")
    quetta = places.resolve_within("Quetta", "PAK")
    assert quetta is not None and quetta.country == "PAK"
    assert places.resolve_within("Quetta", "USA", "Ohio") is None


def test_gazetteer_postal_code_alone_is_a_state_only_in_an_article_from_the_us(
    places: PlaceGazetteer,
) -> None:
    state = places.resolve("AL", ["USA"])
    assert state is not None and (state.admin1, state.country, state.precision) == (
        "Alabama",
        "USA",
        "admin1",
    )
    assert places.resolve("MO") is None  # not Mo in Norway either
    assert places.resolve("UK") is not None and places.resolve("UK").country == "GBR"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Mt. Pleasant", "Mount Pleasant", None),
        ("Ft. Myers", "Fort Myers", "Florida"),
        ("St. Ann", "Saint Ann", None),
    ],
)
def test_gazetteer_abbreviated_saint_mount_fort(
    places: PlaceGazetteer, text: str, name: str, admin1: str | None
) -> None:
    p = places.resolve(text, ["USA"])
    assert p is not None and p.name == name and p.country == "USA"
    assert admin1 is None or p.admin1 == admin1


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("the Bronx", "The Bronx", "New York"),
        ("Bronx", "The Bronx", "New York"),
        ("The Woodlands", "The Woodlands", "Texas"),
    ],
)
def test_gazetteer_a_town_whose_name_keeps_its_article(
    places: PlaceGazetteer, text: str, name: str, admin1: str
) -> None:
    """GeoNames names some towns with "The"; news writes them with or without it."""
    p = places.resolve(text, ["USA"])
    assert p is not None and (p.name, p.admin1) == (name, admin1)


@pytest.mark.parametrize(
    ("text", "name"),
    [("west Lubbock", "Lubbock"), ("Downtown Tucson", "Tucson"), ("NW Fresno", "Fresno")],
)
def test_gazetteer_part_of_a_town_is_that_town(places: PlaceGazetteer, text: str, name: str) -> None:
    p = places.resolve(text, ["USA"])
    assert p is not None and (p.name, p.country) == (name, "USA")


def test_gazetteer_part_words_keep_names_of_their_own(places: PlaceGazetteer) -> None:
    nc = places.resolve("North Carolina")
    assert nc is not None and (nc.country, nc.precision) == ("USA", "admin1")
    bank = places.resolve("West Bank")
    assert bank is not None and bank.country == "PSE"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Milwaukee", "USA"),
        ("Quetta", "PAK"),
        ("Bamberg County", "USA"),
        ("Birmingham", None),  # England's and Alabama's
        ("Pakistan", None),
        ("Hamilton", None),  # Ontario's and New Zealand's
        ("Balochistan", None),
    ],
)
def test_gazetteer_landmark_names_one_country(places: PlaceGazetteer, text: str, country: str | None) -> None:
    home = places.landmark(text)
    assert (home[0] if home is not None else None) == country


def test_gazetteer_part_word_needs_the_articles_country_or_a_big_city(places: PlaceGazetteer) -> None:
    assert places.resolve("South Side") is None  # not Side in Turkey
    lubbock = places.resolve("west Lubbock")
    assert lubbock is not None and lubbock.name == "Lubbock"


@pytest.mark.parametrize("word", ["August", "South", "East", "Sunday", "downtown", "Home", "Accidental"])
def test_gazetteer_date_or_compass_word_alone_is_no_place(places: PlaceGazetteer, word: str) -> None:
    assert places.resolve(word) is None
    assert places.resolve(word, ("USA",)) is None


def test_gazetteer_compass_word_qualified_still_resolves(places: PlaceGazetteer) -> None:
    west = places.resolve_within("West", "USA", "Texas")
    assert west is not None and (west.name, west.admin1) == ("West", "Texas")


def test_gazetteer_village_in_a_state_the_article_never_names_is_no_place(places: PlaceGazetteer) -> None:
    # "South Shore" in a report from Illinois is Chicago's neighbourhood, not the village in Kentucky
    assert places.resolve("South Shore", ("USA",), ("Illinois",)) is None
    kentucky = places.resolve("South Shore", ("USA",), ("Kentucky",))
    assert kentucky is not None and kentucky.admin1 == "Kentucky"
    alone = places.resolve("South Shore", ("USA",))  # no state named: nothing to contradict it
    assert alone is not None and alone.admin1 == "Kentucky"
    galt = places.resolve("Galt", ("USA",), ("Nevada",))  # a city is not a neighbourhood's name
    assert galt is not None and galt.admin1 == "California"


def test_place_gazetteer_warm_up_builds_the_spelling_variant_index(actors: ActorGazetteer) -> None:
    fresh = PlaceGazetteer(actors)
    assert fresh._skel is None  # built lazily, on the first misspelt place
    fresh.warm_up()
    index = fresh._skel
    assert index  # built now, once
    variant, exact = fresh.resolve("Saravaan", ("IRN",)), fresh.resolve("Saravan", ("IRN",))
    assert variant is not None and exact is not None
    assert (variant.name, variant.country) == (exact.name, exact.country)
    assert fresh._skel is index


@pytest.mark.parametrize(
    ("source", "suffix", "country"),
    [
        ("kxyz.com", "", "USA"),  # a call sign
        ("www.wxyztv.com", "", "USA"),
        ("abc9springfield.com", "", "USA"),  # a US network's local site
        ("springfieldtimes.com", " - KXYZ News 4", "USA"),  # the call sign in the headline
        ("news.example.co.uk", "", "GBR"),  # a country-code domain
        ("paper.com.pk", "", "PAK"),
        ("wxyz.tv", "", "USA"),  # .tv is not Tuvalu's news
        ("springfieldtimes.com", "", None),  # a ".com" newspaper says nothing
        ("www.worldnews.com", "", None),  # "www" is not a call sign
    ],
)
def test_gazetteer_outlet_country(
    places: PlaceGazetteer, source: str, suffix: str, country: str | None
) -> None:
    assert places.outlet_country(source, suffix) == country


@pytest.mark.parametrize(
    ("source", "home"),
    [
        ("milwaukeenews.example", ("USA", "Wisconsin")),  # a big city at the start of a label
        ("dailymilwaukee.example", ("USA", "Wisconsin")),  # or at its end
        ("quetta.paper.example", ("PAK", "Balochistan")),
        ("ohiotimes.example", ("USA", "Ohio")),  # a state
        ("springfieldnews.example", ("USA", None)),  # big Springfields in several states
        ("trentontimes.example", ("USA", "New Jersey")),  # a US paper's town: Trenton, not Italy's Trento
        ("readingpost.example", None),  # Reading, Pennsylvania and Reading, England: no one country
        ("washingtonnews.example", None),  # the capital's papers, not the state's
        ("mobile.news.example", None),  # a site for phones
        ("tulsaenterprise.example", ("USA", "Oklahoma")),  # a nameplate is no town (Enterprise, Nevada)
        ("valleyunion.example", None),
        ("erietimes.example", None),  # four letters: too many words start or end so
        ("news.example", None),
    ],
)
def test_gazetteer_outlet_home(
    places: PlaceGazetteer, source: str, home: tuple[str, str | None] | None
) -> None:
    assert places.outlet_home(source) == home


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("Milwaukee", ("USA", "Wisconsin")),
        ("Bamberg County", ("USA", "South Carolina")),
        ("Springfield", ("USA", None)),  # big Springfields in several states
        ("Birmingham", None),  # England's and Alabama's
    ],
)
def test_gazetteer_landmark_names_its_province(
    places: PlaceGazetteer, text: str, home: tuple[str, str | None] | None
) -> None:
    assert places.landmark(text) == home


@pytest.mark.parametrize("word", ["Police", "Metro", "City Center", "University"])
def test_gazetteer_word_news_uses_for_something_else_is_no_place(places: PlaceGazetteer, word: str) -> None:
    # "Police seek man", "Metro police", "the City Center garage", "the University of Ohio": not Police in
    # Poland, Metro in Indonesia, University in Florida
    assert places.resolve(word) is None
    assert places.resolve(word, ("USA",)) is None
    assert places.resolve_within("Metro", "IDN") is not None  # qualified, the town still resolves


@pytest.mark.parametrize(
    ("text", "countries", "admin1s", "expected"),
    [
        ("turkey", (), (), None),  # a common word, not the country
        ("Lebanon", (), (), ("Lebanon", None, "LBN")),
        ("Lebanon", ("USA",), ("Pennsylvania",), ("Lebanon", "Pennsylvania", "USA")),
        ("Lebanon", ("USA", "LBN"), ("Pennsylvania",), ("Lebanon", None, "LBN")),  # the country is named too
        ("Lebanon", ("USA",), (), ("Lebanon", None, "LBN")),  # no state to look in
    ],
)
def test_gazetteer_country_name_that_is_a_town_of_the_articles_state(
    places: PlaceGazetteer, text: str, countries: tuple, admin1s: tuple, expected: tuple | None
) -> None:
    p = places.resolve(text, countries, admin1s)
    assert (None if p is None else (p.name, p.admin1, p.country)) == expected


@pytest.mark.parametrize(
    ("name", "countries"),
    [
        ("Spanish Fork", {"USA"}),
        ("Jamaica Plain", {"USA"}),
        ("Dane County", {"USA"}),
        ("Panama City", {"PAN", "USA"}),  # the capital is GeoNames' "Panama"
        ("Iran Air", set()),
    ],
)
def test_gazetteer_countries_named(places: PlaceGazetteer, name: str, countries: set) -> None:
    assert places.countries_named(name) == countries


@pytest.mark.parametrize(
    ("text", "prefer", "admin1"),
    [
        ("Jackson", (), "Mississippi"),  # the biggest namesake
        ("Jackson", ("Tennessee",), "Tennessee"),  # a town of the outlet's home state
        ("Montgomery", ("Georgia",), "Alabama"),  # a village there does not beat a city elsewhere
        ("Henry County", ("Georgia",), "Georgia"),  # a county of the outlet's home state
        ("Henry County", (), "Illinois"),
    ],
)
def test_gazetteer_town_in_the_preferred_state_beats_a_bigger_namesake(
    places: PlaceGazetteer, text: str, prefer: tuple, admin1: str
) -> None:
    p = places.resolve(text, ("USA",), (), prefer)
    assert p is not None and (p.admin1, p.country) == (admin1, "USA")


@pytest.mark.parametrize(
    ("text", "spelled"),
    [("Saint Paul", True), ("St. Paul", True), ("North Lawndale", False), ("Cincinatti", False)],
)
def test_gazetteer_spells_a_place_s_own_name_only(places: PlaceGazetteer, text: str, spelled: bool) -> None:
    """What a name resolves to may be a part's town ("North Lawndale": Lawndale) or a near spelling
    ("Cincinatti": Cincinnati); ``spells`` tells the place's own name (or its usual short form) apart."""
    p = places.resolve(text, ("USA",))
    assert p is not None
    assert places.spells(p, text) is spelled
