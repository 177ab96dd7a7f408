"""The options of every command (--routines, --no-sound, --sound, --voice, --flash) work before the
command's name or after it, and each command's --help lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pchain_tui import cli, exit_codes
from tests.test_cli import pchain

COMMANDS = {"list": [], "run": ["beginner-day-1"], "tempo": ["3-1-1-0"], "resume": [], "history": [],
            "export": [], "new": ["mine"], "exercises": [], "validate": ["x.yaml"], "schema": [],
            "program": [], "import": ["strong", "export.csv"]}
"""Every command, with the arguments it needs."""
UNSET = {"routines": None, "no_sound": False, "sound": None, "voice": False, "flash": False}


def parse(*argv: str) -> dict:
    return vars(cli.build_parser().parse_args(argv))


def test_every_command_is_covered_here():
    parser = cli.build_parser()
    [commands] = [action for action in parser._actions if action.dest == "command"]
    assert set(commands.choices) == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_option_after_the_command_is_taken(command):
    rest = COMMANDS[command]
    given = parse(command, *rest, "--routines", "mine", "--no-sound", "--sound", "aplay", "--voice", "--flash")
    assert {key: given[key] for key in UNSET} == {"routines": Path("mine"), "no_sound": True, "sound": "aplay",
                                                  "voice": True, "flash": True}


@pytest.mark.parametrize("command", COMMANDS)
def test_an_option_before_the_command_is_not_undone_by_the_command(command):
    rest = COMMANDS[command]
    given = parse("--routines", "mine", "--no-sound", "--sound", "aplay", "--voice", "--flash", command, *rest)
    assert {key: given[key] for key in UNSET} == {"routines": Path("mine"), "no_sound": True, "sound": "aplay",
                                                  "voice": True, "flash": True}
    assert {key: parse(command, *rest)[key] for key in UNSET} == UNSET


@pytest.mark.parametrize("command", COMMANDS)
def test_given_on_both_sides_the_later_one_wins(command):
    rest = COMMANDS[command]
    given = parse("--routines", "before", "--sound", "aplay", command, *rest, "--routines", "after",
                  "--sound", "paplay")
    assert (given["routines"], given["sound"]) == (Path("after"), "paplay")


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_lists_the_options(command):
    parser = cli.build_parser()
    [commands] = [action for action in parser._actions if action.dest == "command"]
    text = commands.choices[command].format_help()
    assert "options of every command, before or after its name" in text
    for option in ("--routines DIR", "--no-sound", "--sound BACKEND", "--voice", "--flash"):
        assert option in text


def test_run_and_tempo_take_no_sound_after_their_arguments(monkeypatch):
    from pchain_tui.commands import app

    seen = []
    monkeypatch.setattr(app, "run_app", lambda args, user_dir, routine=None, tempo=None: seen.append(args) or 0)
    assert cli.main(["run", "beginner-day-1", "--no-sound"]) == 0
    assert cli.main(["tempo", "3-1-1-0", "--no-sound", "--reps", "5"]) == 0
    assert [(args.command, args.no_sound) for args in seen] == [("run", True), ("tempo", True)]
    assert seen[1].reps == 5


@pytest.mark.parametrize("argv", [["--sound", "foo", "list"], ["list", "--sound", "foo"],
                                  ["schema", "--sound", "foo"], ["run", "beginner-day-1", "--sound", "foo"]])
def test_an_unknown_backend_is_refused_by_every_command(argv, capsys, monkeypatch):
    from pchain_tui.commands import app

    monkeypatch.setattr(app, "run_app", lambda *args, **kwargs: pytest.fail("the app started"))
    assert cli.main(argv) == exit_codes.USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("pchain: --sound foo: not a backend; choose from miniaudio, simpleaudio")


def test_no_sound_makes_the_backend_moot(capsys):
    """As for `run`, a backend is not checked when there is to be no sound."""
    assert cli.main(["--sound", "foo", "schema", "--no-sound"]) == exit_codes.OK
    assert capsys.readouterr().err == ""


def test_a_routines_folder_after_the_command_is_used(tmp_path):
    (tmp_path / "mine.yaml").write_text("name: My own\nexercises:\n  - use: glute-bridge\n    reps: 10\n")
    run = pchain("list", "--routines", str(tmp_path))
    assert run.returncode == 0 and "My own" in run.stdout
    missing = pchain("list", "--routines", str(tmp_path / "missing"))
    assert missing.returncode == 2 and "no such folder" in missing.stderr
