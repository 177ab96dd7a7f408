"""CPU used during a 60 s rest countdown, in a real terminal (tmux), beside a minimal Textual app.

pchain runs a tiny routine (one 2 s set, then a 90 s rest) in one tmux window and the minimal
app (a Static and a Footer) in another, both 100x30. Once pchain is resting, both processes'
CPU time (all threads) is read from /proc at the start and the end of the same 60 s.
Target: pchain under 1% of one core. Usage: python bench/idle_cpu.py [SECONDS]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUTINE = """\
name: Idle bench
rest: 90
exercises:
  - use: glute-bridge
    sets: 2
    reps: 1
    tempo: 1-0-1-0
"""
TICKS = os.sysconf("SC_CLK_TCK")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in tmux("capture-pane", "-p", "-t", session):
            return
        time.sleep(0.2)
    raise RuntimeError(f"{session} never showed {text!r}:\n{tmux('capture-pane', '-p', '-t', session)}")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime, all threads


def pid_of(session: str) -> int:
    shell = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
    children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
    return int(children[0]) if children else shell  # the shell may have exec'd the program


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed: apt-get install tmux")
    work = Path(tempfile.mkdtemp(prefix="pchain-idle-"))
    routine = work / "idle.yaml"
    routine.write_text(ROUTINE)
    env = f"PCHAIN_HOME={work / 'home'} TERM=xterm-256color"
    python = sys.executable
    tmux("new-session", "-d", "-s", "pchain-idle", "-x", "100", "-y", "30",
         f"{env} exec {python} -m pchain_tui --sound none run {routine}")
    tmux("new-session", "-d", "-s", "minimal-idle", "-x", "100", "-y", "30",
         f"{env} exec {python} {HERE / 'minimal_app.py'}")
    try:
        wait_for("pchain-idle", "Press enter to start")
        tmux("send-keys", "-t", "pchain-idle", "Enter")
        wait_for("pchain-idle", "READ THE CUES")
        tmux("send-keys", "-t", "pchain-idle", "Enter")
        wait_for("pchain-idle", "set 1 done")  # 3 s get-ready and a 2 s set
        tmux("send-keys", "-t", "pchain-idle", "Escape")
        wait_for("pchain-idle", "REST")
        wait_for("minimal-idle", "minimal baseline")
        pids = {"pchain (resting)": pid_of("pchain-idle"), "minimal Textual app": pid_of("minimal-idle")}
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        started = time.monotonic()
        time.sleep(seconds)  # measuring a wall-clock window is the point of this script
        elapsed = time.monotonic() - started
        after = {name: cpu_seconds(pid) for name, pid in pids.items()}
        assert "REST" in tmux("capture-pane", "-p", "-t", "pchain-idle"), "the rest ended during the measurement"
    finally:
        for session in ("pchain-idle", "minimal-idle"):
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    print(f"CPU share of one core over {elapsed:.1f} s in tmux (100x30), clock ticks of 1/{TICKS} s")
    shares = {}
    for name in pids:
        shares[name] = (after[name] - before[name]) / elapsed * 100
        print(f"{name:22} {after[name] - before[name]:6.2f} s CPU   {shares[name]:5.2f}%")
    share = shares["pchain (resting)"]
    print(f"target: pchain under 1% of one core during a rest: {share:.2f}% {'PASS' if share < 1 else 'FAIL'}")


if __name__ == "__main__":
    main()
