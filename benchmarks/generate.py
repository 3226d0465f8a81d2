"""Synthetic inputs for scale tests: a national-size desa layer and e-PPGBM exports of any size.

    .venv/bin/python benchmarks/generate.py layer  --desa 84000 --out benchmarks/out/national_desa.gpkg
    .venv/bin/python benchmarks/generate.py eppgbm --boundaries ../shared/data/boundaries/prov_jawa_timur_desa.gpkg \
        --layer desa --rows 5000000 --out benchmarks/out/jatim_5m   # writes jatim_5m.csv and jatim_5m.parquet

Layer: a grid of quadrilateral desa over Indonesia's extent whose corners are jittered and whose edges wiggle,
every edge computed once from its own id, so neighbours share their edge exactly (a valid coverage, like a clean
official layer). Codes are hierarchical Kemendagri codes `PP.KK.CC.DDDD`: 12 desa (3 x 4 cells) per kecamatan,
16 kecamatan per kabupaten/kota, 15 kabupaten per province (provinces 11..). Each edge has `EDGE_POINTS`
intermediate vertices, so a desa has about as many vertices as a real one (Jawa Timur: ~98).

e-PPGBM rows: generated in DuckDB (never in pandas) with all 38 export headers, as e-PPGBM writes them
(dd/mm/yyyy dates, decimal commas, `Desa/Kel` and `Kec` as names): children measured monthly (12 visits in
2024), length/weight drawn around the WHO medians (so the prevalences look real), ~0.3 % faulty rows (unknown sex,
impossible height) and ~0.5 % duplicate rows. A sasaran file (`<out>_sasaran.csv`) gives the target children
per desa. The same rows are written as CSV (`;`) and Parquet (text cells, as an export converted to Parquet).
Large outputs belong under benchmarks/out/ (git-ignored) or /tmp.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EDGE_POINTS = 20          # intermediate vertices per grid edge
LON_RANGE = (95.0, 141.0)
LAT_RANGE = (-11.0, 6.0)
KEC_COLS, KEC_ROWS = 3, 4  # desa per kecamatan block
KAB_SIDE = 4               # kecamatan blocks per kabupaten side (16 kecamatan)
PROV_COLS, PROV_ROWS = 5, 3  # kabupaten per province block (15 kabupaten)
NAMES = ("Sukamaju", "Sidomulyo", "Karangrejo", "Tegalsari", "Sumberejo", "Banjarsari", "Mulyorejo", "Kedungrejo",
         "Wonorejo", "Sukorejo", "Margomulyo", "Purwosari")


# --- national layer ------------------------------------------------------------------------------------


def _edge_points(a: np.ndarray, b: np.ndarray, seed: np.ndarray, amplitude: float, normal: np.ndarray) -> np.ndarray:
    """EDGE_POINTS points between corners a and b (n x 2), offset along `normal` by a wiggle fixed by `seed`."""
    t = np.linspace(0, 1, EDGE_POINTS + 2)[1:-1]
    phase = (seed[:, None] * 0.6180339887) % 1.0 * 2 * np.pi
    wiggle = amplitude * np.sin(np.pi * t)[None, :] * (
        0.6 * np.sin(2 * np.pi * 2 * t[None, :] + phase) + 0.4 * np.sin(2 * np.pi * 5 * t[None, :] + 2 * phase))
    pts = a[:, None, :] + (b - a)[:, None, :] * t[None, :, None]
    return pts + wiggle[:, :, None] * normal[None, None, :]


def national_layer(n_desa: int, seed: int = 7):
    """A GeoDataFrame of about `n_desa` synthetic desa (columns as the Jawa Timur layer), EPSG:4326."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    rows = int(round((n_desa * (LAT_RANGE[1] - LAT_RANGE[0]) / (LON_RANGE[1] - LON_RANGE[0])) ** 0.5))
    rows = max(KEC_ROWS, rows - rows % KEC_ROWS)
    cols = max(KEC_COLS, int(np.ceil(n_desa / rows / KEC_COLS)) * KEC_COLS)
    dx = (LON_RANGE[1] - LON_RANGE[0]) / cols
    dy = (LAT_RANGE[1] - LAT_RANGE[0]) / rows
    rng = np.random.default_rng(seed)
    # jittered lattice corners (cols+1) x (rows+1)
    gx, gy = np.meshgrid(np.arange(cols + 1), np.arange(rows + 1), indexing="ij")
    cx = LON_RANGE[0] + gx * dx + rng.uniform(-0.2, 0.2, gx.shape) * dx * ((gx > 0) & (gx < cols))
    cy = LAT_RANGE[0] + gy * dy + rng.uniform(-0.2, 0.2, gy.shape) * dy * ((gy > 0) & (gy < rows))
    corner = np.stack([cx, cy], axis=-1)
    # horizontal edges (i, j)->(i+1, j): cols x (rows+1); vertical edges (i, j)->(i, j+1): (cols+1) x rows
    ha, hb = corner[:-1, :, :].reshape(-1, 2), corner[1:, :, :].reshape(-1, 2)
    va, vb = corner[:, :-1, :].reshape(-1, 2), corner[:, 1:, :].reshape(-1, 2)
    h_ids = np.arange(len(ha))
    v_ids = np.arange(len(va)) + len(ha)
    edge_h = _edge_points(ha, hb, h_ids, 0.08 * dy, np.array([0.0, 1.0])).reshape(cols, rows + 1, EDGE_POINTS, 2)
    edge_v = _edge_points(va, vb, v_ids, 0.08 * dx, np.array([1.0, 0.0])).reshape(cols + 1, rows, EDGE_POINTS, 2)
    ii, jj = np.meshgrid(np.arange(cols), np.arange(rows), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    ring = np.concatenate([
        corner[ii, jj][:, None, :], edge_h[ii, jj],                       # bottom, west -> east
        corner[ii + 1, jj][:, None, :], edge_v[ii + 1, jj],               # right, south -> north
        corner[ii + 1, jj + 1][:, None, :], edge_h[ii, jj + 1][:, ::-1],  # top, east -> west
        corner[ii, jj + 1][:, None, :], edge_v[ii, jj][:, ::-1],          # left, north -> south
        corner[ii, jj][:, None, :],
    ], axis=1)
    geoms = shapely.polygons(ring)
    # hierarchical codes
    kec_i, kec_j = ii // KEC_COLS, jj // KEC_ROWS
    kab_i, kab_j = kec_i // KAB_SIDE, kec_j // KAB_SIDE
    prov_i, prov_j = kab_i // PROV_COLS, kab_j // PROV_ROWS
    n_prov_cols = int(np.ceil(cols / KEC_COLS / KAB_SIDE / PROV_COLS))
    prov = 11 + prov_j * n_prov_cols + prov_i
    kab = 1 + (kab_j % PROV_ROWS) * PROV_COLS + kab_i % PROV_COLS
    kec = 1 + (kec_j % KAB_SIDE) * KAB_SIDE + kec_i % KAB_SIDE
    desa = 2001 + (jj % KEC_ROWS) * KEC_COLS + ii % KEC_COLS
    if prov.max() > 99:
        raise ValueError("too many provinces for 2-digit codes; use fewer desa")
    kab_kode = pd.Series([f"{p:02d}.{k:02d}" for p, k in zip(prov, kab)])
    kec_kode = kab_kode + pd.Series([f".{c:02d}" for c in kec])
    kode = kec_kode + pd.Series([f".{d:04d}" for d in desa])
    order = np.argsort(kode.to_numpy(), kind="stable")[:n_desa] if len(kode) > n_desa else np.argsort(kode.to_numpy())
    frame = pd.DataFrame({
        "kode": kode, "nama": [f"{NAMES[(d - 2001) % len(NAMES)]} {d - 2000}" for d in desa],
        "jenis": "desa", "kecamatan_kode": kec_kode, "kecamatan_nama": [f"Kecamatan {c}" for c in kec_kode],
        "kabupaten_kode": kab_kode, "kabupaten_nama": [f"Kabupaten {k}" for k in kab_kode],
        "provinsi_kode": [f"{p:02d}" for p in prov],
    })
    return gpd.GeoDataFrame(frame.iloc[order].reset_index(drop=True),
                            geometry=gpd.GeoSeries(geoms[order], crs=4326).values, crs=4326)


def write_layer(gdf, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if path.suffix.lower() == ".parquet":
        gdf.to_parquet(path)
    else:
        gdf.to_file(path, layer="desa", driver="GPKG", engine="pyogrio")


# --- e-PPGBM rows --------------------------------------------------------------------------------------

# u(r, k): a uniform in [0, 1) from integers (deterministic); nz: about N(0, 1) (sum of 4 uniforms)
_MACROS = """
CREATE OR REPLACE MACRO gen_u(r, k) AS (hash(r * 31 + k) % 1000000) / 1000000.0;
CREATE OR REPLACE MACRO gen_nz(r, k) AS
    (gen_u(r, k) + gen_u(r, k + 7) + gen_u(r, k + 13) + gen_u(r, k + 17) - 2) * 1.7320508;
CREATE OR REPLACE MACRO gen_dec(x) AS replace(printf('%.1f', x), '.', ',');
"""

# $rows measurements: child r // 12, visit r % 12 (one per month of 2024); every child lives in one desa.
_ROWS = """
WITH k AS (SELECT row_number() OVER (ORDER BY kode) - 1 AS j, * FROM gen_places),
base AS (
    SELECT r, CASE WHEN r % 200 = 7 THEN r - 1 ELSE r END AS rr FROM range($rows) t(r)
), c AS (
    SELECT r, rr // 12 AS child, rr % 12 AS visit, rr FROM base
), d AS (
    SELECT c.*, (1 + hash(child) % 2)::TINYINT AS sex,
        DATE '2020-01-10' + (hash(child * 3) % 1440)::INTEGER AS birth_date,
        make_date(2024, 1 + visit::INTEGER, 1 + (hash(child * 5) % 25)::INTEGER) AS measure_date,
        (hash(child * 7) % (SELECT count(*) FROM gen_places))::BIGINT AS j,
        gen_nz(child, 1) * 1.1 - 0.9 AS hz, gen_nz(rr, 2) * 0.25 AS hz_noise, gen_nz(child, 3) AS wz
    FROM c
), e AS (
    SELECT d.*, least(greatest((measure_date - birth_date)::INTEGER, 0), 1826) AS age FROM d
), f AS (
    SELECT e.*, x.h_m AS hm, x.h_s AS hs, x.w_m AS wm, x.w_s AS ws
    FROM e JOIN who_lms_age x ON x.ai = (sex - 1) * 1827 + age + 1
)
SELECT
    '35' || lpad((child % 100000000000000)::VARCHAR, 14, '0') AS "NIK",
    'Anak ' || child AS "Nama",
    CASE WHEN r % 997 = 0 THEN 'X' WHEN sex = 1 THEN 'L' ELSE 'P' END AS "JK",
    strftime(birth_date, '%d/%m/%Y') AS "Tgl Lahir",
    '3,1' AS "BB Lahir", '49' AS "TB Lahir", 'Ibu ' || child AS "Nama Ortu", 'JAWA TIMUR' AS "Prov",
    upper(k.kabupaten_nama) AS "Kab/Kota", upper(k.kecamatan_nama) AS "Kec",
    'PKM ' || upper(k.kecamatan_nama) AS "Pukesmas", upper(k.nama) AS "Desa/Kel",
    'POSYANDU ' || (child % 5) AS "Posyandu", '001' AS "RT", '002' AS "RW",
    'Jl. Contoh ' || (child % 1000) AS "Alamat",
    floor(age / 365.25)::INTEGER || ' Tahun - ' || floor((age % 365.25) / 30.4375)::INTEGER || ' Bulan' AS "Usia Saat Ukur",
    strftime(measure_date, '%d/%m/%Y') AS "Tanggal Pengukuran",
    strftime(measure_date, '%B') AS "Bulan Pengukuran", '' AS "Status Bulan", '2024' AS "status tahun",
    gen_dec(greatest(2.0, wm * (1 + ws * (0.7 * (hz + hz_noise) + 0.7 * wz)))) AS "Berat",
    CASE WHEN r % 1009 = 0 THEN '861' ELSE gen_dec(hm * (1 + hs * (hz + hz_noise))) END AS "Tinggi",
    CASE WHEN gen_u(rr, 5) < 0.04 THEN '' WHEN age < 731 THEN 'Terlentang' ELSE 'Berdiri' END AS "Cara Ukur",
    '' AS "LiLA", '' AS "BB/U", '' AS "ZS BB/U", '' AS "TB/U", '' AS "ZS TB/U",
    '' AS "BB/TB", '' AS "ZS BB/TB", '' AS "Naik Berat Badan", '' AS "PMT Diterima (kg)",
    '' AS "Jml Vit A", '' AS "KPSP", '' AS "KIA", '' AS "Detail Status", '' AS "status desa"
FROM f JOIN k ON k.j = f.j
ORDER BY r
"""


def load_places(con, boundaries: Path, layer: str | None = None) -> int:
    """Table gen_places(kode, nama, kecamatan_nama, kabupaten_nama) from a boundary file's attributes."""
    import pyogrio

    frame = pyogrio.read_dataframe(boundaries, layer=layer, read_geometry=False,
                                   columns=["kode", "nama", "kecamatan_nama", "kabupaten_nama"])
    con.register("gen_places_frame", frame)
    con.execute("CREATE OR REPLACE TABLE gen_places AS SELECT kode::VARCHAR AS kode, nama::VARCHAR AS nama, "
                "kecamatan_nama::VARCHAR AS kecamatan_nama, kabupaten_nama::VARCHAR AS kabupaten_nama "
                "FROM gen_places_frame")
    con.unregister("gen_places_frame")
    return con.execute("SELECT count(*) FROM gen_places").fetchone()[0]


def write_eppgbm(boundaries: Path, rows: int, out: Path, formats=("csv", "parquet"), layer: str | None = None,
                 threads: int | None = None) -> dict[str, Path]:
    """Write `rows` e-PPGBM rows for the desa of `boundaries` as `<out>.csv` / `<out>.parquet`, plus
    `<out>_sasaran.csv`. Returns the paths by format."""
    from pipelines.growth.who_growth import prepare

    out.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"preserve_insertion_order": True, **({"threads": threads} if threads else {})})
    prepare(con)
    con.execute(_MACROS)
    load_places(con, boundaries, layer)
    query = _ROWS.replace("$rows", str(int(rows)))
    paths: dict[str, Path] = {}
    for fmt in formats:
        path = out.with_suffix(f".{fmt}")
        opts = "(FORMAT csv, DELIMITER ';', HEADER true)" if fmt == "csv" else \
            "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)"
        con.execute(f"COPY ({query}) TO '{path}' {opts}")
        paths[fmt] = path
    sasaran = out.with_name(out.name + "_sasaran.csv")
    children = max(1, rows // 12)
    con.execute(f"""COPY (SELECT kode AS "Kode Desa/Kel", 2024 AS "Tahun",
                            greatest(1, round({children} / count(*) OVER () * 1.15))::INTEGER AS "Sasaran Balita"
                          FROM gen_places ORDER BY kode) TO '{sasaran}' (FORMAT csv, HEADER true)""")
    paths["sasaran"] = sasaran
    con.close()
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    a = sub.add_parser("layer", help="synthetic national desa layer (GeoPackage, or GeoParquet by suffix)")
    a.add_argument("--desa", type=int, default=84_000)
    a.add_argument("--out", type=Path, default=Path("benchmarks/out/national_desa.gpkg"))
    b = sub.add_parser("eppgbm", help="e-PPGBM rows for the desa of a boundary file, as CSV and Parquet")
    b.add_argument("--boundaries", type=Path, required=True)
    b.add_argument("--layer", default=None)
    b.add_argument("--rows", type=int, default=1_000_000)
    b.add_argument("--out", type=Path, required=True, help="path without suffix")
    b.add_argument("--formats", default="csv,parquet")
    args = ap.parse_args()
    t0 = time.perf_counter()
    if args.what == "layer":
        gdf = national_layer(args.desa)
        write_layer(gdf, args.out)
        print(f"{len(gdf):,} desa, {gdf['kecamatan_kode'].nunique():,} kecamatan, {gdf['kabupaten_kode'].nunique():,} "
              f"kabupaten, {gdf['provinsi_kode'].nunique()} provinces -> {args.out} "
              f"({args.out.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")
    else:
        paths = write_eppgbm(args.boundaries, args.rows, args.out, tuple(args.formats.split(",")), args.layer)
        for fmt, path in paths.items():
            print(f"{fmt}: {path} ({path.stat().st_size / 1e6:,.0f} MB)")
        print(f"{args.rows:,} rows in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
