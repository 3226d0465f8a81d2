"""Time the e-PPGBM import: N million e-PPGBM-style rows from CSV (and optionally Parquet) into `measurements`.

    .venv/bin/python benchmarks/import.py                 # 1,000,000 rows, CSV (semicolon, decimal comma)
    .venv/bin/python benchmarks/import.py --rows 5000000 --parquet

The rows are generated in DuckDB (never in pandas) with all 38 e-PPGBM headers, dd/mm/yyyy dates, decimal
commas, kelurahan names matched within their kecamatan (600 kelurahan in 40 kecamatan, names shared across
kecamatan), ~0.3 % faulty rows and ~0.5 % duplicates. Target (issue 4): 1 M rows from CSV in under 20 s.
Prints: file size, wall seconds, CPU seconds, rows/s, peak RSS of this process, machine load before and after;
then the posyandu point-in-polygon join: 100,000 points into the Jawa Timur desa (8,494; ../shared) or a grid.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipelines.inputs.readers import format_report, load_measurements  # noqa: E402

N_KEC = 40
N_KEL_PER_KEC = 15


def make_kelurahan(con) -> None:
    """600 kelurahan in 40 kecamatan; each name occurs in several kecamatan (so matching needs `Kec`)."""
    con.execute(f"""
        CREATE OR REPLACE TABLE kelurahan AS
        SELECT printf('99.71.%02d.%04d', k, 1000 + d) AS kode,
               'Desa Nama ' || ((k * 7 + d) % 90) AS nama, 'kelurahan' AS jenis,
               printf('99.71.%02d', k) AS kecamatan_kode, 'Kecamatan ' || k AS kecamatan_nama,
               '99.71' AS kabupaten_kode, 'Kota Contoh' AS kabupaten_nama
        FROM range(1, {N_KEC + 1}) a(k), range(1, {N_KEL_PER_KEC + 1}) b(d)""")


def write_rows(con, path: Path, rows: int, fmt: str) -> None:
    """Write `rows` e-PPGBM rows to `path` as CSV (';', decimal comma) or Parquet (same text cells)."""
    sql = f"""
    WITH k AS (SELECT row_number() OVER (ORDER BY kode) - 1 AS j, * FROM kelurahan),
    src AS (
        SELECT i, CASE WHEN i % 200 = 7 THEN i - 1 ELSE i END AS child,   -- ~0.5 % duplicates of the previous row
               hash(i) AS h
        FROM range({rows}) t(i)
    )
    SELECT
        '3271' || lpad(child::VARCHAR, 12, '0') AS "NIK",
        'Nama Anak ' || child AS "Nama",
        CASE WHEN i % 997 = 0 THEN 'X' WHEN child % 2 = 0 THEN 'L' ELSE 'P' END AS "JK",
        strftime(DATE '2019-03-01' + (hash(child) % 1700)::INTEGER, '%d/%m/%Y') AS "Tgl Lahir",
        '3,1' AS "BB Lahir", '49' AS "TB Lahir", 'Ibu ' || child AS "Nama Ortu", 'CONTOH' AS "Prov",
        'KOTA CONTOH' AS "Kab/Kota", upper(k.kecamatan_nama) AS "Kec", 'PKM ' || k.kecamatan_nama AS "Pukesmas",
        upper(k.nama) AS "Desa/Kel", 'POSYANDU ' || (child % 5) AS "Posyandu", '001' AS "RT", '002' AS "RW",
        'Jl. Contoh ' || child AS "Alamat", '' AS "Usia Saat Ukur",
        strftime(DATE '2024-02-01' + (child % 28)::INTEGER, '%d/%m/%Y') AS "Tanggal Pengukuran",
        'Februari' AS "Bulan Pengukuran", '' AS "Status Bulan", '' AS "status tahun",
        replace(printf('%.1f', 3 + (h % 170) / 10.0), '.', ',') AS "Berat",
        CASE WHEN i % 1009 = 0 THEN '861' ELSE replace(printf('%.1f', 50 + (h % 650) / 10.0), '.', ',') END AS "Tinggi",
        CASE WHEN h % 3 = 0 THEN 'Terlentang' ELSE 'Berdiri' END AS "Cara Ukur",
        '' AS "LiLA", 'Normal' AS "BB/U", '-0,5' AS "ZS BB/U", 'Normal' AS "TB/U", '-1,1' AS "ZS TB/U",
        'Normal' AS "BB/TB", '0,2' AS "ZS BB/TB", '' AS "Naik Berat Badan", '' AS "PMT Diterima (kg)",
        '' AS "Jml Vit A", '' AS "KPSP", '' AS "KIA", '' AS "Detail Status", '' AS "status desa"
    FROM src JOIN k ON k.j = src.child % {N_KEC * N_KEL_PER_KEC}
    ORDER BY i
    """
    opts = "(FORMAT csv, DELIMITER ';', HEADER true)" if fmt == "csv" else "(FORMAT parquet)"
    con.execute(f"COPY ({sql}) TO '{path}' {opts}")


def cpu_seconds() -> float:
    """User + system CPU seconds of this process (all DuckDB threads)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--parquet", action="store_true", help="also time the same rows from Parquet")
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: a temporary one)")
    ap.add_argument("--points", type=int, default=100_000, help="posyandu points for the point-in-polygon timing")
    args = ap.parse_args()
    if not 1 <= args.rows <= 100_000_000:
        ap.error("--rows must be 1..100,000,000")

    work = args.dir or Path(tempfile.mkdtemp(prefix="import_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cpu count {os.cpu_count()}, load average before: {load_avg()}")
    gen = duckdb.connect()
    make_kelurahan(gen)
    formats = ["csv"] + (["parquet"] if args.parquet else [])
    for fmt in formats:
        path = work / f"eppgbm_{args.rows}.{fmt}"
        t0 = time.perf_counter()
        write_rows(gen, path, args.rows, fmt)
        print(f"generated {args.rows:,} rows as {fmt}: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s")

        db = work / f"bench_{fmt}.duckdb"
        db.unlink(missing_ok=True)
        con = duckdb.connect(str(db))
        make_kelurahan(con)
        t0 = time.perf_counter()
        c0 = cpu_seconds()
        con.begin()
        reports = load_measurements(con, [path], "b" * 64)
        con.commit()
        secs = time.perf_counter() - t0
        cpu = cpu_seconds() - c0
        n = con.execute("SELECT count(*) FROM measurements").fetchone()[0]
        q = con.execute("SELECT count(*) FROM quarantine").fetchone()[0]
        con.close()
        print(format_report(reports))
        print(f"IMPORT {fmt}: {args.rows:,} rows in {secs:.1f} s ({args.rows / secs:,.0f} rows/s); "
              f"measurements {n:,}, quarantine {q:,}; target < 20 s per 1 M rows: "
              f"{'met' if secs / max(args.rows, 1) * 1e6 < 20 else 'NOT met'}; CPU time {cpu:.1f} s "
              f"(on a shared machine CPU time shows the work, wall time the contention)")
        print(f"peak RSS of this process so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
              f"load average after: {load_avg()}")
        if args.dir is None:
            path.unlink()
            db.unlink(missing_ok=True)
    time_posyandu_join(args.points)


def province_polygons() -> gpd.GeoDataFrame:
    """Jawa Timur's 8,494 desa from ../shared when present, else a 92 x 92 grid of squares (8,464)."""
    gpkg = Path(__file__).resolve().parents[2] / "shared" / "data" / "boundaries" / "prov_jawa_timur_desa.gpkg"
    if gpkg.exists():
        from geo.boundaries import read_boundaries

        return read_boundaries(gpkg, layer="desa").kelurahan[["kode", "geometry"]]
    side = 92
    cells = [shapely.box(110 + i * 0.02, -8 + j * 0.02, 110.02 + i * 0.02, -7.98 + j * 0.02)
             for i in range(side) for j in range(side)]
    kode = [f"99.{71 + k // 2000:02d}.{(k // 100) % 20 + 1:02d}.{1000 + k % 100:04d}" for k in range(len(cells))]
    return gpd.GeoDataFrame({"kode": kode}, geometry=cells, crs=4326)


def time_posyandu_join(n_points: int) -> None:
    """geo.posyandu.reconcile_posyandu: n points (declared kelurahan = a random polygon, 90 % placed inside
    it) joined to province-size polygons."""
    from geo.posyandu import reconcile_posyandu

    polygons = province_polygons()
    rng = np.random.default_rng(7)
    declared = rng.integers(0, len(polygons), n_points)
    inside = polygons.geometry.representative_point().to_numpy()[declared]
    bounds = polygons.total_bounds
    lon = np.where(rng.random(n_points) < 0.9, shapely.get_x(inside), rng.uniform(bounds[0], bounds[2], n_points))
    lat = np.where(rng.random(n_points) < 0.9, shapely.get_y(inside), rng.uniform(bounds[1], bounds[3], n_points))
    points = pd.DataFrame({"posyandu_id": [f"P{i}" for i in range(n_points)], "nama": "Posyandu",
                           "kode": polygons["kode"].to_numpy()[declared], "lon": lon, "lat": lat})
    t0 = time.perf_counter()
    result = reconcile_posyandu(points, polygons)
    secs = time.perf_counter() - t0
    print(f"POSYANDU JOIN: {n_points:,} points into {len(polygons):,} polygons in {secs:.1f} s; "
          f"statuses {result['status'].value_counts().to_dict()}; load average: {load_avg()}")


if __name__ == "__main__":
    main()
