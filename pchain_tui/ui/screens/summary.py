"""The end of a workout: time, sets, reps, seconds held, time under tension, and next time."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from pchain_tui.domain.session.plan import Plan
from pchain_tui.domain.session.record import SessionRecord
from pchain_tui.ui.text import describe
from pchain_tui.ui.widgets.steady_footer import SteadyFooter


SAVING_RECHECK = 2.0
"""Seconds between looks at whether the sets not saved yet are saved now."""


class SummaryScreen(Screen[None]):
    """What was done."""

    CSS_PATH = "pages.tcss"

    BINDINGS = [Binding("enter,escape", "close", "Done", id="summary.close", tooltip="Back to the routines"),
                Binding("h", "history", "History", id="summary.history",
                        tooltip="Past sessions and each exercise's trend")]

    def __init__(self, plan: Plan, record: SessionRecord) -> None:
        super().__init__()
        self.plan = plan
        self.record = record
        """A snapshot of the session as it ended."""
        self._saving_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Headline, numbers, the sets, and (once the history answers) next time."""
        record = self.record
        with VerticalScroll(id="summary"):
            yield Static(Text(describe.summary_title(self.plan, record), style="bold"), id="summary-title")
            yield Static(Text(record.routine_name, style="italic"))
            yield Static(describe.summary_numbers(self.plan, record), id="summary-numbers")
            yield Static(describe.summary_table(self.plan, record), id="summary-sets")
            if self.app.services.history is not None:
                yield Static(id="summary-saved")
                yield Static(id="summary-next")
            yield Static(Text("enter: back to the routines", style="dim"))
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Ask the history what next time should be."""
        if self.app.services.history is not None:
            self._read_next_time()

    @work(exclusive=True, group="summary")
    async def _read_next_time(self) -> None:
        from pchain_tui.ui.text.history_notes import next_time_notes

        history = self.app.services.history
        await self._show_saving()
        lines = await asyncio.wrap_future(history.next_time(self.plan, self.record))
        self.query_one("#summary-next", Static).update(next_time_notes(lines))

    async def _show_saving(self) -> None:
        """Say whether every set is in the history; while some are not, look again now and then (the
        history keeps trying), so what this says stays true."""
        from pchain_tui.ui.text.history_notes import saving_note

        saving = await asyncio.wrap_future(self.app.services.history.saving())
        self.query_one("#summary-saved", Static).update(saving_note(saving, len(self.record.sets)))
        if saving.pending and self._saving_timer is None:
            self._saving_timer = self.set_interval(SAVING_RECHECK, self.recheck_saving)
        elif not saving.pending and self._saving_timer is not None:
            self._saving_timer.stop()

    def recheck_saving(self) -> None:
        """Look again whether every set is in the history (the timer's repaint)."""
        self.run_worker(self._show_saving(), exclusive=True, group="summary-saving")

    def action_history(self) -> None:
        """Show the history screen (today's session on top)."""
        self.app.open_history()

    def action_close(self) -> None:
        """Back to the picker."""
        self.app.back_to_picker()
