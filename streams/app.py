"""The Faust app factory: ``create_app(settings)`` declares topics and tables and installs the agents.

Nothing connects at import time; building an app only declares things. Tests build it with the
default ``memory://`` store and use ``Agent.test_context()``.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

import faust
from faust.tables.base import Collection
from faust.types import FutureMessage

from agents.dedup import DedupState, OpenEvent
from agents.dedup.agent import install as install_dedup
from agents.escalate import DyadState
from agents.escalate.agent import install as install_escalate
from agents.extract.agent import install as install_extract
from agents.validate.agent import install as install_validate
from schemas import Alert, Article, DeadLetter, Event, Mention
from streams import topics
from streams.acks import install_ack_guard
from streams.codecs import codec_name, register_codecs, register_state_codecs
from streams.security import broker_credentials
from streams.settings import Settings
from streams.web import install_web
from streams.wiring import Send, Wiring

__all__ = ["ChangelogTable", "create_app", "faust_config"]


def faust_config(settings: Settings) -> dict[str, object]:
    """Faust settings derived from ours, including the embedded broker's workarounds."""
    config: dict[str, object] = {
        "broker": settings.broker_url or f"kafka://{settings.bootstrap}",
        "store": settings.store,
        "topic_partitions": settings.topic_partitions,
        "topic_replication_factor": settings.replication_factor,
        "topic_allow_declare": True,
        "consumer_auto_offset_reset": "earliest",
        "broker_session_timeout": settings.session_timeout,
        "broker_heartbeat_interval": max(settings.session_timeout / 6, 0.5),
        "broker_rebalance_timeout": max(settings.session_timeout * 2, 10.0),
        "broker_commit_interval": settings.commit_interval,
        "web_host": settings.web_host,
        "web_port": settings.web_port,
        "web_enabled": True,
        "table_standby_replicas": 0,
        # At-least-once; exactly-once needs transactions, which Tansu does not support.
        "processing_guarantee": "at_least_once",
    }
    if settings.batch_size is not None:
        config["producer_max_batch_size"] = settings.batch_size
    credentials = broker_credentials(settings)
    if credentials is not None:
        config["broker_credentials"] = credentials
    return config


def _table(app: faust.App, settings: Settings, name: str, model: type) -> faust.types.TableT:
    """A table of ``model`` states keyed by str, whose changelog topic encodes values with our codec.

    Faust derives a table's serializers from Record types only, and builds the changelog topic from them
    when the table is declared; so the changelog topic is declared here, else recovery after a restart
    would hand the agents plain dicts.
    """
    changelog = app.topic(
        topics.changelog_topic(settings.app_id, name),
        key_serializer="json",
        value_serializer=codec_name(model),
        partitions=settings.topic_partitions,
        compacting=True,
        deleting=False,
        acks=False,
        internal=True,
    )
    table = ChangelogTable(
        app,
        name=name,
        beacon=app.tables.beacon,
        partitions=settings.topic_partitions,
        changelog_topic=changelog,
    )
    app.tables.add(table)
    cast(Collection, table).value_serializer = codec_name(model)  # TableT does not declare it
    return table


class ChangelogTable(faust.Table):
    """A Faust table that can wait until the broker has its changelog writes.

    A table write only queues its changelog record, and records of two tables travel apart: a worker killed
    after one reached the broker may have lost the other. Where one table's record must not outlive the
    other's (a key's state naming an archived event that was never stored), the agent awaits
    :meth:`written` between them.
    """

    _unwritten: list[FutureMessage] | None = None

    def send_changelog(self, *args: Any, **kwargs: Any) -> FutureMessage:
        sent = super().send_changelog(*args, **kwargs)
        self._unwritten = [f for f in self._unwritten or () if not f.done()] + [sent]
        return sent

    async def written(self) -> None:
        """Return once the broker has acknowledged every changelog record written so far (raise if it
        refused one: the agent dies and its input is read again)."""
        unwritten, self._unwritten = self._unwritten or [], None
        await asyncio.gather(*unwritten)


def create_app(
    settings: Settings | None = None, *, send: Send | None = None, **overrides: object
) -> faust.App:
    """Build the strikewire Faust app with every topic, table and agent declared.

    ``send`` replaces how agents put records on topics (tests capture them); ``overrides`` are passed
    to Faust as settings.
    """
    settings = settings or Settings()
    register_codecs(Article, Mention, Event, Alert, DeadLetter)
    register_state_codecs(DedupState, OpenEvent, DyadState)
    config = faust_config(settings) | overrides
    app = faust.App(settings.app_id, autodiscover=False, **config)  # type: ignore[arg-type]
    install_ack_guard(app)

    def topic(name: str, model: type | None, *, internal: bool = False) -> faust.TopicT:
        return app.topic(
            name,
            key_serializer="raw",
            value_serializer=codec_name(model) if model else "raw",
            partitions=settings.topic_partitions,
            internal=internal,
        )

    wiring = Wiring(
        app=app,
        settings=settings,
        raw=topic(topics.ARTICLES_RAW, None),
        valid=topic(topics.ARTICLES_VALID, Article),
        deadletter=topic(topics.DEADLETTER, DeadLetter),
        mentions=topic(topics.MENTIONS, Mention),
        mentions_by_block=topic(topics.mentions_by_block_topic(settings.app_id), Mention, internal=True),
        events=topic(topics.EVENTS, Event),
        events_by_pair=topic(topics.events_by_pair_topic(settings.app_id), Event, internal=True),
        alerts=topic(topics.ALERTS, Alert),
        dedup_table=_table(app, settings, topics.DEDUP_TABLE, DedupState),
        dedup_archive=_table(app, settings, topics.DEDUP_ARCHIVE, OpenEvent),
        dyad_table=_table(app, settings, topics.DYAD_TABLE, DyadState),
    )
    if send is not None:
        wiring.send = wiring.deliver = send
    for install in (install_validate, install_extract, install_dedup, install_escalate):
        install(wiring)
    app.strikewire = wiring  # type: ignore[attr-defined]
    install_web(wiring)
    return app
