"""The command line as a person runs it: a real subprocess, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pchain_tui import __version__

ROOT = Path(__file__).resolve().parent.parent


def pchain(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
    run = subprocess.run([sys.executable, "-m", "pchain_tui", *args], capture_output=True, text=True,
                         timeout=60, cwd=cwd, env=full_env)
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    return run


def test_version():
    run = pchain("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"pchain {__version__}"


def test_a_bare_pchain_starts_as_the_parser_would_have_it(monkeypatch):
    """`pchain` alone skips building the parser (start-up time); its namespace must match the parser's."""
    from pchain_tui import cli
    from pchain_tui.commands import app as launch

    assert vars(cli.build_parser().parse_args([])) == vars(cli.PLAIN_START)
    seen = []
    monkeypatch.setattr(launch, "run_app", lambda args, user_dir: seen.append(args) or 0)
    assert cli.main([]) == 0 and seen == [cli.PLAIN_START]


def test_list_shows_the_bundled_routines_with_estimates(tmp_path):
    run = pchain("list", cwd=tmp_path)
    assert run.returncode == 0
    for name in ("Beginner day 1", "Intermediate day 2", "Top five", "Seven moves", "Eccentric hamstrings"):
        assert name in run.stdout
    routines = run.stdout.split("\nPrograms")[0]  # the programs' table follows
    assert routines.count("│ bundled │") == 9  # (the folder's name, printed too, has the test's name in it)
    assert "min" in run.stdout


def test_list_keeps_going_past_a_broken_user_routine(tmp_path):
    user = tmp_path / "mine"
    user.mkdir()
    (user / "oops.yaml").write_text("name: Oops\nexercises:\n  - use: glute-brige\n    reps: 10\n")
    (user / "beginner-day-1.yaml").write_text("name: My day 1\nexercises:\n  - use: glute-bridge\n    reps: 10\n")
    run = pchain("--routines", str(user), "list")
    assert run.returncode == 0
    assert "unknown exercise 'glute-brige'" in run.stdout
    assert "My day 1" in run.stdout and "Beginner day 1" not in run.stdout  # shadowed
    assert "Top five" in run.stdout


def test_validate_bundled_routines():
    run = pchain("validate", str(ROOT / "routines"))
    assert run.returncode == 0, run.stdout
    # The summary is the command's output; nothing is said on stderr. 8 routines and the library:
    assert run.stdout == "10 files checked: all valid\n" and run.stderr == ""


def test_validate_usage_errors_exit_2(tmp_path):
    assert pchain("validate", str(tmp_path / "nope.yaml")).returncode == 2
    assert pchain("validate").returncode == 2
    assert pchain("frobnicate").returncode == 2


def test_validate_uses_a_library_beside_the_routine(tmp_path):
    (tmp_path / "exercises.yaml").write_text("exercises:\n  curl-up:\n    name: Curl-up\n")
    (tmp_path / "mine.yaml").write_text("name: Mine\nexercises:\n  - use: curl-up\n    reps: 10\n")
    run = pchain("validate", str(tmp_path))
    assert run.returncode == 0, run.stdout
    assert run.stdout == "2 files checked: all valid\n"


def test_schema_prints_json():
    routine = json.loads(pchain("schema").stdout)
    library = json.loads(pchain("schema", "--library").stdout)
    assert "exercises" in routine["properties"] and "exercises" in library["properties"]


def test_exercises_lists_the_library():
    run = pchain("exercises")
    assert run.returncode == 0 and "romanian-deadlift" in run.stdout


def test_no_color_is_honoured():
    run = pchain("list", env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert "\x1b[" not in run.stdout


def test_missing_routines_folder_is_a_usage_error(tmp_path):
    run = pchain("--routines", str(tmp_path / "missing"), "list")
    assert run.returncode == 2 and "no such folder" in run.stderr


def test_an_internal_error_is_logged_not_shown(tmp_path, monkeypatch):
    from pchain_tui import cli, exit_codes

    def boom(_args):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "_run", boom)
    assert cli.main(["list"]) == exit_codes.INTERNAL == 70
    log = Path(os.environ["PCHAIN_HOME"]) / "data" / "crash.log"
    assert "kaboom" in log.read_text()
