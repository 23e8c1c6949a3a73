"""A small linear text classifier (TF-IDF word 1-2-grams and prefixes + softmax regression, numpy only).

Used by ``eval types --classifier`` to label snippets the rule extractor leaves without a mention or
maps to a label it cannot express. Trained only on files it is then *not* scored on: scoring a file
that overlaps the model's training data switches to k-fold cross-validation on that file
(:func:`cross_val_predict`), so a development-half number is always out-of-fold.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["TextClassifier", "cross_val_predict", "text_hash"]

_WORD = re.compile(r"[a-z]+|\d+")


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:16]


def _features(text: str) -> list[str]:
    """Words (numbers as ``<num>``), word bigrams, and 5-letter prefixes of longer words ("~bombi",
    a crude stem: bombing/bombings share it; +0.03-0.05 weighted F1 in 5-fold CV on the CASE dev half)."""
    words = ["<num>" if w.isdigit() else w for w in _WORD.findall(text.lower())]
    stems = [f"~{w[:5]}" for w in words if len(w) > 5]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)] + stems


@dataclass
class TextClassifier:
    labels: list[str] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    weights: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    bias: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    trained_on: set[str] = field(default_factory=set)
    """Hashes of the training texts (to refuse scoring on them)."""

    # ------------------------------------------------------------------ features
    def _matrix(self, texts: Sequence[str]) -> np.ndarray:
        x = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for r, text in enumerate(texts):
            for f, c in Counter(_features(text)).items():
                j = self.vocab.get(f)
                if j is not None:
                    x[r, j] = 1.0 + np.log(c)
        x *= self.idf
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return x / np.maximum(norms, 1e-9)

    # ------------------------------------------------------------------ training
    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        min_df: int = 2,
        l2: float = 1e-4,
        epochs: int = 300,
        lr: float = 0.5,
        seed: int = 0,
    ) -> TextClassifier:
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(_features(text)))
        vocab = {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= min_df))}
        n = len(texts)
        idf = np.array(
            [np.log((1 + n) / (1 + df[f])) + 1 for f in sorted(vocab, key=vocab.__getitem__)],
            dtype=np.float32,
        )
        model = cls(labels=sorted(set(labels)), vocab=vocab, idf=idf)
        x = model._matrix(texts)
        y = np.array([model.labels.index(lab) for lab in labels])
        k = len(model.labels)
        rng = np.random.default_rng(seed)
        w = (rng.standard_normal((x.shape[1], k)) * 0.01).astype(np.float32)
        b = np.zeros(k, dtype=np.float32)
        onehot = np.eye(k, dtype=np.float32)[y]
        # full-batch gradient descent with Adam
        mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
        for t in range(1, epochs + 1):
            logits = x @ w + b
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            g = (p - onehot) / n
            gw = x.T @ g + l2 * w
            gb = g.sum(axis=0)
            for param, grad, m, v in ((w, gw, mw, vw), (b, gb, mb, vb)):
                m *= 0.9
                m += 0.1 * grad
                v *= 0.999
                v += 0.001 * grad * grad
                param -= lr * 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        model.weights, model.bias = w, b
        model.trained_on = {text_hash(t) for t in texts}
        return model

    # ------------------------------------------------------------------ inference
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        logits = self._matrix(texts) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        proba = self.predict_proba(texts)
        return [
            (self.labels[int(i)], float(row[int(i)]))
            for row, i in zip(proba, proba.argmax(axis=1), strict=True)
        ]

    def overlaps(self, texts: Sequence[str]) -> int:
        return sum(text_hash(t) in self.trained_on for t in texts)

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> None:
        path = Path(path)
        feats = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path,
            idf=self.idf.astype(np.float16),
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            meta=np.frombuffer(
                json.dumps(
                    {"labels": self.labels, "features": feats, "trained_on": sorted(self.trained_on)}
                ).encode(),
                dtype=np.uint8,
            ),
        )

    @classmethod
    def load(cls, path: str | Path) -> TextClassifier:
        with np.load(path) as z:
            meta = json.loads(z["meta"].tobytes().decode())
            return cls(
                labels=meta["labels"],
                vocab={f: i for i, f in enumerate(meta["features"])},
                idf=z["idf"].astype(np.float32),
                weights=z["weights"].astype(np.float32),
                bias=z["bias"].astype(np.float32),
                trained_on=set(meta["trained_on"]),
            )


def cross_val_predict(
    texts: Sequence[str], labels: Sequence[str], k: int = 5, seed: int = 0, **train_kwargs: float
) -> list[tuple[str, float]]:
    """Out-of-fold predictions: each text is predicted by a model trained on the other k-1 folds."""
    idx = list(range(len(texts)))
    random.Random(seed).shuffle(idx)
    out: list[tuple[str, float]] = [("", 0.0)] * len(texts)
    for fold in range(k):
        test = idx[fold::k]
        test_set = set(test)
        train = [i for i in idx if i not in test_set]
        model = TextClassifier.train([texts[i] for i in train], [labels[i] for i in train], **train_kwargs)  # type: ignore[arg-type]
        for i, pred in zip(test, model.predict([texts[i] for i in test]), strict=True):
            out[i] = pred
    return out


def predict_restricted(
    model: TextClassifier, texts: Sequence[str], allowed: set[str]
) -> list[tuple[str, float]]:
    """Predictions restricted to the labels in ``allowed`` (a file's own label set)."""
    proba = model.predict_proba(texts)
    mask = np.array([lab in allowed for lab in model.labels])
    if not mask.any():
        return [("", 0.0)] * len(texts)
    proba = np.where(mask, proba, -1.0)
    idx = proba.argmax(axis=1)
    return [(model.labels[int(i)], float(row[int(i)])) for row, i in zip(proba, idx, strict=True)]


def _train_cli(argv: Sequence[str] | None = None) -> None:
    import argparse

    from .data import read_case

    ap = argparse.ArgumentParser(description="Train the CASE snippet classifier on a CASE 2021 TSV.")
    ap.add_argument("train", type=Path, help="CASE 2021 task 2 TSV (the development half)")
    ap.add_argument("out", type=Path, help="where to write the .npz model")
    args = ap.parse_args(argv)
    items = read_case(args.train)
    model = TextClassifier.train([i.text for i in items], [i.label for i in items])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(
        f"trained on {len(items)} snippets, {len(model.labels)} labels, {len(model.vocab)} features -> "
        f"{args.out} ({args.out.stat().st_size} bytes)"
    )


if __name__ == "__main__":
    _train_cli()
