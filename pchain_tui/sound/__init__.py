"""Sound for cues: the bundled WAVs, the backends that play them, and the player that picks one.

    player = SoundPlayer(paths.sounds_dir(), backend=None, notify=say)
    player.play("lower")      # returns at once; never raises
    player.close()

Free of Textual, so it works (and is tested) without the app.
"""

from pchain_tui.sound.alsa import silence_alsa_errors
from pchain_tui.sound.backends import AUTO_ORDER, BACKEND_CHOICES, Backend, BackendFailed, BackendUnavailable
from pchain_tui.sound.bank import Sound, load_sounds
from pchain_tui.sound.player import SoundPlayer

__all__ = [
    "AUTO_ORDER",
    "BACKEND_CHOICES",
    "Backend",
    "BackendFailed",
    "BackendUnavailable",
    "Sound",
    "SoundPlayer",
    "load_sounds",
    "silence_alsa_errors",
]
