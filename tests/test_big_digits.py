"""The big digits and words: the font, laid out to fit, and a new value repaints exactly what changed
(nothing stale)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from pchain_tui.ui.widgets.big_digits import _FONT, BigDigits, can_draw, layout_lines, render_big, width_at
from pchain_tui.ui.widgets.big_words import BigWords


class DigitsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BigDigits(id="digits")


def screen_rows(app: App) -> list[str]:
    """What the compositor shows now, built from each widget's cached lines."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def test_the_digits_grow_with_the_space_and_fall_back_to_plain_text():
    assert layout_lines("12", 80, 20) != layout_lines("12", 20, 5)
    assert max(len(row) for row in layout_lines("1:25", 80, 20)) > 40
    assert [row.strip() for row in layout_lines("1:25", 8, 3) if row.strip()] == ["1:25"]


def test_the_font_has_every_capital_each_glyph_five_even_rows_and_no_two_alike():
    letters = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    assert can_draw("".join(letters)) and can_draw("0123456789:/-+ ")
    for char, rows in _FONT.items():
        assert len(rows) == 5 and len({len(row) for row in rows}) == 1, char
    assert len({_FONT[letter] for letter in letters}) == len(letters)
    assert not can_draw("lower") and not can_draw("→")


def test_words_take_the_width_of_their_glyphs():
    assert width_at("LIFT", 1) == (4 * 3 + 3) * 2  # four 3-cell glyphs and three 1-cell gaps, 2 columns a cell
    assert width_at("LOWER", 1) == (3 + 3 + 5 + 3 + 3 + 4) * 2  # W is 5 cells wide
    assert width_at("LOWER 3", 2) == 2 * width_at("LOWER 3", 1)
    assert {len(row) for row in render_big("LOWER 3", 2)} == {width_at("LOWER 3", 2)}


def test_what_the_font_cannot_draw_is_shown_as_text():
    assert [row.strip() for row in layout_lines("3 → 2", 80, 20) if row.strip()] == ["3 → 2"]


@pytest.mark.parametrize("values", [["1:25", "1:24", "1:19", "59", "8", "10"], ["3", "2", "1", ""],
                                    ["GO", "1", "OW", "WO", "MN", "NM", "+4", "+5"]])
async def test_each_new_value_shows_completely_with_no_stale_rows(values):
    app = DigitsApp()
    async with app.run_test(size=(70, 16)) as pilot:
        digits = app.query_one(BigDigits)
        for value in values:
            digits.value = value
            await pilot.pause()
            expected = [row.ljust(70)[:70] for row in layout_lines(value, 70, 16)]
            expected += [" " * 70] * (16 - len(expected))
            assert screen_rows(app) == expected, value


@pytest.mark.parametrize("size", [(70, 16), (40, 10), (160, 50), (12, 4)])
async def test_the_repainted_box_covers_every_changed_cell_and_no_more_than_needed(size):
    """What the terminal is sent: only the refreshed box, so it must hold every changed cell."""
    width, height = size
    countdown = [f"{s // 60}:{s % 60:02d}" if s >= 60 else str(s) for s in range(125, -1, -1)]
    app = DigitsApp()
    async with app.run_test(size=size) as pilot:
        digits = app.query_one(BigDigits)
        refreshed: list[tuple] = []
        real_refresh = digits.refresh
        digits.refresh = lambda *regions, **kw: refreshed.append(regions) or real_refresh(*regions, **kw)
        old = ""
        partial = 0
        for value in countdown:
            refreshed.clear()
            digits.value = value
            before = [row.ljust(width) for row in layout_lines(old, width, height)] + [" " * width] * height
            after = [row.ljust(width) for row in layout_lines(value, width, height)] + [" " * width] * height
            changed = {(x, y) for y in range(height) for x in range(width) if before[y][x] != after[y][x]}
            regions = [region for call in refreshed for region in call]
            assert refreshed or not changed, value  # something changed, so something was repainted
            if refreshed and all(refreshed):  # a partial repaint: every changed cell must be inside it
                partial += 1
                assert all(any(region.contains(x, y) for region in regions) for x, y in changed), value
                assert sum(region.area for region in regions) < width * height
            old = value
        assert partial > len(countdown) // 2 or width < 20  # most seconds repaint only a glyph or two
        await pilot.pause()


async def test_a_new_theme_repaints_the_digits_in_its_colours():
    app = DigitsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        app.query_one(BigDigits).value = "7"
        await pilot.pause()

        def digit_style():
            row = app.screen._compositor.render_strips()[5]
            return next(segment.style for segment in row if "█" in segment.text)

        before = digit_style()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert digit_style() != before


class WordsApp(App[None]):
    CSS = "BigWords { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield BigWords(id="words")


@pytest.mark.parametrize(("size", "drawn"), [((80, 5), "LOWER 3"), ((50, 5), "LOWER"), ((40, 5), None),
                                             ((80, 4), None), ((160, 10), "LOWER 3")])
async def test_big_words_draw_the_first_form_that_fits_and_else_the_words(size, drawn):
    app = WordsApp()
    async with app.run_test(size=size) as pilot:
        words = app.query_one(BigWords)
        words.show("LOWER  3", ("LOWER 3", "LOWER"))
        await pilot.pause()
        assert str(words.content) == "LOWER  3" and words.drawn() == drawn
        rows = [row.rstrip() for row in screen_rows(app)]
        if drawn is None:
            assert any("LOWER  3" in row for row in rows)
        else:
            scale = 2 if size == (160, 10) else 1
            big = [row.rstrip() for row in render_big(drawn, scale)]
            assert [row.strip() for row in rows] == [row.strip() for row in big]
        words.show("PAUSED · space to resume")  # no big form: text, whatever the size
        await pilot.pause()
        assert words.drawn() is None and any("PAUSED · space to resume" in row for row in screen_rows(app))
