"""Label mapping, gold readers, span location and the click group of the evaluation harness (no spaCy)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from evaluation import cli as eval_cli
from evaluation.casualties import predict_counts
from evaluation.common import main_mention
from evaluation.data import gvdb_gold, read_case, read_rams
from evaluation.roles import (
    chars_to_tokens,
    choose_mention,
    join_coordinated,
    locate,
    sentence_of,
    token_offsets,
    trim_determiners,
)
from evaluation.types import ACLED_TO_CASE, fallback_label, map_label
from schemas import Casualties, Evidence, Mention

CASE_LABELS = {"AIR_STRIKE", "ARMED_CLASH", "DIPLO", "OTHER", "ATTACK"}


def _mention(
    n: int,
    conf: float,
    killed: int | None = None,
    injured: int | None = None,
    span: tuple[int, int] = (0, 10),
) -> Mention:
    when = dt.datetime(2024, 1, 18, 12, tzinfo=dt.UTC)
    return Mention(
        id=f"a#{n}",
        article_id="a",
        source="s",
        published_at=when,
        event_type="Battles",
        sub_event_type="Armed clash",
        cameo="19",
        plover="ASSAULT:firearms",
        goldstein=-10,
        quad_class=4,
        date=when.date(),
        casualties=Casualties(killed=killed, injured=injured),
        evidence=Evidence(text="x" * (span[1] - span[0]), start=span[0], end=span[1]),
        text_fingerprint="f",
        confidence=conf,
    )


def test_map_label_and_fallback():
    assert map_label("Air/drone strike", CASE_LABELS) == "AIR_STRIKE"
    assert map_label("Envoy summoned", CASE_LABELS) == "DIPLO"
    assert map_label(None, CASE_LABELS) == "OTHER"
    assert map_label("Grenade", CASE_LABELS) == "OTHER"  # not in this file's label set
    assert fallback_label({"B", "A"}) == "A"
    assert set(ACLED_TO_CASE.values()) >= {
        "AIR_STRIKE",
        "ART_MISS_ATTACK",
        "SUIC_BOMB",
        "REM_EXPLOS",
        "GRENADE",
    }


def test_main_mention_highest_confidence_earliest_on_ties():
    assert main_mention([]) is None
    ms = [_mention(0, 0.5), _mention(1, 0.9), _mention(2, 0.9)]
    assert main_mention(ms).id == "a#1"


def test_predict_counts_main_and_max():
    ms = [_mention(0, 0.5, killed=7), _mention(1, 0.9, killed=None, injured=2)]
    assert predict_counts(ms) == (0, 2)
    assert predict_counts(ms, "max") == (7, 2)
    assert predict_counts([]) == (0, 0)


def test_gvdb_gold_counts():
    ann = {
        "victim-section": [
            {"victim-was": ["killed"]},
            {"victim-was": ["killed", "hospitalized"]},
            {"victim-was": ["injured", "hospitalized"]},
            {"victim-was": ["hospitalized"]},
            {"victim-was": []},
        ]
    }
    assert gvdb_gold(ann) == (2, 2)
    assert gvdb_gold({}) == (0, 0)


def test_read_case_and_rams(tmp_path):
    tsv = tmp_path / "c.tsv"
    tsv.write_text('id\tEventSnippet\tSubType\n1\tTroops "clashed" with rebels.\tARMED_CLASH\n2\tx\tOTHER\n')
    items = read_case(tsv)
    assert [(i.id, i.label) for i in items] == [("1", "ARMED_CLASH"), ("2", "OTHER")]
    assert items[0].text == 'Troops "clashed" with rebels.'
    rams = tmp_path / "r.jsonlines"
    doc = {
        "doc_key": "d",
        "sentences": [["Rebels", "attacked", "the", "base", "in", "Gao", "."]],
        "evt_triggers": [[1, 1, [["conflict.attack.n/a", 1.0]]]],
        "gold_evt_links": [
            [[1, 1], [0, 0], "evt089arg01attacker"],
            [[1, 1], [2, 3], "evt089arg02target"],
            [[1, 1], [5, 5], "evt089arg04place"],
        ],
    }
    other = dict(doc, evt_triggers=[[1, 1, [["life.die.n/a", 1.0]]]])
    rams.write_text(json.dumps(doc) + "\n" + json.dumps(other) + "\n")
    got = read_rams(rams)
    assert len(got) == 1
    assert got[0].roles == {"attacker": [(0, 0)], "target": [(2, 3)], "place": [(5, 5)]}


def test_token_offsets_locate_and_chars_to_tokens():
    tokens = ["Rebels", "attacked", "the", "army", "base", "near", "Gao", ";", "rebels", "fled", "."]
    text, starts = token_offsets(tokens)
    assert text[starts[6] : starts[6] + 3] == "Gao"
    # nearest occurrence to the anchor wins; case-insensitive; whole words only
    anchor = (starts[8], len(text))
    s, e = locate("rebels", text, anchor)
    assert chars_to_tokens(s, e, starts, tokens) == {8}
    s, e = locate("the army base", text, (0, 10))
    assert chars_to_tokens(s, e, starts, tokens) == {2, 3, 4}
    assert locate("Ga", text, (0, 10)) is None
    assert locate("", text, (0, 10)) is None
    # two occurrences inside the anchor: the one nearest to the trigger, when given
    whole = (0, len(text))
    assert chars_to_tokens(*locate("rebels", text, whole), starts, tokens) == {0}
    assert chars_to_tokens(*locate("rebels", text, whole, near=starts[9]), starts, tokens) == {8}


def test_token_offsets_join_a_hyphen_between_two_words_as_written():
    tokens = ["rival", "city", "-", "states", "fought", "(", "-", ")", "and", "lost", ":", "-", "-"]
    text, starts = token_offsets(tokens)
    assert text == "rival city-states fought ( - ) and lost : - -"
    assert [text[s : s + len(t)] for s, t in zip(starts, tokens, strict=True)] == tokens
    s, e = locate("city-states", text, (0, len(text)))
    assert chars_to_tokens(s, e, starts, tokens) == {1, 2, 3}


def test_join_coordinated_predicts_the_coordinator_between_two_names():
    tokens = ["Rebels", "and", "soldiers", "fought", "police", ",", "or", "troops"]
    tokens += ["in", "Gao", "and", "Mopti"]
    assert join_coordinated({0, 2, 4, 7}, tokens) == {0, 1, 2, 4, 5, 6, 7}
    assert join_coordinated({2, 4}, tokens) == {2, 4}  # a verb between: two phrases
    assert join_coordinated({9}, tokens) == {9}


def test_trim_determiners_scores_a_name_without_its_leading_articles():
    text = "all the rebels and the army"
    assert trim_determiners(0, 14, text) == (8, 14)  # "rebels"
    assert trim_determiners(19, 27, text) == (23, 27)  # "army"
    assert trim_determiners(4, 7, text) == (4, 7)  # nothing but a determiner: kept


def test_choose_mention_prefers_the_trigger_sentence():
    far = _mention(0, 0.99, span=(100, 200))
    near = _mention(1, 0.4, span=(0, 50))
    assert choose_mention([far, near], 10).id == "a#1"
    assert choose_mention([far, near], 150).id == "a#0"
    assert choose_mention([], 3) is None


def test_eval_group_has_the_four_commands_with_help():
    assert set(eval_cli.eval_group.commands) == {"types", "casualties", "roles", "dedup"}
    for name in eval_cli.eval_group.commands:
        result = CliRunner().invoke(eval_cli.eval_group, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_eval_command_prints_one_json_object_last(tmp_path, monkeypatch):
    import evaluation.types as types_mod

    monkeypatch.setattr(
        types_mod, "run_types", lambda path, limit, **kw: {"weighted_f1": 0.5, "macro_f1": 0.25, "n": 2}
    )
    f = tmp_path / "c.tsv"
    f.write_text("id\tEventSnippet\tSubType\n")
    result = CliRunner().invoke(eval_cli.eval_group, ["types", str(f)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "weighted_f1": 0.5,
        "macro_f1": 0.25,
        "n": 2,
    }


def test_eval_types_passes_the_fold_seed_on(tmp_path, monkeypatch):
    import evaluation.types as types_mod

    seen = []
    monkeypatch.setattr(
        types_mod, "run_types", lambda path, limit, **kw: seen.append(kw["fold_seed"]) or {"n": 0}
    )
    f = tmp_path / "c.tsv"
    f.write_text("id\tEventSnippet\tSubType\n")
    assert CliRunner().invoke(eval_cli.eval_group, ["types", str(f), "--fold-seed", "2"]).exit_code == 0
    assert CliRunner().invoke(eval_cli.eval_group, ["types", str(f)]).exit_code == 0
    assert seen == [2, 0]


def test_eval_command_missing_file_fails():
    result = CliRunner().invoke(eval_cli.eval_group, ["roles", "/nonexistent/rams.jsonlines"])
    assert result.exit_code != 0


@pytest.mark.slow
def test_eval_types_end_to_end_on_hand_made_snippets(tmp_path):
    f = tmp_path / "c.tsv"
    f.write_text(
        "id\tEventSnippet\tSubType\n"
        "1\tA suicide bomber blew himself up at a checkpoint in Kabul on Monday, "
        "killing five soldiers.\tSUIC_BOMB\n"
        "2\tThe weather was mild and the shops opened as usual.\tOTHER\n"
    )
    result = CliRunner().invoke(eval_cli.eval_group, ["types", str(f)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["n"] == 2
    assert set(out) == {"weighted_f1", "macro_f1", "n"}


def test_sentence_of_a_space_joined_rams_text():
    text = "Rebels shelled the town . Troops fired back ? Nobody knows ."
    s, e = sentence_of(text, text.index("fired"))
    assert text[s:e] == "Troops fired back ?"
    s, e = sentence_of(text, 0)
    assert text[s:e] == "Rebels shelled the town ."
    s, e = sentence_of(text, text.index("Nobody"))
    assert text[s:e] == "Nobody knows ."


def test_main_accuracy_reads_state_and_date_of_the_main_mentions():
    from evaluation.dedup import main_accuracy
    from schemas import Place

    ohio = Place(name="Dayton", admin1="Ohio", country="USA", precision="city")
    mains = {
        "a": _mention(1, 0.9, killed=1).model_copy(update={"place": ohio}),  # dated 2024-01-18
        "b": _mention(2, 0.9, killed=1).model_copy(update={"place": ohio}),
        "c": _mention(3, 0.9),  # no place: a wrong state
    }
    gold = {
        "a": {"state": "Ohio", "date": "January 18, 2024", "num_killed": 1, "num_injured": 0},
        "b": {"state": "Indiana", "date": "January 17, 2024", "num_killed": 0, "num_injured": None},
        "c": {"state": "Ohio", "date": None},  # no gold date nor counts: not counted for those
        "d": {"state": "Ohio", "date": "January 1, 2024", "num_killed": 0},  # no main mention: not counted
    }
    assert main_accuracy(mains, gold) == {
        "main_state_accuracy": round(1 / 3, 4),
        "main_date_exact": 0.5,
        "main_date_within_1": 1.0,
        "main_killed_exact": 0.5,  # b says one dead, the incident had none
        "main_injured_exact": 1.0,  # a: none said, none hurt; b has no gold count
    }


def test_loss_cause_takes_the_first_cause_that_applies() -> None:
    from agents.dedup import DedupPolicy
    from evaluation.dedup import loss_cause
    from schemas import Place

    policy = DedupPolicy()  # retention 14 days, date tolerance 2 days
    row = {"date": "January 18, 2024", "state": "Ohio"}  # the mention: published and dated 2024-01-18
    dayton = Place(name="Dayton", admin1="Ohio", country="USA", precision="city")
    m = _mention(0, 0.9).model_copy(update={"place": dayton})
    assert loss_cause(None, row, policy) == "no_mention"
    assert loss_cause(m, row, policy) == "matching"
    assert loss_cause(m, row | {"date": "January 1, 2024"}, policy) == "late"  # published 17 days after
    assert loss_cause(m, row | {"date": "January 4, 2024"}, policy) == "date_off"  # 14 days: not late
    assert loss_cause(m, row | {"state": "Kentucky"}, policy) == "wrong_state"
    usa = Place(name="United States", country="USA", precision="country")
    assert loss_cause(m.model_copy(update={"place": usa}), row, policy) == "unplaced"
    assert loss_cause(m.model_copy(update={"place": None}), row | {"state": "Kentucky"}, policy) == "unplaced"
    shifted = m.model_copy(update={"date": dt.date(2024, 1, 16)})
    assert loss_cause(shifted, row, policy) == "matching"  # two days off: within the tolerance


@pytest.mark.slow
def test_oracle_gives_the_gold_place_to_the_articles_of_the_fixed_causes(ex) -> None:
    from agents.chain import Chain
    from evaluation.dedup import oracle_f1

    dayton_oh = ex.places.resolve_within("Dayton", "USA", "Ohio")
    nashville = ex.places.resolve_within("Nashville", "USA", "Tennessee")
    assert dayton_oh is not None and nashville is not None
    one = _mention(0, 0.9, killed=2).model_copy(
        update={
            "id": "a#0",
            "article_id": "a",
            "place": dayton_oh,
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "source": "s1",
        }
    )
    other = Evidence(text="Two people were shot dead on Monday, police said.", start=0, end=49)
    two = one.model_copy(
        update={
            "id": "b#0",
            "article_id": "b",
            "place": nashville,
            "source": "s2",
            "text_fingerprint": "g",
            "evidence": other,
        }
    )
    fed = {"a": [one], "b": [two]}
    mains = {"a": one, "b": two}
    gold = {"a": "1", "b": "1"}
    rows = {aid: {"date": "January 18, 2024", "state": "Ohio", "city_or_county": "Dayton"} for aid in gold}
    chain = Chain(extractor=ex)
    apart = oracle_f1(chain.with_empty_state(), fed, mains, gold, rows, set(), place=True, date=False)
    joined = oracle_f1(chain.with_empty_state(), fed, mains, gold, rows, {"b"}, place=True, date=False)
    assert apart == pytest.approx(2 / 3)  # P 1, R 1/2
    assert joined == pytest.approx(1.0)
