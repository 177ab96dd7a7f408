"""Where program files are: the bundled ones (beside the bundled routines, in a checkout and in the
wheel alike) and the user's own, in `programs/` beside `routines/` in the config folder."""

from __future__ import annotations

from pathlib import Path

from pchain_tui.storage import paths


def bundled_programs_dir() -> Path:
    """The programs that come with pchain."""
    return paths.bundled_routines_dir().parent / "programs"


def user_programs_dir() -> Path:
    """The user's own programs; one with a bundled program's id replaces it."""
    return paths.config_dir() / "programs"
