"""GVA: cross-report dedup scored as a clustering of articles against the gold ``incident_id``.

Replay: the raw article records are validated (``agents.validate.validate_article``, as the validate
agent does; a rejected record is its own singleton), stably sorted by ``published_at`` and pushed in
batches through ``agents.chain.Chain``: ``Extractor.extract_batch`` then ``Chain.feed_mention`` for each
mention in article order, i.e. the same extract and dedup functions the Faust agents call.

Cluster of an article: the canonical event that its main mention (highest confidence, ties to the
earliest; :func:`evaluation.common.main_mention`) belongs to at the end of the replay, read from the dedup
state (the event that last held that mention id, following merges: ``Chain.event_of``); an article with no
mention, or whose main mention dedup never kept, is a singleton.

Scores over all articles of the gold file that are in the articles file: B-cubed precision/recall/F1
and pairwise F1 (:mod:`evaluation.metrics`). Two reference clusterings are printed as a check of the
B-cubed implementation: every article alone, and grouping by gold (date, state, city_or_county).

What dedup blocks and matches on, read per article: ``main_state_accuracy`` is the share of main mentions
whose place's province is the gold incident's state, ``main_date_exact`` / ``main_date_within_1`` the share
whose date is the gold incident's date (within a day), ``main_killed_exact`` / ``main_injured_exact`` the
share whose killed / injured count is the incident's final count; each over the articles with a main mention
and that gold value.

``recall_lost_<cause>``: the B-cubed recall lost (:func:`evaluation.metrics.b_cubed_recall_lost`), by
the first cause that applies to each article (:func:`loss_cause`): ``no_mention`` (no main mention: a
rejected record, an empty or paywall body), ``late`` (published more than the dedup retention after the
incident), ``unplaced`` (its main mention has no province), ``wrong_state`` (another province than the
incident's state), ``date_off`` (dated further from the incident than the dedup date tolerance), else
``matching`` (what dedup was given is right, and the join failed). They add up to 1 - ``b3_recall``.

``oracle_place_f1`` / ``oracle_date_f1`` / ``oracle_both_f1`` (``--oracle``): B-cubed F1 of the same
mentions replayed again with the gold place (the gold city or county in the gold state, else the state) in
the main mention of every ``unplaced`` and ``wrong_state`` article, the gold date in that of every ``late``
and ``date_off`` article, or both: what dedup would score were extraction right about those articles, i.e.
how much of the shortfall extraction could win back.

``alerts``: the escalation alerts the replay published (ids not superseded at the end). GVA is American
domestic shootings, which involve no second state: every alert on it is a false alarm (a country's name
misread as a party).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agents.dedup import DedupPolicy
from agents.validate import validate_article
from schemas import Alert, Article, Mention
from schemas.errors import RejectedInput

from .common import log, main_mention
from .data import read_gva
from .metrics import b_cubed, b_cubed_recall_lost, pairwise_f1

if TYPE_CHECKING:
    from agents.chain import Chain
    from agents.extract.gazetteer import PlaceGazetteer

__all__ = ["LOSS_CAUSES", "loss_cause", "oracle_f1", "replay", "run_dedup"]

LOSS_CAUSES = ("no_mention", "late", "unplaced", "wrong_state", "date_off", "matching")
"""Why an article may stand apart from its incident's other reports, in the order :func:`loss_cause` tries
them."""


def replay(
    raws: list[bytes],
    batch: int = 32,
    mains_out: dict[str, Mention] | None = None,
    chain: Chain | None = None,
    mentions_out: dict[str, list[Mention]] | None = None,
) -> tuple[dict[str, str], dict[str, Any]]:
    """Replay raw records through validate -> extract -> dedup; article id -> cluster id, and stats.
    ``mains_out``, when given, receives each article's main mention, ``mentions_out`` its mentions, in the
    order they were fed; ``chain`` (fresh) is the pipeline to use (default: ``Chain.create()``)."""
    from agents.chain import Chain

    t0 = time.perf_counter()
    chain = chain or Chain.create()
    articles: list[Article] = []
    clusters: dict[str, str] = {}
    rejected = 0
    for raw in raws:
        try:
            articles.append(validate_article(raw, chain.validation))
        except RejectedInput:
            rejected += 1
            aid = (
                str(json.loads(raw).get("id", f"rejected-{rejected}")) if raw.strip().startswith(b"{") else ""
            )
            if aid:
                clusters[aid] = f"singleton:{aid}"
    articles.sort(key=lambda a: a.published_at)  # stable: file order within the same instant
    no_mention = dropped = n_mentions = 0
    mains: dict[str, str] = {}
    alerts: dict[str, Alert] = {}  # alert id -> its last version
    t_extract = 0.0
    for i in range(0, len(articles), batch):
        chunk = articles[i : i + batch]
        te = time.perf_counter()
        per_article = chain.extractor.extract_batch(chunk)
        t_extract += time.perf_counter() - te
        for article, mentions in zip(chunk, per_article, strict=True):
            n_mentions += len(mentions)
            if mentions_out is not None:
                mentions_out[article.id] = mentions
            main = main_mention(mentions)
            for mention in mentions:
                for out in chain.feed_mention(mention):
                    if isinstance(out, Alert):
                        alerts[out.id] = out
            if main is None:
                no_mention += 1
                clusters[article.id] = f"singleton:{article.id}"
            else:
                mains[article.id] = main.id
                if mains_out is not None:
                    mains_out[article.id] = main
        done = min(i + batch, len(articles))
        if done % (batch * 10) == 0 or done == len(articles):
            log(f"  replayed {done}/{len(articles)} ({time.perf_counter() - t0:.0f}s)")
    # The final clustering: late, order-independent merges (superseded events) count.
    for article_id, mention_id in mains.items():
        clusters[article_id] = _cluster(chain, article_id, mention_id)
        dropped += clusters[article_id].startswith("singleton:")
    stats = {
        "articles": len(articles),
        "rejected": rejected,
        "no_mention": no_mention,
        "main_mention_dropped": dropped,
        "mentions": n_mentions,
        "events": len(set(clusters.values())),
        "alerts": sum(a.superseded_by is None for a in alerts.values()),
        "extract_s": round(t_extract, 1),
        "total_s": round(time.perf_counter() - t0, 1),
    }
    return clusters, stats


def run_dedup(
    articles_path: str | Path, gold_path: str | Path, limit: int | None = None, oracle: bool = False
) -> dict[str, Any]:
    from agents.chain import Chain

    t0 = time.perf_counter()
    raws, gold_rows = read_gva(articles_path, gold_path, limit)
    log(f"dedup: {len(raws)} article records, {len(gold_rows)} gold rows")
    main_mentions: dict[str, Mention] = {}
    fed: dict[str, list[Mention]] = {}
    chain = Chain.create()
    clusters, stats = replay(raws, mains_out=main_mentions, chain=chain, mentions_out=fed)
    gold = {aid: str(row["incident_id"]) for aid, row in gold_rows.items() if aid in clusters}
    if len(gold) < len(clusters):
        log(f"  {len(clusters) - len(gold)} replayed articles have no gold row (ignored)")
    pred = {aid: clusters[aid] for aid in gold}
    b3 = b_cubed(gold, pred)
    pw = pairwise_f1(gold, pred)
    log(f"  replay: {json.dumps(stats)}")
    log(f"  gold incidents {len(set(gold.values()))}, predicted clusters {len(set(pred.values()))}")
    alone = b_cubed(gold, {a: a for a in gold})
    keyed = {a: "|".join(str(gold_rows[a].get(k)) for k in ("date", "state", "city_or_county")) for a in gold}
    ref = b_cubed(gold, keyed)
    log(
        f"  reference: every article alone B3 P {alone['precision']:.3f} R {alone['recall']:.3f} "
        f"F1 {alone['f1']:.3f}; pairwise F1 {pairwise_f1(gold, {a: a for a in gold})['f1']:.3f}"
    )
    log(
        f"  reference: gold date+state+city B3 P {ref['precision']:.3f} R {ref['recall']:.3f} "
        f"F1 {ref['f1']:.3f}; pairwise F1 {pairwise_f1(gold, keyed)['f1']:.3f}"
    )
    log(
        f"  ours: B3 P {b3['precision']:.3f} R {b3['recall']:.3f} F1 {b3['f1']:.3f}; pairwise P "
        f"{pw['precision']:.3f} R {pw['recall']:.3f} F1 {pw['f1']:.3f}"
    )
    policy = DedupPolicy()
    causes = {aid: loss_cause(main_mentions.get(aid), gold_rows[aid], policy) for aid in gold}
    lost = b_cubed_recall_lost(gold, pred, causes)
    log(
        "  B3 recall lost, by cause: "
        + ", ".join(f"{c} {lost.get(c, 0.0):.4f}" for c in LOSS_CAUSES)
        + f" (sum {sum(lost.values()):.4f})"
    )
    oracles: dict[str, float] = {}
    if oracle:
        fixes = {
            "place": ({"unplaced", "wrong_state"}, True, False),
            "date": ({"late", "date_off"}, False, True),
            "both": ({"unplaced", "wrong_state", "late", "date_off"}, True, True),
        }
        for name, (which, place, date) in fixes.items():
            fix = {a for a, c in causes.items() if c in which}
            f1 = oracle_f1(chain.with_empty_state(), fed, main_mentions, gold, gold_rows, fix, place, date)
            oracles[f"oracle_{name}_f1"] = round(f1, 4)
        log(f"  oracle (gold facts for the articles of those causes): {json.dumps(oracles)}")
    facts = main_accuracy(main_mentions, gold_rows)
    log(
        f"  main mentions: state {facts['main_state_accuracy']:.3f}, date exact "
        f"{facts['main_date_exact']:.3f}, within a day {facts['main_date_within_1']:.3f}, killed exact "
        f"{facts['main_killed_exact']:.3f}, injured exact {facts['main_injured_exact']:.3f}"
    )
    log(f"  runtime {time.perf_counter() - t0:.1f}s")
    return {
        "b3_precision": round(b3["precision"], 4),
        "b3_recall": round(b3["recall"], 4),
        "b3_f1": round(b3["f1"], 4),
        "pairwise_f1": round(pw["f1"], 4),
        **facts,
        **{f"recall_lost_{c}": round(lost.get(c, 0.0), 4) for c in LOSS_CAUSES},
        **oracles,
        "alerts": stats["alerts"],
        "n": len(gold),
    }


def oracle_f1(
    chain: Chain,
    fed: dict[str, list[Mention]],
    mains: dict[str, Mention],
    gold: dict[str, str],
    gold_rows: dict[str, dict],
    fix: set[str],
    place: bool,
    date: bool,
) -> float:
    """B-cubed F1 of ``fed`` (article id -> mentions, in replay order) fed again through ``chain`` (fresh),
    the main mention of each article of ``fix`` given its gold place and / or date (see the module doc)."""
    for aid, mentions in fed.items():
        main = mains.get(aid)
        for mention in mentions:
            if aid in fix and main is not None and mention.id == main.id:
                mention = _gold_facts(mention, gold_rows[aid], chain.extractor.places, place, date)
            for _ in chain.feed_mention(mention):
                pass
    pred = {a: _cluster(chain, a, mains[a].id if a in mains else None) for a in gold}
    return b_cubed(gold, pred)["f1"]


def _cluster(chain: Chain, article_id: str, mention_id: str | None) -> str:
    """An article's cluster at the end of a replay: the event holding its main mention ``mention_id``,
    following merges, else the article alone."""
    return (chain.event_of(mention_id) if mention_id else None) or f"singleton:{article_id}"


def _gold_facts(mention: Mention, row: dict, places: PlaceGazetteer, place: bool, date: bool) -> Mention:
    """``mention`` with the gold row's place (its city or county in its state, else the state: a GVA row
    is American) and / or date, where the row has them and the gazetteer knows the place."""
    update: dict[str, Any] = {}
    state = row.get("state")
    if place and state:
        city = re.sub(r"\s*\(.*\)", "", row.get("city_or_county") or "").strip()
        where = (places.resolve_within(city, "USA", state) if city else None) or places.resolve_within(
            state, "USA"
        )
        if where is not None:
            update["place"] = where
    day = _gold_day(row)
    if date and day is not None:
        update |= {"date": day, "date_precision": "day"}
    return mention.model_copy(update=update)


def loss_cause(main: Mention | None, row: dict, policy: DedupPolicy) -> str:
    """The first of :data:`LOSS_CAUSES` that applies to an article whose main mention is ``main`` and whose
    gold row is ``row``: no main mention; published more than ``policy.retention_days`` after the gold
    date; no province; a province other than the gold state; a date more than
    ``policy.date_tolerance_days`` from the gold date; else ``matching``."""
    if main is None:
        return "no_mention"
    day = _gold_day(row)
    if day is not None and (main.published_at.date() - day).days > policy.retention_days:
        return "late"
    if main.place is None or main.place.admin1 is None:
        return "unplaced"
    if main.place.admin1 != row.get("state"):
        return "wrong_state"
    if day is not None and abs((main.date - day).days) > policy.date_tolerance_days:
        return "date_off"
    return "matching"


def main_accuracy(mains: dict[str, Mention], gold_rows: dict[str, dict]) -> dict[str, float]:
    """Share of main mentions whose place's province is the gold state, whose date is the gold date
    (exactly, and within a day), and whose killed / injured (None: 0) are the gold counts; each over the
    articles with a main mention and that gold value. The gold counts are the incident's final truth: an
    early report that says less is counted wrong."""
    states = [
        (m.place.admin1 if m.place else None) == row["state"]
        for aid, m in mains.items()
        if (row := gold_rows.get(aid)) and row.get("state")
    ]
    gaps = [
        abs((m.date - day).days)
        for aid, m in mains.items()
        if (row := gold_rows.get(aid)) and (day := _gold_day(row)) is not None
    ]
    return {
        "main_state_accuracy": _share(states),
        "main_date_exact": _share([g == 0 for g in gaps]),
        "main_date_within_1": _share([g <= 1 for g in gaps]),
        "main_killed_exact": _share(_counts_exact(mains, gold_rows, "killed")),
        "main_injured_exact": _share(_counts_exact(mains, gold_rows, "injured")),
    }


def _gold_day(row: dict) -> dt.date | None:
    """The incident's date of a GVA gold row ("January 29, 2017"), None when it has none."""
    if not row.get("date"):
        return None
    return dt.datetime.strptime(row["date"], "%B %d, %Y").replace(tzinfo=dt.UTC).date()


def _counts_exact(mains: dict[str, Mention], gold_rows: dict[str, dict], kind: str) -> list[bool]:
    """Per main mention with a gold ``num_<kind>``: whether its ``kind`` count (None: 0) is that count."""
    return [
        (getattr(m.casualties, kind) or 0) == row[f"num_{kind}"]
        for aid, m in mains.items()
        if (row := gold_rows.get(aid)) and row.get(f"num_{kind}") is not None
    ]


def _share(hits: list[bool]) -> float:
    return round(sum(hits) / len(hits), 4) if hits else 0.0
