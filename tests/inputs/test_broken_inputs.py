"""Corpus of broken e-PPGBM inputs (CSV and XLSX), built from code in tmp_path.

Row faults: each file holds four valid rows around one broken row (sheet row 5). The broken row must land in
quarantine with its documented reason, column and hint; the four valid rows must all be accepted.
File faults: the file is refused with a FileError whose message names the file (and the column).
"""
from __future__ import annotations

import zipfile

import duckdb
import pytest

from pipelines.inputs.readers import load_measurements
from pipelines.inputs.tabular import FileError
from readers_fixture import HASH_KEY, make_db, row, write_csv, write_xlsx

# id: (format, overrides of the broken row, reason_code, column as written, hint fragment or None)
ROW_FAULTS = {
    "impossible_birth_date": ("csv", {"Tgl Lahir": "31/02/2022"}, "unparseable_date", "Tgl Lahir", "dd/mm/yyyy"),
    "text_measure_date": ("xlsx", {"Tanggal Pengukuran": "kemarin"}, "unparseable_date", "Tanggal Pengukuran", None),
    "us_month_first_date": ("csv", {"Tanggal Pengukuran": "03/25/2024"}, "unparseable_date", "Tanggal Pengukuran", None),
    "two_digit_year": ("csv", {"Tgl Lahir": "05/03/22"}, "unparseable_date", "Tgl Lahir", None),
    "birth_after_measurement": ("xlsx", {"Tgl Lahir": "11/03/2024"}, "birth_after_measurement", "Tgl Lahir", "Lahir 11/03/2024"),
    "age_over_59_months": ("csv", {"Tgl Lahir": "01/01/2018"}, "age_over_59_months", "Tgl Lahir", "bulan"),
    "height_in_millimetres": ("csv", {"Tinggi": "861"}, "height_out_of_range", "Tinggi", "milimeter"),
    "height_in_metres": ("xlsx", {"Tinggi": "0,86"}, "height_out_of_range", "Tinggi", "meter"),
    "weight_in_grams": ("xlsx", {"Berat": "12500"}, "weight_out_of_range", "Berat", "gram"),
    "negative_weight": ("csv", {"Berat": "-12"}, "weight_out_of_range", "Berat", "0.5-40"),
    "weight_height_swapped": ("csv", {"Berat": "86,1", "Tinggi": "12,5"}, "height_weight_swapped", "Berat", "tertukar"),
    "sex_code_unknown": ("xlsx", {"JK": "X"}, "unknown_sex", "JK", None),
    "sex_empty": ("csv", {"JK": ""}, "unknown_sex", "JK", None),
    "kelurahan_typo": ("csv", {"Desa/Kel": "Sukamju"}, "unknown_kelurahan", "Desa/Kel",
                       "Nama terdekat di kecamatan RATU AGUNG: Sukamaju"),
    "kelurahan_typo_no_kecamatan": ("xlsx", {"Kec": "", "Desa/Kel": "Kebon Jeruk"}, "unknown_kelurahan", "Desa/Kel",
                                    "Nama terdekat: Kebun Jeruk (Ratu Agung)"),
    "kelurahan_in_two_kecamatan": ("xlsx", {"Kec": "", "Desa/Kel": "SUKAMAJU"}, "ambiguous_kelurahan", "Desa/Kel",
                                   "beberapa kecamatan"),
    "kelurahan_code_unknown": ("xlsx", {"Desa/Kel": "9971099999"}, "unknown_kelurahan", "Desa/Kel", "Kode"),
    "kelurahan_code_short": ("csv", {"Desa/Kel": "99.71.01"}, "unknown_kelurahan", "Desa/Kel", "10 angka"),
    "kelurahan_empty": ("csv", {"Desa/Kel": ""}, "missing_value", "Desa/Kel", None),
    "weight_as_words": ("csv", {"Berat": "dua belas"}, "invalid_number", "Berat", None),
    "weight_nan": ("csv", {"Berat": "NaN"}, "invalid_number", "Berat", None),
    "height_infinite": ("xlsx", {"Tinggi": "inf"}, "invalid_number", "Tinggi", None),
    "sentinels_in_both": ("csv", {"Berat": "8888", "Tinggi": "9999"}, "missing_value", "Berat", "8888"),
    "birth_date_missing": ("xlsx", {"Tgl Lahir": ""}, "missing_value", "Tgl Lahir", None),
    "no_nik_no_name": ("csv", {"NIK": "", "Nama": ""}, "missing_value", "NIK", None),
    "posyandu_not_in_register": ("csv", {"Posyandu": "Teratai"}, "unknown_posyandu", "Posyandu", "daftar posyandu"),
    "formula_text_in_posyandu": ("csv", {"Posyandu": "=HYPERLINK(\"http://x\")"}, "unknown_posyandu", "Posyandu", None),
}


def _build(tmp_path, fmt: str, rows: list[dict]):
    path = tmp_path / f"pkm.{fmt}"
    return write_csv(path, rows) if fmt == "csv" else write_xlsx(path, rows)


@pytest.mark.parametrize("fault", sorted(ROW_FAULTS))
def test_row_fault_quarantined_and_valid_rows_kept(tmp_path, fault):
    fmt, over, code, column, hint = ROW_FAULTS[fault]
    con = make_db(with_posyandu=True)
    rows = [row(1), row(2), row(3), row(4, **over), row(5)]
    [rep] = load_measurements(con, [_build(tmp_path, fmt, rows)], HASH_KEY)
    assert (rep.rows_read, rep.rows_accepted, rep.rows_quarantined) == (5, 4, 1), rep
    assert rep.by_reason == {code: 1}
    q = con.execute("SELECT source_row, column_name, reason_code, reason, hint FROM quarantine").fetchall()
    assert len(q) == 1
    source_row, col, got_code, reason, got_hint = q[0]
    assert (source_row, col, got_code) == (5, column, code)
    assert reason  # Indonesian text from pipelines/reasons.py
    if hint:
        assert hint in (got_hint or ""), got_hint
    assert sorted(r for (r,) in con.execute("SELECT source_row FROM measurements").fetchall()) == [2, 3, 4, 6]


def test_duplicate_row_in_xlsx(tmp_path):
    con = make_db()
    f = write_xlsx(tmp_path / "ganda.xlsx", [row(1), row(2), row(2), row(3)])
    [rep] = load_measurements(con, [f], HASH_KEY)
    assert rep.by_reason == {"duplicate": 1} and rep.rows_accepted == 3
    assert con.execute("SELECT source_row, hint FROM quarantine").fetchone() == (
        4, "Sama dengan baris 3 di ganda.xlsx (same child, date and posyandu)")


def test_truncated_csv_line(tmp_path):
    con = make_db()
    f = write_csv(tmp_path / "putus.csv", [row(1), row(2)])
    with open(f, "a", encoding="utf-8") as fh:
        fh.write(";".join(list(row(3).values())[:12]) + "\n")  # line cut after Desa/Kel
    with open(f, "a", encoding="utf-8") as fh:
        fh.write(";".join(row(4).values()) + "\n")
    [rep] = load_measurements(con, [f], HASH_KEY)
    assert rep.rows_accepted == 3 and rep.by_reason == {"missing_value": 1}
    assert con.execute("SELECT source_row, column_name FROM quarantine").fetchone() == (4, "Tanggal Pengukuran")


def test_header_only_file_has_no_rows(tmp_path):
    con = make_db()
    [rep] = load_measurements(con, [write_csv(tmp_path / "kosong.csv", [])], HASH_KEY)
    assert (rep.rows_read, rep.rows_accepted, rep.rows_quarantined) == (0, 0, 0)


def _file_faults(tmp_path):
    out = {}
    (tmp_path / "kosong.csv").write_bytes(b"")
    out["empty_csv"] = (tmp_path / "kosong.csv", ["kosong.csv", "kosong"])
    write_xlsx(tmp_path / "tanpa_jk.xlsx", [row(1)], headers=[h for h in row(1) if h != "JK"])
    out["xlsx_missing_jk_column"] = (tmp_path / "tanpa_jk.xlsx", ["tanpa_jk.xlsx", "'JK'", "kolom wajib"])
    write_csv(tmp_path / "tanpa_tgl.csv", [row(1)], headers=[h for h in row(1) if h != "Tanggal Pengukuran"])
    out["csv_missing_measure_date_column"] = (tmp_path / "tanpa_tgl.csv", ["'Tanggal Pengukuran'"])
    (tmp_path / "eppgbm.xlsx").write_text("<html><body><table><tr><td>NIK</td></tr></table></body></html>")
    out["html_saved_as_xlsx"] = (tmp_path / "eppgbm.xlsx", ["eppgbm.xlsx", "HTML"])
    (tmp_path / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    out["legacy_xls"] = (tmp_path / "lama.xls", ["lama.xls", ".xlsx"])
    good = write_xlsx(tmp_path / "utuh.xlsx", [row(1)])
    (tmp_path / "terpotong.xlsx").write_bytes(good.read_bytes()[:800])
    out["truncated_xlsx"] = (tmp_path / "terpotong.xlsx", ["terpotong.xlsx", "XLSX"])
    broken_zip = tmp_path / "bukan_excel.xlsx"
    with zipfile.ZipFile(broken_zip, "w") as z:
        z.writestr("hello.txt", "bukan workbook")
    out["zip_without_workbook"] = (broken_zip, ["bukan_excel.xlsx", "XLSX"])
    (tmp_path / "foto.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    out["binary_named_csv"] = (tmp_path / "foto.csv", ["foto.csv", "bukan teks"])
    # a Parquet export whose header is intact but whose data pages are damaged: seen only when rows are read
    source = write_csv(tmp_path / "sumber.csv", [row(i) for i in range(1, 400)])
    damaged = tmp_path / "rusak.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{source}', delim=';', header=true, all_varchar=true)) "
                             f"TO '{damaged}' (FORMAT parquet, COMPRESSION uncompressed)")
    data = bytearray(damaged.read_bytes())
    for i in range(len(data) // 4, len(data) // 2):
        data[i] = (data[i] * 7 + 13) % 256
    damaged.write_bytes(bytes(data))
    out["parquet_damaged_data_page"] = (damaged, ["Berkas rusak.parquet", "Parquet"])
    return out


FILE_FAULT_IDS = ["empty_csv", "xlsx_missing_jk_column", "csv_missing_measure_date_column", "html_saved_as_xlsx",
                  "legacy_xls", "truncated_xlsx", "zip_without_workbook", "binary_named_csv", "parquet_damaged_data_page"]


@pytest.mark.parametrize("fault", FILE_FAULT_IDS)
def test_file_fault_refused_with_message(tmp_path, fault):
    path, fragments = _file_faults(tmp_path)[fault]
    con = make_db()
    with pytest.raises(FileError) as err:
        load_measurements(con, [path], HASH_KEY)
    for frag in fragments:
        assert frag in str(err.value), str(err.value)


def test_damaged_parquet_refused_inside_the_build_transaction(tmp_path):
    """The build imports inside one transaction, which the read error aborts: the file is still named."""
    path, _ = _file_faults(tmp_path)["parquet_damaged_data_page"]
    con = make_db()
    con.execute("BEGIN")
    with pytest.raises(FileError, match="Berkas rusak.parquet tidak dapat dibaca sebagai Parquet"):
        load_measurements(con, [path], HASH_KEY)
    con.execute("ROLLBACK")
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'measurements'").fetchone()[0] == 0


def test_corpus_size():
    """The issue asks for at least 15 distinct faults across CSV and XLSX (boundary faults live in geo/)."""
    assert len(ROW_FAULTS) + len(FILE_FAULT_IDS) + 2 >= 15
    assert {f for f, *_ in ROW_FAULTS.values()} == {"csv", "xlsx"}
