"""Geometry for small server-rendered SVG charts; templates/dashboard/_charts.html draws them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

PALETTE = ("#0b6bcb", "#e07b00", "#1a7f37", "#b42318", "#7a4cc2", "#00838f", "#9a6700", "#c2185b")
# Progress reads like a traffic light: done is green, under way amber, not begun pale grey.
PROGRESS = ("#1a7f37", "#e0a100", "#d0d7de")
FONT_PX = 12  # .chart svg text in tables.css


def fit_label(text: str, width: float, font_px: float = FONT_PX) -> str:
    """`text` cut at the end with "…" so it fits `width` pixels (CJK full width, Latin ~0.6)."""

    def advance(ch: str) -> float:
        return font_px if unicodedata.east_asian_width(ch) in "WF" else font_px * 0.6

    if sum(advance(ch) for ch in text) <= width:
        return text
    room, kept = width - font_px, []
    for ch in text:
        room -= advance(ch)
        if room < 0:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: float
    color: str
    series: str


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    segments: list[Segment]
    total: float
    short: str  # the label as it fits left of the bars


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, stacked when there are several series."""

    width: int
    height: int
    label_width: int
    bar_height: int
    rows: list[Row]
    series: list[tuple[str, str]]  # (name, color) for the legend
    max_value: float

    @property
    def empty(self) -> bool:
        """Nothing to draw: no rows, or every bar is zero."""
        return not any(row.total for row in self.rows)


def bar_chart(
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    *,
    width: int = 640,
    label_width: int = 170,
    bar_height: int = 20,
    gap: int = 8,
    colors: Sequence[str] = PALETTE,
) -> BarChart:
    """Lay out one bar per row; each row's values stack in series order."""
    max_value = max((sum(values) for _, values in rows), default=0.0) or 1.0
    plot = width - label_width - 60  # room on the right for the total
    laid_out = []
    for i, (label, values) in enumerate(rows):
        x = float(label_width)
        segments = []
        for j, value in enumerate(values):
            w = plot * value / max_value
            segments.append(Segment(x, w, value, colors[j % len(colors)], series[j]))
            x += w
        short = fit_label(label, label_width - 12)
        laid_out.append(Row(label, i * (bar_height + gap), segments, float(sum(values)), short))
    height = max(1, len(rows)) * (bar_height + gap)
    legend = [(name, colors[j % len(colors)]) for j, name in enumerate(series)]
    return BarChart(width, height, label_width, bar_height, laid_out, legend, max_value)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class Line:
    name: str
    color: str
    points: list[Point]

    @property
    def path(self) -> str:
        """SVG polyline points."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    plot_height: int
    lines: list[Line]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]] = field(default_factory=list)


def line_chart(
    x_values: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    y_min: float = -0.2,
    y_max: float = 1.0,
    width: int = 640,
    height: int = 220,
    colors: Sequence[str] = PALETTE,
) -> LineChart:
    """Lines over shared x labels; None values leave a gap (no point drawn)."""
    left, top, bottom, right = 44, 10, 28, 16
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(x_values) - 1)
    lowest = min([y_min, *(v for _, vs in series for v in vs if v is not None)])

    def x_of(i: int) -> float:
        return left + i * step if len(x_values) > 1 else left + plot_w / 2

    def y_of(value: float) -> float:
        return top + plot_h * (y_max - value) / (y_max - lowest)

    lines = []
    for j, (name, values) in enumerate(series):
        points = [
            Point(x_of(i), y_of(v), v, x_values[i]) for i, v in enumerate(values) if v is not None
        ]
        lines.append(Line(name, colors[j % len(colors)], points))
    every = max(1, len(x_values) // 8)  # at most about eight x labels
    x_labels = [(x_of(i), x) for i, x in enumerate(x_values) if i % every == 0]
    ticks = [t / 10 for t in range(int(lowest * 10) - (lowest * 10 % 2 != 0), 11, 2)]
    y_ticks = [(y_of(t), f"{t:.1f}") for t in ticks if lowest <= t <= y_max]
    return LineChart(width, height, left, top, plot_h, lines, x_labels, y_ticks)
