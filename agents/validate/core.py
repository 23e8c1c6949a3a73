"""The VALIDATE stage as pure functions: raw record bytes in, a clean ``Article`` or a rejection out.

Checks run in this order; the first that fails decides the rejection (and the dead-letter reason):

1. size of the whole record > ``max_bytes``                         -> ``TooLarge``   (before parsing)
2. no bytes, or only whitespace                                    -> ``EmptyBody``
3. NUL or other C0 control bytes in the raw record                 -> ``BinaryContent``
4. not UTF-8, not JSON, truncated, numbers out of range            -> ``MalformedJSON``
5. containers nested deeper than ``max_json_depth``                -> ``MalformedJSON``
6. top level not an object; a field missing, unknown or mistyped; ``published_at`` not an
   ISO 8601 string or without a timezone                           -> ``SchemaViolation``
7. escaped control characters (``\\u0000``) in title or body        -> ``BinaryContent``
8. body longer than ``max_body_chars``                             -> ``TooLarge``
9. body is HTML: tags stripped (script/style dropped), entities unescaped, whitespace
   collapsed; fewer than ``min_words`` prose words left            -> ``MarkupOnly``
10. (plain) body empty or fewer than ``min_words`` words            -> ``EmptyBody``
11. detected language of title + body not in ``languages``         -> ``UnsupportedLanguage``

The declared ``language`` is checked, not trusted: when it disagrees with the detection the
detection wins and the returned Article carries the detected code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError

from agents.validate.language import detect
from agents.validate.markup import looks_like_html, normalise_whitespace, strip_html, word_count
from schemas.errors import (
    BinaryContent,
    EmptyBody,
    MalformedJSON,
    MarkupOnly,
    SchemaViolation,
    TooLarge,
    UnsupportedLanguage,
)
from schemas.models import Article

__all__ = ["ValidationPolicy", "validate_article"]

# C0 controls except TAB, LF, CR; plus DEL.
_CONTROL_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATETIME_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_BOM = b"\xef\xbb\xbf"
_MAX_MESSAGE = 240


@dataclass(frozen=True)
class ValidationPolicy:
    """Limits the validate stage enforces; the defaults suit wire copy."""

    max_bytes: int = 1_000_000
    """Largest accepted record, in bytes, checked before parsing."""
    max_body_chars: int = 200_000
    """Largest accepted body, in characters, before markup stripping."""
    max_json_depth: int = 32
    """Deepest accepted nesting of JSON arrays/objects (the top-level object is depth 1)."""
    min_words: int = 5
    """Fewest prose words the body must keep after markup stripping."""
    languages: frozenset[str] = frozenset({"en"})
    """ISO 639-1 codes of the languages extraction supports."""


DEFAULT_POLICY = ValidationPolicy()


def _short(text: str) -> str:
    """One line, at most ``_MAX_MESSAGE`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests containers deeper than ``limit``; iterative, no recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        for child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


def _json_error(raw: bytes, exc: orjson.JSONDecodeError, max_depth: int) -> MalformedJSON:
    if "depth limit" in str(exc).lower() or "recursion" in str(exc).lower():
        return MalformedJSON(f"JSON nests deeper than {max_depth} levels")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return MalformedJSON(f"record is not valid UTF-8 (byte {err.start}: {err.reason})")
    return MalformedJSON(_short(f"record is not valid JSON: {exc}"))


def _schema_error(exc: ValidationError) -> SchemaViolation:
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "<record>"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return SchemaViolation(_short(f"field '{where}': {first['msg']}{more}"))


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _clean_text(text: str) -> tuple[str, bool]:
    """(cleaned text, whether it was HTML)."""
    if looks_like_html(text):
        return strip_html(text), True
    return normalise_whitespace(text), False


def validate_article(raw: bytes, policy: ValidationPolicy = DEFAULT_POLICY) -> Article:
    """Parse and check one ``articles.raw`` record; return a clean Article.

    Raises a ``schemas.errors.RejectedInput`` subclass (never anything else) for bad input; its
    message is one line naming what is wrong.
    """
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    elif not isinstance(raw, bytes):
        try:
            raw = bytes(raw)
        except TypeError as exc:
            raise MalformedJSON(f"record is {type(raw).__name__}, not bytes") from exc

    # 1. size, before anything else touches the bytes
    if len(raw) > policy.max_bytes:
        raise TooLarge(f"record is {len(raw)} bytes, limit is {policy.max_bytes}")
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    # 2. nothing at all
    if not raw.strip():
        raise EmptyBody("record is empty")
    # 3. binary content
    control = _CONTROL_BYTES_RE.search(raw)
    if control is not None:
        raise BinaryContent(f"record has control byte 0x{control.group()[0]:02x} at offset {control.start()}")
    # 4. UTF-8 JSON
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _json_error(raw, exc, policy.max_json_depth) from None
    # 5. depth
    if _json_depth_exceeds(data, policy.max_json_depth):
        raise MalformedJSON(f"JSON nests deeper than {policy.max_json_depth} levels")
    # 6. schema
    if not isinstance(data, dict):
        raise SchemaViolation(f"top-level JSON value is {_type_name(data)}, expected an object")
    published = data.get("published_at")
    if "published_at" in data and not isinstance(published, str):
        raise SchemaViolation(
            f"field 'published_at': expected an ISO 8601 string, got {_type_name(published)}"
        )
    if isinstance(published, str) and not _ISO_DATETIME_RE.match(published):
        raise SchemaViolation(_short(f"field 'published_at': not an ISO 8601 datetime: {published!r}"))
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        raise _schema_error(exc) from None
    except (ValueError, TypeError, OverflowError) as exc:  # defensive: odd values in validators
        raise SchemaViolation(_short(f"record does not match the Article contract: {exc}")) from None
    # 7. escaped control characters inside the text fields
    for name in ("title", "body"):
        control_char = _CONTROL_CHARS_RE.search(getattr(article, name))
        if control_char is not None:
            raise BinaryContent(
                f"field '{name}' has control character U+{ord(control_char.group()):04X} "
                f"at offset {control_char.start()}"
            )
    # 8. body size
    if len(article.body) > policy.max_body_chars:
        raise TooLarge(f"body is {len(article.body)} characters, limit is {policy.max_body_chars}")
    # 9-10. markup and emptiness
    if not article.body.strip():
        raise EmptyBody("body is empty")
    body, was_html = _clean_text(article.body)
    words = word_count(body, at_most=policy.min_words)  # only compared with the minimum
    if was_html and words < policy.min_words:
        raise MarkupOnly(f"body is HTML with {words} words of prose (minimum {policy.min_words})")
    if words < policy.min_words:
        raise EmptyBody(
            "body is empty" if not body else f"body has {words} words (minimum {policy.min_words})"
        )
    title, _ = _clean_text(article.title)
    # 11. language, from title + body
    found = detect(f"{title}\n{body}" if title else body, policy.languages)
    if found.language not in policy.languages:
        supported = ", ".join(sorted(policy.languages))
        raise UnsupportedLanguage(f"detected '{found.language}', supported: {supported}")
    return article.model_copy(update={"title": title, "body": body, "language": found.language})
