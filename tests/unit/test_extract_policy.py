"""Policy defaults, model loading errors and pure API helpers (no model load)."""

from __future__ import annotations

import datetime as dt

import pytest

import agents.extract.extractor as extractor_mod
from agents.extract import ExtractionPolicy, Extractor, article_text, text_fingerprint
from schemas.errors import ConfigurationError
from schemas.models import Article


def _article(title: str, body: str, id: str = "a") -> Article:
    return Article(
        id=id, source="s", title=title, body=body, published_at=dt.datetime(2024, 1, 18, 12, tzinfo=dt.UTC)
    )


def test_policy_defaults() -> None:
    p = ExtractionPolicy()
    assert (p.model, p.batch_size) == ("en_core_web_sm", 32)
    assert 0 <= p.min_confidence <= 1


def test_policy_missing_models_raise_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extractor_mod, "FALLBACK_MODEL", "no_such_spacy_model_b")
    with pytest.raises(ConfigurationError, match="no spaCy English model"):
        Extractor(ExtractionPolicy(model="no_such_spacy_model_a"))


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Headline", "Body text.", "Headline\n\nBody text."),
        ("", "Body only.", "Body only."),
        ("  ", "Body only.", "Body only."),
    ],
)
def test_policy_article_text(title: str, body: str, expected: str) -> None:
    assert article_text(_article(title, body)) == expected


def test_policy_fingerprint_normalises_case_and_whitespace() -> None:
    a = _article("One", "Militants  attacked\n the post.", id="a")
    b = _article("Two", "MILITANTS attacked the post.", id="b")
    c = _article("One", "Militants attacked the base.", id="c")
    assert text_fingerprint(a) == text_fingerprint(b) != text_fingerprint(c)
    assert len(text_fingerprint(a)) == 64
