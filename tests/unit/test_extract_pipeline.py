"""End-to-end extraction with the trained spaCy model. Every article here is written for strikewire."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract import Extractor, article_text
from schemas.codec import decode, encode
from schemas.models import Article, Mention

pytestmark = pytest.mark.slow

THURSDAY = dt.datetime(2024, 1, 18, 12, 0, tzinfo=dt.UTC)


def art(body: str, title: str = "", id: str = "t1", when: dt.datetime = THURSDAY) -> Article:
    return Article(
        id=id, source="wire.test", url=None, title=title, body=body, published_at=when, language="en"
    )


MODEL_BODY = (
    "Pakistan said on Thursday its air force struck separatist militant hideouts inside Iran's "
    "Sistan-Baluchestan province, two days after Iran launched missile and drone strikes on what it called "
    "militant bases in Pakistan. Iranian media said three women and four children were killed."
)


def test_pipeline_model_article_pakistan_strike(ex: Extractor) -> None:
    ms = ex.extract(art(MODEL_BODY))
    assert len(ms) == 2
    pak = ms[0]
    assert pak.id == "t1#0"
    assert (pak.event_type, pak.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (pak.cameo, pak.plover, pak.quad_class) == ("19", "ASSAULT:aerial", 4)
    assert [a.country for a in pak.actors] == ["PAK"]
    assert any(t.kind.value == "militants" for t in pak.targets)
    assert pak.place is not None
    assert (pak.place.country, pak.place.admin1, pak.place.precision) == (
        "IRN",
        "Sistan and Baluchestan",
        "admin1",
    )
    assert pak.cross_border is True
    assert pak.date == dt.date(2024, 1, 18) and pak.date_precision == "day"
    assert "Thursday" in pak.date_reason
    cas = pak.casualties
    assert (cas.killed, cas.killed_qualifier, cas.victims.women, cas.victims.children) == (7, "exact", 3, 4)
    media = [c for c in pak.claims if c.claimant == "Iranian media"]
    assert media and media[0].country == "IRN"
    assert 0.5 <= pak.confidence <= 1.0


def test_pipeline_model_article_every_field_points_at_its_words(ex: Extractor) -> None:
    article = art(MODEL_BODY)
    text = article_text(article)
    pak = ex.extract(article)[0]
    assert pak.spans and all(text[f.start : f.end] == f.text for f in pak.spans)
    assert [f.start for f in pak.spans] == sorted(f.start for f in pak.spans)
    by_field = {(f.field, f.text) for f in pak.spans}
    assert [f.text for f in pak.spans if f.field == "trigger"] == ["air force struck"]
    assert ("actor", "its air force") in by_field
    assert ("target", "separatist militant hideouts") in by_field
    assert ("date", "on Thursday") in by_field
    assert ("killed", "three women and four children were killed") in by_field
    place = [f for f in pak.spans if f.field == "place"]
    assert place and "Sistan-Baluchestan" in place[0].text
    # every span lies in the article, the actor's and target's inside the evidence sentence
    ev = pak.evidence
    assert all(ev.start <= f.start and f.end <= ev.end for f in pak.spans if f.field in ("actor", "target"))


def test_pipeline_model_article_iran_strike_two_days_earlier(ex: Extractor) -> None:
    irn = ex.extract(art(MODEL_BODY))[1]
    assert irn.id == "t1#1"
    assert irn.sub_event_type in ("Air/drone strike", "Shelling/artillery/missile attack")
    assert [a.country for a in irn.actors] == ["IRN"]
    assert irn.place is not None and irn.place.country == "PAK"
    assert irn.cross_border is True
    assert irn.date == dt.date(2024, 1, 16)
    assert "two days after" in irn.date_reason


def test_pipeline_names_the_venues_of_an_incident_not_its_hospital(ex: Extractor) -> None:
    body = (
        "A 31-year-old man was shot and wounded outside a bowling alley on Marlow Avenue late on Monday, "
        "Tulsa police said. He was taken to St. Brennan Hospital in serious condition. "
        "Officers searched Harwick Park for the gunman, who fled in a silver sedan."
    )
    (m,) = ex.extract(art(body, title="Man wounded in shooting outside Tulsa bowling alley"))
    assert "Marlow Avenue" in m.venues
    assert not any("Hospital" in v for v in m.venues)


def test_pipeline_names_the_hospital_a_strike_hit_as_its_venue(ex: Extractor) -> None:
    body = (
        "An air strike hit Al-Awda Hospital in Jabalia on Tuesday, killing five people, the Health Ministry "
        "said. The wounded were taken to the Indonesian Hospital."
    )
    (m,) = ex.extract(art(body, title="Air strike hits hospital"))
    assert m.sub_event_type == "Air/drone strike"
    assert m.venues[0] == "Al-Awda Hospital"  # what the strike hit, said in its own sentence
    assert not any(
        "Indonesian" in v or "Ministry" in v for v in m.venues
    )  # where the wounded went; a claimant


def test_pipeline_recall_is_diplomatic(ex: Extractor) -> None:
    ms = ex.extract(
        art("Pakistan recalled its ambassador from Tehran on Wednesday, the foreign office said.")
    )
    assert len(ms) == 1
    m = ms[0]
    assert (m.event_type, m.sub_event_type, m.cameo, m.quad_class) == (
        "Strategic developments",
        "Ambassador recalled",
        "16",
        4,
    )
    assert [a.country for a in m.actors] == ["PAK"]
    assert [t.country for t in m.targets] == ["IRN"]
    assert m.date == dt.date(2024, 1, 17)


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (
            "The striker fired a missile into the top corner as the home side won 3-1 on Saturday. "
            "Fans said it was the shot of the season and the coach praised his team's attack.",
            "Late winner",
        ),
        (
            "Shares rallied on Wednesday as oil prices eased and investors cheered quarterly earnings. "
            "The index closed up 1.2 percent.",
            "Markets close higher",
        ),
        (
            "Dockworkers began a 48-hour strike over pay on Monday, halting cargo at the port. "
            "The union said the strike could be extended.",
            "Port strike",
        ),
    ],
)
def test_pipeline_unrelated_articles_yield_nothing(ex: Extractor, body: str, title: str) -> None:
    assert ex.extract(art(body, title=title)) == []


@pytest.mark.parametrize(
    "body",
    [
        "Tehran threatened to strike militant camps across the border if attacks continued.",
        "Officials said the army could launch air strikes on the hideouts within days.",
        "Iran did not strike any targets inside Pakistan, its foreign ministry said.",
        "The group has carried out attacks on security forces in the past.",
        "The group was founded in 2012 and staged bombings in the province in 2014.",
    ],
)
def test_pipeline_non_factual_acts_yield_nothing(ex: Extractor, body: str) -> None:
    assert ex.extract(art(body)) == []


def test_pipeline_us_shooting(ex: Extractor) -> None:
    body = (
        "A gunman opened fire outside a bar in Tulsa, Okla., on Saturday night, killing two people and "
        "wounding three others, police said. The suspect fled in a car."
    )
    ms = ex.extract(art(body, title="Two dead in Tulsa bar shooting"))
    assert len(ms) == 1
    m = ms[0]
    assert (m.event_type, m.sub_event_type) == ("Violence against civilians", "Attack")
    assert m.place is not None and (m.place.name, m.place.admin1, m.place.country) == (
        "Tulsa",
        "Oklahoma",
        "USA",
    )
    assert (m.casualties.killed, m.casualties.injured) == (2, 3)
    assert m.date == dt.date(2024, 1, 13)
    assert any(c.claimant == "police" for c in m.claims)


def test_pipeline_passive_voice_roles(ex: Extractor) -> None:
    body = "Two policemen were shot dead by gunmen in Quetta on Monday, officials said."
    (m,) = ex.extract(art(body))
    assert any(a.kind.value == "criminal" for a in m.actors)
    assert any(t.kind.value == "police" for t in m.targets)
    assert m.place is not None and (m.place.name, m.place.country) == ("Quetta", "PAK")
    assert (m.casualties.killed, m.casualties.victims.police) == (2, 2)


def test_pipeline_named_group_actor(ex: Extractor) -> None:
    body = (
        "Jaish al-Adl militants attacked a border post in Sistan-Baluchestan on Tuesday, killing four guards."
    )
    (m,) = ex.extract(art(body))
    assert [a.name for a in m.actors] == ["Jaish al-Adl"]
    assert m.place is not None and m.place.country == "IRN"
    assert m.casualties.killed == 4


def test_pipeline_unknown_count(ex: Extractor) -> None:
    body = "Security forces killed a number of terrorists in an operation in North Waziristan on Monday."
    ms = ex.extract(art(body))
    assert ms and ms[0].casualties.killed is None
    assert ms[0].casualties.killed_qualifier == "unknown"


def test_pipeline_evidence_offsets_and_roundtrip(ex: Extractor) -> None:
    a = art(MODEL_BODY, title="Pakistan strikes militants inside Iran")
    text = article_text(a)
    for m in ex.extract(a):
        assert text[m.evidence.start : m.evidence.end] == m.evidence.text
        for c in m.claims:
            assert text[c.evidence.start : c.evidence.end] == c.evidence.text
        assert decode(Mention, encode(m)) == m


def test_pipeline_deterministic_and_batch_equals_single(ex: Extractor) -> None:
    arts = [
        art(MODEL_BODY, id="x1"),
        art("Pakistan recalled its ambassador from Tehran.", id="x2"),
        art("Nothing happened at the zoo today.", id="x3"),
    ]
    batch = ex.extract_batch(arts)
    assert batch == [ex.extract(a) for a in arts]
    assert batch == ex.extract_batch(arts)
    assert [m.id for m in batch[0]] == ["x1#0", "x1#1"]
    assert batch[2] == []


def test_pipeline_fingerprint_shared_by_syndicated_copies(ex: Extractor) -> None:
    a = ex.extract(art(MODEL_BODY, id="a", title="One headline"))
    b = ex.extract(art("  " + MODEL_BODY.upper().replace(" ", "  "), id="b", title="Other headline"))
    assert a and b and a[0].text_fingerprint == b[0].text_fingerprint


def test_pipeline_lone_shot_victim_of_a_fatal_shooting_is_the_one_killed(ex: Extractor) -> None:
    body = (
        "A 30-year-old man was shot several times outside a grocery store on Elm Street in Tulsa, Okla., "
        "on Monday night, police said. Detectives asked witnesses to come forward."
    )
    fatal = ex.extract(art(body, title="Police seek witnesses to deadly Elm Street shooting"))
    assert [(m.casualties.killed, m.casualties.injured) for m in fatal] == [(1, None)]
    plain = ex.extract(art(body, title="Police seek witnesses to Elm Street shooting"))
    assert [(m.casualties.killed, m.casualties.injured) for m in plain] == [(None, 1)]


def test_pipeline_fatal_shooting_headline_counts_its_victim(ex: Extractor) -> None:
    body = "Detectives have made no arrest in the case, a police spokeswoman said on Wednesday."
    ms = ex.extract(art(body, title="Reward offered in fatal shooting of a Tulsa shop owner"))
    assert [m.casualties.killed for m in ms] == [1]


def test_pipeline_dateline_without_agency_is_not_part_of_the_actor(ex: Extractor) -> None:
    body = "KHUZDAR, Pakistan - Gunmen attacked a checkpoint near Khuzdar on Tuesday, killing three guards."
    ms = ex.extract(art(body))
    [m] = ms
    assert [(a.text, a.country) for a in m.actors] == [("Gunmen", None)]
    assert m.place is not None and m.place.country == "PAK"


def test_pipeline_acts_placed_in_two_countries_stay_two_mentions(ex: Extractor) -> None:
    body = (
        "Gunmen attacked a police post in Quetta on Tuesday, killing two officers. "
        "Iranian drones struck a village in Sistan-Baluchestan province on Tuesday."
    )
    ms = ex.extract(art(body))
    assert [(m.sub_event_type, m.place.country if m.place else None) for m in ms] == [
        ("Armed clash", "PAK"),  # an attack on a police post: ACLED codes a battle
        ("Air/drone strike", "IRN"),
    ]
    assert [a.text for a in ms[0].actors] == ["Gunmen"] and [a.country for a in ms[1].actors] == ["IRN"]


def roles_as_written(ex: Extractor, body: str, trigger: str) -> tuple[list[str], list[str]]:
    """The actor and target texts ``roles_at(as_written=True)`` reads at the first ``trigger`` of ``body``."""
    at = body.index(trigger)
    actors, targets, _ = ex.roles_at(art(body), at, at + len(trigger), as_written=True)
    return [a.text for a in actors], [t.text for t in targets]


def test_pipeline_roles_at_a_given_trigger_even_when_no_event_is_reported(ex: Extractor) -> None:
    """RAMS's task: the trigger is given; a hypothetical act is no event, but its roles are still read."""
    body = "Officials fear the rebels could attack the army convoy near Homs on Friday."
    assert ex.extract(art(body)) == []
    at = body.index("attack")
    actors, targets, place = ex.roles_at(art(body), at, at + len("attack"))
    assert [a.text for a in actors] == ["the rebels"]
    assert [t.text for t in targets] == ["the army convoy"]
    assert place is not None and (place.name, place.country) == ("Homs", "SYR")
    assert ex.roles_at(art(body), len(body) + 5, len(body) + 6) == ([], [], None)  # no sentence there


@pytest.mark.parametrize(
    ("body", "trigger", "actors", "targets"),
    [
        # a pronoun fills the role as written; a place acted upon is a target
        ("Officials said they will bomb Aleppo again on Friday.", "bomb", ["they"], ["Aleppo"]),
        # a reciprocal pronoun is one phrase
        (
            "The rival factions have been fighting one another for years.",
            "fighting",
            ["The rival factions"],
            ["one another"],
        ),
        # a partitive pronoun's of-phrase is the party
        ("Some of these fighters attacked them near Homs.", "attacked", ["these fighters"], ["them"]),
        # a relative pronoun's noun acts for the verb its clause governs
        (
            "Aleppo lay in ruins because of Russia, which did not stop bombing it.",
            "bombing",
            ["Russia"],
            ["it"],
        ),
    ],
)
def test_pipeline_roles_at_as_written_keeps_pronouns_and_places(
    ex: Extractor, body: str, trigger: str, actors: list[str], targets: list[str]
) -> None:
    assert roles_as_written(ex, body, trigger) == (actors, targets)


def test_pipeline_roles_at_a_coalition_modifying_the_act_carries_it_out(ex: Extractor) -> None:
    body = "Residents said a coalition air strike hit the market in Raqqa."
    at = body.index("strike")
    actors, targets, _ = ex.roles_at(art(body), at, at + len("strike"))
    assert [(a.text, a.kind.value) for a in actors] == [("coalition", "state_forces")]
    assert [t.text for t in targets] == ["the market"]


def test_pipeline_roles_at_joined_verbs_share_the_last_object(ex: Extractor) -> None:
    body = "Rebel fighters stormed and looted the police station in Goma on Tuesday."
    at = body.index("stormed")
    actors, targets, _ = ex.roles_at(art(body), at, at + len("stormed"))
    assert [a.text for a in actors] == ["Rebel fighters"]
    assert [t.text for t in targets] == ["the police station"]


@pytest.mark.parametrize(
    ("body", "trigger"),
    [
        ("The bomber detonated his belt as people rushed to help.", "detonated"),
        ("Militants fired rockets and mortars from the hills.", "fired"),
    ],
)
def test_pipeline_roles_at_a_munition_the_verb_takes_is_the_means_not_the_target(
    ex: Extractor, body: str, trigger: str
) -> None:
    at = body.index(trigger)
    _, targets, _ = ex.roles_at(art(body), at, at + len(trigger), as_written=True)
    assert not {"his belt", "rockets", "mortars"} & {t.text for t in targets}, targets


@pytest.mark.parametrize(
    ("body", "trigger", "actors"),
    [
        # no subject of its own: the subject of the clause the act is told in acts
        (
            "The army retook the town with siege tactics, shelling and starving its residents until they "
            "surrendered.",
            "shelling",
            ["The army"],
        ),
        # the noun a subjectless participle modifies
        ("Police arrested 40 officers implicated in the mutiny on Friday.", "mutiny", ["40 officers"]),
        # still nothing: the party named nearest before the trigger
        ("Syria's insistence on the need to crush the rebellion angered its neighbours.", "crush", ["Syria"]),
        # an act that is the goal of a "to"/"into" phrase: the governing verb's object does it
        ("The commander drove the rebels into attacking the town.", "attacking", ["the rebels"]),
        # never whoever says or fears it, nor whoever suffers
        ("Officials said the village was bombed overnight.", "bombed", []),
        ("Two soldiers died after the attack on the base.", "attack", []),
        ("Three villagers were wounded after the raid.", "raid", []),
        # not the subject of a clause a time phrase naming the act modifies
        ("After a winter of Moscow shelling the town, residents fled.", "shelling", ["Moscow"]),
        ("Officials fear the village was bombed overnight.", "bombed", []),
        # nor a party named inside the speaker's phrase, by the nearest-party guess or the fallback
        ("The UN's envoy to Syria said the battle for the city could last months.", "battle", []),
        ("The UN envoy to Syria said two children were killed in an air strike near Idlib.", "strike", []),
        # whoever is behind the act does it
        ("Police arrested the group behind the attack on the mosque.", "attack", ["the group"]),
        ("Prosecutors named him as the man behind the bombing of the embassy.", "bombing", ["him"]),
        ("The ministry said a local cell was behind the raid.", "raid", ["a local cell"]),
    ],
)
def test_pipeline_roles_at_as_written_an_act_without_a_subject_takes_its_clause_party(
    ex: Extractor, body: str, trigger: str, actors: list[str]
) -> None:
    at = body.index(trigger)
    got, _, _ = ex.roles_at(art(body), at, at + len(trigger), as_written=True)
    assert [a.text for a in got] == actors


@pytest.mark.parametrize(
    ("body", "trigger", "actors", "targets"),
    [
        # the party that flies or fires it acts, not the aircraft or weapon: a party modifier ...
        (
            "Russian and Syrian government planes began bombarding the city.",
            "bombarding",
            ["Russian and Syrian government"],
            ["the city"],
        ),
        ("Strikes by Turkish drones killed four fighters.", "Strikes", ["Turkish"], ["four fighters"]),
        # ... or the of-phrase, one coordinated party; the doer's vessels are not the guessed target
        (
            "The massed warships of Britain and the United States practised amphibious assaults.",
            "assaults",
            ["Britain and the United States", "the United States"],
            [],
        ),
        # no party named: the aircraft as written
        ("The planes bombed the village at dawn.", "bombed", ["The planes"], ["the village", "dawn"]),
    ],
)
def test_pipeline_roles_at_as_written_the_user_of_an_aircraft_or_weapon_acts(
    ex: Extractor, body: str, trigger: str, actors: list[str], targets: list[str]
) -> None:
    assert roles_as_written(ex, body, trigger) == (actors, targets)


@pytest.mark.parametrize(
    ("body", "targets"),
    [
        ("Rival gangs clashed outside the stadium on Sunday.", ["Rival gangs"]),  # each side the other's
        ("Rival gangs clashed with police outside the stadium.", ["police"]),  # the other side named
    ],
)
def test_pipeline_roles_at_as_written_a_fight_of_a_plural_subject_alone_targets_itself(
    ex: Extractor, body: str, targets: list[str]
) -> None:
    at = body.index("clashed")
    actors, got, _ = ex.roles_at(art(body), at, at + len("clashed"), as_written=True)
    assert [a.text for a in actors] == ["Rival gangs"]
    assert [t.text for t in got] == targets


@pytest.mark.parametrize(
    ("body", "side"),
    [
        ("The minister said the alliance should stay out of Yemen's civil war.", "Yemen"),
        ("Thousands fled the civil war in Sudan last year.", "Sudan"),
    ],
)
def test_pipeline_roles_at_as_written_a_civil_war_is_fought_within_its_country(
    ex: Extractor, body: str, side: str
) -> None:
    assert roles_as_written(ex, body, "war") == ([side], [side])


def test_pipeline_roles_at_as_written_no_guessed_target_is_where_a_speaker_spoke(ex: Extractor) -> None:
    body = (
        '"The senator\'s record in Iraq brought only ruin," he said in Ohio, defending his own support for '
        "those wars."
    )
    assert roles_as_written(ex, body, "wars")[1] == ["Iraq"]


@pytest.mark.parametrize(
    ("body", "trigger", "actor"),
    [
        ("Johnson's indifference has robbed the villagers of their savings.", "robbed", "Johnson"),
        ("Russia's campaign pounded the city for weeks.", "pounded", "Russia"),
        ("The militia's fighters raided the depot.", "raided", "The militia's fighters"),  # a party itself
    ],
)
def test_pipeline_roles_at_as_written_the_owner_of_a_subject_that_is_no_party_acts(
    ex: Extractor, body: str, trigger: str, actor: str
) -> None:
    assert roles_as_written(ex, body, trigger)[0] == [actor]


@pytest.mark.parametrize(
    ("body", "trigger", "actor"),
    [
        (
            "In the carvings of armed warriors there is a hint of raids on rival towns.",
            "raids",
            "armed warriors",
        ),
        (
            "In the files of anonymous hackers there is a hint of attacks on rival banks.",
            "attacks",
            "anonymous hackers",
        ),
        (
            "In the tales of desert raiders there is a hint of ambushes on passing caravans.",
            "ambushes",
            "desert raiders",
        ),
    ],
)
def test_pipeline_roles_at_as_written_warriors_hackers_and_raiders_are_parties(
    ex: Extractor, body: str, trigger: str, actor: str
) -> None:
    assert roles_as_written(ex, body, trigger)[0] == [actor]


def test_pipeline_roles_at_as_written_no_guessed_target_is_the_doer_or_a_believer(ex: Extractor) -> None:
    body = "Officials believe the militia leader was the man behind the ambush."
    at = body.index("ambush")
    actors, targets, _ = ex.roles_at(art(body), at, at + len("ambush"), as_written=True)
    assert [a.text for a in actors] == ["the militia leader"]
    assert targets == []


def test_pipeline_roles_at_as_written_fills_an_empty_role_from_another_mention_of_the_act(
    ex: Extractor,
) -> None:
    body = (
        "Officials fear the minister may have been poisoned. "
        "A doctor later said the minister had been poisoned by his bodyguards."
    )
    at = body.index("poisoned")
    actors, targets, _ = ex.roles_at(art(body), at, at + len("poisoned"), as_written=True)
    assert [a.text for a in actors] == ["his bodyguards"]
    assert [t.text for t in targets] == ["the minister"]


@pytest.mark.parametrize(
    ("body", "trigger", "targets", "place"),
    [
        # the noun a participle trigger describes
        ("Crews towed the hijacked airliner to a remote stand.", "hijacked", ["airliner"], None),
        # a modifier naming civilians
        ("Witnesses described the civilian massacres in detail.", "massacres", ["civilian"], None),
        # the place named next is acted upon, and still the place
        ("The long war in Chechnya cost thousands of lives.", "war", ["Chechnya"], "Chechnya"),
        # never the act's own actor
        ("The raid by the militia drew condemnation from the governor of Kano.", "raid", ["Kano"], "Kano"),
        # nothing after it: the nearest before, a pronoun too
        (
            "The bombers walked up to the guards and greeted them before detonating the vests.",
            "detonating",
            ["them"],
            None,
        ),
        # an adjective or participle heading the object is a noun
        ("The gang vowed to rob and punish the wealthy.", "rob", ["the wealthy"], None),
        ("Gunmen shot the wounded as they fled.", "shot", ["the wounded"], None),
    ],
)
def test_pipeline_roles_at_as_written_an_act_without_an_object_takes_the_next_party_or_place(
    ex: Extractor, body: str, trigger: str, targets: list[str], place: str | None
) -> None:
    at = body.index(trigger)
    _, got, where = ex.roles_at(art(body), at, at + len(trigger), as_written=True)
    assert [t.text for t in got] == targets
    assert (where.name if where else None) == place


def test_pipeline_roles_at_as_written_a_name_compounded_with_a_gerund_trigger_is_its_actor(
    ex: Extractor,
) -> None:
    from spacy.tokens import Doc

    from agents.extract.extractor import _Event

    words = ["After", "weeks", "of", "Obama", "bombarding", "the", "rebels", ",", "talks", "resumed", "."]
    heads = [9, 0, 1, 4, 2, 6, 4, 9, 9, 9, 9]
    deps = ["prep", "pobj", "prep", "compound", "pobj", "det", "dobj", "punct", "nsubj", "ROOT", "punct"]
    tags = ["IN", "NNS", "IN", "NNP", "VBG", "DT", "NNS", ",", "NNS", "VBD", "."]
    ents = ["O", "O", "O", "B-PERSON", "O", "O", "O", "O", "O", "O", "O"]
    doc = Doc(ex.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, ents=ents)
    ev = _Event("attack", doc[4].idx, doc[4].idx + 10, 1.0, 0, len(doc.text), doc.text)
    ex._nearest_party(ev, doc[4], doc, 0, [], set())
    assert [a.text for a in ev.actors] == ["Obama"]


def test_pipeline_roles_at_as_written_an_argument_keeps_its_of_phrase(ex: Extractor) -> None:
    body = "Militants detonated the bomb at the gate of the embassy."
    at = body.index("detonated")
    _, targets, _ = ex.roles_at(art(body), at, at + len("detonated"), as_written=True)
    assert [t.text for t in targets] == ["the gate of the embassy"]


def test_pipeline_roles_at_without_as_written_names_parties_only(ex: Extractor) -> None:
    body = "Officials said they will bomb Aleppo again on Friday."
    at = body.index("bomb")
    actors, targets, _ = ex.roles_at(art(body), at, at + len("bomb"))
    assert actors == [] and "they" not in [t.text for t in targets]


def test_pipeline_unplaced_event_is_in_the_only_country_the_article_names(ex: Extractor) -> None:
    [m] = ex.extract(art("Pakistani troops killed six militants in a raid on Tuesday, the military said."))
    assert m.place is not None and (m.place.country, m.place.precision) == ("PAK", "country")
    [two] = ex.extract(art("Gunmen killed two soldiers on Tuesday, Pakistani and Afghan officials said."))
    assert two.place is None  # two countries named: either could be the place


def test_pipeline_the_other_side_of_a_clash_inside_the_trigger_phrase_is_a_target(ex: Extractor) -> None:
    body = "Hundreds of protesters clashed with riot police outside parliament in Nairobi on Tuesday."
    [m] = ex.extract(art(body))
    assert [(a.text, a.kind.value) for a in m.actors] == [("Hundreds of protesters", "protesters")]
    assert [(t.text, t.kind.value) for t in m.targets] == [("riot police", "police")]


def test_pipeline_militiamen_are_a_militia(ex: Extractor) -> None:
    [m] = ex.extract(
        art("Militiamen raided a village in Ituri province on Tuesday, killing 12 civilians, officials said.")
    )
    assert [(a.name, a.kind.value) for a in m.actors] == [("militia", "militia")]


@pytest.mark.parametrize("doers", ["The perpetrators", "The killers", "Thieves", "Two muggers"])
def test_pipeline_criminal_doers_are_actors(ex: Extractor, doers: str) -> None:
    [m] = ex.extract(art(f"{doers} shot and killed a shopkeeper in Nairobi on Tuesday, police said."))
    assert [a.kind.value for a in m.actors] == ["criminal"]


@pytest.mark.parametrize(
    ("body", "sub_event"),
    [
        # only civilians harmed, no armed party attacked: violence against civilians (ACLED)
        ("Militants attacked a village in Ituri province on Tuesday, killing 12 civilians.", "Attack"),
        ("Militiamen attacked a village in Ituri province on Tuesday, killing five women.", "Attack"),
        # an armed party on the other side: a battle
        ("Militants attacked an army post in Ituri province on Tuesday, killing 12 soldiers.", "Armed clash"),
    ],
)
def test_pipeline_an_attack_harming_only_civilians_is_violence_against_civilians(
    ex: Extractor, body: str, sub_event: str
) -> None:
    [m] = ex.extract(art(body))
    assert m.sub_event_type == sub_event


@pytest.mark.parametrize(
    ("title", "body", "sub", "actor", "place", "country", "killed"),
    [
        # a state's "strike" with a toll is an air strike, though the article has no other military word
        ("Israeli strike kills five people in Rafah", "", "Air/drone strike", "ISR", "Rafah", "PSE", 5),
        # a remote strike's city lies abroad: not the striking state, which the article alone names
        ("", "An Israeli air strike killed five people in Khan Yunis on Sunday.", "Air/drone strike", "ISR",
         "Khan Yunis", "PSE", 5),
        # the NER takes "Kharkiv" for a person; the attack on it, or the missiles that hit it, place it
        ("Missile attack", "A Russian missile attack on Kharkiv killed seven people on Sunday.",
         "Shelling/artillery/missile attack", "RUS", "Kharkiv", "UKR", 7),
        ("", "Russian missiles hit Kharkiv, killing seven people.",
         "Shelling/artillery/missile attack", "RUS", "Kharkiv", "UKR", 7),
    ],
)  # fmt: skip
def test_pipeline_strike_abroad(
    ex: Extractor, title: str, body: str, sub: str, actor: str, place: str, country: str, killed: int
) -> None:
    ms = ex.extract(art(body or title, title=title))
    assert ms, "no event"
    m = ms[0]
    assert m.sub_event_type == sub
    assert [a.country for a in m.actors] == [actor]
    assert m.place is not None and (m.place.name, m.place.country) == (place, country)
    assert m.casualties.killed == killed


def test_pipeline_labour_strike_is_no_attack(ex: Extractor) -> None:
    assert ex.extract(art("Chicago teachers went on strike on Monday after talks failed.")) == []


def test_pipeline_capital_accused_is_no_place(ex: Extractor) -> None:
    # "New Delhi" here is India's government, the accused, not where the killing happened
    ms = ex.extract(
        art("Ottawa accused New Delhi of involvement in the killing of a Sikh separatist leader.")
    )
    assert all(m.place is None or m.place.name != "New Delhi" for m in ms)


@pytest.mark.parametrize(
    ("title", "body", "place"),
    [
        ("Kabul blast kills six", "", "Kabul"),
        ("Paris attack", "Gunmen killed 12 people at a magazine's office in Paris on Wednesday.", "Paris"),
    ],
)
def test_pipeline_capital_before_the_act_says_where_not_who(
    ex: Extractor, title: str, body: str, place: str
) -> None:
    ms = ex.extract(art(body or title, title=title))
    assert ms
    assert ms[0].place is not None and ms[0].place.name == place
    assert all(a.kind.value != "state" for m in ms for a in m.actors)  # neither Afghanistan nor France acted


@pytest.mark.parametrize(
    ("title", "killed"),
    [("Army kills 10 militants in North Waziristan", 10), ("Kabul police kill two militants", 2)],
)
def test_pipeline_present_tense_headline_kill(ex: Extractor, title: str, killed: int) -> None:
    # a wire headline's present tense is the act as much as "killed" is
    ms = ex.extract(art(title, title=title))
    assert ms and ms[0].sub_event_type == "Armed clash"
    assert ms[0].casualties.killed == killed
