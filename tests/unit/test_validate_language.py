"""Offline language detection used by the validate stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.validate import language
from agents.validate.language import detect, stopword_ratio, warm_up

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validate"
EN = (
    "Pakistan carried out strikes against separatist militants inside Iran on Thursday, its foreign "
    "ministry said, two days after Iran hit what it said were militant bases on Pakistani soil."
)


def test_warm_up_uses_packaged_model() -> None:
    assert warm_up() == "py3langid"


@pytest.mark.parametrize(
    ("name", "lang"), [("body_de.txt", "de"), ("body_fr.txt", "fr"), ("body_ar.txt", "ar")]
)
def test_detect_identifies_foreign_text(name: str, lang: str) -> None:
    found = detect((FIXTURES / name).read_text(encoding="utf-8"))
    assert found.language == lang
    assert found.confidence >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        EN,
        "Striker's late double sends Lahore side into cup final",
        "Panjgur, Saravan and Turbat: the border towns at the centre of the row.",
        "Oil prices edge up as Norwegian offshore workers strike",
    ],
)
def test_detect_identifies_english(text: str) -> None:
    assert detect(text).language == "en"


def test_stopword_ratio_separates_languages() -> None:
    de = (FIXTURES / "body_de.txt").read_text(encoding="utf-8")
    assert stopword_ratio(EN, "en") > stopword_ratio(EN, "de")
    assert stopword_ratio(de, "de") > stopword_ratio(de, "en")
    assert stopword_ratio("", "en") == 0.0
    assert stopword_ratio(EN, "xx") == 0.0


@pytest.mark.parametrize(
    ("name", "lang"),
    [("body_de.txt", "de"), ("body_fr.txt", "fr"), ("body_ar.txt", "ar"), (None, "en")],
)
def test_detect_heuristic_fallback(monkeypatch: pytest.MonkeyPatch, name: str | None, lang: str) -> None:
    # Without py3langid the stopword/script heuristic decides.
    monkeypatch.setattr(language, "_identifier", None)
    monkeypatch.setattr(language, "_identifier_loaded", True)
    text = EN if name is None else (FIXTURES / name).read_text(encoding="utf-8")
    found = detect(text)
    assert found.language == lang
    assert found.detector.startswith("stopwords")
