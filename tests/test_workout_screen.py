"""The set and rest screens at 40x12, 80x24 and 160x50: the phase word big and in colour, GO at a set's
start, the workout's clock and progress, and last time's numbers, all on screen and none of it cut."""

from __future__ import annotations

import html
import math
import random
import re

import pytest
from rich.color import ColorSystem

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import Block, Exercise, Routine, WorkKind
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.engine import Status
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.ui.widgets.big_digits import placement, render_big
from pchain_tui.ui.widgets.big_words import BigWords

from .app_helpers import advance, make_app, play_due, settle, text_of, workout

SIZES = [(40, 12), (80, 24), (160, 50)]
RDL = Exercise("romanian-deadlift", "Romanian deadlift", equipment=("barbell",), cues=("Hinge at the hips",))
WALL_SIT = Exercise("wall-sit", "Wall sit", equipment=("bodyweight",), cues=("Back flat on the wall",))
ROUTINE = Routine("screen-test", "Screen test", (
    # 3-1-1-0 from the top: LOWER 3 s, PAUSE 1 s, LIFT 1 s; a rep is 5 s.
    Block(RDL, 2, Range(8, 10), None, Range(30, 30), parse_tempo("3-1-1-0"), load="40 kg"),
    Block(WALL_SIT, 1, None, Range(30, 30), Range(60, 60), parse_tempo("2-0-1-0")),
))
SETS = 3
T0 = 1_790_000_000.0


def screen_lines(app) -> list[str]:
    """What the terminal shows, row by row, read from Textual's SVG screenshot (its public export)."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    svg = app.export_screenshot()
    for found in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                             r'clip-path="url\(#terminal-\d+-line-(\d+)\)">(.*?)</text>', svg, re.S):
        column = round(float(found[1]) / 12.2)  # Rich draws a cell 12.2 units wide
        for offset, char in enumerate(html.unescape(found[3]).replace("\xa0", " ").rstrip("\n")):
            if column + offset < width:
                rows[int(found[2])][column + offset] = char
    return ["".join(row) for row in rows]


def on_screen(app, text: str) -> bool:
    """True when `text` shows on one row of the screen."""
    return any(text in row for row in screen_lines(app))


def drawn_big(app, word: str, scale: int) -> bool:
    """True when `word` shows in the block font at `scale`, its rows one under the other."""
    rows, glyphs = screen_lines(app), render_big(word, scale)
    return any(all(glyph.rstrip() in rows[top + k] for k, glyph in enumerate(glyphs))
               for top in range(len(rows) - len(glyphs) + 1))


def big_digits_show(app, screen, value: str) -> bool:
    """True when the big digits draw `value` in the block font, as large as their space allows."""
    digits = screen.query_one("#digits")
    scale = placement(value, digits.size.width, digits.size.height)[0]
    return scale >= 1 and drawn_big(app, value, scale)


def assert_nothing_cut(app, screen) -> None:
    """Every word of the screen's texts (where, progress, band, detail, cue, next) shows whole; on a
    small terminal the top line is one row, where a long name may end in an ellipsis, but its side
    (first) and the start of the name show."""
    words = {token for row in screen_lines(app) for token in row.split()}
    small = screen.has_class("-narrow") or screen.has_class("-short")
    for selector in ("#where", "#progress", "#phase", "#detail", "#cue", "#next"):
        widget = screen.query_one(selector)
        if not widget.display or (selector == "#phase" and widget.drawn() is not None):
            continue
        if selector == "#where" and small:
            first, *_ = text_of(screen, selector).split()
            assert first in words and widget.size.height == 1
            continue
        for word in text_of(screen, selector).split():
            assert word in words, f"{selector}: {word!r} is not on screen whole ({text_of(screen, selector)!r})"


def history_app(tmp_path, sessions: list[SessionRecord] = ()):
    """An app with a history holding `sessions`, opened on the test routine's overview."""
    database = tmp_path / "history.sqlite3"
    with HistoryStore(database) as store:
        for session in sessions:
            store.start_session(session)
    clock = FakeClock()
    service = HistoryService(SafeHistory(database, clock=clock), Settings(), lambda notice: None, clock)
    return make_app(tmp_path, history=service, clock=clock, routine=ROUTINE)


def rdl_sets(*reps: int, load: str = "40 kg") -> SessionRecord:
    """A session of the test routine where the deadlift's sets did `reps`."""
    sets = [SetRecord(0, RDL.id, RDL.name, number, None, WorkKind.PACED, 8, done, None, None, load, "3-1-1-0",
                      T0 + number * 60, T0 + number * 60 + 40, 40.0, range_low=8, range_high=10)
            for number, done in enumerate(reps, 1)]
    return SessionRecord(ROUTINE.id, ROUTINE.name, "hash", T0, T0 + 600, RecordState.FINISHED, sets)


async def finish_set(pilot, screen) -> None:
    """Let the set in progress run to its end (its dialog opens)."""
    await advance(pilot, screen.live.state().step.duration - screen.live.state().elapsed)
    await settle(pilot)


async def log_set(pilot) -> None:
    """Save the open set dialog as it is."""
    assert type(pilot.app.screen).__name__ == "SetDoneDialog"
    await pilot.press("enter")
    await settle(pilot)


async def start_first_set(pilot):
    """From the overview through the intro and the 3 s get-ready, to the first set's start."""
    await settle(pilot)
    await pilot.press("enter")  # the overview: start
    await settle(pilot)
    await pilot.press("enter")  # the intro: read, go
    await advance(pilot, 3.0)  # the get-ready, 3-2-1
    screen = workout(pilot.app)
    assert screen.live.state().step.kind is StepKind.WORK
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_the_phase_word_is_big_where_it_fits_and_in_its_colour(tmp_path, size):
    app, clock, _sound = history_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await start_first_set(pilot)
        band = screen.query_one("#phase", BigWords)
        backgrounds = {}
        for at, word, seconds in ((1.5, "LOWER", 2), (3.5, "PAUSE", 1), (4.5, "LIFT", 1)):
            await advance(pilot, at - screen.live.state().elapsed)
            assert text_of(screen, "#phase") == f"{word}  {seconds}"
            assert band.has_class(f"-{word.lower()}")
            backgrounds[word] = band.styles.background
            if size == (40, 12):  # one row: the band in its colour, the word in it as text
                assert band.drawn() is None and on_screen(app, f"{word}  {seconds}")
            else:
                scale = 2 if size == (160, 50) else 1
                assert band.drawn() == f"{word} {seconds}" and drawn_big(app, f"{word} {seconds}", scale)
            assert_nothing_cut(app, screen)
        await finish_set(pilot, screen)
        await log_set(pilot)
        await advance(pilot, 30.5)  # the rest, then set 2: ended at once, logged, rested
        await pilot.press("enter")
        await log_set(pilot)
        await advance(pilot, 30.5)
        assert screen.live.state().step.kind is StepKind.INTRO
        await pilot.press("enter")
        await advance(pilot, 4.0)  # the get-ready, and 1 s into the hold
        assert screen.live.state().step.work_kind is WorkKind.HOLD
        assert text_of(screen, "#phase") == "HOLD" and band.has_class("-hold")
        assert band.drawn() == (None if size == (40, 12) else "HOLD")
        backgrounds["HOLD"] = band.styles.background
    assert len(set(backgrounds.values())) == 4
    standard = {color.rich_color.downgrade(ColorSystem.STANDARD).number for color in backgrounds.values()}
    assert len(standard) == 4, "in a 16-colour terminal the four phases must still differ"


async def test_the_phase_colours_are_the_same_in_a_light_theme_and_the_word_stands_out(tmp_path):
    app, clock, _sound = history_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_first_set(pilot)
        await advance(pilot, 1.0)
        band = screen.query_one("#phase", BigWords)
        dark = band.styles.background
        app.theme = "textual-light"
        await pilot.pause()
        style = band.visual_style
        assert band.styles.background == dark
        assert _contrast(style.foreground, style.background) >= 4.5


def _contrast(a, b) -> float:
    """WCAG contrast ratio of two colours."""
    def luminance(color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("size", SIZES)
async def test_the_countdown_turns_into_go_then_rep_1(tmp_path, size):
    app, clock, _sound = history_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        screen = workout(app)
        digits = screen.query_one("#digits")
        shown = []
        for _ in range(3):  # the get-ready: 3, 2, 1
            await advance(pilot, 1.0)
            shown.append(digits.value)
        assert shown == ["2", "1", "GO"]
        assert on_screen(app, "rep 1 of 8") and big_digits_show(app, screen, "GO")
        await advance(pilot, 0.999)
        assert digits.value == "GO"
        await advance(pilot, 0.01)
        assert digits.value == "1"  # the rep in progress, and no second count of reps done
        assert text_of(screen, "#detail").startswith("rep 1 of 8") and "done" not in text_of(screen, "#detail")
        await finish_set(pilot, screen)
        await log_set(pilot)
        await advance(pilot, 29.5 - screen.live.state().elapsed)
        assert screen.live.state().step.kind is StepKind.REST and digits.value == "1"
        await advance(pilot, 0.6)
        assert screen.live.state().step.kind is StepKind.WORK and digits.value == "GO"
        assert big_digits_show(app, screen, "GO")
        await advance(pilot, 1.0)
        assert digits.value == "1"


@pytest.mark.parametrize("size", SIZES)
async def test_the_workout_clock_and_progress_show_on_the_set_and_the_rest(tmp_path, size):
    app, clock, _sound = history_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        began = clock.now()
        screen = await start_first_set(pilot)
        await advance(pilot, 2.0)
        small = screen.has_class("-narrow") or screen.has_class("-short")
        progress = text_of(screen, "#progress")
        assert progress == ("0:05 · 1/3" if small else "workout 0:05  ·  set 1 of 3") and on_screen(app, progress)
        assert_nothing_cut(app, screen)
        await finish_set(pilot, screen)
        await log_set(pilot)
        await advance(pilot, 12.0)
        assert screen.live.state().step.kind is StepKind.REST
        progress = text_of(screen, "#progress")
        assert progress == (f"{_mss(clock.now() - began)} · 1/3" if small else
                            f"workout {_mss(clock.now() - began)}  ·  after set 1 of 3") and on_screen(app, progress)
        assert_nothing_cut(app, screen)
        await pilot.press("space")  # paused, the workout's clock goes on, as the summary's time does
        clock.advance(75.3)
        screen.repaint()  # one repaint after a long jump: the time is read from the clock, not counted
        await pilot.pause()
        assert screen.live.state().status is Status.PAUSED
        assert text_of(screen, "#progress") == (f"{_mss(clock.now() - began)} · 1/3" if small else
                                                f"workout {_mss(clock.now() - began)}  ·  after set 1 of 3")
        assert on_screen(app, text_of(screen, "#progress"))


def _mss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@pytest.mark.parametrize("reading", [0.0, 0.4, 0.995])
async def test_the_workout_clock_shows_each_second_once_and_a_rest_wakes_the_screen_once_a_second(tmp_path,
                                                                                                   reading):
    """Driven as the real timer drives it (each wake a few ms late): through a rest into the next set
    the workout's clock never skips or repeats a second nor runs ahead, and shows the time of a second
    ago at most;
    in the rest the clock moves with the countdown, one wake a second (the idle cost of a rest)."""
    app, clock, _sound = history_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        began = clock.now()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await advance(pilot, reading)  # the intro is read for a while: the rest's seconds fall between the clock's
        await pilot.press("enter")
        await advance(pilot, 3.0)
        screen = workout(app)
        await finish_set(pilot, screen)
        await log_set(pilot)
        waits: list[float] = []
        real_set_timer = screen.set_timer
        screen.set_timer = lambda delay, callback, **kw: (waits.append(delay), real_set_timer(delay, callback, **kw))[1]
        late = random.Random(14)
        screen.repaint()
        shown, kinds, start = [], [], clock.now()
        while clock.now() < start + 45:  # the 30 s rest, then 15 s of set 2
            clock.advance(waits[-1] + late.uniform(0.0, 0.010))
            play_due(screen.live)
            screen.repaint()
            minutes, seconds = re.search(r"workout (\d+):(\d\d)", text_of(screen, "#progress")).groups()
            shown.append((clock.now() - began, int(minutes) * 60 + int(seconds)))
            kinds.append(screen.live.state().step.kind)
        values = [value for _true, value in shown]
        changes = [value for index, value in enumerate(values) if index == 0 or value != values[index - 1]]
        assert changes == list(range(changes[0], changes[-1] + 1))
        assert all(math.floor(true - 1) <= value <= true for true, value in shown)  # the time of a second ago, at most
        assert StepKind.WORK in kinds and kinds.count(StepKind.REST) <= 31


@pytest.mark.parametrize("size", SIZES)
async def test_last_times_numbers_show_on_each_set(tmp_path, size):
    app, clock, _sound = history_app(tmp_path, [rdl_sets(9, 7)])
    async with app.run_test(size=size) as pilot:
        screen = await start_first_set(pilot)
        await advance(pilot, 1.5)
        small = screen.has_class("-narrow") or screen.has_class("-short")
        plates = "" if small else "  ·  per side: 10"  # 40 kg on the bar: 10 kg a side (left out when small)
        assert text_of(screen, "#detail") == "rep 1 of 10  ·  last: 9 × 40 kg" + plates  # one more than last time
        assert on_screen(app, "last: 9 × 40 kg")
        assert_nothing_cut(app, screen)
        await finish_set(pilot, screen)
        await log_set(pilot)
        await advance(pilot, 31.5)
        assert screen.live.state().step.set_number == 2
        assert text_of(screen, "#detail").endswith("last: 7 × 40 kg" + plates) and on_screen(app, "last: 7 × 40 kg")


async def test_nothing_about_last_time_the_first_time(tmp_path):
    app, clock, _sound = history_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_first_set(pilot)
        await advance(pilot, 1.5)
        assert text_of(screen, "#detail") == "rep 1 of 8  ·  per side: 10"  # no last time: the plates only


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_name_and_a_side_wrap_whole_beside_the_workout_clock(tmp_path, size):
    long_name = Exercise("b-stance-rdl", "Single-leg Romanian deadlift from a deficit", equipment=("dumbbells",),
                         cues=("Square hips, long spine, reach the free leg back",))
    block = Block(long_name, 2, Range(8, 10), None, Range(45, 45), parse_tempo("3-1-1-0"), per_side=True)
    app, clock, _sound = make_app(tmp_path, routine=Routine("long", "Long", (block,)))
    async with app.run_test(size=size) as pilot:
        screen = await start_first_set(pilot)
        seen = set()
        while len(seen) < 3:
            await advance(pilot, 0.5)
            if pilot.app.screen is not screen:
                await log_set(pilot)
            step = screen.live.state().step
            if step.kind in (StepKind.WORK, StepKind.SWITCH, StepKind.REST) and step.kind not in seen:
                seen.add(step.kind)
                assert on_screen(app, text_of(screen, "#progress"))
                assert_nothing_cut(app, screen)
