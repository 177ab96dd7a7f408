"""The bundled cue sounds: what tools/make_sounds.py makes, byte for byte, in the promised format."""

from __future__ import annotations

import struct
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from pchain_tui.domain.session.cues import Cue
from pchain_tui.sound import load_sounds
from pchain_tui.storage import paths

ROOT = Path(__file__).resolve().parent.parent
SOUNDS = ROOT / "sounds"
CUE_NAMES = sorted(cue.value for cue in Cue)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sounds made afresh by the script, in a folder of their own."""
    folder = tmp_path_factory.mktemp("regenerated")
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_sounds.py"), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return folder


def samples(path: Path) -> list[int]:
    with wave.open(str(path), "rb") as wav:
        data = wav.readframes(wav.getnframes())
    return list(struct.unpack(f"<{len(data) // 2}h", data))


def test_there_is_one_sound_per_cue_and_no_other():
    assert sorted(p.stem for p in SOUNDS.glob("*.wav")) == CUE_NAMES


def test_the_script_makes_exactly_the_committed_files(regenerated: Path):
    made = sorted(p.name for p in regenerated.iterdir())
    assert made == sorted(f"{name}.wav" for name in CUE_NAMES)
    for name in made:
        same = (regenerated / name).read_bytes() == (SOUNDS / name).read_bytes()
        assert same, f"{name} differs from what tools/make_sounds.py makes: rerun it"


@pytest.mark.parametrize("name", CUE_NAMES)
def test_format_and_length(name: str):
    with wave.open(str(SOUNDS / f"{name}.wav"), "rb") as wav:
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (44100, 2, 1)
        seconds = wav.getnframes() / wav.getframerate()
    assert 0.03 <= seconds <= (0.060 if name == "tick" else 0.8)


@pytest.mark.parametrize("name", CUE_NAMES)
def test_level_and_clean_edges(name: str):
    values = samples(SOUNDS / f"{name}.wav")
    peak = max(abs(v) for v in values) / 32768
    assert 0.3 <= peak <= 0.9, "peaks sit between about -10 and -1 dBFS (most at -3)"
    # 5 ms fades: silent at both ends, and no jump in the first and last millisecond.
    assert values[0] == 0 and values[-1] == 0
    edge = 44
    assert max(abs(v) for v in values[:edge] + values[-edge:]) < 0.25 * 32768


def pitch(values: list[int]) -> float:
    """Zero crossings per sample: a rough pitch that is enough to tell up from down."""
    return sum(1 for a, b in zip(values, values[1:], strict=False) if (a < 0) != (b < 0)) / len(values)


def test_lower_falls_and_lift_rises():
    lower, lift = samples(SOUNDS / "lower.wav"), samples(SOUNDS / "lift.wav")
    quarter = len(lower) // 4
    assert pitch(lower[:quarter]) > 1.5 * pitch(lower[-quarter:])
    assert pitch(lift[-quarter:]) > 1.5 * pitch(lift[:quarter])


def test_set_start_chimes_up_and_set_end_chimes_down():
    start, end = samples(SOUNDS / "set-start.wav"), samples(SOUNDS / "set-end.wav")
    first, last = slice(441, 5292), slice(-8820, -441)  # inside the first note / the last note
    assert pitch(start[last]) > pitch(start[first])
    assert pitch(end[last]) < pitch(end[first])


def test_every_sound_is_different():
    contents = {(SOUNDS / f"{name}.wav").read_bytes() for name in CUE_NAMES}
    assert len(contents) == len(CUE_NAMES)


def test_the_app_finds_and_loads_them():
    sounds, problems = load_sounds(paths.sounds_dir())
    assert not problems
    assert sorted(sounds) == CUE_NAMES
    assert all(s.rate == 44100 and s.channels == 1 and s.sample_width == 2 for s in sounds.values())
    assert sounds["tick"].duration == pytest.approx(0.040)
