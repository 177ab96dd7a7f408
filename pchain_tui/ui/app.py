"""The pchain Textual app: how it was started, its services, and the way from screen to screen.

Screens never start each other: they ask the app (`open_overview`, `start_workout`,
`show_summary`, `back_to_picker`...), which is the one place that knows the screens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen

from pchain_tui.domain.notice import Notice, Severity
from pchain_tui.services.container import Services
from pchain_tui.services.notices import Notices
from pchain_tui.ui import keys

if TYPE_CHECKING:
    from pchain_tui.domain.model import Routine
    from pchain_tui.domain.session.plan import Plan
    from pchain_tui.domain.session.practice import TempoPractice
    from pchain_tui.domain.session.record import SessionRecord
    from pchain_tui.domain.session.taps import TapReport
    from pchain_tui.domain.settings import Settings
    from pchain_tui.services.live_session import LiveSession
    from pchain_tui.storage.catalog_cache import CachedCatalog


@dataclass(frozen=True)
class AppOptions:
    """How the app was started (from the command line), fixed for its whole run."""

    user_dir: Path
    """The user's routines folder."""
    routine: Routine | None = None
    """Open this routine's overview instead of the picker (`pchain run`)."""
    tempo: TempoPractice | None = None
    """Run the tempo metronome instead of the picker (`pchain tempo`)."""
    resume: bool = False
    """Resume the newest unfinished session straight away (`pchain resume`)."""
    flash: bool = False
    """Flash the screen on every cue (always so when there is no sound)."""
    cue_thread: bool = True
    """Play cues from the cue thread; tests play them by hand on a fake clock."""


class PchainApp(App[None]):
    """Guided posterior-chain workouts."""

    CSS_PATH = "app.tcss"
    TITLE = "pchain"
    BINDINGS = keys.APP_BINDINGS

    class Stop(Message):
        """Stop as on SIGTERM: the workout is kept, resumable, and the app ends. Posting a message is
        safe from any thread (the hang-up watch posts it from its own)."""

    def __init__(self, options: AppOptions, services: Services | Callable[[], Services],
                 notices: Notices | None = None) -> None:
        super().__init__()
        self.options = options
        self._services = services if isinstance(services, Services) else None
        self._start_services = None if isinstance(services, Services) else services
        self.notices = notices or Notices()
        """Notices from any thread (sound, history, settings), shown as they arrive."""
        self._routines: CachedCatalog | None = None
        self.workout: LiveSession | None = None
        """The workout started last (kept when its screen is gone): what pchain says about it at exit."""
        self._theme_kept: str | None = None
        """The theme settings.toml holds (or will, once the worker has written it)."""
        self._muted: bool | None = None
        """Sound turned off; None until the settings are read."""

    # --- routines ------------------------------------------------------------------------------

    @property
    def routines(self) -> CachedCatalog:
        """Every routine, bundled and the user's, with the exercise library (read once, from the
        cache when no file changed)."""
        if self._routines is None:
            return self.reload_routines()
        return self._routines

    def reload_routines(self) -> CachedCatalog:
        """Read the routine files again (after an edit)."""
        from pchain_tui.storage import paths
        from pchain_tui.storage.catalog_cache import load_catalog_cached
        from pchain_tui.ui.screens.picker import summarize

        self._routines = load_catalog_cached(paths.bundled_routines_dir(), self.options.user_dir,
                                             paths.tilde_path, summarize)
        return self._routines

    # --- services ------------------------------------------------------------------------------

    @property
    def services(self) -> Services:
        """Sound, history and settings: started the first time they are needed (once)."""
        if self._services is None:
            assert self._start_services is not None
            self._services = self._start_services()
            self._apply_keymap(self._services.settings)
            self._apply_theme(self._services.settings)
        return self._services

    @property
    def flash(self) -> bool:
        """Flash the screen on cues: asked for, or the only cue there is (no sound, or sound turned off)."""
        return self.options.flash or self.services.sound is None or self.muted

    # --- sound and voice, turned on and off in the app and remembered ------------------------------

    @property
    def muted(self) -> bool:
        """Sound turned off (settings `sound = false`, or in the app): cues are silent and flash."""
        if self._muted is None:
            self._muted = not self.services.settings.sound
        return self._muted

    @property
    def speaking(self) -> bool:
        """The voice is on."""
        return self.services.speech is not None

    def _live_sessions(self) -> list[LiveSession]:
        from pchain_tui.ui.screens.workout import WorkoutScreen

        return [screen.live for screen in self.screen_stack if isinstance(screen, WorkoutScreen)]

    def action_toggle_sound(self) -> None:
        """Sound off (the screen flashes for cues) or on again, at once and for the next start."""
        if self.services.sound is None:
            self.say("pchain was started without sound (--no-sound); start it without that to turn sound on.")
            return
        self._muted = not self.muted
        for live in self._live_sessions():
            live.set_muted(self._muted)
        self._remember("sound", "false" if self._muted else "true",
                       "Sound off: the screen flashes for every cue." if self._muted else "Sound on.")

    def action_toggle_voice(self) -> None:
        """The voice on or off, from the next cue and for the next start."""
        from dataclasses import replace

        from pchain_tui.domain.session.spoken import Speech

        if self.services.sound is None:
            self.say("pchain was started without sound (--no-sound), so there is no voice either.")
            return
        speech = None if self.speaking else Speech(phases=self.services.settings.voice_phases)
        self._services = replace(self.services, speech=speech)
        for live in self._live_sessions():
            live.set_speech(speech)
        self._remember("voice", "true" if speech else "false", "Voice on." if speech else "Voice off.")

    def _remember(self, name: str, value: str, done: str) -> None:
        """Say what changed, and write it to settings.toml on a worker (the UI never waits on the disk)."""
        from pchain_tui.storage.settings_file import remember_setting

        def write() -> None:
            failed = remember_setting(name, value)
            self.notices.put(Notice.warning(f"settings: {name} = {value} is not remembered: {failed}") if failed
                             else Notice(f"{done} (remembered for the next start)", Severity.INFO))

        self.run_worker(write, thread=True, group="settings")

    def on_mount(self) -> None:
        """Show notices as they come, stop cleanly on signals, and open what was asked for."""
        if self._services is not None:
            self._apply_keymap(self._services.settings)
            self._apply_theme(self._services.settings)
        self._handle_signals()
        self.notices.deliver_to(self.tell, asyncio.get_running_loop())
        if self.options.tempo is not None:
            self.start_tempo(self.options.tempo)
        # A routine asked for (`pchain run`) is opened by the picker: a program day may be deloaded.

    def get_default_screen(self) -> Screen:
        """The picker is the bottom screen, so the first frame painted is the routine list."""
        if self.options.tempo is not None:
            return super().get_default_screen()
        from pchain_tui.ui.screens.picker import PickerScreen

        return PickerScreen()

    def _apply_keymap(self, settings: Settings) -> None:
        """Remap the keys settings.toml asks for; each remap refused is told as the other settings
        problems are, and keeps its default keys."""
        keymap, problems = keys.checked_keymap(settings)
        for problem in problems:
            self.notices.put(Notice.warning(f"settings: {problem}"))
        self.set_keymap(keymap)

    def _apply_theme(self, settings: Settings) -> None:
        """Use the theme settings.toml names, then remember each theme picked (ctrl+p, "Change theme")."""
        if settings.theme is not None:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            else:
                from pchain_tui.domain.problems import did_you_mean

                hint = did_you_mean(settings.theme, list(self.available_themes)) or \
                    f"the themes are {', '.join(sorted(self.available_themes))}"
                stop = "" if hint.endswith("?") else "."
                self.notices.put(Notice.warning(f"settings: theme \"{settings.theme}\" is not a theme pchain "
                                                f"knows; {hint}{stop} The default is used."))
        self._theme_kept = self.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme) -> None:
        if theme.name != self._theme_kept:
            self._theme_kept = theme.name
            self.run_worker(lambda: self._write_theme(theme.name), thread=True, group="settings")

    def _write_theme(self, name: str) -> None:
        """(On a worker thread: the UI never waits on the disk.)"""
        from pchain_tui.storage.settings_file import remember_setting

        failed = remember_setting("theme", f'"{name}"')
        if failed:
            self.notices.put(Notice.warning(f"settings: the theme is not remembered: {failed}"))

    def _handle_signals(self) -> None:
        """SIGTERM stops the workout cleanly; it stays resumable. (A SIGHUP, the terminal closed, is
        the hang-up watch's, which posts `Stop` and still ends pchain when this loop is held up.)"""
        import signal

        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self._stop_on_signal)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal
            pass

    @on(Stop)
    def _stop_on_signal(self) -> None:
        from pchain_tui.ui.screens.workout import WorkoutScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.live.abandon()
        self.exit()

    def tell(self, notice: Notice) -> None:
        """Show a short notice (sound fell back, history cannot save...)."""
        self.notify(notice.text, severity=notice.severity.value, timeout=6, markup=False)

    def say(self, text: str) -> None:
        """Show a short piece of information."""
        self.tell(Notice(text, Severity.INFO))

    # --- navigation ----------------------------------------------------------------------------

    def open_overview(self, routine: Routine, note: str | None = None) -> None:
        """Show a routine's overview (from the picker, or `pchain run`), with a `note` on how today
        differs from the file (a program's deload week)."""
        from pchain_tui.ui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen(routine, note))

    def start_workout(self, plan: Plan, record: SessionRecord | None = None, session_id: int | None = None) -> None:
        """Start a workout of `plan` on a new workout screen, or resume `record` (saved as `session_id`)."""
        from pchain_tui.services.live_session import LiveSession
        from pchain_tui.ui.screens.workout import WorkoutScreen

        services = self.services
        log = services.history.log(session_id) if services.history is not None else None
        self.workout = LiveSession(plan, services.clock, services.sound, log, record,
                                   silent_cues=services.settings.quiet_cues, speech=services.speech,
                                   muted=self.muted)
        self.push_screen(WorkoutScreen(self.workout))

    def show_summary(self, plan: Plan, record: SessionRecord) -> None:
        """The workout is over: its summary replaces the workout screen."""
        from pchain_tui.ui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(plan, record))

    def open_history(self) -> None:
        """Show the history screen: sessions by date, and each exercise's trend as a chart."""
        from pchain_tui.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def back_to_picker(self) -> None:
        """Close every screen above the routine picker."""
        from pchain_tui.ui.screens.picker import PickerScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()

    def start_tempo(self, practice: TempoPractice) -> None:
        """Start the metronome (`pchain tempo`)."""
        from pchain_tui.domain.session.plan import build_plan
        from pchain_tui.services.live_session import LiveSession
        from pchain_tui.ui.screens.tempo import SILENT_IN_TAP_MODE, TempoScreen

        services = self.services
        live = LiveSession(build_plan(practice.routine()), services.clock, services.sound,
                           silent_cues=services.settings.quiet_cues | (SILENT_IN_TAP_MODE if practice.tap
                                                                       else frozenset()),
                           speech=services.speech, muted=self.muted)
        self.push_screen(TempoScreen(live, practice))

    def show_tempo_summary(self, live: LiveSession, practice: TempoPractice, report: TapReport | None) -> None:
        """The metronome is done: how it went, and in tap mode the timing of each phase."""
        from pchain_tui.ui.screens.tempo import TempoSummaryScreen

        self.switch_screen(TempoSummaryScreen(live.plan, live.record, practice, report))

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from pchain_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the app's own commands, then Textual's (theme, keys...). Quitting is
        listed once: the screen's own ("Quit workout") where it has one, else pchain's, which asks
        first when a workout runs."""
        yield SystemCommand("Help", "Show every key and what it does", self.action_help)
        if self.services.sound is not None:
            yield SystemCommand("Sound on" if self.muted else "Sound off",
                                "Cue sounds (off: the screen flashes for every cue); remembered",
                                self.action_toggle_sound)
            yield SystemCommand("Voice off" if self.speaking else "Voice on",
                                "Spoken rep numbers and phase words; remembered", self.action_toggle_voice)
        own = getattr(screen, "PALETTE", ())
        for title, help_text, action in own:
            yield SystemCommand(title, help_text, getattr(screen, f"action_{action}"))
        for command in super().get_system_commands(screen):
            if command.callback != self.action_quit:
                yield command
            elif not any(action == "quit" for _title, _help, action in own):
                yield SystemCommand("Quit pchain", "Leave pchain (a workout running is kept, to resume)",
                                    self.action_quit)

    async def action_quit(self) -> None:
        """Leave pchain: at once, or (ctrl+q, the palette) after asking while a workout runs, which is
        then kept, resumable, as when the terminal closes."""
        from pchain_tui.ui.screens.workout import WorkoutScreen

        running = [screen for screen in self.screen_stack if isinstance(screen, WorkoutScreen)]
        if not running:
            self.exit()
            return
        from pchain_tui.ui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._stop_on_signal()

        self.push_screen(ConfirmDialog("Quit pchain?", "The workout stops here; what you did is kept, and "
                                       "`pchain resume` picks it up.", yes="Quit", no="Keep going"), answered)
