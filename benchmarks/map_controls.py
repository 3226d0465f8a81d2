"""Benchmark: how long the Peta page takes to rerun after each control change, 400 desa (in-process AppTest).

    .venv/bin/python benchmarks/map_controls.py [RUNS]      (default 5 runs of each change)

The changes tests/dashboard/test_dashboard_apptest.py::test_map_with_400_desa_sends_colours_not_geometry makes
(indicator x3, kecamatan filter, back to all with another period), timed here instead of asserted there: a
test must not fail because the machine is busy. Prints the median and maximum seconds per change and the
load average (the target on a quiet 2-core machine: under 1 s each).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard_fixture import PERIODS, build_fixture_db  # noqa: E402


def main(runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = build_fixture_db(Path(folder) / "big.duckdb", n_cols=20, n_rows=20)
        os.environ["PETA_STUNTING_DB"] = str(db)
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
        at.session_state["lang"] = "id"
        at.run()
        changes = [("indicator " + k, "map_indicator", k) for k in ("coverage", "wasting", "stunting")]
        changes += [("kecamatan 99.72.01", "map_kecamatan", "99.72.01"), ("all kecamatan", "map_kecamatan", "__all__"),
                    ("period " + PERIODS[0], "map_period", PERIODS[0]), ("period " + PERIODS[-1], "map_period", PERIODS[-1])]
        timings: dict[str, list[float]] = {label: [] for label, _, _ in changes}
        for _ in range(runs):
            for label, key, value in changes:
                at.selectbox(key=key).set_value(value)
                started = time.perf_counter()
                at.run()
                timings[label].append(time.perf_counter() - started)
                if at.exception:
                    raise SystemExit(f"page failed: {at.exception}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, values in timings.items():
        print(f"{label:24s} median {statistics.median(values):.2f} s  max {max(values):.2f} s  ({len(values)} runs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
