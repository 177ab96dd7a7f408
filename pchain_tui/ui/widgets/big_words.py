"""A band of words, drawn in the block font when they fit: the phase, readable from two metres away."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.widgets import Static

from pchain_tui.ui.widgets.big_digits import placement, render_big


class BigWords(Static):
    """Words shown as text, or in block letters when one of their big forms fits the widget.

    `content` is always the words in full ("LOWER  3", "PAUSED · space to resume"), so what the band
    says can be read and tested as text; the big forms ("LOWER 3", then "LOWER") are tried in order at
    each size and the first one that fits is drawn, else the words. Centre it with `content-align`.
    """

    DEFAULT_CSS = """
    BigWords {
        width: 1fr;
    }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._big: tuple[str, ...] = ()
        self._shown: tuple[str, tuple[str, ...]] | None = None

    def show(self, words: str, big: tuple[str, ...] = ()) -> None:
        """Show `words`, drawn as the first of `big` that fits; nothing is redrawn when nothing changed."""
        if self._shown == (words, big):
            return
        self._shown = (words, big)
        self._big = big
        self.update(Text(words))

    def drawn(self) -> str | None:
        """The big form drawn at the widget's current size, or None when the words are shown as text."""
        width, height = self.content_size
        return next((choice for choice in self._big if placement(choice, width, height)[0]), None)

    def render(self) -> RenderResult:
        """The first big form that fits, as large as it fits, else the words."""
        choice = self.drawn()
        if choice is None:
            return super().render()
        width, height = self.content_size
        scale = placement(choice, width, height)[0]
        return Text("\n".join(render_big(choice, scale)), no_wrap=True, overflow="crop")
