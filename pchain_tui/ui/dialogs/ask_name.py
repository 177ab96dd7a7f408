"""Ask for a new routine's name."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class AskNameDialog(ModalScreen[str | None]):
    """One line of text; enter accepts, escape cancels."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="askname.cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and the input."""
        with Vertical(id="ask-name"):
            yield Static(Text(self.question, style="bold"))
            yield Input(placeholder="e.g. Monday hinge", id="name", max_length=60)

    @on(Input.Submitted)
    def accept(self, event: Input.Submitted) -> None:
        """Enter: the name (an empty one cancels)."""
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Escape: no name."""
        self.dismiss(None)
