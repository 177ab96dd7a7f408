"""The app with a program followed: the picker offers its next day with an "Up next" line, and a deload
week's overview says so and runs the reduced sets."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import OptionList

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.files.catalog import load_catalog
from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.settings import Place, Settings
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.paths import bundled_routines_dir
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.storage.settings_file import settings_path
from pchain_tui.ui.screens.overview import OverviewScreen

from .app_helpers import make_app, settle, text_of

WEEK = 7 * 86400


def at(month: int, day: int, hour: int = 18) -> float:
    """Local time in 2026 (2 November is a Monday)."""
    return datetime(2026, month, day, hour).timestamp()


def trained(database, *days: tuple[str, float]) -> None:
    with HistoryStore(database) as store:
        for routine_id, when in days:
            session_id = store.start_session(SessionRecord(routine_id, routine_id, "hash", when))
            store.save_set(session_id, SetRecord(0, "glute-bridge", "Glute bridge", 1, None, WorkKind.PACED, 12,
                                                 12, None, None, None, "2-0-1-1", when + 60, when + 90, 30.0))
            store.end_session(session_id, RecordState.FINISHED, when + 100)


def program_app(tmp_path, now: float, settings: Settings, **options):
    database = tmp_path / "history.sqlite3"
    clock = FakeClock(epoch=now)
    service = HistoryService(SafeHistory(database, clock=clock), settings, lambda notice: None, clock)
    app, _clock, _sound = make_app(tmp_path, history=service, clock=clock, settings=settings, **options)
    told: list[str] = []
    app.tell = lambda notice: told.append(notice.text)  # what the person would be told
    return app, database, told


def highlighted(app) -> str:
    return app.screen.query_one("#routines", OptionList).highlighted_option.id


async def test_the_picker_offers_the_next_day_with_the_line_up_next_at_every_size(tmp_path):
    app, database, _told = program_app(tmp_path, at(11, 5, 10), Settings(program="beginner",
                                                                         program_since=at(11, 1)))
    trained(database, ("beginner-day-1", at(11, 2)), ("home", at(11, 3)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert highlighted(app) == "beginner-day-2"
        assert text_of(app.screen, "#up-next") == "Up next: Beginner day 2 · last: day 1, Monday"
        details = text_of(app.screen, "#details")
        assert "Beginner day 2" in details and "Deload week" not in details
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        line = text_of(app.screen, "#up-next")
        assert line.startswith("Up next: Beginner day 2 · ") and line.endswith("…") and len(line) <= 38
        assert app.screen.query_one("#up-next").region.height == 1


async def test_within_48_h_the_next_days_details_say_when_it_is_due(tmp_path):
    app, database, _told = program_app(tmp_path, at(11, 3, 9), Settings(program="beginner"))
    trained(database, ("beginner-day-1", at(11, 2)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert text_of(app.screen, "#up-next") == "Up next: Beginner day 2 · last: day 1, yesterday"
        assert "Twice a week, at least 48 h between days: day 2 is due tomorrow at 18:01" in " ".join(
            text_of(app.screen, "#details").split())


async def test_a_deload_week_halves_the_sets_and_the_overview_says_so(tmp_path):
    first = at(10, 27)  # the Tuesday of week 1 (weeks start on Mondays)
    app, database, _told = program_app(tmp_path, first + 5 * WEEK, Settings(program="beginner",
                                                                             program_since=at(10, 20)))
    trained(database, ("beginner-day-1", first), ("beginner-day-2", first + 2 * 86400))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert highlighted(app) == "beginner-day-1"
        assert "Deload week: half the sets" in text_of(app.screen, "#details")
        assert "program_started = 2026-10-27\n" in settings_path().read_text()  # not looked for again
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert text_of(app.screen, "#overview-note") == "Deload week: half the sets"
        assert [block.sets for block in app.screen.routine.blocks] == [2, 2, 2, 2]  # 3 x 12-15 and so on: 3 -> 2
        assert "8 sets" in text_of(app.screen, "#overview-estimate")
        await pilot.press("escape")
        await pilot.press("down")  # another routine, not a day of the program: as written
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query("#overview-note")


@pytest.mark.parametrize("program", ["beginner", None])
async def test_pchain_run_of_a_program_day_in_a_deload_week_runs_it_deloaded(tmp_path, program):
    """`pchain run beginner-day-1` opens the day as the picker would: deloaded in a deload week, and
    as written when no program is followed."""
    first = at(10, 27)
    day_1 = load_catalog(bundled_routines_dir(), tmp_path / "none").find("beginner-day-1").result.routine
    app, database, _told = program_app(tmp_path, first + 5 * WEEK, Settings(program=program,
                                                                             program_since=at(10, 20)),
                                       routine=day_1)
    trained(database, ("beginner-day-1", first), ("beginner-day-2", first + 2 * 86400))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        if program is None:
            assert not app.screen.query("#overview-note")
            assert [block.sets for block in app.screen.routine.blocks] == [3, 3, 3, 3]
        else:
            assert text_of(app.screen, "#overview-note") == "Deload week: half the sets"
            assert [block.sets for block in app.screen.routine.blocks] == [2, 2, 2, 2]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, OverviewScreen)  # one overview, not two


async def test_a_day_begun_in_a_deload_week_resumes_with_the_deload_sets_the_week_after(tmp_path):
    first = at(10, 27)
    deload_day = first + 5 * WEEK  # Tuesday of week 6, the deload week
    app, database, told = program_app(tmp_path, deload_day + 6 * 86400, Settings(program="beginner",
                                                                                  program_since=at(10, 20)),
                                      resume=True)  # resumed the next Monday: week 7
    trained(database, ("beginner-day-1", first), ("beginner-day-2", first + 2 * 86400))
    with HistoryStore(database) as store:
        session_id = store.start_session(SessionRecord("beginner-day-1", "Beginner day 1", "hash", deload_day))
        store.save_set(session_id, SetRecord(0, "glute-bridge", "Glute bridge", 1, None, WorkKind.PACED, 12, 12,
                                             None, None, None, "2-0-1-2", deload_day + 60, deload_day + 90, 30.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plan = app.workout.plan
        assert [block.sets for block in plan.routine.blocks] == [2, 2, 2, 2]
        assert "Beginner day 1 began in a deload week: resuming with half the sets." in told
        step = app.workout.state().step
        assert (step.block_index, step.set_number) == (0, 2)  # on at the set after the one done


async def test_an_unknown_program_in_the_settings_is_told_with_its_place_and_nothing_is_offered(tmp_path):
    settings = Settings(program="begginer", program_place=Place(3, 1, 11), source="settings.toml")
    app, _database, told = program_app(tmp_path, at(11, 5), settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#up-next").display
        assert highlighted(app) == "beginner-day-1"  # the first in the list, as with no program
    assert ("settings: settings.toml:3:11: no program 'begginer'; did you mean 'beginner'? (`pchain program NAME` "
            "chooses one; until then none is followed)") in told


async def test_with_no_program_there_is_no_line(tmp_path):
    app, _database, _told = program_app(tmp_path, at(11, 5), Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#up-next").display


async def test_after_a_whole_deload_day_the_picker_offers_the_next_one(tmp_path):
    from .test_app import drive_to_summary

    first = at(10, 27)
    app, database, _told = program_app(tmp_path, first + 5 * WEEK, Settings(program="beginner",
                                                                             program_since=at(10, 20)))
    trained(database, ("beginner-day-1", first), ("beginner-day-2", first + 2 * 86400))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the deload day 1 the picker offers
        await settle(pilot)
        await pilot.press("enter")
        await drive_to_summary(pilot)
        await settle(pilot)
        assert text_of(app.screen, "#summary-saved") == "All 8 sets are saved in your history."
        await pilot.press("enter")  # back to the picker
        await settle(pilot)
        assert text_of(app.screen, "#up-next") == "Up next: Beginner day 2 · last: day 1, today"
