"""Starting the app from the command line: resolve the routine, set up sound and history, run."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pchain_tui import exit_codes
from pchain_tui.storage import paths

if TYPE_CHECKING:
    import argparse

    from pchain_tui.commands.hangup import HangupWatch
    from pchain_tui.domain.model import Routine
    from pchain_tui.domain.session.practice import TempoPractice
    from pchain_tui.services.container import Services
    from pchain_tui.ui.app import PchainApp


def find_routine(name: str, user_dir: Path) -> tuple[Routine | None, int]:
    """The routine named by id or file, or None and an exit code after printing why."""
    from pchain_tui.domain.files.catalog import load_catalog, load_routine_file
    from pchain_tui.domain.problems import did_you_mean

    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            print(f"pchain run: {name}: no such file", file=sys.stderr)
            return None, exit_codes.USAGE
        result = load_routine_file(path, paths.bundled_routines_dir(), user_dir, paths.display_path)
    else:
        catalog = load_catalog(paths.bundled_routines_dir(), user_dir, display=paths.display_path)
        entry = catalog.find(name)
        if entry is None:
            hint = did_you_mean(name, [e.id for e in catalog.entries]) or "`pchain list` shows the ids"
            print(f"pchain run: no routine '{name}'; {hint}", file=sys.stderr)
            return None, exit_codes.USAGE
        result = entry.result
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return result.routine, exit_codes.OK if result.routine else exit_codes.INVALID


def run_routine(args: argparse.Namespace, user_dir: Path) -> int:
    """`pchain run NAME|FILE`: the app, opened at that routine's overview."""
    routine, code = find_routine(args.routine, user_dir)
    if routine is None:
        return code
    return run_app(args, user_dir, routine)


def run_tempo(args: argparse.Namespace, user_dir: Path) -> int:
    """`pchain tempo TEMPO ...`: the metronome."""
    from pchain_tui.domain.problems import InvalidValue
    from pchain_tui.domain.session.practice import TempoPractice
    from pchain_tui.domain.tempo import Start, parse_tempo

    try:
        tempo = parse_tempo(args.tempo)
    except InvalidValue as error:
        print(f"pchain tempo: {error.message}" + (f"; {error.hint}" if error.hint else ""), file=sys.stderr)
        return exit_codes.USAGE
    if tempo.self_paced:
        print("pchain tempo: a metronome needs a timed tempo such as 3-1-1-0, not self", file=sys.stderr)
        return exit_codes.USAGE
    practice = TempoPractice(tempo, args.reps, args.sets, float(args.rest), Start(args.start), args.tap)
    return run_app(args, user_dir, tempo=practice)


def run_app(args: argparse.Namespace, user_dir: Path, routine: Routine | None = None,
            tempo: TempoPractice | None = None) -> int:
    """Run the app until the person quits; sound and history start once the first screen is up."""
    from pchain_tui.services.notices import Notices
    from pchain_tui.ui.app import AppOptions, PchainApp

    if not args.no_sound and args.sound:
        from pchain_tui.sound import BACKEND_CHOICES

        if args.sound not in BACKEND_CHOICES:
            print(f"pchain: --sound {args.sound}: not a backend; choose from {', '.join(BACKEND_CHOICES)}",
                  file=sys.stderr)
            return exit_codes.USAGE
    notices = Notices()
    started: list[Services] = []

    def start_services() -> Services:
        """The clock, the settings, sound (its backend is probed on its own thread) and history."""
        from pchain_tui.domain.clock import SystemClock
        from pchain_tui.domain.notice import Notice
        from pchain_tui.services.container import Services
        from pchain_tui.services.history_service import HistoryService
        from pchain_tui.storage.settings_file import load_settings

        clock = SystemClock()
        settings, problems = load_settings(display=paths.display_path)
        for problem in problems:
            notices.put(Notice.warning(f"settings: {problem}"))
        sound, speech, voice = None, None, None
        if not args.no_sound:
            from pchain_tui.sound import SoundPlayer

            if args.voice or settings.voice:
                from pchain_tui.domain.session.spoken import Speech
                from pchain_tui.sound.voice import Voice

                speech = Speech(phases=settings.voice_phases)
                voice = Voice(settings.voice_speed, volume=settings.volume / 100)
            sound = SoundPlayer(paths.sounds_dir(), backend=args.sound, notify=notices.put, clock=clock,
                                volume=settings.volume / 100, voice=voice)
        history = None if tempo is not None else HistoryService.open(None, settings, notices.put, clock)
        services = Services(clock, settings, sound, history, speech)
        started.append(services)
        return services

    options = AppOptions(user_dir=user_dir, routine=routine, tempo=tempo, resume=args.command == "resume",
                         flash=args.flash or args.no_sound)
    return run_until_quit(PchainApp(options, start_services, notices), started)


def run_until_quit(app: PchainApp, started: Sequence[Services]) -> int:
    """Run `app` until it ends, then close the services it `started` and say what is left to say:
    notices left unshown, sets that could not be saved, an internal error."""
    from pchain_tui.commands.hangup import HangupWatch

    # Textual prints an unexpected error's traceback to sys.stderr once the screen is restored (it
    # draws on the real stderr, sys.__stderr__): it goes to crash.log instead, never to the person.
    report = io.StringIO()
    watch = HangupWatch(lambda: app.post_message(app.Stop()), lambda: _save_in_haste(started),
                        exit_codes.INTERRUPTED, terminal=_stdin_fd())
    try:
        with watch, contextlib.redirect_stderr(report):
            app.run()
    finally:
        saved = all(services.close() for services in started)
    say = _say_to(watch)
    for notice in app.notices.pending():  # said after the screen was gone (closing the history, say)
        say(f"pchain: {notice.text}")
    if not saved:
        say("pchain: some sets could not be saved to the history (see the message above).")
    if report.getvalue():
        from pchain_tui.storage.crash_log import log_crash

        where = log_crash(report.getvalue())
        say(f"pchain: internal error; details were written to {where}. Your finished sets are saved; "
            "`pchain resume` picks the workout up again. Please report it.")
        return exit_codes.INTERNAL
    return exit_codes.OK


def _save_in_haste(started: Sequence[Services]) -> None:
    """The terminal is gone and the app is stuck: write what the history holds, within a second or two.
    (Its thread is its own, so it works while the app's thread is busy; sound is left to the exit.)"""
    for services in started:
        if services.history is not None:
            services.history.close(timeout=2.0)


def _stdin_fd() -> int | None:
    """The descriptor Textual reads keys from, if there is one."""
    try:
        return sys.__stdin__.fileno() if sys.__stdin__ is not None else None
    except (OSError, ValueError):  # closed, or not a real file (a test's stand-in)
        return None


def _say_to(watch: HangupWatch) -> Callable[[str], None]:
    """Print to stderr, unless the terminal has gone away: a write there fails, and nobody would read it."""
    def say(text: str) -> None:
        if watch.terminal_gone:
            return
        try:
            print(text, file=sys.stderr)
        except OSError:  # gone since (a SIGHUP comes a moment before the terminal reads as hung up)
            pass

    return say
