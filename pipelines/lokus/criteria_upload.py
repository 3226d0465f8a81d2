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
from pipelines.present.messages import said

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
        raise said(CriteriaFileError, "crit_too_large", name=name, mb=MAX_BYTES // 1024 // 1024)
    if not data.strip():
        raise said(CriteriaFileError, "crit_empty", name=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\x00" in text:
        raise said(CriteriaFileError, "crit_not_text", name=name)
    first = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    keys = [_header_key(h) for h in header]
    code_cols = [i for i, k in enumerate(keys) if k in CODE_HEADERS]
    if not code_cols:
        raise said(CriteriaFileError, "crit_no_code", name=name)
    code_col = code_cols[0]
    criteria_cols = [i for i in range(len(header)) if i != code_col and header[i] != ""]
    if not criteria_cols:
        raise said(CriteriaFileError, "crit_no_criteria", name=name)
    if len(criteria_cols) > MAX_COLUMNS:
        raise said(CriteriaFileError, "crit_too_many_columns", name=name, n=MAX_COLUMNS)
    for i in criteria_cols:
        if len(header[i]) > MAX_NAME_CHARS:
            raise said(CriteriaFileError, "crit_long_name", name=name, column=i + 1, n=MAX_NAME_CHARS)
    if len(set(header[i] for i in criteria_cols)) < len(criteria_cols):
        raise said(CriteriaFileError, "crit_duplicate_names", name=name)
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(cell.strip() for cell in r)]
    if len(body) > MAX_ROWS:
        raise said(CriteriaFileError, "crit_too_many_rows", name=name, n=MAX_ROWS)
    decimal_comma = delimiter != ","
    seen: dict[str, int] = {}
    records: dict[str, list[float | None]] = {}
    for row_number, row in body:
        row = row + [""] * (len(header) - len(row))
        code = row[code_col].strip()
        where = dict(name=name, column=header[code_col], row=row_number)
        if not CODE_PATTERN.match(code):
            raise said(CriteriaFileError, "crit_code_form", code=code[:30], **where)
        if code not in known_codes:
            raise said(CriteriaFileError, "crit_unknown_code", code=code, **where)
        if code in seen:
            raise said(CriteriaFileError, "crit_duplicate_code", code=code, first=seen[code], **where)
        seen[code] = row_number
        values = []
        for i in criteria_cols:
            cell = row[i]
            try:
                value = _number(cell, decimal_comma)
            except ValueError:
                raise said(CriteriaFileError, "crit_not_number", name=name, column=header[i], row=row_number,
                           value=cell.strip()[:30]) from None
            if value is not None and abs(value) > MAX_ABS_VALUE:
                raise said(CriteriaFileError, "crit_out_of_range", name=name, column=header[i], row=row_number,
                           limit=f"{MAX_ABS_VALUE:g}")
            values.append(value)
        records[code] = values
    if not records:
        raise said(CriteriaFileError, "crit_no_rows", name=name)
    keys_out = [f"extra_{n}" for n in range(1, len(criteria_cols) + 1)]
    frame = pd.DataFrame.from_dict(records, orient="index", columns=keys_out).astype("float64")
    frame.index.name = "kode"
    return ExtraCriteria(values=frame, labels={k: header[i] for k, i in zip(keys_out, criteria_cols)})
