"""The offline chain's bookkeeping: which canonical event a mention belongs to, through merges."""

from __future__ import annotations

from agents.chain import Chain
from tests.unit.test_dedup_order import bridge_case


def chain_without_model() -> Chain:
    # feed_mention never extracts: the chain's dedup and escalate bookkeeping needs no model.
    return Chain(extractor=None)  # type: ignore[arg-type] - extraction is not exercised here


def test_chain_event_of_follows_a_late_merge():
    x, y, bridge = bridge_case()
    chain = chain_without_model()
    for m in (x, y):
        list(chain.feed_mention(m))
    assert chain.event_of(x.id) != chain.event_of(y.id)
    outputs = list(chain.feed_mention(bridge))
    assert any(getattr(o, "superseded_by", None) for o in outputs)
    assert chain.event_of(x.id) == chain.event_of(y.id) == chain.event_of(bridge.id) is not None


def test_chain_event_of_unknown_mention_is_none():
    assert chain_without_model().event_of("never#1") is None
