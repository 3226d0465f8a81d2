"""A small DuckDB database shaped exactly like docs/architecture.md, for dashboard tests.

`build_fixture_db(path)` writes a grid of square kelurahan in two kecamatan of "Kota Uji" (99.72), with
posyandu, measurements carrying z-scores and flags, sasaran, quarantine rows, 1000-HPK service indicators,
a service_bottleneck table, sources and meta. Indicators are computed from the measurements in SQL (one child
counts once per period, flagged z-scores excluded, Wilson intervals) so every page sees consistent numbers.

Fixed facts the tests rely on (default 4 x 3 grid, two periods):
- kelurahan index 1 (`SMALL_KODE`) has fewer than 10 children measured per period (small n);
- kelurahan index 2 is named `XSS_NAME`;
- the last kelurahan (`EMPTY_KODE`) has no measurement in the first period (no data there);
- posyandu `PY-OUT` is declared in kelurahan 0 but lies in kelurahan 1 (outside_declared).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines.build import DATABASE_LAYOUT

PERIODS = ("2025-02", "2025-08")
KABUPATEN = ("99.72", "Kota Uji")
KECAMATAN = (("99.72.01", "Barat"), ("99.72.02", "Timur"))
XSS_NAME = "<img src=x onerror=alert(1)>"
CELL = 0.01  # degrees per kelurahan square
ORIGIN = (110.0, -7.0)
MACROS = Path(__file__).resolve().parents[1] / "pipelines" / "sql" / "macros.sql"
SERVICES = ("anc_4x", "ttd_90", "imunisasi_dasar", "jamban")


def kelurahan_kode(index: int, n_cols: int) -> str:
    kec = 1 if index % n_cols < (n_cols + 1) // 2 else 2
    return f"99.72.0{kec}.{1001 + index:04d}"


def small_kode(n_cols: int = 4) -> str:
    return kelurahan_kode(1, n_cols)


def empty_kode(n_cols: int = 4, n_rows: int = 3) -> str:
    return kelurahan_kode(n_cols * n_rows - 1, n_cols)


def _square(lon: float, lat: float, size: float) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _wkb(geojson: pd.Series) -> list[bytes]:
    from shapely.geometry import shape

    return [shape(json.loads(text)).wkb for text in geojson]


def _places(n_cols: int, n_rows: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for index in range(n_cols * n_rows):
        col, row = index % n_cols, index // n_cols
        lon, lat = ORIGIN[0] + col * CELL, ORIGIN[1] + row * CELL
        kode = kelurahan_kode(index, n_cols)
        kec_kode = kode[:8]
        kec_nama = dict(KECAMATAN)[kec_kode]
        nama = XSS_NAME if index == 2 else f"Kelurahan {index + 1:03d}"
        rows.append(
            dict(kode=kode, nama=nama, jenis="kelurahan", kecamatan_kode=kec_kode, kecamatan_nama=kec_nama,
                 kabupaten_kode=KABUPATEN[0], kabupaten_nama=KABUPATEN[1], area_km2=1.2,
                 geojson=json.dumps(_square(lon, lat, CELL)),
                 centroid_lon=lon + CELL / 2, centroid_lat=lat + CELL / 2, col=col, row=row)
        )
    kel = pd.DataFrame(rows)
    kec_rows = []
    half = (n_cols + 1) // 2
    for kec_kode, kec_nama in KECAMATAN:
        first = 0 if kec_kode.endswith("01") else half
        width = half if kec_kode.endswith("01") else n_cols - half
        lon = ORIGIN[0] + first * CELL
        geometry = {"type": "Polygon", "coordinates": [[
            [lon, ORIGIN[1]], [lon + width * CELL, ORIGIN[1]], [lon + width * CELL, ORIGIN[1] + n_rows * CELL],
            [lon, ORIGIN[1] + n_rows * CELL], [lon, ORIGIN[1]]]]}
        kec_rows.append(dict(kode=kec_kode, nama=kec_nama, kabupaten_kode=KABUPATEN[0], geojson=json.dumps(geometry),
                             centroid_lon=lon + width * CELL / 2, centroid_lat=ORIGIN[1] + n_rows * CELL / 2))
    return kel, pd.DataFrame(kec_rows)


def _measurements(kel: pd.DataFrame, posyandu: pd.DataFrame, children: int, rng) -> pd.DataFrame:
    rows = []
    n_kel = len(kel)
    mid = 1
    for index, kode in enumerate(kel["kode"]):
        own_posyandu = posyandu.loc[posyandu["kode"] == kode, "posyandu_id"].tolist()
        for p_number, period in enumerate(PERIODS):
            if index == n_kel - 1 and p_number == 0:
                continue  # no data in the first period
            n = 6 if index == 1 else children + (index * 7) % 23
            # prevalence gradient across kelurahan; the second period is a little better
            mean_haz = -0.2 - 1.8 * index / max(n_kel - 1, 1) + 0.25 * p_number
            year, month = map(int, period.split("-"))
            for child in range(n):
                age_days = int(rng.integers(30, 1800))
                if child % 17 == 5:
                    age_days = int(round(rng.integers(1, 5) * 365.25))  # age heaping on whole years
                measure_date = dt.date(year, month, 10)
                haz = round(float(rng.normal(mean_haz, 1.1)), 2)
                waz = round(float(rng.normal(mean_haz * 0.7, 1.0)), 2)
                whz = round(float(rng.normal(-0.3, 1.0)), 2)
                if child == 3 and index % 3 == 0:
                    haz = -6.8  # implausible
                height = round(float(50 + age_days / 1826 * 60 + rng.normal(0, 3)), 1)
                if index % 4 == 0 and child % 2 == 0:
                    height = float(round(height))  # digit preference: terminal digit 0
                weight = round(float(3 + age_days / 1826 * 14 + rng.normal(0, 1)), 1)
                measured = None if child % 11 == 0 else ("L" if age_days < 731 else "H")
                rows.append(dict(
                    measurement_id=mid, child_id=f"c{index:03d}-{child:03d}", sex=1 + child % 2,
                    birth_date=measure_date - dt.timedelta(days=age_days), measure_date=measure_date,
                    weight_kg=weight, height_cm=height, measured=measured, kode=kode,
                    posyandu_id=own_posyandu[child % len(own_posyandu)], source_file=f"pkm_{kode[6:8]}.csv",
                    source_row=mid + 1, export_haz=haz, export_waz=waz, export_whz=whz, age_days=age_days,
                    haz=haz, waz=waz, whz=whz, baz=whz,
                    flag_haz=int(haz < -6 or haz > 6), flag_waz=int(waz < -6 or waz > 5),
                    flag_whz=int(whz < -5 or whz > 5), flag_baz=int(whz < -5 or whz > 5), period=period,
                ))
                mid += 1
    frame = pd.DataFrame(rows)
    frame["measured"] = frame["measured"].astype("object")
    return frame


def _posyandu(kel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for index, r in kel.iterrows():
        for number in (1, 2):
            dx = CELL * (0.3 if number == 1 else 0.7)
            rows.append(dict(posyandu_id=f"PY-{index:03d}-{number}", nama=f"Posyandu Mawar {index + 1}-{number}",
                             kode=r["kode"], lon=r["centroid_lon"] - CELL / 2 + dx, lat=r["centroid_lat"],
                             kode_spatial=r["kode"]))
    # declared in kelurahan 0, lies in kelurahan 1
    k1 = kel.iloc[1]
    rows.append(dict(posyandu_id="PY-OUT", nama="Posyandu Melati (luar)", kode=kel.iloc[0]["kode"],
                     lon=k1["centroid_lon"], lat=k1["centroid_lat"] + CELL / 4, kode_spatial=k1["kode"]))
    rows.append(dict(posyandu_id="PY-NOXY", nama="Posyandu Anggrek", kode=kel.iloc[0]["kode"],
                     lon=None, lat=None, kode_spatial=None))
    posyandu = pd.DataFrame(rows)
    recon = pd.DataFrame([
        dict(posyandu_id="PY-OUT", nama="Posyandu Melati (luar)", kode_declared=kel.iloc[0]["kode"],
             kode_spatial=k1["kode"], status="outside_declared", distance_m=420.0),
        dict(posyandu_id="PY-NOXY", nama="Posyandu Anggrek", kode_declared=kel.iloc[0]["kode"],
             kode_spatial=None, status="no_coordinates", distance_m=None),
    ])
    return posyandu, recon


_GROWTH_SQL = """
CREATE OR REPLACE TABLE indicators AS
WITH latest AS (
    SELECT * FROM measurements
    QUALIFY row_number() OVER (PARTITION BY child_id, period ORDER BY measure_date DESC, measurement_id DESC) = 1
),
kel AS (
    SELECT l.*, k.kecamatan_kode, k.kabupaten_kode FROM latest l JOIN kelurahan k USING (kode)
),
long AS (
    SELECT 'kelurahan' AS level, kode, * EXCLUDE (kode) FROM kel
    UNION ALL SELECT 'kecamatan', kecamatan_kode, * EXCLUDE (kode) FROM kel
    UNION ALL SELECT 'kabupaten', kabupaten_kode, * EXCLUDE (kode) FROM kel
),
counts AS (
    SELECT level, kode, period,
      count(*) FILTER (haz < -2 AND flag_haz = 0) AS stunting_k, count(*) FILTER (flag_haz = 0 AND haz IS NOT NULL) AS haz_n,
      count(*) FILTER (haz < -3 AND flag_haz = 0) AS severe_stunting_k,
      count(*) FILTER (waz < -2 AND flag_waz = 0) AS underweight_k, count(*) FILTER (flag_waz = 0 AND waz IS NOT NULL) AS waz_n,
      count(*) FILTER (whz < -2 AND flag_whz = 0) AS wasting_k, count(*) FILTER (flag_whz = 0 AND whz IS NOT NULL) AS whz_n,
      count(*) FILTER (whz > 2 AND flag_whz = 0) AS overweight_k
    FROM long GROUP BY ALL
),
pairs AS (
    SELECT level, kode, period, 'stunting' AS indicator, stunting_k AS k, haz_n AS n FROM counts
    UNION ALL SELECT level, kode, period, 'severe_stunting', severe_stunting_k, haz_n FROM counts
    UNION ALL SELECT level, kode, period, 'underweight', underweight_k, waz_n FROM counts
    UNION ALL SELECT level, kode, period, 'wasting', wasting_k, whz_n FROM counts
    UNION ALL SELECT level, kode, period, 'overweight', overweight_k, whz_n FROM counts
)
SELECT level, kode, period, indicator, k AS numerator, n AS denominator,
       CASE WHEN n > 0 THEN k::DOUBLE / n END AS value, wilson_low(k, n) AS ci_low, wilson_high(k, n) AS ci_high
FROM pairs
"""


def _coverage_sql() -> str:
    return """
    INSERT INTO indicators
    WITH measured AS (
        SELECT kode, period, count(DISTINCT child_id) AS k FROM measurements GROUP BY ALL
    ), kel AS (
        SELECT m.kode, m.period, m.k, s.target_children AS n, k.kecamatan_kode, k.kabupaten_kode
        FROM measured m JOIN sasaran s ON s.kode = m.kode AND s.year = CAST(left(m.period, 4) AS INTEGER)
        JOIN kelurahan k ON k.kode = m.kode
    ), long AS (
        SELECT 'kelurahan' AS level, kode, period, k, n FROM kel
        UNION ALL SELECT 'kecamatan', kecamatan_kode, period, sum(k), sum(n) FROM kel GROUP BY ALL
        UNION ALL SELECT 'kabupaten', kabupaten_kode, period, sum(k), sum(n) FROM kel GROUP BY ALL
    )
    SELECT level, kode, period, 'coverage', k, n, least(1.0, k::DOUBLE / n),
           wilson_low(least(k, n), n), wilson_high(least(k, n), n)
    FROM long
    """


def _services(kel: pd.DataFrame, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """svc_<service> and hpk_complete_access rows at kelurahan/kecamatan/kabupaten level, and the bottleneck."""
    rows, bottleneck = [], []
    n_kel = len(kel)
    for index, r in kel.iterrows():
        for p_number, period in enumerate(PERIODS):
            targets = 20 + index % 5
            received = {}
            for s_number, service in enumerate(SERVICES):
                share = 0.95 - 0.12 * ((index + s_number) % 4) - 0.2 * index / n_kel + 0.05 * p_number
                received[service] = max(0, min(targets, int(round(targets * share))))
            complete = min(received.values()) - 2 if min(received.values()) >= 2 else 0
            for service, k in received.items():
                rows.append((r["kode"], period, f"svc_{service}", k, targets))
            rows.append((r["kode"], period, "hpk_complete_access", complete, targets))
            blocked = sorted(((targets - k, s) for s, k in received.items() if targets - k > 0),
                             key=lambda item: (-item[0], SERVICES.index(item[1])))
            for rank, (n_blocked, service) in enumerate(blocked, start=1):
                bottleneck.append(dict(level="kelurahan", kode=r["kode"], period=period, service=service,
                                       targets_blocked=n_blocked, rank=rank))
    frame = pd.DataFrame(rows, columns=["kode", "period", "indicator", "numerator", "denominator"])
    return frame, pd.DataFrame(bottleneck)


def _quarantine() -> pd.DataFrame:
    rows = [
        ("measurement", "pkm_01.csv", 14, "Tgl Lahir", "31/02/2023", "unparseable_date", "Tanggal tidak terbaca", "format dd/mm/yyyy"),
        ("measurement", "pkm_01.csv", 20, "Tinggi", "8888", "height_out_of_range", "Tinggi/panjang badan di luar rentang yang mungkin", "nilai sentinel"),
        ("measurement", "pkm_02.csv", 7, "Tinggi", "905", "height_out_of_range", "Tinggi/panjang badan di luar rentang yang mungkin", "milimeter?"),
        ("measurement", "pkm_02.csv", 9, "Desa/Kel", "Sukamaju", "unknown_kelurahan", "Kelurahan/desa tidak dikenal", None),
        ("posyandu", "posyandu.csv", 5, "Longitude", "1100", "invalid_coordinates", "Koordinat tidak valid", None),
    ]
    return pd.DataFrame(rows, columns=["kind", "source_file", "source_row", "column_name", "value", "reason_code", "reason", "hint"])


def build_fixture_db(path: Path, n_cols: int = 4, n_rows: int = 3, children: int = 30, seed: int = 7) -> Path:
    """Write the fixture database to `path` (replaced if present) and return the path."""
    path = Path(path)
    path.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    kel, kec = _places(n_cols, n_rows)
    posyandu, recon = _posyandu(kel)
    measurements = _measurements(kel, posyandu, children, rng)
    sasaran = pd.DataFrame({"kode": kel["kode"], "year": 2025, "target_children": [40 + (i * 5) % 30 for i in range(len(kel))]})
    sasaran.loc[1, "target_children"] = 12
    services, bottleneck = _services(kel, rng)
    kab = pd.DataFrame([dict(kode=KABUPATEN[0], nama=KABUPATEN[1], geojson=None,
                             centroid_lon=ORIGIN[0] + n_cols * CELL / 2, centroid_lat=ORIGIN[1] + n_rows * CELL / 2)])
    quarantine = _quarantine()
    now = dt.datetime(2025, 9, 1, 8, 30)
    sources = pd.DataFrame([
        ("pkm_01.csv", "measurement", "a" * 64, 500, 498, 2, now),
        ("pkm_02.csv", "measurement", "b" * 64, 400, 398, 2, now),
        ("posyandu.csv", "posyandu", "c" * 64, 30, 29, 1, now),
    ], columns=["file_name", "kind", "sha256", "rows_read", "rows_accepted", "rows_quarantined", "imported_at"])
    con = duckdb.connect(str(path))
    try:
        con.execute(MACROS.read_text(encoding="utf-8"))
        kel_table = kel.drop(columns=["col", "row"]).assign(geom_wkb=_wkb(kel["geojson"]))
        kec = kec.assign(geom_wkb=_wkb(kec["geojson"]))
        con.execute("CREATE TABLE kelurahan AS SELECT kode, nama, jenis, kecamatan_kode, kecamatan_nama, kabupaten_kode,"
                    " kabupaten_nama, area_km2, geom_wkb::BLOB AS geom_wkb, geojson, centroid_lon, centroid_lat FROM kel_table")
        con.execute("CREATE TABLE kecamatan AS SELECT kode, nama, kabupaten_kode, geom_wkb::BLOB AS geom_wkb, geojson,"
                    " centroid_lon, centroid_lat FROM kec")
        con.execute("CREATE TABLE kabupaten AS SELECT kode, nama, NULL::BLOB AS geom_wkb, geojson, centroid_lon, centroid_lat FROM kab")
        con.execute("CREATE TABLE posyandu AS SELECT posyandu_id, nama, kode, lon::DOUBLE AS lon, lat::DOUBLE AS lat, kode_spatial FROM posyandu")
        con.execute("CREATE TABLE posyandu_reconciliation AS SELECT posyandu_id, nama, kode_declared, kode_spatial::VARCHAR AS kode_spatial,"
                    " status, distance_m::DOUBLE AS distance_m FROM recon")
        con.execute("CREATE TABLE measurements AS SELECT * REPLACE (measured::VARCHAR AS measured) FROM measurements")
        con.execute("CREATE TABLE sasaran AS SELECT kode, year::INTEGER AS year, target_children::INTEGER AS target_children FROM sasaran")
        con.execute("CREATE TABLE quarantine AS SELECT kind, source_file, source_row::BIGINT AS source_row, column_name, value,"
                    " reason_code, reason, hint::VARCHAR AS hint FROM quarantine")
        con.execute(_GROWTH_SQL)
        con.execute(_coverage_sql())
        con.execute("""
            INSERT INTO indicators
            WITH kel AS (SELECT s.*, k.kecamatan_kode, k.kabupaten_kode FROM services s JOIN kelurahan k USING (kode)),
            long AS (
                SELECT 'kelurahan' AS level, kode, period, indicator, numerator AS k, denominator AS n FROM kel
                UNION ALL SELECT 'kecamatan', kecamatan_kode, period, indicator, sum(numerator), sum(denominator) FROM kel GROUP BY ALL
                UNION ALL SELECT 'kabupaten', kabupaten_kode, period, indicator, sum(numerator), sum(denominator) FROM kel GROUP BY ALL
            )
            SELECT level, kode, period, indicator, k, n, k::DOUBLE / n, wilson_low(k, n), wilson_high(k, n) FROM long
        """)
        con.execute("CREATE TABLE service_bottleneck AS SELECT * FROM bottleneck")
        from pipelines.growth.measured import write_measured_children
        from pipelines.quality.checks import build_quality

        write_measured_children(con)  # as the import does right after the measurements
        build_quality(con)  # the build's own quality step: grades as a real database has them
        con.execute("CREATE TABLE sources AS SELECT * FROM sources")
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("built_at", "2025-09-01 08:30:00"), ("small_n", "10"), ("boundaries_file", "batas_uji.geojson"),
            ("layout", DATABASE_LAYOUT),  # built like this version's build (no "rebuild" warning)
        ])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


if __name__ == "__main__":  # python tests/dashboard_fixture.py out.duckdb [n_cols n_rows]
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "fixture.duckdb")
    cols, rows_ = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (4, 3)
    print(build_fixture_db(out, cols, rows_))
