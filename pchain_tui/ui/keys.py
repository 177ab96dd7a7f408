"""The app's own key bindings, and every binding id the app declares, so settings can remap
them and typos can be caught."""

from __future__ import annotations

from textual.binding import Binding

APP_BINDINGS = [
    Binding("question_mark", "help", "Help", id="pchain.help", tooltip="Every key and what it does"),
]
"""Bindings of the app itself, on every screen."""


def binding_ids() -> set[str]:
    """The ids of every binding on the app and on every screen and dialog."""
    from pchain_tui.ui.dialogs.ask_name import AskNameDialog
    from pchain_tui.ui.dialogs.confirm import ConfirmDialog
    from pchain_tui.ui.dialogs.resume import ResumeDialog
    from pchain_tui.ui.dialogs.set_done import SetDoneDialog
    from pchain_tui.ui.screens.help import HelpScreen
    from pchain_tui.ui.screens.overview import OverviewScreen
    from pchain_tui.ui.screens.picker import PickerScreen
    from pchain_tui.ui.screens.summary import SummaryScreen
    from pchain_tui.ui.screens.tempo import TempoScreen, TempoSummaryScreen
    from pchain_tui.ui.screens.workout import WorkoutScreen

    classes = (PickerScreen, OverviewScreen, WorkoutScreen, SummaryScreen, HelpScreen, TempoScreen,
               TempoSummaryScreen, SetDoneDialog, ConfirmDialog, AskNameDialog, ResumeDialog)
    bindings = [*APP_BINDINGS, *(b for cls in classes for b in cls.BINDINGS)]
    return {b.id for b in bindings if getattr(b, "id", None)}
