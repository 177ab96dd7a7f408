"""A bar that fills through a phase, a hold or a rest."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

STEPS = 200
"""The bar's resolution: the fraction is rounded to this, so repaints happen only when it shows."""


class FillBar(Widget):
    """A horizontal bar, `fraction` of it filled."""

    DEFAULT_CSS = """
    FillBar {
        height: 1;
        width: 1fr;
        color: $accent;
        background: $panel;
    }
    """

    fraction: reactive[float] = reactive(0.0)
    """How much is filled, 0..1 (rounded to the bar's resolution)."""

    def validate_fraction(self, fraction: float) -> float:
        """Clamp and round, so tiny changes do not cause repaints."""
        return round(min(1.0, max(0.0, fraction)) * STEPS) / STEPS

    def render(self) -> Text:
        """Full blocks, one partial block, then empty space."""
        width = self.content_size.width
        eighths = round(self.fraction * width * 8)
        full, part = divmod(eighths, 8)
        partial = " ▏▎▍▌▋▊▉"[part] if part and full < width else ""
        return Text("█" * full + partial + " " * max(0, width - full - len(partial)), no_wrap=True)
