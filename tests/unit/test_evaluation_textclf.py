"""The small snippet classifier of the evaluation harness, on hand-made sentences."""

from __future__ import annotations

from evaluation.textclf import TextClassifier, cross_val_predict, predict_restricted
from evaluation.types import combine

TEXTS = [
    "Warplanes bombed the village at dawn.",
    "Jets bombed a market in the north.",
    "Warplanes bombed positions near the river.",
    "Thousands marched peacefully in the capital.",
    "Students marched peacefully to parliament.",
    "Farmers marched peacefully through the town.",
]
LABELS = ["AIR_STRIKE"] * 3 + ["PEACE_PROTEST"] * 3


def test_train_predict_save_load_roundtrip(tmp_path):
    model = TextClassifier.train(TEXTS, LABELS, min_df=1)
    assert [p[0] for p in model.predict(["Warplanes bombed a bridge.", "Nurses marched peacefully."])] == [
        "AIR_STRIKE",
        "PEACE_PROTEST",
    ]
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = TextClassifier.load(path)
    assert loaded.labels == model.labels
    assert loaded.predict(["Jets bombed the depot."])[0][0] == "AIR_STRIKE"
    assert loaded.overlaps([TEXTS[0], "something new"]) == 1
    assert loaded.overlaps(["  warplanes BOMBED the village at dawn. "]) == 1  # normalised hash


def test_predict_restricted_to_the_file_label_set():
    model = TextClassifier.train(TEXTS, LABELS, min_df=1)
    got = predict_restricted(model, ["Warplanes bombed a bridge."], {"PEACE_PROTEST"})
    assert got[0][0] == "PEACE_PROTEST"
    assert predict_restricted(model, ["x"], {"NOT_A_LABEL"}) == [("", 0.0)]


def test_cross_val_predict_is_out_of_fold():
    preds = cross_val_predict(TEXTS, LABELS, k=3, min_df=1)
    assert len(preds) == len(TEXTS)
    assert all(label in {"AIR_STRIKE", "PEACE_PROTEST"} for label, _ in preds)


def test_combine_rule_and_classifier():
    assert combine("GRENADE", ("ATTACK", 0.3)) == "GRENADE"  # precise rule label, unsure classifier
    assert combine("GRENADE", ("ATTACK", 0.9)) == "ATTACK"
    assert combine("ARMED_CLASH", ("ATTACK", 0.1)) == "ATTACK"  # not a trusted rule label
    assert combine(None, ("DIPLO", 0.2)) == "DIPLO"
    assert combine("ARREST", None) == "ARREST"
