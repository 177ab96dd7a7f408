"""The session engine: what the person should be doing at any instant, and which cue is due when.

Everything is computed from deadlines on an injected monotonic clock, never by counting ticks.
Each step has a start time; its active elapsed time is `now - start`. Pausing freezes that;
resuming moves the start by the paused time (plus a short get-ready for work), so every later
deadline moves with it. A step that runs out ends at exactly its deadline and the next one starts
there, however late anyone looks, so nothing drifts.

Cue events are delivered by `poll(now)`, each exactly once and in time order. A control (skip,
+15 s, resume...) never rewrites the past: events that a control moves before "now" are dropped.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from enum import Enum

from pchain_tui.domain.clock import Clock
from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.cues import PHASE_CUES, Cue, CueEvent
from pchain_tui.domain.session.plan import Plan, Step, StepKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.tempo import Phase

_EPS = 1e-6
"""Slack for float sums of phase lengths when counting whole reps."""


class Status(Enum):
    """Whether the session is going."""

    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    QUIT = "quit"


class EndedBy(Enum):
    """How a step ended."""

    TIMER = "timer"
    """Its time ran out."""
    NEXT = "next"
    """The person moved on (enter)."""
    SKIP = "skip"
    BACK = "back"


@dataclass(frozen=True)
class StepSpan:
    """How a visited step went: when it started and ended, paused time, adjustments, how it ended."""

    index: int
    started: float
    ended: float
    paused: float
    """Seconds the step's deadlines were moved by pauses and resume countdowns."""
    extra: float
    """Seconds added or removed (+/- on rest)."""
    ended_by: EndedBy


@dataclass(frozen=True)
class SessionState:
    """A snapshot of the session at one instant: everything a screen needs to draw."""

    now: float
    status: Status
    step_index: int
    step: Step
    elapsed: float
    """Active seconds in this step."""
    left: float | None
    """Seconds left in this step; None when it waits for the person."""
    fraction: float | None
    """How much of the step is done, 0..1."""
    reps_done: int = 0
    """Reps completed (paced: by the clock; self-paced: counted)."""
    rep: int = 0
    """The rep in progress, 1-based (paced work)."""
    phase: Phase | None = None
    phase_left: float = 0.0
    phase_fraction: float = 0.0
    resume_left: float | None = None
    """Seconds of the get-ready countdown after a resume, while it runs."""
    next_work: Step | None = None
    """The next set to do, for "what comes next"."""
    next_load: str | None = None
    """The load of the next set: the load last logged for that exercise today, else the plan's."""
    hold_left: float | None = None
    """Seconds to a hold's target; below zero once the person holds on past it."""

    @property
    def paused(self) -> bool:
        """True while paused."""
        return self.status is Status.PAUSED


class SessionEngine:
    """Runs a plan against a clock. Not thread-safe: callers on several threads must share a lock."""

    def __init__(self, plan: Plan, clock: Clock, record: SessionRecord | None = None) -> None:
        self.plan = plan
        self.clock = clock
        now = clock.now()
        self._epoch = clock.wall() - now
        routine = plan.routine
        self.record = record or SessionRecord(routine.id, routine.name, routine.content_hash, clock.wall(),
                                              routine_path=str(routine.path) if routine.path else None)
        self.status = Status.RUNNING
        self.spans: list[StepSpan] = []
        self._finished: list[SetRecord] = []
        self._corrected: list[SetRecord] = []
        self._loads: dict[int, str | None] = {s.block_index: s.load for s in self.record.sets if s.counts}
        """Each exercise's load as last logged today: the next set of it starts from there."""
        self._outbox: list[CueEvent] = []
        self._visit = 0
        self._resumes = 0
        start = self._resume_index() if record is not None and record.sets else 0
        self._enter(start, now)
        if start and self.step.kind is StepKind.WORK:
            self._start_resume_countdown(now, 0.0)  # picking up a saved session: a get-ready first

    # --- reading -------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        """The current step."""
        return self.plan.steps[self._index]

    @property
    def index(self) -> int:
        """The current step's index in the plan."""
        return self._index

    def state(self, now: float | None = None) -> SessionState:
        """The session at `now` (the clock's time by default)."""
        now = self.clock.now() if now is None else now
        self._advance(now)
        step = self.step
        elapsed = self._elapsed(now)
        duration = self._duration()
        left = None if duration is None else max(0.0, duration - elapsed)
        fraction = None if not duration else min(1.0, elapsed / duration)
        resume_left = None
        if self._resume_until is not None and now < self._resume_until and self.status is Status.RUNNING:
            resume_left = self._resume_until - now
        reps_done, rep, phase, phase_left, phase_fraction = self._counted, 0, None, 0.0, 0.0
        if step.work_kind is WorkKind.PACED and step.phases:
            phase, phase_left, phase_fraction, rep_index = _phase_at(step, elapsed)
            rep = min(rep_index + 1, step.target_reps or 1)
            reps_done = min(step.target_reps or 0, math.floor(elapsed / step.rep_seconds + _EPS))
        hold_left = None
        if step.work_kind is WorkKind.HOLD and step.target_seconds:
            hold_left = step.target_seconds - elapsed
            fraction = min(1.0, elapsed / step.target_seconds)
        next_work = self.plan.next_work(self._index)
        return SessionState(now, self.status, self._index, step, elapsed, left, fraction, reps_done, rep, phase,
                            phase_left, phase_fraction, resume_left, next_work,
                            self.load_for(next_work) if next_work is not None else None, hold_left)

    def load_for(self, step: Step) -> str | None:
        """The load a set starts from: its exercise's load as last logged today, else the plan's; a
        warm-up's is its ramp's."""
        if step.warmup is not None:
            return step.target_load
        return self._loads.get(step.block_index, step.target_load)

    def poll(self, now: float | None = None) -> list[CueEvent]:
        """The cue events due by `now` that were not delivered yet, in time order."""
        now = self.clock.now() if now is None else now
        self._advance(now)
        due, self._outbox = self._outbox, []
        return due

    def take_finished(self) -> list[SetRecord]:
        """The sets finished or skipped since the last call, in order (a redone set again): for savers
        to follow."""
        finished, self._finished = self._finished, []
        return finished

    def take_corrected(self) -> list[SetRecord]:
        """Sets changed since the last call without being done again (the rest taken after them)."""
        corrected, self._corrected = self._corrected, []
        return corrected

    def next_event(self) -> CueEvent | None:
        """The next cue expected, or None (paused, waiting for the person, or finished)."""
        if self._outbox:
            return self._outbox[0]
        return next((events[0] for events in self._future() if events), None)

    def upcoming(self, until: float) -> list[CueEvent]:
        """Every undelivered event due by `until`, in time order, without delivering any: what a
        sound stream is handed ahead of time. Empty while paused or waiting for the person."""
        later = (event for events in self._future() for event in events)
        return list(itertools.takewhile(lambda event: event.at <= until, itertools.chain(self._outbox, later)))

    def _future(self):
        """Lists of undelivered events, step by step from the current one, while steps run by themselves."""
        if self.status is not Status.RUNNING:
            return
        yield self._pending()
        index, start = self._index, self._end()
        while start is not None and index + 1 < len(self.plan.steps):
            index += 1
            step = self.plan.steps[index]
            ticks = self.plan.timings.countdown_ticks
            yield [CueEvent(start + off, cue, index, detail, key, phase)
                   for off, cue, detail, key, phase in _events(step, step.duration, ticks)]
            start = None if step.duration is None else start + step.duration

    # --- controls ------------------------------------------------------------------------------

    def pause(self, now: float) -> bool:
        """Freeze the session; returns False when it was not running."""
        self._advance(now)
        if self.status is not Status.RUNNING:
            return False
        self._paused_elapsed = self._elapsed(now)
        self._paused_at = now
        self.status = Status.PAUSED
        self._resume_events = []
        self._reschedule()
        return True

    def resume(self, now: float) -> bool:
        """Carry on after a pause; work restarts after a short get-ready. False when not paused."""
        self._advance(now)
        if self.status is not Status.PAUSED:
            return False
        self.status = Status.RUNNING
        self._paused_at = None
        if self.step.kind is StepKind.WORK and (self.step.duration is not None
                                                 or self.step.work_kind is WorkKind.HOLD):
            self._start_resume_countdown(now, self._paused_elapsed)
        else:
            self._move_start(now - self._paused_elapsed)
        return True

    def toggle_pause(self, now: float) -> bool:
        """Pause when running, resume when paused."""
        return self.resume(now) if self.status is Status.PAUSED else self.pause(now)

    def next(self, now: float) -> bool:
        """The person moves on: read the intro, ended a countdown or rest early, or finished a set."""
        self._advance(now)
        if self.status not in (Status.RUNNING, Status.PAUSED) or self.step.kind is StepKind.FINISHED:
            return False
        self._unpause(now)
        self._truncate_at = now
        self._reschedule()
        self._drop_past(now)
        self._advance(now, ended_by=EndedBy.NEXT)
        return True

    def skip(self, now: float) -> bool:
        """Leave the current step without doing it (a skipped set is recorded as skipped)."""
        self._advance(now)
        if self.status not in (Status.RUNNING, Status.PAUSED) or self.step.kind is StepKind.FINISHED:
            return False
        self._unpause(now)
        self._close(now, EndedBy.SKIP)
        self._enter(self._index + 1, now)
        self._advance(now)
        return True

    def back(self, now: float) -> bool:
        """Go back to the previous step (a set restarts at its get-ready when it has one)."""
        self._advance(now)
        if self.status not in (Status.RUNNING, Status.PAUSED, Status.FINISHED):
            return False
        steps = self.plan.steps
        target = next((j for j in range(self._index - 1, -1, -1)
                       if steps[j].kind not in (StepKind.GET_READY, StepKind.SWITCH)), self._index)
        if target > 0 and steps[target].kind is StepKind.WORK and steps[target - 1].kind in (
                StepKind.GET_READY, StepKind.SWITCH):
            target -= 1
        if self.status is Status.FINISHED:
            self.record.state, self.record.ended_at = RecordState.RUNNING, None
        self.status = Status.RUNNING
        self._paused_at = None
        self._close(now, EndedBy.BACK)
        self._enter(target, now)
        if steps[target].kind is StepKind.WORK:
            # A set with no get-ready of its own (set 2 and on, after a rest) never starts under the
            # person's hands: they get the same 3-2-1 as after a pause.
            self._start_resume_countdown(now, 0.0)
        self._advance(now)
        return True

    def count_rep(self, now: float) -> bool:
        """Count one self-paced rep (a key press)."""
        self._advance(now)
        if self.status is not Status.RUNNING or self.step.work_kind is not WorkKind.SELF_PACED:
            return False
        self._counted += 1
        self._outbox.append(CueEvent(now, Cue.REP, self._index, self._counted, (self._visit, "count", self._counted)))
        return True

    def uncount_rep(self, now: float) -> bool:
        """Take back the last self-paced rep counted (a key pressed once too often)."""
        self._advance(now)
        if self.status is not Status.RUNNING or self.step.work_kind is not WorkKind.SELF_PACED or not self._counted:
            return False
        self._counted -= 1
        return True

    def adjust_rest(self, now: float, seconds: float) -> float:
        """Add (or, negative, remove) rest; returns the change made (0 when not resting)."""
        self._advance(now)
        if self.status not in (Status.RUNNING, Status.PAUSED) or self.step.kind is not StepKind.REST:
            return 0.0
        base = self.step.duration or 0.0
        elapsed = self._elapsed(now)
        new_extra = max(self._extra + seconds, elapsed - base)  # never end in the past
        change = new_extra - self._extra
        self._extra = new_extra
        self._reschedule()
        self._drop_past(now)
        self._advance(now)
        return change

    def log_set(self, key: tuple | None = None, reps: int | None = None, seconds: float | None = None,
                load: str | None = None, note: str | None = None, *, rpe: float | None = None,
                rir: float | None = None) -> SetRecord | None:
        """Correct a finished set (the one with `key`, else the last) with what was really done
        (reps, seconds held, load, how hard it felt); returns the corrected record, or None when there
        is no such set."""
        sets = self.record.sets
        index = next((i for i in range(len(sets) - 1, -1, -1) if key is None or sets[i].key == key), None)
        if index is None:
            return None
        done = sets[index]
        sets[index] = replace(
            done,
            done_reps=done.done_reps if reps is None else max(0, int(reps)),
            done_seconds=done.done_seconds if seconds is None else max(0.0, float(seconds)),
            load=done.load if load is None else (load.strip() or None),
            note=done.note if note is None else (note.strip() or None),
            rpe=done.rpe if rpe is None else rpe,
            rir=done.rir if rir is None else rir,
        )
        if load is not None and done.role != "warmup" and index == max(
                i for i, s in enumerate(sets) if s.block_index == done.block_index):
            self._loads[done.block_index] = sets[index].load  # the next set of it starts from this load
        return sets[index]

    def quit(self, now: float) -> None:
        """Stop here; what was done stays in `record` (an unfinished set is not recorded)."""
        self._advance(now)
        if self.status in (Status.RUNNING, Status.PAUSED):
            self.status = Status.QUIT
            self.record.state = RecordState.ABANDONED
            self.record.ended_at = self._epoch + now

    # --- inside --------------------------------------------------------------------------------

    def _enter(self, index: int, at: float) -> None:
        self._index = index
        self._started = at
        self._span_start = at
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._paused_elapsed = 0.0
        self._extra = 0.0
        self._truncate_at: float | None = None
        self._resume_until: float | None = None
        self._resume_events: list[CueEvent] = []
        self._counted = 0
        self._visit += 1
        self._delivered: set[tuple] = set()
        self._schedule: list[CueEvent] | None = None
        self._cursor = 0
        if self.step.kind is StepKind.FINISHED:
            self.status = Status.FINISHED
            self.record.state = RecordState.FINISHED
            self.record.ended_at = self._epoch + at

    def _duration(self) -> float | None:
        if self._truncate_at is not None:
            return self._truncate_at - self._started
        duration = self.step.duration
        return None if duration is None else duration + self._extra

    def _elapsed(self, now: float) -> float:
        t = self._paused_at if self._paused_at is not None else now
        if self._resume_until is not None and t < self._resume_until:
            t = self._resume_until
        return max(0.0, t - self._started)

    def _move_start(self, new_start: float) -> None:
        self._paused_total += new_start - self._started
        self._started = new_start
        self._reschedule()

    def _unpause(self, now: float) -> None:
        """Leave a pause without a get-ready (the person is moving on anyway)."""
        if self.status is Status.PAUSED:
            self.status = Status.RUNNING
            self._paused_at = None
            self._move_start(now - self._paused_elapsed)
        elif self._resume_until is not None and now < self._resume_until:
            self._move_start(now - self._elapsed(now))
        self._resume_until = None
        self._resume_events = []
        self._reschedule()

    def _start_resume_countdown(self, now: float, elapsed: float) -> None:
        ready = self.plan.timings.get_ready
        self._resumes += 1
        self._resume_until = now + ready
        self._move_start(self._resume_until - elapsed)
        ticks = self.plan.timings.countdown_ticks
        self._resume_events = [
            CueEvent(self._resume_until - n, Cue.TICK, self._index, n, (self._visit, "resume", self._resumes, n))
            for n in range(min(ticks, math.floor(ready)), 0, -1)
        ]
        if elapsed > 0:  # mid-set, say which phase it goes on with (at 0 the set's own start cues do)
            go, phase = _cue_at(self.step, elapsed)
            self._resume_events.append(
                CueEvent(self._resume_until, go, self._index, None, (self._visit, "resume", self._resumes, 0), phase))
        self._reschedule()

    def _end(self) -> float | None:
        """The clock time the current step ends by itself, or None."""
        if self._truncate_at is not None:
            return self._truncate_at
        duration = self._duration()
        return None if duration is None else self._started + duration

    def _reschedule(self) -> None:
        """The current step's timing changed: its pending events must be worked out again."""
        self._schedule = None

    def _pending(self) -> list[CueEvent]:
        """The current step's undelivered events with their clock times, in order (cached)."""
        if self._schedule is None:
            duration, end = self._duration(), self._end()
            ticks = self.plan.timings.countdown_ticks
            events = list(self._resume_events) + [
                # an event at the step's end is due exactly at the end, whatever float sums say
                CueEvent(end if end is not None and off >= duration - _EPS else self._started + off,  # type: ignore[operator]
                         cue, self._index, detail, key, phase)
                for off, cue, detail, key, phase in _events(self.step, duration, ticks, self._visit)
            ]
            self._schedule = sorted((e for e in events if e.key not in self._delivered), key=lambda e: e.at)
            self._cursor = 0
        return self._schedule[self._cursor:]

    def _deliver_until(self, limit: float) -> None:
        """Move the pending events due by `limit` to the outbox, in order."""
        self._pending()
        schedule = self._schedule
        assert schedule is not None
        while self._cursor < len(schedule) and schedule[self._cursor].at <= limit:
            event = schedule[self._cursor]
            self._outbox.append(event)
            self._delivered.add(event.key)
            self._cursor += 1

    def _drop_past(self, now: float) -> None:
        """After a control: events it moved into the past will not be played late."""
        self._pending()
        schedule = self._schedule
        assert schedule is not None
        while self._cursor < len(schedule) and schedule[self._cursor].at < now:
            self._delivered.add(schedule[self._cursor].key)
            self._cursor += 1

    def _advance(self, now: float, ended_by: EndedBy = EndedBy.TIMER) -> None:
        """Deliver due events and end steps whose deadline has passed, each at its exact deadline."""
        while self.status is not Status.QUIT:
            horizon = self._paused_at if self.status is Status.PAUSED else now
            end = self._end()
            self._deliver_until(horizon if end is None else min(horizon, end))
            if self.status is not Status.RUNNING or end is None or end > horizon:
                return
            self._close(end, ended_by)
            self._enter(self._index + 1, end)
            ended_by = EndedBy.TIMER

    def _close(self, at: float, ended_by: EndedBy) -> None:
        step = self.step
        elapsed = max(0.0, at - self._started)
        if step.kind is StepKind.WORK and ended_by in (EndedBy.TIMER, EndedBy.NEXT, EndedBy.SKIP):
            finished = self._set_record(step, at, elapsed, skipped=ended_by is EndedBy.SKIP)
            self.record.put(finished)
            self._finished.append(finished)
        elif step.kind is StepKind.REST and ended_by is not EndedBy.BACK:
            self._note_rest(step, elapsed)
        self.spans.append(StepSpan(self._index, self._span_start, at, self._paused_total, self._extra, ended_by))

    def _note_rest(self, rest: Step, seconds: float) -> None:
        """Keep the rest actually taken with the set it followed (next time starts from it)."""
        sets = self.record.sets
        for index, done in enumerate(sets):
            if (done.block_index, done.set_number) == (rest.block_index, rest.set_number) and done.done:
                sets[index] = replace(done, rest_after=seconds)
                self._corrected.append(sets[index])

    def _set_record(self, step: Step, at: float, elapsed: float, *, skipped: bool = False) -> SetRecord:
        block = step.block
        assert block is not None
        kind = block.kind
        prescribed = block.hold if kind is WorkKind.HOLD else block.reps
        if skipped:
            return SetRecord(step.block_index, block.exercise.id, block.exercise.name, step.set_number, step.side,
                             kind, step.target_reps, None, step.target_seconds, None, None,
                             str(block.tempo) if kind is not WorkKind.HOLD else "", self._epoch + self._span_start,
                             self._epoch + at, 0.0, skipped=True, range_low=prescribed.low if prescribed else None,
                             range_high=prescribed.high if prescribed else None, role=step.role)
        split: tuple[float, float, float] | tuple[None, None, None] = (None, None, None)
        if kind is WorkKind.PACED:
            done_reps: int | None = min(step.target_reps or 0, math.floor(elapsed / step.rep_seconds + _EPS))
            split = tension_by_phase(step, elapsed)
        elif kind is WorkKind.SELF_PACED:
            done_reps = self._counted
        else:
            done_reps = None
        return SetRecord(
            block_index=step.block_index,
            exercise_id=block.exercise.id,
            exercise_name=block.exercise.name,
            set_number=step.set_number,
            side=step.side,
            kind=kind,
            target_reps=step.target_reps,
            done_reps=done_reps,
            target_seconds=step.target_seconds,
            done_seconds=elapsed if kind is WorkKind.HOLD else None,
            load=self.load_for(step),
            tempo=str(block.tempo) if kind is not WorkKind.HOLD else "",
            started_at=self._epoch + self._span_start,
            ended_at=self._epoch + at,
            tut=elapsed,
            range_low=prescribed.low if prescribed else None,
            range_high=prescribed.high if prescribed else None,
            role=step.role,
            tut_lower=split[0],
            tut_pause=split[1],
            tut_lift=split[2],
        )

    def _resume_index(self) -> int:
        """The first set after the last one finished or skipped (a skip was a decision; sets left out
        before it stay left out)."""
        last = self.record.sets[-1].key
        work = self.plan.work_steps()
        keys = [(self.plan.steps[i].block_index, self.plan.steps[i].set_number, self.plan.steps[i].side) for i in work]
        if last not in keys:  # the routine was edited: the first set not recorded
            done = self.record.done_keys()
            return next((i for i, key in zip(work, keys) if key not in done), len(self.plan.steps) - 1)
        after = keys.index(last) + 1
        return work[after] if after < len(work) else len(self.plan.steps) - 1


_StepEvent = tuple[float, Cue, int | None, tuple, Phase | None]
"""(offset from the step's start, cue, detail, key, phase)."""


def _events(step: Step, duration: float | None, ticks: int, visit: int = 0) -> list[_StepEvent]:
    """A step's events as (offset from its start, cue, detail, key, phase), in time order."""
    events: list[_StepEvent] = []

    def add(offset: float, cue: Cue, detail: int | None, *key: object, phase: Phase | None = None) -> None:
        events.append((offset, cue, detail, (visit, *key), phase))

    def countdown(end: float) -> None:
        for n in range(ticks, 0, -1):
            if end - n >= 0:
                add(end - n, Cue.TICK, n, "tick", n)

    kind = step.kind
    if kind is StepKind.FINISHED:
        add(0.0, Cue.DONE, None, "done")
    elif kind is StepKind.SWITCH:
        add(0.0, Cue.SWITCH, None, "switch")
    if duration is None:
        if kind is StepKind.WORK:
            add(0.0, Cue.SET_START, None, "start")
            if step.work_kind is WorkKind.HOLD and step.target_seconds:
                # A hold runs on past its target until the person ends it: the target is a beep, not the end.
                add(0.0, Cue.HOLD, None, "hold")
                countdown(step.target_seconds)
                add(step.target_seconds, Cue.SET_END, None, "target")
        return events
    if kind in (StepKind.GET_READY, StepKind.SWITCH):
        countdown(duration)
    elif kind is StepKind.REST:
        countdown(duration)
        add(duration, Cue.REST_END, None, "end")
    elif kind is StepKind.WORK:
        add(0.0, Cue.SET_START, None, "start")
        if step.work_kind is WorkKind.HOLD:
            add(0.0, Cue.HOLD, None, "hold")
            countdown(duration)
        elif step.work_kind is WorkKind.PACED:
            _rep_events(step, duration, add)
        add(duration, Cue.SET_END, None, "end")
    return sorted(events, key=lambda e: e[0])


def _rep_events(step: Step, duration: float, add) -> None:
    rep_seconds = step.rep_seconds
    for rep in range(step.target_reps or 0):
        offset = rep * rep_seconds
        if offset >= duration - _EPS:
            break
        for number, (phase, seconds) in enumerate(step.phases):
            if offset < duration - _EPS:
                add(offset, PHASE_CUES[phase], rep + 1, "phase", rep, number, phase=phase)
            offset += seconds
        if (rep + 1) * rep_seconds <= duration + _EPS:
            add((rep + 1) * rep_seconds, Cue.REP, rep + 1, "rep", rep)


def tension_by_phase(step: Step, elapsed: float) -> tuple[float, float, float]:
    """Seconds of a paced set spent lowering, pausing and lifting in its first `elapsed` active
    seconds, as paced by the tempo (the reps done, and the part of the rep under way when it ended)."""
    totals = {"LOWER": 0.0, "PAUSE": 0.0, "LIFT": 0.0}
    rep_seconds = step.rep_seconds
    if rep_seconds <= 0:
        return (0.0, 0.0, 0.0)
    paced = min(elapsed, rep_seconds * (step.target_reps or 0))
    whole = math.floor(paced / rep_seconds + _EPS)
    within = max(0.0, paced - whole * rep_seconds)
    for phase, seconds in step.phases:
        totals[phase.word] += seconds * whole + min(seconds, within)
        within = max(0.0, within - seconds)
    return (round(totals["LOWER"], 3), round(totals["PAUSE"], 3), round(totals["LIFT"], 3))


def _cue_at(step: Step, elapsed: float) -> tuple[Cue, Phase | None]:
    """The cue that restarts work at `elapsed` after a resume: the phase in progress, or the hold."""
    if step.work_kind is WorkKind.PACED and step.rep_seconds > 0:
        phase = _phase_at(step, elapsed)[0]
        return PHASE_CUES[phase], phase
    return (Cue.HOLD if step.work_kind is WorkKind.HOLD else Cue.SET_START), None


def _phase_at(step: Step, elapsed: float) -> tuple[Phase, float, float, int]:
    """(phase, seconds left in it, fraction done, 0-based rep) at `elapsed` into a paced set."""
    rep_seconds = step.rep_seconds
    last_rep = max(0, (step.target_reps or 1) - 1)
    rep = min(last_rep, int((elapsed + _EPS) // rep_seconds))
    within = elapsed - rep * rep_seconds
    for phase, seconds in step.phases:
        if within < seconds - _EPS:
            return phase, seconds - within, max(0.0, within / seconds), rep
        within -= seconds
    phase, seconds = step.phases[-1]
    return phase, 0.0, 1.0, rep
