"""Pure metric functions (no I/O, no spaCy): classification F1, B-cubed, pairwise, token overlap, counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "b_cubed",
    "count_scores",
    "label_f1",
    "pairwise_f1",
    "token_f1",
]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def label_f1(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Per-label precision/recall/F1 for single-label classification, plus weighted and macro F1.

    Labels are the union of gold and predicted labels. ``macro_f1`` averages F1 over the labels that
    occur in the gold (a predicted-only label has no support and would only add a zero; this matches
    sklearn's ``labels=<gold labels>``); ``weighted_f1`` weights each gold label's F1 by its support.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter(pred)
    support: Counter[str] = Counter(gold)
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
    per_label: dict[str, dict[str, float]] = {}
    for label in sorted(set(gold) | set(pred)):
        prec = tp[label] / n_pred[label] if n_pred[label] else 0.0
        rec = tp[label] / support[label] if support[label] else 0.0
        per_label[label] = {"precision": prec, "recall": rec, "f1": _f1(prec, rec), "support": support[label]}
    total = sum(support.values())
    gold_labels = [lab for lab in per_label if support[lab]]
    weighted = sum(per_label[lab]["f1"] * support[lab] for lab in gold_labels) / total if total else 0.0
    macro = sum(per_label[lab]["f1"] for lab in gold_labels) / len(gold_labels) if gold_labels else 0.0
    accuracy = sum(tp.values()) / total if total else 0.0
    return {"weighted_f1": weighted, "macro_f1": macro, "accuracy": accuracy, "per_label": per_label}


def _clusters(assign: Mapping[str, Hashable]) -> dict[Hashable, set[str]]:
    out: dict[Hashable, set[str]] = defaultdict(set)
    for item, cluster in assign.items():
        out[cluster].add(item)
    return out


def b_cubed(gold: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) over the items of ``gold``.

    For each item i: precision_i = |pred(i) ∩ gold(i)| / |pred(i)|, recall_i = |pred(i) ∩ gold(i)| /
    |gold(i)|, where pred(i)/gold(i) are the clusters containing i; both averaged uniformly over items.
    Every item of ``gold`` must be in ``pred``.
    """
    missing = set(gold) - set(pred)
    if missing:
        raise ValueError(f"{len(missing)} items have no predicted cluster")
    gc, pc = _clusters(gold), _clusters({k: pred[k] for k in gold})
    n = len(gold)
    if not n:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    p_sum = r_sum = 0.0
    for item in gold:
        g_members, p_members = gc[gold[item]], pc[pred[item]]
        inter = len(g_members & p_members)
        p_sum += inter / len(p_members)
        r_sum += inter / len(g_members)
    p, r = p_sum / n, r_sum / n
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def b_cubed_recall_lost(
    gold: Mapping[str, Hashable], pred: Mapping[str, Hashable], cause: Mapping[str, str]
) -> dict[str, float]:
    """B-cubed recall lost, by the cause of each item: item i loses (1 - recall_i) / n, summed over the
    items of each ``cause[i]``; the values add up to 1 - B-cubed recall. Causes with no loss are left out."""
    gc, pc = _clusters(gold), _clusters({k: pred[k] for k in gold})
    n = len(gold)
    lost: dict[str, float] = {}
    for item in gold:
        g_members = gc[gold[item]]
        share = (1 - len(g_members & pc[pred[item]]) / len(g_members)) / n
        if share > 0:
            lost[cause[item]] = lost.get(cause[item], 0.0) + share
    return lost


def _pairs(assign: Mapping[str, Hashable]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for members in _clusters(assign).values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs.add((a, b))
    return pairs


def pairwise_f1(gold: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> dict[str, float]:
    """Precision/recall/F1 over unordered same-cluster item pairs (items of ``gold`` only).

    With no gold pairs and no predicted pairs everything is 1.0 (nothing to find, nothing wrong).
    """
    gp = _pairs(gold)
    pp = _pairs({k: pred[k] for k in gold})
    if not gp and not pp:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    inter = len(gp & pp)
    p = inter / len(pp) if pp else 0.0
    r = inter / len(gp) if gp else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def token_f1(pred: Iterable[int], gold: Iterable[int]) -> float:
    """Token-overlap F1 of two sets of token indices: 2|P∩G| / (|P| + |G|); 1.0 when both are empty."""
    p, g = set(pred), set(gold)
    if not p and not g:
        return 1.0
    return 2 * len(p & g) / (len(p) + len(g))


def count_scores(gold: Sequence[int], pred: Sequence[int]) -> dict[str, float]:
    """Exact-match accuracy and mean absolute error of integer counts."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    n = len(gold)
    if not n:
        return {"exact": 0.0, "mae": 0.0}
    exact = sum(g == p for g, p in zip(gold, pred, strict=True)) / n
    mae = sum(abs(g - p) for g, p in zip(gold, pred, strict=True)) / n
    return {"exact": exact, "mae": mae}
