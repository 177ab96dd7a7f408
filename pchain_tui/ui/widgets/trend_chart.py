"""A chart of one measure over sessions, drawn in braille dots (a line) or block characters (stacked
bars for time under tension by phase), sized to the widget: values with their unit on the y axis,
dates on the x axis, the latest sessions that fit (two per column as a line, one per column as bars).

Too small for a chart (under 5 rows or 24 columns) it gives one line: a sparkline and the first
and last values. With fewer than two points there is no chart: it shows the words it was given
instead (the one session so far, or why there is nothing to chart).
"""

from __future__ import annotations

import math
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from pchain_tui.domain.training.trends import Series
from pchain_tui.domain.words import plural
from pchain_tui.ui.text.sparkline import sparkline

PHASE_COLOURS = ("dodger_blue1", "yellow", "green3", "magenta", "grey58")
"""The colour of each of TUT_PHASES, bottom to top."""
LINE_COLOUR = "cyan"
MIN_ROWS, MIN_COLUMNS = 5, 24
"""Below either, one line instead of a chart."""
_BLOCKS = " ▁▂▃▄▅▆▇█"
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The braille bit of each dot of a cell, by row (top first) and column."""


class TrendChart(Widget):
    """One series as a chart that fits the widget's size."""

    DEFAULT_CSS = """
    TrendChart { height: 1fr; min-height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's own name for it
        super().__init__(id=id)
        self.series: Series | None = None
        self.total: int | None = None
        """Sessions of the exercise in the whole history (the series may hold only the latest)."""
        self.words = Text()
        """Shown instead of a chart when the series has fewer than two points."""

    def show(self, series: Series | None, words: Text | str = "", total: int | None = None) -> None:
        """Draw `series` (of `total` sessions in all), or when it has fewer than two points (or is
        None), `words`."""
        self.series = series
        self.total = total
        self.words = Text(words) if isinstance(words, str) else words
        self.refresh()

    def render(self) -> Text:
        """The chart for the current size, or the words."""
        if self.series is None or len(self.series.points) < 2:
            return self.words
        return draw(self.series, self.size.width, self.size.height, self.total)


def draw(series: Series, width: int, height: int, total: int | None = None) -> Text:
    """`series` as lines of text `width` x `height` (a single line when that is too small).

    The x axis says how many sessions are drawn (the latest that fit, of those with a value) of
    `total` (else of the series).
    """
    if height < MIN_ROWS or width < MIN_COLUMNS:
        return one_line(series, width)
    rows = height - 2  # the x axis and its dates below
    stacked = bool(series.points[-1].parts)
    per_column = 1 if stacked else 2
    points = series.points
    for _fit in range(3):  # the labels' width decides the columns, which decide the points, which decide the labels
        top, low = _y_range(points)
        labels = [series.label(top), series.label((top + low) / 2), series.label(low)]
        gutter = max(len(label) for label in labels) + 1
        columns = width - gutter - 1
        if len(points) <= columns * per_column:
            break
        points = points[-columns * per_column:]
    if stacked:
        slot = columns / len(points)
        bar = max(1, min(3, int(slot) - 1))  # a gap between bars when there is room for one
        lefts = [round(i * slot) for i in range(len(points))]
        grid = _bars(points, columns, rows, top, lefts, bar)
        places = [left + bar // 2 for left in lefts]
    else:
        grid = _line(points, columns, rows, top, low)
        places = [round(i * (columns - 1) / max(1, len(points) - 1)) for i in range(len(points))]
    text = Text(no_wrap=True, overflow="crop")
    label_rows = {0: labels[0], (rows - 1) // 2: labels[1], rows - 1: labels[2]}
    for row in range(rows):
        text.append(label_rows.get(row, "").rjust(gutter - 1) + " ", style="dim")
        text.append("┤" if row in label_rows else "│", style="dim")
        _append_runs(text, grid[row])
        text.append("\n")
    text.append(" " * gutter + "└" + _axis(len(points), total or len(series.points), columns) + "\n", style="dim")
    text.append(" " * (gutter + 1) + _dates(points, places, columns), style="dim")
    return text


def _axis(drawn: int, total: int, columns: int) -> str:
    """The x axis, saying in its middle how many sessions are drawn (when there is room)."""
    said = f" {plural(drawn, 'session')} " if drawn == total else f" {drawn:,} of {total:,} sessions "
    if len(said) + 4 > columns:
        return "─" * columns
    left = (columns - len(said)) // 2
    return "─" * left + said + "─" * (columns - left - len(said))


def _append_runs(text: Text, cells: list[tuple[str, str]]) -> None:
    """Append a row of (character, style) cells, one span per run of the same style."""
    start = 0
    for index in range(1, len(cells) + 1):
        if index == len(cells) or cells[index][1] != cells[start][1]:
            text.append("".join(cell for cell, _style in cells[start:index]), style=cells[start][1])
            start = index


def one_line(series: Series, width: int) -> Text:
    """A sparkline of the latest points that fit beside the first and last of them in words."""
    last = series.points[-1]
    longest = max(len(series.label(p.value)) for p in series.points)
    shown = series.points[-max(2, width - 4 - len(series.label(last.value)) - longest):]
    words = f" {series.label(shown[0].value)} → {series.label(last.value)}"
    text = Text(no_wrap=True, overflow="crop")
    text.append(sparkline(p.value for p in shown), style=LINE_COLOUR)
    text.append(words)
    return text


def _y_range(points) -> tuple[float, float]:
    """The top and bottom of the y axis: bars stand on zero; a line spans its values, widened to
    round numbers (a step of 1, 2, 2.5 or 5 times a power of ten, about four steps in all)."""
    values = [p.value for p in points]
    high, low = max(values), min(values)
    if points[-1].parts:
        return (high if high > 0 else 1.0), 0.0
    if high == low:  # a flat line sits in the middle
        half = abs(high) * 0.1 or 1.0
        high, low = high + half, low - half
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.ceil(high / step - 1e-9) * step, max(0.0, math.floor(low / step + 1e-9) * step)


def _line(points, columns: int, rows: int, top: float, low: float) -> list[list[tuple[str, str]]]:
    """The points joined by a line of braille dots, two dot columns and four dot rows a cell."""
    dots_x, dots_y = columns * 2, rows * 4
    bits = [[0] * columns for _ in range(rows)]

    def place(x: int, y: int) -> None:  # y counts dots from the top
        bits[y // 4][x // 2] |= _DOTS[y % 4][x % 2]

    span = (top - low) or 1.0
    spots = [(round(i * (dots_x - 1) / max(1, len(points) - 1)),
              round((top - p.value) / span * (dots_y - 1))) for i, p in enumerate(points)]
    for (x0, y0), (x1, y1) in zip(spots, spots[1:]):
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for step in range(steps + 1):
            place(round(x0 + (x1 - x0) * step / steps), round(y0 + (y1 - y0) * step / steps))
    return [[(chr(0x2800 + b) if b else " ", LINE_COLOUR) for b in row] for row in bits]


def _bars(points, columns: int, rows: int, top: float, lefts: list[int], bar: int) -> list[list[tuple[str, str]]]:
    """One bar per point, `bar` columns wide from its column in `lefts`, its phases stacked bottom
    to top in their colours, in eighths of a cell."""
    grid = [[(" ", "")] * columns for _ in range(rows)]
    for index, point in enumerate(points):
        edges, total = [], 0.0
        for seconds in point.parts:
            total += seconds
            edges.append(total / top * rows * 8)  # where each phase ends, in eighths from the bottom
        for row in range(rows):
            bottom = (rows - 1 - row) * 8
            cell = _stacked_cell(edges, bottom)
            for column in range(lefts[index], min(columns, lefts[index] + bar)):
                grid[row][column] = cell
    return grid


def _stacked_cell(edges: list[float], bottom: float) -> tuple[str, str]:
    """The block and colours of the cell from `bottom` up eight eighths: the phase at its foot, and
    above where that phase ends inside the cell, the next one as the background."""
    filled = min(8, round(edges[-1] - bottom)) if edges else 0
    if filled <= 0:
        return " ", ""
    foot = next(i for i, edge in enumerate(edges) if edge > bottom)
    ends = round(edges[foot] - bottom)
    if ends >= filled:
        return _BLOCKS[filled], PHASE_COLOURS[foot]
    above = next((i for i in range(foot + 1, len(edges)) if edges[i] > edges[foot]), foot)
    style = Style(color=PHASE_COLOURS[foot], bgcolor=PHASE_COLOURS[above])
    return _BLOCKS[max(1, ends)], str(style)


def _dates(points, places: list[int], columns: int) -> str:
    """The dates of the first, middle and last points, each under its point (`places`: their
    columns) as far as the line allows; the year where they span one."""
    days = [date.fromtimestamp(p.at) for p in points]
    long_span = (days[-1] - days[0]).days > 300 or days[0].year != days[-1].year
    shown = [_date(day, long_span) for day in days]
    line = [" "] * columns
    width = len(shown[-1])

    def put(text: str, at: int) -> bool:
        at = max(0, min(columns - len(text), at))
        if any(c != " " for c in line[max(0, at - 1):at + len(text) + 1]):
            return False
        line[at:at + len(text)] = text
        return True

    put(shown[-1], places[-1] - width // 2)
    put(shown[0], places[0] - len(shown[0]) // 2)
    if len(points) > 2:
        middle = len(points) // 2
        put(shown[middle], places[middle] - len(shown[middle]) // 2)
    return "".join(line)


def _date(day: date, with_year: bool) -> str:
    return f"{day.day} {day:%b} {day:%y}" if with_year else f"{day.day} {day:%b}"

