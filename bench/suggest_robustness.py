"""Wall-clock figures for the suggestion engine on hostile input (the tests count work instead of timing it).

Run from the repository root:  python bench/suggest_robustness.py

Prints the median of three runs for a 200,000-character single line and for each pathological input of
tests/suggest/test_suggest_robustness.py. Target: each under 2 s on the development machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.suggest import suggest  # noqa: E402

TODAY = date(2026, 2, 21)
TARGET_SECONDS = 2.0
LINE = ("وقالت البلدية إن نحو ثلاثمئة عامل أصلحوا شبكة المياه في حي “الزهور” بمدينة حمص خلال أسبوعين و "
        * 2200)[:200_000]
CASES = {"one 200k-character line": LINE, "'<' x 50k": "<" * 50_000, "'<b' x 25k": "<b" * 25_000,
         "'1,' x 25k": "1," * 25_000, "'a.' x 25k": "a." * 25_000, "'“' x 50k": "“" * 50_000,
         "'U.S.' x 12k": "U.S." * 12_000}


def median_seconds(text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        suggest(text, today=TODAY)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    worst = 0.0
    for name, text in CASES.items():
        seconds = median_seconds(text)
        worst = max(worst, seconds)
        print(f"{name:28s} {seconds:6.3f} s")
    print(f"worst {worst:.3f} s (target {TARGET_SECONDS} s): {'ok' if worst <= TARGET_SECONDS else 'SLOW'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
