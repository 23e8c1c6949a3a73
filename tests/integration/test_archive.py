"""Dedup's archive through the real embedded broker: an expired event written to the archive table survives
a SIGKILL of the worker, and a late report re-opens it from the recovered table."""

from __future__ import annotations

import asyncio

import pytest

from agents.dedup import event_id
from schemas import Event, encode
from streams import topics
from streams.client import produce
from streams.demo import Outcome
from tests.unit.test_dedup_archive import ELSEWHERE, FOLLOW, OPENER, TRIAL

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_archive_survives_a_sigkill_and_a_late_report_reopens_from_it(pipeline):
    by_block = topics.mentions_by_block_topic(pipeline.settings.app_id)
    shot = event_id("post-1#1")

    def feed(*mentions) -> Outcome:
        # One key, so one partition: the dedup agent reads them in this order, like the offline chain.
        keyed = [(b"Northern America", encode(m)) for m in mentions]
        asyncio.run(produce(pipeline.settings, by_block, keyed))
        outcome = Outcome()
        pipeline.drain(outcome)
        return outcome

    before = feed(OPENER, FOLLOW, ELSEWHERE)  # ELSEWHERE, 40 days on, expires the shooting to the archive
    assert {eid for eid, _ in before.events} == {shot, event_id("post-2#1")}
    pipeline.restart_worker(kill=True)  # the new worker recovers both tables from their changelogs
    after = feed(TRIAL)
    reopened = max((e for (eid, _), e in after.events.items() if eid == shot), key=lambda e: e.version)
    assert reopened.mention_ids == ("post-1#1", "news-1#1", "news-2#1")
    assert reopened.version == max(v for eid, v in before.events if eid == shot) + 1
    assert not any(isinstance(e, Event) and e.id == event_id("news-2#1") for e in after.events.values())
