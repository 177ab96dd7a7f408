"""The app's own key bindings, and what settings.toml's [keys] is checked against: every screen's
bindings (the app's, Textual's and the widgets' there) and Textual's names for keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from pchain_tui.domain.key_settings import KeyBinding, KeyNames, KeyScreen, check_keys

if TYPE_CHECKING:
    from textual.widget import Widget

    from pchain_tui.domain.problems import Problem
    from pchain_tui.domain.settings import Settings

APP_BINDINGS = [
    Binding("question_mark", "help", "Help", id="pchain.help", tooltip="Every key and what it does"),
]
"""Bindings of the app itself, on every screen but the modal ones (Textual looks no further than a
dialog for a key)."""


def checked_keymap(settings: Settings) -> tuple[dict[str, str], list[Problem]]:
    """The [keys] remaps the app can use (for `App.set_keymap`), and a located problem for each one
    refused: an unknown binding id, a key Textual never sends, a key another binding of the same
    screen already uses."""
    if not settings.keys:
        return {}, []  # nothing to check: the screens are not imported at start-up for nothing
    return check_keys(settings, key_screens(), key_names())


def key_screens() -> tuple[KeyScreen, ...]:
    """Every screen and dialog with the bindings live on it: its own (and those it inherits), the
    app's (not on a modal screen: Textual stops there), Textual's, and those of the widgets that
    take the focus there."""
    from textual.app import App
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Button, Input, OptionList

    from pchain_tui.ui.dialogs.ask_name import AskNameDialog
    from pchain_tui.ui.dialogs.confirm import ConfirmDialog
    from pchain_tui.ui.dialogs.resume import ResumeDialog
    from pchain_tui.ui.dialogs.set_done import SetDoneDialog
    from pchain_tui.ui.screens.help import HelpScreen
    from pchain_tui.ui.screens.history import HistoryScreen
    from pchain_tui.ui.screens.overview import OverviewScreen
    from pchain_tui.ui.screens.picker import PickerScreen
    from pchain_tui.ui.screens.summary import SummaryScreen
    from pchain_tui.ui.screens.tempo import TempoScreen, TempoSummaryScreen
    from pchain_tui.ui.screens.workout import WorkoutScreen

    textual = (*_fixed(App.BINDINGS, "Textual's"), *_fixed(Screen.BINDINGS, "Textual's"),
               KeyBinding("Textual's command palette", (App.COMMAND_PALETTE_BINDING,)))
    button = _widget(Button, "the focused button")
    text_field = (*_widget(Input, "the text field"), KeyBinding("typing in the text field", (), typing=True))
    screens = ((PickerScreen, "the routine picker", _widget(OptionList, "the routine list")),
               (OverviewScreen, "the overview", ()),
               (WorkoutScreen, "the session screen", ()),
               (TempoScreen, "the tempo screen", ()),
               (SummaryScreen, "the summary", ()),
               (HistoryScreen, "the history screen", _widget(OptionList, "the session list")),
               (TempoSummaryScreen, "the tempo summary", ()),
               (HelpScreen, "the help", ()),
               (SetDoneDialog, "the set-done dialog", text_field),
               (ConfirmDialog, "the yes/no question", button),
               (ResumeDialog, "the resume question", button),
               (AskNameDialog, "the name question", text_field))
    app = _declared_by(APP_BINDINGS)
    return tuple(KeyScreen(name, (*_declared(cls), *(() if issubclass(cls, ModalScreen) else app), *widgets, *textual))
                 for cls, name, widgets in screens)


def key_names() -> KeyNames:
    """Textual's names for keys (textual.keys): the keys that type no character, and the Unicode
    names of characters it shortens."""
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys

    characters = KeyNames(frozenset(), KEY_NAME_REPLACEMENTS)
    # Every name after the modifiers, but "return": Textual sends that key as enter.
    bases = {key.value.rpartition("+")[2] for key in Keys} - {"return"}
    named = {base for base in bases if len(base) > 1 and base.isidentifier() and characters.character_of(base) is None}
    return KeyNames(frozenset(named), KEY_NAME_REPLACEMENTS)


def _declared(screen: type) -> tuple[KeyBinding, ...]:
    """The bindings a pchain screen declares, its own and those of the pchain screens it extends."""
    return _declared_by([b for cls in screen.__mro__ if cls.__module__.startswith("pchain_tui.")
                         for b in vars(cls).get("BINDINGS", ())])


def _declared_by(bindings: list) -> tuple[KeyBinding, ...]:
    """One KeyBinding for each declared binding, with all of its keys by Textual's names."""
    return tuple(KeyBinding(b.description, tuple(k.key for k in Binding.make_bindings([b])), b.id)
                 for b in bindings)


def _fixed(bindings: list, owner: str) -> tuple[KeyBinding, ...]:
    """Bindings that cannot be remapped, named for problems ("Textual's focus next")."""
    return tuple(KeyBinding(f"{owner} {(k.description or k.action.replace('_', ' ')).lower()}", (k.key,))
                 for k in Binding.make_bindings(bindings))


def _widget(widget: type[Widget], name: str) -> tuple[KeyBinding, ...]:
    """The keys a focused widget takes before its screen sees them."""
    return (KeyBinding(name, tuple(dict.fromkeys(k.key for k in Binding.make_bindings(widget.BINDINGS)))),)
