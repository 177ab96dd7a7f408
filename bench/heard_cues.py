"""What is heard, per sound backend: `pchain tempo 1-0-1-0 --reps 8` through a PulseAudio server.

Starts a private PulseAudio server with a null sink (as a desktop's sound server; ALSA programs
are routed to it), records the sink's monitor, runs the real `pchain tempo` in a terminal (tmux)
with each backend in turn, finds each sound's onset to the sample and prints, per backend: cues
expected and heard, how far the onset intervals are from the 1 s grid (p50, p99, max), and how
late the first cue was against the grid the others keep.

    python bench/heard_cues.py [--reps 8] [--backends miniaudio,paplay,aplay,simpleaudio]

Needs pulseaudio, pulseaudio-utils, libasound2-plugins and tmux (Debian packages).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pchain_tui.domain.clock import FakeClock  # noqa: E402
from pchain_tui.domain.session.engine import SessionEngine, Status  # noqa: E402
from pchain_tui.domain.session.plan import build_plan  # noqa: E402
from pchain_tui.domain.session.practice import TempoPractice  # noqa: E402
from pchain_tui.domain.tempo import parse_tempo  # noqa: E402
from tests.pulse_rig import MIN_GAP, RATE, PulseRig, onsets  # noqa: E402

TEMPO = "1-0-1-0"


def expected_cues(reps: int) -> list[float]:
    """The seconds (from the get-ready) at which sounds are due, sounds closer than the onset
    finder's gap counted once: the engine's own schedule, on a fake clock."""
    clock = FakeClock()
    engine = SessionEngine(build_plan(TempoPractice(parse_tempo(TEMPO), reps=reps).routine()), clock)
    engine.next(clock.now())
    start, times = clock.now(), []
    while engine.status is not Status.FINISHED and clock.now() < start + 600:
        clock.advance(0.01)
        times += [event.at - start for event in engine.poll(clock.now())]
    grouped: list[float] = []
    for at in sorted(times):
        if not grouped or at - grouped[-1] > MIN_GAP:
            grouped.append(at)
    return grouped


def run_backend(rig: PulseRig, backend: str, reps: int, folder: Path) -> list[int]:
    """Record `pchain tempo` with `backend` in a tmux terminal; the onsets heard."""
    recording = folder / f"{backend}.raw"
    home = folder / f"home-{backend}"
    env = " ".join(f"{key}={value}" for key, value in (("PULSE_SERVER", rig.env["PULSE_SERVER"]),
                                                       ("HOME", rig.folder), ("PCHAIN_HOME", home)))
    command = f"env {env} {sys.executable} -m pchain_tui --sound {backend} tempo {TEMPO} --reps {reps}"
    session = f"pchain-heard-{os.getpid()}"
    with rig.record(recording):
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command],
                       check=True, cwd=ROOT)
        length = 3 + 2 * reps + 4
        deadline = time.monotonic() + length + 15
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                    text=True).stdout if alive else ""
            if not alive or "practice done" in screen:
                break
            time.sleep(0.25)
        time.sleep(1.0)  # the last sound ends
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return onsets(recording)


def figures(found: list[int], expected: list[float]) -> str:
    """Heard vs expected; interval errors against the grid after the first cue; the first's delay."""
    if len(found) < 3:
        return f"{len(found):3} of {len(expected)} heard"
    seconds = [index / RATE for index in found]
    anchor = seconds[1] - expected[1]  # the grid the second cue sets (the first may be late)
    slots = [min(range(len(expected)), key=lambda k, t=t: abs(t - anchor - expected[k])) for t in seconds]
    errors = [abs((b - a) - (expected[j] - expected[i]))
              for a, b, i, j in zip(seconds[1:], seconds[2:], slots[1:], slots[2:])]
    errors.sort()
    p99 = errors[min(len(errors) - 1, round(0.99 * (len(errors) - 1)))]
    first = (seconds[0] - anchor) - expected[slots[0]]
    return (f"{len(found):3} of {len(expected)} heard   interval error p50 {statistics.median(errors) * 1000:7.2f} ms"
            f"  p99 {p99 * 1000:7.2f} ms  max {errors[-1] * 1000:7.2f} ms   first cue {first * 1000:+7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--backends", default="miniaudio,paplay,aplay,simpleaudio")
    args = parser.parse_args()
    for tool in ("pulseaudio", "parec", "tmux"):
        if shutil.which(tool) is None:
            sys.exit(f"heard_cues: {tool} is not installed (Debian: pulseaudio pulseaudio-utils tmux)")
    expected = expected_cues(args.reps)
    backends = [b for b in args.backends.split(",")
                if b != "simpleaudio" or importlib.util.find_spec("simpleaudio") is not None]
    print(f"pchain tempo {TEMPO} --reps {args.reps}: {len(expected)} sounds due, on a 1 s grid")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        with PulseRig(folder / "pulse") as rig:
            for backend in backends:
                found = run_backend(rig, backend, args.reps, folder)
                print(f"{backend:12} {figures(found, expected)}", flush=True)
    print("first cue: its delay against the grid the later cues keep (the countdown's first tick, due "
          "when the get-ready starts)")


if __name__ == "__main__":
    main()
