"""``strikewire eval ...``: one subcommand per corpus; diagnostics on stderr, ONE JSON object last on stdout.

Register with ``main.add_command(eval_group)`` in ``streams/cli.py``; also runnable as
``python -m evaluation.cli``.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import click

__all__ = ["eval_group"]

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_LIMIT = click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Only the first N examples of the file (fast subset).",
)


def _emit(result: dict[str, Any], started: float) -> None:
    click.echo(f"done in {time.perf_counter() - started:.1f}s", err=True)
    click.echo(json.dumps(result, sort_keys=False))


eval_group = click.Group(
    "eval",
    help="Score the pipeline on a research corpus file; prints one JSON object on the last line of stdout.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


@eval_group.command("types")
@click.argument("file", type=_FILE)
@_LIMIT
@click.option(
    "--rules-only", is_flag=True, help="Score the extractor's sub-event type alone (no classifier)."
)
@click.option(
    "--model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Type classifier (.npz); default the extractor's agents/extract/data/type_model.npz.",
)
@click.option(
    "--no-classifier",
    is_flag=True,
    help="No type classifier at all: the extractor's lexicon alone (with --rules-only).",
)
@click.option(
    "--fold-seed",
    type=int,
    default=0,
    show_default=True,
    help="Shuffle seed of the 5-fold split used when the file overlaps the classifier's training data.",
)
def types_cmd(
    file: Path, limit: int | None, rules_only: bool, model: Path | None, no_classifier: bool, fold_seed: int
) -> None:
    """CASE 2021 task 2 TSV (id, EventSnippet, SubType): weighted_f1, macro_f1, n."""
    from .types import run_types

    started = time.perf_counter()
    result = run_types(
        file, limit, rules_only=rules_only, model=model, no_classifier=no_classifier, fold_seed=fold_seed
    )
    _emit(result, started)


@eval_group.command("casualties")
@click.argument("file", type=_FILE)
@_LIMIT
def casualties_cmd(file: Path, limit: int | None) -> None:
    """GVDB TSV (Json column): killed_exact, injured_exact, killed_mae, injured_mae, n."""
    from .casualties import run_casualties

    started = time.perf_counter()
    _emit(run_casualties(file, limit), started)


@eval_group.command("roles")
@click.argument("file", type=_FILE)
@_LIMIT
@click.option(
    "--pipeline",
    is_flag=True,
    help="Score the mention extraction reports for the trigger's sentence, not the given trigger's roles.",
)
def roles_cmd(file: Path, limit: int | None, pipeline: bool) -> None:
    """RAMS jsonlines (conflict.attack* examples): attacker_f1, target_f1, place_f1, n."""
    from .roles import run_roles

    started = time.perf_counter()
    _emit(run_roles(file, limit, pipeline=pipeline), started)


@eval_group.command("dedup")
@click.argument("articles", type=_FILE)
@click.argument("gold", type=_FILE)
@_LIMIT
@click.option(
    "--oracle",
    is_flag=True,
    help="also replay with gold places / dates for the articles extraction got wrong (three more replays)",
)
def dedup_cmd(articles: Path, gold: Path, limit: int | None, oracle: bool) -> None:
    """GVA articles + gold JSON lines: b3_precision, b3_recall, b3_f1, pairwise_f1, n."""
    from .dedup import run_dedup

    started = time.perf_counter()
    _emit(run_dedup(articles, gold, limit, oracle=oracle), started)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    eval_group()
