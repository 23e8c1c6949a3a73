"""The app factory: tables whose changelogs round-trip our records, so a restarted worker recovers them."""

from __future__ import annotations

import pytest

from agents.dedup import DedupState, OpenEvent
from agents.escalate import DyadState
from schemas import encode
from streams.app import create_app
from streams.codecs import codec_name
from streams.settings import Settings
from streams.topics import changelog_topic
from tests.unit.factories import event, mention


@pytest.fixture
def app():
    return create_app(Settings(), web_enabled=False)


@pytest.mark.parametrize(
    ("table", "model"), [("dedup_blocks", DedupState), ("dedup_archive", OpenEvent), ("dyads", DyadState)]
)
def test_app_table_changelog_uses_the_record_codec(app, table, model):
    changelog = app.tables[table].changelog_topic
    assert changelog.get_topic_name() == changelog_topic("strikewire", table)
    assert changelog.value_serializer == codec_name(model)


def test_app_changelog_decodes_a_state_back_into_its_model(app):
    from faust.serializers import codecs

    from agents.dedup import DedupPolicy
    from agents.dedup import step as dedup_step
    from agents.escalate import load_rules
    from agents.escalate import step as escalate_step

    block, _ = dedup_step(None, mention("a1"), DedupPolicy())
    dyad, _ = escalate_step(None, event("e1"), load_rules())
    for table, state in (("dedup_blocks", block), ("dyads", dyad)):
        serializer = app.tables[table].changelog_topic.value_serializer
        written = codecs.dumps(serializer, state)
        assert len(written) < len(encode(state))  # compressed: every update writes the key's whole state
        assert codecs.loads(serializer, written) == state  # what recovery hands the agent
        assert codecs.loads(serializer, encode(state)) == state  # a state an earlier release stored as JSON


def test_app_changelog_compresses_a_grown_state_several_times(app):
    """A key's state grows with its events; its changelog record is what the broker stores per update."""
    from faust.serializers import codecs

    from agents.dedup import DedupPolicy
    from agents.dedup import step as dedup_step

    state = None
    for i in range(20):
        state, _ = dedup_step(state, mention(f"a{i}"), DedupPolicy())
    serializer = app.tables["dedup_blocks"].changelog_topic.value_serializer
    assert len(codecs.dumps(serializer, state)) * 3 < len(encode(state))


def test_app_state_from_an_incompatible_release_reads_as_no_state(app, caplog):
    """A changelog written by an older release must not crash recovery and then every record."""
    from faust.serializers import codecs

    serializer = app.tables["dyads"].changelog_topic.value_serializer
    old = b'{"pair": "IRN-PAK", "newest": "2024-01-16T12:00:00Z", "history": [], "episode": null}'
    with caplog.at_level("WARNING"):
        assert codecs.loads(serializer, old) is None
    assert "cannot read" in caplog.text
