"""Driving the app in tests: a fake clock, no cue thread, a sound player that records."""

from __future__ import annotations

from pathlib import Path

from pchain_tui.domain.clock import FakeClock
from pchain_tui.ui.app import AppOptions, PchainApp


class RecordingSound:
    """Remembers what it was asked to play."""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        """Record the cue's name."""
        self.played.append(name)


def make_app(tmp_path: Path, **changes) -> tuple[PchainApp, FakeClock, RecordingSound]:
    """An app on a fake clock with a recording sound player."""
    clock = FakeClock()
    sound = RecordingSound()
    user_dir = tmp_path / "routines"
    user_dir.mkdir(exist_ok=True)
    options = AppOptions(user_dir=user_dir, sound=sound, clock=clock, cue_thread=False, **changes)
    return PchainApp(options), clock, sound


async def advance(pilot, seconds: float, step: float = 0.5) -> None:
    """Move the fake clock on, playing due cues and repainting as the real app would."""
    app = pilot.app
    clock = app.options.clock
    steps = max(1, round(seconds / step))
    for _ in range(steps):
        clock.advance(seconds / steps)
        screen = _workout(app)
        if screen is not None:
            screen.live.deliver_due()
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
