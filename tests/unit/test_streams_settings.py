"""Settings: one env prefix, frozen, and the embedded broker's workarounds."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from streams.app import create_app, faust_config
from streams.settings import Settings


def test_settings_read_the_strikewire_prefix(monkeypatch):
    monkeypatch.setenv("STRIKEWIRE_TOPIC_PARTITIONS", "8")
    monkeypatch.setenv("STRIKEWIRE_BROKER_URL", "kafka://kafka:9092")
    settings = Settings()
    assert settings.topic_partitions == 8
    assert settings.bootstrap == "kafka:9092"
    assert not settings.embedded


def test_settings_are_frozen():
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.app_id = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("broker_url", "batch"),
    [(None, 1), ("kafka://kafka:9092", None)],
)
def test_settings_embedded_profile_sends_one_record_per_batch(broker_url, batch):
    settings = Settings(broker_url=broker_url)
    assert settings.batch_size == batch
    config = faust_config(settings)
    assert config.get("producer_max_batch_size") == batch
    assert config["processing_guarantee"] == "at_least_once"


def test_settings_web_token_is_secret():
    settings = Settings(web_token="s3cret")
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(("env", "interval"), [(None, 2.8), ("0.25", 0.25)])
def test_settings_commit_interval_reaches_the_faust_config(monkeypatch, env, interval):
    if env is not None:
        monkeypatch.setenv("STRIKEWIRE_COMMIT_INTERVAL", env)
    settings = Settings()
    assert faust_config(settings)["broker_commit_interval"] == interval
    assert create_app(settings).conf.broker_commit_interval == interval
