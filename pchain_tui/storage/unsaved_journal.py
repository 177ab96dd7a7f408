"""The journal of unsaved sets: where a workout's sets go when the history cannot be written.

When the database refuses a write (disk full, read-only, damaged), the sessions with sets not in
it yet are written here, whole, as JSON: beside the database when its folder can be written,
else in the cache folder. The next pchain that can write the history adds them to it and deletes
the journal. Adding is idempotent: a session is found again by its routine and start time.

The file is replaced atomically (written aside, then renamed), so it always holds one complete
state: a crash while writing it leaves the previous one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord

FORMAT = 1
"""The journal's format version; a journal of another version is left alone (never lost)."""


class JournalError(Exception):
    """A journal that exists but cannot be read as one (the message says why and where)."""


@dataclass
class JournalEntry:
    """One session kept in the journal: its record (all its sets) and how it stands in the history."""

    record: SessionRecord
    db_id: int | None
    """Its row in the history when it has one, else None (it was never written there)."""
    discard: bool = False
    """It is not to be offered for resuming (the person said so while the history was unwritable)."""


class UnsavedJournal:
    """The journal file of one history database, in the first of its places that can be written."""

    def __init__(self, history_path: Path, fallback_dir: Path) -> None:
        digest = hashlib.sha1(str(history_path.resolve()).encode()).hexdigest()[:10]
        self.places = (history_path.with_name(history_path.name + "-unsaved.json"),
                       fallback_dir / f"unsaved-sets-{digest}.json")
        """Beside the database, then the cache folder (named for the database it belongs to)."""
        self.path: Path | None = None
        """Where the journal was last written, or None when it was not (or is deleted)."""

    def existing(self) -> list[Path]:
        """The journal files there are now."""
        return [place for place in self.places if place.is_file()]

    def read(self) -> list[JournalEntry]:
        """Every session kept in every journal file found. Raises JournalError for one that cannot be read."""
        entries: list[JournalEntry] = []
        for place in self.existing():
            try:
                data = json.loads(place.read_text(encoding="utf-8"))
                if data.get("format") != FORMAT:
                    raise JournalError(f"{place}: written by another pchain (format {data.get('format')!r})")
                entries.extend(_entry(item) for item in data["sessions"])
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
                raise JournalError(f"{place}: cannot be read ({error})") from error
        return entries

    def write(self, entries: list[JournalEntry]) -> Path | None:
        """Keep `entries` (replacing what was kept); returns where, or None when no place can be written."""
        text = json.dumps({"format": FORMAT, "sessions": [_data(e) for e in entries]}, ensure_ascii=False)
        for place in self.places:
            try:
                place.parent.mkdir(parents=True, exist_ok=True)
                aside = place.with_name(place.name + ".tmp")
                with open(aside, "w", encoding="utf-8") as out:
                    out.write(text)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(aside, place)
            except OSError:
                _remove(place.with_name(place.name + ".tmp"))
                continue
            for other in self.places:  # one complete journal, never two that disagree
                if other != place:
                    _remove(other)
            self.path = place
            return place
        return None

    def clear(self) -> bool:
        """Delete the journal files (everything in them is in the history now); True when none is left."""
        for place in self.places:
            _remove(place)
        self.path = None
        return not self.existing()


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a journal that cannot be deleted is merged again next time: adding is idempotent


def _data(entry: JournalEntry) -> dict:
    record = entry.record
    return {"db_id": entry.db_id, "discard": entry.discard, "routine_id": record.routine_id,
            "routine_name": record.routine_name, "content_hash": record.content_hash,
            "started_at": record.started_at, "ended_at": record.ended_at, "state": record.state.value,
            "routine_path": record.routine_path,
            "sets": [{**asdict(s), "side": s.side.value if s.side else None, "kind": s.kind.value}
                     for s in record.sets]}


_SET_FIELDS = {f.name for f in fields(SetRecord)}


def _entry(data: dict) -> JournalEntry:
    sets = []
    for item in data["sets"]:
        values = {name: item[name] for name in _SET_FIELDS if name in item}
        values["side"] = Side(values["side"]) if values.get("side") else None
        values["kind"] = WorkKind(values["kind"])
        sets.append(SetRecord(**values))
    record = SessionRecord(data["routine_id"], data["routine_name"], data["content_hash"], data["started_at"],
                           data["ended_at"], RecordState(data["state"]), sets, data.get("routine_path"))
    return JournalEntry(record, data.get("db_id"), bool(data.get("discard", False)))
