"""Figures compared: the number an article states and the numbers its sources report, read as values and units.

Each figure is read by the suggestion engine's number reader (Western and Arabic-Indic digits, separators,
number words in Arabic and English, units, "about" and "more than"), so «١٠٠٠», "1,000" and «ألف» are one
value. A source agrees when its value is the article's (within a tenth when either side says "about",
anywhere inside the bound when the article says "more than" or "up to"), differs otherwise, by so much and so
many per cent; a figure in another unit, or one that cannot be read, is not
compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Claim, Evidence
from app.suggest import engine

# Kinds of value the engine reads that are amounts (not dates); durations compare in days.
_AMOUNTS = ("qty", "qty_bare", "qty_vague", "money", "percent", "times")
APPROX_TOLERANCE = 0.10
# An article's bound ("more than", "up to") agrees with any source value inside it.
_BOUNDS = {"more_than": lambda v, a: v > a, "at_least": lambda v, a: v >= a,
           "less_than": lambda v, a: v < a, "up_to": lambda v, a: v <= a}


@dataclass(frozen=True)
class Figure:
    value: float
    unit_key: str | None
    approx: bool
    qualifier: str | None


@dataclass(frozen=True)
class Compared:
    """One source's figure against the article's: outcome agrees / differs / not_compared."""

    evidence: Evidence
    figure: Figure | None
    outcome: str
    difference: float | None = None  # the source's value minus the article's
    percent: float | None = None  # the difference as a share of the article's value, in per cent


@dataclass(frozen=True)
class FiguresTable:
    article: Figure | None
    rows: list[Compared]

    @property
    def agree(self) -> int:
        return sum(1 for row in self.rows if row.outcome == "agrees")

    @property
    def differ(self) -> int:
        return sum(1 for row in self.rows if row.outcome == "differs")


def _figures(text: str) -> list[Figure]:
    found = []
    for feat in engine.extract(text).feats:
        value = feat.value
        if feat.kind in _AMOUNTS and "quantity" in value:
            found.append(Figure(float(value["quantity"]), value.get("unit_key"), bool(value.get("approx")),
                                value.get("qualifier")))
        elif feat.kind == "dur" and "duration_days" in value:
            found.append(Figure(float(value["duration_days"]), "day", bool(value.get("approx")),
                                value.get("qualifier")))
    return found


def read_figure(value: str, unit: str | None = None) -> Figure | None:
    """The first amount in "value unit" ("١٠٠٠ جندي", "2,000", «ألف»), or None when there is none."""
    found = _figures(f"{value} {unit or ''}".strip()[:400])
    return found[0] if found else None


def _article_figure(claim: Claim, units: set[str]) -> Figure | None:
    """The quote's amount: the first in a unit a source uses, else the first."""
    found = _figures(claim.quote[:2000])
    for figure in found:
        if figure.unit_key in units:
            return figure
    return found[0] if found else None


def compare(article: Figure | None, source: Figure | None) -> tuple[str, float | None, float | None]:
    """(outcome, difference, percent) of a source's figure against the article's."""
    if article is None or source is None:
        return "not_compared", None, None
    if article.unit_key and source.unit_key and article.unit_key != source.unit_key:
        return "not_compared", None, None
    difference = source.value - article.value
    percent = difference / article.value * 100 if article.value else None
    bound = _BOUNDS.get(article.qualifier or "")
    if bound is not None:  # "more than 20 trucks" agrees with "about 100 trucks"
        return ("agrees" if bound(source.value, article.value) else "differs"), difference, percent
    scale = max(abs(article.value), abs(source.value), 1e-9)
    tolerance = APPROX_TOLERANCE if (article.approx or source.approx) else 1e-9
    if abs(difference) <= tolerance * scale:
        return "agrees", difference, percent
    return "differs", difference, percent


def figures_table(claim: Claim) -> FiguresTable:
    """Every evidence item that reports a figure, compared with the article's figure."""
    items = [item for item in claim.evidence if item.reported_value]
    read = [(item, read_figure(item.reported_value or "", item.reported_unit)) for item in items]
    article = _article_figure(claim, {figure.unit_key for _, figure in read if figure and figure.unit_key})
    rows = [Compared(item, figure, *compare(article, figure)) for item, figure in read]
    return FiguresTable(article, rows)
