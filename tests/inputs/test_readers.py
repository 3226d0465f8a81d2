"""e-PPGBM, posyandu and sasaran imports: the checks a TPPS analyst would make on their own files."""
from __future__ import annotations

from datetime import date

import pytest

from pipelines.privacy import hash_id
from pipelines.inputs.readers import FileReport, format_report, load_measurements, load_posyandu, load_sasaran
from pipelines.inputs.tabular import FileError
from readers_fixture import HASH_KEY, all_text, excel_serial, make_db, row, write_csv, write_xlsx


def _q(con, kind="measurement"):
    return con.execute("SELECT source_file, source_row, column_name, value, reason_code, hint FROM quarantine "
                       "WHERE kind = $k ORDER BY source_file, source_row", {"k": kind}).fetchall()


def test_semicolon_decimal_comma_bom(tmp_path):
    con = make_db()
    f = write_csv(tmp_path / "pkm_ratu_agung.csv", [row(1), row(2, Berat="9,75", Tinggi="80,4")], ";", bom=True)
    [rep] = load_measurements(con, [f], HASH_KEY)
    assert (rep.rows_read, rep.rows_accepted, rep.rows_quarantined) == (2, 2, 0)
    got = con.execute("SELECT source_row, sex, birth_date, measure_date, weight_kg, height_cm, measured, kode, "
                      "export_haz FROM measurements ORDER BY source_row").fetchall()
    assert got[0] == (2, 1, date(2022, 3, 5), date(2024, 3, 10), 12.5, 86.1, "H", "99.71.01.1001", -0.40)
    assert got[1][4:6] == (9.75, 80.4) and got[1][1] == 2
    assert len(rep.sha256) == 64


def test_comma_delimiter_decimal_point_no_bom(tmp_path):
    con = make_db()
    f = write_csv(tmp_path / "a.csv", [row(1), row(2)], ",", bom=False, decimal=".")
    [rep] = load_measurements(con, [f], HASH_KEY)
    assert rep.rows_accepted == 2
    assert con.execute("SELECT sum(weight_kg) FROM measurements").fetchone()[0] == 25.0


def test_measurements_contract_types(tmp_path):
    con = make_db()
    load_measurements(con, [write_csv(tmp_path / "a.csv", [row(1)])], HASH_KEY)
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'measurements'").fetchall())
    assert list(types) == ["measurement_id", "child_id", "sex", "birth_date", "measure_date", "weight_kg", "height_cm",
                           "measured", "kode", "posyandu_id", "source_file", "source_row", "export_haz", "export_waz",
                           "export_whz",
                           # WHO z-scores, computed as the table is written (pipelines/sql/measurements.sql)
                           "age_days", "haz", "waz", "whz", "baz", "flag_haz", "flag_waz", "flag_whz", "flag_baz",
                           # and its period (calendar month by default), written with the row, never updated later
                           "period"]
    assert con.execute("SELECT DISTINCT period FROM measurements").fetchall() == [("2024-03",)]
    assert types["sex"] == "TINYINT" and types["birth_date"] == "DATE" and types["weight_kg"] == "DOUBLE"
    assert types["haz"] == "DOUBLE" and types["flag_haz"] == "BOOLEAN" and types["age_days"] == "INTEGER"
    qcols = [c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'quarantine'").fetchall()]
    assert qcols == ["kind", "source_file", "source_row", "column_name", "value", "reason_code", "reason", "hint"]


def test_period_follows_the_weighing_rounds(tmp_path):
    """A March measurement belongs to the February round when Jan-Jun are the February bulan timbang."""
    from pipelines.settings import Settings

    con = make_db()
    rounds = Settings(rounds={m: (2 if m <= 6 else 8) for m in range(1, 13)})
    load_measurements(con, [write_csv(tmp_path / "a.csv", [row(1)])], HASH_KEY, settings=rounds)
    assert con.execute("SELECT DISTINCT period FROM measurements").fetchall() == [("2024-02",)]


def test_excel_serial_dates_in_csv_and_date_cells_in_xlsx(tmp_path):
    con = make_db()
    serial = row(1, **{"Tgl Lahir": str(excel_serial(date(2022, 3, 5))),
                       "Tanggal Pengukuran": str(excel_serial(date(2024, 3, 10)))})
    iso = row(2, **{"Tgl Lahir": "2022-03-05", "Tanggal Pengukuran": "2024-03-10 00:00:00"})
    f1 = write_csv(tmp_path / "serial.csv", [serial, iso])
    f2 = write_xlsx(tmp_path / "cells.xlsx", [row(3), row(4)], typed=True)
    f3 = write_xlsx(tmp_path / "serial_cells.xlsx", [row(5, **{"Tgl Lahir": excel_serial(date(2022, 3, 5)),
                                                              "Tanggal Pengukuran": float(excel_serial(date(2024, 3, 10)))})],
                    typed=False)
    reps = load_measurements(con, [f1, f2, f3], HASH_KEY)
    assert [r.rows_accepted for r in reps] == [2, 2, 1], format_report(reps)
    assert con.execute("SELECT DISTINCT birth_date, measure_date FROM measurements").fetchall() == [
        (date(2022, 3, 5), date(2024, 3, 10))]


def test_xlsx_title_rows_and_trailing_blank_rows(tmp_path):
    con = make_db()
    f = write_xlsx(tmp_path / "laporan.xlsx", [row(1), row(2, JK="X")],
                   title_rows=[["LAPORAN e-PPGBM PUSKESMAS RATU AGUNG"], ["Periode: Maret 2024"], []],
                   trailing_blank=5)
    [rep] = load_measurements(con, [f], HASH_KEY)
    assert (rep.rows_read, rep.rows_accepted) == (2, 1)
    # header on sheet row 4, so data rows are 5 and 6
    assert con.execute("SELECT source_row FROM measurements").fetchall() == [(5,)]
    assert _q(con)[0][:5] == ("laporan.xlsx", 6, "JK", "X", "unknown_sex")


def test_name_matched_within_kecamatan(tmp_path):
    con = make_db()
    rows = [
        row(1, Kec="Ratu Agung", **{"Desa/Kel": "Kel. Sukamaju"}),
        row(2, Kec="GADING  CEMPAKA", **{"Desa/Kel": "kelurahan sukamaju"}),
        row(3, Kec="", **{"Desa/Kel": "Sukamaju"}),                   # in two kecamatan: ambiguous
        row(4, Kec="", **{"Desa/Kel": "Desa Pasar Baru"}),            # unique everywhere: accepted
        row(5, Kec="Gading Cempaka", **{"Desa/Kel": "Kebun Jeruk"}),  # exists, but in Ratu Agung
        row(6, Kec="Teluk Segara", **{"Desa/Kel": "Sukamaju"}),       # unknown kecamatan
        row(7, **{"Desa/Kel": "9971021002"}),                         # undotted code
        row(8, **{"Desa/Kel": "99.71.01.1002"}),                      # dotted code
        row(9, **{"Desa/Kel": "99.71.09.9999"}),                      # unknown code
    ]
    con_rep = load_measurements(con, [write_csv(tmp_path / "a.csv", rows)], HASH_KEY)[0]
    kode = dict(con.execute("SELECT source_row, kode FROM measurements").fetchall())
    assert kode == {2: "99.71.01.1001", 3: "99.71.02.1001", 5: "99.71.01.2003", 8: "99.71.02.1002", 9: "99.71.01.1002"}
    q = {r[1]: r for r in _q(con)}
    assert q[4][4] == "ambiguous_kelurahan" and "gading cempaka" in q[4][5]
    assert q[6][4] == "unknown_kelurahan" and "ratu agung" in q[6][5]
    assert q[7][4] == "unknown_kelurahan" and "Teluk Segara" in q[7][5]
    assert q[10][4] == "unknown_kelurahan" and q[10][3] == "99.71.09.9999" and q[10][2] == "Desa/Kel"
    assert con_rep.by_reason == {"ambiguous_kelurahan": 1, "unknown_kelurahan": 3}


def test_posyandu_matched_by_name_within_kelurahan(tmp_path):
    con = make_db(with_posyandu=True)
    rows = [row(1, Posyandu="Posyandu Mawar"), row(2, Posyandu="P001"), row(3, Posyandu="Melati"),
            row(4, Posyandu=""), row(5, Kec="Gading Cempaka", Posyandu="melati")]
    [rep] = load_measurements(con, [write_csv(tmp_path / "a.csv", rows)], HASH_KEY)
    got = dict(con.execute("SELECT source_row, posyandu_id FROM measurements").fetchall())
    assert got == {2: "P001", 3: "P001", 5: None, 6: "P002"}
    assert _q(con) == [("a.csv", 4, "Posyandu", "Melati", "unknown_posyandu",
                        "Tidak ada di daftar posyandu kelurahan ini (not in the posyandu register for this kelurahan)")]


def test_reimport_same_file_and_overlapping_exports_count_once(tmp_path):
    con = make_db()
    a = write_csv(tmp_path / "januari.csv", [row(i) for i in range(1, 6)])
    b = write_csv(tmp_path / "januari_revisi.csv", [row(i) for i in range(4, 9)])  # 4, 5 overlap
    reps = load_measurements(con, [a, a, b], HASH_KEY)
    assert [(r.rows_read, r.rows_accepted) for r in reps] == [(5, 5), (5, 0), (5, 3)]
    assert reps[1].by_reason == {"duplicate": 5}
    assert con.execute("SELECT count(*), count(DISTINCT child_id) FROM measurements").fetchone() == (8, 8)
    # running the import again replaces, never adds
    load_measurements(con, [a, a, b], HASH_KEY)
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == 8
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 7


def _as_parquet(csv_path, out):
    import duckdb

    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{csv_path}', delim=';', header=true, all_varchar=true)) "
                             f"TO '{out}' (FORMAT parquet)")
    return out


def test_parquet_read_in_place_equals_csv_also_mixed(tmp_path):
    """A Parquet export is read through a view, not copied: same rows, row numbers, quarantine and duplicates
    as the same rows in CSV, also when both kinds are imported together."""
    rows = [row(1), row(2, JK="X"), row(3, Berat="abc"), row(4), row(1)]  # sex, number, duplicate of row 2
    a = write_csv(tmp_path / "a.csv", rows)
    b = write_csv(tmp_path / "b.csv", [row(4), row(5, Tinggi="8888")])  # child 4 again: duplicate across files
    a_pq, b_pq = _as_parquet(a, tmp_path / "a.parquet"), _as_parquet(b, tmp_path / "b.parquet")

    def result(files):
        con = make_db()
        reps = load_measurements(con, files, HASH_KEY)
        tables = [con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                  for t in ("measurements", "quarantine", "import_notes")]
        reports = [(r.file_name.replace(".parquet", ".csv"), r.rows_read, r.rows_accepted, r.by_reason, r.notes)
                   for r in reps]
        return reports, repr(tables).replace(".parquet", ".csv")  # file names are quoted in hints too

    expected = result([a, b])
    assert expected[0] == [("a.csv", 5, 2, {"unknown_sex": 1, "invalid_number": 1, "duplicate": 1}, {}),
                           ("b.csv", 2, 1, {"duplicate": 1}, {"sentinel_value": 1})]
    assert result([a_pq, b_pq]) == expected
    assert result([a, b_pq]) == expected
    assert result([a_pq, b]) == expected


def test_same_child_other_date_is_not_duplicate(tmp_path):
    con = make_db()
    rows = [row(1), row(1, **{"Tanggal Pengukuran": "10/04/2024", "Usia Saat Ukur": ""})]
    [rep] = load_measurements(con, [write_csv(tmp_path / "a.csv", rows)], HASH_KEY)
    assert rep.rows_accepted == 2
    assert con.execute("SELECT count(DISTINCT child_id) FROM measurements").fetchone()[0] == 1


def test_no_name_or_nik_in_any_table(tmp_path):
    con = make_db(with_posyandu=True)
    rows = [row(i) for i in range(1, 4)] + [row(9, JK="?"), row(10, NIK="", Berat="abc")]
    load_measurements(con, [write_csv(tmp_path / "a.csv", rows), write_xlsx(tmp_path / "b.xlsx", [row(11)])], HASH_KEY)
    text = all_text(con)
    for r in rows + [row(11)]:
        for col in ("NIK", "Nama", "Nama Ortu", "Alamat"):
            if r[col]:
                assert r[col] not in text, col
        assert r["Nama"].split()[1].lower() not in text.lower()
    assert HASH_KEY not in text
    # child_id is the project's keyed hash of the NIK
    assert con.execute("SELECT child_id FROM measurements WHERE source_row = 2 AND source_file = 'a.csv'").fetchone()[0] \
        == hash_id(row(1)["NIK"], HASH_KEY)


def test_nik_fallback_links_by_name_birth_and_sex(tmp_path):
    con = make_db()
    rows = [row(1, NIK=""), row(1, NIK="3.27E+15", **{"Tanggal Pengukuran": "10/04/2024", "Usia Saat Ukur": ""}),
            row(2, NIK="", Nama="")]
    [rep] = load_measurements(con, [write_csv(tmp_path / "a.csv", rows)], HASH_KEY)
    assert rep.rows_accepted == 2 and rep.by_reason == {"missing_value": 1}
    assert con.execute("SELECT count(DISTINCT child_id) FROM measurements").fetchone()[0] == 1
    assert rep.notes == {"nik_fallback": 2}
    assert _q(con)[0][2] == "NIK" and _q(con)[0][3] is None


def test_age_text_and_position(tmp_path):
    con = make_db()
    rows = [row(1, **{"Usia Saat Ukur": "3 Tahun - 1 Bulan"}), row(2, **{"Cara Ukur": "Terlentang", "Tinggi": "84"}),
            row(3, **{"Cara Ukur": "duduk"}), row(4, Berat="8888"), row(5, Tinggi="9999")]
    [rep] = load_measurements(con, [write_csv(tmp_path / "a.csv", rows)], HASH_KEY)
    assert rep.rows_accepted == 5
    assert rep.notes == {"age_text_mismatch": 1, "unknown_position": 1, "sentinel_value": 2}
    got = dict(con.execute("SELECT source_row, measured FROM measurements").fetchall())
    assert got[3] == "L" and got[4] is None and got[2] == "H"
    assert con.execute("SELECT weight_kg, height_cm FROM measurements WHERE source_row = 5").fetchone() == (None, 86.1)
    note = con.execute("SELECT detail FROM import_notes WHERE note_code = 'age_text_mismatch'").fetchone()[0]
    assert "3 Tahun - 1 Bulan" in note and "24 bulan" in note


def test_format_report_in_indonesian(tmp_path):
    con = make_db()
    f = write_csv(tmp_path / "pkm.csv", [row(1), row(2, JK=""), row(3, Tinggi="861")])
    text = format_report(load_measurements(con, [f], HASH_KEY))
    assert "pkm.csv (measurement): 3 baris dibaca, 1 diterima, 2 dikarantina" in text
    assert "Jenis kelamin tidak dikenal [unknown_sex]: 1" in text
    assert "Tinggi/panjang badan di luar rentang yang mungkin [height_out_of_range]: 1" in text
    assert isinstance(FileReport("x", "measurement", 0, 0, 0, {}, ""), FileReport)


def test_failed_import_inside_transaction_leaves_database_unchanged(tmp_path):
    con = make_db()
    good = write_csv(tmp_path / "good.csv", [row(1), row(2)])
    load_measurements(con, [good], HASH_KEY)
    bad = tmp_path / "bad.csv"
    bad.write_text("NIK;Nama;JK\n1;2;L\n")
    con.begin()
    with pytest.raises(FileError, match="bad.csv"):
        load_measurements(con, [write_csv(tmp_path / "other.csv", [row(5)]), bad], HASH_KEY)
    con.rollback()
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == 2


def test_requires_kelurahan_table(tmp_path):
    import duckdb

    with pytest.raises(FileError, match="kelurahan"):
        load_measurements(duckdb.connect(), [write_csv(tmp_path / "a.csv", [row(1)])], HASH_KEY)


def test_posyandu_register(tmp_path):
    con = make_db()
    f = tmp_path / "posyandu.csv"
    f.write_text(
        "Kode Posyandu;Nama Posyandu;Kode Desa/Kel;Desa/Kel;Kecamatan;Puskesmas;Longitude;Latitude\n"
        "P001;Mawar;9971011001;;;PKM A;102,26;-3,79\n"
        "P002;Melati;;Sukamaju;Gading Cempaka;PKM B;;\n"
        "P003;Anggrek;99.71.01.1002;;;PKM A;-3.8;102.3\n"      # swapped: kept, no coordinates, note
        "P004;Dahlia;99.71.01.1002;;;PKM A;200;95\n"           # outside Indonesia: kept, note
        "P005;;99.71.01.1002;;;PKM A;;\n"                      # no name
        "P001;Mawar Dua;99.71.01.1001;;;PKM A;;\n"             # repeated id
        "P006;Kenanga;99.71.05.1001;;;PKM A;;\n"               # unknown kelurahan
        "P007;Kamboja;;Sukamaju;;PKM A;;\n")                    # ambiguous kelurahan
    rep = load_posyandu(con, f)
    assert (rep.rows_read, rep.rows_accepted, rep.rows_quarantined) == (8, 4, 4)
    assert rep.by_reason == {"missing_value": 1, "duplicate": 1, "unknown_kelurahan": 1, "ambiguous_kelurahan": 1}
    assert rep.notes == {"invalid_coordinates": 2}
    got = con.execute("SELECT posyandu_id, kode, lon, lat FROM posyandu ORDER BY 1").fetchall()
    assert got == [("P001", "99.71.01.1001", 102.26, -3.79), ("P002", "99.71.02.1001", None, None),
                   ("P003", "99.71.01.1002", None, None), ("P004", "99.71.01.1002", None, None)]
    notes = con.execute("SELECT source_row, detail FROM import_notes ORDER BY 1").fetchall()
    assert notes[0][0] == 4 and "tertukar" in notes[0][1]
    # measurements then use the register
    [m] = load_measurements(con, [write_csv(tmp_path / "m.csv", [row(1, Posyandu="Mawar"), row(2, Posyandu="Kenanga")])],
                            HASH_KEY)
    assert m.by_reason == {"unknown_posyandu": 1}
    assert con.execute("SELECT count(*) FROM quarantine WHERE kind = 'posyandu'").fetchone()[0] == 4


def test_sasaran(tmp_path):
    con = make_db()
    f = tmp_path / "sasaran.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in [["Kode Desa/Kel", "Tahun", "Sasaran Balita"], ["99.71.01.1001", 2024, 312], ["9971011002", "2024", "150"],
              ["99.71.01.1001", 2024, 300], ["99.71.01.1002", 2024, -4], ["99.71.01.1002", 24, 10],
              ["99.71.07.1001", 2024, 10], ["99.71.02.1001", 2024, 12.5]]:
        ws.append(r)
    wb.save(f)
    rep = load_sasaran(con, f)
    assert (rep.rows_read, rep.rows_accepted) == (7, 2)
    assert rep.by_reason == {"invalid_number": 3, "duplicate": 1, "unknown_kelurahan": 1}
    assert con.execute("SELECT kode, year, target_children FROM sasaran ORDER BY kode").fetchall() == [("99.71.01.1001", 2024, 312),
                                                                            ("99.71.01.1002", 2024, 150)]
