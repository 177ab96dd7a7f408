"""The exports pchain can import, by the word the command takes."""

from __future__ import annotations

from pchain_tui.domain.importing import hevy, strong
from pchain_tui.domain.importing.export_format import ExportFormat

FORMATS: dict[str, ExportFormat] = {f.name: f for f in (strong.FORMAT, hevy.FORMAT)}


def recognise(columns: set[str]) -> ExportFormat | None:
    """The format whose columns a file has, if any (to say "this is a Hevy export")."""
    return next((f for f in FORMATS.values() if set(f.required) <= columns), None)
