"""Offer to resume a workout that did not finish."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from pchain_tui.domain.session.record import SessionRecord
from pchain_tui.domain.training.recovery import ago
from pchain_tui.domain.words import plural


class ResumeDialog(ModalScreen[str | None]):
    """Resume, later, or forget an unfinished workout."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("l,escape", "choose('later')", "Later", id="resume.later"),
        Binding("d", "choose('discard')", "Discard", id="resume.discard"),
    ]

    def __init__(self, record: SessionRecord, now: float) -> None:
        super().__init__()
        self.record, self.now = record, now

    def compose(self) -> ComposeResult:
        """What was left unfinished, and three choices."""
        record = self.record
        sets = len(record.sets)
        last = record.sets[-1] if record.sets else None
        where = f" The last was {last.exercise_name}, set {last.set_number}." if last else ""
        with Vertical(id="confirm"):
            yield Static(Text(f"Resume {record.routine_name}?", style="bold"))
            yield Static(Text(f"Started {ago(self.now, record.started_at)}; {plural(sets, 'set')} done.{where}"))
            with Horizontal(id="confirm-buttons"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Later (l)", id="later")
                yield Button("Discard (d)", id="discard", variant="error")

    def on_mount(self) -> None:
        """Resume has the focus: enter resumes."""
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        """A button chooses."""
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        """A key chooses."""
        self.dismiss(choice)
