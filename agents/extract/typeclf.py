"""Event-type classifier of a sentence or snippet: a linear softmax model over words, word pairs, word
prefixes, character n-grams and the trigger types the lexicon found (``data/type_model.npz``).

The lexicon decides *that* a sentence reports an event; this model helps decide *which* ACLED sub-event
type when the trigger words are generic ("attacked", "protesters") or missing. Labels are the CASE 2021
labels (ACLED sub-event types plus DIPLO and a few non-conflict classes); :data:`CASE_TO_TYPE` maps them
to events.yaml type keys. Inference is one sparse dot product (numpy only); training
(:meth:`TypeClassifier.train`, used by ``python -m evaluation.textclf``) needs scipy.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

__all__ = ["CASE_TO_TYPE", "MODEL_PATH", "TypeClassifier", "default_classifier", "features", "text_hash"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "type_model.npz"
"""The shipped model (trained on the CASE 2021 development half, see EVALUATION.md)."""

CASE_TO_TYPE: dict[str, str | None] = {
    "AIR_STRIKE": "air_strike",
    "ART_MISS_ATTACK": "shelling",
    "SUIC_BOMB": "suicide_bomb",
    "REM_EXPLOS": "remote_explosive",
    "GRENADE": "grenade",
    "CHEM_WEAP": "chemical_weapon",
    "ARMED_CLASH": "armed_clash",
    "GOV_REGAINS_TERIT": "gov_regains_territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "nsa_overtakes_territory",
    "ATTACK": "attack",
    "ABDUCT_DISSAP": "abduction",
    "SEX_VIOL": "sexual_violence",
    "PEACE_PROTEST": "peaceful_protest",
    "PROTEST_WITH_INTER": "protest_with_intervention",
    "FORCE_AGAINST_PROTEST": "excessive_force",
    "VIOL_DEMONSTR": "violent_demonstration",
    "MOB_VIOL": "mob_violence",
    "AGREEMENT": "agreement",
    "ARREST": "arrest",
    "CHANGE_TO_GROUP_ACT": "group_change",
    "DISR_WEAP": "disrupted_weapons",
    "HQ_ESTABLISHED": "base_established",
    "PROPERTY_DISTRUCT": "looting",
    "NON_VIOL_TERRIT_TRANSFER": "territory_transfer",
    # a diplomatic act: which one (recall, summons, sanctions ...) is the lexicon's call
    "DIPLO": None,
    # not ACLED event types: the classifier knows them so that it does not force a disaster, a crime
    # or a claim of responsibility into a conflict type
    "NATURAL_DISASTER": None,
    "MAN_MADE_DISASTER": None,
    "ORG_CRIME": None,
    "ATTRIB": None,
    "OTHER": None,
}
"""CASE 2021 label -> events.yaml type key (None: no single strikewire type)."""

_WORD = re.compile(r"[a-z]+|\d+")
_SIDES = frozenset({"C:state_forces", "C:non_state_armed"})


def text_hash(text: str) -> str:
    """Whitespace- and case-insensitive fingerprint of a training text."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _cues() -> dict[str, str]:
    """Cue word or two-word phrase -> ``C:<class>`` feature (data/type_cues.yaml)."""
    with (MODEL_PATH.parent / "type_cues.yaml").open(encoding="utf-8") as fh:
        table = yaml.safe_load(fh)
    return {str(w).lower(): f"C:{cls}" for cls, words in table.items() for w in words}


def features(
    text: str, trigger_types: Iterable[str] = (), *, char_max: int = 0, pairs: bool = True
) -> list[str]:
    """Words (numbers as ``<num>``), word pairs, 5-letter prefixes of longer words (a crude stem),
    character 3..``char_max``-grams of each distinct word (none when ``char_max`` < 3), one ``T:<type>``
    per trigger the lexicon found and one ``C:<class>`` per cue word (data/type_cues.yaml)."""
    trigger_types = list(trigger_types)
    words = ["<num>" if w.isdigit() else w for w in _WORD.findall(text.lower())]
    bigrams = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    cues = _cues()
    out = [cues[w] for w in (*words, *bigrams) if w in cues]
    # the first armed party named is usually the one acting: conjoined with each trigger type it tells
    # "troops captured" (government regains) from "rebels captured" (non-state actor overtakes)
    side = next((c for c in out if c in _SIDES), None)
    if side is not None:
        out += [f"T:{t}|{side}" for t in trigger_types] + [f"P{side}"]
    out += words + bigrams if pairs else words
    out += [f"~{w[:5]}" for w in words if len(w) > 5]
    for w in set(words):
        padded = f"<{w}>"
        for n in range(3, char_max + 1):
            out += [f"#{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    kinds = sorted(set(trigger_types))
    out += [f"T:{t}" for t in trigger_types]
    # pairs of trigger types: "clashes" beside "protesters" is a violent demonstration, not a battle
    out += [f"T:{a}+{b}" for a, b in itertools.combinations(kinds, 2)]
    return out


@dataclass
class TypeClassifier:
    """Softmax regression over TF-IDF weighted, L2-normalised sparse features."""

    labels: list[str] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    weights: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    bias: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    char_max: int = 0
    pairs: bool = True
    trigger_weight: float = 1.7
    """Multiplier of the ``T:`` (trigger type) features: the lexicon's reading counts more than a word."""
    trained_on: set[str] = field(default_factory=set)
    """Hashes of the training texts (so an evaluation can refuse to score on them)."""

    # ------------------------------------------------------------------ features
    def _row(self, text: str, trigger_types: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one text's normalised feature vector."""
        cols: list[int] = []
        vals: list[float] = []
        vocab = self.vocab
        for f, c in Counter(features(text, trigger_types, char_max=self.char_max, pairs=self.pairs)).items():
            j = vocab.get(f)
            if j is not None:
                cols.append(j)
                vals.append((1.0 + math.log(c)) * (self.trigger_weight if f[:2] == "T:" else 1.0))
        v = np.asarray(vals, dtype=np.float32) * self.idf[cols]
        norm = float(np.linalg.norm(v))
        return np.asarray(cols, dtype=np.int64), (v / norm if norm > 0 else v)

    # ------------------------------------------------------------------ inference
    def proba(self, text: str, trigger_types: Iterable[str] = ()) -> np.ndarray:
        """Class probabilities of one text (in :attr:`labels` order)."""
        cols, vals = self._row(text, trigger_types)
        logits = vals @ self.weights[cols] + self.bias if len(cols) else self.bias.copy()
        logits = logits - logits.max()
        p = np.exp(logits)
        return np.asarray(p / p.sum())

    def predict(self, text: str, trigger_types: Iterable[str] = ()) -> tuple[str, float]:
        """The most probable label and its probability."""
        p = self.proba(text, trigger_types)
        i = int(p.argmax())
        return self.labels[i], float(p[i])

    def overlaps(self, texts: Sequence[str]) -> int:
        return sum(text_hash(t) in self.trained_on for t in texts)

    # ------------------------------------------------------------------ training
    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        triggers: Sequence[Sequence[str]] | None = None,
        *,
        c: float = 30.0,
        class_weight: float = 0.5,
        min_df: int = 2,
        char_max: int = 0,
        pairs: bool = True,
        trigger_weight: float = 1.7,
        max_iter: int = 300,
        row_weight: Sequence[float] | None = None,
    ) -> TypeClassifier:
        """Fit by L-BFGS on the summed (class-weighted) log-loss + ||W||^2 / (2c).

        ``class_weight`` = exponent of the balanced weight n / (k * n_class): 0 is unweighted, 1 fully
        balanced. ``row_weight`` multiplies each text's loss (default 1; the class counts behind the
        balanced weight are weighted sums too). Deterministic (zero start)."""
        from scipy import sparse
        from scipy.optimize import minimize

        trig = triggers if triggers is not None else [()] * len(texts)
        feats = [features(t, tr, char_max=char_max, pairs=pairs) for t, tr in zip(texts, trig, strict=True)]
        df: Counter[str] = Counter()
        for fs in feats:
            df.update(set(fs))
        names = sorted(f for f, n in df.items() if n >= min_df)
        n = len(texts)
        model = cls(
            labels=sorted(set(labels)),
            vocab={f: i for i, f in enumerate(names)},
            idf=np.array([np.log((1 + n) / (1 + df[f])) + 1 for f in names], dtype=np.float32),
            char_max=char_max,
            pairs=pairs,
            trigger_weight=trigger_weight,
        )
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for r, (t, tr) in enumerate(zip(texts, trig, strict=True)):
            cj, vj = model._row(t, tr)
            rows += [r] * len(cj)
            cols += cj.tolist()
            vals += vj.tolist()
        x = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(names)), dtype=np.float64)
        k = len(model.labels)
        y = np.array([model.labels.index(lab) for lab in labels])
        onehot = np.eye(k)[y]
        rw = np.ones(n) if row_weight is None else np.asarray(row_weight, dtype=np.float64)
        counts = np.bincount(y, weights=rw, minlength=k)
        sw = rw * (rw.sum() / (k * np.maximum(counts, 1e-9)))[y] ** class_weight
        m = len(names)

        def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = wb[: m * k].reshape(m, k), wb[m * k :]
            z = x @ w + b
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            value = -float((sw * np.log(p[np.arange(n), y] + 1e-12)).sum()) + 0.5 / c * float((w * w).sum())
            g = (p - onehot) * sw[:, None]
            gw = x.T @ g + w / c
            return value, np.concatenate([np.asarray(gw).ravel(), g.sum(axis=0)])

        res = minimize(loss, np.zeros(m * k + k), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
        model.weights = res.x[: m * k].reshape(m, k).astype(np.float32)
        model.bias = res.x[m * k :].astype(np.float32)
        model.trained_on = {text_hash(t) for t in texts}
        return model

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> None:
        """Compressed .npz: float16 weights, features and labels as JSON metadata."""
        feats = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {
            "labels": self.labels,
            "features": feats,
            "char_max": self.char_max,
            "pairs": self.pairs,
            "trigger_weight": self.trigger_weight,
            "trained_on": sorted(self.trained_on),
        }
        np.savez_compressed(
            Path(path),
            idf=self.idf.astype(np.float16),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: str | Path) -> TypeClassifier:
        with np.load(Path(path)) as z:
            meta = json.loads(z["meta"].tobytes().decode("utf-8"))
            return cls(
                labels=list(meta["labels"]),
                vocab={f: i for i, f in enumerate(meta["features"])},
                idf=z["idf"].astype(np.float32),
                weights=z["weights"].astype(np.float32),
                bias=z["bias"].astype(np.float32),
                char_max=int(meta.get("char_max", 0)),
                pairs=bool(meta.get("pairs", True)),
                trigger_weight=float(meta.get("trigger_weight", 1.0)),
                trained_on=set(meta["trained_on"]),
            )


@lru_cache(maxsize=1)
def default_classifier() -> TypeClassifier | None:
    """The shipped model, loaded once; None when the data file is absent (rules alone then decide)."""
    return TypeClassifier.load(MODEL_PATH) if MODEL_PATH.exists() else None
