"""What happened in a session: one record per set done, serialisable for history and resume."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

RECORD_VERSION = 1


@dataclass
class SetRecord:
    """One set (one side of a per-side set) as it was done."""

    block_index: int
    exercise_id: str
    exercise_name: str
    set_number: int
    side: str | None
    """"left", "right" or None."""
    kind: str
    """"paced", "self" or "hold"."""
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

    @property
    def key(self) -> tuple[int, int, str | None]:
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
    state: str = "running"
    """"running", "finished" or "abandoned"."""
    sets: list[SetRecord] = field(default_factory=list)
    routine_path: str | None = None
    """The routine file that was run, so a routine run from any file can be resumed."""

    @property
    def total_reps(self) -> int:
        """Reps done in all sets."""
        return sum(s.done_reps or 0 for s in self.sets)

    @property
    def total_seconds_held(self) -> float:
        """Seconds held in all hold sets."""
        return sum(s.done_seconds or 0 for s in self.sets)

    @property
    def total_tut(self) -> float:
        """Time under tension of all sets."""
        return sum(s.tut for s in self.sets)

    def put(self, record: SetRecord) -> None:
        """Add a finished set, replacing an earlier record of the same set (it was redone)."""
        self.sets = [s for s in self.sets if s.key != record.key]
        self.sets.append(record)

    def done_keys(self) -> set[tuple[int, int, str | None]]:
        """The sets already done."""
        return {s.key for s in self.sets}

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        return {"version": RECORD_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionRecord:
        """The inverse of `to_dict`."""
        if data.get("version") != RECORD_VERSION:
            raise ValueError(f"unknown session record version {data.get('version')!r}")
        names = {f.name for f in fields(cls)} - {"sets"}
        record = cls(**{k: v for k, v in data.items() if k in names})
        record.sets = [SetRecord(**s) for s in data.get("sets", [])]
        return record
