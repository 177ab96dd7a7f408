"""`pchain tempo`: the metronome screen and tap mode, on a fake clock."""

from __future__ import annotations

import subprocess
import sys

from pchain_tui.domain.session.practice import TempoPractice
from pchain_tui.domain.tempo import Phase, Start, parse_tempo
from pchain_tui.ui.screens.tempo import TempoScreen, TempoSummaryScreen

from .app_helpers import advance, make_app, text_of


async def test_metronome_counts_down_each_phase_with_its_sound(tmp_path):
    practice = TempoPractice(parse_tempo("3-1-1-0"), reps=2)
    app, clock, sound = make_app(tmp_path, tempo=practice)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, TempoScreen)
        assert "GET READY" in text_of(screen, "#phase")
        await advance(pilot, 3.5)  # 0.5 s into the lowering
        assert text_of(screen, "#phase").startswith("LOWER")
        assert screen.query_one("#digits").value == "3"
        assert "rep 1 of 2" in text_of(screen, "#detail")
        await advance(pilot, 3.0)  # 3.5 s in: the pause
        assert text_of(screen, "#phase").startswith("PAUSE") and screen.query_one("#digits").value == "1"
        await advance(pilot, 1.0)
        assert text_of(screen, "#phase").startswith("LIFT")
        await advance(pilot, 6.0)
        assert isinstance(app.screen, TempoSummaryScreen)
        assert sound.played.count("lower") == 2 and sound.played.count("lift") == 2 and "pause" in sound.played
        assert "Reps  2" in text_of(app.screen, "#summary-numbers")


async def test_tap_mode_reports_timing_per_phase(tmp_path):
    practice = TempoPractice(parse_tempo("3-0-1-0"), reps=2, start=Start.TOP, tap=True)
    app, clock, sound = make_app(tmp_path, tempo=practice)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await advance(pilot, 3.0)  # the set starts at +3 s; turns at +3, +6, +7, +10, +11
        # The person lowers too fast (2.5 s, then 2.7 s) and lifts slowly (1.5 s, 1.3 s).
        for wait in (0.0, 2.5, 1.5, 2.7, 1.3):
            await advance(pilot, wait, step=0.1) if wait else None
            await pilot.press("space")
        assert len(screen.taps) == 5
        assert [b.phase for b in screen.boundaries] == [Phase.LOWER, Phase.LIFT, Phase.LOWER, Phase.LIFT, None]
        assert "lower" not in sound.played and "lift" not in sound.played  # silent phases in tap mode
        await advance(pilot, 2)
        assert "enter shows your timing" in text_of(screen, "#phase")
        await pilot.press("enter")
        assert isinstance(app.screen, TempoSummaryScreen)
        report = app.screen.report
        timing = {t.phase: t for t in report.phases}
        assert round(timing[Phase.LOWER].mean_error, 6) == -0.4 and round(timing[Phase.LIFT].mean_error, 6) == 0.4
        assert round(timing[Phase.LOWER].spread, 6) == 0.1
        from rich.console import Console

        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#summary-taps").content)
        text = console.export_text()
        lowering = next(line for line in text.splitlines() if line.startswith("lowering"))
        assert "3.0 s" in lowering and "2.6 s" in lowering and "-0.40 s" in lowering and "±0.10 s" in lowering
        assert lowering.endswith("2/0/0")  # too soon both reps
        assert "Lowering took 2.6 s for 3.0 s: slow it down." in text


def test_tempo_command_rejects_bad_tempos():
    for args, words in ((["3-1-1"], "has 3 parts"), (["self"], "needs a timed tempo"), (["3110", "--reps", "0"],
                                                                                         "not a whole number")):
        run = subprocess.run([sys.executable, "-m", "pchain_tui", "tempo", *args], capture_output=True, text=True,
                             timeout=60)
        assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr


async def test_the_tap_summary_is_words_on_a_narrow_terminal(tmp_path):
    from pchain_tui.domain.session.taps import analyse
    from pchain_tui.domain.session.plan import build_plan
    from pchain_tui.domain.session.record import RecordState, SessionRecord

    from .test_taps import schedule, tapped

    practice = TempoPractice(parse_tempo("3-1-1-0"), reps=2, tap=True)
    report = analyse(schedule("3-1-1-0", reps=2), tapped(100.0, [2.4, 1.0, 1.0] * 2))
    app, _clock, _sound = make_app(tmp_path, tempo=practice)
    async with app.run_test(size=(40, 12)) as pilot:
        plan = build_plan(practice.routine())
        app.push_screen(TempoSummaryScreen(plan, SessionRecord("t", "t", "h", 0, 10, RecordState.FINISHED, []),
                                           practice, report))
        await pilot.pause()
        summary = app.screen
        assert summary.query_one("#summary-taps").display is False
        words = text_of(summary, "#summary-taps-narrow")
        assert "lowering\n  2.4 s for 3.0 s: -0.60 ±0.00\n  early 2 · on time 0 · late 0" in words
        assert all(len(line) <= 36 for line in words.splitlines()[1:-1])
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert summary.query_one("#summary-taps").display is True
        assert summary.query_one("#summary-taps-narrow").display is False
