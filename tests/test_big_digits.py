"""The big digits: laid out to fit, and a new value repaints exactly what changed (nothing stale)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from pchain_tui.ui.widgets.big_digits import BigDigits, layout_lines


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


@pytest.mark.parametrize("values", [["1:25", "1:24", "1:19", "59", "8", "10"], ["3", "2", "1", ""]])
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
