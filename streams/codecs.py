"""Faust codecs for strikewire's pydantic records, so agents receive typed values, not bytes."""

from __future__ import annotations

import logging
import zlib
from typing import Any

from faust.serializers import codecs
from pydantic import BaseModel, ValidationError

from schemas import Alert, Article, Event, Mention, decode, encode

__all__ = ["ModelCodec", "StateCodec", "codec_name", "register_codecs", "register_state_codecs"]

log = logging.getLogger(__name__)

_LEVEL = 1
"""zlib's fastest level: most of the gain of the best one on these JSON states, at a fraction of the CPU."""
_ZLIB_HEADER = b"\x78"


class ModelCodec(codecs.Codec):
    """Encodes one pydantic model type as its wire JSON."""

    def __init__(self, model: type[BaseModel], **kwargs: Any) -> None:
        self.model = model
        super().__init__(model=model, **kwargs)

    def _dumps(self, obj: Any) -> bytes:
        if isinstance(obj, bytes):
            return obj
        return encode(obj)

    def _loads(self, s: bytes) -> Any:
        return decode(self.model, s)


class StateCodec(ModelCodec):
    """A table state's codec: its JSON, zlib-compressed. Every update of a key writes the key's whole
    state to the table's changelog, so the changelogs carry most of the bytes the worker writes (about 86
    KB per article of 100 KB on all topics, `python -m bench.topics`); compressed, several times less.
    A state stored uncompressed (by an earlier release) still reads. A state written by an incompatible
    release (its model changed) reads as ``None``, i.e. no state for that key, with a warning, instead
    of crashing table recovery and then the agent on every record."""

    def _dumps(self, obj: Any) -> bytes:
        if isinstance(obj, bytes):
            return obj
        return zlib.compress(encode(obj), _LEVEL)

    def _loads(self, s: bytes) -> Any:
        if s[:1] == _ZLIB_HEADER:  # JSON starts with "{": never this byte
            s = zlib.decompress(s)
        try:
            return decode(self.model, s)
        except ValidationError as exc:
            log.warning(
                "dropping a stored %s this release cannot read (%d errors, first: %s)",
                self.model.__name__,
                exc.error_count(),
                exc.errors()[0]["msg"] if exc.errors() else "?",
            )
            return None


def codec_name(model: type[BaseModel]) -> str:
    """The serializer name a topic or table uses for ``model``."""
    return f"strikewire.{model.__name__.lower()}"


def register_codecs(*models: type[BaseModel]) -> None:
    """Register a codec for each record type (idempotent)."""
    for model in models or (Article, Mention, Event, Alert):
        codecs.register(codec_name(model), ModelCodec(model))


def register_state_codecs(*models: type[BaseModel]) -> None:
    """Register the lenient :class:`StateCodec` for each table state type (idempotent)."""
    for model in models:
        codecs.register(codec_name(model), StateCodec(model))
