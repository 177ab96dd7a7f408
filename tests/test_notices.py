"""Messages from other threads reach the app without it polling, and none is lost."""

from __future__ import annotations

import asyncio
import threading

from pchain_tui.notices import Notices


async def test_messages_from_any_thread_are_shown_on_the_loop_in_order():
    notices = Notices()
    notices.put("before the app")
    shown: list[tuple[str, bool]] = []
    loop = asyncio.get_running_loop()
    on_loop = threading.get_ident()
    notices.deliver_to(lambda text: shown.append((text, threading.get_ident() == on_loop)), loop)
    assert shown == [("before the app", True)]
    thread = threading.Thread(target=lambda: [notices.put(f"from a thread {n}") for n in range(3)])
    thread.start()
    thread.join()
    for _ in range(10):
        await asyncio.sleep(0)
    assert shown[1:] == [(f"from a thread {n}", True) for n in range(3)]
    assert notices.pending() == []


def test_a_message_after_the_loop_closed_is_kept_for_later():
    notices = Notices()
    loop = asyncio.new_event_loop()
    notices.deliver_to(lambda text: None, loop)
    loop.close()
    notices.put("history: cannot save")  # no error, even though nothing can show it now
    assert notices.pending() == ["history: cannot save"]


async def test_the_app_shows_a_notice_put_while_it_runs(tmp_path):
    from .app_helpers import make_app

    notices = Notices()
    app, _clock, _sound = make_app(tmp_path, notices=notices)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        thread = threading.Thread(target=notices.put, args=("sound: aplay failed; using the terminal bell",))
        thread.start()
        thread.join()
        await pilot.pause()
        await pilot.pause()
        shown = [(n.message, n.severity) for n in app._notifications]
        assert ("sound: aplay failed; using the terminal bell", "warning") in shown
