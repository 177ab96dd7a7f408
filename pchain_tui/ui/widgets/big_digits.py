"""Digits (and the capitals of the phase words) big enough to read from two metres away, scaled to
the space they are given."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

# A block font five cells tall; most glyphs are 3 cells wide, M and W 5 and N 4 (at 3 they read as
# other letters). Every glyph cell becomes (2 * scale) columns by (scale) rows on screen, because
# terminal cells are about twice as tall as they are wide. Letters are capitals: the phase words.
_FONT = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": ("   ", " # ", "   ", " # ", "   "),
    "/": ("  #", "  #", " # ", "#  ", "#  "),
    "-": ("   ", "   ", "###", "   ", "   "),
    "+": ("   ", " # ", "###", " # ", "   "),
    " ": ("   ", "   ", "   ", "   ", "   "),
    "A": ("###", "# #", "###", "# #", "# #"),
    "B": ("## ", "# #", "## ", "# #", "## "),
    "C": ("###", "#  ", "#  ", "#  ", "###"),
    "D": ("## ", "# #", "# #", "# #", "## "),
    "E": ("###", "#  ", "## ", "#  ", "###"),
    "F": ("###", "#  ", "## ", "#  ", "#  "),
    "G": ("###", "#  ", "# #", "# #", "###"),
    "H": ("# #", "# #", "###", "# #", "# #"),
    "I": ("###", " # ", " # ", " # ", "###"),
    "J": ("  #", "  #", "  #", "# #", "###"),
    "K": ("# #", "# #", "## ", "# #", "# #"),
    "L": ("#  ", "#  ", "#  ", "#  ", "###"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "N": ("#  #", "## #", "# ##", "#  #", "#  #"),
    "O": ("###", "# #", "# #", "# #", "###"),
    "P": ("###", "# #", "###", "#  ", "#  "),
    "Q": ("###", "# #", "# #", "###", "  #"),
    "R": ("## ", "# #", "## ", "# #", "# #"),
    "S": ("###", "#  ", "###", "  #", "###"),
    "T": ("###", " # ", " # ", " # ", " # "),
    "U": ("# #", "# #", "# #", "# #", "###"),
    "V": ("# #", "# #", "# #", "# #", " # "),
    "W": ("#   #", "#   #", "# # #", "# # #", " # # "),
    "X": ("# #", "# #", " # ", "# #", "# #"),
    "Y": ("# #", "# #", " # ", " # ", " # "),
    "Z": ("###", "  #", " # ", "#  ", "###"),
}
GLYPH_ROWS = 5
GAP = 1
"""Cells between one glyph and the next."""
MAX_SCALE = 8
"""The largest scale drawn, however much room there is."""


def can_draw(text: str) -> bool:
    """True when the font has every character of `text` (anything else is shown as plain text)."""
    return all(char in _FONT for char in text)


def render_big(text: str, scale: int) -> list[str]:
    """Lines of block characters spelling `text` (characters the font has) at `scale`."""
    rows = []
    for row in range(GLYPH_ROWS):
        cells = (" " * GAP).join(_FONT[char][row] for char in text)
        line = "".join(("█" if cell == "#" else " ") * 2 * scale for cell in cells)
        rows.extend([line] * scale)
    return rows


def _cells(char: str) -> int:
    return len(_FONT[char][0])


def width_at(text: str, scale: int) -> int:
    """Columns `text` takes at `scale`."""
    return (sum(map(_cells, text)) + GAP * (len(text) - 1)) * 2 * scale if text else 0


def glyph_span(text: str, index: int, scale: int) -> tuple[int, int]:
    """The columns where glyph `index` of `text` starts and ends (exclusive), from the text's start."""
    start = sum(_cells(char) + GAP for char in text[:index]) * 2 * scale
    return start, start + _cells(text[index]) * 2 * scale


class BigDigits(Widget):
    """A number (or a word as short as GO) drawn in block characters, as large as the widget's size allows.

    Drawn line by line (Textual's line API) from a cached layout, and a new value repaints only
    the glyphs that changed, so a countdown costs next to nothing each second.
    """

    DEFAULT_CSS = """
    BigDigits {
        width: 1fr;
        height: 1fr;
    }
    """

    value: reactive[str] = reactive("", layout=False, repaint=False)
    """The text to draw: digits, ':' '/' '-' '+' and capitals ("GO"); the watcher repaints what changed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._layout_key: tuple[str, int, int] | None = None
        self._lines: list[str] = []
        self._style: Style = Style()
        self._strips: dict[int, Strip] = {}

    def lines(self) -> list[str]:
        """The rows drawn for the current value and size (centred), recomputed only when they change."""
        width, height = self.size.width, self.size.height
        key = (self.value, width, height)
        if key != self._layout_key:
            self._layout_key = key
            self._lines = layout_lines(self.value, width, height)
            self._strips = {}
        return self._lines

    def watch_value(self, old: str, new: str) -> None:
        """Repaint only the glyphs that changed ("1:25" to "1:24": the last one), or all if it moved."""
        width, height = self.size.width, self.size.height
        scale, left, top = placement(new, width, height)
        if not scale or len(old) != len(new) or placement(old, width, height) != (scale, left, top):
            self.refresh()
            return
        # Same place, so the same width: glyphs before the first change and after the last one sit
        # where they were, even when the changed ones differ in width ("OW" to "WO").
        changed = [index for index, (a, b) in enumerate(zip(old, new)) if a != b]
        if changed:
            x = left + glyph_span(new, changed[0], scale)[0]
            right = left + glyph_span(new, changed[-1], scale)[1]
            self.refresh(Region(x, top, right - x, GLYPH_ROWS * scale))

    def render_lines(self, crop: Region) -> list[Strip]:
        """Take the widget's style once per repaint (Textual caches it), not once per line."""
        style = self.visual_style.rich_style  # cached by Textual until the styles change
        if style != self._style:
            self._style, self._strips = style, {}
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One row of the digits."""
        lines = self.lines()
        if y not in self._strips:
            self._strips[y] = Strip([Segment(_row(lines, y, self.size.width), self._style)])
        return self._strips[y]


def _row(lines: list[str], y: int, width: int) -> str:
    """Row `y` of a layout, padded or cut to exactly `width` columns."""
    return (lines[y] if y < len(lines) else "").ljust(width)[:width]


def placement(value: str, width: int, height: int) -> tuple[int, int, int]:
    """The largest scale at which `value` fits `width` x `height` (0: as plain text, also when the
    font lacks one of its characters), and the column and row where it starts, centred."""
    scale = 0
    while (can_draw(value) and width_at(value, scale + 1) <= width and GLYPH_ROWS * (scale + 1) <= height
           and scale < MAX_SCALE):
        scale += 1
    text_width, text_height = (width_at(value, scale), GLYPH_ROWS * scale) if scale else (len(value), 1)
    return scale, max(0, (width - text_width) // 2), max(0, (height - text_height) // 2)


def layout_lines(value: str, width: int, height: int) -> list[str]:
    """`value` at the largest scale that fits `width` x `height`, centred; plain text if none fits."""
    scale, left, top = placement(value, width, height)
    rows = render_big(value, scale) if scale else [value]
    return [""] * top + [(" " * left + row).rstrip() for row in rows]
