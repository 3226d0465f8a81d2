"""Benchmark: how long the demo city generator (pipelines.demo.city.generate_demo) takes.

    .venv/bin/python benchmarks/demo_city.py [RUNS]      (default 3 runs, seed 2024)

Prints CPU seconds (process_time) and wall seconds per run, their medians and the load average. The test suite
only checks what the generator writes (tests/demo/test_demo_generator.py); its speed is measured here, never
asserted by a test (a loaded machine would make such an assertion fail for no fault of the code).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.demo.city import generate_demo  # noqa: E402


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cpu, wall = [], []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="demo_city_bench_") as tmp:
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            generate_demo(Path(tmp), seed=2024)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started_wall)
        print(f"run {run + 1}: CPU {cpu[-1]:.1f} s, wall {wall[-1]:.1f} s")
    print(f"median of {runs}: CPU {statistics.median(cpu):.1f} s, wall {statistics.median(wall):.1f} s")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
