"""A routine's overview: its exercises, sets, tempo, rest, today's targets and the estimated time."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pchain_tui.domain.model import Routine
from pchain_tui.domain.quantities import format_minutes
from pchain_tui.domain.session.plan import Plan, build_plan
from pchain_tui.domain.training.warmup import Warmed
from pchain_tui.domain.words import plural
from pchain_tui.ui.text import describe
from pchain_tui.ui.widgets.steady_footer import SteadyFooter


class OverviewScreen(Screen[None]):
    """What a routine holds, before starting it."""

    CSS_PATH = "pages.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    """On a short terminal the description gives way to the table (the picker showed it)."""

    BINDINGS = [
        Binding("enter", "start", "Start", id="overview.start", tooltip="Start the workout"),
        Binding("escape,b", "back", "Back", id="overview.back", tooltip="Back to the routines"),
        Binding("q", "app.quit", "Quit", id="overview.quit", tooltip="Leave pchain"),
    ]
    PALETTE = (("Start workout", "Start this routine now", "start"),)

    def __init__(self, routine: Routine, note: str | None = None) -> None:
        super().__init__()
        self.routine = routine
        self.note = note
        """How today differs from the routine's file ("deload week: half the sets"), or None."""
        self.plan: Plan | None = None
        """Today's plan, once the history has given its targets."""
        self._start_when_ready = False

    def compose(self) -> ComposeResult:
        """Name, description, the table of exercises, and how to start."""
        routine = self.routine
        with VerticalScroll(id="overview"):
            yield Static(Text(routine.name, style="bold"), id="overview-title")
            if self.note:
                yield Static(Text(self.note[0].upper() + self.note[1:], style="bold"), id="overview-note")
            if routine.description:
                yield Static(Text(routine.description), id="overview-description")
            yield Static(id="overview-table")
            yield Static(id="overview-estimate")
            yield Static(id="overview-history")
        # Outside the scroll: however long the notes of a second run, how to start stays in view.
        yield Static(Text("Press enter to start.", style="bold"), id="overview-start")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Work out today's plan (its targets come from history, read off the UI thread) and show it."""
        self._read_history()

    @work(exclusive=True, group="overview")
    async def _read_history(self) -> None:
        history = self.app.services.history
        if history is None:
            self._show_plan(build_plan(self.routine, Warmed(settings=self.app.services.settings)))
            return
        library = self.app.routines.catalog.library
        planned = asyncio.wrap_future(history.plan(self.routine))
        notes = asyncio.wrap_future(history.overview(self.routine, library))
        self._show_plan(await planned)
        from pchain_tui.ui.text.history_notes import overview_notes

        self.query_one("#overview-history", Static).update(overview_notes(await notes))

    def _show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self._show_table()
        self.query_one("#overview-estimate", Static).update(
            Text(f"\n{plural(len(self.routine.blocks), 'exercise')} · {plural(self.routine.total_sets, 'set')} · "
                 f"about {format_minutes(plan.estimated_seconds()).lstrip('~')}", style="dim"))
        if self._start_when_ready:
            self.action_start()

    def _show_table(self) -> None:
        if self.plan is not None:
            self.query_one("#overview-table", Static).update(describe.overview_table(self.plan, self.size.width))

    def on_resize(self) -> None:
        """The table's columns follow the width."""
        self._show_table()

    def action_start(self) -> None:
        """Start the workout at the first exercise's intro (as soon as today's plan is known)."""
        if self.plan is None:
            self._start_when_ready = True  # the history is still answering; start the moment it has
            return
        self.app.start_workout(self.plan)

    def action_back(self) -> None:
        """Back to the picker."""
        self.app.back_to_picker()
