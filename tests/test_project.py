"""What the README promises about setting up is what CI does."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command_exactly():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    test_command = next(c for c in commands if c.rstrip().endswith("&& pytest"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    run_lines = [line for line in ci.splitlines() if line and not line.startswith("#")]
    assert run_lines[-1] == test_command  # the last thing CI does, letter for letter
    assert ci.count("python3 -m venv") == 1  # one virtual environment


def test_the_readme_start_command_installs_and_runs_pchain():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install . && pchain" in commands
