"""validate_article: every malformed kind gets its code; valid and HTML-with-prose articles pass."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from agents.validate import ValidationPolicy, validate_article
from schemas.errors import (
    BinaryContent,
    EmptyBody,
    MalformedJSON,
    MarkupOnly,
    RejectedInput,
    SchemaViolation,
    TooLarge,
    UnsupportedLanguage,
)
from schemas.models import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validate"

BODY = (
    "Pakistan carried out strikes against separatist militants inside Iran on Thursday, its foreign "
    "ministry said, two days after Iran hit what it said were militant bases on Pakistani soil."
)


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "t-1",
        "source": "reuters.com",
        "url": "https://example.org/t-1",
        "title": "Pakistan strikes militants in Iran",
        "body": BODY,
        "published_at": "2026-01-15T06:30:00+00:00",
        "language": "en",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not _DROP}


_DROP = object()


def raw(**changes: Any) -> bytes:
    return orjson.dumps(record(**changes))


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").strip()


def nested(depth: int) -> bytes:
    return b'{"id": "x", "deep": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


MALFORMED: list[tuple[str, bytes, type[RejectedInput], str]] = [
    ("invalid_utf8", b'{"id": "x", "body": "caf\xe9 au lait"}', MalformedJSON, "malformed_json"),
    ("lone_continuation_byte", b"\x80\x81", MalformedJSON, "malformed_json"),
    ("truncated_json", raw()[:-40], MalformedJSON, "malformed_json"),
    ("not_json", b"Pakistan strikes militants in Iran", MalformedJSON, "malformed_json"),
    ("trailing_garbage", raw() + b" {}", MalformedJSON, "malformed_json"),
    ("deeply_nested", nested(40), MalformedJSON, "malformed_json"),
    ("nested_beyond_orjson_limit", nested(2000), MalformedJSON, "malformed_json"),
    ("json_array", orjson.dumps([record()]), SchemaViolation, "schema_violation"),
    ("json_string", b'"just a string"', SchemaViolation, "schema_violation"),
    ("json_null", b"null", SchemaViolation, "schema_violation"),
    ("published_at_number", raw(published_at=12345), SchemaViolation, "schema_violation"),
    ("published_at_not_iso", raw(published_at="yesterday"), SchemaViolation, "schema_violation"),
    ("naive_datetime", raw(published_at="2026-01-15T06:30:00"), SchemaViolation, "schema_violation"),
    ("body_number", raw(body=42), SchemaViolation, "schema_violation"),
    ("title_list", raw(title=["a", "b"]), SchemaViolation, "schema_violation"),
    ("missing_body", raw(body=_DROP), SchemaViolation, "schema_violation"),
    ("missing_id", raw(id=_DROP), SchemaViolation, "schema_violation"),
    ("unknown_field", raw(author="someone"), SchemaViolation, "schema_violation"),
    ("empty_bytes", b"", EmptyBody, "empty_body"),
    ("whitespace_bytes", b" \n\t ", EmptyBody, "empty_body"),
    ("empty_body", raw(body=""), EmptyBody, "empty_body"),
    ("blank_body", raw(body="   \n  "), EmptyBody, "empty_body"),
    ("too_few_words", raw(body="Blast in Quetta."), EmptyBody, "empty_body"),
    ("ten_megabyte_body", raw(body="word " * 2_000_000), TooLarge, "too_large"),
    ("nul_byte_raw", raw()[:-2] + b"\x00" + raw()[-2:], BinaryContent, "binary_content"),
    ("nul_escaped_in_body", raw(body=BODY + "\x00\x00\x00"), BinaryContent, "binary_content"),
    ("bell_escaped_in_title", raw(title="Alert\x07"), BinaryContent, "binary_content"),
    ("html_only", raw(body="<html><body><div></div></body></html>"), MarkupOnly, "markup_only"),
    (
        "html_script_only",
        raw(body="<div><script>var a = 'lots of words in a script here';</script><br/></div>"),
        MarkupOnly,
        "markup_only",
    ),
    ("german", raw(title="", body=fixture_text("body_de.txt")), UnsupportedLanguage, "unsupported_language"),
    ("french", raw(title="", body=fixture_text("body_fr.txt")), UnsupportedLanguage, "unsupported_language"),
    ("arabic", raw(title="", body=fixture_text("body_ar.txt")), UnsupportedLanguage, "unsupported_language"),
    (
        "german_declared_english",
        raw(title="Angriffe an der Grenze", body=fixture_text("body_de.txt"), language="en"),
        UnsupportedLanguage,
        "unsupported_language",
    ),
]


@pytest.mark.parametrize(
    ("raw_bytes", "error", "code"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_validate_article_rejects_malformed_with_code(
    raw_bytes: bytes, error: type[RejectedInput], code: str
) -> None:
    with pytest.raises(error) as caught:
        validate_article(raw_bytes)
    assert caught.value.code == code
    message = str(caught.value)
    assert message and "\n" not in message and len(message) <= 300


@pytest.mark.parametrize(
    ("raw_bytes", "field"),
    [
        (raw(published_at=12345), "published_at"),
        (raw(published_at="2026-01-15T06:30:00"), "published_at"),
        (raw(body=_DROP), "body"),
        (raw(body=42), "body"),
        (raw(source=""), "source"),
    ],
)
def test_validate_article_schema_message_names_field(raw_bytes: bytes, field: str) -> None:
    with pytest.raises(SchemaViolation, match=field):
        validate_article(raw_bytes)


def test_validate_article_language_message_names_detected_and_supported() -> None:
    with pytest.raises(UnsupportedLanguage, match=r"detected 'de', supported: en"):
        validate_article(raw(title="", body=fixture_text("body_de.txt")))


def test_validate_article_size_checked_before_parsing() -> None:
    # Not even JSON: the size limit must fire first.
    with pytest.raises(TooLarge):
        validate_article(b"\xff" * 2_000, ValidationPolicy(max_bytes=1_000))


def test_validate_article_body_char_limit() -> None:
    with pytest.raises(TooLarge, match="body"):
        validate_article(raw(body=BODY * 10), ValidationPolicy(max_body_chars=len(BODY) * 5))


@pytest.mark.parametrize("depth", [2, 3, 32])
def test_validate_article_depth_within_limit_is_not_malformed(depth: int) -> None:
    # Nesting inside an unknown field is a schema problem, not a JSON one, while within the limit.
    with pytest.raises(SchemaViolation):
        validate_article(nested(depth))


@pytest.mark.parametrize("depth", [33, 100, 1_000, 5_000])
def test_validate_article_depth_over_limit_is_malformed(depth: int) -> None:
    with pytest.raises(MalformedJSON, match=r"deeper|recursion|depth"):
        validate_article(nested(depth))


@pytest.mark.parametrize(
    "published_at",
    [
        "2026-01-15T06:30:00+00:00",
        "2026-01-15T06:30:00Z",
        "2026-01-15T11:30:00+05:00",
        "2026-01-15T10:00:00+03:30",
    ],
)
def test_validate_article_accepts_valid(published_at: str) -> None:
    article = validate_article(raw(published_at=published_at))
    assert isinstance(article, Article)
    assert article.id == "t-1"
    assert article.body == BODY
    assert article.language == "en"
    assert article.published_at.utcoffset() is not None
    assert article.published_at.astimezone(dt.UTC) <= dt.datetime(2026, 1, 15, 7, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "extra", [{"url": None}, {"language": None}, {"title": ""}, {"url": _DROP, "language": _DROP}]
)
def test_validate_article_accepts_optional_fields_absent(extra: dict[str, Any]) -> None:
    assert validate_article(raw(**extra)).language == "en"


def test_validate_article_accepts_bom_and_bytearray() -> None:
    assert validate_article(b"\xef\xbb\xbf" + raw()).id == "t-1"
    assert validate_article(bytearray(raw())).id == "t-1"  # type: ignore[arg-type]


def test_validate_article_plain_fixture_passes_and_keeps_paragraphs() -> None:
    article = validate_article((FIXTURES / "article_plain.json").read_bytes())
    assert article.id == "fixture-plain-1"
    assert "\n\n" in article.body


def test_validate_article_html_with_prose_is_stripped() -> None:
    article = validate_article((FIXTURES / "article_html.json").read_bytes())
    body = article.body
    assert "<" not in body and ">" not in body
    assert "color: red" not in body and "window.ads" not in body and "track(" not in body
    assert "called back its ambassador from Tehran & suspended" in body
    assert "Tuesday night's strike near Panjgur." in body
    assert "  " not in body
    assert article.title == "Islamabad recalls envoy from Tehran"


def test_validate_article_collapses_whitespace() -> None:
    article = validate_article(
        raw(body="  Pakistan   recalled\tits ambassador \r\n\r\n\r\n\r\nfrom Tehran on Wednesday.  ")
    )
    assert article.body == "Pakistan recalled its ambassador\n\nfrom Tehran on Wednesday."


def test_validate_article_text_with_angle_brackets_is_not_html() -> None:
    body = "Temperatures fell to < 2 degrees and the index rose > 3 per cent on Wednesday in Islamabad."
    assert validate_article(raw(body=body)).body == body


def test_validate_article_declared_language_is_overruled_by_detection() -> None:
    assert validate_article(raw(language="de")).language == "en"


def test_validate_article_other_supported_language_passes() -> None:
    policy = ValidationPolicy(languages=frozenset({"en", "de"}))
    article = validate_article(raw(title="", body=fixture_text("body_de.txt"), language="en"), policy)
    assert article.language == "de"


def test_validate_article_name_heavy_english_passes() -> None:
    body = "Panjgur, Saravan and Turbat: the border towns at the centre of the Iran-Pakistan row."
    assert validate_article(raw(title="Explainer", body=body)).language == "en"


def test_validate_article_min_words_policy() -> None:
    body = "Blast hits police van in Turbat"
    assert validate_article(raw(body=body), ValidationPolicy(min_words=3)).body == body
    with pytest.raises(EmptyBody):
        validate_article(raw(body=body), ValidationPolicy(min_words=10))


def test_validate_article_is_fast_for_5kb() -> None:
    payload = raw(body=(BODY + " ") * 28)
    assert 4_500 < len(payload) < 6_000
    validate_article(payload)  # warm: loads the language model once
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        validate_article(payload)
    per_call_ms = (time.perf_counter() - start) / runs * 1000
    assert per_call_ms < 2.0 * 3  # budget is 2 ms; slack for loaded CI machines
