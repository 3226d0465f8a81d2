"""`peta-stunting zscore IN.csv OUT.csv` (pipelines.growth.zscore_file.zscore_csv)."""
from __future__ import annotations

import csv

import duckdb
import pytest

from pipelines.growth.who_growth import add_zscores
from pipelines.growth.zscore_file import zscore_csv

OUT_COLS = ["age_days", "haz", "waz", "whz", "baz", "flag_haz", "flag_waz", "flag_whz", "flag_baz", "problem"]


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def _read(path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def test_rows_kept_in_order_with_results_and_problems(tmp_path):
    src = _write(tmp_path / "in.csv", (
        "id,sex,birth_date,measure_date,weight_kg,height_cm,measured,note\n"
        "1,1,2020-01-01,2020-07-01,7.5,66.0,L,a\n"
        "2,P,2019-01-01,2022-03-05,\"13,1\",95.2,h,b\n"
        "3,X,2019-01-01,2022-03-05,13.1,95.2,H,c\n"
        "4,M,01/02/2019,2022-03-05,13.1,95.2,,d\n"
        "5,F,2015-01-01,2022-03-05,13.1,95.2,,e\n"
        "6,2,,,9.1,75,L,f\n"
        "7,1,2020-01-01\n"
        "8,l,2020-01-01,2020-07-01,abc,66,,h\n"
        "9,1,2020-01-01,2020-07-01,7.5,66.0,S,i\n"
        "10,2,2020-01-01,2020-07-01,,,,j\n"
    ))
    out = tmp_path / "out.csv"
    assert zscore_csv(src, out) == 10
    header, rows = _read(out)
    assert header == ["id", "sex", "birth_date", "measure_date", "weight_kg", "height_cm", "measured", "note"] + OUT_COLS
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 11)]
    assert rows[1]["weight_kg"] == "13,1"  # input kept as written
    r = rows[0]
    assert (r["age_days"], r["haz"], r["waz"], r["whz"], r["baz"]) == ("182", "-0.74", "-0.50", "-0.01", "-0.09")
    assert (r["flag_haz"], r["flag_whz"], r["problem"]) == ("0", "0", "")
    assert rows[1]["haz"] == "-0.33" and rows[1]["problem"] == ""
    assert "sex" in rows[2]["problem"] and rows[2]["haz"] == "" and rows[2]["age_days"] == ""
    assert "birth_date" in rows[3]["problem"] and rows[3]["waz"] == ""
    assert rows[4]["age_days"] == "2620" and rows[4]["haz"] == "" and "1826" in rows[4]["problem"]
    assert rows[5]["age_days"] == "" and rows[5]["whz"] != "" and rows[5]["haz"] == ""   # age unknown: WHZ only
    assert rows[5]["flag_haz"] == "" and rows[5]["flag_whz"] == "0"
    assert "fields" in rows[6]["problem"]
    assert "weight_kg" in rows[7]["problem"] and rows[7]["haz"] == ""
    assert "measured" in rows[8]["problem"]
    assert rows[9]["problem"] == "not enough data for any z-score" and rows[9]["age_days"] == "182"


def test_sex_codes_and_values_match_add_zscores(tmp_path):
    lines = ["sex,birth_date,measure_date,weight_kg,height_cm,measured"]
    data = [("1", "M", "L"), ("2", "F", "P"), ("1", "m", "l"), ("2", "f", "p")]
    for codes in data:
        for code in codes:
            lines.append(f"{code},2021-03-04,2022-11-30,10.2,80.3,L")
    src = _write(tmp_path / "in.csv", "\n".join(lines) + "\n")
    zscore_csv(src, tmp_path / "out.csv")
    _, rows = _read(tmp_path / "out.csv")
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


def test_semicolon_file_and_recomputed_columns(tmp_path):
    src = _write(tmp_path / "in.csv", "SEX;Birth_Date;measure_date;weight_kg;height_cm;haz\n"
                                      "1;2020-01-01;2020-07-01;7,5;66;99\n")
    zscore_csv(src, tmp_path / "out.csv")
    header, rows = _read(tmp_path / "out.csv")
    assert header.count("haz") == 1 and rows[0]["haz"] == "-0.74"
    assert rows[0]["SEX"] == "1"


def test_missing_required_column(tmp_path):
    src = _write(tmp_path / "in.csv", "sex,birth_date,weight_kg\n1,2020-01-01,7\n")
    with pytest.raises(ValueError, match="measure_date"):
        zscore_csv(src, tmp_path / "out.csv")
