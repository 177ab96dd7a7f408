"""What happened in a session: one record per set done, in the order they were done."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from pchain_tui.domain.model import Side, WorkKind


class RecordState(Enum):
    """How a session stands in the history."""

    RUNNING = "running"
    """Going on now, or interrupted (a crash, a closed terminal): it can be resumed."""
    FINISHED = "finished"
    ABANDONED = "abandoned"
    """Quit before the end; what was done is kept and it can be resumed."""


@dataclass(frozen=True)
class SetRecord:
    """One set (one side of a per-side set) as it was done. Frozen: a correction is a new record."""

    block_index: int
    exercise_id: str
    exercise_name: str
    set_number: int
    side: Side | None
    kind: WorkKind
    target_reps: int | None
    done_reps: int | None
    target_seconds: float | None
    done_seconds: float | None
    load: str | None
    tempo: str
    started_at: float
    """Epoch seconds."""
    ended_at: float
    tut: float
    """Time under tension, seconds: the active time of the set."""
    skipped: bool = False
    """The person skipped this set: nothing was done (it is not a success, and resume goes past it)."""
    note: str | None = None
    """What the person wrote about the set."""
    range_low: float | None = None
    range_high: float | None = None
    """The prescription's range (reps or seconds), so next time builds on the same prescription."""
    rest_after: float | None = None
    """Seconds actually rested after this set, once that rest is over."""
    role: str = "work"
    """What the set is for: "work" (counts for progression and volume), "warmup" (a ramp set before
    the working sets, which never counts), or, for sets brought in from other apps, "dropset" or
    "failure" (work sets as they were labelled there)."""
    rpe: float | None = None
    """How hard the set felt, 1-10 (rate of perceived exertion), when the person said."""
    rir: float | None = None
    """Reps the person felt were left in reserve, when they said."""
    tut_lower: float | None = None
    tut_pause: float | None = None
    tut_lift: float | None = None
    """Time under tension split by phase (lowering, pauses, lifting), seconds, for paced sets."""

    @property
    def done(self) -> bool:
        """True when the set was done (not skipped)."""
        return not self.skipped

    @property
    def counts(self) -> bool:
        """True when the set counts for progression and volume: done, and not a warm-up."""
        return not self.skipped and self.role != "warmup"

    @property
    def key(self) -> tuple[int, int, Side | None]:
        """Which set of the plan this is: (block index, set number, side)."""
        return (self.block_index, self.set_number, self.side)


@dataclass
class SessionRecord:
    """A session: which routine, when, how it ended, and its sets in the order they were done."""

    routine_id: str
    routine_name: str
    content_hash: str
    started_at: float
    ended_at: float | None = None
    state: RecordState = RecordState.RUNNING
    sets: list[SetRecord] = field(default_factory=list)
    routine_path: str | None = None
    """The routine file that was run, so a routine run from any file can be resumed."""

    @property
    def total_reps(self) -> int:
        """Reps done in the sets that count (warm-ups leave the work's numbers alone)."""
        return sum(s.done_reps or 0 for s in self.sets if s.counts)

    @property
    def total_seconds_held(self) -> float:
        """Seconds held in the hold sets that count."""
        return sum(s.done_seconds or 0 for s in self.sets if s.counts)

    @property
    def total_tut(self) -> float:
        """Time under tension of all sets, warm-ups too (the muscles worked through them)."""
        return sum(s.tut for s in self.sets)

    def put(self, record: SetRecord) -> None:
        """Add a finished set, replacing an earlier record of the same set (it was redone)."""
        self.sets = [s for s in self.sets if s.key != record.key]
        self.sets.append(record)

    def done_keys(self) -> set[tuple[int, int, Side | None]]:
        """The sets already done."""
        return {s.key for s in self.sets}

    def snapshot(self) -> SessionRecord:
        """A copy that later changes to this record do not touch (the sets themselves are frozen)."""
        return replace(self, sets=list(self.sets))
