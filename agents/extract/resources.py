"""Loading of the data files under ``agents/extract/data`` (cached, read once per process)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from schemas.errors import ConfigurationError

__all__ = ["DATA_DIR", "events_table", "groups", "lexicon", "load_yaml"]

DATA_DIR = Path(__file__).parent / "data"


def load_yaml(name: str) -> Any:
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read extraction data file {path}: {exc}") from exc


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    return load_yaml("lexicon.yaml")


@lru_cache(maxsize=1)
def events_table() -> dict[str, Any]:
    return load_yaml("events.yaml")


@lru_cache(maxsize=1)
def groups() -> dict[str, Any]:
    return load_yaml("groups.yaml")
