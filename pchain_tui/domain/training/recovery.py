"""Whether the muscles have rested: when a routine and the muscles it works were last trained.

The guidance (training facts, "Scheduling and progression"): at least 48 h between sessions that
work the same muscles; a gentle note says when less has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from pchain_tui.domain.model import Exercise, Routine

RECOVERY_HOURS = 48
"""The guidance: at least this long between sessions that work the same muscles."""


class TrainingLog(Protocol):
    """When things were last trained: a HistoryStore or a SafeHistory."""

    def last_trained(self, routine_id: str) -> float | None:
        """When a set of the routine last ended."""
        ...

    def muscles_last_trained(self, exercises: Mapping[str, Exercise | Iterable[str]]) -> dict[str, float]:
        """When each muscle was last worked."""
        ...


@dataclass(frozen=True)
class Recency:
    """When a routine and the muscles it works were last trained, seen from `now` (epoch seconds)."""

    now: float
    routine_name: str
    routine_at: float | None
    muscles: dict[str, float]
    """The routine's muscles that were ever trained, with when; never-trained ones are absent."""

    @property
    def routine_recent(self) -> bool:
        """True when the routine itself was done less than 48 h ago."""
        return self.routine_at is not None and _recent(self.now, self.routine_at)

    @property
    def recent_muscles(self) -> list[str]:
        """The routine's muscles trained less than 48 h ago, most recent first."""
        recent = [m for m, at in self.muscles.items() if _recent(self.now, at)]
        return sorted(recent, key=lambda m: (-self.muscles[m], m))

    def note(self) -> str | None:
        """A gentle note when less than 48 h have passed, else None."""
        guidance = f"the guidance is at least {RECOVERY_HOURS} h between sessions"
        if self.routine_recent:
            assert self.routine_at is not None
            return (f"You did {self.routine_name} {ago(self.now, self.routine_at)}; {guidance}, "
                    "so another routine or a rest day may suit today better.")
        recent = self.recent_muscles
        if not recent:
            return None
        worked = _and([f"{m} ({ago(self.now, self.muscles[m])})" for m in recent])
        verb = "was" if len(recent) == 1 else "were"
        return (f"This routine works muscles you trained recently: {worked} {verb} worked less than "
                f"{RECOVERY_HOURS} h ago; {guidance}, so take it easy if they are still sore.")


def recency(now: float, routine: Routine, history: TrainingLog,
            library: Mapping[str, Exercise] | None = None) -> Recency:
    """When `routine` and its muscles were last trained.

    `library` maps the exercise ids found in the history to their muscles; the routine's own
    exercises are always known.
    """
    exercises: dict[str, Exercise] = {**(library or {}), **{b.exercise.id: b.exercise for b in routine.blocks}}
    worked = {m for b in routine.blocks for m in b.exercise.targets}
    everywhere = history.muscles_last_trained(exercises)
    return Recency(now, routine.name, history.last_trained(routine.id),
                   {m: at for m, at in everywhere.items() if m in worked})


def ago(now: float, then: float) -> str:
    """How long ago, for people: "just now", "40 min ago", "20 h ago", "3 days ago"."""
    seconds = max(0.0, now - then)  # a clock set back makes "the future" just now
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < RECOVERY_HOURS * 3600:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


def _recent(now: float, then: float) -> bool:
    return now - then < RECOVERY_HOURS * 3600


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
