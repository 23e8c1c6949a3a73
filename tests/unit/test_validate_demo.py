"""The bundled demo stream: its valid lines all pass, its malformed lines are all rejected."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pytest

from agents.validate import validate_article
from schemas.errors import RejectedInput

DEMO = Path(__file__).resolve().parents[2] / "demo"
LINES = (DEMO / "articles.jsonl").read_bytes().splitlines()

# id (or a marker for the unparsable line) -> expected dead-letter reason
EXPECTED_REJECTIONS = {
    "geo-20260114-quetta-traders": "malformed_json",
    "tribune-20260114-wrong-types": "schema_violation",
    "thenews-20260115-no-body": "schema_violation",
    "arabnews-20260115-html-shell": "markup_only",
    "dw-20260116-de": "unsupported_language",
    "geo-20260117-empty": "empty_body",
}


def _line_id(line: bytes) -> str:
    marker = b'"id": "'
    start = line.index(marker) + len(marker)
    return line[start : line.index(b'"', start)].decode()


@pytest.mark.parametrize("line", LINES, ids=[_line_id(line) for line in LINES])
def test_validate_demo_line(line: bytes) -> None:
    line_id = _line_id(line)
    if line_id in EXPECTED_REJECTIONS:
        with pytest.raises(RejectedInput) as caught:
            validate_article(line)
        assert caught.value.code == EXPECTED_REJECTIONS[line_id]
    else:
        article = validate_article(line)
        assert article.id == line_id
        assert article.language == "en"


def test_validate_demo_file_shape() -> None:
    assert 40 <= len(LINES) <= 55
    valid = [validate_article(line) for line in LINES if _line_id(line) not in EXPECTED_REJECTIONS]
    assert len(valid) + len(EXPECTED_REJECTIONS) == len(LINES)
    ids = [a.id for a in valid]
    assert len(ids) == len(set(ids))
    times = [a.published_at for a in valid]
    assert times == sorted(times)
    bodies = Counter(a.body for a in valid)
    assert sum(1 for n in bodies.values() if n >= 2) >= 2, "at least two syndicated copies"
    assert len({a.source for a in valid}) >= 8


def test_validate_demo_raw_lines_are_single_json_records() -> None:
    parsed = 0
    for line in LINES:
        try:
            orjson.loads(line)
            parsed += 1
        except orjson.JSONDecodeError:
            pass
    assert parsed == len(LINES) - 1  # exactly one truncated line


def test_validate_demo_crisis_text_is_english_prose() -> None:
    text = (DEMO / "crisis.txt").read_text(encoding="utf-8")
    record = orjson.dumps(
        {
            "id": "crisis",
            "source": "demo",
            "title": "",
            "body": text,
            "published_at": "2026-01-15T12:00:00+00:00",
        }
    )
    assert validate_article(record).language == "en"
