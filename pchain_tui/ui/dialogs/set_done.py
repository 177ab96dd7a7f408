"""After a set: how many reps (or seconds) were really done, and with what load. Enter accepts."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.record import SetRecord


class SetDoneDialog(ModalScreen[tuple[int | None, float | None, str | None] | None]):
    """Log a finished set; prefilled with what the app counted (or the target)."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Keep as counted", id="setdone.cancel")]

    def __init__(self, set_record: SetRecord) -> None:
        super().__init__()
        self.set_record = set_record

    def compose(self) -> ComposeResult:
        """Title, the reps or seconds, the load."""
        record = self.set_record
        hold = record.kind is WorkKind.HOLD
        done = record.done_seconds if hold else record.done_reps
        if not hold and record.kind is WorkKind.SELF_PACED and not done:
            done = record.target_reps  # nothing counted: start from the target, as promised
        side = f" ({record.side.value})" if record.side else ""
        with Vertical(id="set-done"):
            yield Static(Text.assemble((f"{record.exercise_name}, set {record.set_number}{side} done", "bold"),
                                       ("   enter saves · esc keeps count", "dim")))
            with Horizontal(id="set-done-fields"):
                yield Label("Seconds" if hold else "Reps")
                yield Input(value=f"{done:.0f}" if done is not None else "", id="amount", type="integer")
                yield Label("Load")
                yield Input(value=record.load or "", id="load", max_length=40, placeholder="e.g. 20 kg")

    def on_mount(self) -> None:
        """Focus the number with it selected, so typing replaces it."""
        amount = self.query_one("#amount", Input)
        amount.focus()
        amount.select_all()

    @on(Input.Submitted)
    def accept(self) -> None:
        """Save what was typed."""
        text = self.query_one("#amount", Input).value.strip()
        value = int(text) if text.isdigit() else None
        load = self.query_one("#load", Input).value
        if self.set_record.kind is WorkKind.HOLD:
            self.dismiss((None, float(value) if value is not None else None, load))
        else:
            self.dismiss((value, None, load))

    def action_cancel(self) -> None:
        """Keep the set as the app recorded it."""
        self.dismiss(None)
