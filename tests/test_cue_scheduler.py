"""The cue thread's round, on a fake clock: cues handed to the sound ahead, and taken back."""

from __future__ import annotations

import threading

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.session.engine import SessionEngine
from pchain_tui.domain.session.plan import build_plan
from pchain_tui.services.cue_scheduler import SPIN_SECONDS, CueScheduler

from .engine_helpers import block, routine


def test_cues_are_handed_ahead_by_the_lead_and_a_pause_takes_them_back():
    clock = FakeClock(100.0)
    engine = SessionEngine(build_plan(routine(block(sets=1, reps=2, tempo="1-0-1-0"))), clock)
    handed: list[list[float]] = []
    played: list[float] = []
    scheduler = CueScheduler(engine, threading.Lock(), clock, lambda event, now: played.append(event.at),
                             on_ahead=lambda events: handed.append([e.at for e in events]), lead=0.3)
    waits: list[float] = []

    def wait(seconds: float) -> bool:  # a sleep that also covers the spin (a fake clock never moves by itself)
        waits.append(seconds)
        clock.advance(seconds + SPIN_SECONDS)
        return False

    engine.next(clock.now())  # the get-ready: ticks at 100, 101, 102
    scheduler.step(wait)
    assert handed == [[100.0]] and played == [100.0]  # due now: handed and played at once
    scheduler.step(wait)  # nothing within the lead: it sleeps until the next tick is 0.3 s away
    assert handed[-1] == [] and abs(clock.now() - (100.7 + SPIN_SECONDS)) < 1e-9
    scheduler.step(wait)
    assert handed[-1] == [101.0] and played == [100.0]  # handed ahead, not yet played
    scheduler.step(wait)
    assert played == [100.0, 101.0] and clock.now() == 101.0

    def pause_while_waiting(seconds: float) -> bool:  # the person pauses in the 0.3 s before the tick
        engine.pause(clock.now())
        return wait(seconds)

    scheduler.step(wait)
    scheduler.step(pause_while_waiting)
    assert handed[-1] == [102.0]  # it had been handed ahead
    scheduler.step(wait)
    assert handed[-1] == [] and played == [100.0, 101.0]  # paused: the sound drops the tick it was told of


def test_leaving_the_intro_starts_the_countdown_one_buffer_on_so_its_first_tick_can_be_placed():
    from pchain_tui.services.live_session import HANDOVER, LiveSession

    from .app_helpers import RecordingSound

    class BufferedSound(RecordingSound):
        latency = 0.12

    clock = FakeClock(100.0)
    live = LiveSession(build_plan(routine(block(sets=1, reps=2, tempo="1-0-1-0"))), clock, BufferedSound())
    live.next()  # read the intro
    assert live.next_cue_at() == 100.0 + 0.12 + HANDOVER  # the first tick: placeable ahead, on the beat
    state = live.state()
    assert state.step.kind.value == "get-ready" and state.left == 3.0  # shown at once, counting from the tick

    plain = LiveSession(build_plan(routine(block(sets=1, reps=2, tempo="1-0-1-0"))), clock, RecordingSound())
    plain.next()
    assert plain.next_cue_at() == 100.0  # a player with no buffer plays it at once
