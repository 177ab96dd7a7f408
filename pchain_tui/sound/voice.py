"""Spoken prompts: short phrases rendered ahead of time by a speech engine, kept as samples.

`espeak-ng` (or `espeak`) on Linux, `say` on macOS. Each phrase is rendered once (about 0.1 s
with espeak-ng) and kept; the mixer plays it on the same stream as the beeps, which duck under it.
Rendering runs on the caller's thread: the player renders the phrases a session can say before
it starts, on its own thread, so a cue never waits for one.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import threading
import wave
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path

from pchain_tui.sound.mixer import mono16

ENGINES = ("espeak-ng", "espeak", "say")
"""Speech engines in the order they are looked for."""
RENDER_TIMEOUT = 5.0


class Voice:
    """Renders phrases to mono 16-bit samples at `rate`, once each."""

    def __init__(self, speed: int = 175, rate: int = 44100, volume: float = 1.0,
                 which: Callable[[str], str | None] = shutil.which) -> None:
        self.speed = speed
        self.rate = rate
        self.volume = volume
        self.engine = next((name for name in ENGINES if which(name)), None)
        """The engine found, or None: no voice (the player says so once)."""
        self._cache: dict[str, array | None] = {}
        self._lock = threading.Lock()

    def samples(self, text: str) -> array | None:
        """The phrase as samples (rendered now if it never was); None if it cannot be rendered."""
        with self._lock:
            if text in self._cache:
                return self._cache[text]
        rendered = self._render(text) if self.engine else None
        with self._lock:
            self._cache[text] = rendered
        return rendered

    def prerender(self, texts: Iterable[str]) -> None:
        """Render every phrase not rendered yet (call off any thread that must stay quick)."""
        for text in dict.fromkeys(texts):
            self.samples(text)

    def cached(self, text: str) -> array | None:
        """The phrase if it has been rendered, without rendering it."""
        with self._lock:
            return self._cache.get(text)

    def _render(self, text: str) -> array | None:
        try:
            wav = self._wav(text)
            with wave.open(io.BytesIO(wav), "rb") as reader:
                frames = reader.readframes(reader.getnframes())
                samples = mono16(frames, reader.getnchannels(), reader.getsampwidth(), self.volume)
                return resample(samples, reader.getframerate(), self.rate)
        except Exception:  # a broken engine costs its phrase, never a cue
            return None

    def _wav(self, text: str) -> bytes:
        if self.engine == "say":  # macOS: say writes a file, not to stdout
            with tempfile.TemporaryDirectory() as folder:
                out = Path(folder) / "phrase.wav"
                subprocess.run(["say", "-r", str(self.speed), "--file-format=WAVE", "--data-format=LEI16@22050",
                                "-o", str(out), text],
                               check=True, capture_output=True, timeout=RENDER_TIMEOUT)
                return out.read_bytes()
        run = subprocess.run([str(self.engine), "--stdout", "-s", str(self.speed), text], check=True,
                             capture_output=True, timeout=RENDER_TIMEOUT)
        return run.stdout


def resample(samples: array, source: int, target: int) -> array:
    """Linear interpolation from `source` to `target` frames per second (speech: 22050 to 44100)."""
    if source == target or not samples:
        return samples
    count = int(len(samples) * target / source)
    step, last = source / target, len(samples) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        position = i * step
        left = int(position)
        right = min(left + 1, last)
        fraction = position - left
        out[i] = int(samples[left] + (samples[right] - samples[left]) * fraction)
    return out
