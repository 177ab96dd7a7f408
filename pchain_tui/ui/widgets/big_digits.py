"""Digits big enough to read from two metres away, scaled to the space they are given."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

# A 3 x 5 block font; every glyph cell becomes (2 * scale) columns by (scale) rows on screen,
# because terminal cells are about twice as tall as they are wide.
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
    " ": ("   ", "   ", "   ", "   ", "   "),
}
GLYPH_ROWS = 5


def render_big(text: str, scale: int) -> list[str]:
    """Lines of block characters spelling `text` (digits, ':', '/', '-', space) at `scale`."""
    rows = []
    for row in range(GLYPH_ROWS):
        cells = " ".join(_FONT.get(char, _FONT[" "])[row] for char in text)
        line = "".join(("█" if cell == "#" else " ") * 2 * scale for cell in cells)
        rows.extend([line] * scale)
    return rows


def width_at(text: str, scale: int) -> int:
    """Columns `text` takes at `scale`."""
    return (len(text) * 4 - 1) * 2 * scale if text else 0


class BigDigits(Widget):
    """A number drawn in block characters, as large as the widget's size allows."""

    DEFAULT_CSS = """
    BigDigits {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
    }
    """

    value: reactive[str] = reactive("", layout=False)
    """The text to draw: digits and ':' '/' '-'."""

    def render(self) -> Text:
        """The digits at the largest scale that fits, or plain text when even scale 1 does not."""
        width, height = self.content_size.width, self.content_size.height
        scale = 0
        while width_at(self.value, scale + 1) <= width and GLYPH_ROWS * (scale + 1) <= height and scale < 8:
            scale += 1
        if scale == 0:
            return Text(self.value, style="bold", justify="center")
        lines = render_big(self.value, scale)
        pad = max(0, (height - len(lines)) // 2)
        return Text("\n" * pad + "\n".join(lines), justify="center", no_wrap=True)
