"""What the voice says for each cue, and the phrases a session renders ahead."""

from __future__ import annotations

from array import array

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.session.engine import SessionEngine, Status
from pchain_tui.domain.session.plan import build_plan
from pchain_tui.domain.session.spoken import Speech, phrases, words_for
from pchain_tui.sound.voice import Voice, resample

from .engine_helpers import block, routine


def said(speech: Speech, *blocks) -> list[tuple[str, str]]:
    """(cue, words) for every cue of a whole session run on a fake clock, the words spoken."""
    plan = build_plan(routine(*blocks))
    clock = FakeClock(0.0)
    engine = SessionEngine(plan, clock)
    engine.next(clock.now())
    out = []
    while engine.status is not Status.FINISHED and clock.now() < 600:
        clock.advance(0.05)
        for event in engine.poll(clock.now()):
            words = words_for(event, plan, speech)
            if words:
                out.append((event.cue.value, words))
        if engine.status is Status.RUNNING and engine.state(clock.now()).step.kind.value == "intro":
            engine.next(clock.now())
    return out


def test_a_paced_set_says_its_name_then_each_rep_number_and_the_phase_words():
    words = said(Speech(), block("Bridge", sets=2, reps=2, tempo="1-1-1-0", rest=5))
    assert words == [("tick", "Bridge, set 1 of 2"), ("lower", "1"), ("pause", "hold"), ("lift", "up"),
                     ("lower", "2"), ("pause", "hold"), ("lift", "up"),
                     ("tick", "Next: Bridge, set 2 of 2"),  # 3 s before the set: its ticks 2 and 1 only beep
                     ("lower", "1"), ("pause", "hold"), ("lift", "up"), ("lower", "2"), ("pause", "hold"),
                     ("lift", "up"), ("done", "Workout done.")]


def test_a_hold_counts_its_last_seconds():
    words = said(Speech(), block("Wall sit", sets=1, reps=None, hold=5))  # it runs on until ended
    assert words == [("tick", "Wall sit, set 1 of 1"), ("tick", "3"), ("tick", "2"), ("tick", "1")]


def test_without_phase_words_only_the_numbers_and_the_news_are_said():
    words = said(Speech(phases=False), block("Bridge", sets=1, reps=2, tempo="1-1-1-0"))
    assert [w for _cue, w in words] == ["Bridge, set 1 of 1", "1", "2", "Workout done."]


def test_per_side_sets_name_the_side_and_the_switch():
    words = [w for _cue, w in said(Speech(phases=False), block("Lunge", sets=1, reps=1, tempo="1-0-1-0",
                                                                 per_side=True))]
    assert words[0] == "Lunge, set 1 of 1, left side" and "Switch sides" in words


def test_the_phrases_to_render_start_with_what_is_needed_first():
    plan = build_plan(routine(block("Bridge", sets=2), block("Row", sets=1)))
    said_first = phrases(plan, Speech())
    assert said_first[:4] == ["Bridge, set 1 of 2", "1", "2", "3"]
    assert {"Next: Row, set 1 of 1", "Next: Bridge, set 2 of 2", "up", "40"} <= set(said_first)
    assert len(said_first) == len(set(said_first))


def test_speech_is_resampled_to_the_stream_rate():
    assert list(resample(array("h", [0, 100, 200]), 22050, 44100)) == [0, 50, 100, 150, 200, 200]
    assert list(resample(array("h", [5, 6]), 44100, 44100)) == [5, 6]


def test_no_speech_engine_means_no_voice_and_nothing_raised():
    voice = Voice(which=lambda name: None)
    assert voice.engine is None and voice.samples("Rest over.") is None and voice.cached("Rest over.") is None
