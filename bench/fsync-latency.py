#!/usr/bin/env python3
"""The disk's own flush time, the floor under every durable commit: appends
4 KiB to a file and fdatasync()s it N times (default 1,000) in DIR
(default: bench/data, on the same file system as the databases), and
prints p50, p99 and max in milliseconds with the load average.

    bench/fsync-latency.py [DIR] [N]
"""
import os
import statistics
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
where = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "data")
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
os.makedirs(where, exist_ok=True)
block = b"x" * 4096
times = []
load = os.getloadavg()[0]
with tempfile.NamedTemporaryFile(dir=where) as f:
    for _ in range(n):
        os.write(f.fileno(), block)
        t = time.perf_counter()
        os.fdatasync(f.fileno())
        times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"fdatasync of a 4 KiB append, {n} times in {where}: "
      f"p50 {statistics.median(times):.2f} ms, "
      f"p99 {times[int(0.99 * (n - 1))]:.2f} ms, max {times[-1]:.2f} ms "
      f"(load average {load:.2f} -> {os.getloadavg()[0]:.2f})")
