"""The `pchain` command line.

Exit codes: 0 success; 1 invalid routines or a failed command; 2 usage errors (bad arguments,
missing files); 70 an internal error (logged, never shown as a traceback); 130 interrupted.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from pchain_tui import __version__, exit_codes
from pchain_tui.storage import paths
from pchain_tui.storage.crash_log import log_crash

if TYPE_CHECKING:
    import argparse

PLAIN_START = SimpleNamespace(command=None, routines=None, no_sound=False, sound=None, flash=False, voice=False)
"""What a bare `pchain` parses to. The most common start skips building the parser, which with all
its subcommands is a measurable part of start-up (bench/startup.py); a test keeps the two in step."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="pchain",
        description="A guided posterior-chain workout timer for the terminal.",
        epilog="Run `pchain COMMAND --help` for a command's options. "
               "Exit codes: 0 ok, 1 invalid input or failure, 2 usage error, 70 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"pchain {__version__}")
    _add_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    _command(commands, "list", help="list the programs and routines, bundled and your own")
    run = _command(commands, "run", help="open a routine (by id or file) at its overview")
    run.add_argument("routine", metavar="NAME|FILE", help="a routine id from `pchain list`, or a routine file")
    tempo = _command(commands, "tempo", voice="speak the rep numbers and the phase words (down, hold, up)",
                     help="a metronome for one movement, with a sound per phase",
                     description="Practise a tempo: LOWER / PAUSE / LIFT with a distinct sound each. "
                                 "With --tap, the phases are silent: tap space at every turn and the "
                                 "summary shows how far your timing was from the target.")
    tempo.add_argument("tempo", metavar="TEMPO", help="e.g. 3-1-1-0 or 31X0 (lower, pause, lift, pause)")
    tempo.add_argument("--reps", type=_positive, default=10, help="reps per set (default %(default)s)")
    tempo.add_argument("--sets", type=_positive, default=1, help="sets (default %(default)s)")
    tempo.add_argument("--rest", type=_positive, default=60, metavar="S", help="seconds between sets (default 60)")
    tempo.add_argument("--start", choices=("top", "bottom"), default="top",
                       help="top: lower first (RDL); bottom: lift first (bridge, row)")
    tempo.add_argument("--tap", action="store_true", help="tap mode: silent phases, tap each turn, see your timing")
    _command(commands, "resume", help="pick up the newest workout that did not finish")
    history = _command(commands, "history", help="recent sessions and each exercise's trend",
                       description="Show the last 10 sessions (or those asked for) and the trend of "
                                   "each exercise in them.")
    history.add_argument("--exercise", metavar="ID", help="only this exercise (its id or name)")
    history.add_argument("--since", metavar="DATE", type=_since, help="every session from DATE (YYYY-MM-DD) on")
    history.add_argument("--limit", metavar="N", type=_count, help="the last N sessions (default 10)")
    history.add_argument("--all", action="store_true", dest="every", help="every session")
    export = _command(commands, "export", help="every set, one row each, as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="default: %(default)s")
    export.add_argument("--output", "-o", metavar="FILE", type=Path, help="write to FILE (default: standard output)")
    imports = _command(commands, "import", help="bring in the workout log of Strong or Hevy (a CSV export)",
                       description="Add the sessions of a Strong or Hevy CSV export to your history. Exercise "
                                   "names are matched to the library (extend the matches in import-names.yaml in "
                                   "your config folder); others are kept as their own. Rows that cannot be read "
                                   "are named (file:line) and left out; importing a file again adds only what "
                                   "is new. Exits 0 when every row was imported, 1 if some were left out or "
                                   "the file is not such an export, 2 if it cannot be read.")
    imports.add_argument("app", choices=("strong", "hevy"), help="the app that made the file")
    imports.add_argument("file", type=Path, metavar="FILE.csv", help="the app's CSV export")
    imports.add_argument("--units", choices=("kg", "lb"),
                         help="the unit of weights when the file does not say (default: your settings' units)")
    new = _command(commands, "new", help="create a routine in your folder from a template and edit it")
    new.add_argument("name", metavar="NAME", help="the new routine's name")
    _command(commands, "exercises", help="list the exercise library's ids")
    program = _command(commands, "program", help="the program followed and its next day; or follow one",
                       description="Without NAME: the program followed, its days, when each was last done, "
                                   "which is next and when it is due. With NAME (an id or name from `pchain "
                                   "list`): follow that program; the app then offers its next day first. "
                                   "The choice is kept in settings.toml.")
    chosen = program.add_mutually_exclusive_group()
    chosen.add_argument("name", nargs="?", metavar="NAME", help="the program to follow (its id or name)")
    chosen.add_argument("--off", action="store_true", help="follow no program")
    validate = _command(commands, "validate", help="check routine and program files and report every problem",
                        description="Check routine, program and library files (a file in a folder named "
                                    "programs, or with a top-level `days:` key, is a program). Prints each problem as "
                                    "file:line:column: message, then a line that counts them, on standard "
                                    "output (standard error has only notes on the arguments); exits 0 when "
                                    "all are valid, 1 if not, 2 if a PATH does not exist.")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                          help="routine or program files, or folders of them")
    schema = _command(commands, "schema", help="print the JSON Schema of routine files",
                      description="Print the JSON Schema that routine files (or, with --library, the "
                                  "exercise library; with --program, program files) follow, for editors and "
                                  "other validators.")
    which = schema.add_mutually_exclusive_group()
    which.add_argument("--library", action="store_true", help="print the exercise library's schema instead")
    which.add_argument("--program", action="store_true", help="print the schema of program files instead")
    return parser


_VOICE_HELP = "spoken prompts too: the set, the rep numbers, the phase words, the last seconds"


def _add_options(parser: argparse.ArgumentParser, *, below_a_command: bool = False, voice: str = _VOICE_HELP) -> None:
    """The options every command takes, before its name or after it.

    A command's own copies default to SUPPRESS: argparse copies whatever a command's parser sets
    over what the main one set, so a default there would undo `pchain --no-sound run x`. Given on
    both sides, the later one wins.
    """
    import argparse

    unset = {"default": argparse.SUPPRESS} if below_a_command else {}
    group = parser.add_argument_group("options of every command, before or after its name")
    group.add_argument("--routines", metavar="DIR", type=Path, help="use DIR as your routines folder", **unset)
    group.add_argument("--no-sound", action="store_true", help="no sound; the screen flashes for cues instead",
                       **unset)
    group.add_argument("--sound", metavar="BACKEND", **unset,
                       help="sound backend: miniaudio (the default), simpleaudio, system, pw-play, paplay, aplay, "
                            "afplay, bell or none")
    group.add_argument("--voice", action="store_true", help=voice, **unset)
    group.add_argument("--flash", action="store_true", help="flash the screen on every cue, with sound too", **unset)


def _command(commands: argparse._SubParsersAction, name: str, *, voice: str = _VOICE_HELP,
             **kwargs: str) -> argparse.ArgumentParser:
    """A command's parser, with the options of every command (`voice`: what --voice does in it)."""
    parser = commands.add_parser(name, **kwargs)
    _add_options(parser, below_a_command=True, voice=voice)
    return parser


def _since(text: str):
    from pchain_tui.commands.history import since_date  # lazy: keeps start-up light

    return since_date(text)


def _positive(text: str) -> int:
    from argparse import ArgumentTypeError

    if not text.isdigit() or not 0 < int(text) <= 999:
        raise ArgumentTypeError(f"'{text}' is not a whole number from 1 to 999")
    return int(text)


def _count(text: str) -> int:
    from argparse import ArgumentTypeError

    if not text.isdigit() or int(text) < 1:
        raise ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        return _run(build_parser().parse_args(arguments) if arguments else PLAIN_START)
    except KeyboardInterrupt:
        return exit_codes.INTERRUPTED
    except BrokenPipeError:  # `pchain list | head` closed the pipe; not an error worth a word
        sys.stderr.close()
        return exit_codes.OK
    except Exception:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
        log = log_crash(traceback.format_exc())
        print(f"pchain: internal error; details were written to {log}. Please report it.", file=sys.stderr)
        return exit_codes.INTERNAL


def _history_command(args: argparse.Namespace) -> int:
    from pchain_tui.commands import history

    if args.command == "history":
        return history.show_history(args.exercise, args.since, args.limit, every=args.every)
    if args.output is None:
        return history.export(args.format, sys.stdout)
    try:
        with args.output.open("w", newline="", encoding="utf-8") as out:
            return history.export(args.format, out)
    except OSError as error:
        print(f"pchain export: cannot write {paths.tilde_path(args.output)}: {error.strerror}", file=sys.stderr)
        return exit_codes.USAGE


def _run(args: argparse.Namespace) -> int:
    user_dir = args.routines if args.routines is not None else paths.user_routines_dir()
    if args.routines is not None and not args.routines.is_dir():
        print(f"pchain: --routines {paths.tilde_path(args.routines)}: no such folder", file=sys.stderr)
        return exit_codes.USAGE
    if not args.no_sound and args.sound:
        # Checked for every command, not only those that play sound: a typo is a typo anywhere.
        from pchain_tui.sound.backends import BACKEND_CHOICES

        if args.sound not in BACKEND_CHOICES:
            print(f"pchain: --sound {args.sound}: not a backend; choose from {', '.join(BACKEND_CHOICES)}",
                  file=sys.stderr)
            return exit_codes.USAGE
    # Imported per command, so that starting the app does not pay for the others.
    from pchain_tui.commands import app

    if args.command is None:
        return app.run_app(args, user_dir)
    from pchain_tui.commands import routines as commands

    if args.command == "run":
        return app.run_routine(args, user_dir)
    if args.command == "tempo":
        return app.run_tempo(args, user_dir)
    if args.command == "resume":
        return app.run_app(args, user_dir)
    if args.command in ("history", "export"):
        return _history_command(args)
    if args.command == "import":
        from pchain_tui.commands.importing import import_file

        return import_file(args.app, args.file, user_dir, units=args.units)
    if args.command == "new":
        return commands.new_routine(args.name, user_dir)
    if args.command == "list":
        return commands.list_routines(user_dir)
    if args.command == "exercises":
        return commands.list_exercises(user_dir)
    if args.command == "program":
        from pchain_tui.commands.programs import program_command

        return program_command(args.name, args.off, user_dir)
    if args.command == "validate":
        return commands.validate(args.paths, user_dir)
    if args.command == "schema":
        return commands.print_schema(library=args.library, program=args.program)
    raise AssertionError(f"unhandled command {args.command}")
