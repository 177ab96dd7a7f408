"""Starting the app from the command line: resolve the routine, set up sound and history, run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pchain_tui import paths
from pchain_tui.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    import argparse

    from pchain_tui.domain.model import Routine


def find_routine(name: str, user_dir: Path) -> tuple[Routine | None, int]:
    """The routine named by id or file, or None and an exit code after printing why."""
    from pchain_tui.domain.catalog import load_catalog, load_routine_file
    from pchain_tui.domain.problems import did_you_mean

    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            print(f"pchain run: {name}: no such file", file=sys.stderr)
            return None, EXIT_USAGE
        result = load_routine_file(path, paths.bundled_routines_dir(), user_dir, paths.display_path)
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


def run_tempo(args: argparse.Namespace, user_dir: Path) -> int:
    """`pchain tempo TEMPO ...`: the metronome."""
    from pchain_tui.domain.practice import TempoPractice
    from pchain_tui.domain.problems import InvalidValue
    from pchain_tui.domain.tempo import Start, parse_tempo

    try:
        tempo = parse_tempo(args.tempo)
    except InvalidValue as error:
        print(f"pchain tempo: {error.message}" + (f"; {error.hint}" if error.hint else ""), file=sys.stderr)
        return EXIT_USAGE
    if tempo.self_paced:
        print("pchain tempo: a metronome needs a timed tempo such as 3-1-1-0, not self", file=sys.stderr)
        return EXIT_USAGE
    practice = TempoPractice(tempo, args.reps, args.sets, float(args.rest), Start(args.start), args.tap)
    return run_app(args, user_dir, tempo=practice)


def run_app(args: argparse.Namespace, user_dir: Path, routine: Routine | None = None, tempo=None) -> int:
    """Run the app until the person quits; sound and history start once the first screen is up."""
    from pchain_tui.notices import Notices
    from pchain_tui.ui.app import AppOptions, PchainApp, Services

    if not args.no_sound and args.sound:
        from pchain_tui.sound import BACKEND_CHOICES

        if args.sound not in BACKEND_CHOICES:
            print(f"pchain: --sound {args.sound}: not a backend; choose from {', '.join(BACKEND_CHOICES)}",
                  file=sys.stderr)
            return EXIT_USAGE
    notices = Notices()
    started: list[Services] = []

    def start_services() -> Services:
        """Sound (its backend is probed on its own thread), settings and history."""
        from pchain_tui.history_service import HistoryService
        from pchain_tui.settings import load_settings

        sound = None
        if not args.no_sound:
            from pchain_tui.sound import SoundPlayer

            sound = SoundPlayer(paths.sounds_dir(), backend=args.sound, notify=notices.put)
        settings, problems = load_settings(display=paths.display_path)
        for problem in problems:
            notices.put(f"settings: {problem}")
        history = HistoryService.open(None, settings, notices.put)
        services = Services(sound, history, dict(settings.keys))
        started.append(services)
        return services

    options = AppOptions(user_dir=user_dir, routine=routine, flash=args.flash or args.no_sound, notices=notices,
                         tempo=tempo, services=start_services, resume=getattr(args, "command", None) == "resume")
    app = PchainApp(options)
    try:
        app.run()
    finally:
        for services in started:
            services.history.history.close()
            if services.sound is not None:
                services.sound.drain(1.0)  # let the last cue ("done") finish
                services.sound.close()
    for text in notices.pending():  # said after the screen was gone (closing the history, say)
        print(f"pchain: {text}", file=sys.stderr)
    report = app.crash_report.getvalue()
    if report:
        from pchain_tui.cli import EXIT_INTERNAL, log_crash

        where = log_crash(report)
        print(f"pchain: internal error; details were written to {where}. Your finished sets are saved; "
              "`pchain resume` picks the workout up again. Please report it.", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_OK
