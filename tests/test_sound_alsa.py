"""Real ALSA: the bundled sounds reach an ALSA PCM intact, and a machine without a usable device
falls back quietly, with not one byte of alsa-lib's complaints on stderr (Textual's screen).

alsa-lib reads its configuration once per process, so every scenario runs in a subprocess with
ALSA_CONFIG_PATH pointing at a configuration written by the test. That configuration is the
whole of it, on purpose: including the system's alsa.conf would run its load hooks, which read
~/.asoundrc, /etc/asound.conf and /etc/alsa/conf.d *after* our file, and any `pcm.!default` in
them (PipeWire's or PulseAudio's ALSA plugin installs one) would silently win. The `file` and
`null` plugins are built into alsa-lib and need no definitions from alsa.conf.

CI installs libasound2-dev and alsa-utils and builds simpleaudio: there (CI set), a missing
simpleaudio or aplay fails these tests; on a developer's machine it skips them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from pchain_tui.domain.session.cues import Cue
from pchain_tui.storage import paths

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ALSA is Linux-only")

ROOT = Path(__file__).resolve().parent.parent
CUE_NAMES = [cue.value for cue in Cue]
TIMEOUT = 120
"""Bound on each subprocess; the real work takes well under a second per scenario."""

APLAY_PERIOD_FRAMES = 5512
"""aplay writes whole periods, padding its last one with silence. Its default period is a
quarter of its 500 ms buffer: 125 ms, 5512 frames at 44.1 kHz (measured with this config)."""

CAPTURE_CONFIG = """\
pcm.!default {{
    type file
    slave.pcm {{ type null }}
    file "{capture}"
    format "raw"
}}
"""
"""The default PCM writes everything played to `capture`, as raw PCM, and discards it."""

NO_DEVICE_CONFIG = """\
pcm.!default { type hw card "pchain_no_such_card" }
ctl.!default { type hw card "pchain_no_such_card" }
"""
"""The default PCM is a sound card that does not exist: every open fails, and alsa-lib says so
on stderr ("ALSA lib confmisc.c:...: Cannot get card index for pchain_no_such_card")."""


def require(what: str, present: bool, how: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail when it is missing on CI."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing on CI: {how}")
    pytest.skip(f"{what} is not installed ({how})")


def has_simpleaudio() -> bool:
    run = subprocess.run([sys.executable, "-c", "import simpleaudio"], capture_output=True, timeout=TIMEOUT)
    return run.returncode == 0


@pytest.fixture
def need_simpleaudio() -> None:
    if sys.version_info >= (3, 12):
        pytest.skip("simpleaudio is not offered on Python 3.12+ (it crashes the interpreter there)")
    require("simpleaudio", has_simpleaudio(), "apt-get install libasound2-dev; pip install 'pchain-tui[audio]'")


@pytest.fixture
def need_aplay() -> None:
    require("aplay", shutil.which("aplay") is not None, "apt-get install alsa-utils")


def alsa_env(tmp_path: Path, config: str, path: str | None = None) -> dict[str, str]:
    """The environment for a subprocess that sees only our ALSA configuration."""
    config_file = tmp_path / "asoundrc"
    config_file.write_text(config)
    home = tmp_path / "home"  # no ~/.asoundrc of the developer's can creep in
    home.mkdir(exist_ok=True)
    env = dict(os.environ, ALSA_CONFIG_PATH=str(config_file), HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               PULSE_SERVER=str(tmp_path / "no-pulse-server"))  # miniaudio must find no sound server either
    if path is not None:
        env["PATH"] = path
    return env


def run_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run `code` in a fresh interpreter, in its own session (so no terminal bell can ring)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
        start_new_session=True,
        cwd=ROOT,
    )


def wav_samples(name: str) -> bytes:
    with wave.open(str(paths.sounds_dir() / f"{name}.wav"), "rb") as wav:
        return wav.readframes(wav.getnframes())


# -- playing through the file plugin ----------------------------------------------------------------

PLAY_EACH = """
import json, shutil, sys, time
from pathlib import Path
from pchain_tui.storage import paths
from pchain_tui.sound import SoundPlayer

backend, capture, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
messages = []
player = SoundPlayer(paths.sounds_dir(), backend, lambda notice: messages.append(notice.text))
while not messages:  # the player says which backend it chose
    time.sleep(0.01)
result = {"backend": player.backend_name, "messages": messages, "drained": []}
if player.backend_name == backend:
    for name in json.loads(sys.argv[4]):
        player.play(name)
        # Test only: let this sound finish (each open of the file PCM starts the file afresh).
        result["drained"].append(player.drain(30))
        shutil.copyfile(capture, out / f"{name}.raw")
player.close()
print(json.dumps(result))
"""


def play_each(tmp_path: Path, backend: str) -> tuple[dict, Path]:
    capture, out = tmp_path / "capture.raw", tmp_path / "captured"
    out.mkdir()
    env = alsa_env(tmp_path, CAPTURE_CONFIG.format(capture=capture))
    run = run_python(PLAY_EACH, env, backend, str(capture), str(out), json.dumps(CUE_NAMES))
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert run.stderr == b""
    result = json.loads(run.stdout)
    assert result["backend"] == backend, result["messages"]
    assert result["messages"] == [f"sound: using {backend}"]
    assert result["drained"] == [True] * len(CUE_NAMES)
    return result, out


def test_simpleaudio_delivers_exactly_the_wav_samples(tmp_path: Path, need_simpleaudio):
    _, captured = play_each(tmp_path, "simpleaudio")
    for name in CUE_NAMES:
        # simpleaudio writes the buffer and nothing else: the capture is the samples, exactly.
        assert (captured / f"{name}.raw").read_bytes() == wav_samples(name), name


def test_aplay_delivers_the_wav_samples_padded_to_whole_periods(tmp_path: Path, need_aplay):
    _, captured = play_each(tmp_path, "aplay")
    period = APLAY_PERIOD_FRAMES * 2  # bytes: 16-bit mono
    for name in CUE_NAMES:
        expected, got = wav_samples(name), (captured / f"{name}.raw").read_bytes()
        assert got[: len(expected)] == expected, name
        assert got[len(expected) :] == bytes(len(got) - len(expected)), f"{name}: the padding is silence"
        assert len(got) == -(-len(expected) // period) * period, f"{name}: padded to the next whole period only"


# -- no usable device ---------------------------------------------------------------------------------

NO_DEVICE = """
import json, sys, time
from pathlib import Path
from pchain_tui.storage import paths
from pchain_tui.sound import SoundPlayer

config, lose_device_after_start = Path(sys.argv[1]), sys.argv[2] == "lose"
forced = sys.argv[4] if len(sys.argv) > 4 else None
messages, rings = [], []
player = SoundPlayer(paths.sounds_dir(), forced, lambda notice: messages.append(notice.text),
                     ring=lambda: rings.append(1))
while not messages:  # the player says which backend it chose
    time.sleep(0.01)
started_with = player.backend_name
if lose_device_after_start:
    config.write_text(sys.argv[3])  # alsa-lib rereads a changed config at the next open
longest = 0.0
for name in ["tick", "lower", "pause", "lift", "rep", "done"]:
    begin = time.perf_counter()
    player.play(name)
    longest = max(longest, time.perf_counter() - begin)
drained = player.drain(30)
player.close()
print(json.dumps({"started_with": started_with, "backend": player.backend_name, "messages": messages,
                  "rings": len(rings), "longest_play": longest, "drained": drained}))
"""


def only_aplay_on_path(tmp_path: Path) -> str:
    """A PATH with aplay (if installed) and no other player: the chain is simpleaudio, aplay, bell."""
    folder = tmp_path / "bin"
    folder.mkdir()
    aplay = shutil.which("aplay")
    if aplay:
        (folder / "aplay").symlink_to(aplay)
    return str(folder)


def test_control_alsa_lib_really_complains_about_this_config(tmp_path: Path, need_simpleaudio):
    """Without pchain's silencing, the no-device config puts "ALSA lib" lines on stderr; so the
    tests below that find stderr empty show the silencing works, not a quiet config."""
    code = "import simpleaudio\ntry: simpleaudio.play_buffer(bytes(88), 1, 2, 44100)\nexcept Exception: pass\n"
    run = run_python(code, alsa_env(tmp_path, NO_DEVICE_CONFIG))
    assert b"ALSA lib " in run.stderr


def test_with_no_device_it_falls_back_to_the_bell_in_silence(tmp_path: Path, need_aplay):
    env = alsa_env(tmp_path, NO_DEVICE_CONFIG, path=only_aplay_on_path(tmp_path))
    run = run_python(NO_DEVICE, env, str(tmp_path / "asoundrc"), "from-start")
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert run.stderr == b"", "nothing may reach the terminal Textual draws on"
    result = json.loads(run.stdout)
    assert result["backend"] == "bell"
    [message] = result["messages"]
    # The default stream first (no server, no card: it cannot open), then simpleaudio where it is
    # installed (Python < 3.12), then aplay; each failure said once, in one line.
    assert message.startswith("sound: miniaudio failed (cannot open an output stream: failed to init device, error ")
    if has_simpleaudio():
        assert "; simpleaudio failed (Error opening PCM device" in message
    assert message.endswith("; aplay failed (exited with status 1); using bell")
    assert result["rings"] == 6 and result["drained"]
    assert result["longest_play"] < 0.5, "play() only queues the cue (a loose bound: it takes microseconds)"


def test_losing_the_device_mid_session_falls_back_in_silence(tmp_path: Path, need_simpleaudio, need_aplay):
    """simpleaudio (chosen) passes its probe, then the device goes away: the in-process alsa-lib fails
    to open it, with its messages silenced, and the player moves on. (The default stream keeps the
    device it opened, so it would not notice this; test_sound_heard loses its server instead.)"""
    capture = tmp_path / "capture.raw"
    env = alsa_env(tmp_path, CAPTURE_CONFIG.format(capture=capture), path=only_aplay_on_path(tmp_path))
    run = run_python(NO_DEVICE, env, str(tmp_path / "asoundrc"), "lose", NO_DEVICE_CONFIG, "simpleaudio")
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert run.stderr == b"", "nothing may reach the terminal Textual draws on"
    result = json.loads(run.stdout)
    assert result["started_with"] == "simpleaudio"
    assert result["backend"] == "bell"
    assert result["messages"][0] == "sound: using simpleaudio"
    [change] = result["messages"][1:]
    assert change.startswith("sound: simpleaudio failed (Error opening PCM device")
    assert change.endswith("; aplay failed (exited with status 1); using bell")
    assert result["rings"] == 6, "the cue that failed is rung, and every one after it"
    assert result["longest_play"] < 0.5
