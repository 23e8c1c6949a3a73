"""Faust codecs for strikewire's pydantic records, so agents receive typed values, not bytes."""

from __future__ import annotations

from typing import Any

from faust.serializers import codecs
from pydantic import BaseModel

from schemas import Alert, Article, Event, Mention, decode, encode

__all__ = ["ModelCodec", "codec_name", "register_codecs"]


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


def codec_name(model: type[BaseModel]) -> str:
    """The serializer name a topic or table uses for ``model``."""
    return f"strikewire.{model.__name__.lower()}"


def register_codecs(*models: type[BaseModel]) -> None:
    """Register a codec for each record type (idempotent)."""
    for model in models or (Article, Mention, Event, Alert):
        codecs.register(codec_name(model), ModelCodec(model))
