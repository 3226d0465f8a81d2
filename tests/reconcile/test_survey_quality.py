"""Survey figures as an input (file, template, typed figures beside the database) and the quality signals."""
from __future__ import annotations

import math

import duckdb
import pytest

from pipelines.quality.checks import build_quality
from pipelines.reconcile import build_reconcile
from pipelines.reconcile.report import quality_signals
from pipelines.reconcile import survey as sv
from pipelines.settings import Settings
from reconcile_fixture import Child, reconcile_db

GOOD = ("Sumber;Tahun;Tingkat;Kode Wilayah;Prevalensi Stunting (%);Batas Bawah 95% (%);Batas Atas 95% (%);SE (%);"
        "Usia Min (bulan);Usia Maks (bulan);Fiktif;Catatan\n"
        "SSGI 2024;2024;kabupaten/kota;35.07;21,6;18,2;25,3;;;;tidak;hal. 12\n"
        "SKI 2023;2023;provinsi;35;19.8;;;1,5;0;59;;\n")


def test_reads_percent_with_decimal_comma_interval_or_se():
    figures = sv.read_figures(GOOD.encode(), "survei.csv")
    ssgi, ski = figures
    assert (ssgi.source, ssgi.kode, ssgi.level, ssgi.year) == ("SSGI 2024", "35.07", "kabupaten", 2024)
    assert ssgi.prevalence == pytest.approx(0.216) and ssgi.ci_low == pytest.approx(0.182)
    assert ssgi.se == pytest.approx((0.253 - 0.182) / (2 * 1.959964))
    assert ski.kode == "35" and ski.ci_low == pytest.approx(0.198 - 1.959964 * 0.015)
    assert ssgi.origin == "file:survei.csv" and not ssgi.fictional


@pytest.mark.parametrize("row, message", [
    ("SSGI 2024;2024;kabupaten;35.07;21,6;;;;;;;", "SE (%)"),                              # no uncertainty
    ("SSGI 2024;2024;kabupaten;35.07;21,6;23;25;;;;;", "tidak memuat"),                  # interval misses it
    ("SSGI 2024;2024;kecamatan;35.07;21,6;;;1;;;;", "Tingkat"),
    ("SSGI 2024;2024;kabupaten;35;21,6;;;1;;;;", "Kode Wilayah"),
    ("SSGI 2024;2024;kabupaten;35.07;0,216;;;1;;;;", "bukan 0,216"),                     # a share, not per cent
    ("SSGI 2024;2024;kabupaten;35.07;216;;;1;;;;", "0-100"),
    ("SSGI 2024;20xx;kabupaten;35.07;21,6;;;1;;;;", "Tahun"),
    ("SSGI 2024;2024;kabupaten;35.07;21,6;;;1;30;12;;", "Usia Maks"),
])
def test_bad_rows_are_refused_naming_file_column_and_row(row, message):
    header = GOOD.splitlines()[0]
    data = f"{header}\n{row}\n".encode()
    with pytest.raises(sv.SurveyFileError) as error:
        sv.read_figures(data, "s.csv")
    assert "s.csv, baris 2" in str(error.value) and message in str(error.value)


def test_duplicate_and_missing_columns_are_refused():
    row = GOOD.splitlines()[1]
    with pytest.raises(sv.SurveyFileError, match="baris 3.*sudah ada di baris 2"):
        sv.read_figures(f"{GOOD.splitlines()[0]}\n{row}\n{row}\n".encode(), "d.csv")
    with pytest.raises(sv.SurveyFileError, match="kolom wajib"):
        sv.read_figures(b"Sumber,Tahun\nSSGI,2024\n", "m.csv")


def test_template_round_trip_xlsx_and_csv(tmp_path):
    for name in ("t.csv", "t.xlsx"):
        sv.write_template(tmp_path / name)
    with pytest.raises(sv.SurveyFileError, match="tidak ada baris data|kosong"):
        sv.read_figures((tmp_path / "t.csv").read_bytes(), "t.csv")
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "t.xlsx")
    wb.active.append(["SSGI 2024", 2024, "kabupaten/kota", "35.07", 21.6, 18.2, 25.3, None, 0, 59, "tidak", ""])
    wb.save(tmp_path / "t.xlsx")
    assert sv.read_figures((tmp_path / "t.xlsx").read_bytes(), "t.xlsx")[0].ci_high == pytest.approx(0.253)


def test_typed_figures_live_beside_the_database_and_survive_a_rebuild(tmp_path):
    db = tmp_path / "kab.duckdb"
    with duckdb.connect(str(db)) as con:
        sv.write_table(con, sv.read_figures(GOOD.encode(), "survei.csv"))
    typed = sv.SurveyFigure("SSGI 2024", 2024, "kabupaten", "35.07", 0.30, 0.25, 0.35, 0.025, origin="dasbor")
    sv.add_typed(db, typed)
    sv.add_typed(db, sv.SurveyFigure("Survei Lokal", 2025, "kabupaten", "35.07", 0.2, 0.15, 0.25, 0.025, origin="dasbor"))
    db.unlink()                                                    # a rebuild replaces the database file
    with duckdb.connect(str(db)) as con:
        sv.write_table(con, sv.read_figures(GOOD.encode(), "survei.csv"))
        found = {(f.source, f.kode): f for f in sv.figures(con)}
    assert found[("SSGI 2024", "35.07")].prevalence == pytest.approx(0.30)     # the typed one replaces the built one
    assert found[("SSGI 2024", "35.07")].origin == "dasbor"
    assert ("Survei Lokal", "35.07") in found and ("SKI 2023", "35") in found
    sv.remove_typed(db, "Survei Lokal", "35.07")
    assert [f.source for f in sv.typed_figures(db)] == ["SSGI 2024"]


def test_quality_signals_per_kabupaten_are_the_quality_steps():
    """Dua Angka shows the data-quality step's statistics (quality_checks), not a second computation of them."""
    a = "99.72.01.1001"
    kids = [
        Child("old_lying", a, 1, "2022-05-01", [("2025-02-10", -1.0, 10.0, 90.0, "L")]),     # 1016 days lying: wrong
        Child("young_standing", a, 2, "2024-01-01", [("2025-02-10", -1.0, 9.0, 75.0, "H")]),  # 406 days standing: wrong
        Child("young_lying", a, 1, "2024-01-15", [("2025-02-10", 0.0, 9.0, 76.0, "L")]),
        Child("unknown", a, 2, "2024-01-15", [("2025-02-10", 1.0, 9.0, 77.0, None)]),
    ]
    con = reconcile_db(kids, {a: 10})
    build_quality(con, Settings())
    build_reconcile(con, Settings())
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'reconcile_quality'").fetchone()[0] == 0
    q = quality_signals(con, "2025-02", "99.72", "kabupaten")
    assert q["measurements"] == 4 and q["children"] == 4
    assert q["standing_young"] == pytest.approx(1 / 2)             # 1 of the 2 children 9-23 months stood
    assert q["lying_old"] == 1.0                                   # the one child 24-59 months lay
    assert q["wrong_position"] is None or math.isnan(q["wrong_position"])   # fewer than 20 children per group
    assert q["dps_height"] == pytest.approx(100.0)                # every length ends in .0
    assert q["height_digit0"] == 1.0
    assert q["birth_heaping"] == pytest.approx(1 / (24 / 365.25))   # all four born on the 1st or the 15th
    assert q["sd_haz"] == pytest.approx(0.957427, abs=1e-6)
    row = con.execute("SELECT sd_haz, dps_height FROM quality_checks WHERE level = 'kecamatan' AND unit = '99.72.01'"
                      " AND period = '2025-02'").fetchone()
    kec = quality_signals(con, "2025-02", "99.72.01", "kecamatan")
    assert (kec["sd_haz"], kec["dps_height"]) == pytest.approx(row)


def test_one_expected_haz_sd_for_the_grade_and_dua_angka():
    """`[dua_angka] haz_sd_expected` moves the quality rule sd_haz_high and the SD adjustment together."""
    a = "99.72.01.1001"
    # 40 children of one posyandu, HAZ spread with SD about 1.6: inside the published 1.35-1.95
    kids = [Child(f"c{i}", a, 1 + i % 2, "2023-03-03", [("2025-02-10", -1.0 + 1.6 * ((i % 8) - 3.5) / 2.29, 10.0,
                                                        80.0 + (i % 10) / 10, "H", "P-1")]) for i in range(40)]
    default, narrow = Settings(), Settings()
    narrow.haz_sd_expected = (1.0, 1.3)
    sd = None
    for settings, fired in ((default, False), (narrow, True)):
        con = reconcile_db(kids, {a: 40})
        build_quality(con, settings)
        build_reconcile(con, settings)
        sd, reasons = con.execute("SELECT c.sd_haz, g.reasons FROM quality_checks c JOIN quality_grades g USING (level, unit, period)"
                                  " WHERE level = 'posyandu' AND unit = 'P-1'").fetchone()
        assert any(r["code"] == "sd_haz_high" for r in reasons) is fired
        stunted, adjusted = con.execute("SELECT sum(stunted), sum(stunted_sd_adjusted) FROM reconcile_cells"
                                        " WHERE span = 'period'").fetchone()
        assert (adjusted < stunted) is fired
    assert 1.3 < sd < 1.95


def test_a_sasaran_file_may_carry_age_bands(tmp_path):
    """Sasaran with the optional band columns: read as given (bad cell quarantined), used instead of the split."""
    from pipelines.inputs import readers
    from pipelines.reconcile import poststrat as ps
    from pipelines.reconcile.report import _sasaran

    con = reconcile_db([])
    path = tmp_path / "sasaran.csv"
    path.write_text("Kode Desa/Kel,Tahun,Sasaran Balita,Sasaran 0-5 Bulan,Sasaran 6-11 Bulan,Sasaran 12-23 Bulan,"
                    "Sasaran 24-59 Bulan\n"
                    "99.72.01.1001,2025,100,8,9,21,62\n"
                    "99.72.01.1002,2025,50,,,,\n"
                    "99.72.02.1003,2025,60,5,x,10,40\n", encoding="utf-8")
    report = readers.load_sasaran(con, path)
    assert (report.rows_read, report.rows_accepted, report.by_reason) == (3, 2, {"invalid_number": 1})
    column, value = con.execute("SELECT column_name, value FROM quarantine WHERE kind = 'sasaran'").fetchone()
    assert (column, value) == ("Sasaran 6-11 Bulan", "x")
    frame, year = _sasaran(con, 2025)
    targets = ps.split_sasaran(frame, 0.5).groupby(["kode", "age_band"])["target"].sum()
    assert targets[("99.72.01.1001", "0-5")] == 8 and targets[("99.72.01.1001", "24-59")] == 62
    assert targets[("99.72.01.1002", "24-59")] == pytest.approx(30)       # no bands: 50 x 36/60
