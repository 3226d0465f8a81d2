"""`peta-stunting zscore IN.csv OUT.csv`: WHO 2006 z-scores for a CSV of children.

Input columns (header names, any case): sex (1 = male, 2 = female; also L/P and M/F), birth_date and
measure_date (ISO dates), weight_kg (kg), height_cm (cm), measured (L lying, H standing, empty unknown);
other columns are carried through. A ';' separated file is accepted when its header has no ','.
Output (comma separated, UTF-8): every input row in the same order with its input columns unchanged, then
age_days, haz, waz, whz, baz (2 decimals), flag_haz, flag_waz, flag_whz, flag_baz (0/1, empty where the z
is empty) and problem. A row that cannot be read keeps its place with empty results and `problem` saying
why; a readable row without a z-score (e.g. older than 1826 days) has empty z-scores and gets a problem
note too. Input columns named like an output column are replaced by the computed ones.
"""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.sqlfiles import run_sql
from pipelines.growth.who_growth import add_zscores

INPUTS = ("sex", "birth_date", "measure_date", "weight_kg", "height_cm", "measured")
OUTPUTS = ("age_days", "haz", "waz", "whz", "baz", "flag_haz", "flag_waz", "flag_whz", "flag_baz", "problem")


def _read(in_path: Path) -> tuple[list[str], list[list[str]]]:
    with open(in_path, newline="", encoding="utf-8-sig") as fh:
        first = fh.readline()
        fh.seek(0)
        delimiter = ";" if ";" in first and "," not in first else ","
        rows = list(csv.reader(fh, delimiter=delimiter))
    if not rows:
        raise ValueError(f"{in_path}: empty file (a header row is needed)")
    return rows[0], rows[1:]


def _fmt_z(v: float | None) -> str:
    return "" if v is None else f"{v:.2f}"


def _fmt_flag(v: bool | None) -> str:
    return "" if v is None else str(int(v))


def _note(problem: str | None, age: int | None, has_z: bool) -> str:
    """The problem text: unreadable row, or why a readable row has no z-score at all."""
    if problem:
        return problem
    if age is not None and age < 0:
        return "measure_date is before birth_date"
    if age is not None and age > 1826:
        return "age over 1826 days (60 months): no z-scores"
    if not has_z:
        return "not enough data for any z-score"
    return ""


def zscore_csv(in_path: str | Path, out_path: str | Path) -> int:
    """Read `in_path`, write `out_path` with z-score columns (see module docstring); returns rows written."""
    header, rows = _read(Path(in_path))
    names = [h.strip() for h in header]
    lower = [n.lower() for n in names]
    missing = [c for c in INPUTS if c != "measured" and c not in lower]
    if missing:
        raise ValueError(f"{in_path}: missing column(s) {', '.join(missing)} (needed: {', '.join(INPUTS)})")
    pos = {c: lower.index(c) if c in lower else None for c in INPUTS}
    keep = [i for i, n in enumerate(lower) if n not in OUTPUTS]

    def field(row: list[str], col: str) -> str | None:
        i = pos[col]
        return row[i] if i is not None and i < len(row) else None

    frame = pd.DataFrame({  # noqa: F841 (read by DuckDB's replacement scan)
        "row_no": pd.Series(range(len(rows)), dtype="int64"),
        **{f"{c}_txt": pd.Series([field(r, c) for r in rows], dtype="object") for c in INPUTS},
        "fields": pd.Series([len(r) for r in rows], dtype="int64"),
    })
    con = duckdb.connect()
    try:
        con.execute("CREATE TEMP TABLE zscore_input AS SELECT row_no::INTEGER AS row_no, "
                    "sex_txt::VARCHAR AS sex_txt, birth_date_txt::VARCHAR AS birth_txt, "
                    "measure_date_txt::VARCHAR AS measure_txt, weight_kg_txt::VARCHAR AS weight_txt, "
                    "height_cm_txt::VARCHAR AS height_txt, measured_txt::VARCHAR AS measured_txt, "
                    "fields::INTEGER AS fields FROM frame")
        run_sql(con, "zscore_file", {"n_columns": len(header)})
        con.execute("CREATE TABLE zscore_rows AS SELECT * FROM zscore_parsed")
        add_zscores(con, "zscore_rows")
        results = con.execute(
            "SELECT problem, age_days, haz, waz, whz, baz, flag_haz, flag_waz, flag_whz, flag_baz "
            "FROM zscore_rows ORDER BY row_no").fetchall()
    finally:
        con.close()

    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([names[i] for i in keep] + list(OUTPUTS))
        for row, (problem, age, *rest) in zip(rows, results):
            zs, flags = rest[:4], rest[4:]
            cells = [row[i] if i < len(row) else "" for i in keep]
            note = _note(problem, age, any(z is not None for z in zs))
            if problem:
                out = [""] * 9
            else:
                out = ["" if age is None else str(age), *map(_fmt_z, zs), *map(_fmt_flag, flags)]
            writer.writerow(cells + out + [note])
    return len(rows)
