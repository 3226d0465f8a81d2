"""`peta-stunting zscore IN OUT`: WHO 2006 z-scores for a file of children, streamed through DuckDB.

Input (CSV, or Parquet when the name ends in .parquet/.pq): columns named (any case) sex (1 = male,
2 = female; also L/P and M/F), birth_date and measure_date (YYYY-MM-DD or DD/MM/YYYY), weight_kg (kg),
height_cm (cm), measured (L lying, H standing, empty unknown; optional); other columns are carried through.
A CSV is UTF-8 (with or without BOM), comma separated, or ';' separated when its header line has ';' and no
','; a decimal comma (7,5) is read in any file. Blank lines are not records (as pandas, R and DuckDB read
CSV) and are left out of the output.
Output (CSV, or Parquet by the same rule; CSV is comma separated UTF-8 with LF line ends): every input record
in the same order with its input columns unchanged (empty CSV cells are NULL in Parquet), then age_days
(days), haz, waz, whz, baz (2 decimals), flag_haz, flag_waz, flag_whz, flag_baz (CSV 0/1, Parquet BOOLEAN;
empty where the z is empty) and problem. A record that cannot be read keeps its place with empty results
and `problem` saying why; a readable record without any z-score (e.g. older than 1826 days) has empty
z-scores and a problem note too. Input columns named like an output column are replaced by the computed ones.

How: one query (`pipelines/sql/growth/zscore_file.sql`), COPYed to the output. DuckDB reads the file
(`read_csv` with every column typed VARCHAR, so each cell is echoed exactly as written and a bad cell becomes
a `problem` instead of a refused file), the query types the six inputs, computes the z-scores with the
build's macro `who_zscores`, and COPY writes them, streamed: every step is a projection, and the LMS lookups
index the lists of a one-row table joined to every record (a cross product, not a hash join), so with
`preserve_insertion_order` DuckDB plans an order-keeping copy (reads and writes in parallel, writes the
records in the file's order, whatever the thread count) without numbering or sorting them. Memory stays
within DuckDB's memory limit. The WHO tables and macros come ready-made from the user's cache folder
(`who_cache`: built by the first run, ~0.04 s saved on every later one).

WHO anthro's rules (`who_strict=True`, the command's default) and the build's e-PPGBM rules
(`who_strict=False`, `--no-who-strict`) differ only for a weight or an adjusted length/height of 0 or below:

| input                                  | WHO anthro (default)                          | build (e-PPGBM)      |
|----------------------------------------|-----------------------------------------------|----------------------|
| weight 0, length in the WFL/WFH range  | WHZ = -3 + (0 - SD3neg)/(SD2neg - SD3neg),    | no WHZ: 0 means      |
|                                        | -13.6 to -15.8, flagged (anthro drops a       | "not weighed";       |
|                                        | weight <= 0 for WAZ and BAZ only); no WAZ/BAZ | no WAZ, no BAZ       |
| weight below 0                         | no WAZ, WHZ, BAZ (anthro: NA; WHZ NaN)        | the same             |
| adjusted length/height 0, weight > 0   | BAZ = Inf (written Inf), flag_baz 1; no HAZ   | no HAZ, no BAZ       |
| adjusted length/height below 0         | BAZ from BMI = w / (length/100)^2; no HAZ/WHZ | no HAZ, BAZ, WHZ     |
| weight > 0, adjusted length > 0        | identical                                     | identical            |

Lengths and weights beyond the tables follow WHO anthro in both: WHZ only for an adjusted length of
45-110 cm (lying table, below 731 days) or 65-120 cm (standing table), HAZ unrestricted, WAZ/WHZ/BAZ beyond
+-3 SD by the restricted rule, flags on the rounded z (zscores.sql).
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

import duckdb

from pipelines.growth.who_cache import connect_prepared
from pipelines.inputs.errors import InputError
from pipelines.memory_limit import MEMORY_LIMIT_ENV, memory_limit
from pipelines.sqlfiles import filled

INPUTS = ("sex", "birth_date", "measure_date", "weight_kg", "height_cm", "measured")
OUTPUTS = ("age_days", "haz", "waz", "whz", "baz", "flag_haz", "flag_waz", "flag_whz", "flag_baz", "problem")
_Z = ("haz", "waz", "whz", "baz")

#: DuckDB memory limit of the command (env PETA_STUNTING_MEMORY_LIMIT overrides, as for a build); anything
#: DuckDB spills goes to a temporary folder beside the output file.
ZSCORE_MEMORY_LIMIT = "2GB"
#: cells read beyond the header's, to count a long record's cells (more are reported as "N or more")
EXTRA_FIELDS = 4
#: read_csv's null string: never matches a cell, so an empty cell is '' and only a missing one (a short
#: record, padded by DuckDB) is NULL, which is how the cells of a record are counted
_NO_NULL = "\x01peta-stunting:no-null\x01"
_PARQUET = (".parquet", ".pq")
#: read_csv's buffer (bytes): DuckDB reads a CSV in parallel buffer by buffer. 4 MB instead of DuckDB's
#: 16 MB: on 1 M rows a third less memory touched and ~0.1 s less; a smaller one makes a small file
#: parallel too (the order test uses it). The longest record is half of it (DuckDB's default, 2 MB).
CSV_BUFFER_BYTES = 4 * 1024 * 1024


def is_parquet(path: Path) -> bool:
    """True when `path`'s name says Parquet (.parquet, .pq); anything else is CSV."""
    return Path(path).suffix.lower() in _PARQUET


def zscore_file(in_path: str | Path, out_path: str | Path, *, who_strict: bool = True,
                threads: int | None = None) -> int:
    """Read `in_path`, write `out_path` with the z-score columns (module docstring); returns records written.

    `who_strict`: WHO anthro's rules for weights and lengths of 0 or below (default) or the build's e-PPGBM
    rules. `threads`: DuckDB threads (default: one per core). The output is written to a temporary file
    beside `out_path` and renamed into place, so a failed run leaves no partial output.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    if not in_path.is_file():
        raise _said(FileNotFoundError, "ferr_not_found", name=str(in_path))
    if out_path.exists() and out_path.resolve() == in_path.resolve():
        raise _said(ZscoreFileError, "zerr_output_is_input", name=str(out_path))
    out_dir = out_path.parent if str(out_path.parent) else Path(".")
    if not out_dir.is_dir():
        raise _said(FileNotFoundError, "zerr_no_folder", name=str(out_path), folder=str(out_dir))
    with tempfile.TemporaryDirectory(prefix=f".{out_path.name}.", dir=out_dir) as tmp:
        config = {"memory_limit": memory_limit(ZSCORE_MEMORY_LIMIT),
                  "temp_directory": str(Path(tmp) / "spill"),
                  # the writer keeps the reader's order (the output's record order is the file's)
                  "preserve_insertion_order": True}
        if threads:
            config["threads"] = int(threads)
        part = Path(tmp) / ("out.parquet" if is_parquet(out_path) else "out.csv")
        con = connect_prepared(config, ("zscore_file_macros",))
        try:
            if is_parquet(in_path):
                rows = _run(con, in_path, part, out_path, who_strict, _ParquetSource(con, in_path))
            else:
                rows = _run_csv(con, in_path, part, out_path, who_strict)
        except duckdb.Error as exc:  # not the file's fault (memory, disk): say what DuckDB said, no traceback
            raise _read_error(in_path, exc) from exc
        finally:
            con.close()
        os.replace(part, out_path)
    return rows


class ZscoreFileError(InputError, ValueError):
    """A file the z-score command cannot read (not CSV/Parquet, not UTF-8, missing columns): the message names it."""


class _Source:
    """One input file as the query zscore_input of zscore_file.sql."""

    names: list[str]           # header as written (stripped)
    text_cells: bool           # cells are text (CSV): an empty cell is written as an empty field / NULL

    def input_sql(self, **kw) -> str:
        raise NotImplementedError


class _CsvSource(_Source):
    text_cells = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self.names, self.skip, self.delim = _csv_header(path)

    def input_sql(self, *, parallel: bool = True) -> str:
        n = len(self.names)
        types = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n + EXTRA_FIELDS))
        read = (f"read_csv({_lit(str(self.path))}, header=false, skip={self.skip}, delim={_lit(self.delim)}, "
                f"quote='\"', escape='\"', columns={{{types}}}, auto_detect=false, null_padding=true, "
                f"strict_mode=false, nullstr={_lit(_NO_NULL)}, encoding='utf-8'"
                f"{'' if parallel else ', parallel=false'}{_buffer_option()})")
        # a record of exactly n cells has its last one (an empty cell is '', not NULL) and not the next
        fields = (f"CASE WHEN c{n - 1} IS NOT NULL AND c{n} IS NULL THEN {n} ELSE "
                  + " + ".join(f"(c{i} IS NOT NULL)::INTEGER" for i in range(n + EXTRA_FIELDS)) + " END")
        cells = ", ".join(f"c{i}" for i in range(n))
        return _input_sql(self.path, f"SELECT {cells}, {fields} AS fields FROM {read}", self.names,
                          {i: "VARCHAR" for i in range(n)})


class _ParquetSource(_Source):
    text_cells = False

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.path = path
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_lit(str(path))})").fetchall()
        except duckdb.Error as exc:
            raise _said(ZscoreFileError, "ferr_unreadable_parquet", name=str(path), detail=_first_line(exc)) from exc
        self.names = [str(r[0]).strip() for r in described]
        self.raw_names = [str(r[0]) for r in described]
        self.types = {i: str(r[1]) for i, r in enumerate(described)}

    def input_sql(self, **kw) -> str:
        cells = ", ".join(f"{_ident(name)} AS c{i}" for i, name in enumerate(self.raw_names))
        return _input_sql(self.path, f"SELECT {cells}, {len(self.names)} AS fields FROM "
                          f"read_parquet({_lit(str(self.path))})", self.names, self.types)


def _buffer_option() -> str:
    return f", buffer_size={int(CSV_BUFFER_BYTES)}, max_line_size={int(CSV_BUFFER_BYTES) // 2}"


def _input_sql(path: Path, source_sql: str, names: list[str], types: dict[int, str]) -> str:
    """zscore_input: the source's rows plus the six inputs as text (NULL where the column is absent)."""
    lower = [n.lower() for n in names]
    missing = [c for c in INPUTS if c != "measured" and c not in lower]
    if missing:
        raise _said(ZscoreFileError, "zerr_missing_columns", name=str(path), missing=", ".join(missing),
                    needed=", ".join(INPUTS))
    texts = []
    for col, alias in zip(INPUTS, ("sex_txt", "birth_txt", "measure_txt", "weight_txt", "height_txt", "measured_txt")):
        if col not in lower:
            texts.append(f"NULL::VARCHAR AS {alias}")
            continue
        i = lower.index(col)
        t = types[i].upper()
        if t.startswith("TIMESTAMP") or t == "DATE":  # Parquet dates: the day, written ISO
            texts.append(f"strftime(c{i}::DATE, '%Y-%m-%d') AS {alias}")
        else:
            texts.append(f"c{i}::VARCHAR AS {alias}")
    return f"SELECT *, {', '.join(texts)} FROM ({source_sql})"


def _run_csv(con, in_path: Path, part: Path, out_path: Path, who_strict: bool) -> int:
    """_run for a CSV file: parallel reader first, the serial one when DuckDB asks for it."""
    source = _CsvSource(in_path)
    try:
        return _run(con, in_path, part, out_path, who_strict, source)
    except duckdb.Error as exc:
        if "parallel=false" not in str(exc):  # quoted line breaks in short records: DuckDB's serial reader
            raise _read_error(in_path, exc) from exc
    try:
        return _run(con, in_path, part, out_path, who_strict, source, parallel=False)
    except duckdb.Error as exc:
        raise _read_error(in_path, exc) from exc


def _run(con, in_path: Path, part: Path, out_path: Path, who_strict: bool, source: _Source, **kw) -> int:
    input_sql = source.input_sql(**kw)
    # the input's SQL last: a {name} in a file or column name is not a placeholder
    result = filled("zscore_file", {"n_columns": str(len(source.names)), "extra_fields": str(EXTRA_FIELDS),
                                    "strict": "true" if who_strict else "false", "input": input_sql})
    keep = [i for i, name in enumerate(source.names) if name.lower() not in OUTPUTS]
    if is_parquet(out_path):
        names = _unique([source.names[i] for i in keep] + list(OUTPUTS))
        cells = [f"nullif(c{i}, '')" if source.text_cells else f"c{i}" for i in keep]
        computed = ["age_days", *_Z, *(f"flag_{z}" for z in _Z), "problem"]
        options = "FORMAT parquet"
    else:
        # the cells and z-scores as text, age_days and the flags (0/1) as numbers: DuckDB's writer formats
        # those itself, and a record waiting for its turn to be written (the file's order) takes less memory;
        # the header line is the PREFIX, as Python's csv module writes it (names may repeat or need quotes);
        # with a PREFIX DuckDB ends the last record with the SUFFIX instead of a line end
        names = [f"o{k}" for k in range(len(keep) + len(OUTPUTS))]
        cells = [f"nullif(c{i}, '')" if source.text_cells else f"c{i}::VARCHAR" for i in keep]
        computed = ["age_days", *(f"zscore_file_z({z})" for z in _Z),
                    *(f"flag_{z}::TINYINT" for z in _Z), "problem"]
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow([source.names[i] for i in keep] + list(OUTPUTS))
        options = f"FORMAT csv, HEADER false, PREFIX {_lit(header.getvalue())}, SUFFIX {_lit(chr(10))}"
    select = ", ".join(f"{expr} AS {_ident(name)}" for expr, name in zip(cells + computed, names))
    # no ORDER BY: every step from the reader to the writer keeps the records in the file's order
    # (preserve_insertion_order; the LMS lookups index lists of a one-row table, see zscores.sql)
    written = con.execute(f"COPY (SELECT {select} FROM ({result})) TO {_lit(str(part))} ({options})").fetchone()[0]
    if not written and not is_parquet(out_path):  # no records: the header alone (not header + SUFFIX)
        part.write_text(header.getvalue(), encoding="utf-8")
    return written


def _csv_header(path: Path) -> tuple[list[str], int, str]:
    """(header names stripped, lines up to and including the header, delimiter) of a CSV file."""
    with open(path, "rb") as fh:
        sample = fh.read(1 << 20)
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    if b"\x00" in sample[:4096]:
        raise _said(ZscoreFileError, "ferr_binary", name=str(path))
    lines = sample.split(b"\n")
    for k, raw in enumerate(lines):
        if raw.strip():
            break
    else:
        raise _said(ZscoreFileError, "ferr_empty", name=str(path))
    try:
        first = raw.rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _said(ZscoreFileError, "ferr_unreadable_line", name=str(path), line=k + 1, encoding="UTF-8") from exc
    delim = ";" if ";" in first and "," not in first else ","
    names = next(csv.reader([first], delimiter=delim))
    return [h.strip() for h in names], k + 1, delim


def _read_error(path: Path, exc: Exception) -> ValueError:
    msg = str(exc)
    if isinstance(exc, duckdb.OutOfMemoryException):
        return _said(ValueError, "zerr_memory", name=str(path), detail=_first_line(exc), env=MEMORY_LIMIT_ENV,
                     limit=memory_limit(ZSCORE_MEMORY_LIMIT))
    if "unicode" in msg.lower() or "utf-8" in msg.lower():
        line = re.search(r"\bLine: (\d+)", msg)  # DuckDB's line of the file, the header counted
        if line:
            return _said(ZscoreFileError, "ferr_unreadable_line", name=str(path), line=int(line.group(1)),
                         encoding="UTF-8")
        return _said(ZscoreFileError, "ferr_unreadable_text", name=str(path), encoding="UTF-8")
    if is_parquet(path):
        return _said(ZscoreFileError, "ferr_unreadable_parquet", name=str(path), detail=_first_line(exc))
    return _said(ZscoreFileError, "ferr_unreadable_csv", name=str(path), detail=_first_line(exc))


def _said(error: type[Exception], key: str, **params) -> Exception:
    """`error` with the glossary's message `key` (imported here: the glossary loads only when a run fails)."""
    from pipelines.present.messages import said

    return said(error, key, **params)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _unique(names: list[str]) -> list[str]:
    """Names made unique (case-insensitively, as DuckDB and Parquet need): a repeat gets _2, _3, ..."""
    seen: set[str] = set()
    out = []
    for name in names:
        cand, k = name or "column", 1
        while cand.lower() in seen:
            k += 1
            cand = f"{name}_{k}"
        seen.add(cand.lower())
        out.append(cand)
    return out


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
