"""Editing routines from the picker: suspend the app, run $EDITOR, reload and show any errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.app import SuspendNotSupported
from textual.screen import Screen

from pchain_tui.domain.files.catalog import CatalogEntry
from pchain_tui.domain.notice import Notice
from pchain_tui.storage import routine_files
from pchain_tui.storage.paths import tilde_path


def edit_routine(screen: Screen, entry: CatalogEntry) -> None:
    """Edit `entry` (a bundled routine is copied to the user's folder first), then reload."""
    user_dir = screen.app.options.user_dir
    path = routine_files.copy_for_editing(entry.path, user_dir)
    if path != entry.path:
        screen.app.say(f"Copied to {tilde_path(path)}; the copy replaces the bundled one.")
    run_editor(screen, path)


def new_routine(screen: Screen) -> None:
    """Ask for a name, create the routine from the template and edit it."""
    from pchain_tui.ui.dialogs.ask_name import AskNameDialog

    def named(name: str | None) -> None:
        if not name:
            return
        path, created = routine_files.create_from_template(name, screen.app.options.user_dir)
        if not created:
            screen.app.say(f"{tilde_path(path)} already exists; opening it.")
        run_editor(screen, path)

    screen.app.push_screen(AskNameDialog("Name of the new routine"), named)


def run_editor(screen: Screen, path: Path) -> None:
    """Run the editor with the app suspended, then reload the routines and show the result."""
    app = screen.app
    try:
        command = routine_files.editor_command(path)
    except FileNotFoundError as error:
        app.tell(Notice.warning(f"{error}; the file is {tilde_path(path)}"))
        return
    try:
        try:
            with app.suspend():
                result = subprocess.run(command, check=False)
        except SuspendNotSupported:
            # No terminal to hand over (a GUI editor, or a headless run): run it detached from ours.
            result = subprocess.run(command, check=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
    except OSError as error:
        app.tell(Notice.warning(f"cannot run {command[0]}: {error.strerror or error}"))
        return
    if result.returncode != 0:
        app.tell(Notice.warning(f"{command[0]} exited with status {result.returncode}"))
    screen.reload_and_select(path.stem)  # type: ignore[attr-defined]
