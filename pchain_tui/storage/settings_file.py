"""Reading `settings.toml` from the user's config folder (its meaning is in `domain.settings`), and
writing back a choice made in the app (the theme)."""

from __future__ import annotations

import os
import re
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


def remember_setting(name: str, value: str, path: Path | None = None) -> str | None:
    """Write `name = value` (`value` already in TOML) into the settings file, keeping everything else
    as written: the top-level line for `name` is replaced, or one is added before the first table.
    Returns None when written, else why it could not be (the file is left as it was)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot read {paths.tilde_path(path)} ({error})"
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    setting = re.compile(rf"\s*{re.escape(name)}\s*=")
    line = f"{name} = {value}\n"
    at = next((i for i in range(first_table) if setting.match(lines[i])), None)
    if at is not None:
        lines[at] = line
    else:
        if first_table and not lines[first_table - 1].endswith("\n"):
            lines[first_table - 1] += "\n"
        lines.insert(first_table, line)
    aside = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        aside.write_text("".join(lines), encoding="utf-8")
        os.replace(aside, path)
    except OSError as error:
        aside.unlink(missing_ok=True)
        return f"cannot write {paths.tilde_path(path)} ({error.strerror or error})"
    return None
