"""The wheel carries the routines and sounds, and an installed pchain finds them from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import yaml
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_lists_the_bundled_routines(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("pchain_tui-*.whl")  # the distribution is pchain-tui ("pchain" is another project)
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Name: pchain-tui" in metadata and "License-Expression: MIT" in metadata
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    simpleaudio = next(line for line in requires if "simpleaudio" in line)
    assert "python_version < '3.12'" in simpleaudio and "extra == 'audio'" in simpleaudio  # only where it works
    assert all("extra ==" in line for line in requires if "pytest" in line)  # test tools are never a runtime need
    assert "pchain_tui/routines/beginner-day-1.yaml" in names
    assert "pchain_tui/routines/exercises.yaml" in names
    assert {"pchain_tui/programs/beginner.yaml", "pchain_tui/programs/intermediate.yaml"} <= set(names)
    assert any(n.startswith("pchain_tui/sounds/") for n in names)
    assert {"pchain_tui/ui/app.tcss", "pchain_tui/ui/screens/workout.tcss", "pchain_tui/ui/dialogs/dialogs.tcss"} \
        <= set(names)  # the app's stylesheets travel with it

    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                              str(wheel)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "COLUMNS": "120"}
    code = ("import pchain_tui, sys; from pchain_tui.cli import main; print(pchain_tui.__file__); "
            "sys.exit(main(['list']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith(str(target))
    names = [yaml.safe_load(path.read_text())["name"] for path in (ROOT / "routines").glob("*.yaml")
             if path.name != "exercises.yaml"]
    assert len(names) == 9 and all(name in run.stdout for name in names)
    assert "Beginner, twice a week" in run.stdout  # the bundled programs are found from anywhere too
