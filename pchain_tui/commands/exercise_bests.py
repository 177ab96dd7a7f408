"""What `pchain history --exercise ID` adds for one exercise: its estimated 1RM over its last
sessions and its personal bests, each with the day it was reached.

The arithmetic is the domain's: the estimate per session is the history screen's trend
(domain/training/trends.py), so both show the same figures; the bests are domain/training/bests.py.
The bests table fits 80 columns, or, on a terminal too narrow for its longest words, is printed one
row after another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

from pchain_tui.domain.training.bests import Feat, PersonalBests, personal_bests
from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.domain.training.loads import number
from pchain_tui.domain.training.strength import E1RM_FORMULA
from pchain_tui.domain.training.trends import Measure, Series, trend
from pchain_tui.domain.words import plural
from pchain_tui.ui.text.sparkline import sparkline


@dataclass(frozen=True)
class ExerciseBests:
    """One exercise's estimated 1RM, session by session, and its personal bests."""

    e1rm: Series
    """The best estimate of each session with one, oldest first, as the history screen charts it
    (of one kind of load, said in its note)."""
    personal: PersonalBests

    @classmethod
    def of(cls, history: list[ExerciseSession], units: str) -> ExerciseBests:
        """From every session of the exercise, newest first (as HistoryStore.exercise_history gives
        them); a bare number is a load in `units`."""
        oldest_first = history[::-1]  # a best held by several sets is the first: oldest first, few replace it
        return cls(trend(Measure.E1RM, oldest_first, units),
                   personal_bests((s for session in oldest_first for s in session.sets), units))

    def best_set(self) -> str:
        """The best set, as `pchain history`'s trend names it: the heaviest load with the most reps at it
        (of the kind of load used most), else the most reps, else the longest hold."""
        personal = self.personal
        if personal.weighed:
            top = personal.weighed[0].most_reps[0]
            return f"{int(top.value)} x {top.load}"
        if personal.unweighed:
            return plural(int(personal.unweighed[0].value), "rep")
        if personal.longest_hold is not None:
            return f"{number(round(personal.longest_hold.value))} s"
        return "none done"


def settings_units() -> str:
    """The unit of a load written as a bare number, from settings.toml (its default when the file
    has problems: the app reports them when it starts)."""
    from pchain_tui.storage.settings_file import load_settings  # lazy: only `history --exercise` needs it

    return load_settings()[0].units


def print_bests(bests: ExerciseBests, name: str, since: date | None, last: int, console: Console) -> None:
    """The estimated 1RM over the `last` sessions with one (when a set had a load in numbers and few
    enough reps), then the personal bests."""
    if bests.e1rm.points:
        _print_e1rm(bests.e1rm, last, console)
    if bests.personal.empty:
        console.print(Text(f"No personal bests of {name} yet: no work set was done (warm-ups and skipped sets "
                           "do not count).", style="dim"))
        return
    _print_rows(console, f"Personal bests{f' since {since.isoformat()}' if since else ''}", ["best", "set", "date"],
                _best_rows(bests.personal))
    console.print(Text("Bests count work sets only: warm-ups and skipped sets are left out.", style="dim"))


def _print_e1rm(series: Series, last: int, console: Console) -> None:
    """The title, a sparkline of the last sessions from the first value to the latest, and what the
    estimate is (its formula, and the loads it leaves out)."""
    points = series.points[-last:]
    first, latest = points[0], points[-1]
    shown = (f"the last {len(points)} of {len(series.points):,} sessions" if len(series.points) > len(points)
             else plural(len(points), "session"))
    console.print(Text(f"{series.title}: {shown} with an estimate", style="table.title"))
    if len(points) > 1:
        change = f"{series.label(first.value)} → {series.label(latest.value)}, {_day(first.at)} to {_day(latest.at)}"
    else:
        change = f"{series.label(latest.value)}, {_day(latest.at)}"
    console.print(Padding(Text(f"{sparkline(p.value for p in points)} {change}"), (0, 0, 0, 2)))  # wraps indented
    console.print(Text(series.note, style="dim"))


Rows = list[tuple[Text, ...]]


def _best_rows(bests: PersonalBests) -> Rows:
    """A row per best: what it is, the set, the day it was first reached."""
    several = len(bests.weighed) > 1  # kinds of load are kept apart, so each row says which it is
    rows = []
    for weighed in bests.weighed:
        of = f", {weighed.kind}" if several else ""
        rows.append((Text(f"heaviest set{of}"), Text(_set_done(weighed.heaviest)), Text(_day(weighed.heaviest.at))))
        if (e1rm := weighed.e1rm) is not None:
            rows.append((Text(f"best e1RM ({E1RM_FORMULA}){of}"),
                         Text(f"{_estimate(e1rm)} {weighed.kind.unit}: {_set_done(e1rm)}"), Text(_day(e1rm.at))))
        rows += [(Text(f"most reps at {feat.load}"), Text(_reps(feat)), Text(_day(feat.at)))
                 for feat in weighed.most_reps]
    for feat in bests.unweighed:
        load = (feat.record.load or "").strip()
        rows.append((Text(f"most reps at {load}" if load else "most reps, no load"), Text(_reps(feat)),
                     Text(_day(feat.at))))
    if (hold := bests.longest_hold) is not None:
        load = str(hold.load) if hold.load else (hold.record.load or "").strip()
        rows.append((Text("longest hold"), Text(f"{number(round(hold.value))} s{f' at {load}' if load else ''}"
                                                f"{_side(hold)}"), Text(_day(hold.at))))
    return rows


def _print_rows(console: Console, title: str, headers: list[str], rows: Rows) -> None:
    """A title on a line of its own (a table's would wrap to the table's width), then `rows` as a table
    when the terminal has room for every cell's longest word; in a narrower one, each row's first cell
    on a line of its own and the rest under it, so nothing is cut."""
    console.print(Text(title, style="table.title"))
    widths = _column_widths(headers, rows, console.width - (3 * len(headers) + 1))  # borders and padding
    if widths is not None:
        table = Table(*(Column(header, width=width) for header, width in zip(headers, widths, strict=True)))
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    for first, *rest in rows:
        console.print(Text.assemble(first, style="bold"))
        details = Text(" · ").join(Text.assemble(f"{header} ", value) for header, value in zip(headers[1:], rest))
        for line in details.wrap(console, max(console.width - 2, 1)):
            line.rstrip()
            console.print(Text.assemble("  ", line))


def _column_widths(headers: list[str], rows: Rows, room: int) -> list[int] | None:
    """Each column's width within `room`: as wide as its longest cell, the widest narrowed first when
    they do not fit, never below a column's longest word; None when even those do not fit.

    Worked out here because Rich, squeezing a table, narrows columns below their words and cuts them.
    """
    columns = list(zip(headers, *(tuple(cell.plain for cell in row) for row in rows), strict=True))
    widths = [max(cell_len(cell) for cell in cells) for cells in columns]
    floors = [max(cell_len(word) for cell in cells for word in cell.split() or [""]) for cells in columns]
    if sum(floors) > room:
        return None
    while sum(widths) > room:
        widest = max((n for n in range(len(widths)) if widths[n] > floors[n]), key=lambda n: widths[n])
        widths[widest] -= 1
    return widths


def _set_done(feat: Feat) -> str:
    """A set at a load in numbers: "5 x 80 kg", with its side for per-side work."""
    return f"{feat.record.done_reps} x {feat.load}{_side(feat)}"


def _reps(feat: Feat) -> str:
    return plural(int(feat.value), "rep") + _side(feat)


def _side(feat: Feat) -> str:
    return f" ({feat.record.side.value})" if feat.record.side else ""


def _estimate(feat: Feat) -> str:
    return number(round(feat.value, 1))


def _day(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d")
