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
