"""The geometry of a small line chart, drawn as inline SVG by a template.

No JavaScript and no chart library: the server computes where every point,
axis tick and label goes, and ``templates/coordinator/_chart.html`` draws it.
Each series has its own marker shape and dash pattern and is labelled at the
end of its line, so colour is never the only way to tell the lines apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 130, 20, 56  # room for the axes and the end labels
#: the gap kept between two end labels that would otherwise overlap
LABEL_GAP = 15

#: (colour, dash pattern, marker) per series, in order; all three differ
STYLES = (
    ("#0b4f8a", "", "circle"),
    ("#1e6b34", "8 4", "square"),
    ("#b3261e", "2 4", "triangle"),
    ("#8a4b00", "12 4 2 4", "diamond"),
)


@dataclass(frozen=True)
class Column:
    """A place on the x axis, e.g. a month."""

    key: str  # e.g. "2026-11"
    label: str  # in full, e.g. "Nov 2026"
    short: str  # under the axis, e.g. "Nov"
    subtext: str = ""  # a second line under the axis, e.g. the year where it changes


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    label: str  # the x-axis label of its column, e.g. "Nov 2026"
    key: str  # e.g. "2026-11"


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    colour: str
    dash: str
    marker: str
    points: list[Point]
    label_y: float  # where the end label sits, moved apart from the others'

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    subtext: str = ""  # a second line under an x label, e.g. the year


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    marker_size: float  # half the width of a marker: smaller when many months share the axis


def line_chart(
    columns: Sequence[Column], series: Sequence[tuple[str, str, Sequence[int]]]
) -> Chart:
    """A chart of ``series`` (key, label, one value per column) over ``columns``."""
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    band = (right - LEFT) / max(len(columns), 1)
    top_value, step = _scale(max((v for _, _, values in series for v in values), default=0))

    def x(i: int) -> float:
        return LEFT + band * (i + 0.5)

    def y(value: float) -> float:
        return bottom - (bottom - TOP) * value / top_value

    every = math.ceil(len(columns) / 12)  # at most twelve x labels, so that they never collide
    x_ticks = [Tick(x(i), c.short, c.subtext) for i, c in enumerate(columns) if i % every == 0]
    y_ticks = [Tick(y(v), str(v)) for v in range(0, top_value + 1, step)]
    # Equal values would hide one marker under another: each line sits a little
    # to the side of the column's centre.
    nudge = min(7.0, band / 4)
    lines = []
    for n, ((key, label, values), (colour, dash, marker)) in enumerate(
        zip(series, STYLES, strict=False)
    ):
        offset = (n - (len(series) - 1) / 2) * nudge
        points = [
            Point(x(i) + offset, y(v), v, columns[i].label, columns[i].key)
            for i, v in enumerate(values)
        ]
        lines.append(
            Line(key, label, colour, dash, marker, points, points[-1].y if points else bottom)
        )
    lines = _spread(lines, bottom)
    size = max(1.5, min(5.0, band / 3))
    return Chart(WIDTH, HEIGHT, LEFT, right, TOP, bottom, x_ticks, y_ticks, lines, size)


def _scale(maximum: int) -> tuple[int, int]:
    """A round top of the y axis and a step giving at most five intervals."""
    if maximum <= 0:
        return 1, 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if maximum <= step * factor * 5:
                unit = step * factor
                return unit * math.ceil(maximum / unit), unit
        step *= 10


def _spread(lines: list[Line], bottom: float) -> list[Line]:
    """Move the end labels apart where lines end at (nearly) the same height."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].label_y)
    placed: dict[int, float] = {}
    previous = -math.inf
    for i in order:
        placed[i] = max(lines[i].label_y, previous + LABEL_GAP)
        previous = placed[i]
    overflow = max(placed.values(), default=0) - (bottom + LABEL_GAP)
    if overflow > 0:  # pushed below the axis: shift the whole stack up
        placed = {i: y - overflow for i, y in placed.items()}
    return [
        Line(ln.key, ln.label, ln.colour, ln.dash, ln.marker, ln.points, placed[i])
        for i, ln in enumerate(lines)
    ]
