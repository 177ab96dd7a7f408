"""Where program files are: the bundled ones (beside the bundled routines, in a checkout and in the
wheel alike) and the user's own, in `programs/` beside `routines/` in the config folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pchain_tui.storage import paths
from pchain_tui.storage.settings_file import remember_setting


def bundled_programs_dir() -> Path:
    """The programs that come with pchain."""
    return paths.bundled_routines_dir().parent / "programs"


def user_programs_dir() -> Path:
    """The user's own programs; one with a bundled program's id replaces it."""
    return paths.config_dir() / "programs"


def remember_first_session(at: float) -> str | None:
    """Keep in settings.toml the day of the followed program's first session (its week 1), so it is
    not looked for again; None when written, else why not."""
    return remember_setting("program_started", date.fromtimestamp(at).isoformat())
