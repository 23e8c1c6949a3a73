"""RAMS: who attacked whom, where (``conflict.attack*`` examples).

Text: the example's tokens joined by single spaces (so every token has known character offsets), a hyphen
between two words joined to both as written ("city-states"), as one article without a title.

Default, RAMS's own task (the trigger is given, its arguments are to be found): the extractor's role
rules are applied to the gold trigger (``Extractor.roles_at``), whether or not extraction would report
that act (RAMS triggers are often hypothetical, negated, historical or figurative: "could start a war",
"the 1915 massacre"). ``pipeline=True`` (``--pipeline``) scores what extraction reports instead: the
mention whose evidence sentence contains the gold trigger's first character (else the one whose evidence
is nearest to it; no mention = empty predictions).

Predicted spans: for each actor (role ``attacker``) / target (``target``) / the place (``place``), the
name as written (``Actor.text``; ``Place.text`` or ``Place.name``) is located in the text: the
occurrence inside the trigger's sentence (the mention's evidence) if there is one, else the occurrence
nearest to it (case-insensitive, on token boundaries). Its characters are mapped to token indices; a role's
prediction is the union of the tokens of all its predicted names (with a coordinator that is all that
stands between two of them: "Hamas and Hezbollah"), its gold the union of the tokens of all its gold
arguments.

Score per role: token-overlap F1 = 2|P∩G| / (|P|+|G|), averaged over the examples that have at least
one gold argument of that role (an empty prediction scores 0 there). Examples without a gold argument
of a role do not enter that role's average; how often something was predicted there is in the
diagnostics, with micro-averaged token precision/recall.
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agents.extract.spans import locate
from schemas import Actor, Mention, Place

from .common import extract_all, extractor, log, snippet_article
from .data import RamsItem, read_rams
from .metrics import token_f1

__all__ = [
    "ROLES",
    "choose_mention",
    "join_coordinated",
    "locate",
    "predicted_tokens",
    "role_tokens",
    "run_roles",
    "sentence_of",
    "token_offsets",
    "trim_determiners",
]

ROLES = ("attacker", "target", "place")


def token_offsets(tokens: list[str]) -> tuple[str, list[int]]:
    """The tokens as one text and the start offset of every token: joined by single spaces, except that a
    hyphen between two words joins them as written ("city - states" is "city-states": RAMS's tokenizer split
    the word, and a spaced hyphen reads as a dash that ends a name)."""
    parts: list[str] = []
    starts, pos = [], 0
    for i, tok in enumerate(tokens):
        if i and not _joined(tokens, i):
            parts.append(" ")
            pos += 1
        starts.append(pos)
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), starts


def _joined(tokens: list[str], i: int) -> bool:
    """Token ``i`` follows token ``i - 1`` with no space: either is a hyphen between two words."""
    hyphen = next((j for j in (i - 1, i) if tokens[j] == "-"), None)
    return (
        hyphen is not None
        and 0 < hyphen < len(tokens) - 1
        and tokens[hyphen - 1][-1:].isalnum()
        and tokens[hyphen + 1][:1].isalnum()
    )


def chars_to_tokens(start: int, end: int, starts: list[int], tokens: list[str]) -> set[int]:
    """Indices of the tokens overlapping characters [start, end)."""
    out: set[int] = set()
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    while i < len(tokens) and starts[i] < end:
        if starts[i] + len(tokens[i]) > start:
            out.add(i)
        i += 1
    return out


LEADING_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "all"}
    | {"its", "their", "his", "her", "our", "my", "your"}
)
"""Words RAMS's argument spans leave out in front of a noun phrase (148 of the 155 attacker and target
spans of the development half start with none of them: "coalition" for "the coalition"); a predicted name
is scored without them, as a span of its own words."""


def trim_determiners(start: int, end: int, text: str) -> tuple[int, int]:
    """[start, end) without its leading determiners, unless nothing else would be left."""
    while True:
        m = re.match(r"(\w+)\s+", text[start:end])
        if m is None or m.group(1).lower() not in LEADING_DETERMINERS:
            return start, end
        start += m.end()


def choose_mention(mentions: list[Mention], trigger_char: int) -> Mention | None:
    """The mention whose evidence contains the trigger, else the one with the nearest evidence."""
    best: tuple[int, float, Mention] | None = None
    for m in mentions:
        s, e = m.evidence.start, m.evidence.end
        dist = 0 if s <= trigger_char < e else min(abs(trigger_char - s), abs(trigger_char - e))
        key = (dist, -m.confidence)
        if best is None or key < best[:2]:
            best = (dist, -m.confidence, m)
    return best[2] if best else None


def predicted_tokens(
    mention: Mention | None, text: str, starts: list[int], tokens: list[str]
) -> dict[str, set[int]]:
    if mention is None:
        return {r: set() for r in ROLES}
    anchor = (mention.evidence.start, mention.evidence.end)
    return role_tokens(mention.actors, mention.targets, mention.place, text, anchor, starts, tokens)


def role_tokens(
    actors: Sequence[Actor],
    targets: Sequence[Actor],
    place: Place | None,
    text: str,
    anchor: tuple[int, int],
    starts: list[int],
    tokens: list[str],
    near: int | None = None,
) -> dict[str, set[int]]:
    """The tokens each role's names as written cover (without leading determiners), each located inside
    ``anchor`` or nearest to it, and nearest to ``near`` among several inside."""
    out: dict[str, set[int]] = {r: set() for r in ROLES}
    names = {
        "attacker": [a.text or a.name for a in actors],
        "target": [t.text or t.name for t in targets],
        "place": [(place.text or place.name)] if place else [],
    }
    for role, role_names in names.items():
        for name in role_names:
            span = locate(name, text, anchor, near)
            if span is None and role == "place" and place and place.name:
                span = locate(place.name, text, anchor, near)
            if span is not None:
                out[role] |= chars_to_tokens(*trim_determiners(*span, text), starts, tokens)
        out[role] = join_coordinated(out[role], tokens)
    return out


COORDINATORS = frozenset({"and", "or", ",", "&"})


def join_coordinated(predicted: set[int], tokens: list[str]) -> set[int]:
    """Two names of one role with nothing but a coordinator between them are one coordinated phrase, as
    RAMS annotates it ("Hamas and Hezbollah", not "Hamas" and "Hezbollah"): the coordinator is predicted
    too."""
    out = set(predicted)
    ordered = sorted(predicted)
    for a, b in itertools.pairwise(ordered):
        gap = range(a + 1, b)
        if 0 < len(gap) <= 2 and all(tokens[i].lower() in COORDINATORS for i in gap):
            out.update(gap)
    return out


def sentence_of(text: str, char: int) -> tuple[int, int]:
    """Character span of the sentence holding ``char`` (RAMS tokens are space-joined: "." ends one)."""
    start = max(text.rfind(" . ", 0, char), text.rfind(" ? ", 0, char), text.rfind(" ! ", 0, char))
    ends = [e for e in (text.find(" . ", char), text.find(" ? ", char), text.find(" ! ", char)) if e >= 0]
    return (start + 3 if start >= 0 else 0), (min(ends) + 2 if ends else len(text))


def gold_tokens(item: RamsItem, role: str) -> set[int]:
    return {i for s, e in item.roles.get(role, []) for i in range(s, e + 1)}


def _given_trigger(items: list[RamsItem], texts: list[tuple[str, list[int]]]) -> list[dict[str, set[int]]]:
    ex = extractor()
    out = []
    for i, (item, (text, starts)) in enumerate(zip(items, texts, strict=True)):
        start = starts[item.trigger[0]]
        end = starts[item.trigger[1]] + len(item.tokens[item.trigger[1]])
        actors, targets, place = ex.roles_at(snippet_article(f"rams-{i}", text), start, end, as_written=True)
        anchor = sentence_of(text, start)
        out.append(role_tokens(actors, targets, place, text, anchor, starts, item.tokens, near=start))
    return out


def run_roles(path: str | Path, limit: int | None = None, pipeline: bool = False) -> dict[str, Any]:
    t0 = time.perf_counter()
    items = read_rams(path, limit=limit)
    log(f"roles: {len(items)} conflict.attack examples")
    texts = [token_offsets(it.tokens) for it in items]
    if pipeline:
        log("  mode: what extraction reports (the mention holding the gold trigger)")
        articles = [snippet_article(f"rams-{i}", text) for i, (text, _) in enumerate(texts)]
        chosen = [
            choose_mention(ms, starts[item.trigger[0]])
            for item, (_, starts), ms in zip(items, texts, extract_all(articles), strict=True)
        ]
        preds = [
            predicted_tokens(m, text, starts, item.tokens)
            for item, (text, starts), m in zip(items, texts, chosen, strict=True)
        ]
        log(f"  examples without a mention: {sum(m is None for m in chosen)}")
    else:
        log("  mode: the gold trigger given (Extractor.roles_at), as in RAMS's task")
        preds = _given_trigger(items, texts)
    f1s: dict[str, list[float]] = {r: [] for r in ROLES}
    micro = {r: [0, 0, 0] for r in ROLES}  # overlap, predicted, gold
    spurious = dict.fromkeys(ROLES, 0)
    for item, pred in zip(items, preds, strict=True):
        for role in ROLES:
            gold = gold_tokens(item, role)
            micro[role][0] += len(pred[role] & gold)
            micro[role][1] += len(pred[role])
            micro[role][2] += len(gold)
            if gold:
                f1s[role].append(token_f1(pred[role], gold))
            elif pred[role]:
                spurious[role] += 1
    for role in ROLES:
        ov, np_, ng = micro[role]
        log(
            f"  {role:8s} per-example F1 {sum(f1s[role]) / max(len(f1s[role]), 1):.3f} over {len(f1s[role])} "
            f"examples with gold; micro token P {ov / max(np_, 1):.3f} R {ov / max(ng, 1):.3f}; "
            f"predicted where gold has none: {spurious[role]}"
        )
    log(f"  runtime {time.perf_counter() - t0:.1f}s")
    out: dict[str, Any] = {f"{r}_f1": round(sum(f1s[r]) / len(f1s[r]), 4) if f1s[r] else 0.0 for r in ROLES}
    out["n"] = len(items)
    return out
