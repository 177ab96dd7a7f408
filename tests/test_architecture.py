"""The domain stays free of Textual, so it can be driven and tested without an app."""

import pkgutil
import subprocess
import sys

import pchain_tui.domain


def test_domain_imports_nothing_from_textual():
    modules = [f"pchain_tui.domain.{m.name}" for m in pkgutil.iter_modules(pchain_tui.domain.__path__)]
    assert len(modules) >= 10
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
