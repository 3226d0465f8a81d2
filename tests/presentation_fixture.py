"""A small database shaped like docs/architecture.md, for the presentation and summary tests.

Two kecamatan of 3 x 4 square kelurahan each (about 1.1 km a side, near 110.4 E, 7.0 S), stunting,
severe stunting, coverage and complete 1000-HPK access for two periods. Some rates are deliberately
built on fewer than 10 children (small-number rules) and one kelurahan has no measurement.
Only aggregates: no names of children, no NIK.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import shapely
from shapely.geometry import box

from pipelines.build import DATABASE_LAYOUT

KAB_KODE = "99.71"
KAB_NAMA = "Kota Uji (fiktif)"
KECAMATAN = (("99.71.01", "Barat"), ("99.71.02", "Timur"))
PERIODS = ("2024-02", "2024-08")
SIDE_DEG = 0.01          # side of a square kelurahan, degrees (about 1.1 km)
LON0, LAT0 = 110.40, -7.05
SMALL_KODE = "99.71.01.1002"     # denominator 6 in both periods
EMPTY_KODE = "99.71.02.1012"     # no measurement at all
# child-level rows a renderer must never print (keyed hashes as the import writes them, a NIK-shaped number)
PLANTED_CHILD_IDS = ("5f0c9e2ab17d4c33a9e1d2b8c4f6a701", "9b2d7e14c08a4f5e8d3c1a6b7e2f9d40")
PLANTED_NIK = "3374012501190001"


def _wilson(k: float, n: float) -> tuple[float, float]:
    z = 1.959964
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - half) / (1 + z * z / n)), min(1.0, (centre + half) / (1 + z * z / n))


def build_fixture(path: Path) -> Path:
    """Write the fixture database to `path` (replaced if it exists) and return the path."""
    path = Path(path)
    path.unlink(missing_ok=True)
    rng = np.random.default_rng(7)
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE kelurahan (kode VARCHAR, nama VARCHAR, jenis VARCHAR, kecamatan_kode VARCHAR,"
        " kecamatan_nama VARCHAR, kabupaten_kode VARCHAR, kabupaten_nama VARCHAR, area_km2 DOUBLE,"
        " geom_wkb BLOB, geojson VARCHAR, centroid_lon DOUBLE, centroid_lat DOUBLE)"
    )
    con.execute("CREATE TABLE kecamatan (kode VARCHAR, nama VARCHAR, kabupaten_kode VARCHAR, geom_wkb BLOB, geojson VARCHAR)")
    con.execute("CREATE TABLE kabupaten (kode VARCHAR, nama VARCHAR, geom_wkb BLOB, geojson VARCHAR)")
    con.execute(
        "CREATE TABLE indicators (level VARCHAR, kode VARCHAR, period VARCHAR, indicator VARCHAR,"
        " numerator BIGINT, denominator BIGINT, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE)"
    )
    kel_rows, ind_rows, kec_polys = [], [], []
    for k_index, (kec_kode, kec_nama) in enumerate(KECAMATAN):
        polys = []
        for i in range(12):
            col, row = i % 3, i // 3
            x0 = LON0 + (k_index * 3 + col) * SIDE_DEG
            y0 = LAT0 + row * SIDE_DEG
            poly = box(x0, y0, x0 + SIDE_DEG, y0 + SIDE_DEG)
            polys.append(poly)
            kode = f"{kec_kode}.{1001 + i}"
            c = poly.centroid
            kel_rows.append((kode, f"Kel {kec_nama} {i + 1}", "kelurahan", kec_kode, kec_nama, KAB_KODE,
                             KAB_NAMA, 1.2, shapely.to_wkb(poly), shapely.to_geojson(poly), c.x, c.y))
            if kode == EMPTY_KODE:
                continue
            for p_index, period in enumerate(PERIODS):
                n = 6 if kode == SMALL_KODE else int(rng.integers(40, 160))
                rate = 0.02 + 0.34 * ((i * 5 + k_index * 7) % 12) / 11 - 0.03 * p_index
                rate = min(max(rate, 0.0), 0.6)
                k = int(round(rate * n))
                severe = k // 3
                target = int(n * 1.3)
                hpk_n = int(rng.integers(5, 80)) if kode != SMALL_KODE else 4
                hpk_k = int(round(hpk_n * (0.2 + 0.7 * ((i * 3) % 10) / 9)))
                for name, num, den in (("stunting", k, n), ("severe_stunting", severe, n), ("coverage", n, target),
                                       ("hpk_complete_access", hpk_k, hpk_n)):
                    lo, hi = _wilson(num, den)
                    ind_rows.append(("kelurahan", kode, period, name, num, den, num / den, lo, hi))
        union = shapely.union_all(polys)
        kec_polys.append(union)
        con.execute("INSERT INTO kecamatan VALUES (?, ?, ?, ?, ?)",
                    [kec_kode, kec_nama, KAB_KODE, shapely.to_wkb(union), shapely.to_geojson(union)])
    kab = shapely.union_all(kec_polys)
    con.execute("INSERT INTO kabupaten VALUES (?, ?, ?, ?)", [KAB_KODE, KAB_NAMA, shapely.to_wkb(kab), shapely.to_geojson(kab)])
    con.executemany("INSERT INTO kelurahan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kel_rows)
    con.executemany("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ind_rows)
    # roll-ups per kecamatan and kabupaten
    for level, key in (("kecamatan", "substr(kode, 1, 8)"), ("kabupaten", "substr(kode, 1, 5)")):
        con.execute(
            f"""INSERT INTO indicators
                SELECT '{level}', {key}, period, indicator, sum(numerator), sum(denominator),
                       sum(numerator) / sum(denominator), NULL, NULL
                FROM indicators WHERE level = 'kelurahan' GROUP BY ALL"""
        )
    con.execute("CREATE TABLE measurements (measurement_id BIGINT, child_id VARCHAR, kode VARCHAR, period VARCHAR,"
                " source_file VARCHAR, haz DOUBLE)")
    con.executemany("INSERT INTO measurements VALUES (?, ?, ?, ?, ?, ?)",
                    [(1, PLANTED_CHILD_IDS[0], SMALL_KODE, PERIODS[1], f"nik_{PLANTED_NIK}.csv", -2.5),
                     (2, PLANTED_CHILD_IDS[1], SMALL_KODE, PERIODS[1], "eppgbm_uji.csv", -1.0)])
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", [("built_at", "2024-09-01 10:00:00"), ("small_n", "10"),
                                                       ("layout", DATABASE_LAYOUT)])
    con.execute(
        "CREATE TABLE sources (file_name VARCHAR, kind VARCHAR, sha256 VARCHAR, rows_read BIGINT,"
        " rows_accepted BIGINT, rows_quarantined BIGINT, imported_at TIMESTAMP)"
    )
    con.execute("INSERT INTO sources VALUES ('eppgbm_uji.csv', 'measurement', 'x', 10, 10, 0, '2024-09-01 10:00:00')")
    con.close()
    return path
