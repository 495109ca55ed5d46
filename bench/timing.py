"""Timing shared by the benchmarks: median and p95 of repeated calls."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def measure(label: str, call: Callable[[], int], repeat: int) -> None:
    """Call ``call`` ``repeat`` times (it returns an HTTP status, which must be
    below 400) and print the median and p95 in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        status = call()
        times.append((time.perf_counter() - start) * 1000)
        assert status < 400, (label, status)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"{label:44} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")
