"""Province/national scale: e-PPGBM rows (Parquet or CSV) to finished growth indicators, with a scaling table.

    .venv/bin/python benchmarks/pipeline_scale.py --rows 1000000,5000000 --formats parquet,csv
    .venv/bin/python benchmarks/pipeline_scale.py --rows 25000000 --formats parquet   # generates 25 M rows first

Places: the real Jawa Timur layer (`../shared/data/boundaries/prov_jawa_timur_desa.gpkg`, 8,494 desa, 666
kecamatan, 38 kabupaten/kota); the place tables (with their simplified web layers) are built once into
`benchmarks/out/places_<layer>.duckdb` and copied for every run, and that build's time is printed once.
Rows: benchmarks/generate.py (children measured monthly in 2024, ~0.3 % faulty, ~0.5 % duplicates), written
once per size under benchmarks/out/ (git-ignored) and reused.

Each (rows, format) runs in a fresh child process, through the same steps and connection settings as
`pipelines.build.build_database` (sasaran, e-PPGBM import with validation, quarantine and WHO z-scores,
growth indicators at desa/kecamatan/kabupaten level, data-quality checks and grades): wall seconds per step, CPU seconds, and the child's peak
RSS (VmHWM of /proc/self/status, includes DuckDB's memory; not ru_maxrss, which Linux carries across exec from
the parent that spawned the child, so it reported the generator's peak: 15 GB after generating 25 M rows).
Targets (issue 9, 2 cores): 25 M rows from Parquet under 120 s and 4 GB, from CSV under 240 s. Prints the
machine load (1-minute load average) before and after each run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
JATIM = ROOT.parent / "shared" / "data" / "boundaries" / "prov_jawa_timur_desa.gpkg"
TARGETS_S = {"parquet": 120.0, "csv": 240.0}  # for 25 M rows
TARGET_RSS_MB = 4096


def places_db(boundaries: Path, layer: str | None) -> Path:
    """The place tables of `boundaries` in a DuckDB file (built once, reused)."""
    import duckdb

    from geo.boundaries import read_boundaries
    from geo.store import write_places

    path = OUT / f"places_{boundaries.stem}.duckdb"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    boundaries_read = read_boundaries(boundaries, layer=layer)
    t1 = time.perf_counter()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    stats = write_places(con, boundaries_read)
    con.close()
    os.replace(tmp, path)
    print(f"places: {len(boundaries_read.kelurahan):,} desa read and checked in {t1 - t0:.1f} s, cleaned, simplified "
          f"per level and stored in {time.perf_counter() - t1:.1f} s "
          f"(vertices desa {stats['kelurahan']['vertices_before']:,} -> {stats['kelurahan']['vertices_after']:,})",
          flush=True)
    return path


def _generate(rows: int, fmt: str, boundaries: Path, layer: str | None) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import write_eppgbm

    stem = OUT / f"{boundaries.stem}_{rows}"
    path, sasaran = stem.with_suffix(f".{fmt}"), stem.with_name(stem.name + "_sasaran.csv")
    if not (path.exists() and sasaran.exists()):
        t0 = time.perf_counter()
        write_eppgbm(boundaries, rows, stem, (fmt,), layer)
        print(f"generated {rows:,} rows as {fmt}: {path.stat().st_size / 1e6:,.0f} MB in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
    return path, sasaran


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_once(places: Path, measurements: Path, sasaran: Path, work: Path) -> dict:
    """In this process: copy the places database, then sasaran -> e-PPGBM with z-scores -> indicators."""
    from pipelines.indicators import growth as indicators
    from pipelines.inputs import readers
    from pipelines.build import connect_build
    from pipelines.quality.checks import build_quality
    from pipelines.settings import Settings
    from pipelines.sqlfiles import install_macros

    work.parent.mkdir(parents=True, exist_ok=True)
    for stale in (work, Path(str(work) + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(places, work)
    steps: dict[str, float] = {}
    t_all, c_all = time.perf_counter(), _cpu()
    con = connect_build(work)
    install_macros(con)

    def timed(name, fn):
        t = time.perf_counter()
        result = fn()
        steps[name] = round(time.perf_counter() - t, 2)
        return result

    timed("sasaran", lambda: readers.load_sasaran(con, sasaran))
    reports = timed("import", lambda: readers.load_measurements(con, [measurements], hash_key="b" * 64))
    timed("indicators", lambda: indicators.build_growth_indicators(con, Settings()))
    timed("quality", lambda: build_quality(con))   # the build's data-quality step (issue 20)
    timed("checkpoint", lambda: con.execute("CHECKPOINT"))
    seconds = time.perf_counter() - t_all
    counts = con.execute("""SELECT (SELECT count(*) FROM measurements), (SELECT count(*) FROM quarantine),
        (SELECT count(*) FROM indicators), (SELECT list(DISTINCT level ORDER BY level) FROM indicators),
        (SELECT round(value * 100, 2) FROM indicators WHERE level = 'kabupaten' AND indicator = 'stunting'
         ORDER BY kode, period LIMIT 1)""").fetchone()
    memory_limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    con.close()
    size = work.stat().st_size
    work.unlink(missing_ok=True)
    return {
        "rows": reports[0].rows_read, "accepted": counts[0], "quarantined": counts[1], "indicator_rows": counts[2],
        "levels": counts[3], "stunting_first_kab_pct": counts[4], "seconds": round(seconds, 1),
        "cpu_seconds": round(_cpu() - c_all, 1), "steps": steps, "db_mb": round(size / 1e6),
        "peak_rss_mb": _peak_rss_mb(),
        "memory_limit": memory_limit,
    }


def _peak_rss_mb() -> int:
    """This process's own peak RSS (VmHWM). ru_maxrss would include the parent's peak at the spawn (Linux keeps
    it across exec), e.g. the generator's 15 GB when the rows were generated in the parent just before."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="1000000,5000000", help="comma-separated row counts")
    ap.add_argument("--formats", default="parquet,csv")
    ap.add_argument("--boundaries", type=Path, default=JATIM)
    ap.add_argument("--layer", default="desa")
    ap.add_argument("--child", nargs=4, metavar=("PLACES", "MEASUREMENTS", "SASARAN", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        result = run_once(*(Path(p) for p in args.child))
        print("RESULT " + json.dumps(result), flush=True)
        return

    print(f"cpu count {os.cpu_count()}, total memory "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, load before: {_load()}", flush=True)
    places = places_db(args.boundaries, args.layer)
    table = []
    for rows in (int(r) for r in args.rows.split(",")):
        for fmt in args.formats.split(","):
            measurements, sasaran = _generate(rows, fmt, args.boundaries, args.layer)
            load_before = _load()
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(places), str(measurements), str(sasaran),
                 str(OUT / f"scale_{rows}_{fmt}.duckdb")], capture_output=True, text=True)
            if proc.returncode != 0:
                print(proc.stdout, proc.stderr, sep="\n")
                raise SystemExit(f"run {rows} {fmt} failed")
            result = json.loads(next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT "))[7:])
            result.update(format=fmt, load_before=load_before, load_after=_load())
            table.append(result)
            print(f"{rows:>11,} {fmt:8s} {result['seconds']:7.1f} s  CPU {result['cpu_seconds']:6.1f} s  "
                  f"peak RSS {result['peak_rss_mb']:6,} MB  steps {result['steps']}  "
                  f"accepted {result['accepted']:,} quarantined {result['quarantined']:,} "
                  f"indicator rows {result['indicator_rows']:,} levels {result['levels']}  "
                  f"load {load_before} -> {result['load_after']}", flush=True)

    print("\nrows        format   seconds  s per M rows  CPU s   peak RSS MB  target")
    for r in table:
        per_m = r["seconds"] / (r["rows"] / 1e6)
        projected = per_m * 25
        target = TARGETS_S[r["format"]]
        print(f"{r['rows']:>11,} {r['format']:8s} {r['seconds']:7.1f}  {per_m:12.2f}  {r['cpu_seconds']:6.1f}  "
              f"{r['peak_rss_mb']:11,}  25 M projected {projected:.0f} s vs {target:.0f} s "
              f"({'met' if projected < target else 'NOT met'}); RSS {'<' if r['peak_rss_mb'] < TARGET_RSS_MB else '>='} 4 GB")
    (OUT / "pipeline_scale.json").write_text(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
