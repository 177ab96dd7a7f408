"""The workout: intro, get-ready, the set, rest, ... drawn from the session's state.

Nothing here keeps time. A repaint timer asks the live session for a snapshot at the clock's
current time and updates only what changed. What happens comes as messages: a cue played (from the
cue thread, so the screen turns over with the sound), a set finished (the dialog asks what was
done), the session ended (the summary follows).
"""

from __future__ import annotations

import math

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static

from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.cues import Cue, CueEvent
from pchain_tui.domain.session.engine import SessionState, Status
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.session.record import SessionRecord, SetRecord
from pchain_tui.domain.training.plates import plates_text
from pchain_tui.domain.words import plural
from pchain_tui.services.ports import Alerter
from pchain_tui.services.live_session import LiveSession
from pchain_tui.services.quiet_gc import QuietGarbageCollector
from pchain_tui.ui.dialogs.set_done import SetAnswer
from pchain_tui.ui.text import describe
from pchain_tui.ui.widgets.big_digits import BigDigits
from pchain_tui.ui.widgets.big_words import BigWords
from pchain_tui.ui.widgets.fill_bar import STEPS as BAR_STEPS
from pchain_tui.ui.widgets.fill_bar import FillBar
from pchain_tui.ui.widgets.steady_footer import SteadyFooter

PACED_REPAINT = 1 / 20
"""Seconds between repaints while a paced set moves the phase bar; times come from the clock."""
SLOWEST_REPAINT = 1.0
"""Repaint at least this often, whatever the step (a safety net; nothing needs it)."""
FASTEST_REPAINT = 1 / 30
SMOOTH_BAR_UP_TO = 10.0
"""Countdowns up to this long move their bar smoothly; longer ones (rests, holds) once a second,
which keeps a resting screen nearly free of CPU."""
FLASH_SECONDS = 0.12
GO_SECONDS = 1.0
"""A set's first second shows GO in the big digits (after the 3-2-1 of a rest or a get-ready)."""

PAUSED_WHEN_COVERED = (StepKind.WORK, StepKind.GET_READY, StepKind.SWITCH)
"""Steps that pause while another screen covers the workout."""

PHASE_CLASSES = ("-intro", "-ready", "-lower", "-pause", "-lift", "-hold", "-self", "-rest", "-switch", "-paused",
                 "-done")


class WorkoutScreen(Screen[None]):
    """One screen for the whole workout; what it shows follows the current step."""

    CSS_PATH = "workout.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (50, "-wide"), (120, "-very-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall"), (40, "-very-tall")]
    """On a tiny terminal (narrow or short) only what matters stays: the phase, the digits, the cue,
    where the workout stands; on a large one (very wide and very tall) the phase word doubles."""

    BINDINGS = [
        Binding("space", "pause", "Pause", id="session.pause", tooltip="Pause or resume"),
        Binding("enter", "next", "Next", id="session.next", tooltip="Start / set done / end the rest"),
        Binding("r", "count", "Rep +1", id="session.count", tooltip="Count a rep (self-paced sets)"),
        Binding("u", "uncount", "Rep -1", id="session.uncount", tooltip="Take back the last rep counted"),
        Binding("plus,equals_sign", "more_rest", "+15s", id="session.more_rest", tooltip="Add 15 s of rest"),
        Binding("minus", "less_rest", "-15s", id="session.less_rest", tooltip="Take 15 s off the rest"),
        Binding("s", "skip", "Skip", id="session.skip", tooltip="Skip this step"),
        Binding("b", "back", "Back", id="session.back", tooltip="Go back a step"),
        Binding("q", "quit", "Quit", id="session.quit", tooltip="Stop the workout (what you did is kept)"),
    ]
    PALETTE = (("Pause / resume", "Pause or resume the workout", "pause"),
               ("Skip", "Skip the current step", "skip"),
               ("Quit workout", "Stop here; what was done is kept", "quit"))

    class CuePlayed(Message):
        """A cue was played (posted from the cue thread)."""

        def __init__(self, event: CueEvent) -> None:
            super().__init__()
            self.event = event

    class SetFinished(Message):
        """A set (one side of a per-side set) was finished, by its timer or by the person."""

        def __init__(self, set_record: SetRecord) -> None:
            super().__init__()
            self.set_record = set_record

    class SessionEnded(Message):
        """The workout is over: finished, or quit."""

        def __init__(self, record: SessionRecord) -> None:
            super().__init__()
            self.record = record

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self._clock = ShownClock(live.clock.now())
        """The workout's time on screen, from when this workout began (a resumed one: when it was picked up)."""
        self._state: SessionState | None = None
        """The snapshot last drawn."""
        self._shown_step: tuple | None = None
        self._to_log: SetRecord | None = None
        """The latest finished set whose dialog has not been shown yet."""
        self._dialog_open = False
        self._ended: SessionRecord | None = None
        self._alerts_made: Alerter | None = None
        self._held_for: SetRecord | None = None
        """The left side whose dialog holds the switch to the right side."""
        self._left = False
        self._shown: dict[str, object] = {}
        """What each widget shows now, so a repaint updates only what changed."""
        self._plates: str | None = None
        """The plates per side of the set shown (barbell work with a load in numbers)."""
        self._paused_by_cover = False
        """A screen over this one (help, the palette, a question) paused the set; it resumes when that goes."""

    def compose(self) -> ComposeResult:
        """Where we are, the phase band, the intro or the timer, the cue, and what comes next."""
        with Vertical(id="workout"):
            with Horizontal(id="top"):
                yield Static(id="where")
                yield Static(id="progress")
            yield BigWords(id="phase")
            with ContentSwitcher(initial="timer", id="views"):
                with VerticalScroll(id="intro"):
                    yield Static(id="intro-text")
                with Vertical(id="timer"):
                    yield BigDigits(id="digits")
                    yield FillBar(id="bar")
                    yield Static(id="detail")
            yield Static(id="cue")
            yield Static(id="next")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Start the cue thread and the repaint timer; while the cue thread runs, garbage is collected
        only between cues (without it, as when tests play cues by hand, Python collects as usual)."""
        self.live.listener = self
        self._gc: QuietGarbageCollector | None = None
        if self.app.options.cue_thread:
            self._gc = QuietGarbageCollector()
            self._gc.start()
            self.live.start()
        self._repaint_timer: Timer | None = None
        self.repaint()

    def on_unmount(self) -> None:
        """Stop the cue thread when the screen goes away, and let Python collect garbage as usual."""
        self.live.stop()
        if self._gc is not None:
            self._gc.stop()

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        """Another screen covers this one: a set, or the countdown into one, pauses rather than run unseen.
        The set dialog is the exception: it sits low and leaves the pacing in view (and holds a per-side
        switch itself). A rest runs on: its end is heard."""
        from pchain_tui.ui.dialogs.set_done import SetDoneDialog

        if isinstance(self.app.screen, SetDoneDialog):
            return
        state = self.live.state()
        if state.status is Status.RUNNING and state.step.kind in PAUSED_WHEN_COVERED and self.live.pause():
            self._paused_by_cover = True
            self.repaint()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Uncovered: what the cover paused goes on (a set after a 3-2-1)."""
        if self._paused_by_cover:
            self._paused_by_cover = False
            self.live.resume()
        self.repaint()

    # --- what the session says (SessionListener: called on the cue thread or this one) -----------

    def cue_played(self, event: CueEvent) -> None:
        """A cue was played: handled on the app's thread."""
        self.post_message(self.CuePlayed(event))

    def set_finished(self, set_record: SetRecord) -> None:
        """A set was finished: handled on the app's thread."""
        self.post_message(self.SetFinished(set_record))

    def session_ended(self, record: SessionRecord) -> None:
        """The workout is over: handled on the app's thread."""
        self.post_message(self.SessionEnded(record))

    @on(CuePlayed)
    def _on_cue_played(self, message: CuePlayed) -> None:
        self.show_cue(message.event)

    def show_cue(self, event: CueEvent) -> None:
        """Repaint with the sound, and flash when asked to (or when there is no sound); when a rest
        or a hold ends while the terminal is not in front, alert the person who looked away."""
        if self.app.flash:
            self.add_class("-flash")
            self.set_timer(FLASH_SECONDS, lambda: self.remove_class("-flash"))
        self.repaint()
        if not self.app.app_focus and event.cue in (Cue.REST_END, Cue.SET_END):
            self._alert(event)

    def _alert(self, event: CueEvent) -> None:
        state = self._state or self.live.state()
        if event.cue is Cue.REST_END:
            upcoming = self.live.plan.next_work(event.step_index)  # the set after the rest that ended
            if upcoming is not None and upcoming.block is not None:
                self._alerts.alert("pchain: rest over", f"Next: {upcoming.block.exercise.name}, "
                                                        f"{upcoming.which()}")
        elif state.step.work_kind is WorkKind.HOLD and state.step.target_seconds:
            self._alerts.alert("pchain: hold time reached",
                               f"{state.step.block.exercise.name}: {state.step.target_seconds:.0f} s")

    @property
    def _alerts(self) -> Alerter:
        if self._alerts_made is None:
            self._alerts_made = self.app.services.alerter()
        return self._alerts_made

    # --- drawing -------------------------------------------------------------------------------

    def repaint(self) -> None:
        """Draw the state at the clock's current time, then wake again when something will show a change."""
        state = self._state = self.live.state()
        if self._gc is not None:
            self._gc.tick(state.now, self.live.next_cue_at())
        if self._repaint_timer is not None:
            self._repaint_timer.stop()
        self._repaint_timer = self.set_timer(
            next_repaint(state, self.query_one("#bar", FillBar).size.width, self._clock), self.repaint)
        # The load logged in a set's dialog arrives while the rest after it runs: "Next:" shows it then.
        step_key = (state.step_index, state.status, state.step.kind, state.next_load)
        if step_key != self._shown_step:
            self._shown_step = step_key
            self._show_step(state)
            self.refresh_bindings()
        self._show_timer(state)
        self._show_progress(state)

    def _show_progress(self, state: SessionState) -> None:
        """The workout's clock and set count; a new layout only when the line's width changes, since
        one each second would cost a resting screen more than all else it draws."""
        seconds = self._clock.show(state.now, _last_tick(state))
        progress = Text(describe.progress_text(self.live.plan, state.step_index, seconds, short=self._small))
        shown = self._shown.get("progress")
        if progress != shown:
            self._shown["progress"] = progress
            same_width = isinstance(shown, Text) and shown.cell_len == progress.cell_len
            self.query_one("#progress", Static).update(progress, layout=not same_width)

    def _show_step(self, state: SessionState) -> None:
        step, block = state.step, state.step.block
        views = self.query_one("#views", ContentSwitcher)
        self.query_one("#where", Static).update(self._where(state))
        views.current = "intro" if step.kind is StepKind.INTRO else "timer"
        self._plates = plates_text(self.live.load_for(step), block.exercise, self.app.services.settings) if (
            block is not None and step.kind in (StepKind.WORK, StepKind.GET_READY)) else None
        if step.kind is StepKind.INTRO and block is not None:
            plan = self.live.plan
            first = describe.first_work(plan, state.step_index)  # past the warm-ups: the load worked up to
            plates = plates_text(self.live.load_for(first) if first else state.next_load, block.exercise,
                                 self.app.services.settings)
            circuit = describe.circuit_words(plan, step.block_index) if block.circuit is not None else ""
            self.query_one("#intro-text", Static).update(describe.intro_text(
                block, first or state.next_work, plates, warmup=describe.warmup_words(plan, step.block_index),
                circuit=circuit, members=describe.circuit_members(plan, step.block_index)))
        self.query_one("#next", Static).update(describe.next_text(state.next_work, state.next_load) if step.kind in (
            StepKind.REST, StepKind.INTRO, StepKind.GET_READY) else "")
        self.query_one("#bar", FillBar).display = step.kind is not StepKind.INTRO and (
            step.duration is not None or step.work_kind is WorkKind.HOLD)

    @property
    def _small(self) -> bool:
        """A narrow or short terminal: the top line is one short row."""
        return self.has_class("-narrow") or self.has_class("-short")

    def on_resize(self) -> None:
        """A change of size may change the top line's words (short or long)."""
        self._shown_step = None
        self._shown.pop("progress", None)
        self.call_after_refresh(self.repaint)  # the breakpoint classes are set by then

    def _where(self, state: SessionState) -> Text:
        """The top line: exercise, set (or rest, or which exercise of how many) and side; on a small
        terminal the exercise and side only (the set is counted under the digits)."""
        step, block = state.step, state.step.block
        where = Text()
        if block is None:
            return where
        if self._small:  # the side first: a long name is cut with an ellipsis, never the side
            if step.side is not None:
                where.append(step.side.value.upper(), style="bold reverse")
                where.append(" ")
            where.append(block.exercise.name, style="bold")
            return where
        where.append(block.exercise.name, style="bold")
        if step.kind is StepKind.INTRO:
            if block.circuit is not None:
                where.append(f"  ·  {block.circuit.word} of {plural(block.circuit.size, 'exercise')}")
            else:
                where.append(f"  ·  exercise {step.block_index + 1} of {len(self.live.plan.routine.blocks)}")
        elif step.kind is StepKind.REST and step.warmup is not None:  # short: the set count is on the right
            where.append(f"  ·  rest after warm-up {step.warmup[0]}")
        elif step.kind is StepKind.REST:
            where.append(f"  ·  rest after {step.which()}")
        else:
            where.append(f"  ·  {step.which()}")

        if step.side is not None:
            where.append(f"  ·  {step.side.value.upper()}", style="bold reverse")
        return where

    def _band(self, state: SessionState) -> tuple[str, str]:
        """The phase band's words and class."""
        step = state.step
        if state.status is Status.PAUSED and self._held_for is not None:
            return f"{self._held_for.side.value.upper()} SIDE DONE · log it below", "-switch"
        if state.status is Status.PAUSED:
            return "PAUSED · space to resume", "-paused"
        if state.resume_left is not None:
            return "GET READY", "-ready"
        if step.kind is StepKind.INTRO:
            return "READ THE CUES · enter to start", "-intro"
        if step.kind is StepKind.GET_READY:
            return "GET READY", "-ready"
        if step.kind is StepKind.SWITCH:
            return f"SWITCH SIDES → {step.side.value.upper() if step.side else ''}", "-switch"
        if step.kind is StepKind.REST:
            return "REST", "-rest"
        if step.kind is StepKind.FINISHED:
            return "DONE", "-done"
        if step.work_kind is WorkKind.HOLD:
            past = state.hold_left is not None and state.hold_left <= 0
            return ("HOLD ON · enter when you stop" if past else "HOLD"), "-hold"
        if step.work_kind is WorkKind.SELF_PACED:
            return "YOUR PACE · r counts a rep · enter when done", "-self"
        word, seconds = _phase_now(state)
        return f"{word}  {seconds}", f"-{word.lower()}"

    def _big_words(self, state: SessionState) -> tuple[str, ...]:
        """What the band draws big when it fits, most complete first: during a set, the phase (with its
        seconds when there is room); nothing otherwise, where the band's words are the message."""
        step = state.step
        if step.kind is not StepKind.WORK or state.status is not Status.RUNNING or state.resume_left is not None:
            return ()
        if step.work_kind is WorkKind.HOLD:
            return ("HOLD ON", "HOLD") if state.hold_left is not None and state.hold_left <= 0 else ("HOLD",)
        if step.work_kind is WorkKind.PACED:
            word, seconds = _phase_now(state)
            return f"{word} {seconds}", word
        return ()

    def _show_timer(self, state: SessionState) -> None:
        words, css = self._band(state)
        band = self.query_one("#phase", BigWords)
        band.show(words, self._big_words(state))
        for name in PHASE_CLASSES:
            band.set_class(name == css, name)
        step = state.step
        digits = self.query_one("#digits", BigDigits)
        detail = Text()
        if state.resume_left is not None:
            digits.value = str(math.ceil(state.resume_left - 1e-9))
        elif step.work_kind is WorkKind.PACED:
            digits.value = str(state.rep)  # the rep in progress: the one count shown, as a coach counts
            detail = Text(f"rep {state.rep} of {step.target_reps}")
        elif step.work_kind is WorkKind.SELF_PACED:
            digits.value = str(state.reps_done)
            detail = Text(f"reps counted  ·  target {step.target_reps}  ·  {describe.clock_text(state.elapsed, True)}"
                          "  ·  u takes one back")
        elif step.work_kind is WorkKind.HOLD and state.hold_left is not None:
            if state.hold_left > 0:  # counting down to the target...
                digits.value = describe.clock_text(math.ceil(state.hold_left - 1e-9))
                detail = Text(f"hold {step.target_seconds:g} s")
            else:  # ...then up, for as long as the person holds on
                digits.value = "+" + describe.clock_text(math.floor(-state.hold_left + 1e-9))
                detail = Text(f"{step.target_seconds:g} s done; held {math.floor(state.elapsed + 1e-9)} s  ·  "
                              "enter when you stop")
        elif state.left is not None:
            digits.value = describe.clock_text(math.ceil(state.left - 1e-9))
            if step.kind is StepKind.REST and self._small:  # the footer has the keys; what comes next matters
                detail = Text.assemble((describe.rest_text(step) + "\n", "dim"),
                                       describe.next_text(state.next_work, state.next_load, after=step))
            elif step.kind is StepKind.REST:
                detail = Text(f"{describe.rest_text(step)}  ·  + / - change it by 15 s  ·  s skips it",
                              style="dim")
        if _shows_go(state):
            digits.value = "GO"
        if step.kind is StepKind.WORK and step.warmup is not None and step.target_load:
            detail.append(("  ·  " if detail.plain else "") + f"warm-up at {step.target_load}")
        if step.kind is StepKind.WORK and (last := describe.last_text(step)):
            detail.append(("  ·  " if detail.plain else "") + last, style="dim")
        following = state.next_work
        if (step.kind is StepKind.WORK and step.block is not None and step.block.circuit is not None
                and following is not None and following.block is not None
                and following.block_index != step.block_index):
            detail.append(("  ·  " if detail.plain else "") + f"next: {following.block.exercise.name}")
        if self._plates and not self._small:
            detail.append(("  ·  " if detail.plain else "") + self._plates, style="dim")
        self._update(self.query_one("#detail", Static), detail)
        bar = self.query_one("#bar", FillBar)
        bar.fraction = state.phase_fraction if step.work_kind is WorkKind.PACED else (state.fraction or 0.0)
        cue = None
        if block := step.block:
            if step.kind is StepKind.WORK:
                cue = block.exercise.cue_for(state.phase if step.work_kind is WorkKind.PACED else None)
            elif step.kind in (StepKind.GET_READY, StepKind.SWITCH):
                cue = block.exercise.cues[0] if block.exercise.cues else None
        self._update(self.query_one("#cue", Static), Text(cue or ""))

    def _update(self, widget: Static, content: Text) -> None:
        """Update a widget only when what it shows changes (an update costs a repaint)."""
        if self._shown.get(widget.id or "") != content:
            self._shown[widget.id or ""] = content
            widget.update(content)

    # --- end of a set ------------------------------------------------------------------------------

    @on(SetFinished)
    def _on_set_finished(self, message: SetFinished) -> None:
        self.ask_what_was_done(message.set_record)

    def ask_what_was_done(self, set_record: SetRecord) -> None:
        """Offer the set dialog (after the one open now, if any); a skipped set has nothing to log."""
        if set_record.skipped:
            return
        self._to_log = set_record
        self._offer_set_dialog()

    @on(SessionEnded)
    def _on_session_ended(self, message: SessionEnded) -> None:
        """Show the summary once the last set's dialog is answered."""
        self._ended = message.record
        self._finish_when_ready()

    def _offer_set_dialog(self) -> None:
        if self._to_log is None or self._dialog_open:
            return
        from pchain_tui.ui.dialogs.set_done import SetDoneDialog

        set_record, self._to_log = self._to_log, None
        self._dialog_open = True
        if set_record.side is Side.LEFT and self.live.state().status is Status.RUNNING:
            # The right side waits for this side to be logged: its switch countdown starts after.
            self._held_for = set_record
            self.live.toggle_pause()
        block = self.live.plan.routine.blocks[set_record.block_index]
        settings = self.app.services.settings
        self.app.push_screen(SetDoneDialog(set_record, block.exercise, settings,
                                           describe.set_words(set_record, block, self.live.plan)),
                             lambda answer: self._set_logged(set_record, answer))

    def _set_logged(self, set_record: SetRecord, answer: SetAnswer | None) -> None:
        self._dialog_open = False
        if answer is not None:
            self.live.log_set(set_record.key, answer.reps, answer.seconds, answer.load, answer.note,
                              rpe=answer.rpe, rir=answer.rir)
        if self._held_for is set_record:
            self._held_for = None
            if self.live.state().status is Status.PAUSED:
                self.live.toggle_pause()
        self.repaint()
        self._offer_set_dialog()
        self._finish_when_ready()

    def _finish_when_ready(self) -> None:
        if self._ended is not None and not self._dialog_open and self._to_log is None and not self._left:
            self._left = True
            self.live.stop()
            self._finish(self._ended)

    def _finish(self, record: SessionRecord) -> None:
        """The workout is over: show what was done."""
        self.app.show_summary(self.live.plan, self.live.record)

    # --- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now."""
        step = (self._state or self.live.state()).step
        if action in ("count", "uncount"):
            return step.work_kind is WorkKind.SELF_PACED
        if action in ("more_rest", "less_rest"):
            return step.kind is StepKind.REST
        return True

    def _act(self, done: bool) -> None:
        if done:
            self.repaint()
        else:
            self.app.bell()

    def action_pause(self) -> None:
        """Pause or resume."""
        self._act(self.live.toggle_pause())

    def action_next(self) -> None:
        """Start, finish the set, or end the rest now."""
        self._act(self.live.next())

    def action_count(self) -> None:
        """Count one self-paced rep."""
        self._act(self.live.count_rep())

    def action_uncount(self) -> None:
        """Take back the last self-paced rep counted."""
        self._act(self.live.uncount_rep())

    def action_more_rest(self) -> None:
        """15 s more rest."""
        self._act(self.live.adjust_rest(15) != 0)

    def action_less_rest(self) -> None:
        """15 s less rest."""
        self._act(self.live.adjust_rest(-15) != 0)

    def action_skip(self) -> None:
        """Skip this step. A set already under way asks first: log what was done, or skip it (it is then
        logged as skipped, and the screen says so)."""
        state = self.live.state()
        step = state.step
        if step.kind is not StepKind.WORK:
            self._act(self.live.skip())
            return
        done = _done_so_far(state)
        if done is None:
            self._skip_set(step)
            return
        from pchain_tui.ui.dialogs.choice import Answer, ChoiceDialog

        def answered(choice: str | None) -> None:
            if choice == "log":
                self._act(self.live.next())
            elif choice == "skip":
                self._skip_set(step)

        what = describe.set_title(step)
        self.app.push_screen(ChoiceDialog(
            f"Skip {what}?", f"You have done {done} so far. Log that, or skip the set (it is logged as skipped).",
            (Answer(f"Log {done}", "l", "log", "primary"), Answer("Skip the set", "s", "skip", "error"),
             Answer("Keep going", "k", "keep")), focus="keep"), answered)

    def _skip_set(self, step) -> None:
        if self.live.skip():
            title = describe.set_title(step)
            self.notify(f"{title[0].upper()}{title[1:]} logged as skipped.", timeout=4)
            self.repaint()
        else:
            self.app.bell()

    def action_back(self) -> None:
        """Back a step."""
        self._act(self.live.back())

    def action_quit(self) -> None:
        """Ask, then stop the workout and show what was done."""
        from pchain_tui.ui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.live.quit()
                self.repaint()

        self.app.push_screen(ConfirmDialog("Stop the workout?", "What you have done so far is kept.",
                                           yes="Stop", no="Keep going"), answered)


def _done_so_far(state: SessionState) -> str | None:
    """What a set under way has done ("5 reps", "20 s held"), or None when nothing yet."""
    step = state.step
    if state.resume_left is not None and state.elapsed == 0:
        return None
    if step.work_kind is WorkKind.HOLD:
        return f"{state.elapsed:.0f} s held" if state.elapsed >= 1 else None
    return plural(state.reps_done, "rep") if state.reps_done else None


class ShownClock:
    """The workout's time as the screen shows it, in whole seconds from `began` on the session's clock.

    While a countdown changes the screen once a second (a long rest, a hold), the clock moves on the
    same instants, so a resting screen wakes once a second, not twice: it shows the workout's time
    as of the countdown's last second, up to a second late. It takes a countdown's instants only when
    that moves it on by one second at most, so it never skips a second, never goes back (it may hold
    one a little longer), and is never ahead of the clock.
    """

    def __init__(self, began: float) -> None:
        self.began = began
        self.lag = 0.0
        """How far behind the clock's seconds the shown ones change, 0 <= lag < 1."""
        self.shown = 0

    def show(self, now: float, tick: float | None) -> int:
        """The seconds to show at `now`; `tick`: when the step's own countdown last changed, if it
        changes only once a second."""
        if tick is not None and not self.follows(tick):
            phase = (tick - self.began) % 1.0
            if self._seconds(now, phase) <= self.shown + 1:
                self.lag = phase
        self.shown = max(self.shown, self._seconds(now, self.lag))
        return self.shown

    def follows(self, tick: float) -> bool:
        """True when the shown seconds change on the same instants as a countdown that changed at `tick`."""
        apart = abs((tick - self.began) % 1.0 - self.lag)
        return min(apart, 1.0 - apart) < 1e-6

    def until_next(self, now: float) -> float:
        """Seconds until the shown clock's next second."""
        return _until_next_second(-(now - self.began - self.lag) + 1.0)

    def _seconds(self, now: float, lag: float) -> int:
        return math.floor(now - self.began - lag + 1e-6)  # float noise must not lose a whole second


def next_repaint(state: SessionState, bar_width: int, clock: ShownClock) -> float:
    """Seconds until the screen will show something new: the step's next change, the workout clock's
    next second when the step's own seconds do not bring it, or the end of a set's GO."""
    wait = _next_change(state, bar_width)
    tick = _last_tick(state)
    if tick is None or not clock.follows(tick):
        wait = min(wait, clock.until_next(state.now))
    if _shows_go(state):
        wait = min(wait, GO_SECONDS - state.elapsed + 0.002)
    return wait


def _last_tick(state: SessionState) -> float | None:
    """When the step's display last changed, for a step that changes it only once a second (a long
    rest, a hold, a self-paced set, the get-ready after a pause); None for any other."""
    step = state.step
    if state.status is not Status.RUNNING:
        return None
    if state.resume_left is not None:
        counted = state.resume_left
    elif step.work_kind is WorkKind.HOLD and state.hold_left is not None:
        counted = state.hold_left if state.hold_left > 0 else -state.hold_left + 1.0
    elif step.work_kind is WorkKind.SELF_PACED:
        counted = -state.elapsed + 1.0
    elif (step.work_kind is None and state.left is not None and step.duration is not None
          and step.duration > SMOOTH_BAR_UP_TO):
        counted = state.left
    else:
        return None
    return state.now - (math.ceil(counted - 1e-9) - counted)  # it changes when `counted` passes a whole number


def _next_change(state: SessionState, bar_width: int) -> float:
    """Seconds until the step shows something new: the next whole second of a countdown, or the
    next step of the bar; so a resting screen costs almost nothing."""
    step = state.step
    if state.status is not Status.RUNNING:
        return SLOWEST_REPAINT
    if state.resume_left is not None:
        return _until_next_second(state.resume_left)
    if step.work_kind is WorkKind.PACED:
        return PACED_REPAINT
    if step.work_kind is WorkKind.HOLD and state.hold_left is not None:
        # The digits change on each whole second of the countdown, then of the count past it.
        return _until_next_second(state.hold_left) if state.hold_left > 0 else _until_next_second(-state.hold_left
                                                                                                  + 1.0)
    if step.work_kind is WorkKind.SELF_PACED:
        return _until_next_second(-state.elapsed + 1.0)  # the elapsed time shown moves once a second
    if state.left is None or not step.duration:
        return SLOWEST_REPAINT
    next_second = _until_next_second(state.left)
    if step.duration > SMOOTH_BAR_UP_TO:
        return next_second  # a long rest or hold: the digits and the bar move once a second
    bar_step = step.duration / min(BAR_STEPS, max(1, bar_width * 8))  # the bar's visible resolution
    return max(FASTEST_REPAINT, min(next_second, bar_step))


def _phase_now(state: SessionState) -> tuple[str, int]:
    """The paced rep's phase word and its whole seconds left."""
    return (state.phase.word if state.phase else "GO"), math.ceil(state.phase_left - 1e-9)


def _shows_go(state: SessionState) -> bool:
    """True in a set's first second, before anything was counted: the big digits say GO."""
    return (state.step.kind is StepKind.WORK and state.status is Status.RUNNING and state.resume_left is None
            and state.elapsed < GO_SECONDS and state.reps_done == 0)


def _until_next_second(left: float) -> float:
    """When ceil(left) goes down by one (a hair after, so the new digit is certain to show)."""
    fraction = left - math.floor(left)
    return (fraction if fraction > 1e-6 else 1.0) + 0.002
