"""Wire contracts: round trips, immutability, aware datetimes and the checked-in schema files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from schemas import Article, DeadLetter, decode, encode
from schemas.errors import RejectedInput, StrikewireError
from schemas.export import HERE, MODELS, asyncapi_document, rendered_files

NOW = dt.datetime(2026, 1, 16, 12, tzinfo=dt.UTC)


def test_contracts_article_round_trips():
    article = Article(id="a1", source="reuters.com", title="T", body="Body text.", published_at=NOW)
    assert decode(Article, encode(article)) == article


def test_contracts_records_are_immutable():
    article = Article(id="a1", source="x", body="b", published_at=NOW)
    with pytest.raises(ValidationError):
        article.body = "changed"  # type: ignore[misc]


def test_contracts_reject_naive_datetimes():
    with pytest.raises(ValidationError):
        Article(id="a1", source="x", body="b", published_at=dt.datetime(2026, 1, 16))


@given(st.binary(max_size=512))
def test_contracts_dead_letter_keeps_any_bytes(raw):
    letter = DeadLetter(reason="malformed_json", error="e", original=raw, topic="articles.raw", failed_at=NOW)
    assert decode(DeadLetter, encode(letter)).original == raw


@pytest.mark.parametrize("name", sorted(MODELS))
def test_contracts_json_schema_accepts_a_serialised_record(name):
    schema = json.loads(rendered_files()[f"json/{name}.schema.json"])
    Draft202012Validator.check_schema(schema)
    if name == "article":
        record = Article(id="a1", source="x", body="b", published_at=NOW)
        assert not list(Draft202012Validator(schema).iter_errors(json.loads(encode(record))))


@pytest.mark.parametrize("rel", sorted(rendered_files()))
def test_contracts_checked_in_files_are_fresh(rel):
    path = HERE / rel
    assert path.is_file(), f"{rel} is missing: run `make schemas`"
    assert path.read_text() == rendered_files()[rel], f"{rel} is stale: run `make schemas`"


def test_contracts_asyncapi_describes_every_public_topic():
    from streams.topics import PUBLIC_TOPICS

    doc = asyncapi_document()
    addresses = {channel["address"] for channel in doc["channels"].values()}
    assert set(PUBLIC_TOPICS) <= addresses
    assert doc["asyncapi"].startswith("3.")
    for operation in doc["operations"].values():
        assert operation["channel"]["$ref"].removeprefix("#/channels/") in doc["channels"]


def test_contracts_errors_share_one_root_and_say_if_retriable():
    for cls in RejectedInput.__subclasses__():
        assert issubclass(cls, StrikewireError)
        assert cls.retriable is False
        assert cls.code not in {"error", "rejected"}
