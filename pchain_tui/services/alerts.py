"""Alerts for someone who looked away: when a rest or a hold ends while the terminal is not in
front, a terminal notification (OSC 9 and OSC 777, which many terminals turn into a desktop
notification: iTerm2, kitty, WezTerm, Windows Terminal, foot, VTE-based ones), the bell, and,
if turned on, `notify-send`.

The escape sequences go to the controlling terminal (/dev/tty), the one Textual draws on; they
print nothing. Everything runs on a short-lived thread, so the UI never waits on the terminal or
on notify-send, and nothing here ever raises.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable

ESCAPE = "\x1b"
BEL = "\x07"


def notification_sequences(title: str, body: str) -> str:
    """OSC 9 (body) and OSC 777 (title and body), then the bell. Control characters and the
    separators of OSC 777 are taken out of the text, so it cannot end the sequence early."""
    def clean(text: str) -> str:
        return "".join(c for c in text if c.isprintable() and c != ";")

    title, body = clean(title), clean(body)
    return f"{ESCAPE}]9;{title}: {body}{BEL}{ESCAPE}]777;notify;{title};{body}{BEL}{BEL}"


class Alerts:
    """Raises an alert on the terminal (and the desktop, when asked)."""

    def __init__(self, desktop: bool = False, tty: str = "/dev/tty",
                 spawn: Callable[[list[str]], object] | None = None) -> None:
        self._desktop = desktop
        self._tty = tty
        self._spawn = spawn or _spawn_detached

    def alert(self, title: str, body: str) -> None:
        """Send the alert; return at once."""
        threading.Thread(target=self._send, args=(title, body), name="pchain-alert", daemon=True).start()

    def _send(self, title: str, body: str) -> None:
        try:
            with open(self._tty, "w", encoding="utf-8") as terminal:
                terminal.write(notification_sequences(title, body))
        except OSError:
            pass  # no terminal (a test, a pipe): the other ways still go
        if self._desktop and shutil.which("notify-send"):
            try:
                self._spawn(["notify-send", "--app-name=pchain", title, body])
            except Exception:
                pass


def _spawn_detached(command: list[str]) -> object:
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
