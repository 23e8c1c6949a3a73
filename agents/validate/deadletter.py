"""Dead-letter records for inputs a stage could not process."""

from __future__ import annotations

import datetime as dt

from schemas.errors import StrikewireError
from schemas.models import DeadLetter

__all__ = ["dead_letter"]

_MAX_ERROR = 1_000


def _explain(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    if not isinstance(error, StrikewireError):
        text = f"{type(error).__name__}: {text}"
    return text if len(text) <= _MAX_ERROR else text[: _MAX_ERROR - 1] + "…"


def dead_letter(
    raw: bytes,
    error: BaseException,
    *,
    topic: str,
    partition: int | None,
    offset: int | None,
    key: bytes | None,
    failed_at: dt.datetime,
    stage: str = "validate",
) -> DeadLetter:
    """The dead-letter record for ``raw``: the original bytes exactly as received, and why.

    ``reason`` is the error's ``code`` for a ``StrikewireError`` and ``"internal_error"`` for any
    other exception. ``key`` is decoded as UTF-8 (undecodable bytes become ``\\xNN`` escapes); a
    naive ``failed_at`` is taken to be UTC.
    """
    reason = error.code if isinstance(error, StrikewireError) else "internal_error"
    if failed_at.tzinfo is None or failed_at.utcoffset() is None:
        failed_at = failed_at.replace(tzinfo=dt.UTC)
    key_text = key if key is None or isinstance(key, str) else bytes(key).decode("utf-8", "backslashreplace")
    return DeadLetter(
        reason=reason,
        error=_explain(error),
        original=bytes(raw),
        topic=topic,
        partition=partition,
        offset=offset,
        key=key_text,
        stage=stage,
        failed_at=failed_at,
    )
