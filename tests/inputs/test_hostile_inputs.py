"""Hostile e-PPGBM files as kabupaten teams meet them (issue 16): Windows encodings, one unreadable export among
good ones, Excel-damaged NIKs, a name with an unquoted delimiter, true row numbers in a 1 M-row file.

Each test checks the message, the rows kept, and the quarantine reason and row number."""
from __future__ import annotations

import codecs

import pytest

from pipelines.indicators.growth import build_growth_indicators
from pipelines.inputs.readers import format_report, load_measurements
from pipelines.settings import Settings
from readers_fixture import HASH_KEY, HEADERS, make_db, row



def write_lines(path, rows, delimiter=";", encoding="utf-8", bom=b"", header=HEADERS, raw_lines=None):
    """An export written cell by cell (no quoting: exactly the bytes an exporter wrote)."""
    lines = [delimiter.join(header)] + [delimiter.join(str(r.get(h, "")) for h in header) for r in rows]
    for position, line in (raw_lines or {}).items():
        lines.insert(position - 1, line)  # position = the line number the raw line gets in the file
    path.write_bytes(bom + ("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


# --- encodings -------------------------------------------------------------------------------------------

ENCODED = {
    # id: (codec, BOM, delimiter, label the report gives)
    "utf8": ("utf-8", b"", ";", "UTF-8"),
    "utf8_bom": ("utf-8", codecs.BOM_UTF8, ";", "UTF-8 BOM"),
    "windows_1252": ("cp1252", b"", ";", "Windows-1252"),
    "utf16_le_tabs": ("utf-16-le", codecs.BOM_UTF16_LE, "\t", "UTF-16 LE"),
    "utf16_be_tabs": ("utf-16-be", codecs.BOM_UTF16_BE, "\t", "UTF-16 BE"),
}


@pytest.mark.parametrize("kind", sorted(ENCODED))
def test_windows_encodings_import_and_say_which(tmp_path, kind):
    codec, bom, delimiter, label = ENCODED[kind]
    rows = [row(i, Nama=f"Siti ’Aminah – {i}") for i in range(1, 5)]
    rows.append(row(5, **{"Desa/Kel": "Sukamaju – Barat"}))  # unknown: its cell comes back in quarantine, decoded
    path = write_lines(tmp_path / f"pkm_{kind}.csv", rows, delimiter, codec, bom)
    con = make_db(with_posyandu=True)
    [report] = load_measurements(con, [path], HASH_KEY)
    assert (report.rows_read, report.rows_accepted, report.encoding) == (5, 4, label)
    assert f"pkm_{kind}.csv (measurement, {label})" in format_report([report])
    assert con.execute("SELECT source_row, reason_code, value FROM quarantine").fetchall() == [
        (6, "unknown_kelurahan", "Sukamaju – Barat")]


def test_latin1_file_with_accents_imports(tmp_path):
    rows = [row(i, Nama=f"José Müller {i}") for i in range(1, 4)] + [row(4, **{"Desa/Kel": "Sukamaju Raya é"})]
    path = write_lines(tmp_path / "pkm.csv", rows, encoding="latin-1")
    con = make_db(with_posyandu=True)
    [report] = load_measurements(con, [path], HASH_KEY)
    assert report.rows_accepted == 3 and report.encoding in ("Windows-1252", "Latin-1")
    assert con.execute("SELECT source_row, value FROM quarantine").fetchall() == [(5, "Sukamaju Raya é")]


def test_windows_1252_bytes_far_below_the_sample_are_read(tmp_path):
    rows = [row(i) for i in range(1, 30001)]
    rows[25000] = row(25001, Nama="Nur’aini", **{"Desa/Kel": "Sukamaju – Utara"})  # line 25002, far past 256 KB
    path = write_lines(tmp_path / "pkm.csv", rows, encoding="cp1252")
    con = make_db(with_posyandu=True)
    [report] = load_measurements(con, [path], HASH_KEY)
    assert report.encoding == "Windows-1252" and report.rows_read == 30000
    assert con.execute("SELECT source_row, reason_code, value FROM quarantine").fetchall() == [
        (25002, "unknown_kelurahan", "Sukamaju – Utara")]


def test_unreadable_file_is_refused_by_name_and_the_others_still_import(tmp_path):
    good = write_lines(tmp_path / "pkm_baik.csv", [row(i) for i in range(1, 4)])
    broken = tmp_path / "pkm_rusak.csv"
    broken.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)  # an XLSX renamed .csv: binary
    other = write_lines(tmp_path / "pkm_lain.csv", [row(i) for i in range(10, 12)])
    con = make_db(with_posyandu=True)
    reports = load_measurements(con, [good, broken, other], HASH_KEY)
    assert [r.file_name for r in reports] == ["pkm_rusak.csv", "pkm_baik.csv", "pkm_lain.csv"]  # refused first
    refused = reports[0]
    assert "pkm_rusak.csv" in refused.refused and "CSV UTF-8" in refused.refused and refused.rows_read == 0
    assert [r.rows_accepted for r in reports[1:]] == [3, 2]
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == 5
    assert format_report(reports).splitlines()[0].startswith("DITOLAK pkm_rusak.csv (measurement): Berkas pkm_rusak.csv")


# --- a row with more cells than its header ---------------------------------------------------------------

def test_unquoted_delimiter_in_a_name_quarantines_the_row_without_any_of_its_cells(tmp_path):
    rows = [row(i) for i in range(1, 5)]
    shifted = row(9, Nama="Siti; Aminah Rahasia", Alamat="Jl. Rahasia 9")
    cells = [str(shifted[h]) for h in HEADERS]
    raw = ";".join(cells)  # the name's ';' is not quoted: every later cell moves one column right
    path = write_lines(tmp_path / "pkm.csv", rows, raw_lines={4: raw})
    con = make_db(with_posyandu=True)
    [report] = load_measurements(con, [path], HASH_KEY)
    assert (report.rows_read, report.rows_accepted, report.by_reason) == (5, 4, {"column_count": 1})
    record = con.execute("SELECT source_row, column_name, value, reason, hint FROM quarantine").fetchall()
    assert len(record) == 1 and record[0][:3] == (4, None, None)
    assert "judul" in record[0][3] and "pemisah" in record[0][4]
    text = " ".join(str(v) for v in con.execute("SELECT * FROM quarantine").fetchall()[0])
    assert "Aminah" not in text and "Rahasia" not in text
    # the rows after it keep their own line numbers
    assert con.execute("SELECT list(source_row ORDER BY source_row) FROM measurements").fetchone()[0] == [2, 3, 5, 6]


# --- Excel-damaged NIKs ----------------------------------------------------------------------------------

NIK_DAMAGE = {
    # how a copy of the export was damaged: NIK cell as the copy holds it (child i's NIK is 3271 + i in 12 digits)
    "float_dot_zero": lambda nik: nik + ".0",
    "scientific": lambda nik: f"{int(nik) / 10 ** 15:.5f}E+15".replace("0E", "E"),
    "apostrophe_spaces": lambda nik: f"'{nik[:4]} {nik[4:8]} {nik[8:]}",
    "fifteen_digits_zeroed": lambda nik: nik[:15] + "0",
    "digits_lost": lambda nik: nik[:15],
}


def _children(n: int) -> list[dict]:
    # NIKs that end in a digit other than 0, heights around the stunting cut-off: some stunted, some not
    rows = []
    for i in range(1, n + 1):
        rows.append(row(i, NIK=f"3271{i:011d}7", Nama=f"Anak Nomor{i}", Tinggi=f"{80 + i % 9},{i % 10}",
                        Tanggal_Pengukuran=f"{10 + i % 5:02d}/03/2024"))
    return rows


def _indicators(con) -> list[tuple]:
    build_growth_indicators(con, Settings())
    return con.execute("SELECT level, kode, period, indicator, numerator, denominator FROM indicators "
                       "ORDER BY ALL").fetchall()


@pytest.mark.parametrize("damage", sorted(NIK_DAMAGE))
def test_clean_export_plus_a_damaged_copy_gives_the_clean_indicators(tmp_path, damage):
    clean_rows = _children(12)
    clean = write_lines(tmp_path / "pkm.csv", clean_rows)
    con = make_db(with_posyandu=True)
    load_measurements(con, [clean], HASH_KEY)
    expected = _indicators(con)
    clean_ids = con.execute("SELECT list(child_id ORDER BY source_row) FROM measurements").fetchone()[0]
    assert any(r[3] == "stunting" and r[4] > 0 for r in expected) and any(r[4] < r[5] for r in expected)

    damaged = write_lines(tmp_path / "pkm_salinan.csv",
                          [dict(r, NIK=NIK_DAMAGE[damage](r["NIK"])) for r in clean_rows])
    con = make_db(with_posyandu=True)
    clean_report, copy_report = load_measurements(con, [clean, damaged], HASH_KEY)
    assert _indicators(con) == expected
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == 12
    assert copy_report.by_reason == {"duplicate": 12}  # every damaged row is the same child, date and posyandu
    # a damaged copy alone still gives the same children as the clean export
    con = make_db(with_posyandu=True)
    [alone] = load_measurements(con, [damaged], HASH_KEY)
    assert alone.rows_accepted == 12
    if damage in ("float_dot_zero", "apostrophe_spaces"):  # repaired: the NIK itself
        assert con.execute("SELECT list(child_id ORDER BY source_row) FROM measurements").fetchone()[0] == clean_ids


def test_damaged_nik_rows_say_so_in_a_note(tmp_path):
    rows = _children(3)
    rows.append(dict(rows[0], NIK="3.27100E+15", **{"Tanggal Pengukuran": "20/04/2024"}))  # the same child, next month
    path = write_lines(tmp_path / "pkm.csv", rows)
    con = make_db(with_posyandu=True)
    [report] = load_measurements(con, [path], HASH_KEY)
    assert report.rows_accepted == 4 and report.notes == {"invalid_nik": 1}
    note = con.execute("SELECT source_row, detail FROM import_notes WHERE note_code = 'invalid_nik'").fetchall()
    assert note[0][0] == 5 and "teks" in note[0][1]
    assert con.execute("SELECT count(DISTINCT child_id) FROM measurements").fetchone()[0] == 3


# --- row numbers ------------------------------------------------------------------------------------------

BAD_LINES = (2, 250001, 500001, 1000001)


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    """1,000,000 data rows (lines 2..1,000,001 with the header on line 1, one blank line at 700,000 moving
    everything after it down by one) and a row with an impossible height at each line of BAD_LINES."""
    path = tmp_path_factory.mktemp("million") / "pkm_besar.csv"
    good = ";".join(str(row(1).get(h, "")) for h in HEADERS)
    bad = ";".join(str(row(1, Tinggi="861").get(h, "")) for h in HEADERS)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADERS) + "\n")
        line = 2
        while line <= 1_000_001:
            if line == 700_000:
                out.write("\n")
            else:
                out.write((bad if line in BAD_LINES else good) + "\n")
            line += 1
    return path


@pytest.mark.parametrize("threads", [1, 4])
def test_row_numbers_in_a_million_row_file_are_the_files_own(million_rows, threads):
    con = make_db(with_posyandu=True)
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")  # as the build's connection
    [report] = load_measurements(con, [million_rows], HASH_KEY)
    assert report.rows_read == 999_999  # one line is blank
    assert con.execute("SELECT list(source_row ORDER BY source_row) FROM quarantine "
                       "WHERE reason_code = 'height_out_of_range'").fetchone()[0] == list(BAD_LINES)
    # the same child, date and posyandu: every later good row is a duplicate of the first one (line 3)
    first = con.execute("SELECT source_row FROM measurements").fetchall()
    assert first == [(3,)]
    hints = con.execute("SELECT DISTINCT hint FROM quarantine WHERE reason_code = 'duplicate'").fetchall()
    assert hints == [("Sama dengan baris 3 di pkm_besar.csv (same child, date and posyandu)",)]
    lines = con.execute("SELECT min(source_row), max(source_row), count(*) FROM quarantine "
                        "WHERE reason_code = 'duplicate' AND source_row BETWEEN 699998 AND 700002").fetchall()
    assert lines == [(699998, 700002, 4)]  # 699998, 699999, (700000 blank), 700001, 700002


def test_blank_lines_keep_the_numbers_excel_shows(tmp_path):
    rows = [row(i) for i in range(1, 6)]
    rows[3] = row(4, Tinggi="861")
    path = write_lines(tmp_path / "pkm.csv", rows, raw_lines={3: "", 4: ""})  # two empty lines after row 2
    con = make_db(with_posyandu=True)
    load_measurements(con, [path], HASH_KEY)
    assert con.execute("SELECT source_row FROM quarantine").fetchall() == [(7,)]
    assert con.execute("SELECT list(source_row ORDER BY source_row) FROM measurements").fetchone()[0] == [2, 5, 6, 8]
