"""Readers of the four corpus formats (any file of the format; nothing is copied anywhere)."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CaseItem", "GvdbItem", "RamsItem", "read_case", "read_gva", "read_gvdb", "read_rams"]

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class CaseItem:
    id: str
    text: str
    label: str


def read_case(path: str | Path, limit: int | None = None) -> list[CaseItem]:
    """CASE 2021 task 2 TSV: header ``id  EventSnippet  SubType`` (lines starting with ``#`` are comments)."""
    out: list[CaseItem] = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.append(CaseItem(row["id"], row["EventSnippet"], row["SubType"].strip()))
            if limit is not None and len(out) >= limit:
                break
    return out


@dataclass(frozen=True)
class GvdbItem:
    id: str
    title: str
    text: str
    killed: int
    injured: int


def gvdb_gold(annotation: dict[str, Any]) -> tuple[int, int]:
    """Gold counts of one GVDB annotation: killed = victims whose ``victim-was`` includes "killed";
    injured = victims "injured" or "hospitalized" and not killed."""
    killed = injured = 0
    for victim in annotation.get("victim-section") or []:
        was = set(victim.get("victim-was") or [])
        if "killed" in was:
            killed += 1
        elif was & {"injured", "hospitalized"}:
            injured += 1
    return killed, injured


def read_gvdb(path: str | Path, limit: int | None = None) -> list[GvdbItem]:
    """GVDB TSV: ``Article id, Article url, Article title, Full text, Json, Worker``."""
    out: list[GvdbItem] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            killed, injured = gvdb_gold(json.loads(row["Json"]))
            out.append(
                GvdbItem(row["Article id"], row.get("Article title") or "", row["Full text"], killed, injured)
            )
            if limit is not None and len(out) >= limit:
                break
    return out


@dataclass(frozen=True)
class RamsItem:
    doc_key: str
    tokens: list[str]
    trigger: tuple[int, int]
    event_type: str
    roles: dict[str, list[tuple[int, int]]]
    """role name ("attacker", "target", "place", ...) -> inclusive token spans."""


def read_rams(path: str | Path, prefix: str = "conflict.attack", limit: int | None = None) -> list[RamsItem]:
    """RAMS 1.0 jsonlines, only examples whose (first) trigger's type starts with ``prefix``."""
    out: list[RamsItem] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            doc = json.loads(line)
            trig = doc["evt_triggers"][0]
            etype = trig[2][0][0]
            if not etype.startswith(prefix):
                continue
            roles: dict[str, list[tuple[int, int]]] = {}
            for _trig, (s, e), role in doc["gold_evt_links"]:
                name = role[role.index("arg") + 5 :] if "arg" in role else role  # evt089arg01attacker
                roles.setdefault(name, []).append((s, e))
            tokens = [t for sent in doc["sentences"] for t in sent]
            out.append(RamsItem(doc["doc_key"], tokens, (trig[0], trig[1]), etype, roles))
            if limit is not None and len(out) >= limit:
                break
    return out


def read_gva(
    articles: str | Path, gold: str | Path, limit: int | None = None
) -> tuple[list[bytes], dict[str, dict]]:
    """GVA articles (raw JSON lines, as a wire ingester sends them) and gold rows keyed by article id."""
    raws: list[bytes] = []
    with open(articles, "rb") as fh:
        for line in fh:
            if line.strip():
                raws.append(line.rstrip(b"\n"))
                if limit is not None and len(raws) >= limit:
                    break
    gold_rows: dict[str, dict] = {}
    with open(gold, encoding="utf-8") as gh:
        for text in gh:
            if text.strip():
                row = json.loads(text)
                gold_rows[row["id"]] = row
    return raws, gold_rows
