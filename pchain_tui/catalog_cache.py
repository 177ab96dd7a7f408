"""The picker's routines without re-reading every file: the parsed catalog, cached on disk.

Reading and checking nine YAML files, and importing the YAML machinery to do it, is most of what
pchain adds to Textual's start-up. The cache is keyed by every routine file's path, size and
modification time, by pchain's version and by the working folder (problems show paths relative
to it), and by the domain code itself, so any edit, new or removed file means the files are
read again. It lives in the user's
cache folder, is written atomically, and a cache that cannot be read is simply rebuilt.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

from pchain_tui import __version__, domain, paths
from pchain_tui.domain.catalog import Catalog, fingerprint

CACHE_NAME = "catalog.pickle"


def load_catalog_cached(bundled: Path, user: Path, display: Callable[[Path], str]) -> tuple[Catalog, dict[str, float]]:
    """The catalog and each routine's estimated seconds, from the cache when the files are unchanged."""
    key = (__version__, _code_stamp(), os.getcwd(), str(bundled), str(user), fingerprint(bundled, user))
    cache = paths.cache_dir() / CACHE_NAME
    try:
        stored_key, catalog, estimates = pickle.loads(cache.read_bytes())  # written by pchain, in the user's cache
        if stored_key == key:
            return catalog, estimates
    except Exception:  # noqa: BLE001 - missing, old or damaged: rebuild it
        pass
    from pchain_tui.domain.catalog import load_catalog
    from pchain_tui.domain.plan import build_plan

    catalog = load_catalog(bundled, user, display=display)
    estimates = {e.id: build_plan(e.result.routine).estimated_seconds() for e in catalog.entries if e.ok}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((key, catalog, estimates), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cache)
    except OSError:
        pass  # no cache this time; nothing is lost
    return catalog, estimates


def _code_stamp() -> tuple:
    """The domain modules' sizes and times: a cache written by other code (an edited checkout,
    not only another version) is never read back into classes that have changed."""
    folder = Path(domain.__file__).parent
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.py")))
