"""Calibrate the learned-score threshold per language on the project's own annotated texts.

Run from the repository root:  python bench/calibrate_threshold.py [--write] [--recall 0.92]

Only the data the project may ship is read (``app/suggest/data/training`` and ``tests/data``): never
CheckThat!.  The default model was trained on those texts, so its own scores on them are too kind;
the figures here are out of fold instead: the texts are cut into five folds by file, a model is fitted
on the shipped examples of four (same encoder, same fit as ``suggest train``) and scores the sentences
of the fifth.  The threshold of a language is the highest learned score that still keeps ``--recall``
of the sentences holding a gold claim; ``--write`` stores it in ``app/suggest/data/thresholds.json``
(read by :mod:`app.suggest.threshold`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.suggest import examples as ex  # noqa: E402
from app.suggest import model as cm  # noqa: E402
from app.suggest import threshold as th  # noqa: E402

FOLDS = 5


def out_of_fold(examples: list[ex.Example], encoder: str) -> np.ndarray:
    """Each article sentence scored by a model that never saw its article (TSV rows are in every fold)."""
    x = cm.vectors(encoder, [e.text for e in examples])
    y = np.array([e.label for e in examples])
    langs = [e.language for e in examples]
    files = sorted({e.source for e in examples if e.source.endswith(".txt")})
    fold_of = {name: k % FOLDS for k, name in enumerate(files)}
    p = np.full(len(examples), np.nan)
    for k in range(FOLDS):
        held = np.array([fold_of.get(e.source) == k for e in examples])
        model = cm.fit(x[~held], y[~held], [la for la, h in zip(langs, held, strict=True) if not h], encoder)
        rows = np.flatnonzero(held)
        p[rows] = model.score_vectors(x[rows], [langs[i] for i in rows])
    return p


def pick(y: np.ndarray, p: np.ndarray, recall: float) -> float:
    """The highest threshold keeping ``recall`` of the positives (two decimals, rounded down)."""
    pos = np.sort(p[y == 1])
    if not len(pos):
        return th.FALLBACK
    cut = pos[int(np.floor((1 - recall) * len(pos)))]
    return float(np.floor(cut * 100) / 100)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recall", type=float, default=0.92)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    from app.services.checkworthiness import SHIPPED_DIRS

    encoder = cm.load(cm.DEFAULT_MODEL_PATH).encoder
    examples = ex.shipped(SHIPPED_DIRS)
    p = out_of_fold(examples, encoder)
    articles = np.array([e.source.endswith(".txt") for e in examples])
    y = np.array([e.label for e in examples])
    out = {}
    for lang in ("ar", "en"):
        rows = articles & np.array([e.language == lang for e in examples])
        t = pick(y[rows], p[rows], args.recall)
        m = cm.metrics(y[rows], p[rows], t)
        out[lang] = t
        print(f"{lang}: {int(rows.sum())} sentences of {len({e.source for e, r in zip(examples, rows, strict=True) if r})}"
              f" texts, out-of-fold AUC {m['auc']:.3f}; threshold {t:.2f}: recall {m['recall']:.3f}, "
              f"precision {m['precision']:.3f}")
    if args.write:
        th.write(out, {"recall": args.recall, "folds": FOLDS, "encoder": encoder,
                       "data": "app/suggest/data/training, tests/data (out of fold)"})
        print(f"written: {th.PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
