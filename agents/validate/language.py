"""Offline language identification for article text.

Primary detector: ``py3langid`` (a pure-Python/numpy naive-Bayes model over byte n-grams for 97
languages; the model file ships inside the package, so nothing is fetched at run time). It is
loaded once, lazily, on first use (~1 s); call :func:`warm_up` at agent start to pay that early.

Short, name-heavy English text ("Quetta, Panjgur, Saravan ...") can fool any n-gram model, so a
detection of an unsupported language is only acted on when it is confident, or when the text also
lacks the function words of the supported languages (see :func:`detect`).

Fallback (when ``py3langid`` is not importable): a documented heuristic — a script check for
non-Latin alphabets plus the ratio of common function words ("stopwords") of a few European
languages. It is coarse but deterministic and good enough to keep German/French/Spanish wire copy
out of an English-only pipeline.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

__all__ = ["Detection", "detect", "stopword_ratio", "warm_up"]

#: How many characters of title + body are looked at; more adds time, not accuracy.
SAMPLE_CHARS = 2_000
#: Below this probability a detection of an unsupported language is "unsure".
MIN_CONFIDENCE = 0.5
#: An "unsure" detection is overruled when at least this share of words are supported stopwords.
STOPWORD_OVERRULE = 0.12

# Common function words, one language per line: "<code>: word word ...".
_STOPWORD_TABLE = """
en: the of and to in a is that for on was with as by it at from said his he has have had are were be
    been this its an or which who not but after their they than also more two three over into since
    against would could will while
de: der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an
    werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war
    haben nur oder aber vor zur bis mehr durch man
fr: le la les de des du et en un une est que qui dans pour par sur au aux pas plus ne se ce il elle
    a été sont avec son sa ses mais ont leur selon lors après contre cette deux trois
es: el la los las de del y en un una es que por con para se al lo su sus como más pero fue ha han
    sido este esta entre sobre tras según dos tres
it: il lo la i gli le di del della dei e in un una è che per con non si al alla sono ha hanno come
    più ma anche dopo secondo due tre
pt: o a os as de do da dos das e em um uma é que por com para se ao não mais mas foi são foram
    segundo após dois três
nl: de het een en van in is dat op te zijn met voor niet aan er om ook als bij door werd wordt heeft
    hebben naar maar na volgens twee drie
"""
_STOPWORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in (entry.split(":", 1) for entry in re.split(r"\n(?=\w\w:)", _STOPWORD_TABLE.strip()))
}

# Non-Latin scripts and the language they most likely mean (fallback detector only).
_SCRIPTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\u0600-\u06ff\u0750-\u077f]"), "ar"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
)
_TOKEN_RE = re.compile(r"[^\W\d_]+")
_LETTER_RE = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Detection:
    """The detected language, the detector's probability and which detector decided."""

    language: str
    confidence: float
    detector: str


_lock = threading.Lock()
_identifier: Any = None
_identifier_loaded = False


def _get_identifier() -> Any:
    """The py3langid identifier (normalised probabilities), or None when unavailable."""
    global _identifier, _identifier_loaded
    if _identifier_loaded:
        return _identifier
    with _lock:
        if not _identifier_loaded:
            try:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            except Exception:
                _identifier = None
            _identifier_loaded = True
    return _identifier


def warm_up() -> str:
    """Load the detector now instead of on the first article; returns the detector's name."""
    return "py3langid" if _get_identifier() is not None else "stopwords"


def stopword_ratio(text: str, language: str) -> float:
    """Share of the words of ``text`` that are common function words of ``language``."""
    words = _TOKEN_RE.findall(text.lower())
    if not words:
        return 0.0
    stop = _STOPWORDS.get(language)
    if not stop:
        return 0.0
    return sum(1 for w in words if w in stop) / len(words)


def _heuristic(text: str) -> Detection:
    letters = _LETTER_RE.findall(text)
    if letters:
        for pattern, lang in _SCRIPTS:
            share = sum(1 for ch in letters if pattern.match(ch)) / len(letters)
            if share > 0.3:
                return Detection(lang, round(min(1.0, share), 3), "stopwords")
    best, best_ratio = "und", 0.0
    for lang in _STOPWORDS:
        ratio = stopword_ratio(text, lang)
        if ratio > best_ratio:
            best, best_ratio = lang, ratio
    if best_ratio < 0.05:
        return Detection("und", 0.0, "stopwords")
    return Detection(best, round(min(1.0, best_ratio * 3), 3), "stopwords")


def detect(text: str, supported: frozenset[str] | set[str] = frozenset({"en"})) -> Detection:
    """Detect the language of ``text``; a supported language wins any close call.

    The result names an unsupported language only when the detector is confident
    (probability >= ``MIN_CONFIDENCE``) or, when it is unsure, the text is also poor in the
    stopwords of every supported language (< ``STOPWORD_OVERRULE``).
    """
    sample = text[:SAMPLE_CHARS]
    identifier = _get_identifier()
    if identifier is not None:
        lang, prob = identifier.classify(sample)
        found = Detection(str(lang), float(prob), "py3langid")
    else:
        found = _heuristic(sample)
    if found.language in supported:
        return found
    if found.confidence < MIN_CONFIDENCE or found.language == "und":
        # An unsure verdict against a supported language: overrule on clear stopword evidence.
        ratios = {lang: stopword_ratio(sample, lang) for lang in supported if lang in _STOPWORDS}
        if ratios:
            lang, ratio = max(ratios.items(), key=lambda kv: kv[1])
            if ratio >= STOPWORD_OVERRULE:
                return Detection(lang, round(ratio, 3), found.detector + "+stopwords")
    return found
