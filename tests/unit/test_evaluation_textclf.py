"""The evaluation's classifier helpers (folds, restricted predictions, the hybrid rule) on made-up data."""

from __future__ import annotations

from collections import Counter

from agents.extract.resources import events_table
from agents.extract.typeclf import CASE_TO_TYPE, TypeClassifier
from evaluation.data import read_case
from evaluation.textclf import SUPPLEMENT_PATH, fold_models, folds, predict_restricted
from evaluation.types import ACLED_TO_CASE, combine
from tests.unit.factories import CLASSIFIER_LABELS, CLASSIFIER_TEXTS

TEXTS, LABELS = CLASSIFIER_TEXTS, CLASSIFIER_LABELS


def test_folds_partition_the_indices():
    parts = folds(11, k=3)
    assert sorted(i for p in parts for i in p) == list(range(11))
    assert all(parts) and folds(11, k=3) == parts  # deterministic


def test_fold_models_never_train_on_their_test_fold():
    trig = [[] for _ in TEXTS]
    parts = fold_models(TEXTS, LABELS, trig, k=3, c=10.0, char_max=3)
    assert len(parts) == 3
    for test, model in parts:
        assert model.overlaps([TEXTS[i] for i in test]) == 0
        assert model.overlaps([t for i, t in enumerate(TEXTS) if i not in test]) == len(TEXTS) - len(test)


def test_predict_restricted_to_the_file_label_set():
    model = TypeClassifier.train(TEXTS, LABELS, min_df=1)
    got = predict_restricted(model, ["Warplanes bombed a bridge."], [[]], {"PEACE_PROTEST"})
    assert got[0][0] == "PEACE_PROTEST"
    assert predict_restricted(model, ["x"], [[]], {"NOT_A_LABEL"}) == [("", 0.0)]


def test_combine_rule_and_classifier():
    assert combine("GRENADE", ("ATTACK", 0.2)) == "GRENADE"  # precise rule label, unsure classifier
    assert combine("GRENADE", ("ATTACK", 0.9)) == "ATTACK"
    assert combine("ARMED_CLASH", ("ATTACK", 0.1)) == "ATTACK"  # not a trusted rule label
    assert combine(None, ("DIPLO", 0.2)) == "DIPLO"
    assert combine("ARREST", None) == "ARREST"
    # who took the ground is read from the actor's kind: the rule's side wins over a sure classifier
    assert combine("GOV_REGAINS_TERIT", ("NON_STATE_ACTOR_OVERTAKES_TER", 0.9)) == "GOV_REGAINS_TERIT"
    assert combine("GOV_REGAINS_TERIT", ("ARMED_CLASH", 0.9)) == "ARMED_CLASH"


def test_every_strikewire_sub_event_type_has_a_case_label():
    subs = {t["sub_event_type"] for t in events_table()["types"].values()}
    assert subs <= set(ACLED_TO_CASE)


def test_fold_models_skip_empty_folds():
    parts = fold_models(TEXTS[:3], LABELS[:3], [[], [], []], k=5, c=10.0)
    assert sorted(i for idx, _ in parts for i in idx) == [0, 1, 2]


def test_supplement_parses_and_covers_every_label():
    items = read_case(SUPPLEMENT_PATH)
    counts = Counter(i.label for i in items)
    assert set(counts) == set(CASE_TO_TYPE)
    assert min(counts.values()) >= 15
    assert len({i.id for i in items}) == len(items) == len({i.text for i in items})
    assert all(10 <= len(i.text.split()) <= 45 for i in items)


def test_fold_models_train_on_the_extra_rows_but_never_test_them():
    extra_texts = ["Jets bombed a depot near the river.", "Crowds marched calmly to the town hall."]
    extra = (extra_texts, ["AIR_STRIKE", "PEACE_PROTEST"], [[], []])
    parts = fold_models(TEXTS, LABELS, [[] for _ in TEXTS], k=3, c=10.0, extra=extra, extra_weight=0.5)
    assert sorted(i for test, _ in parts for i in test) == list(range(len(TEXTS)))
    for test, model in parts:
        assert model.overlaps(extra_texts) == len(extra_texts)
        assert model.overlaps([TEXTS[i] for i in test]) == 0
