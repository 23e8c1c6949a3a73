"""Escalation rules file: packaged defaults, partial overrides, and configuration errors."""

from __future__ import annotations

import dataclasses

import pytest

from agents.escalate import DEFAULT_RULES_FILE, EscalationRules, load_rules
from schemas.errors import ConfigurationError


def test_escalate_rules_packaged_file_equals_documented_defaults():
    assert DEFAULT_RULES_FILE.is_file()
    assert load_rules() == EscalationRules() == load_rules(DEFAULT_RULES_FILE)


def test_escalate_rules_defaults_cover_the_documented_rules():
    r = load_rules()
    assert r.reciprocal.window_days == 7
    assert set(r.nuclear_armed.states) == {"USA", "RUS", "CHN", "FRA", "GBR", "IND", "PAK", "PRK", "ISR"}
    assert r.surge.large_pct == 25 and r.surge.moderate_pct == 10 and r.surge.baseline_days == 30
    assert r.levels.warning < r.levels.critical
    assert r.history_days >= r.surge.baseline_days + r.surge.long_days


def test_escalate_rules_partial_file_overrides_only_what_it_names(tmp_path):
    f = tmp_path / "rules.yaml"
    f.write_text("reciprocal:\n  window_days: 3\nnuclear_armed:\n  states: [IND, PAK]\n")
    r = load_rules(str(f))
    assert r.reciprocal.window_days == 3 and r.reciprocal.score == EscalationRules().reciprocal.score
    assert r.nuclear_armed.states == ("IND", "PAK")
    assert (
        dataclasses.replace(
            r, reciprocal=EscalationRules().reciprocal, nuclear_armed=EscalationRules().nuclear_armed
        )
        == EscalationRules()
    )


def test_escalate_rules_empty_file_gives_defaults(tmp_path):
    f = tmp_path / "empty.yaml"
    f.write_text("")
    assert load_rules(f) == EscalationRules()


@pytest.mark.parametrize(
    "text",
    [
        "reciprocal: [1, 2]\n",
        "reciprocal:\n  windw_days: 3\n",
        "reciprocity:\n  window_days: 3\n",
        "reciprocal:\n  window_days: seven\n",
        "reciprocal:\n  window_days: 2.5\n",
        "reciprocal:\n  window_days: -1\n",
        "cross_border:\n  assume_state_when_unknown: 1\n",
        "levels:\n  warning: 9\n  critical: 8\n",
        "civilian_harm:\n  figure: average\n",
        "nuclear_armed:\n  states: [Pakistan]\n",
        "surge:\n  scopes: [planet]\n",
        "surge:\n  moderate_pct: 30\n",
        "surge:\n  baseline_days: 0\n",
        "diplomatic_downgrade:\n  scores: {Ambassador recalled: high}\n",
        "- just\n- a list\n",
        "levels: {warning: [\n",
    ],
)
def test_escalate_rules_invalid_file_raises_configuration_error(tmp_path, text):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(ConfigurationError):
        load_rules(f)


def test_escalate_rules_missing_file_raises_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError):
        load_rules(tmp_path / "absent.yaml")
