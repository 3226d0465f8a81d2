"""quality_checks / quality_grades / quality_desa on a small database whose every number is known."""
from __future__ import annotations

import datetime as dt
import statistics

import duckdb
import pytest

from pipelines.growth.measured import write_measured_children
from pipelines.quality.checks import build_quality

PERIOD = "2025-08"
DAY = dt.date(2025, 8, 10)


def _db() -> duckdb.DuckDBPyConnection:
    """Two kelurahan of one kecamatan; posyandu A (puskesmas Satu) and B (puskesmas Dua), 40 children each.

    A: HAZ spread wide (SD above 1.95), heights all on .0 or .5, everyone 12-23 months measured standing.
    B: ordinary (HAZ -1 +- 1, heights on every digit, lying under 24 months), one child measured twice with its
    length falling 2 cm, one with its weight falling 20 %; 3 rows carry a "not measured" note.
    """
    con = duckdb.connect()
    con.execute("CREATE TABLE kelurahan (kode VARCHAR, kecamatan_kode VARCHAR, kabupaten_kode VARCHAR)")
    con.execute("INSERT INTO kelurahan VALUES ('99.72.01.1001', '99.72.01', '99.72'), ('99.72.01.1002', '99.72.01', '99.72')")
    con.execute("CREATE TABLE posyandu (posyandu_id VARCHAR, nama VARCHAR, kode VARCHAR, puskesmas VARCHAR)")
    con.execute("INSERT INTO posyandu VALUES ('A', 'Posyandu A', '99.72.01.1001', 'Puskesmas Satu'),"
                " ('B', 'Posyandu B', '99.72.01.1002', 'Puskesmas Dua')")
    con.execute("""CREATE TABLE measurements (measurement_id BIGINT, child_id VARCHAR, sex TINYINT, birth_date DATE,
        measure_date DATE, weight_kg DOUBLE, height_cm DOUBLE, measured VARCHAR, kode VARCHAR, posyandu_id VARCHAR,
        source_file VARCHAR, source_row INTEGER, export_haz DOUBLE, export_waz DOUBLE, export_whz DOUBLE,
        age_days INTEGER, haz DOUBLE, waz DOUBLE, whz DOUBLE, baz DOUBLE, flag_haz BOOLEAN, flag_waz BOOLEAN,
        flag_whz BOOLEAN, flag_baz BOOLEAN, period VARCHAR)""")
    rows = []
    a_haz = [(-3.5 if i % 2 else 1.0) + 0.05 * i for i in range(40)]          # wide: SD about 2.3
    for i, haz in enumerate(a_haz):
        age = 400 + 7 * i                                                    # 13-22 months
        rows.append((1000 + i, f"a{i}", 1 + i % 2, DAY - dt.timedelta(days=age), DAY, 9.5 + (i % 3) * 0.5,
                     72.0 + (i % 6) * 0.5, "H", "99.72.01.1001", "A", "a.csv", i + 2, haz, 0.0, 0.0, age, haz,
                     0.0, 0.1 * (i % 5), None, False, False, False, False, PERIOD))
    b_haz = [-1 + ((i % 10) - 4.5) / 4.5 for i in range(40)]
    for i, haz in enumerate(b_haz):
        age = 200 + 30 * i
        measured = "L" if age < 731 else "H"
        rows.append((2000 + i, f"b{i}", 1 + i % 2, DAY - dt.timedelta(days=age), DAY, 8.0 + i * 0.13,
                     70.0 + i * 0.71, measured, "99.72.01.1002", "B", "b.csv", i + 2, haz, 0.0, 0.0, age, haz,
                     0.0, 0.0, None, False, False, False, False, PERIOD))
    # earlier visits of b0 (2 cm longer) and b1 (20 % heavier), in the previous period
    earlier = DAY - dt.timedelta(days=30)
    rows.append((1, "b0", 1, DAY - dt.timedelta(days=200), earlier, 8.0, 72.0, "L", "99.72.01.1002", "B", "b0.csv",
                 2, -1.0, 0.0, 0.0, 170, -1.0, 0.0, 0.0, None, False, False, False, False, "2025-07"))
    rows.append((2, "b1", 2, DAY - dt.timedelta(days=230), earlier, 8.13 * 1.25, 70.0, "L", "99.72.01.1002", "B",
                 "b0.csv", 3, -1.0, 0.0, 0.0, 200, -1.0, 0.0, 0.0, None, False, False, False, False, "2025-07"))
    con.executemany("INSERT INTO measurements VALUES (" + ", ".join("?" * 25) + ")", rows)
    con.execute("CREATE TABLE import_notes (source_file VARCHAR, source_row INTEGER, note_code VARCHAR, detail VARCHAR)")
    con.execute("INSERT INTO import_notes VALUES ('b.csv', 2, 'sentinel_value', 'Tinggi=0'),"
                " ('b.csv', 3, 'sentinel_value', 'Tinggi=0'), ('b.csv', 4, 'sentinel_value', 'Berat=0')")
    con.execute("CREATE TABLE quarantine (kind VARCHAR, source_file VARCHAR, source_row INTEGER, column_name VARCHAR,"
                " value VARCHAR, reason_code VARCHAR, reason VARCHAR, hint VARCHAR)")
    con.execute("INSERT INTO quarantine VALUES ('measurement', 'a.csv', 90, 'birth_date', '01/01/2019',"
                " 'age_over_59_months', 'x', 'y')")
    write_measured_children(con)  # as the import does right after the measurements
    build_quality(con)
    return con


@pytest.fixture(scope="module")
def con():
    connection = _db()
    yield connection
    connection.close()


def check(con, level: str, unit: str, column: str, period: str = PERIOD):
    return con.execute(f"SELECT {column} FROM quality_checks WHERE level = ? AND unit = ? AND period = ?",
                       [level, unit, period]).fetchone()[0]


def test_sd_skewness_and_kurtosis_of_a_posyandu(con):
    a_haz = [(-3.5 if i % 2 else 1.0) + 0.05 * i for i in range(40)]
    assert check(con, "posyandu", "A", "children") == 40
    assert check(con, "posyandu", "A", "sd_haz") == pytest.approx(statistics.stdev(a_haz))
    mean = statistics.fmean(a_haz)
    m2 = sum((x - mean) ** 2 for x in a_haz) / 40
    m3 = sum((x - mean) ** 3 for x in a_haz) / 40
    m4 = sum((x - mean) ** 4 for x in a_haz) / 40
    assert check(con, "posyandu", "A", "skew_haz") == pytest.approx(m3 / m2 ** 1.5)
    assert check(con, "posyandu", "A", "kurt_haz") == pytest.approx(m4 / m2 ** 2)


def test_digits_position_and_routine_checks(con):
    assert check(con, "posyandu", "A", "height_whole") + check(con, "posyandu", "A", "height_half") == 1.0
    assert check(con, "posyandu", "A", "wrong_position") == 1.0          # all 13-22 months, all standing
    assert check(con, "posyandu", "B", "wrong_position") == 0.0
    # B: 40 + 2 measurements; 3 "not measured" notes
    assert check(con, "posyandu", "B", "measurements") == 40
    assert check(con, "posyandu", "B", "zeros") == pytest.approx(3 / 40)
    # b0 fell 2 cm (> 1 cm tolerance), b1 lost 20 % of its weight: one pair each among two repeat visits
    assert check(con, "posyandu", "B", "height_pairs") == 2
    assert check(con, "posyandu", "B", "height_decrease") == 0.5
    assert check(con, "posyandu", "B", "weight_drop") == 0.5
    # the puskesmas of a.csv refused one row for age > 59 months
    assert check(con, "puskesmas", "Puskesmas Satu", "over_59_import") == 1
    assert check(con, "puskesmas", "Puskesmas Dua", "over_59_import") == 0
    assert check(con, "kabupaten", "99.72", "children") == 80


def test_grades_name_their_reasons(con):
    grades = con.execute("SELECT unit, grade, [r.code FOR r IN reasons] FROM quality_grades"
                         " WHERE level = 'posyandu' AND period = ? ORDER BY unit", [PERIOD]).fetchall()
    a, b = grades
    assert a[1] == "bermasalah"
    assert {"sd_haz_high", "wrong_position"} <= set(a[2])
    # B: zeros are graded at puskesmas level; at posyandu level they call for attention
    assert b[1] == "perhatian" and "zeros" in b[2]
    pkm = dict(con.execute("SELECT unit, grade FROM quality_grades WHERE level = 'puskesmas' AND period = ?",
                           [PERIOD]).fetchall())
    assert pkm["Puskesmas Dua"] == "bermasalah"


def test_desa_marked_where_its_children_come_from_a_bad_posyandu(con):
    desa = dict(con.execute("SELECT kode, problem FROM quality_desa WHERE period = ?", [PERIOD]).fetchall())
    assert desa == {"99.72.01.1001": True, "99.72.01.1002": True}
    units = con.execute("SELECT units FROM quality_desa WHERE kode = '99.72.01.1001' AND period = ?",
                        [PERIOD]).fetchone()[0]
    assert units == ["A", "Puskesmas Satu"]    # the same 40 children make the puskesmas bermasalah too
