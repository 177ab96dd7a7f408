"""Reading `settings.toml` from the user's config folder (its meaning is in `domain.settings`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pchain_tui.domain.problems import Problem
from pchain_tui.domain.settings import SETTINGS_FILE_NAME, Settings, parse_settings
from pchain_tui.storage import paths


def settings_path() -> Path:
    """Where the settings file is."""
    return paths.config_dir() / SETTINGS_FILE_NAME


def load_settings(path: Path | None = None, display: Callable[[Path], str] = str) -> tuple[Settings, list[Problem]]:
    """Read the settings file; returns the settings (defaults where missing or wrong) and the problems."""
    path = path or settings_path()
    shown = display(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        return Settings(), [Problem(shown, 1, 1, f"cannot read the settings ({error.strerror})")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Settings(), [Problem(shown, 1, 1, "the settings file is not UTF-8 text")]
    return parse_settings(text, shown)
