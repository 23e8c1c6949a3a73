"""Sub-event types of the trigger lexicon (events.yaml) and the type classifier's hook, on our own
sentences. The lexicon is tested alone (``type_override`` > 1) so that each rule shows on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.extract import ExtractionPolicy, Extractor
from schemas.models import Article

pytestmark = pytest.mark.slow

WHEN = dt.datetime(2024, 3, 6, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def lexicon_only() -> Extractor:
    return Extractor(ExtractionPolicy(type_override=2.0))


def main_type(ex: Extractor, body: str) -> str | None:
    ms = ex.extract(
        Article(id="t", source="wire.test", url=None, title="", body=body, published_at=WHEN, language="en")
    )
    best = max(ms, key=lambda m: m.confidence, default=None)
    return best.sub_event_type if best else None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # battles
        (
            "Syrian troops recaptured the town of Saraqeb from rebels on Monday.",
            "Government regains territory",
        ),
        (
            "Rebel fighters seized the town of Saraqeb on Monday after heavy fighting.",
            "Non-state actor overtakes territory",
        ),
        (
            "Militants attacked an army checkpoint in North Waziristan on Monday, killing three soldiers.",
            "Armed clash",
        ),
        # explosions / remote violence, violence against civilians
        (
            "Saudi jets fired missiles at a village in Saada province on Saturday, killing four people.",
            "Air/drone strike",
        ),
        (
            "Militants detonated an SVBIED at a hotel in Mogadishu on Tuesday, killing nine people.",
            "Suicide bomb",
        ),
        (
            "Syrian government forces carried out a chlorine gas attack on a town near Damascus on Saturday.",
            "Chemical weapon",
        ),
        (
            "Sudanese soldiers raped women in villages near Khartoum on Monday, a rights group said.",
            "Sexual violence",
        ),
        # protests and riots
        (
            "Police fired tear gas and water cannon to disperse protesters in Nairobi on Friday.",
            "Protest with intervention",
        ),
        (
            "Security forces opened fire on protesters in Basra on Friday, killing five.",
            "Excessive force against protesters",
        ),
        ("An angry mob lynched a man accused of theft in Lagos on Sunday.", "Mob violence"),
        ("Protesters hurled stones and torched cars in Santiago on Monday.", "Violent demonstration"),
        # strategic developments
        ("Police defused a roadside bomb near Kandahar on Tuesday.", "Disrupted weapons use"),
        (
            "Looters ransacked shops in Johannesburg, South Africa, on Tuesday night.",
            "Looting/property destruction",
        ),
        (
            "Russian forces set up a new military base near Tartus on Monday.",
            "Headquarters or base established",
        ),
        (
            "Kurdish fighters withdrew from the town of Manbij on Sunday without a fight.",
            "Non-violent transfer of territory",
        ),
        (
            "Hundreds of Malian soldiers defected to the rebels in northern Mali on Monday.",
            "Change to group/activity",
        ),
        ("The rebels and the army agreed to a ceasefire in Sudan on Sunday.", "Agreement"),
        ("The United States imposed new sanctions on Iran on Monday.", "Sanctions imposed"),
    ],
)
def test_types_lexicon_sub_event_type(lexicon_only: Extractor, body: str, expected: str) -> None:
    assert main_type(lexicon_only, body) == expected


def test_types_territory_side_follows_the_actor(lexicon_only: Extractor) -> None:
    """The same verb reads government or non-state by who takes the town."""
    assert main_type(lexicon_only, "Iraqi troops captured the town of Tal Afar on Monday.") == (
        "Government regains territory"
    )
    assert main_type(lexicon_only, "Islamic State militants recaptured the town of Tal Afar on Monday.") == (
        "Non-state actor overtakes territory"
    )


def test_types_new_types_carry_codings(lexicon_only: Extractor) -> None:
    ms = lexicon_only.extract(
        Article(
            id="t",
            source="wire.test",
            url=None,
            title="",
            body="The United States imposed new sanctions on Iran on Monday.",
            published_at=WHEN,
            language="en",
        )
    )
    m = ms[0]
    assert (m.event_type, m.cameo, m.plover, m.quad_class) == (
        "Strategic developments",
        "16",
        "SANCTION:economic",
        4,
    )
    assert [a.country for a in m.actors] == ["USA"] and [t.country for t in m.targets] == ["IRN"]


def test_types_classifier_never_changes_a_diplomatic_act(ex: Extractor) -> None:
    body = "Pakistan recalled its ambassador from Tehran on Wednesday after the Iranian strike."
    assert main_type(ex, body) == "Ambassador recalled"


def test_types_classifier_hook_respects_the_policy(ex: Extractor) -> None:
    assert ex.type_model is not None  # the shipped model is on by default
    assert ExtractionPolicy().type_override <= 1
