"""The cue sounds, read once from their WAV files into memory."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sound:
    """One cue sound: where it came from and its PCM samples."""

    name: str
    """The cue's name, the file's stem (`tick` for tick.wav)."""
    path: Path
    """The WAV file: system players are handed this path."""
    frames: bytes
    """Interleaved PCM samples, little-endian, as stored in the file."""
    channels: int
    sample_width: int
    """Bytes per sample (2 for 16-bit)."""
    rate: int
    """Frames per second."""

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.frames) / (self.channels * self.sample_width * self.rate)


def load_sounds(folder: Path) -> tuple[dict[str, Sound], list[str]]:
    """Every `*.wav` in `folder` by name, and a line for each file that could not be read.

    A missing folder is one problem, not an exception: sound must never stop the app.
    """
    sounds: dict[str, Sound] = {}
    problems: list[str] = []
    try:
        paths = sorted(Path(folder).glob("*.wav"))
    except (OSError, TypeError) as error:
        return {}, [f"cannot list {folder}: {error}"]
    if not paths:
        problems.append(f"no WAV files in {folder}")
    for path in paths:
        try:
            with wave.open(str(path), "rb") as wav:
                sounds[path.stem] = Sound(
                    name=path.stem,
                    path=path,
                    frames=wav.readframes(wav.getnframes()),
                    channels=wav.getnchannels(),
                    sample_width=wav.getsampwidth(),
                    rate=wav.getframerate(),
                )
        except Exception as error:  # a damaged file loses its cue, not the app
            problems.append(f"cannot read {path.name}: {error}")
    return sounds, problems
