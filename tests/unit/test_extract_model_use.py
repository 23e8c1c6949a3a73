"""Where and how the extractor runs the trained model: NER only on articles that can yield a mention,
actor names checked against its entities, numpy's BLAS on one thread. Every article is written for
strikewire."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from threadpoolctl import threadpool_info

from agents.extract import ExtractionPolicy, Extractor
from schemas.codec import encode
from schemas.models import Article

pytestmark = pytest.mark.slow

THURSDAY = dt.datetime(2024, 1, 18, 12, 0, tzinfo=dt.UTC)

BODIES = [
    "Pakistan said on Thursday its air force struck separatist militant hideouts inside Iran's "
    "Sistan-Baluchestan province, two days after Iran launched missile and drone strikes on what it called "
    "militant bases in Pakistan. Iranian media said three women and four children were killed.",
    "Chad Smith, 24, was shot dead in Chicago on Tuesday, police said. Two other men were wounded.",
    "Pakistan recalled its ambassador from Tehran on Wednesday, the foreign office said.",
    "The central bank left interest rates unchanged on Thursday, citing slower inflation.",
]


def art(body: str, id: str = "t1") -> Article:
    return Article(id=id, source="wire.test", title="", body=body, published_at=THURSDAY, language="en")


class RecordingPipe:
    """Wraps a spaCy pipe and records how many docs went through ``pipe``."""

    def __init__(self, pipe: Any) -> None:
        self.inner = pipe
        self.docs = 0

    def pipe(self, docs: Any, **kwargs: Any) -> Any:
        docs = list(docs)
        self.docs += len(docs)
        return self.inner.pipe(docs, **kwargs)


def test_model_ner_skipped_for_articles_without_trigger(
    ex: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    ner = RecordingPipe(ex.ner)
    monkeypatch.setattr(ex, "ner", ner)
    quiet, strike = art(BODIES[3], id="quiet"), art(BODIES[0], id="strike")
    result = ex.extract_batch([quiet, strike])
    assert result[0] == []
    assert len(result[1]) == 2
    assert ner.docs == 1


def test_model_entities_block_actor_names_inside_person_names(ex: Extractor) -> None:
    (m,) = ex.extract(art(BODIES[1]))
    parties = [*m.actors, *m.targets]
    assert "Chad Smith" in [p.name for p in parties]
    assert all(p.country != "TCD" for p in parties)


def test_model_layers_use_numpy_blas(ex: Extractor) -> None:
    assert ex.policy.numpy_blas
    for _name, pipe in [("ner", ex.ner), *ex.parse_pipes]:
        assert pipe.model.ops.use_blis is False


def test_model_blas_one_thread_during_a_batch(ex: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[int]] = []
    inner = ex._extract_batch

    def spy(articles: Any) -> Any:
        seen.append([lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"])
        return inner(articles)

    monkeypatch.setattr(ex, "_extract_batch", spy)
    ex.extract_batch([art(BODIES[0])])
    assert seen and seen[0] and set(seen[0]) == {1}


def test_model_blis_and_numpy_blas_give_the_same_mentions(ex: Extractor) -> None:
    blis = Extractor(ExtractionPolicy(numpy_blas=False))
    assert blis.ner.model.ops.use_blis is True
    articles = [art(body, id=f"a{i}") for i, body in enumerate(BODIES)]
    got = [[encode(m) for m in ms] for ms in ex.extract_batch(articles)]
    assert got == [[encode(m) for m in ms] for ms in blis.extract_batch(articles)]
    assert sum(map(len, got)) >= 4
