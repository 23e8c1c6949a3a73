"""The one table of event-type names dedup and escalation reason about.

The extractor emits ACLED event types and sub-event types (plus a few diplomatic acts under
"Strategic developments"). Every name the domain logic compares against lives here, so a mismatch with
the extractor is one edit. ``agents.escalate`` imports this module too.
"""

from __future__ import annotations

__all__ = [
    "COUNTRY_NAMES",
    "DIPLOMATIC_ACTS",
    "DOWNGRADE_ACTS",
    "FOLLOW_UP_ACT_WORDS",
    "FOLLOW_UP_SUB_EVENTS",
    "GENERIC_NAMES",
    "STRIKE_EVENT_TYPES",
    "STRIKE_SUB_EVENTS",
    "country_name",
    "family",
    "follows_up",
    "is_strike",
]

# ACLED event types --------------------------------------------------------------------------------------
EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
RIOTS = "Riots"

# Sub-event types that are kinetic strikes (ACLED names).
AIR_DRONE_STRIKE = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
ARMED_CLASH = "Armed clash"
REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
SUICIDE_BOMB = "Suicide bomb"
GRENADE = "Grenade"
ATTACK = "Attack"

STRIKE_SUB_EVENTS: frozenset[str] = frozenset(
    {AIR_DRONE_STRIKE, SHELLING, ARMED_CLASH, REMOTE_EXPLOSIVE, SUICIDE_BOMB, GRENADE, ATTACK}
)
"""Sub-event types that count as a strike for escalation and ``in_response_to``."""

STRIKE_EVENT_TYPES: frozenset[str] = frozenset({EXPLOSIONS, BATTLES, VIOLENCE_AGAINST_CIVILIANS})
"""Event types whose material-conflict (quad class 4) events count as strikes."""

# Diplomatic acts (event type "Strategic developments").
AMBASSADOR_RECALLED = "Ambassador recalled"
AMBASSADOR_EXPELLED = "Ambassador expelled"
ENVOY_SUMMONED = "Envoy summoned"
SANCTIONS_IMPOSED = "Sanctions imposed"
CONDEMNATION = "Condemnation"
EXPLANATION_DEMANDED = "Explanation demanded"
TALKS_HELD = "Talks held"

DIPLOMATIC_ACTS: frozenset[str] = frozenset(
    {AMBASSADOR_RECALLED, AMBASSADOR_EXPELLED, ENVOY_SUMMONED, CONDEMNATION, EXPLANATION_DEMANDED, TALKS_HELD}
)
DOWNGRADE_ACTS: dict[str, str] = {
    AMBASSADOR_RECALLED: "recalled its ambassador from",
    AMBASSADOR_EXPELLED: "expelled the ambassador of",
    ENVOY_SUMMONED: "summoned the envoy of",
    SANCTIONS_IMPOSED: "imposed sanctions on",
}
"""Diplomatic and economic downgrades and the verb of alert reasons ("Pakistan recalled its ambassador from
Iran")."""

# Other sub-event types the extractor emits.
ARRESTS = "Arrests"

FOLLOW_UP_SUB_EVENTS: frozenset[str] = frozenset({ARRESTS})
"""Sub-event types that often report the aftermath of a violent event ("police arrested the gunman in
Saturday's shooting"): such a report may join the violent event it follows up, on identity evidence only
(see ``agents.dedup.core``, "Matching")."""

FOLLOW_UP_ACT_WORDS: tuple[str, ...] = (
    # the arrest
    r"arrest\w*", "custody", "booked", r"jail\w*",
    # the courts
    r"charg\w*", r"arraign\w*", "court", "judge", r"sentenc\w*", r"plead\w*", "plea", r"indict\w*",
    "bond", "bail", "trial", "hearing", "verdict", "guilty", r"convict\w*", r"acquit\w*", "jury", "jurors",
    "probation", "prison", "parole", r"testif\w*", r"surrender\w*",
    # mourning
    "funeral", "vigil", "memorial", r"mourn\w*", r"remember\w*",
    # a victim's death days later ("died Tuesday of his wounds")
    r"die[sd]?", r"succumb\w*", "passed away", "life support",
)  # fmt: skip
"""Words (regular expressions, whole words) of the acts that follow up a violent event: a report whose
event sentence tells one may be dated by that act's day ("was arraigned Tuesday in the shooting"), so its
date says the event happened by then, not on that day (see ``agents.dedup.core``, "Matching")."""

# Type families: two mentions of different families never merge ------------------------------------------
_FAMILY_BY_TYPE = {
    EXPLOSIONS: "violence",
    BATTLES: "violence",
    VIOLENCE_AGAINST_CIVILIANS: "violence",
    STRATEGIC: "strategic",
    PROTESTS: "unrest",
    RIOTS: "unrest",
}


_GENERIC = """
    a an the he she they it his her their we our this that these those there here when after before in on at
    for but and or if as by from with of to no not one two three four five six seven eight nine ten several
    some all any many more most other another new old first last next update updated breaking exclusive
    watch video photo photos click share copyright reserved rights news weather sports traffic live local
    national world report reports press associated ap upi reuters cnn abc cbs nbc fox wire staff editor
    monday tuesday wednesday thursday friday saturday sunday today tonight yesterday morning afternoon
    evening night weekend january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec christmas thanksgiving easter halloween eve
    year years day days week weeks month months hour hours minute minutes
    north south east west northeast northwest southeast southwest northern southern eastern western central
    downtown uptown side city county state states town township village district area region province
    street st avenue ave road rd drive dr boulevard blvd lane ln court ct place pl highway hwy interstate
    route parkway pkwy circle way square park block
    police officer officers cop cops sheriff sheriffs deputy deputies department dept office agency chief
    sgt lt capt detective detectives investigator investigators authorities official officials trooper
    troopers patrol spokesman spokeswoman spokesperson coroner medical examiner prosecutor prosecutors
    attorney district court judge jury mayor governor president senator council fbi atf swat ems fire
    hospital center university college school high middle elementary church
    mr mrs ms miss dr jr sr man men woman women boy boys girl girls teen teens child children kid kids baby
    toddler infant father mother son daughter brother sister wife husband family friend victim victims
    suspect suspects gunman gunmen shooter shooters people person resident residents neighbor neighbors
    shooting shootings shot shots gun guns gunfire fire fired killed killing kills dead death deaths died
    dies murder murders homicide homicides wounded injured injuries hurt slain fatal fatally deadly
    arrest arrested arrests charged charges attack attacks strike strikes struck bomb bombing blast
    police's according said says told reported say
    anyone someone everyone nobody your our action coverage continuous related image images stormtracker
    metro channel station bureau precinct parish jail crime robbery investigation accidental accidentally
    accident incident multiple juvenile teenager teenage drive-by party home house bar club nightclub
    apartment apartments community leaves near during down stop force emergency identified second third
    fourth fifth gunshot suv stoppers facebook twitter instagram youtube u.s usa america american
    """
GENERIC_NAMES: frozenset[str] = frozenset(_GENERIC.split())
"""Capitalised words that do not tell one incident from another (headline words, titles, days, street and
office words, outlets' boilerplate): general vocabulary, never taken as names identifying an incident
(``agents.dedup.core``, "Matching")."""


def family(event_type: str, sub_event_type: str = "") -> str:
    """The merge family of a type: ``violence``, ``diplomatic:<act>``, ``strategic``, ``unrest`` or the type.

    Each diplomatic act is a family of its own: a recall never merges with the strike it answers, nor with
    the envoy summons of the day before (two acts, two events).
    """
    if sub_event_type in DIPLOMATIC_ACTS:
        return f"diplomatic:{sub_event_type}"
    if sub_event_type in STRIKE_SUB_EVENTS:
        return "violence"
    return _FAMILY_BY_TYPE.get(event_type, event_type.strip().lower() or "unknown")


def follows_up(sub_event_type: str, other_event_type: str, other_sub_event_type: str) -> bool:
    """Whether a report of ``sub_event_type`` can be the follow-up of a violent event (or the reverse)."""
    violent = family(other_event_type, other_sub_event_type) == "violence"
    return sub_event_type in FOLLOW_UP_SUB_EVENTS and violent


def is_strike(event_type: str, sub_event_type: str, quad_class: int) -> bool:
    """A kinetic strike: a strike sub-event, or material conflict of a violent event type."""
    if sub_event_type in DIPLOMATIC_ACTS:
        return False
    if sub_event_type in STRIKE_SUB_EVENTS:
        return True
    return quad_class == 4 and event_type in STRIKE_EVENT_TYPES


COUNTRY_NAMES: dict[str, str] = {
    "AFG": "Afghanistan", "ARE": "the United Arab Emirates", "ARM": "Armenia", "AZE": "Azerbaijan",
    "BGD": "Bangladesh", "BLR": "Belarus", "CHN": "China", "COD": "DR Congo", "COL": "Colombia",
    "CUB": "Cuba", "DEU": "Germany", "EGY": "Egypt", "ERI": "Eritrea", "ETH": "Ethiopia",
    "FRA": "France", "GBR": "the United Kingdom", "GEO": "Georgia", "GRC": "Greece", "IND": "India",
    "IRN": "Iran", "IRQ": "Iraq", "ISR": "Israel", "JOR": "Jordan", "JPN": "Japan", "KOR": "South Korea",
    "KWT": "Kuwait", "LBN": "Lebanon", "LBY": "Libya", "MAR": "Morocco", "MLI": "Mali", "MMR": "Myanmar",
    "NER": "Niger", "NGA": "Nigeria", "PAK": "Pakistan", "PHL": "the Philippines", "POL": "Poland",
    "PRK": "North Korea", "PSE": "Palestine", "QAT": "Qatar", "RUS": "Russia", "RWA": "Rwanda",
    "SAU": "Saudi Arabia", "SDN": "Sudan", "SOM": "Somalia", "SSD": "South Sudan", "SYR": "Syria",
    "TCD": "Chad", "THA": "Thailand", "TJK": "Tajikistan", "KGZ": "Kyrgyzstan", "TUR": "Turkey",
    "TWN": "Taiwan", "UKR": "Ukraine", "USA": "the United States", "UZB": "Uzbekistan",
    "VEN": "Venezuela", "VNM": "Vietnam", "YEM": "Yemen", "DZA": "Algeria", "TUN": "Tunisia",
    "KEN": "Kenya", "UGA": "Uganda", "BFA": "Burkina Faso", "CAF": "the Central African Republic",
}  # fmt: skip
"""ISO3 -> readable name for alert reasons; unknown codes fall back to actor names or the code."""


def country_name(code: str | None, fallback: str | None = None) -> str:
    """Readable country name; ``fallback`` (e.g. an actor's normalised name) when the code is unmapped."""
    if code is None:
        return fallback or "an unknown country"
    return COUNTRY_NAMES.get(code, fallback or code)
