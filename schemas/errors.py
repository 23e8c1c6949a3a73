"""The one exception tree of strikewire; a rejection's ``code`` is the dead-letter ``reason``.

    StrikewireError
    ├── RejectedInput            (not retriable: the record goes to the dead-letter topic)
    │   ├── MalformedJSON        bytes are not UTF-8 JSON, or JSON is too deep
    │   ├── SchemaViolation      JSON does not match the Article contract
    │   ├── EmptyBody            no text left to read
    │   ├── TooLarge             over the configured size limit
    │   ├── BinaryContent        NUL bytes or control characters
    │   ├── MarkupOnly           HTML with no readable prose
    │   └── UnsupportedLanguage  not English (the only language supported today)
    ├── ConfigurationError       (not retriable: fix the settings or rules file)
    └── BrokerUnavailable        (retriable: the broker did not answer in time)

An agent catches ``RejectedInput`` and dead-letters; anything ``retriable`` is retried.
"""

from __future__ import annotations

__all__ = [
    "BinaryContent",
    "BrokerUnavailable",
    "ConfigurationError",
    "EmptyBody",
    "MalformedJSON",
    "MarkupOnly",
    "RejectedInput",
    "SchemaViolation",
    "StrikewireError",
    "TooLarge",
    "UnsupportedLanguage",
]


class StrikewireError(Exception):
    """Root of every error strikewire raises on purpose."""

    #: Whether trying the same operation again may succeed.
    retriable: bool = False
    #: Short machine-readable name, used as the dead-letter reason and metric label.
    code: str = "error"


class RejectedInput(StrikewireError):
    """An input record that can never be processed; it is dead-lettered with its bytes."""

    code = "rejected"


class MalformedJSON(RejectedInput):
    """The bytes are not UTF-8 encoded JSON (or nest deeper than allowed)."""

    code = "malformed_json"


class SchemaViolation(RejectedInput):
    """Well-formed JSON that does not satisfy the Article contract."""

    code = "schema_violation"


class EmptyBody(RejectedInput):
    """The record, or its body once markup is stripped, is empty."""

    code = "empty_body"


class TooLarge(RejectedInput):
    """The record exceeds the configured maximum size."""

    code = "too_large"


class BinaryContent(RejectedInput):
    """The text carries NUL bytes or other binary control characters."""

    code = "binary_content"


class MarkupOnly(RejectedInput):
    """The body is HTML (or other markup) with too little readable prose."""

    code = "markup_only"


class UnsupportedLanguage(RejectedInput):
    """The article is not in English, the only language extraction supports today."""

    code = "unsupported_language"


class ConfigurationError(StrikewireError):
    """Settings or a rules file are invalid."""

    code = "configuration"


class BrokerUnavailable(StrikewireError):
    """The Kafka broker could not be reached or did not become healthy in time."""

    retriable = True
    code = "broker_unavailable"
