"""A small database for the lokus tests, built in code and following docs/architecture.md.

A 5 × 5 grid of square kelurahan (0.01° cells near 100.0° E, 1.0° S) in two kecamatan of the demo city
`99.71`: columns 0–2 belong to kecamatan `99.71.01`, columns 3–4 to `99.71.02`. Indicators (stunting,
severe_stunting, coverage, hpk_complete_access) for two periods, `2024-08` and `2025-08`, at kelurahan,
kecamatan and kabupaten level. The top-left corner is a cluster of high stunting (a hot spot); the last
kelurahan (row 4, column 4) has no coverage figure (a missing criterion).
"""
from __future__ import annotations

import math
from pathlib import Path

import duckdb
import shapely

from pipelines.build import DATABASE_LAYOUT

PERIODS = ("2024-08", "2025-08")
SIZE = 5
CELL = 0.01
KAB = "99.71"


def kode_of(row: int, col: int) -> str:
    """Kemendagri code of the cell at (row, col): 99.71.0K.1NNN."""
    kec = "01" if col < 3 else "02"
    return f"{KAB}.{kec}.{1001 + row * SIZE + col}"


def _wilson(k: float, n: float) -> tuple[float | None, float | None]:
    if n <= 0:
        return None, None
    z = 1.959964
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - half) / (1 + z * z / n)), min(1.0, (centre + half) / (1 + z * z / n))


def _cell_numbers(row: int, col: int, period_index: int) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) per indicator for one cell and period; deterministic."""
    n = 20 + 7 * ((row * SIZE + col) % 6) * 5  # 20..195 children measured
    if (row, col) == (4, 0):
        n = 6  # a very small kelurahan
    hot = row <= 1 and col <= 1
    base = 0.32 if hot else 0.08 + 0.02 * ((row + 2 * col) % 5)
    base += 0.02 * period_index * (1 if col % 2 == 0 else -1)  # some worsen, some improve
    stunted = round(n * base)
    if (row, col) == (4, 0):
        stunted = 3
    severe = round(stunted * 0.25)
    sasaran = round(n / (0.55 + 0.08 * ((row + col) % 5)))
    targets = 10 + 3 * (row + col)
    complete = round(targets * (0.4 + 0.1 * ((row * 3 + col) % 6)))
    return {
        "stunting": (stunted, n),
        "severe_stunting": (severe, n),
        "coverage": (n, sasaran),
        "hpk_complete_access": (min(complete, targets), targets),
    }


def build_fixture_db(path: Path, names: dict[str, str] | None = None) -> Path:
    """Write the fixture database to `path` (overwritten); `names` overrides kelurahan names by code."""
    path = Path(path)
    if path.exists():
        path.unlink()
    names = names or {}
    con = duckdb.connect(str(path))
    con.execute(
        """CREATE TABLE kelurahan (kode VARCHAR, nama VARCHAR, jenis VARCHAR, kecamatan_kode VARCHAR,
        kecamatan_nama VARCHAR, kabupaten_kode VARCHAR, kabupaten_nama VARCHAR, area_km2 DOUBLE,
        geom_wkb BLOB, geojson VARCHAR, centroid_lon DOUBLE, centroid_lat DOUBLE)"""
    )
    con.execute("CREATE TABLE kecamatan (kode VARCHAR, nama VARCHAR, kabupaten_kode VARCHAR, geom_wkb BLOB, geojson VARCHAR)")
    con.execute(
        """CREATE TABLE indicators (level VARCHAR, kode VARCHAR, period VARCHAR, indicator VARCHAR,
        numerator DOUBLE, denominator DOUBLE, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE)"""
    )
    con.execute("CREATE TABLE sources (file_name VARCHAR, kind VARCHAR, sha256 VARCHAR, rows_read BIGINT, rows_accepted BIGINT, rows_quarantined BIGINT, imported_at TIMESTAMP)")
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    kec_names = {f"{KAB}.01": "Kecamatan Barat", f"{KAB}.02": "Kecamatan Timur"}
    kec_geoms: dict[str, list] = {k: [] for k in kec_names}
    totals: dict[tuple[str, str, str], list[int]] = {}
    for row in range(SIZE):
        for col in range(SIZE):
            kode = kode_of(row, col)
            kec = kode[:8]
            # corners rounded so that neighbouring squares share exact coordinates (queen contiguity)
            x0, x1 = round(100.0 + col * CELL, 6), round(100.0 + (col + 1) * CELL, 6)
            y0, y1 = round(-1.0 - (row + 1) * CELL, 6), round(-1.0 - row * CELL, 6)
            geom = shapely.box(x0, y0, x1, y1)
            kec_geoms[kec].append(geom)
            con.execute(
                "INSERT INTO kelurahan VALUES (?, ?, 'kelurahan', ?, ?, ?, 'Kota Contoh', ?, ?, ?, ?, ?)",
                [kode, names.get(kode, f"Kel R{row}C{col}"), kec, kec_names[kec], KAB, 1.23,
                 shapely.to_wkb(geom), shapely.to_geojson(geom), geom.centroid.x, geom.centroid.y],
            )
            for p_index, period in enumerate(PERIODS):
                for indicator, (k, n) in _cell_numbers(row, col, p_index).items():
                    if indicator == "coverage" and (row, col) == (4, 4):
                        continue
                    low, high = _wilson(k, n)
                    con.execute(
                        "INSERT INTO indicators VALUES ('kelurahan', ?, ?, ?, ?, ?, ?, ?, ?)",
                        [kode, period, indicator, k, n, k / n, low, high],
                    )
                    for level_kode in (kec, KAB):
                        acc = totals.setdefault((level_kode, period, indicator), [0, 0])
                        acc[0] += k
                        acc[1] += n
    for kec, name in kec_names.items():
        union = shapely.union_all(kec_geoms[kec])
        con.execute("INSERT INTO kecamatan VALUES (?, ?, ?, ?, ?)", [kec, name, KAB, shapely.to_wkb(union), shapely.to_geojson(union)])
    for (level_kode, period, indicator), (k, n) in totals.items():
        low, high = _wilson(k, n)
        level = "kabupaten" if level_kode == KAB else "kecamatan"
        con.execute("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [level, level_kode, period, indicator, k, n, k / n, low, high])
    con.execute("INSERT INTO sources VALUES ('fixture.csv', 'measurement', 'x', 1, 1, 0, TIMESTAMP '2025-09-01 00:00:00')")
    con.execute("INSERT INTO meta VALUES ('built_at', '2025-09-01T00:00:00'), ('layout', ?)", [DATABASE_LAYOUT])
    con.close()
    return path
