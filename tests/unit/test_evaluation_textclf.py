"""The evaluation's classifier helpers (folds, restricted predictions, the hybrid rule) on made-up data."""

from __future__ import annotations

from agents.extract.resources import events_table
from agents.extract.typeclf import TypeClassifier
from evaluation.textclf import fold_models, folds, predict_restricted
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
