"""ExtractorProcess: the extractor built once in a child process, called like the extractor, and replaced
when the child dies."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

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
    assert child.pid != first
    assert m.source == f"t1@{child.pid}"
    assert child.starts == 2


def test_extractor_process_passes_an_extractor_error_through(child):
    with pytest.raises(AttributeError):
        child.extract_batch(["not an article"])  # type: ignore[list-item]
    assert child.extract(article("a"))[0].article_id == "a"  # the same child goes on
    assert child.starts == 1


PARENT = """
import time
from agents.extract.pool import ExtractorProcess
from tests.unit.test_extract_pool import PidExtractor
if __name__ == "__main__":
    process = ExtractorProcess(PidExtractor, "orphan")
    process.warm_up()
    print(process.pid, flush=True)
    time.sleep(120)
"""


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody has reaped yet counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_the_child_ends_when_its_parent_is_killed(tmp_path):
    """A worker killed with SIGKILL leaves no extraction process behind (each would hold a model's memory)."""
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    parent = subprocess.Popen(
        [sys.executable, str(script)], cwd=repo, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        assert alive(pid)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 20
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid), f"extraction process {pid} outlived its killed parent"
