"""Messages from other threads reach the app without it polling, and none is lost."""

from __future__ import annotations

import asyncio
import threading

from pchain_tui.domain.notice import Notice
from pchain_tui.services.notices import Notices


async def test_messages_from_any_thread_are_shown_on_the_loop_in_order():
    notices = Notices()
    notices.put(Notice("before the app"))
    shown: list[tuple[str, bool]] = []
    loop = asyncio.get_running_loop()
    on_loop = threading.get_ident()
    notices.deliver_to(lambda notice: shown.append((notice.text, threading.get_ident() == on_loop)), loop)
    assert shown == [("before the app", True)]
    thread = threading.Thread(target=lambda: [notices.put(Notice(f"from a thread {n}")) for n in range(3)])
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
    notices.put(Notice.warning("history: cannot save"))  # no error, even though nothing can show it now
    assert notices.pending() == [Notice.warning("history: cannot save")]


async def test_the_app_shows_a_notice_put_while_it_runs(tmp_path):
    from .app_helpers import make_app

    notices = Notices()
    app, _clock, _sound = make_app(tmp_path, notices=notices)
    shown: list[tuple[str, str]] = []
    notify = app.notify
    app.notify = lambda message, **options: shown.append((message, options["severity"])) or notify(message, **options)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        warning = Notice.warning("sound: aplay failed; using the terminal bell")
        thread = threading.Thread(target=notices.put, args=(warning,))
        thread.start()
        thread.join()
        await pilot.pause()
        await pilot.pause()
        assert ("sound: aplay failed; using the terminal bell", "warning") in shown
