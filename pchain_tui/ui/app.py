"""The pchain Textual app: wires the options, the sound and the history to the screens."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from pchain_tui.domain.clock import Clock, SystemClock

if TYPE_CHECKING:
    from pchain_tui.domain.model import Routine
    from pchain_tui.notices import Notices


@dataclass
class Services:
    """What the app needs beyond the screen, started after the first paint (they cost start-up time)."""

    sound: object | None
    history: object | None
    keymap: dict[str, str] = field(default_factory=dict)


@dataclass
class AppOptions:
    """How the app was started."""

    user_dir: Path
    """The user's routines folder."""
    routine: Routine | None = None
    """Open this routine's overview instead of the picker (`pchain run`)."""
    sound: object | None = None
    """The sound player (anything with `play(name)`), or None for silence."""
    flash: bool = False
    """Flash the screen on every cue (always on when there is no sound)."""
    history: object | None = None
    """Where finished sets are saved (see LiveSession's SetLog); None keeps nothing."""
    policy_factory: Callable[[], object] | None = None
    """Makes the target policy for a new session (history-based); None uses the lower bounds."""
    clock: Clock = field(default_factory=SystemClock)
    cue_thread: bool = True
    """Run the cue thread (tests drive cues by hand with a fake clock)."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> key(s), to remap keys."""
    notices: Notices | None = None
    """Messages from the sound player and the history (any thread), shown as notifications."""
    tempo: object | None = None
    """Run the tempo metronome (a TempoPractice) instead of the picker."""
    resume: bool = False
    """Resume the newest unfinished session straight away (`pchain resume`)."""
    services: Callable[[], Services] | None = None
    """Starts sound and history (and reads the settings) the first time they are needed."""


class PchainApp(App[None]):
    """Guided posterior-chain workouts."""

    CSS_PATH = "app.tcss"
    TITLE = "pchain"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="pchain.help", tooltip="Every key and what it does"),
    ]

    def __init__(self, options: AppOptions) -> None:
        super().__init__()
        self.options = options
        self.crash_report = io.StringIO()
        """Textual's report of an unexpected error; the launcher logs it instead of showing a traceback."""
        self.error_console = Console(file=self.crash_report, width=120, markup=False, highlight=False,
                                     color_system=None)

    def ensure_services(self) -> None:
        """Start sound and history if they are not running yet (once)."""
        factory, self.options.services = self.options.services, None
        if factory is None:
            return
        services = factory()
        self.options.sound = services.sound
        self.options.history = services.history
        if services.history is not None:
            self.options.policy_factory = services.history.policy  # type: ignore[attr-defined]
        self.options.flash = self.options.flash or services.sound is None
        if services.keymap:
            self._apply_keymap(services.keymap)

    def on_mount(self) -> None:
        """Remap keys, then open the routine asked for, or the metronome (the picker is already there)."""
        if self.options.keymap:
            self._apply_keymap(self.options.keymap)
        self._handle_signals()
        if self.options.notices is not None:
            import asyncio

            self.options.notices.deliver_to(self._show_notice, asyncio.get_running_loop())
        if self.options.tempo is not None:
            from pchain_tui.ui.screens.tempo import start_tempo

            start_tempo(self, self.options.tempo)
        elif self.options.routine is not None:
            self.open_overview(self.options.routine)

    def get_default_screen(self) -> Screen:
        """The picker is the bottom screen, so the first frame painted is the routine list."""
        if self.options.tempo is not None:
            return super().get_default_screen()
        from pchain_tui.ui.screens.picker import PickerScreen

        return PickerScreen()

    def _apply_keymap(self, keymap: dict[str, str]) -> None:
        from pchain_tui.ui.keys import binding_ids

        known = binding_ids()
        for binding_id in keymap:
            if binding_id not in known:
                from pchain_tui.domain.problems import did_you_mean

                hint = did_you_mean(binding_id, sorted(known)) or "press ? in the app to see the keys"
                self.tell(f"settings: [keys] has an unknown binding id '{binding_id}'; {hint}", warning=True)
        self.set_keymap({k: v for k, v in keymap.items() if k in known})

    def _handle_signals(self) -> None:
        """SIGTERM and SIGHUP (terminal closed) stop the workout cleanly; it stays resumable."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(number, self._stop_on_signal)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal
                pass

    def _stop_on_signal(self) -> None:
        from pchain_tui.ui.screens.workout import WorkoutScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.live.abandon()
        self.exit()

    def _show_notice(self, text: str) -> None:
        """Show what the sound player or the history had to say."""
        self.tell(text, warning="fail" in text or "cannot" in text)

    def open_overview(self, routine: Routine) -> None:
        """Show a routine's overview."""
        from pchain_tui.ui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen(routine))

    def tell(self, message: str, *, warning: bool = False) -> None:
        """Show a short notice (sound fell back, history cannot save...)."""
        self.notify(message, severity="warning" if warning else "information", timeout=6, markup=False)

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from pchain_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the app's own commands, then Textual's (theme, quit...)."""
        yield SystemCommand("Help", "Show every key and what it does", self.action_help)
        for binding in getattr(screen, "PALETTE", ()):
            yield SystemCommand(binding[0], binding[1], getattr(screen, f"action_{binding[2]}"))
        yield from super().get_system_commands(screen)
