"""Where an internal error's details go: `crash.log` in the data folder, never the screen."""

from __future__ import annotations

import re

from pchain_tui.storage import paths

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
"""Terminal control sequences (colours, links): Textual renders its traceback for a terminal, but
a person reads and pastes crash.log as plain text."""


def log_crash(report: str) -> str:
    """Append an internal error's details to crash.log in the data folder, as plain text; returns
    where they went."""
    try:
        folder = paths.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "crash.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write(_ESCAPES.sub("", report) + "\n")
        return str(log)
    except OSError:
        return "nowhere (the data folder cannot be written)"
