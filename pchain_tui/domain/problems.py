"""Located problems: what is wrong with a file, where, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, at a 1-based line and column, with an optional hint."""

    path: str
    line: int
    column: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class InvalidValue(Exception):
    """Raised by value parsers; the loader adds the location and turns it into a Problem."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def did_you_mean(word: str, choices: list[str] | tuple[str, ...], *, many: bool = False) -> str | None:
    """A "did you mean ...?" hint for the closest of `choices`, or None when none is close."""
    import difflib  # only when something is wrong: keeps start-up light

    close = difflib.get_close_matches(word.lower(), list(choices), n=3 if many else 1, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
