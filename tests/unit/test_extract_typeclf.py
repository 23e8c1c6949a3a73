"""The extractor's sentence type classifier on hand-made sentences (no spaCy model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from agents.extract.resources import events_table
from agents.extract.typeclf import CASE_TO_TYPE, MODEL_PATH, TypeClassifier, default_classifier, features
from tests.unit.factories import CLASSIFIER_LABELS, CLASSIFIER_TEXTS

TEXTS, LABELS = CLASSIFIER_TEXTS, CLASSIFIER_LABELS


def test_typeclf_features_words_pairs_prefixes_chars_triggers():
    fs = features("Jets bombed 12 houses", ["air_strike"], char_max=3)
    assert {"jets", "bombed", "<num>", "jets bombed", "~bombe", "#<je", "#ed>", "T:air_strike"} <= set(fs)
    assert not any(f.startswith("#") and len(f) > 4 for f in fs)  # only 3-grams with char_max=3


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Warplanes fired missiles at the village", "C:aircraft"),
        ("Helicopter gunships hit the convoy", "C:aircraft"),
        ("Protesters blocked roads and threw projectiles", "C:protest_violence"),
        ("Police baton charged the march", "C:protest_intervention"),
    ],
)
def test_typeclf_features_cue_classes(text, cue):
    assert cue in features(text, [])


def test_typeclf_train_predict_save_load_roundtrip(tmp_path):
    model = TypeClassifier.train(TEXTS, LABELS, min_df=1)
    assert model.predict("Warplanes bombed a bridge.")[0] == "AIR_STRIKE"
    assert model.predict("Nurses marched peacefully.")[0] == "PEACE_PROTEST"
    p = model.proba("Jets bombed the depot.")
    assert p.shape == (2,) and p.sum() == pytest.approx(1.0, abs=1e-5)
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = TypeClassifier.load(path)
    assert loaded.labels == model.labels and loaded.char_max == model.char_max
    np.testing.assert_allclose(loaded.proba("Jets bombed the depot."), p, atol=1e-2)
    assert loaded.overlaps([TEXTS[0], "something new"]) == 1
    assert loaded.overlaps(["  warplanes BOMBED the village at dawn. "]) == 1  # normalised hash


def test_typeclf_trigger_features_carry_the_lexicon_type():
    texts = ["a b c", "a b d", "a b e", "a b f"]
    model = TypeClassifier.train(texts, ["X", "X", "Y", "Y"], [["t1"], ["t1"], ["t2"], ["t2"]], min_df=1)
    assert model.predict("a b g", ["t1"])[0] == "X"
    assert model.predict("a b g", ["t2"])[0] == "Y"


def test_typeclf_unknown_text_falls_back_to_the_bias():
    model = TypeClassifier.train(TEXTS, LABELS, min_df=1)
    label, prob = model.predict("")
    assert label in LABELS and 0 < prob <= 1


def test_typeclf_case_labels_map_to_known_event_types():
    types = events_table()["types"]
    assert all(t is None or t in types for t in CASE_TO_TYPE.values())
    mapped = {t for t in CASE_TO_TYPE.values() if t}
    assert len(mapped) == 24  # every ACLED sub-event type of CASE 2021 has a strikewire type


def test_typeclf_shipped_model_is_small_and_loads_offline():
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 5_000_000
    model = default_classifier()
    assert model is not None
    assert set(model.labels) <= set(CASE_TO_TYPE)
