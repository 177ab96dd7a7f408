"""Every key binding id the app declares, so settings can remap them and typos can be caught."""

from __future__ import annotations


def binding_ids() -> set[str]:
    """The ids of every binding on every screen and dialog."""
    from pchain_tui.ui.app import PchainApp
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

    classes = (PchainApp, PickerScreen, OverviewScreen, WorkoutScreen, SummaryScreen, HelpScreen, TempoScreen,
               TempoSummaryScreen, SetDoneDialog, ConfirmDialog, AskNameDialog, ResumeDialog)
    return {b.id for cls in classes for b in cls.BINDINGS if getattr(b, "id", None)}
