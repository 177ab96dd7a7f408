"""A private PulseAudio server with a null sink, a recorder on its monitor, and onsets found to
the sample: to judge cues by what is heard. Used by test_sound_heard and bench/heard_cues.py.

The null sink runs on the system clock, as a desktop's sound card would, and the server is the
same PulseAudio a desktop runs (PipeWire answers clients the same way). Needs `pulseaudio` and
`parec` (Debian: pulseaudio, pulseaudio-utils); ALSA clients reach it through libasound2-plugins.
"""

from __future__ import annotations

import array
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

RATE = 44100
THRESHOLD = 600
"""An onset is the first sample louder than this (of 32767) after a silence."""
MIN_GAP = 0.1
"""Seconds of silence that separate two cues."""


def available() -> bool:
    """True when a PulseAudio server and parec can be run here."""
    return shutil.which("pulseaudio") is not None and shutil.which("parec") is not None


class PulseRig:
    """`with PulseRig(folder) as rig:` a server whose clients use `rig.env`; `rig.record(path)` records."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "native"
        self.env = dict(os.environ, PULSE_SERVER=f"unix:{self.socket}", PULSE_RUNTIME_PATH=str(folder / "run"),
                        PULSE_STATE_PATH=str(folder / "state"), HOME=str(folder))
        self.env.pop("ALSA_CONFIG_PATH", None)
        self._server: subprocess.Popen | None = None

    def __enter__(self) -> PulseRig:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "server.pa"
        config.write_text(f"load-module module-null-sink sink_name=rec rate={RATE} channels=1\n"
                          f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1\n"
                          "set-default-sink rec\n")
        # ALSA programs (aplay, simpleaudio) go to the server too, as on a desktop.
        (self.folder / ".asoundrc").write_text("pcm.!default { type pulse }\nctl.!default { type pulse }\n")
        self._server = subprocess.Popen(
            # No shared memory: with memfd blocks passed between a player and the recorder, PulseAudio
            # 16 aborts now and then ("Assertion 'n_imported > 0' failed", its issue 824); over the
            # socket it does not, and the samples are the same.
            ["pulseaudio", "-n", "-F", str(config), "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes",
             f"--log-target=file:{self.folder / 'server.log'}"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._server.poll() is not None:
                raise RuntimeError(f"pulseaudio exited: {(self.folder / 'server.log').read_text()[-500:]}")
            ready = subprocess.run(["pactl", "info"], env=self.env, capture_output=True, timeout=5)
            if ready.returncode == 0:
                return self
            time.sleep(0.1)
        raise RuntimeError("pulseaudio did not start within 10 s")

    def __exit__(self, *exc_info: object) -> None:
        self.stop_server()

    def stop_server(self) -> None:
        """Kill the server (as a crashed or restarted desktop sound server would go)."""
        if self._server is not None and self._server.poll() is None:
            self._server.send_signal(signal.SIGKILL)
            self._server.wait(5)

    @contextmanager
    def record(self, path: Path):
        """Record the sink's monitor into `path` (raw signed 16-bit mono) while the block runs."""
        with path.open("wb") as out:
            recorder = subprocess.Popen(
                ["parec", "-d", "rec.monitor", "--format=s16le", f"--rate={RATE}", "--channels=1",
                 "--latency-msec=20"], env=self.env, stdout=out, stderr=subprocess.DEVNULL)
            time.sleep(0.3)  # the recorder is connected before anything plays
            try:
                yield
            finally:
                time.sleep(0.3)
                recorder.terminate()
                recorder.wait(5)


def onsets(path: Path, threshold: int = THRESHOLD, min_gap: float = MIN_GAP) -> list[int]:
    """The sample index of each sound's first loud sample in a raw recording."""
    samples = array.array("h")
    samples.frombytes(path.read_bytes()[: (path.stat().st_size // 2) * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    found, last_loud, gap = [], -10**12, int(min_gap * RATE)
    for index, value in enumerate(samples):
        if value > threshold or value < -threshold:
            if index - last_loud > gap:
                found.append(index)
            last_loud = index
    return found
