"""What the app needs of its services, as protocols: the real ones and the tests' fakes both fit."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from concurrent.futures import Future
from typing import Protocol

from pchain_tui.domain.model import Exercise, Routine
from pchain_tui.domain.session.plan import Plan
from pchain_tui.domain.session.record import SessionRecord
from pchain_tui.services.history_service import NextTime, OverviewHistory, Saving, SessionLog
from pchain_tui.sound.backends import TimedCue


class Sound(Protocol):
    """Plays cues by name; never blocks and never raises (the sound player)."""

    def play(self, name: str, key: Hashable | None = None, words: str | None = None) -> None:
        """Start a cue's sound now and return at once (`key`: the cue, if it was expected; `words`:
        what a voice says with it)."""
        ...

    def prepare_speech(self, phrases: Sequence[str]) -> None:
        """Render what a session can say, ahead, off the caller's thread."""
        ...

    def expect(self, cues: Sequence[TimedCue]) -> None:
        """The cues due soon with their clock times (a stream places them to the frame)."""
        ...

    @property
    def latency(self) -> float:
        """Seconds from handing a cue over to hearing it, at the least (0 when it plays at once)."""
        ...

    def wait_ready(self, timeout: float) -> bool:
        """Wait (bounded) until sound has started (off the UI thread): so a first cue due at once is on time."""
        ...

    def drain(self, timeout: float) -> bool:
        """Wait (bounded) for what is playing to end: before exit, so the last cue is heard."""
        ...

    def close(self) -> None:
        """Release the device."""
        ...


class Alerter(Protocol):
    """Raises an alert for someone who looked away (`Alerts`); returns at once."""

    def alert(self, title: str, body: str) -> None:
        """Send it."""
        ...


class History(Protocol):
    """The history as the screens use it (`HistoryService`): reads come back as futures."""

    def routines_last_trained(self) -> Future[dict[str, float] | None]:
        """When each routine was last trained; None when the history cannot be read."""
        ...

    def unfinished(self) -> Future[list[tuple[int, SessionRecord]]]:
        """Sessions that can be resumed, newest first."""
        ...

    def plan(self, routine: Routine, *, before: float | None = None) -> Future[Plan]:
        """Today's plan, with targets from progression."""
        ...

    def overview(self, routine: Routine, library: Mapping[str, Exercise]) -> Future[OverviewHistory]:
        """Last time, today and the trend, for the overview."""
        ...

    def next_time(self, plan: Plan, record: SessionRecord) -> Future[tuple[NextTime, ...]]:
        """Next time's advice, for the summary."""
        ...

    def saving(self) -> Future[Saving]:
        """How saving stands (for the summary)."""
        ...

    def discard(self, session_id: int) -> Future[bool]:
        """Stop offering a session for resuming."""
        ...

    def log(self, resume_id: int | None = None) -> SessionLog:
        """Where one workout's sets go."""
        ...

    def close(self, timeout: float = 5.0) -> bool:
        """Write what is left and close; True when no set is lost (each is in the history or the
        journal of unsaved sets)."""
        ...
