"""After a set: how many reps (or seconds) were really done, with what load, how hard it was (RPE or
reps in reserve, when the settings ask for it), and a note. Enter saves.

The load starts from the set's own load: the one logged for the previous set of the exercise today,
else today's planned load. `+` and `-` in the load field move it by one step of the exercise's
equipment (the next plates, dumbbells or bell); a load typed as a bare number gets the units of
the settings, so the history never keeps a number that could be kilograms or pounds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pchain_tui.domain.model import Exercise, WorkKind
from pchain_tui.domain.session.record import SetRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.loads import with_unit
from pchain_tui.domain.training.steps import Equipment, equipment_of, stepped


@dataclass(frozen=True)
class SetAnswer:
    """What the person logged for a set (None: kept as counted)."""

    reps: int | None
    seconds: float | None
    load: str | None
    """"" clears the load; None leaves it."""
    note: str | None
    rpe: float | None = None
    """How hard it felt, 1-10 (asked when the settings' effort is "rpe"); None: not said."""
    rir: float | None = None
    """Reps left in reserve (asked when the settings' effort is "rir"); None: not said."""

EFFORT_FIELDS = {"rpe": ("RPE", "1-10", 1.0, 10.0, "RPE is how hard the set was, 1 to 10 (halves too, like 8.5)"),
                 "rir": ("RIR", "0-10", 0.0, 10.0, "RIR is the reps you had left in you, 0 to 10")}
"""The effort field for each setting: label, placeholder, range, and what to say when it is out of it."""


class LoadInput(Input):
    """The load field: `+` and `-` move the load one step of the equipment, when a step is known.

    The keys are priority bindings because an Input types every printable key itself before any
    ordinary binding sees it."""

    BINDINGS = [
        Binding("plus", "step(1)", "Load up", show=False, priority=True),
        Binding("minus", "step(-1)", "Load down", show=False, priority=True),
    ]

    def __init__(self, step: Callable[[str, int], str | None], **kwargs) -> None:
        super().__init__(**kwargs)
        self._step = step

    def action_step(self, by: int) -> None:
        """One step up or down; words ("light") or no known step: the key types as usual."""
        moved = self._step(self.value, by)
        if moved is None:
            self.insert_text_at_cursor("+" if by > 0 else "-")
            return
        self.value = moved
        self.cursor_position = len(moved)


class SetDoneDialog(ModalScreen[SetAnswer | None]):
    """Log a finished set; prefilled with what the app counted (or the target) and the set's load."""

    CSS_PATH = "dialogs.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    """Under 60 columns the fields stack, one row each."""

    BINDINGS = [Binding("escape", "cancel", "Save as counted", id="setdone.cancel")]

    def __init__(self, set_record: SetRecord, exercise: Exercise, settings: Settings, which: str | None = None) -> None:
        super().__init__()
        self.which = which or ("warm-up" if set_record.role == "warmup" else f"set {set_record.set_number}")
        """Which set it was, in words: "set 2", "round 2", "warm-up 1"."""
        self.set_record = set_record
        self.exercise = exercise
        self.settings = settings

    def compose(self) -> ComposeResult:
        """Title, the reps or seconds, the load and a note."""
        record = self.set_record
        hold = record.kind is WorkKind.HOLD
        done = record.done_seconds if hold else record.done_reps
        if not hold and record.kind is WorkKind.SELF_PACED and not done:
            done = record.target_reps  # nothing counted: start from the target, as promised
        side = f" ({record.side.value})" if record.side else ""
        bodyweight = equipment_of(self.exercise) is Equipment.BODYWEIGHT
        with Vertical(id="set-done"):
            with Horizontal(id="set-done-title"):
                yield Static(Text(f"{record.exercise_name}, {self.which}{side} done", style="bold"),
                             id="set-done-name")
                yield Static(Text("enter saves · esc as counted · +/- load", style="dim"),
                             id="set-done-keys")
            with Horizontal(id="set-done-fields"):
                yield Label("Seconds" if hold else "Reps")
                yield Input(value=f"{done:.0f}" if done is not None else "", id="amount", type="integer")
                yield Label("Load")
                yield LoadInput(lambda text, by: stepped(text, self.exercise, self.settings, by),
                                value=record.load or "", id="load", max_length=40,
                                placeholder="none" if bodyweight else f"e.g. 20 {self.settings.units}")
                if self.settings.effort in EFFORT_FIELDS:
                    label, hint, *_ = EFFORT_FIELDS[self.settings.effort]
                    said = record.rpe if self.settings.effort == "rpe" else record.rir
                    yield Label(label)
                    yield Input(value="" if said is None else f"{said:g}", id="effort", type="number",
                                max_length=4, placeholder=hint)
                yield Label("Note")
                yield Input(value=record.note or "", id="note", max_length=120, placeholder="optional")

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
        load = with_unit(self.query_one("#load", Input).value, self.settings.units) or ""
        note = self.query_one("#note", Input).value
        try:
            effort = self._effort()
        except ValueError as problem:  # said, and the dialog stays with the field focused
            self.notify(str(problem), severity="warning", timeout=5)
            self.query_one("#effort", Input).focus()
            return
        rpe, rir = (effort, None) if self.settings.effort == "rpe" else (None, effort)
        if self.set_record.kind is WorkKind.HOLD:
            self.dismiss(SetAnswer(None, float(value) if value is not None else None, load, note, rpe, rir))
        else:
            self.dismiss(SetAnswer(value, None, load, note, rpe, rir))

    def _effort(self) -> float | None:
        """The effort typed (None when left empty or not asked); ValueError, saying why, when it is not
        one the setting allows."""
        if self.settings.effort not in EFFORT_FIELDS:
            return None
        text = self.query_one("#effort", Input).value.strip()
        if not text:
            return None
        _label, _hint, low, high, explain = EFFORT_FIELDS[self.settings.effort]
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high or (value * 2) % 1:
            raise ValueError(f"{explain}; '{text}' is not one.")
        return value

    def action_cancel(self) -> None:
        """Keep the set as the app recorded it."""
        self.dismiss(None)
