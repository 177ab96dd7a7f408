"""Tap mode's analysis, with hand-made taps on a fake clock."""

import pytest

from pchain_tui.domain.session.taps import Boundary, analyse
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


def test_perfect_taps_have_no_error():
    boundaries = schedule("3-1-1-0", reps=3)
    report = analyse(boundaries, [b.at for b in boundaries])
    assert report.matched == report.taps == 10 and report.mean_offset == 0
    assert {t.phase: (t.count, t.mean_error, t.spread) for t in report.phases} == {
        Phase.LOWER: (3, 0, 0), Phase.PAUSE_BOTTOM: (3, 0, 0), Phase.LIFT: (3, 0, 0)}


def test_a_rushed_eccentric_shows_up_per_phase():
    # Lowering takes 2.5 s and 2.7 s instead of 3; the pause makes up for it; the lift is on time.
    boundaries = schedule("3-1-1-0", reps=2)
    taps = [100.0, 102.5, 104.0, 105.0, 107.7, 109.0, 110.0]
    report = analyse(boundaries, taps)
    timing = {t.phase: t for t in report.phases}
    assert timing[Phase.LOWER].mean_error == pytest.approx(-0.4)
    assert timing[Phase.LOWER].spread == pytest.approx(0.1)
    assert timing[Phase.LOWER].mean_actual == pytest.approx(2.6)
    assert timing[Phase.PAUSE_BOTTOM].mean_error == pytest.approx(0.4)
    assert timing[Phase.LIFT].mean_error == pytest.approx(0)


def test_stray_and_missing_taps():
    boundaries = schedule("2-0-2-0", reps=2)  # turns at 100, 102, 104, 106, 108(end)
    taps = [100.1, 101.0, 102.1, 106.05]  # 101.0 is a stray; 104 and 108 were missed
    report = analyse(boundaries, taps)
    assert report.taps == 4 and report.matched == 3
    assert [(t.phase, t.count) for t in report.phases] == [(Phase.LOWER, 1)]
    assert report.mean_offset == pytest.approx((0.1 + 0.1 + 0.05) / 3)


def test_no_taps():
    report = analyse(schedule("3-1-1-0", reps=1), [])
    assert report.phases == () and report.mean_offset is None
