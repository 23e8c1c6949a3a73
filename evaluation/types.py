"""CASE 2021 task 2: one ACLED-style sub-event type label per snippet.

Rule label: the snippet is extracted as an article (no title, fixed publication time); the main
mention's ``sub_event_type`` (see :func:`evaluation.common.main_mention`) is mapped to a CASE label by
:data:`ACLED_TO_CASE`. A snippet with no mention, or whose mapped label is not in the file's label set,
gets the fallback label (``OTHER`` when the file has it; see :func:`fallback_label`). The extractor's
mentions already carry its type classifier's refinement (:mod:`agents.extract.typeclf`).

Modes: ``--rules-only`` scores the rule label alone: what the pipeline's mentions say
(``--no-classifier`` as well: the trigger lexicon alone). The default (*hybrid*) also classifies the
whole snippet with the same type classifier: the rule label wins when it is one of :data:`RULE_LABELS`
and the classifier's probability is below :data:`RULE_OVERRIDE_BELOW`, or when both labels are of one
:data:`RULE_SIDES` group; otherwise the classifier's label (restricted to the file's label set).
If any snippet of the file is in the classifier's training data, the shipped model is not used: the file
is split into 5 folds and each fold is extracted *and* classified with a model trained on the other four
(out-of-fold), so a development-half number is never a training-set number. The fold split's shuffle seed
is ``fold_seed`` (default 0; on the command line ``--fold-seed``): a change is judged over several seeds,
since one split's figure moves by about 0.01 with the split alone (0.811 / 0.807 / 0.801 for seeds 0 / 1 /
2 on the dev half; 0.768 / 0.776 / 0.754 before the training supplement, 0.782 / 0.782 / 0.780 with its
first 521 snippets, 0.797 / 0.794 / 0.785 with 672). Every fold's model is also trained on the supplement
of snippets written by the strikewire team (``agents/extract/data/type_snippets.tsv``, see
:mod:`evaluation.textclf`), which is never scored.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from .common import extract_all, extractor, log, main_mention, snippet_article
from .data import read_case
from .metrics import label_f1

__all__ = ["ACLED_TO_CASE", "fallback_label", "map_label", "run_types"]

#: ACLED sub-event type (as strikewire emits it) -> CASE 2021 label. Includes ACLED sub-types the
#: extractor may not emit yet, so the mapping keeps working when it learns them.
ACLED_TO_CASE: dict[str, str] = {
    # Battles
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    # Explosions/Remote violence
    "Air/drone strike": "AIR_STRIKE",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Suicide bomb": "SUIC_BOMB",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Chemical weapon": "CHEM_WEAP",
    # Violence against civilians
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Sexual violence": "SEX_VIOL",
    # Protests / riots
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    # Strategic developments
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
    # strikewire's diplomatic acts (Strategic developments in ACLED terms; CASE calls them DIPLO)
    "Ambassador recalled": "DIPLO",
    "Ambassador expelled": "DIPLO",
    "Envoy summoned": "DIPLO",
    "Explanation demanded": "DIPLO",
    "Condemnation": "DIPLO",
    "Sanctions imposed": "DIPLO",
    "Talks held": "DIPLO",
}

_FALLBACKS = ("OTHER", "CHANGE_TO_GROUP_ACT")

#: Rule labels trusted over an unsure classifier: sub-types whose triggers name the act itself (weapons,
#: arrests, abductions, rape, defusing, bases, agreements, diplomatic acts, territory, mobs, looting).
RULE_LABELS = frozenset(
    {
        "AIR_STRIKE",
        "ART_MISS_ATTACK",
        "SUIC_BOMB",
        "REM_EXPLOS",
        "GRENADE",
        "CHEM_WEAP",
        "ARREST",
        "ABDUCT_DISSAP",
        "SEX_VIOL",
        "DISR_WEAP",
        "HQ_ESTABLISHED",
        "AGREEMENT",
        "DIPLO",
        "GOV_REGAINS_TERIT",
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "MOB_VIOL",
        "PROPERTY_DISTRUCT",
        "CHANGE_TO_GROUP_ACT",
        "NON_VIOL_TERRIT_TRANSFER",
    }
)
#: The rule label wins when the classifier's probability is below this. Re-tuned with the 672-snippet
#: supplement by 5-fold CV on the development half (weighted F1, mean of fold seeds 0/1/2): 0 (the classifier
#: wins unless RULE_SIDES) 0.795, 0.2 0.794, 0.3 0.792, 0.4 0.788, 0.5 0.785. 0 beats 0.3 by 0.0025 (seed 1
#: -0.0001), under the 0.003 a change must gain, so 0.3 stays: the rules add nothing measurable here.
RULE_OVERRIDE_BELOW = 0.3


def fallback_label(labels: set[str]) -> str:
    """The label for "no event found": OTHER if the label set has it, else the first of the fallbacks
    present, else the alphabetically first label (deterministic, never chosen by looking at the gold)."""
    for cand in _FALLBACKS:
        if cand in labels:
            return cand
    return sorted(labels)[0]


def map_label(sub_event_type: str | None, labels: set[str]) -> str:
    """CASE label of an ACLED sub-event type, restricted to ``labels`` (fallback otherwise)."""
    label = ACLED_TO_CASE.get(sub_event_type or "")
    return label if label in labels else fallback_label(labels)


#: Labels that differ by who acted, which the rules read from the parse (the actor's kind) and the
#: classifier's words barely tell apart ("captured the town"): when both pick one of a group, the rule's wins.
RULE_SIDES = (frozenset({"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"}),)


def combine(rule: str | None, clf: tuple[str, float] | None) -> str | None:
    """Hybrid label of one snippet from its rule label and (classifier label, probability)."""
    if clf is None or not clf[0]:
        return rule
    if rule in RULE_LABELS and clf[1] < RULE_OVERRIDE_BELOW:
        return rule
    if any(rule in group and clf[0] in group for group in RULE_SIDES):
        return rule
    return clf[0]


def _extract_labels(texts: list[str], labels: set[str]) -> list[str | None]:
    """Each text's rule label: its main mention's sub-event type as a CASE label (None: no mention)."""
    mentions = extract_all([snippet_article(f"case-{i}", t) for i, t in enumerate(texts)])
    out: list[str | None] = []
    for ms in mentions:
        main = main_mention(ms)
        out.append(map_label(main.sub_event_type, labels) if main else None)
    return out


def run_types(
    path: str | Path,
    limit: int | None = None,
    *,
    rules_only: bool = False,
    model: str | Path | None = None,
    no_classifier: bool = False,
    fold_seed: int = 0,
) -> dict[str, Any]:
    t0 = time.perf_counter()
    from agents.extract.typeclf import TypeClassifier

    from .textclf import fold_models, predict_restricted, snippet_triggers, supplement

    items = read_case(path, limit)
    labels = {it.label for it in items}
    log(f"types: {len(items)} snippets, {len(labels)} labels, fallback {fallback_label(labels)}")
    texts = [it.text for it in items]
    gold = [it.label for it in items]
    ex = extractor()
    shipped = ex.type_model
    clf_model = None if no_classifier else (TypeClassifier.load(model) if model else shipped)
    rule: list[str | None] = [None] * len(items)
    clf: list[tuple[str, float]] = [("", 0.0)] * len(items)
    try:
        if clf_model is None:
            log("  classifier: none (lexicon alone)")
            ex.type_model = None
            rule = _extract_labels(texts, labels)
        else:
            trig = snippet_triggers(texts)
            overlap = clf_model.overlaps(texts)
            if overlap:
                log(
                    f"  {overlap}/{len(texts)} snippets were in the classifier's training data: it is "
                    "5-fold cross-validated on this file instead (each fold extracted and classified by a "
                    f"model trained on the other four; fold seed {fold_seed})"
                )
                parts = fold_models(texts, gold, trig, k=5, seed=fold_seed, extra=supplement())
            else:
                log(f"  classifier: trained on {len(clf_model.trained_on)} snippets, none of them here")
                parts = [(list(range(len(texts))), clf_model)]
            for idx, fold_model in parts:
                ex.type_model = fold_model
                for i, lab in zip(idx, _extract_labels([texts[i] for i in idx], labels), strict=True):
                    rule[i] = lab
                preds = predict_restricted(
                    fold_model, [texts[i] for i in idx], [trig[i] for i in idx], labels
                )
                for i, guess in zip(idx, preds, strict=True):
                    clf[i] = guess
    finally:
        ex.type_model = shipped
    if rules_only or clf_model is None:
        log("  mode: pipeline only (the main mention's sub-event type)")
        pred = [r or fallback_label(labels) for r in rule]
    else:
        log("  mode: hybrid (pipeline + snippet classifier)")
        only_rules = label_f1(gold, [r or fallback_label(labels) for r in rule])
        only_clf = label_f1(gold, [c[0] or fallback_label(labels) for c in clf])
        log(
            f"  pipeline alone weighted F1 {only_rules['weighted_f1']:.3f}; classifier alone "
            f"{only_clf['weighted_f1']:.3f}"
        )
        pred = [combine(r, c) or fallback_label(labels) for r, c in zip(rule, clf, strict=True)]
    scores = label_f1(gold, pred)
    no_event = sum(r is None for r in rule)
    log(f"  snippets without a mention: {no_event}; accuracy {scores['accuracy']:.3f}")
    for label, row in sorted(scores["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        p, r, f = row["precision"], row["recall"], row["f1"]
        log(f"  {label:32s} P {p:.2f} R {r:.2f} F1 {f:.2f} n {row['support']}")
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    log(
        "  top confusions (gold -> pred): "
        + ", ".join(f"{g}->{p} {c}" for (g, p), c in confusions.most_common(8))
    )
    log(f"  runtime {time.perf_counter() - t0:.1f}s")
    return {
        "weighted_f1": round(scores["weighted_f1"], 4),
        "macro_f1": round(scores["macro_f1"], 4),
        "n": len(items),
    }
