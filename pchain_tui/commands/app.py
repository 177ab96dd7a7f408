"""Starting the app from the command line: resolve the routine, set up sound and history, run."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pchain_tui import exit_codes
from pchain_tui.storage import paths

if TYPE_CHECKING:
    import argparse
    from concurrent.futures import Future

    from pchain_tui.commands.hangup import HangupWatch
    from pchain_tui.domain.model import Routine
    from pchain_tui.domain.session.practice import TempoPractice
    from pchain_tui.services.container import Services
    from pchain_tui.services.history_service import Saving
    from pchain_tui.services.live_session import LiveSession
    from pchain_tui.ui.app import PchainApp


DUMB_TERMINALS = ("dumb", "unknown")
"""TERM values of terminals that cannot draw a screen (Emacs' shell, some CI logs)."""


def find_routine(name: str, user_dir: Path) -> tuple[Routine | None, int]:
    """The routine named by id or file, or None and an exit code after printing why."""
    from pchain_tui.domain.files.catalog import load_catalog, load_routine_file
    from pchain_tui.domain.problems import did_you_mean

    path = Path(name)
    # A name is a file's when it looks like one: `pchain run home` run from / means the routine.
    if path.suffix in (".yaml", ".yml") or path.name != name or (os.path.lexists(path) and not path.is_dir()):
        why = None if path.is_file() else _not_a_file(path)
        if why is not None:
            print(f"pchain run: {paths.tilde_path(path)}: {why}", file=sys.stderr)
            return None, exit_codes.USAGE
        result = load_routine_file(path, paths.bundled_routines_dir(), user_dir, paths.tilde_path)
    else:
        catalog = load_catalog(paths.bundled_routines_dir(), user_dir, display=paths.tilde_path)
        entry = catalog.find(name)
        if entry is None:
            hint = did_you_mean(name, [e.id for e in catalog.entries]) or "`pchain list` shows the ids"
            print(f"pchain run: no routine '{name}'; {hint}", file=sys.stderr)
            return None, exit_codes.USAGE
        result = entry.result
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return result.routine, exit_codes.OK if result.routine else exit_codes.INVALID


def _not_a_file(path: Path) -> str | None:
    """What `path` is instead of a regular file: not there, a link to nowhere, a named pipe, a
    folder...; None when it is a file after all (made one since it was looked at)."""
    if not os.path.lexists(path):
        return "no such file"
    from pchain_tui.domain.files.reading import read_bytes  # says what it is, and never opens a pipe

    content, problems = read_bytes(path, str(path))
    return problems[0].message if content is None else None


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

    if os.environ.get("TERM") in DUMB_TERMINALS:
        # Such a terminal moves no cursor and shows no colour: the app's screens would arrive as a
        # stream of escape codes. The printing commands work there.
        print(f"pchain: this terminal (TERM={os.environ['TERM']}) cannot draw pchain's screens; run it in a "
              "terminal such as xterm, or use the commands that print plain text: pchain list, pchain "
              "history, pchain export, pchain validate", file=sys.stderr)
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
        settings, problems = load_settings(display=paths.tilde_path)
        for problem in problems:
            notices.put(Notice.warning(f"settings: {problem}"))
        sound, speech, voice = None, None, None
        if not args.no_sound:
            from pchain_tui.sound import SoundPlayer

            from pchain_tui.sound.voice import Voice

            # The voice is there to be turned on in the app; it renders nothing until it is.
            voice = Voice(settings.voice_speed, volume=settings.volume / 100)
            if args.voice or settings.voice:
                from pchain_tui.domain.session.spoken import Speech

                speech = Speech(phases=settings.voice_phases)
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
    """Run `app` until it ends, then close the services it `started` and say what is true: notices
    left unshown, sets that could not be saved, an internal error (and what became of the workout)."""
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
        # Asked before closing, so it is answered after every write the app queued: whether each
        # set is in the history itself, or some wait in the journal of unsaved sets.
        standing = [services.history.saving() for services in started if services.history is not None]
        kept = all([services.close() for services in started])
    say = _say_to(watch)
    saving = _answer(standing[0]) if len(standing) == 1 else None
    shown = [notice.text for notice in app.notices.pending()]  # not shown before the screen went
    for text in shown:
        say(f"pchain: {text}")
    if not kept:
        problem = saving.problem if saving is not None else None
        why = f"; {problem}" if problem and problem not in shown else " (see the message above)" if shown else ""
        say(f"pchain: some sets could not be saved to the history{why}.")
    elif saving is not None and saving.pending and saving.problem and not report.getvalue():
        # Nothing is lost, but the history does not hold it yet: say where it is, on the way out.
        from pchain_tui.domain.words import plural

        problem = saving.problem.removeprefix("history: ")
        say(f"pchain: {plural(saving.pending, 'set')} not in the history yet; {problem}.")
    if report.getvalue():
        from pchain_tui.storage.crash_log import log_crash

        say(crash_message(log_crash(report.getvalue()), app.workout if standing else None, saving, kept))
        return exit_codes.INTERNAL
    return exit_codes.OK


def crash_message(where: str, workout: LiveSession | None, saving: Saving | None, kept: bool) -> str:
    """What to tell after an internal error: where its details went and, when a workout was logged
    to the history, what became of it. `saving`: how saving stood as pchain ended (None: not known);
    `kept`: the history's close lost no set (each is in the history or the journal of unsaved sets)."""
    said = f"pchain: internal error; details were written to {where}."
    if workout is not None:
        from pchain_tui.domain.session.record import RecordState
        from pchain_tui.ui.text.describe import sets_done, sets_planned

        record = workout.record
        done = f"{sets_done(workout.plan, record)} of {sets_planned(workout.plan)} sets done"
        over = record.state is RecordState.FINISHED
        if not record.sets:
            said += " The workout had no set done yet, so there is nothing to resume."
        elif not kept or saving is None:
            said += f" The workout had {done}, but not every set is known to be saved{'' if kept else ' (see above)'}."
        elif saving.pending == 0:
            said += (f" The workout was over and is saved ({done})." if over else
                     f" The workout is saved as far as it went ({done}); `pchain resume` picks it up again.")
        else:  # some sets wait in the journal of unsaved sets
            why = f" ({saving.problem})" if saving.problem else ""
            said += (f" The workout was over and is kept ({done}), but the history could not take every set{why}."
                     if over else f" The workout is kept as far as it went ({done}), but the history could not take "
                     f"every set{why}; `pchain resume` picks it up once they are in it.")
    return said + " Please report it."


def _answer(future: Future[Saving]) -> Saving | None:
    """The history's answer, or None when it did not come (the close ran out of time) or failed."""
    return future.result() if future.done() and future.exception() is None else None


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
