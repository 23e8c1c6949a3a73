"""Where a mention's fields were read: character spans of the words behind each field (``FieldSpan``).

The role, place and date rules keep a field's words as written (``Actor.text``, ``Place.text``, the date
phrase); they are found again in the article nearest to the event's trigger, inside its sentence when they
are there. Casualty phrases and the trigger carry their own offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from schemas import PUBLICATION_DATE, Actor, FieldSpan, Place

__all__ = ["field_spans", "locate"]


def locate(name: str, text: str, anchor: tuple[int, int], near: int | None = None) -> tuple[int, int] | None:
    """Character span of ``name`` in ``text``: inside ``anchor`` (a sentence) if possible, else the
    occurrence nearest to it; among several inside, the one nearest to ``near`` (the trigger) when given,
    else the first; case-insensitive, whole words; None when absent."""
    name = name.strip()
    if not name:
        return None
    best: tuple[int, int, tuple[int, int]] | None = None
    for m in _pattern(name).finditer(text):
        s, e = m.span()
        dist = 0 if (s >= anchor[0] and e <= anchor[1]) else min(abs(s - anchor[0]), abs(s - anchor[1]))
        key = (dist, abs(s - near) if near is not None else 0)
        if best is None or key < best[:2]:
            best = (*key, (s, e))
    return best[2] if best else None


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str]:
    """``name`` as whole words, any whitespace between them, any case."""
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)", re.IGNORECASE)


def field_spans(
    text: str,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    actors: Sequence[Actor],
    targets: Sequence[Actor],
    place: Place | None,
    date_reason: str,
    casualties: Iterable[tuple[str, int, int]],
) -> tuple[FieldSpan, ...]:
    """The spans of a mention's fields in ``text`` (the article's title + body), in article order.

    ``casualties`` are (kind, start, end) of the casualty phrases the counts were read from; ``date_reason``
    is the mention's (the phrase, "<relative phrase> (<its anchor>)", or ``PUBLICATION_DATE``: no span). A
    name that cannot be found again has no span."""
    out: set[FieldSpan] = set()

    def add(field: str, start: int, end: int) -> None:
        if 0 <= start < end <= len(text):
            out.add(FieldSpan(field=field, text=text[start:end], start=start, end=end))  # type: ignore[arg-type]

    add("trigger", *trigger)
    named: list[tuple[str, str | None]] = [("actor", a.text) for a in actors]
    named += [("target", t.text) for t in targets]
    if place is not None:
        named.append(("place", place.text or place.name))
    if date_reason != PUBLICATION_DATE:
        # "two days after (Tuesday)": the relative phrase and the date it counts from
        named += [("date", p) for p in re.split(r" \(|\)$", date_reason) if p]
    for field, name in named:
        span = locate(name or "", text, sentence, trigger[0])
        if span is None and field == "place" and place is not None and place.text:
            span = locate(place.name, text, sentence, trigger[0])
        if span is not None:
            add(field, *span)
    for kind, start, end in casualties:
        add(kind, start, end)
    return tuple(sorted(out, key=lambda f: (f.start, f.end, f.field)))
