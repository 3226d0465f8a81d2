"""Extra lokus criteria uploaded as a CSV keyed by kelurahan code (poverty, water access, ...).

Format: one header row; a code column (`kode`, `kode_desa`, `kode_kelurahan`, `Kode Desa/Kel`) holding the
Kemendagri code `PP.KK.CC.DDDD` of a kelurahan in the database; one or more numeric columns, one criterion
each. Decimal point or (in `;`-separated files) decimal comma; empty cells are missing values.

Limits (a file outside them is refused with a message naming the file, column and row — spreadsheet row
numbers, header = row 1): at most `MAX_BYTES`, `MAX_ROWS` data rows, `MAX_COLUMNS` criteria, values with
absolute value ≤ `MAX_ABS_VALUE`, column names ≤ `MAX_NAME_CHARS` characters. Every code must be known
and appear once. Column names are kept as text labels; the criterion key is `extra_<n>`.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

import pandas as pd

from pipelines.inputs.errors import InputError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 10
MAX_ABS_VALUE = 1e9
MAX_NAME_CHARS = 60
CODE_HEADERS = {"kode", "kodedesa", "kodekelurahan", "kodedesa/kel", "kodedesakel", "kodekel"}
CODE_PATTERN = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


class CriteriaFileError(InputError, ValueError):
    """A refused file; the message says which file, column and row, in Indonesian (English in parentheses)."""


@dataclass
class ExtraCriteria:
    values: pd.DataFrame          # index kode, columns extra_1.. (float)
    labels: dict[str, str]        # extra_1 -> column name as written in the file


def _header_key(text: str) -> str:
    return re.sub(r"[\s_]+", "", text.replace("\ufeff", "").strip().lower())


def _number(text: str, decimal_comma: bool) -> float | None:
    s = text.strip().replace("\xa0", "").replace(" ", "")
    if s == "":
        return None
    if decimal_comma:
        s = s.replace(".", "").replace(",", ".") if "," in s else s
    value = float(s)  # ValueError for text
    if not math.isfinite(value):
        raise ValueError(s)
    return value


def read_extra_criteria(data: bytes, file_name: str, known_codes: set[str]) -> ExtraCriteria:
    """Validate and read an uploaded criteria CSV (module docstring); raises CriteriaFileError."""
    name = str(file_name)
    if len(data) > MAX_BYTES:
        raise CriteriaFileError(f"{name}: berkas lebih dari {MAX_BYTES // 1024 // 1024} MB (file larger than the limit)")
    if not data.strip():
        raise CriteriaFileError(f"{name}: berkas kosong (empty file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\x00" in text:
        raise CriteriaFileError(f"{name}: bukan berkas CSV teks (not a text CSV file)")
    first = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    keys = [_header_key(h) for h in header]
    code_cols = [i for i, k in enumerate(keys) if k in CODE_HEADERS]
    if not code_cols:
        raise CriteriaFileError(f"{name}: kolom kode kelurahan tidak ditemukan; beri nama 'kode' (no code column: name it 'kode')")
    code_col = code_cols[0]
    criteria_cols = [i for i in range(len(header)) if i != code_col and header[i] != ""]
    if not criteria_cols:
        raise CriteriaFileError(f"{name}: tidak ada kolom kriteria selain kode (no criterion column besides the code)")
    if len(criteria_cols) > MAX_COLUMNS:
        raise CriteriaFileError(f"{name}: lebih dari {MAX_COLUMNS} kolom kriteria (more than {MAX_COLUMNS} criterion columns)")
    for i in criteria_cols:
        if len(header[i]) > MAX_NAME_CHARS:
            raise CriteriaFileError(f"{name}, kolom {i + 1}: nama kolom lebih dari {MAX_NAME_CHARS} karakter (column name too long)")
    if len(set(header[i] for i in criteria_cols)) < len(criteria_cols):
        raise CriteriaFileError(f"{name}: nama kolom kriteria ganda (duplicate criterion column names)")
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(cell.strip() for cell in r)]
    if len(body) > MAX_ROWS:
        raise CriteriaFileError(f"{name}: lebih dari {MAX_ROWS} baris (more than {MAX_ROWS} rows)")
    decimal_comma = delimiter != ","
    seen: dict[str, int] = {}
    records: dict[str, list[float | None]] = {}
    for row_number, row in body:
        row = row + [""] * (len(header) - len(row))
        code = row[code_col].strip()
        where = f"{name}, kolom '{header[code_col]}', baris {row_number}"
        if not CODE_PATTERN.match(code):
            raise CriteriaFileError(f"{where}: kode '{code[:30]}' bukan format PP.KK.CC.DDDD (code not in PP.KK.CC.DDDD form)")
        if code not in known_codes:
            raise CriteriaFileError(f"{where}: kode {code} tidak ada di basis data (unknown kelurahan code)")
        if code in seen:
            raise CriteriaFileError(f"{where}: kode {code} sudah ada di baris {seen[code]} (duplicate code)")
        seen[code] = row_number
        values = []
        for i in criteria_cols:
            cell = row[i]
            try:
                value = _number(cell, decimal_comma)
            except ValueError:
                raise CriteriaFileError(
                    f"{name}, kolom '{header[i]}', baris {row_number}: '{cell.strip()[:30]}' bukan angka (not a number)"
                ) from None
            if value is not None and abs(value) > MAX_ABS_VALUE:
                raise CriteriaFileError(f"{name}, kolom '{header[i]}', baris {row_number}: nilai di luar batas ±{MAX_ABS_VALUE:g} (value out of range)")
            values.append(value)
        records[code] = values
    if not records:
        raise CriteriaFileError(f"{name}: tidak ada baris data (no data rows)")
    keys_out = [f"extra_{n}" for n in range(1, len(criteria_cols) + 1)]
    frame = pd.DataFrame.from_dict(records, orient="index", columns=keys_out).astype("float64")
    frame.index.name = "kode"
    return ExtraCriteria(values=frame, labels={k: header[i] for k, i in zip(keys_out, criteria_cols)})
