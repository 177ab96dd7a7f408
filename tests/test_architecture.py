"""The layers hold: the import-linter contracts in pyproject.toml pass, and the domain really imports
nothing but the standard library, PyYAML and itself."""

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pchain_tui.domain

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    """`lint-imports` checks every contract of [tool.importlinter]: layers, the domain's and storage's
    forbidden imports, and no import circles at any depth."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert command, "import-linter is part of the test extra"
    run = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout and "4 kept" in run.stdout, run.stdout


def test_the_domain_loads_only_the_standard_library_yaml_and_itself():
    """Stricter than a list of forbidden packages: whatever is imported while loading every domain
    module must be in the standard library, PyYAML or the domain itself."""
    modules = [m.name for m in pkgutil.walk_packages(pchain_tui.domain.__path__, "pchain_tui.domain.")]
    assert len(modules) >= 20
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        + "".join(f"import {m}\n" for m in modules)
        # libyaml's binding is compiled with Cython, whose runtime registers modules of its own
        + "allowed = set(sys.stdlib_module_names) | {'yaml', '_yaml', 'pchain_tui', 'cython_runtime'}\n"
        "bad = sorted(m for m in set(sys.modules) - before if m.split('.')[0] not in allowed\n"
        "             and not m.startswith('_cython_') and not m.startswith('pchain_tui.domain'))\n"
        "bad += sorted(m for m in set(sys.modules) - before\n"
        "              if m.startswith('pchain_tui.') and not m.startswith('pchain_tui.domain'))\n"
        "print(','.join(bad))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
