#!/usr/bin/env python3
"""Synthesise pchain's cue sounds: short, distinct, 44.1 kHz 16-bit mono WAVs.

    python tools/make_sounds.py [OUTPUT_DIR]      # default: sounds/ beside this folder

Every sound is made here from sine partials, so its origin is clean and it can be remade at
will; `tests/test_sounds.py` checks that the committed files are byte for byte what this
script writes. Standard library only.

Determinism: the samples are computed with +, -, * and / alone (a polynomial sine, power
envelopes by repeated multiplication), never with `math.sin`, `math.exp` or `**` on floats.
IEEE 754 rounds those four operations exactly the same everywhere, whereas libm's
transcendental functions may differ in the last bit between platforms, which could flip a
rounded sample and break the byte-for-byte check.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 44100
"""Samples per second."""
FADE = 221
"""Samples in each 5 ms fade-in and fade-out (5 ms at 44.1 kHz, rounded up), to avoid clicks."""

_PI = 3.141592653589793
_TWO_PI = 6.283185307179586
_HALF_PI = 1.5707963267948966

# Note frequencies (Hz), written out rather than computed from 2 ** (n / 12) (see above).
G4, C5, D5, E5, G5, A5, B5, C6, E6 = 392.0, 523.25, 587.33, 659.26, 783.99, 880.0, 987.77, 1046.5, 1318.51


_SIN_TAYLOR = (
    -1.0 / 1307674368000,
    1.0 / 6227020800,
    -1.0 / 39916800,
    1.0 / 362880,
    -1.0 / 5040,
    1.0 / 120,
    -1.0 / 6,
    1.0,
)
"""Taylor coefficients of sin(x) / x in powers of x^2, from x^14 down to x^0."""


def _sin(x: float) -> float:
    """sin(x) from a Taylor polynomial after range reduction: exact to ~1e-11, same bits everywhere."""
    x -= math.floor(x / _TWO_PI + 0.5) * _TWO_PI  # now in [-pi, pi]
    if x > _HALF_PI:
        x = _PI - x
    elif x < -_HALF_PI:
        x = -_PI - x
    x2 = x * x
    acc = 0.0
    for coefficient in _SIN_TAYLOR:  # Horner's rule, highest power first
        acc = acc * x2 + coefficient
    return x * acc


def _power(x: float, n: int) -> float:
    """x ** n for a small whole n, by repeated multiplication (see the module docstring)."""
    result = 1.0
    for _ in range(n):
        result *= x
    return result


def _samples(seconds: float) -> int:
    return int(seconds * RATE + 0.5)


def _fade(i: int, n: int) -> float:
    """Linear 5 ms ramps at both ends of a note: its first and last samples are 0."""
    return min(1.0, i / FADE, (n - 1 - i) / FADE)


def note(
    freq: float,
    seconds: float,
    partials: tuple[tuple[float, float], ...] = ((1.0, 1.0),),
    decay: int = 0,
    end_freq: float | None = None,
) -> list[float]:
    """One note: partials as (frequency multiple, amplitude), an optional (1 - t)^decay fall-off,
    and an optional linear glide from `freq` to `end_freq` over the note."""
    n = _samples(seconds)
    glide = 0.0 if end_freq is None else (end_freq - freq) / (2.0 * seconds)
    out = []
    for i in range(n):
        t = i / RATE
        # Phase of a linear sweep is the integral of its frequency: f0*t + (f1-f0)*t^2/(2T).
        cycles = freq * t + glide * t * t
        value = 0.0
        for multiple, amplitude in partials:
            value += amplitude * _sin(_TWO_PI * multiple * cycles)
        envelope = _fade(i, n)
        if decay:
            envelope *= _power(1.0 - i / n, decay)
        out.append(value * envelope)
    return out


def mix(total_seconds: float, *parts: tuple[float, list[float]]) -> list[float]:
    """Notes laid at their start times (seconds) into one buffer of `total_seconds`."""
    out = [0.0] * _samples(total_seconds)
    for start, samples in parts:
        offset = _samples(start)
        for i, value in enumerate(samples):
            out[offset + i] += value
    return out


def to_pcm(samples: list[float], peak: float) -> bytes:
    """Scale so the loudest sample sits at `peak` (of full scale), round to 16-bit little-endian."""
    scale = peak * 32767 / max(abs(v) for v in samples)
    ints = [int(math.floor(v * scale + 0.5)) for v in samples]
    return struct.pack(f"<{len(ints)}h", *ints)


BELL = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.2, 0.06))
"""A bright chime: harmonics plus a slightly inharmonic top partial."""
SQUARISH = ((1.0, 1.0), (3.0, 0.33), (5.0, 0.2), (7.0, 0.14))
"""Odd harmonics: a buzzy, attention-getting tone."""
WARM = ((1.0, 1.0), (2.0, 0.25), (3.0, 0.1))


def cue_tick() -> list[float]:
    """A very short high click (40 ms): the seconds of a countdown."""
    return note(2400.0, 0.040, ((1.0, 1.0), (2.3, 0.4)), decay=3)


def cue_set_start() -> list[float]:
    """A bright two-note rising chime."""
    return mix(0.46, (0.0, note(E5, 0.30, BELL, decay=2)), (0.14, note(B5, 0.32, BELL, decay=2)))


def cue_lower() -> list[float]:
    """A falling pitch sweep: start of the eccentric (lowering) phase."""
    return note(880.0, 0.40, WARM, end_freq=440.0)


def cue_pause() -> list[float]:
    """Two soft short blips at one pitch."""
    blip = note(660.0, 0.07, WARM)
    return mix(0.20, (0.0, blip), (0.13, blip))


def cue_lift() -> list[float]:
    """A rising pitch sweep: start of the concentric (lifting) phase."""
    return note(440.0, 0.40, WARM, end_freq=880.0)


def cue_hold() -> list[float]:
    """A steady mid tone."""
    return note(D5, 0.50, WARM)


def cue_rep() -> list[float]:
    """A short woodblock-like knock: a rep counted."""
    return note(950.0, 0.08, ((1.0, 1.0), (2.32, 0.5), (3.6, 0.25)), decay=5)


def cue_set_end() -> list[float]:
    """A two-note falling chime."""
    return mix(0.46, (0.0, note(B5, 0.30, BELL, decay=2)), (0.14, note(E5, 0.32, BELL, decay=2)))


def cue_rest_end() -> list[float]:
    """A louder three-note rising arpeggio: rest is over, get ready."""
    return mix(
        0.55,
        (0.0, note(E5, 0.13, SQUARISH)),
        (0.13, note(A5, 0.13, SQUARISH)),
        (0.26, note(E6, 0.29, SQUARISH, decay=1)),
    )


def cue_switch() -> list[float]:
    """Two tones alternating high-low-high-low: switch sides."""
    high, low = note(1000.0, 0.085, WARM), note(700.0, 0.085, WARM)
    return mix(0.40, (0.0, high), (0.10, low), (0.20, high), (0.30, low))


def cue_done() -> list[float]:
    """A short major-chord fanfare: the workout is finished."""
    chord = [sum(v) / 2 for v in zip(*(note(f, 0.48, WARM, decay=1) for f in (C5, E5, G5, C6)), strict=True)]
    return mix(0.74, (0.0, note(G4, 0.12, BELL)), (0.12, note(C5, 0.12, BELL)), (0.26, chord))


# Peak levels as fractions of full scale (10 ** (dBFS / 20), written out: see the docstring).
MINUS_1_DB, MINUS_3_DB, MINUS_4_DB, MINUS_9_DB = 0.8913, 0.7079, 0.6310, 0.3548

CUES = {
    "tick": (cue_tick, MINUS_3_DB),
    "set-start": (cue_set_start, MINUS_3_DB),
    "lower": (cue_lower, MINUS_3_DB),
    "pause": (cue_pause, MINUS_9_DB),  # "soft": it marks a still moment
    "lift": (cue_lift, MINUS_3_DB),
    "hold": (cue_hold, MINUS_4_DB),  # a long steady tone sounds louder than a blip at the same peak
    "rep": (cue_rep, MINUS_3_DB),
    "set-end": (cue_set_end, MINUS_3_DB),
    "rest-end": (cue_rest_end, MINUS_1_DB),  # louder: it calls the person back from rest
    "switch": (cue_switch, MINUS_3_DB),
    "done": (cue_done, MINUS_3_DB),
}
"""Each cue's maker and peak level; the names are the engine's `Cue` values."""


def write_wav(path: Path, pcm: bytes) -> None:
    """A 44.1 kHz, 16-bit, mono WAV. The wave module writes no timestamps, so equal PCM
    makes an equal file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)


def main(argv: list[str]) -> int:
    """Write every cue into the folder given, or into the repository's sounds/."""
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "sounds"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (make, peak) in CUES.items():
        path = folder / f"{name}.wav"
        write_wav(path, to_pcm(make(), peak))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
