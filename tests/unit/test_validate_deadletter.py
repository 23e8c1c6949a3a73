"""dead_letter: the dead-letter record keeps the original bytes and the error's code."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.validate import dead_letter, validate_article
from schemas.codec import decode, encode
from schemas.errors import BrokerUnavailable, EmptyBody, MalformedJSON, RejectedInput, StrikewireError
from schemas.models import DeadLetter

NOW = dt.datetime(2026, 1, 15, 6, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (MalformedJSON("bad"), "malformed_json"),
        (EmptyBody("empty"), "empty_body"),
        (BrokerUnavailable("down"), "broker_unavailable"),
        (RuntimeError("boom"), "internal_error"),
        (KeyError("x"), "internal_error"),
    ],
)
def test_dead_letter_reason_from_error_code(error: Exception, reason: str) -> None:
    letter = dead_letter(b"raw", error, topic="articles.raw", partition=0, offset=7, key=None, failed_at=NOW)
    assert letter.reason == reason
    assert letter.error
    if not isinstance(error, StrikewireError):
        assert type(error).__name__ in letter.error


@pytest.mark.parametrize(
    "raw", [b"", b"\x00\xff\xfe binary", b'{"id": "trunc', "caf\u00e9".encode("latin-1")]
)
def test_dead_letter_keeps_original_bytes_through_codec(raw: bytes) -> None:
    try:
        validate_article(raw)
    except RejectedInput as exc:
        error: Exception = exc
    else:  # pragma: no cover - every raw here is bad
        pytest.fail("expected a rejection")
    letter = dead_letter(raw, error, topic="articles.raw", partition=2, offset=99, key=b"k-1", failed_at=NOW)
    assert letter.original == raw
    back = decode(DeadLetter, encode(letter))
    assert back.original == raw
    assert back == letter


def test_dead_letter_metadata() -> None:
    letter = dead_letter(
        b"x",
        EmptyBody("record is empty"),
        topic="articles.raw",
        partition=None,
        offset=None,
        key=b"\xffkey",
        failed_at=NOW,
        stage="extract",
    )
    assert letter.topic == "articles.raw"
    assert letter.partition is None and letter.offset is None
    assert letter.key == "\\xffkey"
    assert letter.stage == "extract"
    assert letter.failed_at == NOW
    assert letter.error == "record is empty"


def test_dead_letter_default_stage_and_naive_time_as_utc() -> None:
    naive = dt.datetime(2026, 1, 15, 6, 30)
    letter = dead_letter(b"x", EmptyBody("e"), topic="t", partition=0, offset=0, key=None, failed_at=naive)
    assert letter.stage == "validate"
    assert letter.failed_at == NOW
    assert letter.key is None
