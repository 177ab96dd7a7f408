"""The stream backend's frame clock and cue placement, driven as miniaudio drives it (its frames
generator, sent the frames wanted) on a fake clock: no device needed."""

from __future__ import annotations

from array import array

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.sound.backends import BackendFailed, TimedCue
from pchain_tui.sound.bank import Sound
from pchain_tui.sound.stream import PERIOD_MS, PERIODS, StreamBackend

RATE = 44100
BLOCK = RATE * PERIOD_MS // 1000
LATENCY = PERIOD_MS * PERIODS / 1000


def sound(name: str, *values: int) -> Sound:
    return Sound(name, None, array("h", values).tobytes(), 1, 2, RATE)  # type: ignore[arg-type]


class Device:
    """Asks for a block every PERIOD_MS of the fake clock, as a device would, and keeps what it got."""

    def __init__(self, backend: StreamBackend, clock: FakeClock) -> None:
        self.clock, self.frames = clock, backend.frames()
        next(self.frames)
        self.heard: list[tuple[float, int]] = []
        """(clock time the block was asked for, index of its first frame)"""
        self.samples = array("h")

    def run(self, seconds: float) -> None:
        for _ in range(round(seconds * 1000 / PERIOD_MS)):
            self.heard.append((self.clock.now(), len(self.samples)))
            self.samples.extend(array("h", self.frames.send(BLOCK)))
            self.clock.advance(PERIOD_MS / 1000)

    def heard_at(self, frame: int) -> float:
        """When a frame is heard: the time its block was asked for, plus the buffer, plus its place in it."""
        asked, first = max((h for h in self.heard if h[1] <= frame), key=lambda h: h[1])
        return asked + LATENCY + (frame - first) / RATE

    def onsets(self) -> list[int]:
        return [i for i, v in enumerate(self.samples) if v and (i == 0 or not self.samples[i - 1])]


@pytest.fixture
def stream():
    clock = FakeClock(100.0)
    backend = StreamBackend(clock)
    backend.prepare({"tick": sound("tick", 1000, 1000), "lift": sound("lift", 500)})
    device = Device(backend, clock)
    device.clock.advance(0.8)  # the device fills its buffer, then takes a while to start asking
    device.run(1.2)
    assert backend.settled
    return backend, device, clock


def test_a_cue_expected_ahead_is_heard_at_its_time_to_the_frame(stream):
    backend, device, clock = stream
    due = [clock.now() + 0.2, clock.now() + 0.45]
    backend.expect([TimedCue(("a", 1), "tick", due[0]), TimedCue(("a", 2), "lift", due[1])])
    device.run(1.0)
    onsets = device.onsets()
    assert len(onsets) == 2
    for frame, at in zip(onsets, due):
        assert abs(device.heard_at(frame) - at) <= 1 / RATE
    assert backend.expected(("a", 1))  # so its due-time play makes no second sound


def test_a_cue_no_longer_coming_is_dropped_and_one_unexpected_plays_at_once(stream):
    backend, device, clock = stream
    backend.expect([TimedCue("k", "tick", clock.now() + 0.25)])
    device.run(0.04)
    backend.expect([])  # a pause before it sounded
    device.run(0.5)
    assert device.onsets() == []
    backend.play(sound("lift", 500))
    device.run(0.04)
    assert len(device.onsets()) == 1


def test_a_stream_that_stops_asking_is_reported_and_refuses_cues(stream):
    backend, device, clock = stream
    clock.advance(3.0)  # the sound server went away: no callback comes
    assert "output stream stopped" in (backend.poll() or "")
    with pytest.raises(BackendFailed):
        backend.play(sound("tick", 1))
