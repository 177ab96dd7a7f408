"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Footer

ROOMY_FROM = 60
"""Columns from which the keys get their usual spacing and the palette's key is shown; on a
narrower terminal the keys close up and the palette is left to help (?), so more keys fit."""


class SteadyFooter(Footer):
    """A footer that skips rebuilding itself when its keys are the same as before.

    Textual's footer removes and mounts every key whenever the bindings might have changed (a
    dialog closing, a step of the workout changing), and restyling those keys is the biggest cost
    at the start of a rest. Here it is rebuilt only when a key, its label or its state changes.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def on_resize(self, event: events.Resize) -> None:
        """Close up on a narrow terminal."""
        narrow = event.size.width < ROOMY_FROM
        if narrow != self.compact or narrow == self.show_command_palette:
            self.compact = narrow
            self.show_command_palette = not narrow
            self._shown = None  # the keys are laid out anew
            self.refresh(recompose=True)

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild, as Footer does, unless the same keys would be shown again."""
        will_rebuild = screen.app.app_focus and self.is_attached and screen is self.screen
        if will_rebuild:
            shown = tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                          for _node, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)
            if shown == self._shown:
                return  # built for exactly these keys already
            self._shown = shown
        super().bindings_changed(screen)
