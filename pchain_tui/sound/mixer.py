"""The mixer behind the audio stream: cue sounds placed at exact frames, summed, never cut.

The stream asks for the next `n` frames again and again; `render` returns them with every voice
that falls in them, each starting at its own frame (sample-exact), overlapping voices summed and
clipped, speech ducking the beeps under it. Voices not started yet can be moved or dropped (a
pause, a skip, ±15 s of rest); a voice that has started plays to its end.

Mono, signed 16-bit. Pure Python with `array`: a cue is a few thousand samples, and most frames
have at most one voice in them, which is a copy, not a sum.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections.abc import Hashable
from dataclasses import dataclass

DUCKED = 0.35
"""How loud beeps are while speech plays over them."""


@dataclass
class Voice:
    """One sound placed on the timeline."""

    key: Hashable
    samples: array
    start: int
    """The frame it starts at."""
    speech: bool = False

    @property
    def end(self) -> int:
        """The frame after its last sample."""
        return self.start + len(self.samples)


class Mixer:
    """Voices on a frame timeline, rendered block by block. Thread-safe: the audio thread renders
    while the player's thread places and cancels."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._voices: dict[Hashable, Voice] = {}
        self._frame = 0
        """The next frame `render` will produce."""

    @property
    def frame(self) -> int:
        """The next frame to be rendered: a voice placed before it starts late (at it)."""
        with self._lock:
            return self._frame

    def place(self, key: Hashable, samples: array, start: int, *, speech: bool = False) -> int:
        """Put a sound at frame `start` (or at the next frame rendered, if that is later) under `key`,
        replacing a voice of that key that has not started. Returns the frame it will start at."""
        with self._lock:
            old = self._voices.get(key)
            if old is not None and old.start < self._frame:
                return old.start  # already sounding: never restarted or cut
            start = max(start, self._frame)
            self._voices[key] = Voice(key, samples, start, speech)
            return start

    def cancel(self, key: Hashable) -> bool:
        """Drop the voice under `key` if it has not started; True if one was dropped."""
        with self._lock:
            voice = self._voices.get(key)
            if voice is None or voice.start < self._frame:
                return False
            del self._voices[key]
            return True

    def sounding(self) -> bool:
        """True while a voice is playing or waiting."""
        with self._lock:
            return bool(self._voices)

    def render(self, n: int) -> bytes:
        """The next `n` frames as little-endian signed 16-bit mono."""
        with self._lock:
            first, last = self._frame, self._frame + n
            self._frame = last
            live = [v for v in self._voices.values() if v.start < last and v.end > first]
            for key in [k for k, v in self._voices.items() if v.end <= last]:
                del self._voices[key]
        if not live:
            return bytes(2 * n)
        out = array("h", bytes(2 * n))
        if len(live) == 1 and not live[0].speech:
            voice = live[0]
            a, b = max(first, voice.start), min(last, voice.end)
            out[a - first:b - first] = voice.samples[a - voice.start:b - voice.start]
            return out.tobytes()
        talking = any(v.speech for v in live)
        mix = [0.0] * n
        for voice in live:
            gain = DUCKED if talking and not voice.speech else 1.0
            a, b = max(first, voice.start), min(last, voice.end)
            samples, offset = voice.samples, voice.start
            for frame in range(a, b):
                mix[frame - first] += samples[frame - offset] * gain
        for i, value in enumerate(mix):
            out[i] = 32767 if value > 32767 else -32768 if value < -32768 else int(value)
        return out.tobytes()


def mono16(frames: bytes, channels: int, sample_width: int, volume: float = 1.0) -> array:
    """A sound's PCM (little-endian, as WAV stores it) as mono signed 16-bit samples in this
    machine's byte order (the first channel), scaled by `volume` (0-1)."""
    if sample_width != 2:
        raise ValueError(f"{8 * sample_width}-bit samples (16-bit expected)")
    samples = array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        samples = samples[::channels]
    if volume != 1.0:
        samples = array("h", (int(s * volume) for s in samples))
    return samples
