"""Hand-built children for the dua-angka tests: a tiny database shaped like the build's, with the tables the
reconcile step reads (`kelurahan`, `measurements` with period and z-scores), so each count is known.

    con = reconcile_db([Child("a1", "99.72.01.1001", 1, "2023-01-15", [("2025-08-10", -2.5)])])

A child lists its measurements as (measure date, HAZ) or (measure date, HAZ, weight kg, height cm,
position, posyandu, flagged). Periods are calendar months of the measurement date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from pipelines.growth.measured import write_measured_children

KABUPATEN = ("99.72", "Kota Uji")
PLACES = (  # kode, nama, kecamatan kode, kecamatan nama
    ("99.72.01.1001", "Desa A", "99.72.01", "Barat"),
    ("99.72.01.1002", "Desa B", "99.72.01", "Barat"),
    ("99.72.02.1003", "Desa C", "99.72.02", "Timur"),
)


@dataclass
class Child:
    child_id: str
    kode: str
    sex: int
    birth: str
    visits: list[tuple] = field(default_factory=list)


def reconcile_db(children: list[Child], sasaran: dict[str, int] | None = None, year: int = 2025,
                 places=PLACES) -> duckdb.DuckDBPyConnection:
    """An in-memory database with kelurahan, measurements (+ period) and sasaran for `children`."""
    con = duckdb.connect()
    con.execute("CREATE TABLE kelurahan (kode VARCHAR, nama VARCHAR, kecamatan_kode VARCHAR, kecamatan_nama VARCHAR,"
                " kabupaten_kode VARCHAR, kabupaten_nama VARCHAR)")
    con.executemany("INSERT INTO kelurahan VALUES (?, ?, ?, ?, ?, ?)", [(*p, *KABUPATEN) for p in places])
    con.execute("CREATE TABLE measurements (measurement_id BIGINT, child_id VARCHAR, sex INTEGER, birth_date DATE,"
                " measure_date DATE, weight_kg DOUBLE, height_cm DOUBLE, measured VARCHAR, kode VARCHAR,"
                " posyandu_id VARCHAR, age_days INTEGER, haz DOUBLE, flag_haz BOOLEAN, period VARCHAR,"
                # the columns the data-quality step also reads (pipelines/sql/quality/quality_rows.sql)
                " waz DOUBLE, whz DOUBLE, flag_waz BOOLEAN DEFAULT false, flag_whz BOOLEAN DEFAULT false,"
                " export_haz DOUBLE, export_waz DOUBLE, export_whz DOUBLE, source_file VARCHAR DEFAULT 'uji.csv',"
                " source_row INTEGER)")
    rows, number = [], 0
    for child in children:
        birth = dt.date.fromisoformat(child.birth)
        for visit in child.visits:
            date = dt.date.fromisoformat(visit[0])
            haz = visit[1]
            weight = visit[2] if len(visit) > 2 else 10.0
            height = visit[3] if len(visit) > 3 else 80.0
            position = visit[4] if len(visit) > 4 else None
            posyandu = visit[5] if len(visit) > 5 else f"P-{child.kode}"
            flagged = visit[6] if len(visit) > 6 else False
            kode = visit[7] if len(visit) > 7 else child.kode
            number += 1
            rows.append((number, child.child_id, child.sex, birth, date, weight, height, position, kode, posyandu,
                         (date - birth).days, haz, flagged, date.strftime("%Y-%m")))
    if rows:
        con.executemany("INSERT INTO measurements (measurement_id, child_id, sex, birth_date, measure_date, weight_kg,"
                        " height_cm, measured, kode, posyandu_id, age_days, haz, flag_haz, period)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("UPDATE measurements SET source_row = measurement_id")
    write_measured_children(con)  # as the import does right after the measurements
    con.execute("CREATE TABLE sasaran (kode VARCHAR, year INTEGER, target_children INTEGER)")
    if sasaran:
        con.executemany("INSERT INTO sasaran VALUES (?, ?, ?)", [(k, year, v) for k, v in sasaran.items()])
    return con
