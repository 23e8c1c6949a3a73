"""Pure metric functions of the evaluation harness, on tiny hand-made inputs with hand-computed answers."""

from __future__ import annotations

import pytest

from evaluation.metrics import b_cubed, b_cubed_recall_lost, count_scores, label_f1, pairwise_f1, token_f1


def test_label_f1_perfect():
    s = label_f1(["A", "B", "B"], ["A", "B", "B"])
    assert s["weighted_f1"] == pytest.approx(1.0)
    assert s["macro_f1"] == pytest.approx(1.0)


def test_label_f1_hand_computed():
    gold = ["A", "A", "A", "B"]
    pred = ["A", "A", "B", "B"]
    # A: P 2/2, R 2/3, F1 0.8; B: P 1/2, R 1/1, F1 2/3
    s = label_f1(gold, pred)
    assert s["per_label"]["A"]["f1"] == pytest.approx(0.8)
    assert s["per_label"]["B"]["f1"] == pytest.approx(2 / 3)
    assert s["weighted_f1"] == pytest.approx((3 * 0.8 + 1 * 2 / 3) / 4)
    assert s["macro_f1"] == pytest.approx((0.8 + 2 / 3) / 2)
    assert s["accuracy"] == pytest.approx(0.75)


def test_label_f1_predicted_only_label_is_not_averaged_but_costs_precision():
    gold = ["A", "A"]
    pred = ["A", "X"]
    s = label_f1(gold, pred)
    # A: P 1, R 1/2 -> F1 2/3; X has no support and does not enter the averages
    assert s["macro_f1"] == pytest.approx(2 / 3)
    assert s["weighted_f1"] == pytest.approx(2 / 3)
    assert s["per_label"]["X"]["f1"] == 0.0


def test_label_f1_length_mismatch():
    with pytest.raises(ValueError):
        label_f1(["A"], [])


def test_b_cubed_all_singletons_and_one_cluster():
    gold = {"a": 1, "b": 1, "c": 2}
    alone = b_cubed(gold, {k: k for k in gold})
    assert alone["precision"] == pytest.approx(1.0)
    assert alone["recall"] == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    one = b_cubed(gold, dict.fromkeys(gold, "x"))
    assert one["recall"] == pytest.approx(1.0)
    assert one["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_b_cubed_hand_computed():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    # precision: a 1, b 1, c 1/2, d 1/2, e 1 -> 4/5; recall: a 2/3, b 2/3, c 1/3, d 1/2, e 1/2 -> 8/3/5
    s = b_cubed(gold, pred)
    assert s["precision"] == pytest.approx(4 / 5)
    assert s["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 / 2 + 1 / 2) / 5)
    p, r = s["precision"], s["recall"]
    assert s["f1"] == pytest.approx(2 * p * r / (p + r))


def test_b_cubed_is_label_invariant_and_requires_every_item():
    gold = {"a": 1, "b": 1, "c": 2}
    assert b_cubed(gold, {"a": 5, "b": 5, "c": 6}) == b_cubed(gold, {"a": "q", "b": "q", "c": "r"})
    with pytest.raises(ValueError):
        b_cubed(gold, {"a": 1})


def test_b_cubed_ignores_predicted_items_outside_gold():
    gold = {"a": 1, "b": 1}
    s = b_cubed(gold, {"a": "x", "b": "x", "zzz": "x"})
    assert s["f1"] == pytest.approx(1.0)


def test_pairwise_f1_hand_computed():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    # gold pairs ab ac bc; pred pairs ab cd -> P 1/2, R 1/3, F1 0.4
    s = pairwise_f1(gold, pred)
    assert s["precision"] == pytest.approx(0.5)
    assert s["recall"] == pytest.approx(1 / 3)
    assert s["f1"] == pytest.approx(0.4)


def test_pairwise_f1_no_pairs_anywhere_is_perfect_and_singletons_score_zero():
    assert pairwise_f1({"a": 1, "b": 2}, {"a": 1, "b": 2})["f1"] == 1.0
    assert pairwise_f1({"a": 1, "b": 1}, {"a": 1, "b": 2})["f1"] == 0.0


def test_token_f1():
    assert token_f1({1, 2}, {2, 3}) == pytest.approx(0.5)
    assert token_f1(set(), {1}) == 0.0
    assert token_f1({1}, set()) == 0.0
    assert token_f1(set(), set()) == 1.0
    assert token_f1([4, 5, 6], [4, 5, 6]) == 1.0


def test_count_scores():
    s = count_scores([0, 1, 3], [0, 2, 1])
    assert s["exact"] == pytest.approx(1 / 3)
    assert s["mae"] == pytest.approx(1.0)
    assert count_scores([], []) == {"exact": 0.0, "mae": 0.0}


def test_b_cubed_recall_lost_splits_the_missing_recall_by_cause():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "z"}
    # recall: a 2/3, b 2/3, c 1/3, d 1 -> lost (1/3 + 1/3 + 2/3) / 4
    lost = b_cubed_recall_lost(gold, pred, {"a": "late", "b": "matching", "c": "matching", "d": "late"})
    assert lost == pytest.approx({"late": 1 / 12, "matching": 3 / 12})
    assert sum(lost.values()) == pytest.approx(1 - b_cubed(gold, pred)["recall"])
