"""Generates the checked-in contract files: one JSON Schema per record and the AsyncAPI 3 document.

Run ``strikewire schemas`` (or ``make schemas``) after changing a model; a test fails while the
checked-in files differ from what this module generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from schemas.models import Alert, Article, DeadLetter, Event, Mention

__all__ = ["CHANNELS", "MODELS", "asyncapi_document", "json_schema", "rendered_files", "write_all"]

HERE = Path(__file__).resolve().parent

MODELS: dict[str, type[BaseModel]] = {
    "article": Article,
    "mention": Mention,
    "event": Event,
    "alert": Alert,
    "deadletter": DeadLetter,
}

# topic -> (record, key description, producer, consumers, description). The internal re-keyed and
# changelog topics carry the same records and are described in README's topic table.
CHANNELS: dict[str, tuple[str, str, str, str, str]] = {
    "articles.raw": (
        "article",
        "Article id (optional; any bytes accepted)",
        "wire ingesters",
        "strikewire validate",
        "Raw news articles as JSON. Untrusted: anything invalid is dead-lettered, never dropped.",
    ),
    "articles.deadletter": (
        "deadletter",
        "The original record's key",
        "strikewire validate, extract",
        "operators",
        "Records that could not be processed, with the reason, the original bytes and where they came from.",
    ),
    "articles.valid": (
        "article",
        "Article id",
        "strikewire validate",
        "strikewire extract",
        "Internal: validated, cleaned articles.",
    ),
    "mentions": (
        "mention",
        "Article id",
        "strikewire extract",
        "strikewire dedup",
        "Internal: one event as reported by one article; dedup re-keys them by blocking key.",
    ),
    "events.enriched": (
        "event",
        "Event id",
        "strikewire dedup",
        "strikewire escalate, alerting services",
        "Canonical events, one record per version; keep the highest version per id. "
        "After a worker crash a version may be delivered again, byte-identical.",
    ),
    "alerts.escalation": (
        "alert",
        "Undirected dyad, e.g. IRN-PAK",
        "strikewire escalate",
        "alerting services",
        "One alert per dyad episode, re-sent with a higher version when it changes; keep the highest.",
    ),
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://strikewire.dev/schemas/{model.__name__.lower()}.schema.json"
    return schema


def _operation_id(prefix: str, topic: str) -> str:
    return prefix + "".join(part.capitalize() for part in topic.split("."))


def asyncapi_document() -> dict[str, Any]:
    """The AsyncAPI 3.0 description of every strikewire topic."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for name, model in MODELS.items():
        messages[name] = {
            "name": model.__name__,
            "title": model.__name__,
            "summary": (model.__doc__ or "").strip().splitlines()[0],
            "contentType": "application/json",
            "payload": {"$ref": f"./json/{name}.schema.json"},
        }
    for topic, (record, key, producer, consumer, description) in CHANNELS.items():
        channel_id = topic.replace(".", "_")
        channels[channel_id] = {
            "address": topic,
            "description": description,
            "messages": {record: {"$ref": f"#/components/messages/{record}"}},
            "bindings": {"kafka": {"bindingVersion": "0.5.0", "topic": topic}},
            "x-key": key,
            "x-producers": producer,
            "x-consumers": consumer,
        }
        operations[_operation_id("send", topic)] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": f"{producer} publish to {topic}",
            "bindings": {"kafka": {"bindingVersion": "0.5.0", "key": {"type": "string", "description": key}}},
        }
        operations[_operation_id("receive", topic)] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": f"{consumer} consume {topic}",
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "strikewire",
            "version": "0.1.0",
            "description": "Real-time conflict-event stream processing: articles in, canonical events and "
            "escalation alerts out. All values are UTF-8 JSON; keys are UTF-8 strings.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "embedded": {
                "host": "127.0.0.1:19092",
                "protocol": "kafka",
                "description": "Embedded Tansu broker (strikewire broker / up / demo).",
            },
            "compose": {
                "host": "kafka:9092",
                "protocol": "kafka",
                "description": "Apache Kafka from docker-compose.yml.",
            },
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def rendered_files() -> dict[str, str]:
    """Relative path -> text of every generated contract file."""
    files = {
        f"json/{name}.schema.json": json.dumps(json_schema(model), indent=2, sort_keys=True) + "\n"
        for name, model in MODELS.items()
    }
    files["asyncapi.yaml"] = "# Generated by `strikewire schemas`; do not edit by hand.\n" + yaml.safe_dump(
        asyncapi_document(), sort_keys=False, width=110
    )
    return files


def write_all(out: Path | None = None) -> list[Path]:
    """Write every generated file under ``out`` (default: this package); returns the paths."""
    root = out or HERE
    written = []
    for rel, text in rendered_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written
