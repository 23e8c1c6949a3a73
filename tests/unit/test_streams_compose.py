"""docker-compose.yml, checked statically (no Docker engine here): images, topics, settings."""

from __future__ import annotations

import re

import pytest
import yaml

from streams.settings import Settings
from streams.topics import all_topics
from tests.conftest import REPO

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_compose_images_are_pinned_by_tag():
    for name, service in COMPOSE["services"].items():
        image = service.get("image")
        assert image, f"{name} has no image"
        tag = image.rsplit(":", 1)[-1] if ":" in image.rsplit("/", 1)[-1] else ""
        assert tag and tag != "latest", f"{name}: {image} is not pinned"


def test_compose_creates_exactly_the_topics_the_code_needs():
    command = "\n".join(COMPOSE["services"]["topics"]["command"])
    created = set(re.findall(r"^\s*create (\S+)", command, flags=re.MULTILINE))
    assert created == {spec.name for spec in all_topics(Settings().app_id)}
    for spec in all_topics(Settings().app_id):
        if spec.compacted:
            assert re.search(rf"create {re.escape(spec.name)} --config cleanup.policy=compact", command)


@pytest.mark.parametrize("service", ["worker", "cli"])
def test_compose_environment_names_real_settings(service):
    fields = {f"STRIKEWIRE_{name.upper()}" for name in Settings.model_fields}
    env = COMPOSE["services"][service]["environment"]
    assert set(env) <= fields
    assert env["STRIKEWIRE_BROKER_URL"].startswith("kafka://kafka:")
    partitions = int(env["STRIKEWIRE_TOPIC_PARTITIONS"])
    assert f"--partitions {partitions}" in "\n".join(COMPOSE["services"]["topics"]["command"])


def test_compose_worker_scales_without_port_clashes():
    worker = COMPOSE["services"]["worker"]
    assert "ports" not in worker, "a fixed host port would stop `--scale worker=3`"
    assert "container_name" not in worker


def test_compose_prometheus_scrapes_the_workers_metrics_port():
    prometheus = COMPOSE["services"]["prometheus"]
    mount = next(v for v in prometheus["volumes"] if v.endswith("/etc/prometheus/prometheus.yml:ro"))
    config = yaml.safe_load((REPO / mount.split(":")[0]).read_text())
    [job] = config["scrape_configs"]
    [sd] = job["dns_sd_configs"]
    assert sd["names"] == ["worker"]
    assert job["metrics_path"] == "/metrics"
    assert str(sd["port"]) == COMPOSE["services"]["worker"]["environment"]["STRIKEWIRE_WEB_PORT"]
