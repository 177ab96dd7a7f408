"""Clocks: the only way time enters the domain.

`now()` is a monotonic time in seconds, for every deadline; `wall()` is epoch seconds, only for
stamping records. Tests use `FakeClock` and move time by hand, so nothing ever sleeps.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """A source of time."""

    def now(self) -> float:
        """Monotonic seconds; deadlines are computed against this."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch, for records people read."""
        ...


class SystemClock:
    """The real clock: `time.monotonic` and `time.time`."""

    def now(self) -> float:
        """Monotonic seconds."""
        return time.monotonic()

    def wall(self) -> float:
        """Epoch seconds."""
        return time.time()


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 1000.0, epoch: float = 1_790_000_000.0) -> None:
        self.t = start
        self._epoch_offset = epoch - start

    def now(self) -> float:
        """The current fake monotonic time."""
        return self.t

    def wall(self) -> float:
        """Epoch seconds moving with `now`."""
        return self._epoch_offset + self.t

    def advance(self, seconds: float) -> float:
        """Move time forward and return the new time."""
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self.t += seconds
        return self.t
