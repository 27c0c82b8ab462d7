"""Chart geometry for the dashboard's server-drawn SVG: plain shapes and texts, mirrored for right-to-left.

A chart is drawn from left to right; in a right-to-left page every x is mirrored, so time runs from right
to left and the value axis stands on the right, as an Arabic reader reads it. Texts come already formatted
in the reader's digits; the template only places them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 520, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 16, 40

# Colours with at least 3:1 contrast against white (WCAG's bar for graphics), told apart by lightness too.
STATE_COLOURS = {"open": "#1f5fa8", "in_review": "#9a5b00", "awaiting_approval": "#6b3fa0",
                 "approved": "#1e7a3c"}
VERDICT_COLOURS = {"unverified": "#5f6368", "confirmed": "#1e7a3c", "likely_true": "#3f7f00", "mixed": "#9a5b00",
                   "likely_false": "#c0392b", "false": "#7a1c1c", "unverifiable": "#6b3fa0"}
SERIES_COLOURS = ("#1f5fa8", "#9a5b00")


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    tip: str


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)


def _nice_top(value: float) -> float:
    """A round axis maximum at or above value whose half is a whole number too (2, 4 or 10 × a power of ten)."""
    if value <= 0:
        return 2
    power = 1
    while power * 10 < value:
        power *= 10
    for step in (2, 4, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


class _Canvas:
    def __init__(self, rtl: bool, width: int = WIDTH, height: int = HEIGHT, left: int = LEFT):
        self.rtl, self.left = rtl, left
        self.chart = Chart(width, height)

    def x(self, x: float, width: float = 0) -> float:
        return round(self.chart.width - x - width if self.rtl else x, 1)

    def anchor(self, anchor: str) -> str:
        if not self.rtl or anchor == "middle":
            return anchor
        return "start" if anchor == "end" else "end"

    def rect(self, x, y, width, height, colour, tip) -> None:
        self.chart.rects.append(Rect(self.x(x, width), round(y, 1), round(width, 1), round(height, 1), colour, tip))

    def text(self, x, y, text, anchor="middle") -> None:
        self.chart.texts.append(Text(self.x(x), round(y, 1), text, self.anchor(anchor)))

    def line(self, x1, y1, x2, y2) -> None:
        self.chart.lines.append((self.x(x1), round(y1, 1), self.x(x2), round(y2, 1)))

    def value_axis(self, top: float, fmt) -> tuple[float, float]:
        """Grid lines and labels for 0..top; answers (plot bottom, plot height)."""
        bottom = self.chart.height - BOTTOM
        height = bottom - TOP
        for share in (0, 0.5, 1):
            y = bottom - share * height
            self.line(self.left, y, self.chart.width - RIGHT, y)
            self.text(self.left - 6, y + 4, fmt(top * share), "end")
        return bottom, height


def week_bars(labels: list[str], series: list[tuple[str, str, list[float]]], fmt, *, stacked: bool,
              rtl: bool) -> Chart:
    """Bars per week: each series stacked on the last (stacked) or side by side."""
    canvas = _Canvas(rtl)
    count = max(1, len(labels))
    if stacked:
        peak = max((sum(values[i] for _, _, values in series) for i in range(len(labels))), default=0)
    else:
        peak = max((v for _, _, values in series for v in values), default=0)
    top = _nice_top(peak)
    bottom, height = canvas.value_axis(top, fmt)
    slot = (WIDTH - RIGHT - LEFT) / count
    bar = slot * 0.7 / (1 if stacked else max(1, len(series)))
    for i, label in enumerate(labels):
        x0 = LEFT + i * slot + slot * 0.15
        base = bottom
        for n, (name, colour, values) in enumerate(series):
            value = values[i] or 0
            h = height * value / top
            if stacked:
                base -= h
                canvas.rect(x0, base, bar, h, colour, f"{label} — {name}: {fmt(value)}")
            else:
                canvas.rect(x0 + n * bar, bottom - h, bar, h, colour, f"{label} — {name}: {fmt(value)}")
        # every other week's date, so that twelve dates fit a phone's width
        if i % 2 == (count - 1) % 2:
            canvas.text(LEFT + (i + 0.5) * slot, bottom + 22, label)
    return canvas.chart


def person_bars(rows: list[tuple[str, int]], fmt, *, rtl: bool) -> Chart:
    """One horizontal bar per person, the name beside it."""
    row_height, name_width = 30, 150
    height = TOP + row_height * max(1, len(rows)) + 8
    canvas = _Canvas(rtl, height=height, left=name_width)
    top = _nice_top(max((v for _, v in rows), default=0))
    span = WIDTH - RIGHT - name_width - 40
    for i, (name, value) in enumerate(rows):
        y = TOP + i * row_height
        w = span * value / top
        canvas.text(name_width - 8, y + 17, name, "end")
        canvas.rect(name_width, y + 2, w, row_height - 8, SERIES_COLOURS[0], f"{name}: {fmt(value)}")
        canvas.text(name_width + w + 6, y + 17, fmt(value), "start")
    return canvas.chart
