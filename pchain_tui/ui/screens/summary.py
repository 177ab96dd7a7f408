"""The end of a workout: time, sets, reps, seconds held, time under tension, and next time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from pchain_tui.live_session import LiveSession
from pchain_tui.ui import describe


class SummaryScreen(Screen[None]):
    """What was done."""

    CSS_PATH = "pages.tcss"

    BINDINGS = [Binding("enter,escape", "close", "Done", id="summary.close", tooltip="Back to the routines")]

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        """Headline, numbers, the sets, and suggestions for next time."""
        record = self.live.record
        finished = record.state == "finished"
        title = "Workout done. Well trained." if finished else "Workout stopped. What you did is kept."
        with VerticalScroll(id="summary"):
            yield Static(Text(title, style="bold"), id="summary-title")
            yield Static(Text(record.routine_name, style="italic"))
            yield Static(describe.summary_numbers(record), id="summary-numbers")
            yield Static(describe.summary_table(record), id="summary-sets")
            notes = getattr(self.app.options.history, "summary_notes", None)
            if notes is not None:
                yield Static(notes(self.live.plan, record), id="summary-next")
            yield Static(Text("enter: back to the routines", style="dim"))
        yield Footer()

    def action_close(self) -> None:
        """Back to the picker."""
        from pchain_tui.ui.screens.picker import PickerScreen

        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, PickerScreen):
            self.app.pop_screen()
