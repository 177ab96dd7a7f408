"""What is heard: cues through a real PulseAudio server (a null sink, recorded from its monitor),
their onsets found to the sample. Run on CI, which installs pulseaudio and pulseaudio-utils."""

from __future__ import annotations

import array
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import pulse_rig
from .pulse_rig import RATE, PulseRig, onsets
from .test_sound_alsa import ROOT, require

SESSION = """
import json, sys, threading, time
from pchain_tui.domain.clock import SystemClock
from pchain_tui.domain.session.plan import build_plan
from pchain_tui.domain.session.practice import TempoPractice
from pchain_tui.domain.session.spoken import Speech
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.services.live_session import LiveSession
from pchain_tui.sound import SoundPlayer
from pchain_tui.sound.voice import Voice
from pchain_tui.storage import paths

messages, heard = [], []
clock = SystemClock()
spoken = len(sys.argv) > 3 and sys.argv[3] == "voice"
player = SoundPlayer(paths.sounds_dir(), None, lambda notice: messages.append(notice.text), clock=clock,
                     voice=Voice() if spoken else None)
practice = TempoPractice(parse_tempo(sys.argv[1]), reps=int(sys.argv[2]))
live = LiveSession(build_plan(practice.routine()), clock, player, speech=Speech() if spoken else None)
assert player.wait_ready(10), messages  # as the tempo screen waits: the stream open, the first phrases said

class Listener:
    def cue_played(self, event):
        heard.append((event.at, event.cue.value))
    def set_finished(self, set_record):
        pass
    def session_ended(self, record):
        pass

live.listener = Listener()
live.start()
live.next()  # the get-ready, as the tempo screen starts it
while not live.finished:
    time.sleep(0.05)
live.stop()
player.drain(5)
player.close()
print(json.dumps({"backend": player.backend_name, "messages": messages, "cues": heard}))
"""


@pytest.fixture
def rig(tmp_path: Path):
    require("PulseAudio", pulse_rig.available(), "apt-get install pulseaudio pulseaudio-utils")
    with PulseRig(tmp_path / "pulse") as server:
        yield server


def _groups(times: list[float]) -> list[float]:
    """Scheduled cue times, those closer than the onset finder's gap taken as one sound."""
    grouped: list[float] = []
    for at in sorted(times):
        if not grouped or at - grouped[-1] > pulse_rig.MIN_GAP:
            grouped.append(at)
    return grouped


def test_every_cue_is_heard_on_its_frame_through_pulseaudio(rig: PulseRig, tmp_path: Path):
    recording = tmp_path / "heard.raw"
    with rig.record(recording):
        run = subprocess.run([sys.executable, "-c", SESSION, "1-0-1-0", "2"], env=rig.env, capture_output=True,
                             timeout=60, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    result = json.loads(run.stdout)
    assert result["backend"] == "miniaudio" and result["messages"] == ["sound: using miniaudio"]
    scheduled = _groups([at for at, _name in result["cues"]])
    found = onsets(recording)
    assert len(found) == len(scheduled) >= 8, (found, scheduled)  # every cue heard, none twice
    # Every onset falls where the schedule puts it, the first tick too (the countdown starts one
    # buffer after the key, so that tick can be placed): the stream places cues by frame.
    # bench/heard_cues.py measures within 0.2 ms on a quiet machine; here, beside the rest of the
    # suite on every core, the device can run dry for a moment and shift what follows by a
    # millisecond or two (seen once in 3.12's run: 2.09 ms), so one interval may be 5 ms off, still
    # half the best system player's typical error (paplay: 9 ms median).
    errors = [(b - a) / RATE - (y - x) for a, b, x, y in zip(found, found[1:], scheduled, scheduled[1:])]
    assert max(abs(e) for e in errors) < 0.005, [round(e * 1000, 3) for e in errors]
    assert sorted(abs(e) for e in errors)[len(errors) // 2] < 0.001  # the typical interval: under 1 ms


def loud_seconds(path: Path, threshold: int = 300) -> float:
    """How long the recording is audible: 10 ms windows with a sample louder than `threshold`."""
    samples = array.array("h", path.read_bytes()[: (path.stat().st_size // 2) * 2])
    window = RATE // 100
    return sum(any(abs(v) > threshold for v in samples[i:i + window]) for i in range(0, len(samples), window)) / 100


def test_the_voice_is_heard_between_the_beeps(rig: PulseRig, tmp_path: Path):
    require("espeak-ng", shutil.which("espeak-ng") is not None, "apt-get install espeak-ng")
    beeps_only, spoken = tmp_path / "beeps.raw", tmp_path / "spoken.raw"
    for recording, extra in ((beeps_only, []), (spoken, ["voice"])):
        with rig.record(recording):
            run = subprocess.run([sys.executable, "-c", SESSION, "1-0-1-0", "2", *extra], env=rig.env,
                                 capture_output=True, timeout=60, cwd=ROOT, stdin=subprocess.DEVNULL)
        assert run.returncode == 0, run.stderr.decode(errors="replace")
        assert json.loads(run.stdout)["messages"] == ["sound: using miniaudio"]
    # The same session with its words: the set's name ("Tempo 1-0-1-0, set 1 of 1", about 2 s) over
    # the get-ready, the rep numbers and "up" on the phases, "Workout done." at the end.
    quiet, talking = loud_seconds(beeps_only), loud_seconds(spoken)
    assert talking > quiet + 2.0, (quiet, talking)


def test_without_a_speech_engine_the_voice_says_so_once_and_the_beeps_go_on(rig: PulseRig, tmp_path: Path):
    env = dict(rig.env, PATH=str(tmp_path / "no-engines"))
    run = subprocess.run([sys.executable, "-c", SESSION, "1-0-1-0", "1", "voice"], env=env, capture_output=True,
                         timeout=60, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    result = json.loads(run.stdout)
    assert result["backend"] == "miniaudio"
    assert sorted(result["messages"]) == [  # the two come from two threads, in either order
        "sound: using miniaudio", "voice: no speech engine found (espeak-ng on Linux, say on macOS); beeps only"]


LOSE = """
import json, time
from pathlib import Path
from pchain_tui.sound import SoundPlayer
from pchain_tui.storage import paths

messages = []
player = SoundPlayer(paths.sounds_dir(), None, lambda notice: messages.append(notice.text), ring=lambda: None)
assert player.wait_ready(10), messages
started_with = player.backend_name
Path("ready").write_text("1")
while not Path("gone").exists():
    time.sleep(0.05)
time.sleep(2.5)  # longer than the stall it takes to call a stream stopped
for name in ["tick", "lower", "lift"]:
    player.play(name)
    time.sleep(0.3)
player.drain(5)
player.close()
print(json.dumps({"started_with": started_with, "backend": player.backend_name, "messages": messages}))
"""


def test_when_the_sound_server_goes_away_the_player_says_so_and_falls_back(rig: PulseRig, tmp_path: Path):
    folder = tmp_path / "lose"
    folder.mkdir()
    env = dict(rig.env, PATH=str(tmp_path / "no-players"))  # no system player: the bell comes next
    env["PYTHONPATH"] = str(ROOT)  # run from its own folder, the package still from the checkout
    process = subprocess.Popen([sys.executable, "-c", LOSE], env=env, cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not (folder / "ready").exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        rig.stop_server()
        (folder / "gone").write_text("1")
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err.decode(errors="replace")
    result = json.loads(out)
    assert result["started_with"] == "miniaudio"
    assert result["backend"] == "bell"
    assert result["messages"][0] == "sound: using miniaudio"
    [change] = result["messages"][1:]
    assert change.startswith("sound: miniaudio failed (the output stream stopped")
    assert change.endswith("using bell")
