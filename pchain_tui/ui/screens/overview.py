"""A routine's overview: its exercises, sets, tempo, rest, today's targets and the estimated time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from pchain_tui.domain.model import Routine
from pchain_tui.domain.plan import Plan, build_plan
from pchain_tui.domain.quantities import format_minutes
from pchain_tui.ui import describe


class OverviewScreen(Screen[None]):
    """What a routine holds, before starting it."""

    CSS_PATH = "pages.tcss"

    BINDINGS = [
        Binding("enter", "start", "Start", id="overview.start", tooltip="Start the workout"),
        Binding("escape,b", "back", "Back", id="overview.back", tooltip="Back to the routines"),
    ]
    PALETTE = (("Start workout", "Start this routine now", "start"),)

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        """Name, description, the table of exercises, and how to start."""
        routine = self.routine
        with VerticalScroll(id="overview"):
            yield Static(Text(routine.name, style="bold"), id="overview-title")
            if routine.description:
                yield Static(Text(routine.description), id="overview-description")
            yield Static(id="overview-table")
            yield Static(id="overview-estimate")
            yield Static(id="overview-history")
            yield Static(Text("Press enter to start.", style="bold"), id="overview-start")
        yield Footer()

    def on_mount(self) -> None:
        """Work out today's plan (targets may come from history) and show it."""
        self.app.ensure_services()
        factory = self.app.options.policy_factory
        self.plan = build_plan(self.routine, factory() if factory else None)
        self.query_one("#overview-table", Static).update(describe.overview_table(self.plan))
        estimate = self.plan.estimated_seconds()
        self.query_one("#overview-estimate", Static).update(
            Text(f"\n{len(self.routine.blocks)} exercises · {self.routine.total_sets} sets · "
                 f"about {format_minutes(estimate).lstrip('~')}", style="dim"))
        notes = getattr(self.app.options.history, "overview_notes", None)
        if notes is not None:
            self.query_one("#overview-history", Static).update(notes(self.routine))

    def action_start(self) -> None:
        """Start the workout at the first exercise's intro."""
        from pchain_tui.ui.screens.workout import start_workout

        if self.plan is not None:
            start_workout(self.app, self.plan)

    def action_back(self) -> None:
        """Back to the picker."""
        self.app.pop_screen()
