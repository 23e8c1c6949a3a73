"""Fixtures shared by the unit tier."""

from __future__ import annotations

import pytest

from agents.extract import ExtractionPolicy, Extractor


@pytest.fixture(scope="session")
def ex() -> Extractor:
    """The trained-model extractor, loaded once for every slow test that needs it (read-only)."""
    return Extractor(ExtractionPolicy())
