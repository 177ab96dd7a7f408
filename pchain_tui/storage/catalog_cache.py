"""The picker's routines without re-reading every file: the parsed catalog, cached on disk.

Reading and checking nine YAML files, and importing the YAML machinery and the routine model to
do it, is most of what pchain adds to Textual's start-up. So the cache holds two things:

- the rows the picker paints (plain data and rich `Text`, made by the picker's `summarize`), which
  unpickle without importing the routine model, so the first frame does not wait for it;
- the parsed catalog, pickled apart, unpickled only when a routine is opened, edited or resumed.

The cache is keyed by every routine file's path, size and modification time, by pchain's version,
the working folder (a relative `--routines` is read from it) and the home folder (problems show
paths from ~), and by the code that made it (the domain and `summarize`'s module), so any edit,
new or removed file, or changed class means the files are read again. It lives in the user's
cache folder, is written atomically, and a cache that cannot be read is simply rebuilt.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pchain_tui import __version__
from pchain_tui.domain.files.folders import fingerprint
from pchain_tui.storage import paths

if TYPE_CHECKING:
    from pchain_tui.domain.files.catalog import Catalog, CatalogEntry

CACHE_NAME = "catalog.pickle"


class RoutineRow:
    """What the picker shows of one routine, without the routine model."""

    __slots__ = ("id", "ok", "problem_count", "prompt", "details", "origin", "search_text")

    def __init__(self, routine_id: str, ok: bool, problem_count: int, prompt: object, details: object,
                 origin: str, search_text: str) -> None:
        self.id = routine_id
        self.ok = ok
        """True when the routine loaded without problems."""
        self.problem_count = problem_count
        self.prompt = prompt
        """The list line (a rich Text)."""
        self.details = details
        """The side panel: description and exercises, or every problem (a rich Text)."""
        self.origin = origin
        """Where the routine comes from ("bundled", or "yours: " and its path), for the panel's foot."""
        self.search_text = search_text
        """Lower-case id, name and exercise names, for the filter."""


Summarize = Callable[["CatalogEntry", float], RoutineRow]


class CachedCatalog:
    """The rows to paint now, and the full catalog the first time it is asked for."""

    def __init__(self, rows: list[RoutineRow], library_notes: list[str], packed: bytes,
                 reload: Callable[[], Catalog], catalog: Catalog | None = None) -> None:
        self.rows = rows
        self.library_notes = library_notes
        """The exercise library's problems, as text to show."""
        self._packed = packed
        self._reload = reload
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        """Every routine, parsed (imports the routine model the first time)."""
        if self._catalog is None:
            try:
                self._catalog = pickle.loads(self._packed)  # written by pchain, in the user's cache
            except Exception:  # noqa: BLE001 - damaged or from other code: read the files instead
                self._catalog = self._reload()
        return self._catalog


def load_catalog_cached(bundled: Path, user: Path, display: Callable[[Path], str],
                        summarize: Summarize) -> CachedCatalog:
    """The routines of the bundled and user folders, from the cache when nothing changed."""
    # The current folder places a relative --routines; the home folder is where shown paths start (~).
    key = (__version__, _code_stamp(summarize), os.getcwd(), str(Path.home()), str(bundled), str(user),
           fingerprint(bundled, user))
    cache = paths.cache_dir() / CACHE_NAME

    def reload() -> Catalog:
        from pchain_tui.domain.files.catalog import load_catalog

        return load_catalog(bundled, user, display=display)

    try:
        stored_key, rows, notes, packed = pickle.loads(cache.read_bytes())  # written by pchain
        if stored_key == key:
            return CachedCatalog(rows, notes, packed, reload)
    except Exception:  # noqa: BLE001 - missing, old or damaged: rebuild it
        pass
    from pchain_tui.domain.session.plan import build_plan
    from pchain_tui.domain.training.warmup import Warmed

    catalog = reload()
    rows = [summarize(e, build_plan(e.result.routine, Warmed()).estimated_seconds() if e.ok else 0.0)
            for e in catalog.entries]
    notes = [str(problem) for problem in catalog.library_problems]
    packed = pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((key, rows, notes, packed), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cache)
    except OSError:
        pass  # no cache this time; nothing is lost
    return CachedCatalog(rows, notes, packed, reload, catalog)


def _code_stamp(summarize: Summarize) -> tuple:
    """The sizes and times of the code that made the cache (the domain modules and the summarizer's
    module): a cache written by other code (an edited checkout, not only another version) is never
    read back into classes that have changed."""
    domain = Path(__file__).resolve().parent.parent / "domain"
    files = [*sorted(domain.rglob("*.py")), Path(__file__), Path(sys.modules[summarize.__module__].__file__)]
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
