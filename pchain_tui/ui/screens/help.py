"""Every key of the screen underneath, with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """The keys of `screen`, as they are mapped now."""

    CSS_PATH = "../dialogs/dialogs.tcss"

    BINDINGS = [Binding("escape,question_mark,q,enter", "close", "Close", id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.under = screen

    def compose(self) -> ComposeResult:
        """A table of keys."""
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        seen = set()
        # pchain's keys first (they have ids: the screen's, then the app's help), then Textual's and
        # the widgets' (focus, copy, scrolling).
        ranked = sorted(self.under.active_bindings.items(), key=lambda item: (
            0 if item[1].binding.id and item[1].node is not self.app else 1 if item[1].binding.id else 2))
        for key, active in ranked:
            binding = active.binding
            if binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            keys = ", ".join(self.app.get_key_display(Binding(k, binding.action)) for k in _keys_for(
                self.under, binding.action, key))
            table.add_row(keys, Text(binding.tooltip or binding.description))
        if "command_palette" not in seen:
            table.add_row(self.app.get_key_display(Binding("ctrl+p", "")), "Command palette")
        with Vertical(id="help"):
            yield Static(Text("Keys", style="bold"))
            yield Static(table)
            yield Static(Text("Keys can be remapped in settings.toml (see the README).", style="dim"))

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)


def _keys_for(screen: Screen, action: str, first: str) -> list[str]:
    keys = [k for k, active in screen.active_bindings.items() if active.binding.action == action]
    return keys or [first]
