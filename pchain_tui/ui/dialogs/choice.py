"""A question with a few answers, each on a button and a key."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


@dataclass(frozen=True)
class Answer:
    """One answer: what it is called, the key that gives it, and the value it returns."""

    label: str
    key: str
    value: str
    variant: str = "default"


class ChoiceDialog(ModalScreen[str | None]):
    """Ask, with one button per answer; escape answers None (nothing changes)."""

    CSS_PATH = "dialogs.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    """Under 60 columns the buttons stand one under the other, a row each."""
    BINDINGS = [Binding("escape", "answer('')", "Cancel", id="choice.cancel")]

    def __init__(self, question: str, detail: str, answers: tuple[Answer, ...], *, focus: str | None = None) -> None:
        super().__init__()
        self.question, self.detail, self.answers = question, detail, answers
        self.focus_value = focus

    def compose(self) -> ComposeResult:
        """The question, what it is about, and the buttons."""
        with Vertical(id="confirm"):
            yield Static(Text(self.question, style="bold"))
            if self.detail:
                yield Static(Text(self.detail))
            with Horizontal(id="confirm-buttons"):
                for answer in self.answers:
                    yield Button(f"{answer.label} ({answer.key})", id=f"answer-{answer.value}",
                                 variant=answer.variant)

    def on_mount(self) -> None:
        """The safe answer has the focus."""
        if self.focus_value is not None:
            self.query_one(f"#answer-{self.focus_value}", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(str(event.button.id).removeprefix("answer-"))

    def on_key(self, event: events.Key) -> None:
        """An answer's key gives it (the keys differ from dialog to dialog, so they are not bindings)."""
        answer = next((a for a in self.answers if a.key == event.key), None)
        if answer is not None:
            event.stop()
            self.dismiss(answer.value)

    def action_answer(self, value: str) -> None:
        """A key answers (escape: none)."""
        self.dismiss(value or None)
