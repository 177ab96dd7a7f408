"""A short message for the person, and how much it matters: from sound, history or settings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How a notice is shown."""

    INFO = "information"
    """Good to know (which sound backend is used, a file was copied)."""
    WARNING = "warning"
    """Something does not work as it should (sound fell back, the history cannot save)."""


@dataclass(frozen=True)
class Notice:
    """One message for the person."""

    text: str
    severity: Severity = Severity.INFO

    @classmethod
    def warning(cls, text: str) -> Notice:
        """A notice about something that does not work as it should."""
        return cls(text, Severity.WARNING)
