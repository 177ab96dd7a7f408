"""Garbage collection only between cues, so a collection never makes a cue late."""

from __future__ import annotations

import gc


class QuietGarbageCollector:
    """Runs Python's garbage collector only between cues.

    A full collection stops every thread for 10 ms or more while the UI churns through objects,
    which would make a cue late. While a workout runs, automatic collection is off and this is
    called from the repaint timer: it collects the young generation when no cue is due within
    `young_gap`, and everything when none is due within `full_gap` (rests, intros, pauses).
    """

    def __init__(self, young_gap: float = 0.05, full_gap: float = 0.5, full_every: float = 60.0) -> None:
        self.young_gap = young_gap
        self.full_gap = full_gap
        self.full_every = full_every
        self._was_enabled = False
        self._last_full = float("-inf")

    def start(self) -> None:
        """Turn automatic collection off (it is put back as it was by `stop`)."""
        self._was_enabled = gc.isenabled()
        gc.disable()

    def stop(self) -> None:
        """Let Python collect garbage by itself again, if it did before."""
        if self._was_enabled:
            gc.enable()

    def tick(self, now: float, next_cue_at: float | None) -> None:
        """Collect what can be collected before the next cue."""
        gap = float("inf") if next_cue_at is None else next_cue_at - now
        threshold = gc.get_threshold()[0]
        if gap > self.full_gap and now - self._last_full > self.full_every:
            gc.collect()
            self._last_full = now
        elif gap > self.young_gap and gc.get_count()[0] > threshold:
            gc.collect(1 if gc.get_count()[1] > gc.get_threshold()[1] else 0)
