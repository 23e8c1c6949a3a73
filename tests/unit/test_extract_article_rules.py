"""Article-level place and actor rules of the extract stage: metonym capitals are never places, a dateline
only places a violent event nothing else places (never a capital's, never a foreign party's), background
sentences give no default place, recaps ("tit-for-tat strikes") are not events,
and actorless re-descriptions inherit the one state the article says struck there.

Every sentence here is written for strikewire (fictional events between real states)."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.dedup import key_countries
from agents.extract import Extractor
from agents.extract.extractor import _names_outlet
from schemas.models import Article

pytestmark = pytest.mark.slow

MONDAY = dt.datetime(2025, 6, 10, 12, 0, tzinfo=dt.UTC)


def art(body: str, title: str = "") -> Article:
    return Article(
        id="a1", source="wire.test", url=None, title=title, body=body, published_at=MONDAY, language="en"
    )


def violent(ms):
    return [
        m
        for m in ms
        if m.event_type in ("Explosions/Remote violence", "Violence against civilians", "Battles")
    ]


def placed(ms) -> set[tuple[str, str | None]]:
    """(name, province) of the places of the placed mentions."""
    return {(m.place.name, m.place.admin1) for m in ms if m.place}


def countries_placed(ms) -> set[str | None]:
    """The countries of the places of the placed mentions."""
    return {m.place.country for m in ms if m.place}


def test_speaking_capital_is_never_the_place(ex: Extractor) -> None:
    body = (
        "Yerevan (Wire) - Armenia said on Monday that an Azerbaijani drone strike on its territory had "
        "killed two soldiers, in an attack that Baku said targeted an artillery position, which Baku "
        "blames for "
        "shelling its villages.\n\n"
        '"The drone hit a post near Jermuk," a local official said.'
    )
    ms = violent(ex.extract(art(body, title="Armenia says Azerbaijani strike killed two soldiers")))
    assert ms
    assert all(m.place is None or m.place.name not in ("Baku", "Yerevan") for m in ms)
    assert {m.place.country for m in ms if m.place} == {"ARM"}


def test_acting_capital_in_title_and_dateline_not_default_place(ex: Extractor) -> None:
    body = (
        "BAKU (Wire) - Azerbaijan's foreign minister said on Monday that no civilian was harmed in Sunday "
        "night's operation.\n\n"
        "The minister said the drone strike was directed against an armed group whose members had taken "
        "refuge in parts of Kapan, near the border."
    )
    ms = violent(ex.extract(art(body, title="Baku respects Armenia's borders, says minister")))
    assert ms
    assert all(m.place is None or m.place.name != "Baku" for m in ms)


def test_background_sentence_gives_no_default_place(ex: Extractor) -> None:
    body = (
        "Russian forces on Monday hit two depots of the group with missiles, state media reported.\n\n"
        "It did not say where the depots were.\n\n"
        "The group has in the past claimed attacks on border posts in Belgorod region."
    )
    ms = violent(ex.extract(art(body)))
    assert ms
    assert all(m.place is None or "Belgorod" not in (m.place.name + (m.place.admin1 or "")) for m in ms)


def test_background_sentence_is_not_an_event(ex: Extractor) -> None:
    body = "Tuareg rebels have fought the Malian army for years in the desert north of the country."
    assert violent(ex.extract(art(body))) == []


def test_tit_for_tat_recap_is_not_an_event(ex: Extractor) -> None:
    title = "Tit-for-tat strikes between India and Pakistan raise fears of wider conflict"
    body = "Analysts said the tit-for-tat strikes had pushed the neighbours to the brink."
    assert violent(ex.extract(art(body, title=title))) == []


def test_actorless_redescription_inherits_referenced_state(ex: Extractor) -> None:
    title = "Sudan warns Chad after deadly strike"
    body = (
        "Sudan has warned Chad of consequences after a Chadian air strike on Sudanese soil that Khartoum "
        "says killed three herders.\n\n"
        "The attack on Monday targeted what Chad described as militant camps near Geneina."
    )
    ms = violent(ex.extract(art(body, title=title)))
    assert len(ms) == 1
    (m,) = ms
    assert [a.country for a in m.actors] == ["TCD"]
    assert m.place is not None and m.place.country == "SDN"
    assert m.sub_event_type == "Air/drone strike"
    assert m.confidence < 0.9  # inferred, not read from the sentence


def test_no_inference_without_a_cross_border_act(ex: Extractor) -> None:
    body = (
        "Explosions hit a village near Geneina in West Darfur on Monday, killing four people, an "
        "official said."
    )
    ms = violent(ex.extract(art(body, title="Four killed as explosions hit Sudan village")))
    assert ms
    assert all(not any(a.country for a in m.actors) for m in ms)


def test_attack_from_a_states_side_of_the_border_names_the_actor(ex: Extractor) -> None:
    body = (
        "Residents of a village outside Gisenyi on Monday buried the five people killed in the morning's "
        "attack.\n\n"
        "Officials said the attack came from the Congolese side of the border."
    )
    ms = violent(ex.extract(art(body, title="Villagers bury victims of cross-border attack")))
    assert ms
    assert any("COD" in {a.country for a in m.actors} for m in ms)


def test_military_claimant_of_strike_abroad_is_the_actor(ex: Extractor) -> None:
    body = (
        "The IDF said on Monday that fighter jets and drones had been used in strikes against militant "
        "positions inside Lebanon."
    )
    ms = violent(ex.extract(art(body, title="IDF says jets hit militant positions across the border")))
    assert ms
    assert all({a.country for a in m.actors} == {"ISR"} for m in ms)
    assert all(m.place is not None and m.place.country == "LBN" for m in ms)


def test_own_place_on_a_states_soil(ex: Extractor) -> None:
    body = (
        "Turkey's air strikes on Iraqi soil on Monday, two days after Kurdish militants attacked a base in "
        "Hakkari, have strained ties between the neighbours."
    )
    ms = [m for m in violent(ex.extract(art(body))) if "TUR" in {a.country for a in m.actors}]
    assert ms
    assert ms[0].place is not None and ms[0].place.country == "IRQ"


def test_city_after_locative_resolves_in_dateline_country(ex: Extractor) -> None:
    body = (
        "TURBAT: Two levies personnel were killed when a roadside bomb exploded near their vehicle in "
        "Turbat on Monday evening, a local official said."
    )
    ms = violent(ex.extract(art(body, title="Roadside bomb kills two in Turbat")))
    assert ms
    assert all(m.place is not None and m.place.name == "Turbat" for m in ms)


def test_local_dateline_places_an_event_the_text_does_not(ex: Extractor) -> None:
    body = (
        "CORPUS CHRISTI (KXYZ NEWS) - Detectives are investigating an early morning shooting that left a "
        "man wounded on Monday. Officers found him near a gas station shortly before 3 a.m."
    )
    ms = violent(ex.extract(art(body, title="Detectives investigate early morning shooting")))
    assert ms and all(m.place is not None for m in ms)
    assert {(m.place.name, m.place.admin1, m.place.country) for m in ms if m.place} == {
        ("Corpus Christi", "Texas", "USA")
    }


def test_dateline_never_places_a_strike_by_a_foreign_party(ex: Extractor) -> None:
    body = (
        "GENEVA (Wire) - Azerbaijani drones struck an army post on Monday, killing two soldiers, "
        "a spokesman said."
    )
    ms = violent(ex.extract(art(body, title="Drone strike kills two soldiers")))
    assert ms
    assert "CHE" not in countries_placed(ms)


def test_place_after_following_a_shooting_is_that_shootings_place(ex: Extractor) -> None:
    body = (
        "Police have confirmed seven victims following a shooting at a market in Stockton, California. "
        "Witnesses said a dark SUV drove past and someone inside fired into the crowd on Saturday."
    )
    ms = violent(ex.extract(art(body, title="Seven shot after drive-by")))
    assert ms
    assert all(m.place is not None and m.place.name == "Stockton" for m in ms)


def test_state_of_a_dateline_is_not_the_place_its_city_is(ex: Extractor) -> None:
    body = "TAMPA, Fla. (WXYZ) - A man was shot and killed outside a bar early Sunday, police said."
    ms = violent(ex.extract(art(body, title="Man killed outside bar")))
    assert ms
    assert placed(ms) == {("Tampa", "Florida")}


def test_capitals_dateline_with_a_double_hyphen_places_the_event(ex: Extractor) -> None:
    body = "ROCKFORD -- A man was shot and wounded outside a convenience store late Friday, police said."
    ms = violent(ex.extract(art(body, title="Man wounded outside store")))
    assert ms
    assert {(m.place.name, m.place.country) for m in ms if m.place} == {("Rockford", "USA")}


def test_a_kicker_in_capitals_before_the_dateline_is_not_the_dateline(ex: Extractor) -> None:
    body = (
        "CITY DESK: Man hurt in east side shooting\n\n"
        "SAN ANTONIO - A man was shot in the arm outside a taco stand late Tuesday, officers said."
    )
    ms = violent(ex.extract(art(body, title="Man hurt in east side shooting")))
    assert ms
    assert placed(ms) == {("San Antonio", "Texas")}


def test_a_region_of_a_state_names_the_state(ex: Extractor) -> None:
    """ "Central Florida" says Florida as "Florida" would: the Orange County of its sheriff is Florida's, not
    California's (the bigger namesake); a Chicago address ("the 8100 block of South Maryland") says
    nothing."""
    body = (
        "A teenager was shot in the leg at a park on Sunday, the Orange County Sheriff's Office said.\n\n"
        "Get alerts on your phone for stories from across Central Florida."
    )
    ms = violent(ex.extract(art(body, title="Teenager shot at park")))
    assert placed(ms) == {("Orange County", "Florida")}
    street = body.replace("from across Central Florida", "from the 8100 block of South Florida")
    ms = violent(ex.extract(art(street, title="Teenager shot at park")))
    assert placed(ms) == {("Orange County", "California")}


def where(ex: Extractor, body: str, title: str = "Shooting") -> set[tuple[str, str | None]]:
    """(name, province) of the places of the violent events ``ex`` finds in an article."""
    return placed(violent(ex.extract(art(body, title=title))))


def test_a_state_agency_names_its_state(ex: Extractor) -> None:
    """ "the Kentucky State Police" is an organisation to the NER, but its state is the article's: the Whitley
    County of the report is Kentucky's, not Indiana's; without the agency nothing says which."""
    body = (
        "Two brothers were found shot dead in a farmhouse in Whitley County late Friday, "
        "the Kentucky State Police said on Saturday."
    )
    assert where(ex, body) == {("Whitley County", "Kentucky")}
    assert where(ex, body.replace("the Kentucky State Police", "investigators")) == {
        ("Whitley County", "Indiana")
    }
    agency = body.replace("the Kentucky State Police", "the Mississippi Bureau of Investigation")
    assert where(ex, agency.replace("Whitley County", "Meridian")) == {("Meridian", "Mississippi")}


def test_a_state_agency_known_by_its_acronym_names_its_state(ex: Extractor) -> None:
    """ "KSP" is the Kentucky State Police, "the MBI" the Mississippi Bureau of Investigation; an acronym of
    several states' agencies ("ISP": Illinois, Indiana, Idaho, Iowa) says nothing."""
    body = "Two brothers were found shot dead at a farm in Whitley County late Friday, KSP said Saturday."
    assert where(ex, body) == {("Whitley County", "Kentucky")}
    assert where(ex, body.replace("KSP", "ISP")) == {("Whitley County", "Indiana")}
    agency = body.replace("KSP", "the MBI").replace("Whitley County", "Meridian")
    assert where(ex, agency) == {("Meridian", "Mississippi")}
    assert where(ex, agency.replace("the MBI", "the mbi")) != {("Meridian", "Mississippi")}


def test_a_county_the_article_names_places_its_town(ex: Extractor) -> None:
    """A town and a county named without their state: the one state where a town of that name lies in a
    county of that name is theirs (Mansfield lies in Richland County, Ohio), for both names, not the biggest
    namesakes' (Mansfield, Texas; Richland County, South Carolina); in the body as in the dateline."""
    body = (
        "Five teenagers were wounded when shots were fired at a motel in Mansfield overnight, "
        "the Richland County Sheriff's Office said."
    )
    assert where(ex, body) == {("Mansfield", "Ohio")}
    elsewhere = where(ex, body.replace("Richland County", "county"))
    assert elsewhere and ("Mansfield", "Ohio") not in elsewhere
    dateline = (
        "MANSFIELD - Five teenagers were wounded when shots were fired at a motel overnight.\n\n"
        "The Richland County Sheriff's Office has asked witnesses to come forward."
    )
    assert {state for _name, state in where(ex, dateline)} == {"Ohio"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Four men were shot near the 5000 blocks of Springfield and Chester Avenues late Tuesday.",
        "Four men were shot near Springfield and Chester avenues late Tuesday.",
        "Four men were shot at the intersection of Chester and Springfield late Tuesday.",
    ],
)
def test_streets_named_like_towns_are_no_places(ex: Extractor, sentence: str) -> None:
    """Two streets named together ("Springfield and Chester Avenues") or at a crossing ("the intersection of
    Chester and Springfield") are streets of the article's city, not the towns of their names."""
    body = sentence + " Philadelphia police said all four were expected to survive."
    places = where(ex, body)
    assert places and "Springfield" not in {name for name, _state in places}


def test_a_headline_word_before_a_colon_is_no_dateline(ex: Extractor) -> None:
    body = "A man was shot and wounded outside a convenience store late Friday, officers said."
    ms = violent(ex.extract(art(body, title="Police: man wounded outside store")))
    assert ms
    assert "POL" not in countries_placed(ms)


def test_outlet_city_in_the_headline_is_not_the_event_place(ex: Extractor) -> None:
    body = "Two men were shot outside a bar in Akron early Sunday, police said. Both are expected to survive."
    ms = violent(
        ex.extract(art(body, title="Two wounded in overnight shooting - WXYZ News 5 Cleveland, Ohio"))
    )
    assert ms
    assert placed(ms) == {("Akron", "Ohio")}


@pytest.mark.parametrize("state", ["S.C.", "SC", "South Carolina"])
def test_town_named_like_a_country_is_in_the_state_after_it(ex: Extractor, state: str) -> None:
    body = f"A 2-year-old boy was fatally shot at a home in Denmark, {state}, on Saturday, deputies said."
    ms = violent(ex.extract(art(body, title="Toddler killed in shooting")))
    assert ms
    assert {(m.place.name, m.place.admin1, m.place.country) for m in ms if m.place} == {
        ("Denmark", "South Carolina", "USA")
    }


@pytest.mark.parametrize(
    ("body", "name"),
    [
        (
            "A Fort Worth Police Department spokesman said a man was shot and killed on Saturday night.",
            "Fort Worth",
        ),
        ("A Mt. Pleasant teen was shot in the leg on Saturday night, a spokesman said.", "Mount Pleasant"),
        (
            "Detectives are investigating the Chattanooga laundromat shooting that wounded two men.",
            "Chattanooga",
        ),
    ],
)
def test_town_named_as_a_modifier_places_the_event(ex: Extractor, body: str, name: str) -> None:
    ms = violent(ex.extract(art(body, title="Shooting under investigation")))
    assert ms
    assert {(m.place.name, m.place.country) for m in ms if m.place} == {(name, "USA")}


def test_neighbourhood_of_a_big_city_is_not_a_foreign_namesake(ex: Extractor) -> None:
    body = (
        "A man was shot and killed in Gentilly on Sunday night, New Orleans police said. Officers found "
        "him on a porch shortly after 9 p.m."
    )
    ms = violent(ex.extract(art(body, title="Man killed in shooting")))
    assert ms
    assert all(m.place is None or m.place.country == "USA" for m in ms)
    assert any(m.place is not None for m in ms)


def test_city_police_abroad_place_the_event_in_that_city(ex: Extractor) -> None:
    body = (
        "QUETTA, Pakistan -- Gunmen on motorcycles killed two policemen on Monday, a Quetta police "
        "official said."
    )
    ms = violent(ex.extract(art(body, title="Gunmen kill two policemen")))
    assert ms
    assert {(m.place.name, m.place.country) for m in ms if m.place} == {("Quetta", "PAK")}


def test_outlet_country_decides_a_namesake_when_the_article_names_no_country(ex: Extractor) -> None:
    body = "A man was shot and killed outside a bar in Taunton on Sunday night, police said."
    title = "Man killed in Taunton shooting"
    ms = violent(ex.extract(art(body, title=title).model_copy(update={"source": "wxyz.com"})))
    assert ms
    assert {(m.place.name, m.place.country) for m in ms if m.place} == {("Taunton", "USA")}
    # from an outlet that says nothing of its country, the biggest Taunton is still England's
    ms = violent(ex.extract(art(body, title=title)))
    assert {m.place.country for m in ms if m.place} == {"GBR"}


def test_big_citys_state_rules_out_a_village_namesake_in_another_state(ex: Extractor) -> None:
    body = (
        "A man was shot and killed in South Shore on Sunday night, Chicago police said. Officers found "
        "him on a porch shortly after 9 p.m."
    )
    ms = violent(ex.extract(art(body, title="Man killed in shooting")))
    assert ms
    assert all(m.place is not None and m.place.admin1 == "Illinois" for m in ms)


def test_a_neighbourhood_of_the_articles_city_is_not_a_town_in_another_state(ex: Extractor) -> None:
    body = (
        "A man was shot and killed in the Washington Heights neighborhood on Sunday night, Chicago police "
        "said. Officers found him on a porch shortly after 9 p.m."
    )
    ms = violent(ex.extract(art(body, title="Man killed in shooting")))
    assert ms
    # not Washington Heights, New York: a neighbourhood of the article's Chicago
    assert all(m.place is not None and m.place.admin1 == "Illinois" for m in ms)
    # nor is the big city a neighbourhood is named after a sign of its state ("the Austin neighborhood")
    body = "A man was shot and killed in the Austin neighborhood on Sunday night, police said."
    article = art(body, title="Man killed in shooting").model_copy(update={"source": "chicagonews.test"})
    ms = violent(ex.extract(article))
    assert ms
    assert placed(ms) == {("Austin", "Illinois")}


def test_a_neighbourhood_named_like_a_state_is_not_that_state(ex: Extractor) -> None:
    """ "The California neighborhood" of a report datelined in Louisville is a part of Louisville; with no
    state known, it is no place at all rather than the state of California."""
    body = (
        "LOUISVILLE, Ky. - Two people were shot Friday afternoon in the California neighborhood, police "
        "said. Both were taken to a hospital."
    )
    ms = violent(ex.extract(art(body, title="Two hurt in shooting")))
    assert ms
    assert placed(ms) == {("California", "Kentucky")}
    body = "Two people were shot Friday afternoon in the California neighborhood, police said."
    ms = violent(ex.extract(art(body, title="Two hurt in shooting")))
    assert all(m.place is None or m.place.admin1 != "California" for m in ms)


def test_a_small_town_of_another_state_is_no_place_of_a_report_from_a_city(ex: Extractor) -> None:
    # "West Garfield Park" in a Chicago newsroom's report is a part of Chicago, not Garfield, New Jersey
    # (32,000 people), though the article names neither city nor state: the country rather than a wrong town
    body = (
        "Two men were shot and wounded in West Garfield Park on Sunday night, police said. Officers found "
        "them on a porch shortly after 9 p.m."
    )
    article = art(body, title="2 shot in West Garfield Park").model_copy(
        update={"source": "chicagonews.test"}
    )
    ms = violent(ex.extract(article))
    assert ms
    assert {m.place.admin1 if m.place else None for m in ms} <= {None, "Illinois"}
    # qualified, the town is that town
    qualified = body.replace("West Garfield Park", "Garfield, N.J.,")
    ms = violent(ex.extract(article.model_copy(update={"body": qualified, "title": "2 shot on porch"})))
    assert placed(ms) == {("Garfield", "New Jersey")}
    # and a big city of another state named bare is still that city
    elsewhere = body.replace("West Garfield Park", "Milwaukee")
    ms = violent(ex.extract(article.model_copy(update={"body": elsewhere, "title": "2 shot on porch"})))
    assert placed(ms) == {("Milwaukee", "Wisconsin")}


def test_a_us_stations_report_names_the_us_town_not_a_bigger_namesake_abroad(ex: Extractor) -> None:
    # "Mansfield" alone is England's town; in a US station's report it is an American Mansfield
    body = "Five teenagers were shot at a hotel in Mansfield overnight, officials say."
    article = art(f"MANSFIELD (WXYZ) -- {body}", title="5 teens shot at hotel")
    ms = violent(ex.extract(article.model_copy(update={"source": "wxyz.com"})))
    assert ms
    assert {m.place.country for m in ms if m.place} == {"USA"}
    # with nothing saying the report is American, the town stays England's
    ms = violent(ex.extract(art(body, title="5 teens shot at hotel")))
    assert {m.place.country for m in ms if m.place} == {"GBR"}


def test_the_body_names_the_datelines_town(ex: Extractor) -> None:
    # the body's bare "Beloit" is the dateline's town, Beloit, Wisconsin: not a town of another state than
    # the article's only big city (Newark) is in, to be dropped
    body = (
        "BELOIT \u2014 Marcus Hale, 17, of Beloit, was shot and killed on Monday with a stolen gun, Beloit "
        "police said.  A 16-year-old was charged in Rock County Circuit Court with stealing it from a home "
        "in Newark."
    )
    ms = violent(ex.extract(art(body, title="Gun used in killing was stolen")))
    assert ms
    assert placed(ms) == {("Beloit", "Wisconsin")}


def test_local_dateline_resolves_in_the_outlets_country(ex: Extractor) -> None:
    body = "TAUNTON (WXYZ) -- A man was shot and killed outside a bar on Sunday night, police said."
    article = art(body, title="Man killed outside bar").model_copy(update={"source": "wxyz.com"})
    ms = violent(ex.extract(article))
    assert ms
    assert {(m.place.name, m.place.country) for m in ms if m.place} == {("Taunton", "USA")}


def test_big_city_abroad_is_a_neighbourhood_in_an_article_naming_another_country(ex: Extractor) -> None:
    body = "NASHVILLE, Tenn. -- A teenager was shot and killed in Bordeaux late Saturday, Metro police said."
    ms = violent(ex.extract(art(body, title="Shooting")))
    assert ms
    assert all(m.place is not None and m.place.country == "USA" for m in ms)


@pytest.mark.parametrize(
    ("body", "source", "foreign"),
    [
        # a country's name that is a US state's, in an article with other US places
        (
            "A 15-year-old Georgia boy was accidentally shot and killed by his father on a fishing trip, "
            "Atlanta police said.",
            "wire.test",
            "GEO",
        ),
        # a country's name that is a town's in the US state the article names
        (
            "A teenager was shot in the leg in Lebanon on Friday night. He was flown to a hospital in "
            "Hershey, Pennsylvania, police said.",
            "wire.test",
            "LBN",
        ),
        # a piece of a longer name of a US town
        ("A man was shot and killed in Spanish Fork on Sunday night, police said.", "wire.test", "ESP"),
        ("Two men were shot near a bar in Jamaica Plain early Sunday, police said.", "wire.test", "JAM"),
        # a consolidated city-county named after a capital, and the capital's name alone in the same report
        (
            "An Athens-Clarke County police officer shot and wounded a man on Friday night. Athens police "
            "said he had fired first.",
            "wire.test",
            "GRC",
        ),
        # a big city of the outlet's country, though the article names another country
        (
            "A Des Moines teen was shot and killed outside a store on Sunday. His family fled Sudan when "
            "he was a child, a cousin said.",
            "kxyz.com",
            "SDN",
        ),
    ],
)
def test_us_namesake_of_a_country_keys_the_event_in_the_us(
    ex: Extractor, body: str, source: str, foreign: str
) -> None:
    ms = violent(ex.extract(art(body, title="Shooting").model_copy(update={"source": source})))
    assert ms
    assert all(foreign not in key_countries(m) for m in ms)
    assert any(m.place is not None and m.place.country == "USA" for m in ms)


def test_us_namesake_of_a_country_in_the_outlet_s_home_state_is_the_town(ex: Extractor) -> None:
    """The article names no state, its outlet does ("- KXYZ News 4 Tennessee"): Lebanon is Tennessee's."""
    body = (
        "Police in Lebanon said a 10-year-old boy accidentally shot himself in the stomach on Friday "
        "afternoon. His brother called 911, Lebanon police said. The district attorney will decide on "
        "charges."
    )
    article = art(body, title="Boy shoots himself at home - KXYZ News 4 Tennessee")
    ms = violent(ex.extract(article.model_copy(update={"source": "kxyz.com"})))
    assert ms
    assert all("LBN" not in key_countries(m) for m in ms)
    assert all(a.country != "LBN" for m in ms for a in (*m.actors, *m.targets))
    # a wire story of abroad on that station is no local report: its "Lebanon" is not the town
    body = "Lebanon's army said two soldiers were killed in clashes near the border on Monday."
    article = art(body, title="Two soldiers killed - KXYZ News 4 Tennessee")
    ms = ex.extract(article.model_copy(update={"source": "kxyz.com"}))
    assert all("USA" not in key_countries(m) for m in ms)


def test_a_headline_town_the_ner_joins_to_the_next_word_is_that_town(ex: Extractor) -> None:
    """The NER reads "St. Paul Shooting" as one name: the town is the name without its shooting."""
    body = "One of the two was taken to a hospital. The other was pronounced dead at the scene, police said."
    ms = violent(ex.extract(art(body, title="Woman Killed, Man Wounded in St. Paul Shooting")))
    assert ms
    assert placed(ms) == {("Saint Paul", "Minnesota")}


def test_country_named_also_otherwise_stays_that_country(ex: Extractor) -> None:
    body = (
        "An Israeli drone strike killed two men in a car in southern Lebanon on Monday, Lebanese officials "
        "said. Washington urged restraint."
    )
    ms = violent(ex.extract(art(body, title="Drone strike kills two in Lebanon")))
    assert ms
    assert all("LBN" in key_countries(m) for m in ms)


@pytest.mark.parametrize(
    "body",
    [
        "Russian troops shelled a village in Georgia on Tuesday, killing three civilians.",
        # "Washington" names the US government here, not the state: no sign that the story is American
        "Russian troops shelled a village in Georgia on Tuesday, killing three civilians. Washington "
        "condemned the attack.",
    ],
)
def test_a_country_named_like_a_us_state_is_the_country_in_world_news(ex: Extractor, body: str) -> None:
    ms = violent(ex.extract(art(body, title="Shelling kills three")))
    assert ms
    assert {(m.place.name, m.place.country) for m in ms if m.place} == {("Georgia", "GEO")}


def test_county_named_in_an_office_says_the_state_of_a_namesake_town(ex: Extractor) -> None:
    body = (
        "A man was shot and wounded in Howland on Saturday night, the Trumbull County Sheriff's Office said."
    )
    ms = violent(ex.extract(art(body, title="Man wounded in shooting")))
    assert ms
    assert {(m.place.admin1, m.place.country) for m in ms if m.place} == {("Ohio", "USA")}


def test_outlet_home_state_decides_a_us_namesake_when_the_article_names_no_state(ex: Extractor) -> None:
    body = "A man was shot and wounded in Jackson on Saturday night, police said."
    title = "Man wounded in Jackson shooting - WXYZ Action News 5 - Memphis, Tennessee"
    ms = violent(ex.extract(art(body, title=title).model_copy(update={"source": "wxyz.com"})))
    assert ms
    assert placed(ms) == {("Jackson", "Tennessee")}
    # a state the article names still decides
    ms = violent(ex.extract(art(body + " Mississippi police are investigating.", title=title)))
    assert placed(ms) == {("Jackson", "Mississippi")}


def test_a_county_the_article_names_outweighs_the_state_a_big_namesake_s_name_adds(ex: Extractor) -> None:
    # "Jackson" alone is the Mississippi capital, and its name puts Mississippi among the article's states;
    # Butts County lies in Georgia only, and Georgia's Jackson lies in it
    body = (
        "A 3-year-old boy was shot and killed at a home in Jackson on Sunday, police said. The child was "
        "pronounced dead by the Butts County coroner."
    )
    ms = violent(ex.extract(art(body, title="Boy, 3, killed in shooting")))
    assert ms
    assert placed(ms) == {("Jackson", "Georgia")}
    # without the county, the capital stands
    ms = violent(ex.extract(art(body.split(" The child")[0], title="Boy, 3, killed in shooting")))
    assert placed(ms) == {("Jackson", "Mississippi")}


def test_struck_sites_of_a_named_group_make_the_group_the_target(ex: Extractor) -> None:
    body = (
        "Turkish jets bombed two camps of the Kurdistan Workers' Party in northern Iraq on Sunday, the "
        "defence ministry said."
    )
    ms = violent(ex.extract(art(body)))
    assert ms
    targets = [t for m in ms for t in m.targets]
    assert any(t.name == "Kurdistan Workers' Party" and t.text.startswith("two camps of") for t in targets), (
        targets
    )


def test_breakdown_among_the_dead_in_a_later_sentence_joins_the_strike(ex: Extractor) -> None:
    body = (
        "Drones struck a market in the town of Saada on Sunday, killing 11 people. Two women and three "
        "children were among the dead, local health officials said."
    )
    ms = violent(ex.extract(art(body)))
    assert len(ms) == 1
    cas = ms[0].casualties
    assert (cas.killed, cas.victims.women, cas.victims.children) == (11, 2, 3)
    assert "local health officials" in [c.claimant for c in ms[0].claims]


def test_claimant_is_the_name_before_the_verb_not_the_victims_or_the_dateline(ex: Extractor) -> None:
    body = (
        "ODESA (Wire) - Russian drones struck a port in Ukraine's Odesa region overnight, killing at least "
        "five people, including a 12-year-old boy, regional governor Ivan Petrenko said on Sunday."
    )
    ms = violent(ex.extract(art(body)))
    assert ms
    assert [c.claimant for c in ms[0].claims] == ["regional governor Ivan Petrenko"]
    body = "KABUL (Wire) - Afghanistan said on Monday that Pakistani jets had bombed two villages in Khost."
    ms = violent(ex.extract(art(body)))
    assert ms
    assert [c.claimant for c in ms[0].claims] == ["Afghanistan"]
    body = (
        "ISLAMABAD (AP) \u2014 Pakistan said late on Wednesday it had recalled its ambassador from Iran, "
        "a day after Iranian drones struck a village in Panjgur."
    )
    ms = ex.extract(art(body))
    assert ms
    assert all([c.claimant for c in m.claims] == ["Pakistan"] for m in ms)


def test_an_act_with_no_object_did_not_happen(ex: Extractor) -> None:
    body = (
        "Russian drones struck a power plant in Kharkiv on Sunday. Ukraine's foreign ministry summoned no "
        "envoys, but Kyiv condemned the attack."
    )
    types = [m.sub_event_type for m in ex.extract(art(body))]
    assert "Air/drone strike" in types and "Condemnation" in types
    assert "Envoy summoned" not in types


def test_a_named_place_the_strike_hits_or_a_named_region_is_its_place(ex: Extractor) -> None:
    ms = violent(
        ex.extract(art("Russian drones struck Kharkiv on Sunday, killing five people, Ukraine said."))
    )
    assert [m.sub_event_type for m in ms] == ["Air/drone strike"]
    assert (ms[0].place.name, ms[0].place.country) == ("Kharkiv", "UKR")
    ms = violent(
        ex.extract(art("Russian drones struck energy facilities in Ukraine's Odesa region overnight."))
    )
    assert ms and ms[0].place.country == "UKR" and ms[0].place.precision == "admin1"


def test_a_town_qualified_once_is_that_town_where_the_article_names_it_bare(ex: Extractor) -> None:
    body = (
        "A teenager was shot and killed at a birthday party in Fresno early Monday, deputies said. The "
        "party was held at a rented house in Fresno, Texas, a few miles south of the county line."
    )
    ms = violent(ex.extract(art(body, title="Teen killed at party in Fresno")))
    assert ms
    assert placed(ms) == {("Fresno", "Texas")}


def test_a_street_named_like_a_town_is_not_the_place(ex: Extractor) -> None:
    body = (
        "Police said a 34-year-old man was shot and killed Sunday night in the 5300 block of Aberdeen. "
        "Officers found him near the corner of Detroit Street, a police spokesman said."
    )
    ms = violent(ex.extract(art(body, title="Man shot dead on the city's south side")))
    assert ms
    assert all(m.place is None or m.place.name not in ("Aberdeen", "Detroit") for m in ms)


def _counts(ms) -> tuple[int | None, int | None]:
    main = max(ms, key=lambda m: m.confidence)
    return main.casualties.killed, main.casualties.injured


def test_another_victim_adds_to_the_singular_victims(ex: Extractor) -> None:
    body = (
        "Police said a 24-year-old man was shot in the leg outside a bar on Mill Street early Sunday. "
        "Another man was shot in the arm and drove himself to a hospital."
    )
    ms = violent(ex.extract(art(body, title="Shooting outside Mill Street bar")))
    assert ms and _counts(ms) == (None, 2)
    body = (
        "A deputy fatally shot a man who charged at him with a machete on Friday night, the sheriff said. "
        "The deputy also accidentally shot and killed a neighbour, 61-year-old Ruth Ames."
    )
    ms = violent(ex.extract(art(body, title="Deputy's gunfire kills two on Birch Lane")))
    assert ms and _counts(ms)[0] == 2
    body = (
        "A gunman opened fire at a gas station on Friday, killing a clerk, police said. He had been "
        "released in May after serving a term for the murder of another man who was shot dead in 2009."
    )
    ms = violent(ex.extract(art(body, title="Clerk killed at gas station")))
    assert ms and _counts(ms)[0] == 1


def test_a_double_shooting_counts_two_shot(ex: Extractor) -> None:
    body = "A 30-year-old man was shot in the hip on Ash Street late Friday, police said."
    ms = violent(ex.extract(art(body, title="Police investigate double shooting on Ash Street")))
    assert ms and _counts(ms) == (None, 2)
    body = (
        "Two people were wounded in a shooting at a motel on Route 9 early Sunday, police said. "
        "The 22-year-old victim died at the hospital."
    )
    ms = violent(ex.extract(art(body, title="Motel double shooting leaves 1 dead")))
    assert ms and _counts(ms) == (1, 1)


def test_an_undated_after_clause_does_not_date_the_event(ex: Extractor) -> None:
    # "a week after" a birthday no phrase dates says nothing of the shooting's day: the publication's stands
    body = (
        "One week after celebrating his first birthday, a 1-year-old boy was shot and killed in his crib in "
        "Dayton, Ohio, police said."
    )
    ms = violent(ex.extract(art(body, title="Boy shot in crib")))
    assert ms and (ms[0].date, ms[0].date_reason) == (MONDAY.date(), "publication date")


def test_town_in_a_state_never_named_yields_to_a_dateline_in_a_named_state(ex: Extractor) -> None:
    # "Portland" alone is Oregon's; datelined from Louisville, Ky. it is the Louisville neighbourhood
    body = (
        "LOUISVILLE, Ky. (WXYZ) - A man was shot and wounded outside a store in Portland late Friday, "
        "Metro police said. Officers found him on the sidewalk."
    )
    ms = violent(ex.extract(art(body, title="Man wounded outside store")))
    assert ms
    assert {m.place.admin1 for m in ms if m.place} == {"Kentucky"}


def test_village_in_a_state_never_named_yields_to_the_datelines_city(ex: Extractor) -> None:
    body = (
        "HARTFORD - Four young people were shot and wounded at Magnolia and Vine on Friday night, "
        "police said."
    )
    ms = violent(ex.extract(art(body, title="Four wounded in shooting")))
    assert ms
    assert placed(ms) == {("Hartford", "Connecticut")}


def test_a_town_the_article_places_in_its_state_stays_there_whatever_the_dateline(ex: Extractor) -> None:
    body = (
        "LOUISVILLE, Ky. (WXYZ) - A Louisville man was shot and wounded in Portland, Oregon, on Friday "
        "night while visiting relatives, his family said."
    )
    ms = violent(ex.extract(art(body, title="Louisville man wounded in Oregon")))
    assert ms
    assert {m.place.admin1 for m in ms if m.place} == {"Oregon"}


@pytest.mark.parametrize(
    ("source", "country"), [("tulsaworld.test", "USA"), ("ohio.test", "USA"), ("example.test", None)]
)
def test_a_host_named_after_a_city_or_state_says_the_outlets_country(
    ex: Extractor, source: str, country: str | None
) -> None:
    body = "A man was shot and wounded outside a convenience store late Friday, police said."
    article = art(body, title="Man wounded outside store").model_copy(update={"source": source})
    ms = violent(ex.extract(article))
    assert ms
    assert {m.place.country if m.place else None for m in ms} == {country}


def test_a_host_named_after_a_city_breaks_a_tie_between_namesakes(ex: Extractor) -> None:
    body = "A woman was shot and killed at a home in Jackson on Saturday night, deputies said."
    article = art(body, title="Woman killed in Jackson").model_copy(update={"source": "memphisnews.test"})
    ms = violent(ex.extract(article))
    assert ms
    assert placed(ms) == {("Jackson", "Tennessee")}


def test_the_day_police_spoke_of_a_shooting_yields_to_the_day_the_article_gives_it(ex: Extractor) -> None:
    body = (
        "Police said Monday that a man was shot and killed outside a bar on Elm Street. "
        "The shooting happened around 11 p.m. Saturday, a spokesman said."
    )
    ms = violent(ex.extract(art(body, title="Man killed outside bar")))
    assert ms
    assert {m.date for m in ms} == {dt.date(2025, 6, 7)}


def test_the_day_police_spoke_of_a_shooting_dates_it_when_nothing_else_does(ex: Extractor) -> None:
    body = "Police said Monday that a man was shot and killed outside a bar on Elm Street."
    ms = violent(ex.extract(art(body, title="Man killed outside bar")))
    assert ms
    assert {m.date for m in ms} == {dt.date(2025, 6, 9)}


def test_an_american_institution_says_the_country_of_an_article_that_names_none(ex: Extractor) -> None:
    body = (
        "A man was shot and wounded outside a convenience store late Friday, the county sheriff's office "
        "said. Deputies found him in the 2100 block of Mill Road."
    )
    ms = violent(ex.extract(art(body, title="Man wounded outside store")))
    assert ms
    assert {m.place.country if m.place else None for m in ms} == {"USA"}


def test_the_martyred_are_the_dead(ex: Extractor) -> None:
    body = (
        "QUETTA: Three police personnel were martyred when a roadside bomb exploded near their van on "
        "Friday evening, a local official said."
    )
    ms = violent(ex.extract(art(body, title="Bomb hits police van")))
    assert ms
    assert {m.casualties.killed for m in ms} == {3}


def test_a_capital_naming_where_a_person_is_from_is_not_its_state_acting(ex: Extractor) -> None:
    """ "Berlin teen": a teenager of a town called Berlin (in Germany or Connecticut), never Germany's
    government as the party that shot him."""
    body = (
        "Berlin police are investigating the death of a 15-year-old who died on Thursday. The teen was shot "
        "with a pellet gun on Maple Street, police said."
    )
    ms = violent(ex.extract(art(body, title="Berlin teen dies after being shot")))
    assert ms
    assert all(a.country != "DEU" for m in ms for a in m.actors)


def test_a_possessive_before_kin_is_a_persons_not_the_speakers_state(ex: Extractor) -> None:
    """ "Police in Lebanon said ... his younger brother": the boy's brother, not Lebanon's state."""
    body = (
        "Police in Lebanon said a 10-year-old boy accidentally shot himself in the stomach on Friday "
        "afternoon. Officials released the 911 call made by a Lebanon boy right after his younger brother "
        "accidentally shot himself in the stomach with a shotgun."
    )
    ms = violent(ex.extract(art(body, title="Boy wounded at home")))
    kin = [a for m in ms for a in m.actors if "brother" in a.text]
    assert kin
    assert all(a.country is None and a.kind.value != "state" for a in kin)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Police say toddler accidentally shot himself - WQXT 2 News Nashville, Tennessee News, "
            "Weather, Sports",
            "",
        ),
        (
            "Police say small boy accidentally shot himself at home - WQXT 2 News Nashville, Tennessee News, "
            "Weather, Sports",
            "",
        ),
    ],
)
def test_the_outlet_in_its_headline_is_no_party(ex: Extractor, title: str, body: str) -> None:
    article = art(body, title=title).model_copy(update={"source": "www.wqxt.com"})
    ms = violent(ex.extract(article))
    assert ms
    parties = [a.text for m in ms for a in (*m.actors, *m.targets)]
    assert not [p for p in parties if "WQXT" in p or "News" in p or p in ("Weather", "Sports")]


@pytest.mark.parametrize(
    ("text", "source", "outlet"),
    [
        ("WSMV Channel", "wsmv.com", True),
        ("KSLA News", "www.ksla.com", True),
        ("WMC-TV", "wmctv.com", True),
        ("WRCBtv.com", "wrcbtv.com", True),
        ("DNAinfo", "dnainfo.com", True),
        ("Baltimore City streets", "baltimore.cbslocal.com", False),  # the host's first label is a city
        ("Erie", "erienewsnow.com", False),
        ("Ohioan", "ohio.com", False),
        ("ABC", "abc.com", False),  # too short a label to tell
    ],
)
def test_names_outlet(text: str, source: str, outlet: bool) -> None:
    assert _names_outlet(text, source) is outlet


def test_a_veterans_war_is_not_the_event_place(ex: Extractor) -> None:
    body = (
        "A 70-year-old Vietnam veteran and a 30-year-old truck driver were apparently chosen at random and "
        "killed by the gunman on Sunday."
    )
    ms = violent(ex.extract(art(body, title="Four dead after shootings")))
    assert ms
    assert "VNM" not in countries_placed(ms)


STRIKE_AT_HOME = (
    "Turkey's air force on Monday struck positions of the PKK militant group with warplanes and drones, the "
    "defence ministry said."
)


@pytest.mark.parametrize(
    "withheld",
    [
        "It did not say where the strikes took place.",
        "The ministry didn't say where the targets were.",
        "Officials declined to disclose the exact location of the camps.",
    ],
)
def test_a_strike_whose_place_the_report_withholds_is_not_placed_in_the_one_country_named(ex, withheld):
    """ "It did not say where": the strike may have been abroad, so the country alone is no place then."""
    ms = violent(ex.extract(art(f"{STRIKE_AT_HOME} {withheld}", title="Turkish jets strike PKK")))
    assert ms and all(m.place is None for m in ms)


def test_a_strike_in_an_article_naming_one_country_is_placed_there(ex):
    ms = violent(ex.extract(art(STRIKE_AT_HOME, title="Turkish jets strike PKK")))
    assert ms and countries_placed(ms) == {"TUR"}


@pytest.mark.parametrize(
    ("body", "sides", "place"),
    [
        (
            "The foreign ministers of India and China spoke by telephone on Monday and agreed to keep in "
            "close contact, the Indian foreign ministry said.",
            ("IND", "CHN"),
            "IND",
        ),
        (
            "The foreign ministers of Iran and Pakistan discussed the latest developments in a phone call on "
            "Monday.",
            ("IRN", "PAK"),
            "IRN",
        ),
        (
            "Iran's foreign minister spoke with his Pakistani counterpart by phone on Monday.",
            ("IRN", "PAK"),
            "IRN",
        ),
        (
            "Iranian Foreign Minister Abbas Araghchi held talks with Pakistan's Ishaq Dar on Monday.",
            ("IRN", "PAK"),
            "IRN",
        ),
        # the capital they meet in is the place
        ("Iranian and Pakistani officials held talks in Islamabad on Monday.", ("IRN", "PAK"), "PAK"),
    ],
)
def test_a_call_or_talks_between_two_governments_is_talks_between_them(ex, body, sides, place):
    (talks,) = [m for m in ex.extract(art(body)) if m.sub_event_type == "Talks held"]
    assert (talks.actors[0].country, *(t.country for t in talks.targets)) == sides
    assert talks.place is not None and talks.place.country == place
    assert talks.quad_class == 1 and talks.event_type == "Strategic developments"


@pytest.mark.parametrize(
    "body",
    [
        # a phone call or a meeting that is no talks between two states
        "The man made a 911 phone call shortly before the shooting on Monday, police said.",
        "Officials held a meeting with residents on Tuesday after the shooting in Iran's capital, Tehran.",
    ],
)
def test_a_call_or_a_meeting_without_two_states_is_no_talks(ex, body):
    assert not [m for m in ex.extract(art(body)) if m.sub_event_type == "Talks held"]
