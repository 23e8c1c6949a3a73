"""Escalate: one versioned Alert per dyad episode from canonical Events (pure domain logic, no Faust).

The Faust agent (``agents/escalate/agent.py``) keys events by :func:`pair_key`, keeps one :class:`DyadState`
per pair in a table and calls :func:`step` with rules from :func:`load_rules`. See
:mod:`agents.escalate.core` for episodes, scoring and versioning, and ``rules.yaml`` for every threshold.
"""

from agents.escalate.core import DyadState, EpisodeState, EventRecord, alert_id, is_stale, pair_key, step
from agents.escalate.rules import DEFAULT_RULES_FILE, EscalationRules, load_rules

__all__ = [
    "DEFAULT_RULES_FILE",
    "DyadState",
    "EpisodeState",
    "EscalationRules",
    "EventRecord",
    "alert_id",
    "is_stale",
    "load_rules",
    "pair_key",
    "step",
]
