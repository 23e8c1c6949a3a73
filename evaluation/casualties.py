"""GVDB: killed and injured counts per article.

Prediction: the article (title + body; GVDB's full text starts with the title, which is then split off)
is extracted; the article's counts are those of its main mention (highest confidence, see
:func:`evaluation.common.main_mention`): ``killed``/``injured`` of its ``casualties``, ``None`` (not
reported, or count unknown) counting as 0. No mention means 0 killed and 0 injured. The alternative
"maximum over all mentions" is printed in the diagnostics for comparison.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from schemas import Mention

from .common import extract_all, log, main_mention, snippet_article
from .data import read_gvdb
from .metrics import count_scores

__all__ = ["predict_counts", "run_casualties"]


def predict_counts(mentions: list[Mention], how: str = "main") -> tuple[int, int]:
    """(killed, injured) of an article from its mentions: ``main`` mention, or ``max`` over mentions."""
    if not mentions:
        return 0, 0
    if how == "max":
        return (
            max(m.casualties.killed or 0 for m in mentions),
            max(m.casualties.injured or 0 for m in mentions),
        )
    main = main_mention(mentions)
    assert main is not None
    return main.casualties.killed or 0, main.casualties.injured or 0


def run_casualties(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    items = read_gvdb(path, limit)
    log(f"casualties: {len(items)} articles")
    articles = []
    for it in items:
        title, body = it.title.strip(), it.text
        if title and body.startswith(title):
            body = body[len(title) :]
        else:
            title = ""
        articles.append(snippet_article(f"gvdb-{it.id}", body.strip() or it.text, title=title))
    mentions = extract_all(articles, batch=32)
    gold_k = [it.killed for it in items]
    gold_i = [it.injured for it in items]
    result: dict[str, Any] = {}
    for how in ("main", "max"):
        preds = [predict_counts(ms, how) for ms in mentions]
        k = count_scores(gold_k, [p[0] for p in preds])
        i = count_scores(gold_i, [p[1] for p in preds])
        log(
            f"  [{how}] killed exact {k['exact']:.3f} mae {k['mae']:.3f} | injured exact {i['exact']:.3f} "
            f"mae {i['mae']:.3f}"
        )
        if how == "main":
            result = {
                "killed_exact": round(k["exact"], 4),
                "injured_exact": round(i["exact"], 4),
                "killed_mae": round(k["mae"], 4),
                "injured_mae": round(i["mae"], 4),
                "n": len(items),
            }
            no_mention = sum(not ms for ms in mentions)
            over = sum(p[0] > g for p, g in zip(preds, gold_k, strict=True))
            under = sum(p[0] < g for p, g in zip(preds, gold_k, strict=True))
            log(f"  articles without a mention: {no_mention}; killed over {over} / under {under}")
            trivial_k = count_scores(gold_k, [0] * len(items))["exact"]
            trivial_i = count_scores(gold_i, [0] * len(items))["exact"]
            log(
                f"  reference: predicting 0 everywhere gives killed exact {trivial_k:.3f}, "
                f"injured exact {trivial_i:.3f}"
            )
    log(f"  runtime {time.perf_counter() - t0:.1f}s")
    return result
