"""Read one CSV, XLSX or Parquet file into a DuckDB staging table of text columns.

The staging table holds every cell as VARCHAR (typing and validation happen later, in SQL), plus
`source_row` (the spreadsheet row number: header row 1, first data row 2 — or the real sheet row when
title rows sit above the header), `source_file` (the file's name) and `column_count_bad` (CSV only: the row
had more cells than the header; its cells are NULL).

- CSV: DuckDB `read_csv` (all columns text, parallel, insertion order kept so that rows keep the file's
  order), delimiter `,` `;` tab or `|` detected from the header line; UTF-8 with or without BOM read directly,
  Windows-1252, Latin-1 and UTF-16 (Excel's "Unicode Text") through a UTF-8 copy (`pipelines.inputs.encodings`;
  `StagedFile.encoding` says which). Rows with fewer cells than the header are padded with NULL (Excel drops
  trailing empty cells); a row with more non-empty cells than the header (an unquoted delimiter in a name)
  keeps no cell at all and is flagged `column_count_bad` (quarantine reason `column_count`). Row numbers are the
  file's own: records in file order plus the blank lines before them (DuckDB skips those, Excel shows them).
- XLSX: openpyxl in read-only mode, streamed in chunks of `XLSX_CHUNK_ROWS` rows into DuckDB through
  Arrow; date cells become ISO `YYYY-MM-DD`, whole numbers lose their `.0`. Fully empty rows are skipped
  (not counted) but keep their place in the numbering. The first sheet whose header matches is used.
- Parquet: DuckDB `read_parquet`, every column cast to text; row numbers as if the file were a sheet. With
  `as_view` the staging table is a view over the file instead (read in place at each use, nothing copied).

A refused file raises `FileError` with a plain Indonesian message (English in parentheses).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from . import encodings
from pipelines.inputs.errors import InputError

HEADER_SCAN_ROWS = 20  # a header may sit below a few title rows; look this far
XLSX_CHUNK_ROWS = 20_000
CSV_SNIFF_BYTES = 256 * 1024
DELIMITERS = (";", ",", "\t", "|")
_SCAN_BLOCK = 16 * 1024 * 1024
_EMPTY_LINE = re.compile(rb"\n(?=\r?\n)")

from pipelines.present.messages import said
from pipelines.sqlfiles import quote_ident


class FileError(InputError):
    """A file the import refuses as a whole; the message names the file (and column/row when relevant)."""


@dataclass
class StagedFile:
    """What `stage_file` staged: table name, headers as found, canonical -> header mapping, row count."""

    table: str
    path: Path
    source_file: str
    headers: list[str]
    header_row: int  # spreadsheet row number of the header (1 unless title rows sit above it)
    rows: int | None  # None: not counted (a view, `stage_file(..., as_view=True)`)
    matched: dict[str, str] = field(default_factory=dict)  # canonical name -> header as written in the file
    encoding: str | None = None  # a CSV's text encoding as users know it ("UTF-8", "Windows-1252", ...)


def normalise_header(text: object) -> str:
    """Header key for matching: lower case, BOM/NBSP removed, all whitespace and underscores removed.

    `'Tgl  Lahir'`, `'tgl_lahir'` and `'TGL LAHIR'` all become `'tgllahir'`.
    """
    if text is None:
        return ""
    s = str(text).replace("\ufeff", "").replace("\xa0", " ").lower()
    return re.sub(r"[\s_]+", "", s)


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes (hex), read in 1 MiB blocks: the identity of an imported file in `sources`."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stage_file(
    con,
    path: Path,
    table: str,
    aliases: Mapping[str, Sequence[str]] | None = None,
    required: Sequence[str] = (),
    source_file: str | None = None,
    labels: Mapping[str, str] | None = None,
    extra: Mapping[str, int | str] | None = None,
    append: bool = False,
    as_view: bool = False,
) -> StagedFile:
    """Stage `path` into TEMP table `table` (all VARCHAR) + `source_row BIGINT` + `source_file VARCHAR`.

    Without `aliases` every column is kept under its normalised header. With `aliases`
    (canonical name -> accepted headers) only matched columns are kept, renamed to their canonical names;
    unmatched canonical columns are NULL, other columns are ignored (never copied). A canonical name in
    `required` that matches no header refuses the file. `labels` gives the header to quote in messages.
    `extra` adds constant columns (e.g. a file index); with `append` the rows are inserted (by column name)
    into the existing `table` instead of creating it, so several files stage into one table in one pass.
    With `as_view` (Parquet only, see `is_parquet`) `table` is a TEMP VIEW over the file instead: the same
    columns and rows, read in place at each use, nothing copied (a province's rows are GBs of text);
    `rows` is then None (not counted).
    """
    path = Path(path)
    name = source_file or path.name
    if not path.exists():
        raise said(FileError, "ferr_not_found", name=name)
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise said(FileError, "ferr_empty", name=name)
    if suffix in (".csv", ".txt", ".tsv"):
        reader = _stage_csv
    elif suffix in (".xlsx", ".xlsm"):
        reader = _stage_xlsx
    elif is_parquet(path):
        reader = _stage_parquet
    elif suffix == ".xls":
        raise said(FileError, "ferr_legacy_xls", name=name)
    else:
        raise said(FileError, "ferr_unsupported", name=name, suffix=suffix or "?")
    if as_view and (append or not is_parquet(path)):
        raise ValueError("as_view stages one Parquet file into a new view")
    if not append and not as_view:
        con.execute(f"DROP TABLE IF EXISTS {quote_ident(table)}")
    target = _Target(table, append, dict(extra or {}), as_view)
    return reader(con, path, target, name, aliases, tuple(required), dict(labels or {}))


@dataclass
class _Target:
    """Where staged rows go: a new TEMP table, or appended by name to an existing one, plus constant columns."""

    table: str
    append: bool
    extra: dict
    view: bool = False

    def extra_sql(self) -> str:
        return "".join(f", {_literal(v)} AS {quote_ident(k)}" for k, v in self.extra.items())

    def write(self, con, select_sql: str, params: dict) -> int | None:
        """Create or append from a SELECT (which must not yet include the extra columns); returns the row count
        (None for a view: a view takes no parameters, so `params` must be empty)."""
        if self.view:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {quote_ident(self.table)} AS {select_sql}")
            return None
        if self.append:
            result = con.execute(f"INSERT INTO {quote_ident(self.table)} BY NAME {select_sql}", params)
        else:
            result = con.execute(f"CREATE TEMP TABLE {quote_ident(self.table)} AS {select_sql}", params)
        return result.fetchone()[0]


def is_parquet(path: Path) -> bool:
    """A Parquet file, by its name (.parquet or .pq)."""
    return Path(path).suffix.lower() in (".parquet", ".pq")


def _literal(v: int | str) -> str:
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        raise TypeError("extra columns take int or str constants")
    return str(v) if isinstance(v, int) else "'" + v.replace("'", "''") + "'"


# --- header matching ---------------------------------------------------------------------------------


def _match_headers(headers: Sequence[object], aliases: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """canonical name -> index of the first header that matches one of its aliases."""
    keys = [normalise_header(h) for h in headers]
    found: dict[str, int] = {}
    for canonical, accepted in aliases.items():
        wanted = {normalise_header(a) for a in accepted} | {normalise_header(canonical)}
        for i, key in enumerate(keys):
            if key and key in wanted:
                found[canonical] = i
                break
    return found


def _find_header(rows: Sequence[Sequence[object]], aliases, required) -> int:
    """Index of the header row among the first rows: the first with all required columns, else the
    row matching most aliases (at least two), else 0."""
    if not aliases:
        return 0
    best, best_n = 0, 1
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = _match_headers(list(row), aliases)
        if required and all(r in found for r in required):
            return i
        if len(found) > best_n:
            best, best_n = i, len(found)
    return best


def _columns_plan(headers, aliases, required, name, header_row, labels) -> tuple[list[tuple[str, int | None]], dict]:
    """[(output column, source index or None)] and the canonical -> header mapping; refuses missing columns."""
    if aliases is None:
        seen: dict[str, int] = {}
        plan = []
        for i, h in enumerate(headers):
            key = normalise_header(h) or f"kolom{i + 1}"
            seen[key] = seen.get(key, 0) + 1
            plan.append((key if seen[key] == 1 else f"{key}_{seen[key]}", i))
        return plan, {}
    found = _match_headers(headers, aliases)
    missing = [r for r in required if r not in found]
    if missing:
        wanted = ", ".join(f"'{labels.get(m, m)}'" for m in missing)
        shown = ", ".join(str(h) for h in headers if h not in (None, ""))[:300]
        raise said(FileError, "ferr_missing_columns", name=name, wanted=wanted, row=header_row, shown=shown or "–")
    plan = [(c, found.get(c)) for c in aliases]
    return plan, {c: str(headers[i]) for c, i in found.items()}


# --- CSV ---------------------------------------------------------------------------------------------


def _decode_sample(raw: bytes, encoding: "encodings.Encoding") -> str:
    """The text of a byte sample in its encoding (BOM dropped; a character cut by the sample's end dropped)."""
    raw = raw[len(encoding.bom):] if encoding.bom and raw.startswith(encoding.bom) else raw
    return raw.decode(encoding.codec.replace("utf-8-sig", "utf-8"), errors="ignore")


def _stage_csv(con, path, target, name, aliases, required, labels) -> StagedFile:
    """Stage a CSV: any encoding of `pipelines.inputs.encodings` (others transcoded to a UTF-8 copy first)."""
    with open(path, "rb") as fh:
        raw = fh.read(CSV_SNIFF_BYTES)
    encoding = encodings.sniff(raw)
    if encoding is None:
        raise said(FileError, "ferr_binary", name=name)
    copy: Path | None = None
    try:
        if not encoding.direct:
            copy = _utf8_copy(path, encoding, name)
        try:
            staged = _stage_utf8_csv(con, copy or path, raw if copy is None else _head(copy), target, name, aliases,
                                     required, labels)
        except _NotUtf8 as exc:
            if copy is not None:  # DuckDB refused our own UTF-8 copy (a NUL or a broken pair in the text)
                raise said(FileError, "ferr_unreadable_text", name=name, encoding=encoding.label) from exc
            # UTF-8 at the start, other bytes further down (a Windows-1252 name in row 100,000): read it all again
            found = encodings.first_bad_utf8(path)
            encoding = encodings.single_byte(found[1] if found else raw)
            copy = _utf8_copy(path, encoding, name)
            try:
                staged = _stage_utf8_csv(con, copy, _head(copy), target, name, aliases, required, labels)
            except _NotUtf8 as exc:
                if found:
                    raise said(FileError, "ferr_unreadable_text_either_line", name=name, line=found[0],
                               encoding=encoding.label) from exc
                raise said(FileError, "ferr_unreadable_text_either", name=name, encoding=encoding.label) from exc
    finally:
        if copy is not None:
            copy.unlink(missing_ok=True)
    staged.path = Path(path)
    staged.encoding = encoding.label
    return staged


class _NotUtf8(Exception):
    """DuckDB met bytes that are not UTF-8 past the sample."""


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(CSV_SNIFF_BYTES)


def _utf8_copy(path: Path, encoding, name: str) -> Path:
    try:
        return encodings.to_utf8_copy(path, encoding)
    except encodings.TranscodeError as exc:
        raise said(FileError, "ferr_unreadable_line", name=name, line=exc.line, encoding=encoding.label) from exc
    except OSError as exc:
        raise said(FileError, "ferr_temp_copy", name=name, reason=exc.strerror) from exc


def _stage_utf8_csv(con, path, raw, target, name, aliases, required, labels) -> StagedFile:
    """Stage a UTF-8 CSV (with or without BOM). Row numbers are the file's own: the records in file order
    (DuckDB keeps insertion order for this one statement) plus the blank lines DuckDB skips."""
    table = target.table
    text = _decode_sample(raw, encodings.UTF8_BOM if raw.startswith(b"\xef\xbb\xbf") else encodings.UTF8)
    lines = text.splitlines()
    if len(raw) == CSV_SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last sampled line may be cut
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        raise said(FileError, "ferr_empty", name=name)
    delim = _detect_delimiter(nonblank[: HEADER_SCAN_ROWS], aliases)
    sample_rows = list(csv.reader(io.StringIO("\n".join(nonblank[:HEADER_SCAN_ROWS])), delimiter=delim))
    h = _find_header(sample_rows, aliases, required)
    headers = [c.strip() for c in sample_rows[h]]
    # line number (1-based) of the header in the file, counting blank lines before it
    header_line = _line_of_nonblank(lines, h)
    plan, matched = _columns_plan(headers, aliases, required, name, header_line, labels)
    # one column more than the header: a cell there means the row has more cells than the header (an
    # unquoted delimiter inside a name shifts every later cell); nothing of such a row is kept (column_count)
    width = len(headers)
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width + 1))
    raw_table = table + "__raw"
    used = [(out, i) for out, i in plan if i is not None]
    wanted = sorted({i for _, i in used} | {width})
    raw_cols = ", ".join(f"nullif(trim(c{i}), '') AS c{i}" for i in wanted)
    base = (
        f"SELECT {raw_cols} FROM read_csv($path, delim=$delim, quote='\"', escape='\"', header=false, skip=$skip, "
        f"columns={{{cols}}}, auto_detect=false, null_padding=true, strict_mode=false, "
        f"encoding='utf-8'{{parallel}})"
    )
    params = {"path": str(path), "delim": delim, "skip": header_line}
    try:
        _create_raw(con, raw_table, base, params)
    except Exception as exc:  # DuckDB raises InvalidInputError for bad bytes / layout
        msg = str(exc)
        if "unicode" in msg.lower() or "utf-8" in msg.lower() or "utf8" in msg.lower():
            raise _NotUtf8() from exc
        detail = _first_line(msg).replace(str(path), name)
        raise said(FileError, "ferr_unreadable_csv", name=name, detail=detail) from exc
    bad = f"(c{width} IS NOT NULL)"
    select = ", ".join(
        (f"CASE WHEN NOT {bad} THEN c{i} END::VARCHAR AS {quote_ident(out)}" if i is not None
         else f"NULL::VARCHAR AS {quote_ident(out)}")
        for out, i in plan
    )
    nonempty = "(" + (" OR ".join(f"c{i} IS NOT NULL" for i in wanted)) + ")"
    rows = con.execute(f"SELECT count(*) FILTER (WHERE {nonempty}) FROM {quote_ident(raw_table)}").fetchone()[0]
    # the record index: rowid follows the file's order (insertion order kept for the read); when it is not
    # contiguous (transaction-local writes), number the rows by rowid
    lo, hi, n = con.execute(f"SELECT min(rowid), max(rowid), count(*) FROM {quote_ident(raw_table)}").fetchone()
    if n and hi - lo + 1 == n:
        record = f"(rowid - {int(lo)})"
    else:
        record = "(row_number() OVER (ORDER BY rowid) - 1)"
    blanks = _blank_lines_after(path, header_line)
    con.execute("CREATE OR REPLACE TEMP TABLE stg_csv_blanks (records_before BIGINT, shift BIGINT)")
    if blanks:
        # the i-th blank line (0-based) at line L has L - header_line - 1 - i records before it; consecutive
        # blank lines share that count, and the last of them holds the shift
        shifts = {line - header_line - 1 - i: i + 1 for i, line in enumerate(blanks)}
        con.executemany("INSERT INTO stg_csv_blanks VALUES (?, ?)", sorted(shifts.items()))
    target.write(con,
        f"SELECT {select}, (r.record + $first + coalesce(b.shift, 0))::BIGINT AS source_row, "
        f"$name::VARCHAR AS source_file, r.column_count_bad{target.extra_sql()} "
        f"FROM (SELECT *, {record} AS record, {bad} AS column_count_bad FROM {quote_ident(raw_table)}) r "
        f"ASOF LEFT JOIN stg_csv_blanks b ON r.record >= b.records_before "
        f"WHERE {nonempty}",
        {"first": header_line + 1, "name": name},
    )
    con.execute(f"DROP TABLE {quote_ident(raw_table)}")
    con.execute("DROP TABLE stg_csv_blanks")
    return StagedFile(table, path, name, headers, header_line, rows, matched)


def _blank_lines_after(path: Path, after: int) -> list[int]:
    """Line numbers (1-based) of the empty lines after line `after`: DuckDB skips them, Excel and editors
    count them. One pass over the bytes; files without an empty line cost a find per block."""
    found: list[int] = []
    line = 1           # the line the next byte belongs to
    previous = b"\n"   # the byte before the block (a file starts as after a line break)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_SCAN_BLOCK), b""):
            joined = previous[-2:] + block
            offset = len(previous[-2:])
            if b"\n\n" in joined or b"\n\r\n" in joined:
                for match in _EMPTY_LINE.finditer(joined):
                    end = match.start() + 1  # the empty line starts right after this line break
                    number = (line + joined.count(b"\n", offset, end) if end >= offset
                              else line - joined.count(b"\n", end, offset))
                    if number > after:
                        found.append(number)
            line += block.count(b"\n")
            previous = block
    return sorted(set(found))


def _create_raw(con, raw_table: str, base: str, params: dict) -> None:
    """The raw read, with insertion order kept (the build's connection runs without it): rowid = file order."""
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(raw_table)}")
    keep = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("SET preserve_insertion_order = true")
    try:
        try:
            con.execute(f"CREATE TEMP TABLE {quote_ident(raw_table)} AS " + base.replace("{parallel}", ""), params)
        except Exception as exc:
            if "parallel=false" not in str(exc):
                raise
            # quoted line breaks + short rows: DuckDB needs the single-threaded scanner
            con.execute(f"DROP TABLE IF EXISTS {quote_ident(raw_table)}")
            con.execute(f"CREATE TEMP TABLE {quote_ident(raw_table)} AS " + base.replace("{parallel}", ", parallel=false"),
                        params)
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if keep else 'false'}")


def _first_line(msg: str) -> str:
    return msg.strip().splitlines()[0][:200] if msg.strip() else ""


def _line_of_nonblank(lines: list[str], k: int) -> int:
    """1-based line number of the k-th (0-based) non-blank line."""
    seen = -1
    for n, ln in enumerate(lines, start=1):
        if ln.strip():
            seen += 1
            if seen == k:
                return n
    return k + 1


def _detect_delimiter(lines: list[str], aliases) -> str:
    """The delimiter that splits the header into the most known (or, without aliases, most) columns."""
    best, best_score = ",", (-1, -1)
    for d in DELIMITERS:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=d))
        known = max((len(_match_headers(r, aliases)) for r in rows), default=0) if aliases else 0
        width = max((len(r) for r in rows[:3]), default=0)
        score = (known, width)
        if score > best_score:
            best, best_score = d, score
    return best


# --- XLSX --------------------------------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """One spreadsheet cell as text: dates ISO, whole floats without `.0`, blanks NULL."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    s = str(value).strip()
    return s or None


def _stage_xlsx(con, path, target, name, aliases, required, labels) -> StagedFile:
    table = target.table
    import pyarrow as pa
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        head = path.read_bytes()[:512].lower()
        html = b"<html" in head or b"<table" in head
        raise said(FileError, "ferr_not_xlsx_html" if html else "ferr_not_xlsx", name=name)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise said(FileError, "ferr_unreadable_xlsx", name=name, detail=exc) from exc
    try:
        chosen = None
        for ws in wb.worksheets:
            head = [list(r) for r in ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True)]
            if not any(any(cell_text(v) for v in r) for r in head):
                continue
            h = _find_header(head, aliases, required)
            if chosen is None:
                chosen = (ws, head, h)
            if aliases is None or all(r in _match_headers(head[h], aliases) for r in required):
                chosen = (ws, head, h)
                break
        if chosen is None:
            raise said(FileError, "ferr_empty_workbook", name=name)
        ws, head, h = chosen
        headers = [cell_text(v) or "" for v in head[h]]
        while headers and headers[-1] == "":
            headers.pop()
        header_row = h + 1
        plan, matched = _columns_plan(headers, aliases, required, f"{name} (lembar '{ws.title}')", header_row, labels)
        names = [out for out, _ in plan] + ["source_row", "source_file"]
        schema = pa.schema([(n, pa.string()) for n, _ in plan] + [("source_row", pa.int64()), ("source_file", pa.string())])
        if not target.append:
            con.execute(
                f"CREATE TEMP TABLE {quote_ident(table)} ("
                + ", ".join(f"{quote_ident(n)} VARCHAR" for n, _ in plan)
                + ", source_row BIGINT, source_file VARCHAR, column_count_bad BOOLEAN"
                + "".join(f", {quote_ident(k)} {'BIGINT' if isinstance(v, int) else 'VARCHAR'}" for k, v in target.extra.items())
                + ")"
            )
        buffer: list[list] = [[] for _ in names]
        total = 0
        idx = [i for _, i in plan]

        def flush() -> None:
            nonlocal buffer
            if buffer[0] or buffer[-1]:
                chunk = pa.Table.from_arrays([pa.array(col, type=t.type) for col, t in zip(buffer, schema)], schema=schema)
                con.register("__xlsx_chunk", chunk)
                con.execute(f"INSERT INTO {quote_ident(table)} BY NAME SELECT *, false AS column_count_bad"
                            f"{target.extra_sql()} FROM __xlsx_chunk")
                con.unregister("__xlsx_chunk")
            buffer = [[] for _ in names]

        for rownum, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
            cells = [cell_text(row[i]) if i is not None and i < len(row) else None for i in idx]
            if not any(c is not None for c in cells):
                continue
            for j, c in enumerate(cells):
                buffer[j].append(c)
            buffer[-2].append(rownum)
            buffer[-1].append(name)
            total += 1
            if len(buffer[-1]) >= XLSX_CHUNK_ROWS:
                flush()
        flush()
    except FileError:
        raise
    except Exception as exc:
        raise said(FileError, "ferr_unreadable_xlsx", name=name, detail=exc) from exc
    finally:
        wb.close()
    return StagedFile(table, path, name, headers, header_row, total, matched)


# --- Parquet -----------------------------------------------------------------------------------------


def _stage_parquet(con, path, target, name, aliases, required, labels) -> StagedFile:
    table = target.table
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(path)}).fetchall()
    except Exception as exc:
        raise said(FileError, "ferr_unreadable_parquet", name=name, detail=_first_line(str(exc))) from exc
    headers = [r[0] for r in described]
    types = {r[0]: r[1] for r in described}
    plan, matched = _columns_plan(headers, aliases, required, name, 1, labels)

    def cast(col: str) -> str:
        t = types[col].upper()
        q = quote_ident(col)
        if t.startswith("TIMESTAMP"):
            return f"strftime({q}, '%Y-%m-%d')"
        if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
            return f"CASE WHEN {q} = trunc({q}) AND abs({q}) < 1e15 THEN trunc({q})::BIGINT::VARCHAR ELSE {q}::VARCHAR END"
        return f"{q}::VARCHAR"

    select = ", ".join(
        (f"nullif(trim({cast(headers[i])}), '') AS {quote_ident(out)}" if i is not None else f"NULL::VARCHAR AS {quote_ident(out)}")
        for out, i in plan
    )
    used = [i for _, i in plan if i is not None]
    nonempty = " OR ".join(f"nullif(trim({quote_ident(headers[i])}::VARCHAR), '') IS NOT NULL" for i in used) or "false"
    # One pass, in no particular order: source_row comes from file_row_number, so nothing needs sorting (a sort
    # of every row by file_row_number was the largest cost of staging at province scale). The write's
    # count is the number of non-empty rows. Path and name are literals, so the same SELECT can define a view.
    try:
        rows = target.write(con,
            f"SELECT {select}, (file_row_number + 2)::BIGINT AS source_row, "
            f"{_literal(name)}::VARCHAR AS source_file, false AS column_count_bad{target.extra_sql()} "
            f"FROM read_parquet({_literal(str(path))}, file_row_number=true) WHERE {nonempty}", {})
    except Exception as exc:
        raise said(FileError, "ferr_unreadable_parquet", name=name, detail=_first_line(str(exc))) from exc
    return StagedFile(table, path, name, headers, 1, rows, matched)


