"""The one threshold a learned suggestion score is compared with, per language.

Calibrated on the project's own annotated texts only (``bench/calibrate_threshold.py --write``,
out of fold) and kept in ``app/suggest/data/thresholds.json``; a language the file does not name
uses ``FALLBACK``.  Scores are compared as they are shown (rounded to three decimals), so a
suggestion displayed at 0.450 passes a threshold of 0.45 and one displayed at 0.449 does not.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "thresholds.json"
FALLBACK = 0.5
DIGITS = 3


def shown(score: float) -> float:
    """A score as it is stored and displayed (and compared)."""
    return round(float(score), DIGITS)


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    try:
        data = json.loads(PATH.read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.get("thresholds", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def for_language(language: str | None) -> float:
    """The threshold of a language ('ar', 'en'); FALLBACK for any other."""
    return _table().get(language or "", FALLBACK)


def passes(score: float, language: str | None) -> bool:
    """The one comparison: the shown score against the language's threshold."""
    return shown(score) >= for_language(language)


def write(thresholds: dict[str, float], info: dict) -> None:
    """Store calibrated thresholds (the calibration script's --write)."""
    PATH.write_text(json.dumps({"thresholds": thresholds, "calibration": info}, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    _table.cache_clear()
