"""Staging CSV/XLSX/Parquet files as text tables: delimiters, encodings, row numbers, refusals."""
from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from pipelines.inputs import tabular
from pipelines.inputs.aliases import MEASUREMENT_ALIASES, MEASUREMENT_REQUIRED
from pipelines.inputs.tabular import FileError, normalise_header, stage_file
from pipelines.present.messages import message
from pipelines.sqlfiles import run_script


def _rows(con, table="t", cols="*"):
    return con.execute(f"SELECT {cols} FROM {table} ORDER BY source_row").fetchall()


def test_normalise_header():
    assert normalise_header("\ufeffTgl  Lahir") == normalise_header("tgl_lahir") == normalise_header("TGL\xa0LAHIR")
    assert normalise_header("Desa / Kel") == "desa/kel"


def test_semicolon_bom_all_columns(tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes("\ufeffNama;Berat;Berat\nA;12,5;1\n\nB;9;2\n".encode())
    con = duckdb.connect()
    st = stage_file(con, f, "t")
    assert st.headers == ["Nama", "Berat", "Berat"] and st.rows == 2
    assert [c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name='t'").fetchall()] == [
        "nama", "berat", "berat_2", "source_row", "source_file", "column_count_bad"]
    # the blank line counts, as Excel and an editor show it: B is on line 4
    assert _rows(con) == [("A", "12,5", "1", 2, "a.csv", False), ("B", "9", "2", 4, "a.csv", False)]


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiters_detected(tmp_path, delim):
    f = tmp_path / "a.csv"
    f.write_text(delim.join(["JK", "Tgl Lahir", "Tanggal Pengukuran", "Desa/Kel", "Berat"]) + "\n"
                 + delim.join(["L", "01/02/2023", "01/03/2024", "Sukamaju", "10,5" if delim != "," else '"10,5"']) + "\n")
    con = duckdb.connect()
    stage_file(con, f, "t", MEASUREMENT_ALIASES, MEASUREMENT_REQUIRED)
    assert _rows(con, cols="sex, birth_date, desa, weight_kg, nik") == [("L", "01/02/2023", "Sukamaju", "10,5", None)]


def test_latin1_file_is_read(tmp_path):
    f = tmp_path / "a.csv"
    f.write_bytes("Nama;Desa\nJosé;Kelurahan Café\n".encode("latin-1"))
    con = duckdb.connect()
    stage_file(con, f, "t")
    assert _rows(con, cols="desa") == [("Kelurahan Café",)]


def test_short_long_rows_and_quoted_newlines(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text('A;B;C\n1;2\n"x\ny";5;6\n7;8;9;10\n')
    con = duckdb.connect()
    assert stage_file(con, f, "t").rows == 3
    # a short row is padded (Excel drops trailing empty cells); a row with more cells than the header keeps none
    # of them (its cells may belong to other columns) and is flagged for quarantine as column_count
    assert _rows(con, cols="a, b, c, column_count_bad") == [
        ("1", "2", None, False), ("x\ny", "5", "6", False), (None, None, None, True)]


def test_title_lines_above_csv_header(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("Laporan e-PPGBM\nPuskesmas Ratu Agung\nJK;Tgl Lahir;Tanggal Pengukuran;Desa/Kel\nL;1/2/2023;1/3/2024;X\n")
    con = duckdb.connect()
    st = stage_file(con, f, "t", MEASUREMENT_ALIASES, MEASUREMENT_REQUIRED)
    assert st.header_row == 3 and _rows(con, cols="sex, source_row") == [("L", 4)]


def test_xlsx_cells_to_text_in_chunks(tmp_path, monkeypatch):
    from openpyxl import Workbook

    monkeypatch.setattr(tabular, "XLSX_CHUNK_ROWS", 3)
    wb = Workbook()
    ws = wb.active
    ws.append(["Tgl Lahir", "Berat", "JK", "Kosong"])
    for i in range(7):
        ws.append([datetime(2022, 1, i + 1), 12.0 + i / 2, "L", None])
    ws.append([None, None, None, None])
    ws.append([date(2023, 5, 6), 45000, "P", None])
    f = tmp_path / "a.xlsx"
    wb.save(f)
    con = duckdb.connect()
    st = stage_file(con, f, "t")
    assert st.rows == 8
    rows = _rows(con)
    assert rows[0] == ("2022-01-01", "12", "L", None, 2, "a.xlsx", False)
    assert rows[1][1] == "12.5"
    assert rows[-1] == ("2023-05-06", "45000", "P", None, 10, "a.xlsx", False)  # blank row 9 skipped, numbering kept


def test_parquet_typed_columns(tmp_path):
    f = tmp_path / "a.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT 'L' AS JK, DATE '2022-03-05' AS \"Tgl Lahir\", TIMESTAMP '2024-03-10 00:00:00' AS "
                f"\"Tanggal Pengukuran\", 'X' AS \"Desa/Kel\", 12.0::DOUBLE AS Berat, 86.1::DOUBLE AS Tinggi "
                f"FROM range(3)) TO '{f}' (FORMAT parquet)")
    st = stage_file(con, f, "t", MEASUREMENT_ALIASES, MEASUREMENT_REQUIRED)
    assert st.rows == 3
    assert _rows(con, cols="birth_date, measure_date, weight_kg, height_cm, source_row")[2] == (
        "2022-03-05", "2024-03-10", "12", "86.1", 4)


@pytest.mark.parametrize("name, content, message", [
    ("kosong.csv", b"", "kosong"),
    ("hanya_spasi.csv", b"\n\n  \n", "kosong"),
    ("lama.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("laporan.pdf", b"%PDF-1.4", "tidak didukung"),
    ("html.xlsx", b"<html><table><tr><td>NIK</td></tr></table></html>", "HTML"),
    ("biner.csv", b"\x00\x01\x02\x03" * 50, "bukan teks"),
    ("rusak.parquet", b"PAR1garbage", "Parquet"),
])
def test_refused_files(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(FileError, match=message) as err:
        stage_file(duckdb.connect(), f, "t", MEASUREMENT_ALIASES, MEASUREMENT_REQUIRED)
    assert name in str(err.value)


def test_missing_column_message_names_file_column_and_row(tmp_path):
    f = tmp_path / "pkm.csv"
    f.write_text("NIK;JK;Tanggal Pengukuran;Desa/Kel\n1;L;1/1/2024;X\n")
    with pytest.raises(FileError) as err:
        stage_file(duckdb.connect(), f, "t", MEASUREMENT_ALIASES, MEASUREMENT_REQUIRED,
                   labels={"birth_date": "Tgl Lahir"})
    msg = str(err.value)
    assert "pkm.csv" in msg and "'Tgl Lahir'" in msg and "baris 1" in msg and "kolom wajib" in msg
    english = message(err.value, "en")   # the same message for a page in English: a key with parameters
    assert "pkm.csv" in english and "'Tgl Lahir'" in english and "required column" in english and "(row 1)" in english


def test_run_script_binds_parameters_per_statement():
    con = duckdb.connect()
    run_script(con, "-- a comment; with 'quotes'\nCREATE TEMP TABLE a AS SELECT $x AS x;\n"
                    "CREATE TEMP TABLE b AS SELECT 'a;b' AS s, $y AS y;", {"x": 1, "y": 2})
    assert con.execute("SELECT * FROM a, b").fetchall() == [(1, "a;b", 2)]
