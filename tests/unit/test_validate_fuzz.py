"""Fuzz: arbitrary input yields an Article or a RejectedInput, never any other exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.validate import ValidationPolicy, validate_article
from schemas.errors import RejectedInput
from schemas.models import Article

POLICY = ValidationPolicy(max_bytes=20_000)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

article_like = st.fixed_dictionaries(
    {
        "id": st.text(max_size=20),
        "source": st.text(max_size=20),
        "body": st.one_of(
            st.text(max_size=300),
            st.just("<p>Pakistan recalled its ambassador from Tehran on Wednesday.</p>"),
            st.just("Iran summoned Pakistan's charge d'affaires in Tehran on Thursday morning."),
        ),
        "published_at": st.one_of(
            st.text(max_size=30),
            st.just("2026-01-15T06:30:00+00:00"),
            st.just("2026-01-15T06:30:00"),
            st.integers(),
            st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
        ),
    },
    optional={
        "title": st.text(max_size=40),
        "url": st.none() | st.text(max_size=20),
        "language": json_values,
    },
)


def dumps(value: object) -> bytes:
    """Stdlib JSON (big integers, escaped lone surrogates and Infinity included)."""
    return json.dumps(value).encode()


def _check(raw: bytes) -> None:
    try:
        result = validate_article(raw, POLICY)
    except RejectedInput as exc:
        assert exc.code != "rejected"
        assert "\n" not in str(exc)
    else:
        assert isinstance(result, Article)
        assert result.language in POLICY.languages


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2_000),
        json_values.map(dumps),
        article_like.map(dumps),
        article_like.map(lambda d: dumps(d)[: len(dumps(d)) // 2]),
    )
)
def test_validate_article_fuzz_never_raises_other_errors(raw: bytes) -> None:
    _check(raw)
