"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """A footer that skips rebuilding itself when its keys are the same as before.

    Textual's footer removes and mounts every key whenever the bindings might have changed (a
    dialog closing, a step of the workout changing), and restyling those keys is the biggest cost
    at the start of a rest. Here it is rebuilt only when a key, its label or its state changes.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

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
