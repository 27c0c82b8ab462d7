"""The cost of suggestions for one long article: the engine, and the encoder on sentences not scored yet.

Run from the repository root:  python bench/suggest_cost.py [--sentences 60]

Prints the engine's time on the ~10,000-word article of bench/suggest_speed.py with every sentence
scored (a stand-in scorer: the engine's own cost), and the encoder's time for ``--sentences`` fresh
sentences of it (what the request path pays at most: CLAIMDESK_SUGGEST_INLINE_SENTENCES).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.suggest import engine, suggest  # noqa: E402
from app.suggest import model as cm  # noqa: E402
from bench.suggest_speed import build_article  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=120)
    args = parser.parse_args()
    text = build_article()
    times = []
    for _ in range(3):
        t = time.perf_counter()
        suggest(text, scorer=lambda s, _: [0.6] * len(s))
        times.append(time.perf_counter() - t)
    spans = engine.sentence_spans(text)
    print(f"article: {len(text.split())} words, {len(spans)} sentences; engine with every sentence scored: "
          f"median {statistics.median(times):.3f} s")
    model = cm.load(cm.DEFAULT_MODEL_PATH)
    sentences = [text[s:e] + f" #{k}" for k, (s, e) in enumerate(spans[:args.sentences])]
    cm.get_encoder(model.encoder).encode(["warm up"])
    t = time.perf_counter()
    cm.get_encoder(model.encoder).encode(sentences)
    took = time.perf_counter() - t
    print(f"encoder {model.encoder}: {len(sentences)} fresh sentences in {took:.3f} s "
          f"({1000 * took / max(1, len(sentences)):.1f} ms a sentence)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
