"""Bytes on the wire: every record is compact UTF-8 JSON produced with orjson."""

from __future__ import annotations

from typing import TypeVar

import orjson
from pydantic import BaseModel

__all__ = ["decode", "dumps", "encode"]

M = TypeVar("M", bound=BaseModel)


def encode(record: BaseModel) -> bytes:
    """Serialise a record to its wire bytes."""
    return orjson.dumps(record.model_dump(mode="json"))


def decode(model: type[M], data: bytes | str) -> M:
    """Parse wire bytes into ``model``; raises ``pydantic.ValidationError`` on any defect."""
    return model.model_validate_json(data)


def dumps(record: BaseModel) -> str:
    """A record as one line of JSON text (CLI output, JSON lines files)."""
    return encode(record).decode()
