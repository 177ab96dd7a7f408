"""Timing shared by the benchmarks."""

from __future__ import annotations

import statistics
import time


def timed(job, repeat: int = 5) -> float:
    """The median wall time of `repeat` runs of `job()`, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
