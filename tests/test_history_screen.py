"""The history screen in the app (Pilot, fake clock, a real history in a temporary folder): reached
with h from the picker and the summary, sessions newest first and read a page at a time, the chart
of the highlighted exercise and its measures, at 80x24 and 40x12, empty and long."""

from __future__ import annotations

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord
from pchain_tui.domain.training.trends import Measure
from pchain_tui.domain.settings import parse_settings
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.ui.keys import checked_keymap
from pchain_tui.ui.screens.history import HistoryScreen
from pchain_tui.ui.screens.picker import PickerScreen
from pchain_tui.ui.screens.summary import SummaryScreen
from pchain_tui.ui.widgets.trend_chart import TrendChart

from .app_helpers import make_app, settle, text_of
from .history_samples import DAY, work_set, write_training
from .test_app import drive_to_summary, open_routine
from .test_app_history import history_app
from .test_history_screen_trends import single_leg_session

SIZES = [(80, 24), (40, 12)]


async def open_history(pilot) -> HistoryScreen:
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HistoryScreen)
    return pilot.app.screen


def chart_text(screen: HistoryScreen) -> str:
    chart = screen.query_one(TrendChart)
    return chart.render().plain


def trained(tmp_path, sessions: int, clock: FakeClock):
    database = tmp_path / "history.sqlite3"
    with HistoryStore(database) as store:
        write_training(store, sessions=sessions, end=clock.wall() - DAY)
    return history_app(tmp_path, database, clock)


@pytest.mark.parametrize("size", SIZES)
async def test_an_empty_history_says_so(tmp_path, size):
    app, _clock, told = history_app(tmp_path, tmp_path / "history.sqlite3")
    async with app.run_test(size=size) as pilot:
        screen = await open_history(pilot)
        assert "No sessions yet" in text_of(screen, "#history-chart-title")
        assert text_of(screen, "#history-title") == "History"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert not told


async def test_without_a_history_the_screen_says_none_is_kept(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert "No history is kept" in text_of(screen, "#history-chart-title")


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_history_lists_newest_first_and_reads_more_on_the_way_down(tmp_path, size):
    app, clock, _told = trained(tmp_path, 150, FakeClock())
    async with app.run_test(size=size) as pilot:
        screen = await open_history(pilot)
        assert text_of(screen, "#history-title") == "History · 60 of 150 sessions"
        sessions = screen.query_one("#history-sessions")
        first = sessions.get_option_at_index(1)
        assert "Romanian deadlift" in first.prompt.plain and "at 162.5 kg (+ 1 warm-up)" in first.prompt.plain
        assert sessions.highlighted == 1  # the first exercise, under the newest session's date
        for _ in range(3):
            await pilot.press("end")
            await settle(pilot)
        assert text_of(screen, "#history-title") == "History · 150 sessions"
        headings = [sessions.get_option_at_index(i).prompt.plain for i in range(sessions.option_count)
                    if sessions.get_option_at_index(i).disabled]
        assert len(headings) == 150
        assert screen.exercise_id() == "kettlebell-swing"  # the last row: the oldest session's last exercise


async def test_the_chart_cycles_its_measures_with_units_and_dates_at_80x24(tmp_path):
    app, clock, _told = trained(tmp_path, 30, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.exercise_id() == "romanian-deadlift"
        assert "Romanian deadlift · Top set load (kg)" in text_of(screen, "#history-chart-title")
        lines = chart_text(screen).splitlines()
        assert lines[0].lstrip().startswith("70 kg ┤") and lines[-3].lstrip().startswith("40 kg ┤")  # 40 to 62.5
        assert "└" in lines[-2] and " 30 sessions " in lines[-2]
        assert lines[-1].split()[-1] in ("Aug", "Sep")  # the day before the fake clock's 21 Sep 2026
        await pilot.press("m")
        assert "Most reps in a set" in text_of(screen, "#history-chart-title") and "reps ┤" in chart_text(screen)
        await pilot.press("m")
        assert "Estimated 1RM, Epley (kg)" in text_of(screen, "#history-chart-title")
        assert "12 reps or fewer" in text_of(screen, "#history-note")
        await pilot.press("m")
        assert "Volume, load x reps (kg)" in text_of(screen, "#history-chart-title")
        await pilot.press("m")
        assert "Time under tension by phase (s)" in text_of(screen, "#history-chart-title")
        note = text_of(screen, "#history-note")
        assert "lowering 81 s · ■ pauses 27 s · ■ lifting 27 s" in note  # 27 reps of 3-1-1-0
        assert "15 sessions were recorded without the split by phase: computed from tempo x reps done" in note
        await pilot.press("m")
        assert "Top set load" in text_of(screen, "#history-chart-title")
        await pilot.press("down")  # glute bridge: bodyweight
        await settle(pilot)
        assert "No load chart" in chart_text(screen)
        await pilot.press("m", "m", "m")
        assert "Volume: total reps" in text_of(screen, "#history-chart-title")
        assert "No load in numbers" in text_of(screen, "#history-note")


async def test_at_40x12_the_chart_is_one_line_with_its_first_and_last_values(tmp_path):
    app, clock, _told = trained(tmp_path, 30, FakeClock())
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_history(pilot)
        line = chart_text(screen)
        # The latest 20 of 30 sessions fit beside the words (40 kg was 10 sessions before the first).
        assert line.endswith(" 47.5 kg → 62.5 kg") and len(line) == 38 and line.count("▁") == 2
        assert screen.query_one(TrendChart).size.height == 2
        await pilot.press("m", "m", "m", "m")
        assert "s →" in chart_text(screen)


async def test_one_session_so_far_is_said_in_words(tmp_path):
    app, clock, _told = trained(tmp_path, 1, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        words = chart_text(screen)
        assert words.startswith("One session so far: 9, 10, 8 reps at 40 kg on ")
        assert words.endswith("(top set load (kg): 40 kg).")


async def test_h_from_the_summary_shows_todays_session_on_top(tmp_path):
    app, clock, _told = trained(tmp_path, 3, FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter")
        await drive_to_summary(pilot)
        assert isinstance(app.screen, SummaryScreen)
        screen = await open_history(pilot)
        assert text_of(screen, "#history-title") == "History · 4 sessions"
        sessions = screen.query_one("#history-sessions")
        assert "Glute bridge" in sessions.get_option_at_index(1).prompt.plain  # today's first exercise
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


def test_the_history_keys_are_checked_like_every_other():
    settings, _problems = parse_settings('[keys]\n"history.measure" = "escape"\n"picker.history" = "y"\n'
                                         '"summary.history" = "enter"\n', "settings.toml")
    keymap, problems = checked_keymap(settings)
    assert keymap == {"picker.history": "y"}
    assert [p.message for p in problems] == [
        '[keys] "history.measure": escape is already taken by Back (history.close) on the history screen',
        '[keys] "summary.history": enter is already taken by Done (summary.close) on the summary']


def untimed_and_one_legged(tmp_path, clock: FakeClock):
    """A session whose RDL sets were all ended at 0 reps (nothing to estimate a 1RM from), and a
    single-leg RDL done 2 sets per side."""
    database = tmp_path / "history.sqlite3"
    at = clock.wall() - DAY
    with HistoryStore(database) as store:
        single_leg_session(store, at - DAY)
        store.start_session(SessionRecord("r", "R", "h", at, at + 300, RecordState.FINISHED, [
            work_set(0, "romanian-deadlift", "Romanian deadlift", n, WorkKind.PACED, at + 60 * n, reps=0,
                     load="60 kg") for n in (1, 2, 3)]))
    return history_app(tmp_path, database, clock)


@pytest.mark.parametrize("size", SIZES)
async def test_the_list_counts_sets_not_sides_and_a_missing_estimate_is_said(tmp_path, size):
    app, _clock, _told = untimed_and_one_legged(tmp_path, FakeClock())
    async with app.run_test(size=size) as pilot:
        screen = await open_history(pilot)
        sessions = screen.query_one("#history-sessions")
        rows = [sessions.get_option_at_index(i).prompt.plain for i in range(sessions.option_count)]
        single = next(row for row in rows if "Single-leg" in row)
        assert single.endswith("8/8, 8/7 reps at 24 kg (+ 1 warm-up, 1 skipped set)")
        assert "Romanian deadlift  3 x 0 at 60 kg" in rows[1]
        await pilot.press("m", "m")  # top set load, reps, estimated 1RM
        await settle(pilot)
        assert screen.measure is Measure.E1RM
        chart = screen.query_one(TrendChart)
        words = chart.render()
        assert words.plain.startswith("No 1RM to estimate yet: no set at a load in kg had 1 to 12 reps.")
        # The sentence is seen whole, even on the one-line chart of a short terminal.
        lines = words.wrap(app.console, chart.content_size.width)
        seen = " ".join(line.plain.strip() for line in lines[:chart.content_size.height])
        assert "no set at a load in kg had 1 to 12 reps." in seen
