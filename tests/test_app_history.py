"""The app with a real history: sets saved as they end, last time and next time, a broken database."""

from __future__ import annotations

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.ui.screens.summary import SummaryScreen

from .app_helpers import make_app, settle, text_of, workout
from .history_samples import work_set
from .test_app import drive_to_summary, open_routine


def history_app(tmp_path, database, clock: FakeClock | None = None):
    """An app with a real history on `database`; the history's "now" is the app's fake clock."""
    told: list[str] = []
    clock = clock or FakeClock()
    service = HistoryService(SafeHistory(database, clock=clock), Settings(), lambda notice: told.append(notice.text),
                             clock)
    app, clock, _sound = make_app(tmp_path, history=service, clock=clock)
    return app, clock, told


async def test_sets_are_saved_as_they_end_and_next_time_is_suggested(tmp_path):
    database = tmp_path / "history.sqlite3"
    app, clock, told = history_app(tmp_path, database)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "beginner day 1")
        assert "never" in text_of(app.screen, "#overview-history")
        await pilot.press("enter")
        await drive_to_summary(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await settle(pilot)
        next_time = text_of(app.screen, "#summary-next")
        assert text_of(app.screen, "#summary-saved") == "All 12 sets are saved in your history."
        assert "Glute bridge: 3 x 13 (one more rep per set)" in next_time
        assert "Wall sit: 3 x 35 s (5 s longer)" in next_time
    assert app.services.close()  # as pchain does on exit: everything is on disk
    with HistoryStore(database, read_only=True) as store:
        ((_id, record),) = store.sessions()
        assert record.state is RecordState.FINISHED and len(record.sets) == 12

    clock.advance(3 * 24 * 3600)  # three days later, the same routine again
    app, clock, told = history_app(tmp_path, database, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "beginner day 1")
        notes = text_of(app.screen, "#overview-history")
        assert "Last done  3 days ago" in notes and "glutes 3 days ago" in notes
        assert "Glute bridge  last: 12, 12, 12  ·  today: 3 x 13 (one more rep per set)" in notes
        await pilot.press("enter", "enter")
        assert workout(app).live.plan.steps[2].target_reps == 13  # today's target came from history


async def test_a_damaged_database_is_moved_aside_and_the_workout_runs(tmp_path):
    database = tmp_path / "history.sqlite3"
    database.write_bytes(b"this is not a database" * 100)
    app, clock, told = history_app(tmp_path, database)
    (app.options.user_dir / "short-day.yaml").write_text(SHORT_DAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await run_short_day(pilot)
    assert told and "moved" in told[0]
    assert list(tmp_path.glob("history.sqlite3.corrupt-*"))
    assert app.services.close()  # as pchain does on exit: everything is on disk
    with HistoryStore(database, read_only=True) as store:
        assert len(store.sessions()[0][1].sets) == 6


async def test_a_locked_database_keeps_the_sets_and_says_so(tmp_path):
    import sqlite3

    database = tmp_path / "history.sqlite3"
    HistoryStore(database).close()
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    app, clock, told = history_app(tmp_path, database)
    (app.options.user_dir / "short-day.yaml").write_text(SHORT_DAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await run_short_day(pilot)
        assert told and "locked" in told[0]
        await settle(pilot)
        assert "6 sets not in your history yet. history: the database is locked by another pchain; your sets are " \
               "kept in" in text_of(app.screen, "#summary-saved")
        blocker.execute("ROLLBACK")
        blocker.close()
        assert app.services.history.flush().result(timeout=10)
        app.screen.recheck_saving()  # what the screen's timer does every SAVING_RECHECK seconds
        await settle(pilot)
        assert text_of(app.screen, "#summary-saved") == "All 6 sets are saved in your history."
    assert app.services.close()  # as pchain does on exit: everything is on disk
    with HistoryStore(database, read_only=True) as store:
        assert len(store.sessions()[0][1].sets) == 6


async def test_a_read_only_database_says_where_the_sets_are_during_the_workout_and_on_the_summary(tmp_path):
    database = tmp_path / "history.sqlite3"
    HistoryStore(database).close()
    told: list[str] = []
    clock = FakeClock()
    service = HistoryService(SafeHistory(database, clock=clock, read_only=True), Settings(),
                             lambda notice: told.append(notice.text), clock)
    app, clock, _sound = make_app(tmp_path, history=service, clock=clock)
    (app.options.user_dir / "short-day.yaml").write_text(SHORT_DAY)
    journal = f"{database}-unsaved.json"
    async with app.run_test(size=(100, 30)) as pilot:
        await run_short_day(pilot)
        await settle(pilot)
        saved = text_of(app.screen, "#summary-saved")
        assert saved.startswith("6 sets not in your history yet. history: cannot save to")
        assert f"it is read-only; your sets are kept in {journal} and go into the history" in saved
    # Said once when it started (with where the sets are), not after every set.
    assert [t for t in told if "read-only" in t] == [
        f"history: cannot save to {database}: it is read-only; your sets are kept in {journal} and go into the "
        "history as soon as it can be written"]
    assert app.services.close()  # nothing is lost: the journal holds every set
    with HistoryStore(database) as store:
        assert store.sessions() == []
    later = SafeHistory(database, clock=clock)  # the next pchain, with the file writable
    assert [len(r.sets) for _id, r in later.unfinished()] == [] and later.flush()
    with HistoryStore(database) as store:
        assert [len(r.sets) for _id, r in store.sessions()] == [6]


SHORT_DAY = """\
name: Short day
rest: 10
exercises:
  - use: glute-bridge
    sets: 2
    reps: 3
  - use: single-leg-rdl
    sets: 1
    reps: 2
  - use: wall-sit
    sets: 2
    hold: 10
"""
"""Paced reps, per-side sets and holds: 6 sets to save, short enough to run often."""


async def run_short_day(pilot) -> None:
    """Do the whole short day; the workout must finish whatever the history does."""
    await open_routine(pilot, "short day")
    await pilot.press("enter")
    await drive_to_summary(pilot)
    assert pilot.app.screen.record.state is RecordState.FINISHED


async def test_uneven_sets_last_time_give_each_set_its_own_target_today(tmp_path):
    """Last time 15, 14, 13 of 12-15: today sets 1 and 2 are paced to 15 and set 3 to 14."""

    from .test_progression import reps

    database = tmp_path / "history.sqlite3"
    three_days_ago = 1_790_000_000.0 - 3 * 24 * 3600  # the fake clock's wall time starts at 1.79e9
    with HistoryStore(database) as store:
        store.start_session(SessionRecord("beginner-day-1", "Beginner day 1", "", three_days_ago,
                                          three_days_ago + 600, RecordState.FINISHED,
                                          reps(15, 14, 13, at=three_days_ago)))
    app, _clock, _told = history_app(tmp_path, database)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "beginner day 1")
        from rich.console import Console

        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#overview-table").content)
        assert "14-15 reps" in console.export_text()
        await pilot.press("enter", "enter")
        bridge = [s for s in workout(app).live.plan.steps if s.kind.value == "work" and s.block_index == 0]
        assert [s.target_reps for s in bridge] == [15, 15, 14]


async def test_the_overview_warns_of_muscles_another_routine_worked_yesterday(tmp_path):
    """Item 7: the history service is given the exercise library, so a kettlebell-swing session of
    another routine 20 h ago (swings work glutes and hamstrings) warns on beginner day 1."""
    from pchain_tui.domain.model import WorkKind
    from pchain_tui.domain.session.record import SessionRecord, SetRecord

    database = tmp_path / "history.sqlite3"
    clock = FakeClock()
    then = clock.wall() - 20 * 3600
    swings = [SetRecord(0, "kettlebell-swing", "Kettlebell swing", n, None, WorkKind.PACED, 15, 15, None, None,
                        "16 kg", "self", then + n * 60, then + n * 60 + 30, 30.0) for n in (1, 2, 3)]
    with HistoryStore(database) as store:
        store.start_session(SessionRecord("my-swings", "My swings", "h", then, then + 300, RecordState.FINISHED,
                                          swings))
    app, clock, _told = history_app(tmp_path, database, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "beginner day 1")
        notes = text_of(app.screen, "#overview-history")
        assert "glutes 19 h ago · hamstrings 19 h ago" in notes  # the last swing ended 19 h 56 min ago
        assert "take it easy if they are still sore" in notes


async def test_the_overview_gives_last_time_of_a_per_side_exercise_set_by_set(tmp_path):
    """Two sets per side last time read "8/8, 8/7" (left/right), not as four sets."""
    database = tmp_path / "history.sqlite3"
    at = 1_790_000_000.0 - 3 * 24 * 3600
    sets = [work_set(1, "single-leg-rdl", "Single-leg Romanian deadlift", n, WorkKind.PACED, at + 60 * n, reps=r,
                     side=side) for n, pair in ((1, (8, 8)), (2, (8, 7))) for side, r in zip((Side.LEFT, Side.RIGHT),
                                                                                              pair)]
    with HistoryStore(database) as store:
        store.start_session(SessionRecord("short-day", "Short day", "", at, at + 600, RecordState.FINISHED, sets))
    app, _clock, _told = history_app(tmp_path, database)
    (app.options.user_dir / "short-day.yaml").write_text(SHORT_DAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "short day")
        assert "Single-leg Romanian deadlift  last: 8/8, 8/7  ·  today:" in text_of(app.screen, "#overview-history")
