"""Driving the app in tests: a fake clock, no cue thread, a sound player that records."""

from __future__ import annotations

from pathlib import Path

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.settings import Settings
from pchain_tui.services.container import Services
from pchain_tui.services.live_session import LiveSession
from pchain_tui.services.notices import Notices
from pchain_tui.ui.app import AppOptions, PchainApp


class RecordingSound:
    """Remembers what it was asked to play."""

    def __init__(self) -> None:
        self.played: list[str] = []
        self.said: list[str] = []

    def play(self, name: str, key=None, words=None) -> None:
        """Record the cue's name (and what a voice would say)."""
        self.played.append(name)
        if words:
            self.said.append(words)

    def prepare_speech(self, phrases) -> None:
        """Remember what would be rendered."""
        self.phrases = list(phrases)

    def expect(self, cues) -> None:
        """Remember what was expected last (a stream would place these ahead)."""
        self.expected = list(cues)

    latency = 0.0
    """Nothing is buffered."""

    def wait_ready(self, timeout: float) -> bool:
        """Ready at once."""
        return True

    def drain(self, timeout: float) -> bool:
        """Nothing plays for real."""
        return True

    def close(self) -> None:
        """Nothing to release."""


def make_app(tmp_path: Path, *, history=None, settings: Settings | None = None, clock: FakeClock | None = None,
             notices: Notices | None = None, **options) -> tuple[PchainApp, FakeClock, RecordingSound]:
    """An app on a fake clock with a recording sound player (and a history when given one)."""
    clock = clock or FakeClock()
    sound = RecordingSound()
    user_dir = tmp_path / "routines"
    user_dir.mkdir(exist_ok=True)
    services = Services(clock, settings or Settings(), sound, history)
    app = PchainApp(AppOptions(user_dir=user_dir, cue_thread=False, **options), services, notices)
    return app, clock, sound


def play_due(live: LiveSession) -> None:
    """Play the cues due by now, as the cue thread would (it is off in tests)."""
    while (at := live.next_cue_at()) is not None and at <= live.clock.now():
        live.scheduler.step()


async def settle(pilot) -> None:
    """Let the workers (history reads) finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def advance(pilot, seconds: float, step: float | None = None) -> None:
    """Move the fake clock on, playing due cues and repainting as the real app would.

    Without `step`, time jumps from one cue to the next (every change on screen comes with a cue),
    so a long rest costs a handful of repaints, not one per second."""
    app = pilot.app
    clock = app.services.clock
    end = clock.now() + seconds
    while clock.now() < end - 1e-9:
        screen = _workout(app)
        live = screen.live if screen is not None else None
        target = end if step is None else min(end, clock.now() + step)
        if step is None and live is not None:
            at = live.next_cue_at()
            if at is not None and clock.now() < at < target:
                target = at
        clock.advance(target - clock.now())
        if live is not None:
            play_due(live)
            screen.repaint()
    await pilot.pause()


def _workout(app):
    from pchain_tui.ui.screens.workout import WorkoutScreen

    return next((s for s in reversed(app.screen_stack) if isinstance(s, WorkoutScreen)), None)


def workout(app):
    """The workout screen (under any dialog)."""
    screen = _workout(app)
    assert screen is not None, f"no workout screen; on {app.screen!r}"
    return screen


def text_of(screen, selector: str) -> str:
    """The plain text a Static shows."""
    return str(screen.query_one(selector).content)
