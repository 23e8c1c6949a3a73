"""Input files: JSON lines are sent byte for byte, plain text becomes one Article."""

from __future__ import annotations

import datetime as dt

from schemas import Article, decode
from streams.inputs import article_from_text, read_records, record_key

NOW = dt.datetime(2026, 1, 16, 12, tzinfo=dt.UTC)


def test_inputs_jsonl_lines_are_sent_as_they_are(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [b'{"id": "a1", "body": "x"}', b"{not json", b'["array"]']
    path.write_bytes(b"\n".join(lines) + b"\n\n")
    records = list(read_records(path))
    assert [value for _, value in records] == lines
    assert [key for key, _ in records] == [b"a1", None, None]


def test_inputs_plain_text_becomes_an_article_with_a_title(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph.")
    [(key, value)] = list(read_records(path, source="wire", published_at=NOW))
    article = decode(Article, value)
    assert key == article.id.encode()
    assert article.title == "Headline here"
    assert article.body.startswith("First paragraph")
    assert article.published_at == NOW


def test_inputs_text_article_id_is_deterministic():
    first = article_from_text("Some text", source="s", published_at=NOW)
    again = article_from_text("Some text", source="s", published_at=NOW)
    other = article_from_text("Other text", source="s", published_at=NOW)
    assert first.id == again.id != other.id


def test_inputs_record_key_ignores_missing_or_bad_ids():
    assert record_key(b'{"id": ""}') is None
    assert record_key(b'{"id": 5}') is None
    assert record_key(b"\xff") is None
