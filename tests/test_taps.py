"""Tap mode's analysis: each phase timed from the person's own previous tap, with hand-made taps."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pchain_tui.domain.session.taps import Boundary, analyse, rep_cycle
from pchain_tui.domain.tempo import Phase, Start, parse_tempo


def schedule(tempo: str, reps: int, start: float = 100.0) -> list[Boundary]:
    phases = parse_tempo(tempo).phases(Start.TOP, 1.0)
    boundaries, t = [], start
    for _ in range(reps):
        for phase, seconds in phases:
            boundaries.append(Boundary(t, phase))
            t += seconds
    boundaries.append(Boundary(t, None))
    return boundaries


def tapped(start: float, lengths: list[float]) -> list[float]:
    """Taps at `start` and then after each phase length in turn."""
    return list(itertools.accumulate(lengths, initial=start))


def by_phase(report):
    return {t.phase: t for t in report.phases}


def test_the_cycle_is_one_rep_of_the_schedule():
    assert rep_cycle(schedule("3-1-1-0", reps=3)) == [(Phase.LOWER, 3.0), (Phase.PAUSE_BOTTOM, 1.0),
                                                      (Phase.LIFT, 1.0)]


def test_perfect_taps_have_no_error():
    boundaries = schedule("3-1-1-0", reps=3)
    report = analyse(boundaries, [b.at for b in boundaries])
    assert report.taps == 10 and report.strays == report.missed == 0 and report.timed == 9
    assert {t.phase: (t.count, t.mean_error, t.spread, t.on_time) for t in report.phases} == {
        Phase.LOWER: (3, 0, 0, 3), Phase.PAUSE_BOTTOM: (3, 0, 0, 3), Phase.LIFT: (3, 0, 0, 3)}
    assert report.worst() is None


def test_a_lifter_who_lowers_in_2_4_s_instead_of_3_is_told_so_every_rep():
    """The error tap mode exists to show: by rep 3 the taps are 1.8 s ahead of the clock's turns,
    which absolute matching called strays; relative timing sees 2.4 s every rep."""
    boundaries = schedule("3-1-1-0", reps=5)
    taps = tapped(100.0, [2.4, 1.0, 1.0] * 5)
    report = analyse(boundaries, taps)
    lower = by_phase(report)[Phase.LOWER]
    assert lower.count == 5 and lower.mean_actual == pytest.approx(2.4) and lower.early == 5 and lower.late == 0
    assert by_phase(report)[Phase.LIFT].mean_error == pytest.approx(0) and report.strays == report.missed == 0
    assert report.worst() is lower


def test_a_slow_lowering_is_not_mistaken_for_a_missed_tap():
    # 4 s down where 3 + 1 (lower and pause) would also fit the first interval: what follows decides.
    taps = tapped(100.0, [4.0, 1.0, 1.0] * 4)
    report = analyse(schedule("3-1-1-0", reps=4), taps)
    assert by_phase(report)[Phase.LOWER].mean_actual == pytest.approx(4.0) and report.missed == 0
    assert by_phase(report)[Phase.LOWER].late == 4


def test_a_double_tap_is_a_stray_and_a_missed_turn_spans_two_phases():
    lengths = [3.0, 1.0, 1.0, 3.0, 2.0, 3.0, 1.0, 1.0]  # rep 2: no tap at the end of the pause
    taps = tapped(100.0, lengths)
    taps.insert(2, taps[1] + 0.08)  # a bounce on the key at the bottom of rep 1
    report = analyse(schedule("3-1-1-0", reps=3), taps)
    assert report.strays == 1 and report.missed == 1
    timing = by_phase(report)
    assert (timing[Phase.LOWER].count, timing[Phase.PAUSE_BOTTOM].count, timing[Phase.LIFT].count) == (3, 2, 2)
    assert all(t.mean_error == pytest.approx(0, abs=0.1) for t in report.phases)


def test_a_pause_mid_set_is_left_out_and_timing_picks_up_again():
    taps = tapped(100.0, [2.0, 2.0, 30.0, 2.0, 2.0])  # 2-0-2-0, then a long stop at the top
    report = analyse(schedule("2-0-2-0", reps=4), taps)
    assert report.timed == 4 and all(t.mean_error == pytest.approx(0) for t in report.phases)


def test_no_taps_or_one_tap_times_nothing():
    assert analyse(schedule("3-1-1-0", reps=1), []).phases == ()
    assert analyse(schedule("3-1-1-0", reps=1), [100.0]).phases == ()


@settings(max_examples=60, deadline=None)
@given(lower=st.floats(2.0, 4.5), lift=st.floats(0.7, 1.5), reps=st.integers(2, 8), late=st.floats(0, 0.5))
def test_steady_taps_at_any_pace_give_that_pace(lower, lift, reps, late):
    """Whatever steady pace the person keeps (up to half as fast or slow again), each phase reads as that pace,
    however far the taps drift from the clock's turns."""
    report = analyse(schedule("3-0-1-0", reps=reps), tapped(100.0 + late, [lower, lift] * reps))
    timing = by_phase(report)
    assert timing[Phase.LOWER].mean_actual == pytest.approx(lower) and timing[Phase.LOWER].count == reps
    assert timing[Phase.LIFT].mean_actual == pytest.approx(lift)


def test_taps_as_recorded_in_a_terminal_with_the_first_one_late():
    """Taps sent through tmux (2.4 s down, 1 s pause, 1 s up) with the first 1.6 s after the set began:
    closer in time to the clock's pause than to its lowering, but still the start of a lowering."""
    taps = [101.638, 104.033, 105.039, 106.044, 108.449, 109.455, 110.461, 112.876, 113.872, 114.877, 117.284,
            118.29, 119.297]
    report = analyse(schedule("3-1-1-0", reps=4), taps)
    timing = by_phase(report)
    assert report.strays == report.missed == 0 and report.timed == 12
    assert timing[Phase.LOWER].mean_actual == pytest.approx(2.4, abs=0.02) and timing[Phase.LOWER].early == 4
