"""RAMS: who attacked whom, where (``conflict.attack*`` examples).

Text: the example's tokens joined by single spaces (so every token has known character offsets),
extracted as one article without a title. The mention scored is the one whose evidence sentence
contains the gold trigger's first character; if none does, the mention whose evidence is nearest to
the trigger (character distance); no mention = empty predictions.

Predicted spans: for each actor (role ``attacker``) / target (``target``) / the place (``place``), the
name as written (``Actor.text``; ``Place.text`` or ``Place.name``) is located in the text: the
occurrence inside the mention's evidence sentence if there is one, else the occurrence nearest to it
(case-insensitive, on token boundaries). Its characters are mapped to token indices; a role's
prediction is the union of the tokens of all its predicted names, its gold the union of the tokens of
all its gold arguments.

Score per role: token-overlap F1 = 2|P∩G| / (|P|+|G|), averaged over the examples that have at least
one gold argument of that role (an empty prediction scores 0 there). Examples without a gold argument
of a role do not enter that role's average; how often something was predicted there is in the
diagnostics, with micro-averaged token precision/recall.
"""

from __future__ import annotations

import bisect
import re
import time
from pathlib import Path
from typing import Any

from schemas import Mention

from .common import extract_all, log, snippet_article
from .data import RamsItem, read_rams
from .metrics import token_f1

__all__ = ["ROLES", "choose_mention", "locate", "predicted_tokens", "run_roles", "token_offsets"]

ROLES = ("attacker", "target", "place")


def token_offsets(tokens: list[str]) -> tuple[str, list[int]]:
    """Space-joined text and the start offset of every token."""
    starts, pos = [], 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok) + 1
    return " ".join(tokens), starts


def chars_to_tokens(start: int, end: int, starts: list[int], tokens: list[str]) -> set[int]:
    """Indices of the tokens overlapping characters [start, end)."""
    out: set[int] = set()
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    while i < len(tokens) and starts[i] < end:
        if starts[i] + len(tokens[i]) > start:
            out.add(i)
        i += 1
    return out


def locate(name: str, text: str, anchor: tuple[int, int]) -> tuple[int, int] | None:
    """Character span of ``name`` in ``text``: inside ``anchor`` (the evidence) if possible, else the
    occurrence nearest to it; case-insensitive, whole words; None when absent."""
    name = name.strip()
    if not name:
        return None
    pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)", re.IGNORECASE)
    best: tuple[int, tuple[int, int]] | None = None
    for m in pat.finditer(text):
        s, e = m.span()
        dist = 0 if (s >= anchor[0] and e <= anchor[1]) else min(abs(s - anchor[0]), abs(s - anchor[1]))
        if best is None or dist < best[0]:
            best = (dist, (s, e))
    return best[1] if best else None


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
    out: dict[str, set[int]] = {r: set() for r in ROLES}
    if mention is None:
        return out
    anchor = (mention.evidence.start, mention.evidence.end)
    names = {
        "attacker": [a.text or a.name for a in mention.actors],
        "target": [t.text or t.name for t in mention.targets],
        "place": [(mention.place.text or mention.place.name)] if mention.place else [],
    }
    for role, role_names in names.items():
        for name in role_names:
            span = locate(name, text, anchor)
            if span is None and role == "place" and mention.place and mention.place.name:
                span = locate(mention.place.name, text, anchor)
            if span is not None:
                out[role] |= chars_to_tokens(span[0], span[1], starts, tokens)
    return out


def gold_tokens(item: RamsItem, role: str) -> set[int]:
    return {i for s, e in item.roles.get(role, []) for i in range(s, e + 1)}


def run_roles(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    items = read_rams(path, limit=limit)
    log(f"roles: {len(items)} conflict.attack examples")
    texts = [token_offsets(it.tokens) for it in items]
    articles = [snippet_article(f"rams-{i}", text) for i, (text, _) in enumerate(texts)]
    mentions = extract_all(articles)
    f1s: dict[str, list[float]] = {r: [] for r in ROLES}
    micro = {r: [0, 0, 0] for r in ROLES}  # overlap, predicted, gold
    spurious = dict.fromkeys(ROLES, 0)
    no_mention = 0
    for item, (text, starts), ms in zip(items, texts, mentions, strict=True):
        mention = choose_mention(ms, starts[item.trigger[0]])
        no_mention += mention is None
        pred = predicted_tokens(mention, text, starts, item.tokens)
        for role in ROLES:
            gold = gold_tokens(item, role)
            micro[role][0] += len(pred[role] & gold)
            micro[role][1] += len(pred[role])
            micro[role][2] += len(gold)
            if gold:
                f1s[role].append(token_f1(pred[role], gold))
            elif pred[role]:
                spurious[role] += 1
    log(f"  examples without a mention: {no_mention}")
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
