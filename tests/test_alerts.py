"""Alerts for someone who looked away: the escape sequences, and when the workout raises them."""

from __future__ import annotations

from pathlib import Path

from pchain_tui.domain.settings import Settings
from pchain_tui.services.alerts import Alerts, notification_sequences
from pchain_tui.services.container import Services
from pchain_tui.ui.app import AppOptions, PchainApp

from .app_helpers import RecordingSound, advance, settle, workout
from .test_app import open_routine


def test_the_sequences_are_osc_9_osc_777_and_the_bell_with_the_text_made_safe():
    text = notification_sequences("pchain: rest over", "Next: Row; set 2\x1b]0;pwned\x07")
    assert text == ("\x1b]9;pchain: rest over: Next: Row set 2]0pwned\x07"
                    "\x1b]777;notify;pchain: rest over;Next: Row set 2]0pwned\x07\x07")


def test_an_alert_is_written_to_the_terminal_and_sent_to_the_desktop_when_asked(tmp_path: Path, monkeypatch):
    tty = tmp_path / "tty"
    tty.touch()
    sent: list[list[str]] = []
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    alerts = Alerts(desktop=True, tty=str(tty), spawn=sent.append)
    alerts._send("pchain: rest over", "Next: Row, set 2")  # the thread's work, run here
    assert tty.read_text() == notification_sequences("pchain: rest over", "Next: Row, set 2")
    assert sent == [["notify-send", "--app-name=pchain", "pchain: rest over", "Next: Row, set 2"]]
    Alerts(tty=str(tmp_path / "missing" / "tty"))._send("t", "b")  # no terminal: nothing raised


class RecordingAlerts:
    def __init__(self) -> None:
        self.raised: list[tuple[str, str]] = []

    def alert(self, title: str, body: str) -> None:
        self.raised.append((title, body))


async def test_the_end_of_a_rest_alerts_only_when_the_terminal_is_behind(tmp_path: Path):
    from pchain_tui.domain.clock import FakeClock
    from pchain_tui.domain.session.plan import StepKind

    alerts = RecordingAlerts()
    (tmp_path / "routines").mkdir()
    services = Services(FakeClock(), Settings(), RecordingSound(), None, alerts=alerts)
    app = PchainApp(AppOptions(user_dir=tmp_path / "routines", cue_thread=False), services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        live = workout(app).live
        await advance(pilot, 4)
        await pilot.press("enter")  # the first set done early: its dialog, then the rest
        await settle(pilot)
        await pilot.press("escape")
        assert live.state().step.kind is StepKind.REST
        await advance(pilot, live.state().left + 0.1)  # in front: the rest ends without an alert
        assert alerts.raised == []
        await advance(pilot, 5)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        app.app_focus = False  # the person looked away (the terminal reports losing focus)
        await advance(pilot, live.state().left + 0.1)
        assert alerts.raised == [("pchain: rest over", "Next: Glute bridge, set 3 of 3")]
