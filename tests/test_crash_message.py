"""What pchain says after an internal error is true: nothing about sets when no workout ran, and
what became of the workout when one did (saved and resumable, over and saved, or not all saved)."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from textual.app import App

from pchain_tui import cli, exit_codes
from pchain_tui.commands.app import run_until_quit
from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.session.record import RecordState
from pchain_tui.domain.settings import Settings
from pchain_tui.services.history_service import HistoryService
from pchain_tui.services.notices import Notices
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.storage.unsaved_journal import UnsavedJournal
from pchain_tui.ui.app import PchainApp
from pchain_tui.ui.dialogs.set_done import SetDoneDialog
from pchain_tui.ui.screens.summary import SummaryScreen

from .app_helpers import make_app
from .test_app import drive_to_summary, open_routine
from .test_app_history import SHORT_DAY


def internal_error(home) -> str:
    return f"pchain: internal error; details were written to {home / 'data' / 'crash.log'}."


def crash_on_help(monkeypatch) -> None:
    """`?` (help, on every screen) fails inside the app, as a bug would."""
    def broken(self) -> None:
        raise RuntimeError("injected for the test")

    monkeypatch.setattr(PchainApp, "action_help", broken)


def headless(monkeypatch, drive=None) -> None:
    """pchain's own app.run, without a terminal (and driven by `drive` when given)."""
    monkeypatch.setattr(PchainApp, "run", functools.partialmethod(App.run, headless=True, size=(100, 30),
                                                                  auto_pilot=drive))


def test_a_crash_at_start_up_says_nothing_about_sets(monkeypatch, capsys, pchain_home):
    import pchain_tui.storage.catalog_cache

    def broken(*_args, **_kwargs):
        raise RuntimeError("injected for the test")

    monkeypatch.setattr(pchain_tui.storage.catalog_cache, "load_catalog_cached", broken)  # the picker's list
    headless(monkeypatch)
    assert cli.main([]) == exit_codes.INTERNAL
    assert capsys.readouterr().err == f"{internal_error(pchain_home)} Please report it.\n"
    assert "RuntimeError: injected for the test" in (pchain_home / "data" / "crash.log").read_text()


def test_a_crash_in_pchain_list_says_nothing_about_sets(monkeypatch, capsys, pchain_home):
    import pchain_tui.commands.routines

    def broken(_user_dir):
        raise RuntimeError("injected for the test")

    monkeypatch.setattr(pchain_tui.commands.routines, "list_routines", broken)
    assert cli.main(["list"]) == exit_codes.INTERNAL
    assert capsys.readouterr().err == f"{internal_error(pchain_home)} Please report it.\n"


def short_day_app(tmp_path, database):
    """The app as `pchain` builds it, on a fake clock: a real history whose notices go to the app."""
    notices = Notices()
    clock = FakeClock()
    history = HistoryService(SafeHistory(database, clock=clock), Settings(), notices.put, clock)
    app, _clock, _sound = make_app(tmp_path, history=history, clock=clock, notices=notices)
    (app.options.user_dir / "short-day.yaml").write_text(SHORT_DAY)
    return app


class Crashed(Exception):
    """The app went down as asked; the drive ends here."""


def crash_after(sets: int):
    """A drive through the short day that presses `?` (broken) once `sets` sets are done and logged."""
    async def drive(pilot) -> None:
        async def crash_now(pilot, screen, _state) -> bool:
            if len(screen.live.record.sets) < sets or isinstance(pilot.app.screen, SetDoneDialog):
                return False
            await pilot.press("question_mark")
            raise Crashed

        await open_routine(pilot, "short day")
        await pilot.press("enter")
        try:
            await drive_to_summary(pilot, on_state=crash_now)
        except Crashed:
            return
        assert isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("question_mark")

    return drive


def sessions(database) -> list[tuple[RecordState, int]]:
    with HistoryStore(database, read_only=True) as store:
        return [(record.state, len(record.sets)) for _id, record in store.sessions()]


def resumable(database) -> int:
    with HistoryStore(database, read_only=True) as store:
        return len(store.unfinished())


def test_a_crash_after_a_set_says_the_workout_is_saved_and_resumes(tmp_path, monkeypatch, capsys, pchain_home):
    database = tmp_path / "history.sqlite3"
    app = short_day_app(tmp_path, database)
    crash_on_help(monkeypatch)
    headless(monkeypatch, crash_after(1))
    assert run_until_quit(app, [app.services]) == exit_codes.INTERNAL
    assert capsys.readouterr().err == (
        f"{internal_error(pchain_home)} The workout is saved as far as it went (1 of 5 sets done); "
        "`pchain resume` picks it up again. Please report it.\n")
    assert sessions(database) == [(RecordState.RUNNING, 1)]
    assert resumable(database) == 1  # what `pchain resume` offers


def test_a_crash_before_any_set_says_there_is_nothing_to_resume(tmp_path, monkeypatch, capsys, pchain_home):
    database = tmp_path / "history.sqlite3"
    app = short_day_app(tmp_path, database)
    crash_on_help(monkeypatch)
    headless(monkeypatch, crash_after(0))
    assert run_until_quit(app, [app.services]) == exit_codes.INTERNAL
    assert capsys.readouterr().err == (
        f"{internal_error(pchain_home)} The workout had no set done yet, so there is nothing to resume. "
        "Please report it.\n")
    assert resumable(database) == 0


def test_a_crash_on_the_summary_says_the_workout_was_over_and_saved(tmp_path, monkeypatch, capsys, pchain_home):
    database = tmp_path / "history.sqlite3"
    app = short_day_app(tmp_path, database)
    crash_on_help(monkeypatch)
    headless(monkeypatch, crash_after(99))
    assert run_until_quit(app, [app.services]) == exit_codes.INTERNAL
    assert capsys.readouterr().err == (
        f"{internal_error(pchain_home)} The workout was over and is saved (5 of 5 sets done). Please report it.\n")
    assert sessions(database) == [(RecordState.FINISHED, 6)]


def test_a_crash_while_the_history_is_locked_says_where_the_sets_wait(tmp_path, monkeypatch, capsys, pchain_home):
    database = tmp_path / "history.sqlite3"
    HistoryStore(database).close()
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another pchain, say, holding the history for the whole run
    try:
        app = short_day_app(tmp_path, database)
        crash_on_help(monkeypatch)
        headless(monkeypatch, crash_after(2))
        assert run_until_quit(app, [app.services]) == exit_codes.INTERNAL
        assert capsys.readouterr().err == (
            f"{internal_error(pchain_home)} The workout is kept as far as it went (2 of 5 sets done), but the "
            "history could not take every set (history: the database is locked by another pchain; your sets are "
            f"kept in {database}-unsaved.json and go into the history as soon as it can be written); "
            "`pchain resume` picks it up once they are in it. Please report it.\n")
        assert sessions(database) == []
    finally:
        blocker.close()
    assert resumable_by_the_next_pchain(database) == [2]  # the lock gone, the journal's sets are in


def resumable_by_the_next_pchain(database) -> list[int]:
    """What `pchain resume` offers: the sets of each workout it finds, through the history as pchain opens it."""
    clock = FakeClock()
    history = HistoryService(SafeHistory(database, clock=clock), Settings(), lambda notice: None, clock)
    try:
        return [len(record.sets) for _id, record in history.unfinished().result(timeout=10)]
    finally:
        history.close()


def test_a_crash_with_nowhere_to_keep_the_sets_claims_none_saved(tmp_path, monkeypatch, capsys, pchain_home):
    database = tmp_path / "history.sqlite3"
    HistoryStore(database).close()
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # the history cannot be written...
    nowhere = Path("/proc/pchain-test-nowhere")  # ... and neither can a journal of unsaved sets
    try:
        notices = Notices()
        clock = FakeClock()
        history = HistoryService(SafeHistory(database, clock=clock, journal=UnsavedJournal(nowhere / "h", nowhere)),
                                 Settings(), notices.put, clock)
        app, _clock, _sound = make_app(tmp_path, history=history, clock=clock, notices=notices)
        (app.options.user_dir / "short-day.yaml").write_text(SHORT_DAY)
        crash_on_help(monkeypatch)
        headless(monkeypatch, crash_after(2))
        assert run_until_quit(app, [app.services]) == exit_codes.INTERNAL
    finally:
        blocker.close()
    said = capsys.readouterr().err.splitlines()  # the problem was shown in the app: it is said again
    assert said == [
        "pchain: some sets could not be saved to the history; history: the database is locked by another pchain; "
        "your sets are kept in memory only (no file could be written): they are lost if pchain ends before the "
        "history can be written.",
        f"{internal_error(pchain_home)} The workout had 2 of 5 sets done, but not every set is known to be "
        "saved (see above). Please report it."]
    assert sessions(database) == []
    assert resumable_by_the_next_pchain(database) == []


def test_a_crash_on_the_summary_with_the_history_locked_says_the_workout_is_kept(tmp_path, monkeypatch, capsys,
                                                                                 pchain_home):
    database = tmp_path / "history.sqlite3"
    HistoryStore(database).close()
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        app = short_day_app(tmp_path, database)
        crash_on_help(monkeypatch)
        headless(monkeypatch, crash_after(99))
        assert run_until_quit(app, [app.services]) == exit_codes.INTERNAL
    finally:
        blocker.close()
    assert capsys.readouterr().err == (
        f"{internal_error(pchain_home)} The workout was over and is kept (5 of 5 sets done), but the history could "
        "not take every set (history: the database is locked by another pchain; your sets are kept in "
        f"{database}-unsaved.json and go into the history as soon as it can be written). Please report it.\n")
    assert resumable_by_the_next_pchain(database) == []  # over: nothing to resume
    assert sessions(database) == [(RecordState.FINISHED, 6)]  # the journal's sets went in as it opened


def test_quitting_with_sets_in_the_journal_says_where_they_are(tmp_path, monkeypatch, capsys, pchain_home):
    """No crash: the workout done and quit while the history is locked. Nothing is lost, and the last
    words say where the sets wait (not only a toast that was on screen for 6 s)."""
    database = tmp_path / "history.sqlite3"
    HistoryStore(database).close()
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        app = short_day_app(tmp_path, database)

        async def drive(pilot) -> None:
            await open_routine(pilot, "short day")
            await pilot.press("enter")
            await drive_to_summary(pilot)
            pilot.app.exit()

        headless(monkeypatch, drive)
        assert run_until_quit(app, [app.services]) == exit_codes.OK
        assert capsys.readouterr().err == (
            "pchain: 6 sets not in the history yet; the database is locked by another pchain; your sets are kept in "
            f"{database}-unsaved.json and go into the history as soon as it can be written.\n")
    finally:
        blocker.close()
    assert [count for count in resumable_by_the_next_pchain(database)] == []  # finished: not offered
    assert sessions(database) == [(RecordState.FINISHED, 6)]  # and in the history once it was free
