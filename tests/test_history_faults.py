"""Storage faults say the truth and lose nothing: a full disk (a real small filesystem, and an
injected I/O error), nowhere to write at all, a journal left by a pchain that ended, a journal
that cannot be read, and the summary that says where the sets are."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.session.record import RecordState
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.storage.unsaved_journal import UnsavedJournal
from tests.test_history import HOUR, T0, a_session, a_set


def _kept_message(journal: Path) -> str:
    return f"your sets are kept in {journal} and go into the history as soon as it can be written"


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 512 kB filesystem of its own (tmpfs), so it can really be filled; skipped where mounting is not allowed."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.strip() or done.returncode}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> Path:
    """Fill the filesystem of `folder` to the last byte."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, b"\0" * 512):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)
    return filler


def test_a_full_disk_keeps_the_sets_in_the_journal_then_saves_every_one_and_reads_throughout(
        small_disk: Path, tmp_path: Path):
    path = small_disk / "history.sqlite3"
    with HistoryStore(path) as store:  # a session done another day
        store.start_session(a_session(a_set(1, at=T0 - 48 * HOUR), at=T0 - 48 * HOUR, state=RecordState.FINISHED))
    cache = tmp_path / "cache"
    safe = SafeHistory(path, clock=FakeClock(), journal=UnsavedJournal(path, cache))
    sid = safe.start_session(a_session(at=T0))
    assert safe.save_set(sid, a_set(1, at=T0))
    filler = _fill(small_disk)
    saved = [safe.save_set(sid, a_set(n, at=T0 + n * 60)) for n in range(2, 40)]
    assert not all(saved)  # the disk is full: some set could not be written
    # Kept beside the database when the few kB it takes are still there (SQLite gives back what a
    # failed write took), else in the cache folder.
    journal = safe.kept_in
    assert journal in UnsavedJournal(path, cache).places and journal.is_file()
    assert safe.problem == f"history: cannot save to {path}: the disk is full; {_kept_message(journal)}"
    assert safe.unkept == 0
    kept = json.loads(journal.read_text())["sessions"][0]["sets"]
    assert [s["set_number"] for s in kept] == list(range(1, 40))
    # Reading goes on: the overview still knows the history (not "never done").
    assert set(safe.routines_last_trained()) == {"beginner-day-1"}
    assert len(safe.exercise_history("glute-bridge")) == 2
    filler.unlink()  # space again
    assert safe.flush() and safe.problem is None and safe.pending == 0
    assert not journal.exists()
    safe.close()
    with HistoryStore(path, read_only=True) as store:
        assert [len(r.sets) for _id, r in store.sessions()] == [1, 39]


def test_an_io_error_on_a_nearly_full_disk_is_called_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """SQLite may report a full disk as a disk I/O error (in the WAL); the free space tells."""
    import shutil

    path = tmp_path / "history.sqlite3"
    safe = SafeHistory(path, clock=FakeClock())
    sid = safe.start_session(a_session())
    real_save = HistoryStore.save_set

    def failing_save(self, session_id, set_record):
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 10 | (3 << 8)  # SQLITE_IOERR_WRITE
        raise error

    monkeypatch.setattr(HistoryStore, "save_set", failing_save)
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: shutil._ntuple_diskusage(10 << 30, 10 << 30, 4096))
    assert not safe.save_set(sid, a_set(1))
    journal = Path(f"{path}-unsaved.json")
    assert safe.problem == f"history: cannot save to {path}: the disk is full; {_kept_message(journal)}"
    monkeypatch.setattr(HistoryStore, "save_set", real_save)
    assert safe.flush() and not journal.exists()


def test_nowhere_to_write_says_the_sets_are_in_memory_only(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    (tmp_path / "not-a-folder").write_text("")
    # The database read-only, and no journal possible: beside it is taken by a folder, the cache
    # folder's parent is a file.
    Path(f"{path}-unsaved.json").mkdir()
    safe = SafeHistory(path, clock=FakeClock(), read_only=True,
                       journal=UnsavedJournal(path, tmp_path / "not-a-folder" / "cache"))
    sid = safe.start_session(a_session())
    assert not safe.save_set(sid, a_set(1))
    assert safe.problem == (f"history: cannot save to {path}: it is read-only; your sets are kept in memory only "
                            "(no file could be written): they are lost if pchain ends before the history can be "
                            "written")
    assert safe.unkept == safe.pending == 1 and safe.kept_in is None


def test_a_journal_left_by_a_pchain_that_ended_is_added_once_and_its_workout_can_be_resumed(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    first = SafeHistory(path, clock=FakeClock(), read_only=True)  # this one cannot write
    sid = first.start_session(a_session())
    for n in (1, 2, 3):
        first.save_set(sid, a_set(n, at=T0 + n * 60))
    journal = Path(f"{path}-unsaved.json")
    kept = journal.read_text()
    del first  # it ends without ever writing the database (closed terminal, crash)

    second = SafeHistory(path, clock=FakeClock())
    ((resumable_id, record),) = second.unfinished()  # offered for resuming, with all three sets
    assert [s.set_number for s in record.sets] == [1, 2, 3]
    assert not journal.exists()
    assert second.take_news() == f"history: 3 sets kept in {journal} by an earlier pchain are in the history now"
    second.close()

    journal.write_text(kept)  # the same journal again (a merge that was cut off before deleting it)
    third = SafeHistory(path, clock=FakeClock())
    assert third.flush() and not journal.exists()
    third.close()
    with HistoryStore(path, read_only=True) as store:
        ((same_id, again),) = store.sessions()
        assert same_id == resumable_id and len(again.sets) == 3


def test_a_journal_that_cannot_be_read_is_left_alone_and_said(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    journal = Path(f"{path}-unsaved.json")
    journal.write_text("{ not json")
    safe = SafeHistory(path, clock=FakeClock())
    sid = safe.start_session(a_session())
    assert safe.save_set(sid, a_set(1))  # the history itself works
    assert safe.problem.startswith(f"history: the unsaved sets in {journal}: cannot be read (")
    assert safe.problem.endswith("are left there untouched")
    assert journal.read_text() == "{ not json"


def test_a_read_only_folder_still_reads_and_history_commands_work(tmp_path: Path):
    """Reading needs no write access: `pchain history` opens the file read-only (as `nobody`, where the
    kernel refuses writes, in test_history.test_a_folder_without_write_permission)."""
    from tests.test_history import _as_another_user

    import tempfile
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="pchain-ro-"))
    try:
        path = folder / "history.sqlite3"
        with HistoryStore(path) as store:
            store.start_session(a_session(a_set(1), state=RecordState.FINISHED))
        os.chmod(path, 0o444)
        folder.chmod(0o555)

        def read():
            with HistoryStore(path, read_only=True) as store:
                return [len(record.sets) for _id, record in store.sessions()]

        assert _as_another_user(read) == [1]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_pchain_history_says_when_sets_wait_in_a_journal(pchain_home: Path):
    from rich.console import Console

    from pchain_tui.commands.history import show_history
    from pchain_tui.storage.history_store import default_history_path

    path = default_history_path()
    with HistoryStore(path) as store:
        store.start_session(a_session(a_set(1, at=T0 - 48 * HOUR), at=T0 - 48 * HOUR, state=RecordState.FINISHED))
    unwritable = SafeHistory(path, clock=FakeClock(), read_only=True)
    sid = unwritable.start_session(a_session())
    for n in (1, 2):
        unwritable.save_set(sid, a_set(n, at=T0 + n * 60))
    console = Console(record=True, width=500)  # (the path is long: no line breaks in it)
    assert show_history(console=console) == 0
    text = console.export_text()
    assert (f"2 sets done while the history could not be written are kept in {path}-unsaved.json; pchain adds them "
            "to the history the next time it can write it.") in text
    assert "Glute bridge" in text  # and the history that is there, as always
