"""The tempo metronome (`pchain tempo`): the phase, its seconds counting down, the reps.

In tap mode the phases make no sound; the person taps space at every turn of the movement
and the summary shows, per phase, how far their timing was from the target.
"""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.cues import PHASE_CUES, Cue, CueEvent
from pchain_tui.domain.session.engine import SessionState
from pchain_tui.domain.session.plan import Plan, StepKind
from pchain_tui.domain.session.record import SessionRecord, SetRecord
from pchain_tui.domain.session.practice import TempoPractice
from pchain_tui.domain.session.taps import ON_TIME, Boundary, TapReport, analyse
from pchain_tui.domain.tempo import Phase
from pchain_tui.services.live_session import LiveSession
from pchain_tui.ui.screens.workout import WorkoutScreen
from pchain_tui.ui.text import describe
from pchain_tui.ui.widgets.big_digits import BigDigits
from pchain_tui.ui.widgets.steady_footer import SteadyFooter

SOUND_READY_TIMEOUT = 5.0
"""How long the metronome waits for sound to start before it starts without it."""

SILENT_IN_TAP_MODE = frozenset({Cue.LOWER.value, Cue.PAUSE.value, Cue.LIFT.value, Cue.REP.value})


class TempoScreen(WorkoutScreen):
    """A full-screen metronome for one movement."""

    BINDINGS = [
        # Space taps in tap mode and pauses otherwise: both are listed here, as a screen's own binding of
        # a key replaces the workout's (the one whose action is allowed handles the key).
        Binding("space", "tap", "Tap", id="tempo.tap", tooltip="Tap at every turn of the movement (tap mode)"),
        Binding("space", "pause", "Pause", id="session.pause", tooltip="Pause or resume"),
        Binding("p", "hold_on", "Pause", id="tempo.pause", tooltip="Pause or resume (tap mode)"),
    ]

    def __init__(self, live: LiveSession, practice: TempoPractice) -> None:
        super().__init__(live)
        self.practice = practice
        self.taps: list[float] = []
        self.boundaries: list[Boundary] = []

    def on_mount(self) -> None:
        """Straight to the get-ready once sound has started: a metronome has no intro to read, and its
        first tick is due the moment it starts, so the output stream must be open by then."""
        super().on_mount()
        sound = self.app.services.sound
        if sound is None:
            self._begin()
        else:
            self.run_worker(lambda: sound.wait_ready(SOUND_READY_TIMEOUT), thread=True, name="sound-ready",
                            exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Sound is ready (or will not be: the metronome starts anyway after the timeout)."""
        if event.worker.name == "sound-ready" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self._begin()

    def _begin(self) -> None:
        self.live.next()
        self.repaint()

    def _where(self, state: SessionState) -> Text:
        """The tempo and what it means, for the whole practice."""
        return Text.assemble((f"Tempo {self.practice.tempo}", "bold"),
                             f"  ·  {self.practice.tempo.describe(self.practice.start)}",
                             ("  ·  tap mode: space at every turn" if self.practice.tap else "", "italic"))

    def _show_timer(self, state: SessionState) -> None:
        super()._show_timer(state)
        step = state.step
        if step.work_kind is WorkKind.PACED and state.resume_left is None:
            self.query_one("#digits", BigDigits).value = str(max(1, math.ceil(state.phase_left - 1e-9)))
            self.query_one("#detail", Static).update(Text(
                f"rep {state.rep} of {step.target_reps}  ·  set {step.set_number} of {step.block.sets}"
                + (f"  ·  {len(self.taps)} taps" if self.practice.tap else "")))

    def show_cue(self, event: CueEvent) -> None:
        """Keep the exact time of every turn (for tap mode), then do what the workout does."""
        if event.phase is not None and event.cue in PHASE_CUES.values():
            self.boundaries.append(Boundary(event.at, event.phase))
        elif event.cue is Cue.SET_END:
            self.boundaries.append(Boundary(event.at, None))
        super().show_cue(event)

    def action_tap(self) -> None:
        """Space in tap mode: a tap (during a set)."""
        # A tap at the last turn may land just after the set ended: keep taps once work began.
        if self.live.state().step.kind is StepKind.WORK or self.boundaries:
            self.taps.append(self.live.clock.now())
            self.repaint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In tap mode space taps and `p` pauses; otherwise space pauses. The footer offers only the
        one that works (a disallowed binding also lets space fall through to the other)."""
        if action in ("hold_on", "tap"):
            return self.practice.tap
        if action == "pause" and self.practice.tap:
            return False
        return super().check_action(action, parameters)

    def action_hold_on(self) -> None:
        """p: pause or resume."""
        super().action_pause()

    def ask_what_was_done(self, set_record: SetRecord) -> None:
        """A metronome logs nothing: no dialog after a set."""

    def _band(self, state: SessionState) -> tuple[str, str]:
        if self.live.finished and self.practice.tap:
            return "DONE · enter shows your timing", "-done"
        return super()._band(state)

    def action_next(self) -> None:
        """Enter; once done in tap mode, the timing (so a tap at the last turn still counts)."""
        if self.live.finished and self.practice.tap:
            self._show_summary()
        else:
            super().action_next()

    def _finish(self, record: SessionRecord) -> None:
        if not self.practice.tap:  # in tap mode a last tap may still come: enter shows the timing
            self._show_summary()

    def _show_summary(self) -> None:
        self.live.stop()
        report = analyse(self.boundaries, self.taps) if self.practice.tap else None
        self.app.show_tempo_summary(self.live, self.practice, report)


class TempoSummaryScreen(Screen[None]):
    """How the practice went; in tap mode, the timing of each phase."""

    CSS_PATH = "pages.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (64, "-wide")]
    """The tap table needs 64 columns; under that each phase gets three short lines of words instead."""

    BINDINGS = [Binding("enter,escape,q", "close", "Done", id="temposummary.close")]

    def __init__(self, plan: Plan, record: SessionRecord, practice: TempoPractice, report: TapReport | None) -> None:
        super().__init__()
        self.plan, self.record, self.practice, self.report = plan, record, practice, report

    def compose(self) -> ComposeResult:
        """Numbers, and the tap table."""
        record = self.record
        with VerticalScroll(id="summary"):
            yield Static(Text(f"Tempo {self.practice.tempo} practice done", style="bold"), id="summary-title")
            yield Static(describe.summary_numbers(self.plan, record), id="summary-numbers")
            if self.report is not None:
                yield Static(tap_table(self.report), id="summary-taps")
                yield Static(tap_lines(self.report), id="summary-taps-narrow")
            yield Static(Text("enter: close", style="dim"))
        yield SteadyFooter()

    def action_close(self) -> None:
        """Leave."""
        self.app.exit()


def tap_table(report: TapReport) -> Table | Text:
    """Per phase: target, the person's average, the error, its spread and how often it was early or late."""
    if not report.phases:
        return _no_phases(report)
    table = Table(box=None, header_style="bold", pad_edge=False, title_justify="left", caption_justify="left",
                  title=f"Your timing ({report.timed} phases timed from {report.taps} taps)")
    for column in ("phase", "target", "yours", "off by", "spread", "early/ok/late"):
        table.add_column(column, justify="left" if column == "phase" else "right")
    for timing in report.phases:
        table.add_row(_phase_name(timing.phase), f"{timing.target:.1f} s", f"{timing.mean_actual:.1f} s",
                      f"{timing.mean_error:+.2f} s", f"±{timing.spread:.2f} s",
                      f"{timing.early}/{timing.on_time}/{timing.late}")
    table.caption = _tap_notes(report)
    return table


def tap_lines(report: TapReport) -> Text:
    """The tap table as words, two lines a phase, for narrow terminals."""
    if not report.phases:
        return _no_phases(report)
    text = Text(f"Your timing ({report.timed} phases timed from {report.taps} taps)\n", style="bold")
    for timing in report.phases:
        text.append(f"{_phase_name(timing.phase)}\n", style="bold")
        text.append(f"  {timing.mean_actual:.1f} s for {timing.target:.1f} s: {timing.mean_error:+.2f} "
                    f"±{timing.spread:.2f}\n  early {timing.early} · on time {timing.on_time} · late {timing.late}\n")
    text.append(_tap_notes(report), style="italic")
    return text


def _no_phases(report: TapReport) -> Text:
    return Text(f"{report.taps} taps: not enough to time a phase. "
                "Tap space each time the movement turns: as you start lowering, at the bottom, at the top.",
                style="italic")


def _tap_notes(report: TapReport) -> str:
    """The phase furthest off, in words, and what was left out."""
    notes = []
    worst = report.worst()
    if worst is None:
        notes.append(f"Every phase within {ON_TIME:g} s of its target on average.")
    else:
        hurry = worst.mean_error < 0
        notes.append(f"{_phase_name(worst.phase).capitalize()} took {worst.mean_actual:.1f} s for "
                     f"{worst.target:.1f} s: {'slow it down' if hurry else 'keep it shorter'}.")
    if report.strays or report.missed:
        notes.append(f"{_count(report.strays, 'stray tap')} and {_count(report.missed, 'turn')} not tapped "
                     "were left out.")
    return " ".join(notes)


def _phase_name(phase: Phase) -> str:
    return {Phase.LOWER: "lowering", Phase.LIFT: "lifting", Phase.PAUSE_BOTTOM: "pause (bottom)",
            Phase.PAUSE_TOP: "pause (top)"}[phase]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
