"""Readable terminal lines for events and alerts."""

from __future__ import annotations

from schemas import Actor, ActorKind
from streams.render import Style, alert_line, event_line
from tests.unit.factories import event


def test_render_event_line_names_place_province_and_dyad():
    line = event_line(event("e1", killed=2), Style(enabled=False))
    assert "IRN>PAK" in line
    assert "Panjgur, Balochistan (PAK)" in line
    assert "killed 2" in line


def test_render_event_without_country_dyad_shows_actor_and_target_names():
    police = Actor(text="police", name="police", country="PAK", kind=ActorKind.POLICE)
    plain = event("e2").model_copy(update={"dyad": None, "actors": (), "targets": (police,)})
    assert "?>police" in event_line(plain, Style(enabled=False))


def test_render_merged_event_says_where_it_went():
    merged = event("e3").model_copy(update={"version": 4, "superseded_by": "e1"})
    assert event_line(merged, Style(enabled=False)).endswith("merged into e1")


def test_render_alert_shows_reasons_only_when_asked(tmp_path):
    from agents.escalate import load_rules, step

    _, [alert] = step(None, event("e1", killed=2), load_rules())
    full = alert_line(alert, Style(enabled=False))
    short = alert_line(alert, Style(enabled=False), reasons=0)
    assert full.startswith(short)
    assert "\n          - " in full and "\n" not in short


def test_render_superseded_alert_says_what_replaced_it():
    from agents.escalate import load_rules, step

    _, [alert] = step(None, event("e1", killed=2), load_rules())
    gone = alert.model_copy(update={"version": 2, "superseded_by": "alr-next"})
    assert alert_line(gone, Style(enabled=False)).endswith("replaced by alr-next")
