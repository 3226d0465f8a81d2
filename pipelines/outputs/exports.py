"""CSV and XLSX writers for every export of the project, safe to open in a spreadsheet.

Formula neutralisation (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return gets a leading apostrophe, so Excel/LibreOffice show it as text and never run it.
Numbers stay numbers (a negative number is a number, not text). In XLSX every text cell is also
written with the string type, never as a formula.

Exports carry aggregates only (codes, place names, counts, rates): no child, no NIK, no hash.

Builders here:
- `csv_bytes(frame)` / `xlsx_bytes({sheet: frame})`: the safe writers (CSV is UTF-8 with BOM so Excel
  reads Indonesian names correctly).
- `selection_sheets(...)` / `selection_xlsx(...)`: the lokus selection workbook (ranked list with every
  criterion, weights and method, reasons).
- `publication_table(...)`: the per-kelurahan indicator table for publication (Aksi 7) with small-number
  suppression: a rate on fewer than `small_n` children is blanked (numerator, rate and interval) and marked.
"""
from __future__ import annotations

import io
import json
import math
from typing import Mapping

import numpy as np
import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SUPPRESSED_MARK = "n<{n}"


def neutralise(value: object) -> object:
    """The value, with a leading apostrophe when it is text starting with a formula character."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and column name) neutralised."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (comma, UTF-8 with BOM) of `frame` with formulas neutralised."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


def _cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (int, float)):
        return value
    return neutralise(str(value))


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per frame (sheet names cut to 31 characters); formulas neutralised."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=str(name)[:31])
        for c, column in enumerate(frame.columns, start=1):
            cell = sheet.cell(row=1, column=c, value=_cell(str(column)))
            cell.data_type = "s"
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
            for c, value in enumerate(row, start=1):
                v = _cell(value)
                cell = sheet.cell(row=r, column=c, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # text, never a formula
        for c, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = min(50, max(10, len(str(column)) + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- lokus selection -------------------------------------------------------------------------------

SELECTION_SHEETS = ("Peringkat", "Bobot dan metode", "Alasan")
RANKED_COLUMNS = (
    "rank", "kode", "nama", "kecamatan_nama", "selected", "how", "score", "children", "stunted",
    "prevalence_crude", "prevalence_eb", "prevalence", "burden", "severe", "hpk_gap", "coverage_gap",
    "trend", "hotspot", "hotspot_class", "lisa_cluster",
)


def selection_sheets(
    selection: pd.DataFrame,
    method: Mapping[str, object],
    *,
    name: str = "",
    created_at: str = "",
    lights: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """The three sheets of a selection export.

    `selection` is pipelines.lokus.ranking.select output; `method` is pipelines.lokus.ranking.method_summary; `lights`
    (optional) the traffic-light colours, added to the ranked list as `light_<criterion>` columns.
    Only aggregate columns go out: rank, codes, names of places, criteria, norm_/contrib_ columns, reasons.
    """
    wanted = [c for c in RANKED_COLUMNS if c in selection.columns]
    wanted += [c for c in selection.columns if c.startswith(("extra_", "norm_", "contrib_")) and c not in wanted]
    ranked = selection[wanted].copy()
    if lights is not None:
        tl = lights.set_index("kode")
        for column in tl.columns:
            ranked[f"light_{column}"] = ranked["kode"].map(tl[column])
    rows = [("name", name), ("created_at", created_at)]
    for key, value in method.items():
        if isinstance(value, Mapping):
            rows += [(f"{key}.{k}", v if isinstance(v, (int, float)) else json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v) for k, v in value.items()]
        else:
            rows.append((key, value if isinstance(value, (int, float, str)) or value is None else json.dumps(value, ensure_ascii=False)))
    weights = pd.DataFrame(rows, columns=["setting", "value"])
    weights["value"] = weights["value"].map(lambda v: "" if v is None else v)
    reasons = selection.loc[selection["how"].isin(["added", "removed"]), ["kode", "nama", "how", "reason", "rank"]].reset_index(drop=True)
    return {SELECTION_SHEETS[0]: ranked, SELECTION_SHEETS[1]: weights, SELECTION_SHEETS[2]: reasons}


def selection_xlsx(selection: pd.DataFrame, method: Mapping[str, object], **kwargs) -> bytes:
    return xlsx_bytes(selection_sheets(selection, method, **kwargs))


def selection_csv(selection: pd.DataFrame, method: Mapping[str, object], **kwargs) -> bytes:
    """CSV of the ranked list (sheet 1) with the reason of each manual change."""
    sheets = selection_sheets(selection, method, **kwargs)
    ranked = sheets[SELECTION_SHEETS[0]].copy()
    ranked["reason"] = ranked["kode"].map(selection.set_index("kode")["reason"]).fillna("")
    return csv_bytes(ranked)


def selection_png(
    places,
    selection: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    lang: str = "id",
    lokus_label: str = "Lokus",
    source_line: str = "",
    note: str = "",
    small_n: int = 10,
) -> bytes:
    """PNG (1920 × 1080 px) of the lokus: the headline indicator's prevalence in its WHO/UNICEF classes (catalogue),
    lokus outlined (geo.render); legend title and class names in `lang`.

    `places`: GeoDataFrame with kode, nama, geometry; `selection`: pipelines.lokus.ranking.select output.
    """
    from geo import render
    from pipelines.indicators import catalogue
    from pipelines.present.classify import class_labels, make_classes
    from pipelines.present.glossary import text

    gdf = places.merge(selection[["kode", "prevalence_crude", "children", "selected"]], on="kode")
    classes = make_classes(gdf["prevalence_crude"], "who", catalogue.HEADLINE)
    fig = render.render_map(
        gdf, "prevalence_crude", classes, title, subtitle=subtitle,
        legend_title=catalogue.label(catalogue.HEADLINE, lang),
        class_labels=class_labels(classes, lambda key: text(key, lang), lang),
        highlight=selection.loc[selection["selected"], "kode"].tolist(), highlight_label=lokus_label,
        n_column="children", small_n=small_n, source_line=source_line, note=note,
    )
    return render.png_bytes(fig)


# --- publication (Aksi 7) --------------------------------------------------------------------------

def query_publication(con, period: str) -> pd.DataFrame:
    """Kelurahan-level indicators of one period with place names (long form; `readmodel.publication_values`)."""
    from pipelines import readmodel

    return readmodel.publication_values(con, period)


def publication_table(long: pd.DataFrame, indicators: list[str], small_n: int = 10) -> pd.DataFrame:
    """Wide table per kelurahan: for each indicator `<ind>_n` (denominator), `<ind>_k` (numerator),
    `<ind>_pct`, `<ind>_ci_low_pct`, `<ind>_ci_high_pct` (percent, 1 decimal) and `<ind>_note`.

    When the denominator is below `small_n` (1..1000) the numerator, rate and interval are blank and the note
    reads `n<small_n`.
    """
    if isinstance(small_n, bool) or not 1 <= int(small_n) <= 1000:
        raise ValueError("small_n must be between 1 and 1000")
    small_n = int(small_n)
    places = long[["kode", "nama", "kecamatan_nama"]].drop_duplicates("kode").set_index("kode")
    out = places.reset_index()
    for indicator in indicators:
        part = long[long["indicator"] == indicator].set_index("kode")
        n = out["kode"].map(part["denominator"])
        small = n < small_n
        out[f"{indicator}_n"] = n.astype("Int64")
        out[f"{indicator}_k"] = out["kode"].map(part["numerator"]).mask(small).astype("Int64")
        for src, dst in (("value", "pct"), ("ci_low", "ci_low_pct"), ("ci_high", "ci_high_pct")):
            out[f"{indicator}_{dst}"] = (out["kode"].map(part[src]) * 100).round(1).mask(small)
        out[f"{indicator}_note"] = np.where(small, SUPPRESSED_MARK.format(n=small_n), "")
    return out
