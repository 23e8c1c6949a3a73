"""Shared fixtures: where the evaluation data lives, and a skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"
DEMO_ARTICLES = REPO / "demo" / "articles.jsonl"


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """../shared/eval, or skip the test when it is not beside the repository."""
    if not SHARED_EVAL.is_dir():
        pytest.skip("../shared/eval is absent")
    return SHARED_EVAL
