"""Where an internal error's details go: `crash.log` in the data folder, never the screen."""

from __future__ import annotations

from pchain_tui.storage import paths


def log_crash(report: str) -> str:
    """Append an internal error's details to crash.log in the data folder; returns where it went."""
    try:
        folder = paths.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "crash.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write(report + "\n")
        return str(log)
    except OSError:
        return "nowhere (the data folder cannot be written)"
