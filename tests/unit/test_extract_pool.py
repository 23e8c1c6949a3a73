"""ExtractorProcess: the extractor built once in a child process, called like the extractor, and replaced
when the child dies."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from agents.extract.pool import ExtractorDied, ExtractorProcess
from schemas import Article, Mention
from tests.unit.factories import mention

WHEN = dt.datetime(2024, 1, 16, 12, 0, tzinfo=dt.UTC)


def article(article_id: str) -> Article:
    return Article(id=article_id, source="wire", title="", body="Report.", published_at=WHEN)


class PidExtractor:
    """Stands in for the spaCy extractor (built in the child by name): one mention per article, whose source
    names the process that extracted it and the extractor's tag; the article "die" kills the process."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.warmed = False

    def warm_up(self) -> None:
        self.warmed = True

    def extract(self, a: Article) -> list[Mention]:
        if a.id == "die":
            os._exit(3)
        assert self.warmed, "extracted before warm_up"
        return [mention(a.id, source=f"{self.tag}@{os.getpid()}")]

    def extract_batch(self, articles: list[Article]) -> list[list[Mention]]:
        return [self.extract(a) for a in articles]


@pytest.fixture
def child():
    process = ExtractorProcess(PidExtractor, "t1")
    yield process
    process.close()


def test_extractor_process_runs_the_extractor_in_one_warmed_child(child):
    child.warm_up()
    assert child.pid is not None and child.pid != os.getpid()
    batch = child.extract_batch([article("a"), article("b")])
    single = child.extract(article("c"))
    assert [[m.article_id for m in ms] for ms in batch] == [["a"], ["b"]]
    assert [m.article_id for m in single] == ["c"]
    assert {m.source for ms in [*batch, single] for m in ms} == {f"t1@{child.pid}"}  # one child, built once
    assert child.starts == 1


def test_extractor_process_replaces_a_child_that_died(child):
    child.warm_up()
    first = child.pid
    with pytest.raises(ExtractorDied):
        child.extract_batch([article("a"), article("die")])
    [m] = child.extract(article("b"))  # a new child, built and warmed again
    assert m.source is not None and m.source.startswith("t1@") and m.source != f"t1@{first}"
    assert child.starts == 2


def test_extractor_process_passes_an_extractor_error_through(child):
    with pytest.raises(AttributeError):
        child.extract_batch(["not an article"])  # type: ignore[list-item]
    assert child.extract(article("a"))[0].article_id == "a"  # the same child goes on
    assert child.starts == 1
