"""Starting the app from the command line: resolve the routine, set up sound and history, run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from pchain_tui import paths
from pchain_tui.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from pchain_tui.domain.model import Routine


def find_routine(name: str, user_dir: Path) -> tuple[Routine | None, int]:
    """The routine named by id or file, or None and an exit code after printing why."""
    from pchain_tui.domain.catalog import load_catalog, load_libraries
    from pchain_tui.domain.loader import load_routine
    from pchain_tui.domain.problems import did_you_mean

    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            print(f"pchain run: {name}: no such file", file=sys.stderr)
            return None, EXIT_USAGE
        library, _ = load_libraries(paths.bundled_routines_dir(), user_dir, path.parent)
        result = load_routine(path, library, paths.display_path(path))
    else:
        catalog = load_catalog(paths.bundled_routines_dir(), user_dir, display=paths.display_path)
        entry = catalog.find(name)
        if entry is None:
            hint = did_you_mean(name, [e.id for e in catalog.entries]) or "`pchain list` shows the ids"
            print(f"pchain run: no routine '{name}'; {hint}", file=sys.stderr)
            return None, EXIT_USAGE
        result = entry.result
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return result.routine, EXIT_OK if result.routine else EXIT_INVALID


def run_routine(args: argparse.Namespace, user_dir: Path) -> int:
    """`pchain run NAME|FILE`: the app, opened at that routine's overview."""
    routine, code = find_routine(args.routine, user_dir)
    if routine is None:
        return code
    return run_app(args, user_dir, routine)


def run_app(args: argparse.Namespace, user_dir: Path, routine: Routine | None = None) -> int:
    """Run the app until the person quits."""
    from pchain_tui.cue_scheduler import tighten_switch_interval
    from pchain_tui.ui.app import AppOptions, PchainApp

    tighten_switch_interval()
    options = AppOptions(user_dir=user_dir, routine=routine, flash=args.flash or args.no_sound)
    app = PchainApp(options)
    app.run()
    return EXIT_OK
