"""The history screen: every session by date, newest first, and a chart of the highlighted exercise.

The list is read a page at a time (the next page as the highlight nears the end), and each
exercise's sessions once, all on the history's thread: the screen never waits on SQLite. `m`
cycles the measure the chart shows: top set load, reps, estimated 1RM, volume, time under tension.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.domain.training.trends import TUT_PHASES, Measure, Series, sets_in_words
from pchain_tui.domain.words import plural
from pchain_tui.services.history_browser import HistoryBrowser, Page, Trail
from pchain_tui.storage.history_queries import ExerciseLine, SessionLines
from pchain_tui.ui.widgets.steady_footer import SteadyFooter
from pchain_tui.ui.widgets.trend_chart import PHASE_COLOURS, TrendChart

MORE_WITHIN = 12
"""Read the next page when the highlight comes this close to the end of the list."""


class SessionList(OptionList):
    """Sessions as dated headings, each with a row per exercise: the rows are what can be highlighted."""


class HistoryScreen(Screen[None]):
    """Sessions by date and the trend of the highlighted exercise."""

    CSS_PATH = "history.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    """On a short terminal the chart is one line (a sparkline and its first and last values)."""

    BINDINGS = [
        Binding("m", "next_measure", "Measure", id="history.measure",
                tooltip="Chart the next measure: top set load, reps, estimated 1RM, volume, time under tension"),
        Binding("escape,q", "close", "Back", id="history.close", tooltip="Back to where you were"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.measure = Measure.TOP_LOAD
        """What the chart shows."""
        self._browser: HistoryBrowser | None = None
        self._page: Page | None = None
        """The last page read (its cursor says where the next one starts)."""
        self._loaded = 0
        """Sessions listed so far."""
        self._trails: dict[str, Trail] = {}
        """Each exercise's sessions, once read."""
        self._names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """The title, the sessions, and the chart of the highlighted exercise with its notes."""
        with Vertical(id="history"):
            yield Static("History", id="history-title")
            yield SessionList(id="history-sessions")
            yield Static(id="history-chart-title")
            yield TrendChart(id="history-chart")
            yield Static(id="history-note")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Read the first page of sessions."""
        self.query_one(SessionList).focus()
        history = self.app.services.history
        if history is None:
            self._say_empty("No history is kept in this run of pchain.")
            return
        self._browser = HistoryBrowser(history, self.app.services.settings.units)
        self._read_page()

    def on_unmount(self) -> None:
        """Close the reads' connection (on the history's thread)."""
        if self._browser is not None:
            self._browser.close()

    # --- the list ------------------------------------------------------------------------------

    @work(exclusive=True, group="history-page")
    async def _read_page(self) -> None:
        assert self._browser is not None
        after = self._page.next if self._page is not None else None
        page = await asyncio.wrap_future(self._browser.page(after))
        self._page = page
        if page.problem:
            self._say_empty(page.problem, style="yellow")
            return
        if not page.sessions and not self._loaded:
            self._say_empty("No sessions yet: the sets of every workout you do are kept here.")
            return
        self._add(page.sessions)
        self._loaded += len(page.sessions)
        listed = f"{self._loaded:,} of {page.total:,} sessions" if self._loaded < page.total else \
            plural(page.total, "session")
        self.query_one("#history-title", Static).update(f"History · {listed}")
        sessions = self.query_one(SessionList)
        if sessions.highlighted is None:
            sessions.action_first()

    def _add(self, sessions: tuple[SessionLines, ...]) -> None:
        options: list[Option] = []
        for session in sessions:
            options.append(Option(_heading(session), disabled=True))
            for line in session.exercises:
                self._names[line.exercise_id] = line.exercise_name
                options.append(Option(_row(line), id=f"{session.session_id}:{line.exercise_id}"))
        self.query_one(SessionList).add_options(options)

    def _say_empty(self, words: str, style: str = "") -> None:
        self.query_one("#history-chart-title", Static).update(Text(words, style=style))

    @on(OptionList.OptionHighlighted, "#history-sessions")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        sessions = self.query_one(SessionList)
        page = self._page
        if page is not None and page.next is not None and self._loaded < page.total and \
                event.option_index >= sessions.option_count - MORE_WITHIN:
            self._read_page()
        self.show_chart()

    def exercise_id(self) -> str | None:
        """The highlighted exercise."""
        option = self.query_one(SessionList).highlighted_option
        return option.id.partition(":")[2] if option is not None and option.id else None

    def action_close(self) -> None:
        """Back to the screen the history was opened from."""
        self.app.pop_screen()

    # --- the chart -----------------------------------------------------------------------------

    def action_next_measure(self) -> None:
        """Chart the next measure."""
        self.measure = self.measure.next()
        self.show_chart()

    def show_chart(self) -> None:
        """Chart the highlighted exercise (reading its sessions first if they are not read yet)."""
        exercise_id = self.exercise_id()
        if exercise_id is None:
            return
        trail = self._trails.get(exercise_id)
        if trail is None:
            self.query_one("#history-chart-title", Static).update(
                Text(f"{self._names.get(exercise_id, exercise_id)} · reading…", style="dim"))
            self._read_trail(exercise_id)
            return
        self._draw(trail)

    @work(exclusive=True, group="history-trail")
    async def _read_trail(self, exercise_id: str) -> None:
        assert self._browser is not None
        trail = await asyncio.wrap_future(self._browser.trail(exercise_id))
        if not trail.problem:
            self._trails[exercise_id] = trail
        if self.exercise_id() == exercise_id:
            self._draw(trail)

    def _draw(self, trail: Trail) -> None:
        name = self._names.get(trail.exercise_id, trail.exercise_id)
        chart = self.query_one(TrendChart)
        title = self.query_one("#history-chart-title", Static)
        note = self.query_one("#history-note", Static)
        if trail.problem:
            chart.show(None, Text(trail.problem, style="yellow"))
            title.update(Text(name, style="bold"))
            note.update("")
            return
        series = trail.trends[self.measure]
        title.update(Text.assemble((name, "bold"), f" · {series.title}"))
        chart.show(series, _instead(series, trail.sessions), trail.total)
        note.update(_notes(series))


def _instead(series: Series, sessions: tuple[ExerciseSession, ...]) -> str:
    """What to say where the chart would be, when there are fewer than two points to draw."""
    points = series.points
    if not points:
        return series.note or "No set that counts yet (warm-ups and skipped sets do not)."
    if len(points) > 1:
        return ""
    session = next(s for s in sessions if s.started_at == points[0].at)
    done = sets_in_words(session.by_set(), session.is_hold, _loads(session))
    value = "" if series.measure is Measure.REPS else f" ({series.title.lower()}: {series.label(points[0].value)})"
    return f"One session so far: {done} on {_day(session.started_at)}{value}."


def _notes(series: Series) -> Text:
    """Under the chart: the latest time under tension by phase, and what the series left out or
    computed (nothing when the chart area already said why there is no chart)."""
    text = Text()
    points = series.points
    if not points:
        return text
    if points[-1].parts:
        latest = points[-1]
        text.append(f"{_day(latest.at)}: ")
        shown = [(phase, seconds) for phase, seconds in zip(TUT_PHASES, latest.parts) if seconds > 0]
        for index, (phase, seconds) in enumerate(shown):
            colour = PHASE_COLOURS[TUT_PHASES.index(phase)]
            text.append("■ ", style=colour)
            text.append(f"{phase} {round(seconds)} s" + (" · " if index < len(shown) - 1 else ""))
    if series.note:
        text.append("\n" if text else "")
        text.append(series.note, style="dim")
    return text


def _loads(session: ExerciseSession) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.load.strip() for s in session.sets if s.counts and s.load and s.load.strip()))


def _heading(session: SessionLines) -> Text:
    return Text.assemble((_day(session.started_at, weekday=True), "bold"), "  ", (session.routine_name, "italic"),
                         no_wrap=True, overflow="ellipsis")


def _row(line: ExerciseLine) -> Text:
    text = Text("  " + line.exercise_name, no_wrap=True, overflow="ellipsis")
    words = sets_in_words(line.amounts, line.is_hold, line.loads) if line.amounts else "nothing that counts"
    extras = [plural(n, word) for n, word in ((line.warmups, "warm-up"), (line.skipped, "skipped set")) if n]
    text.append(f"  {words}" + (f" (+ {', '.join(extras)})" if extras else ""), style="dim")
    return text


def _day(at: float, weekday: bool = False) -> str:
    """A date for people: "Mon 1 Dec 2026"."""
    moment = datetime.fromtimestamp(at)
    return f"{moment:%a} {moment.day} {moment:%b %Y}" if weekday else f"{moment:%A} {moment.day} {moment:%b %Y}"
