"""Start-up time to the first usable picker, as a ratio to a minimal Textual app, in one run.

Each program runs in a pseudo-terminal (100x30); the clock stops when the screen shows
"Beginner day 1" (for pchain: the routine list is filled, so the picker is usable; for the
baseline: its one line of text). Runs alternate between the two, and medians are compared.
Both start from compiled bytecode, as an installed program does: the unmeasured warm-up run writes
it to a private folder, even where PYTHONDONTWRITEBYTECODE is set (without bytecode, every start
would also compile pchain's own modules, which an installed pchain never does).
Target: pchain / minimal <= 1.25. Usage: python bench/startup.py [RUNS]
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = b"Beginner day 1"
TIMEOUT = 20.0


def time_to_marker(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from fork to the marker appearing on the pseudo-terminal."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen = b""
    try:
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if MARKER in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{argv} never showed {MARKER!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    home = tempfile.mkdtemp(prefix="pchain-bench-")
    env = {**os.environ, "TERM": "xterm-256color", "PCHAIN_HOME": home, "COLUMNS": "100", "LINES": "30",
           "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="pchain-bench-pyc-")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    programs = {
        "minimal Textual app": [sys.executable, str(HERE / "minimal_app.py")],
        "pchain": [sys.executable, "-m", "pchain_tui"],
    }
    for argv in programs.values():  # warm the file cache and bytecode once, unmeasured
        time_to_marker(argv, env)
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, argv in programs.items():
            times[name].append(time_to_marker(argv, env))
    baseline = statistics.median(times["minimal Textual app"])
    print(f"start-up to first usable screen, {runs} runs each, alternating (100x30 pseudo-terminal)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:22} median {median * 1000:7.1f} ms   min {min(values) * 1000:7.1f}   "
              f"max {max(values) * 1000:7.1f}   ratio {median / baseline:.2f}")
    # On a shared machine the load drifts; each pair ran back to back, so the median of the
    # pairs' ratios is the steadiest figure.
    pairs = [p / m for p, m in zip(times["pchain"], times["minimal Textual app"])]
    ratio = statistics.median(pairs)
    print(f"median of paired ratios {ratio:.2f} (min {min(pairs):.2f}, max {max(pairs):.2f}); "
          f"ratio of the fastest runs {min(times['pchain']) / min(times['minimal Textual app']):.2f}")
    print(f"target: pchain / minimal <= 1.25: {ratio:.2f} {'PASS' if ratio <= 1.25 else 'FAIL'}")


if __name__ == "__main__":
    main()
