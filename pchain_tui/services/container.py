"""The services the app runs with, built once: the clock, the settings, sound and history."""

from __future__ import annotations

from dataclasses import dataclass, field

from pchain_tui.domain.clock import Clock, SystemClock
from pchain_tui.domain.session.spoken import Speech
from pchain_tui.domain.settings import Settings
from pchain_tui.services.alerts import Alerts
from pchain_tui.services.ports import Alerter, History, Sound


@dataclass(frozen=True)
class Services:
    """Everything beyond the screen. One clock serves them all, so tests move them all at once."""

    clock: Clock = field(default_factory=SystemClock)
    """The only source of time: deadlines (`now`) and timestamps (`wall`)."""
    settings: Settings = field(default_factory=Settings)
    sound: Sound | None = None
    """None: no sound at all (`--no-sound`); cues flash the screen instead."""
    history: History | None = None
    """None: nothing is kept (the tempo metronome, some tests)."""
    speech: Speech | None = None
    """What the voice says (`--voice`); None: beeps only."""
    alerts: Alerter | None = None
    """Alerts when a rest or hold ends and the terminal is behind; None: the terminal's, made from
    the settings."""

    def alerter(self) -> Alerter:
        """The alerts to raise: the ones given, else the terminal's (and notify-send if set)."""
        return self.alerts if self.alerts is not None else Alerts(self.settings.desktop_notifications)

    def close(self) -> bool:
        """Save what is left, let the last cue finish and release the device; True when no set is
        left unsaved."""
        saved = self.history.close() if self.history is not None else True
        if self.sound is not None:
            self.sound.drain(1.0)  # the last cue ("done") is worth hearing
            self.sound.close()
        return saved
