"""CSV and XLSX writers for every export of the project, safe to open in a spreadsheet.

Formula neutralisation (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return gets a leading apostrophe, so Excel/LibreOffice show it as text and never run it.
Numbers stay numbers (a negative number is a number, not text). In XLSX every text cell is also
written with the string type, never as a formula.

Exports carry aggregates only (codes, place names, counts, rates): no child, no NIK, no hash.

Builders here:
- `csv_bytes(frame)` / `xlsx_bytes({sheet: frame})`: the plain safe writers for raw listings (quarantine rows).
- `selection_tables(...)` / `selection_xlsx(...)` / `selection_csv(...)`: the lokus selection as report tables
  (pipelines.outputs.document): ranking with CI, Tabel 1.2 priority matrix (traffic light), weights and the
  method in words, manual changes with reasons; title block on every sheet.
- `publication_table(...)` / `publication_tables(...)`: the Aksi 7 indicator tables per desa/kelurahan and
  kecamatan with small-number suppression: a rate on fewer than `small_n` children is blanked (numerator,
  rate and interval), marked, and the rule is stated in words.
"""
from __future__ import annotations

import io
import math
from typing import Mapping

import numpy as np
import pandas as pd

from pipelines.indicators import catalogue
from pipelines.outputs.document import FORMULA_PREFIXES, Col, DocContext, Table, blank_context, neutralise, wilson  # noqa: F401 (re-exported)
from pipelines.outputs.document import csv_bytes as document_csv
from pipelines.outputs.document import xlsx_bytes as document_xlsx
from pipelines.present.glossary import text
from pipelines.settings import Settings

SUPPRESSED_MARK = "n<{n}"


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and column name) neutralised."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def csv_bytes(frame: pd.DataFrame, csv_format: str = "en") -> bytes:
    """CSV (UTF-8 with BOM) of `frame` with formulas neutralised; `csv_format` 'id' = `;` and decimal comma."""
    from pipelines.present.format import csv_options

    return neutralise_frame(frame).to_csv(index=False, **csv_options(csv_format)).encode("utf-8-sig")


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

SELECTION_SHEET_KEYS = ("doc_sheet_rank", "doc_sheet_matrix", "doc_sheet_method", "doc_sheet_changes")
SELECTION_SHEETS = ("Peringkat", "Matriks prioritas", "Bobot dan metode", "Perubahan manual")
RANKED_COLUMNS = (
    "rank", "kode", "nama", "kecamatan_nama", "selected", "how", "score", "children", "stunted",
    "prevalence_crude", "prevalence_eb", "prevalence", "burden", "severe", "hpk_gap", "coverage_gap",
    "trend", "hotspot", "hotspot_class", "lisa_cluster",
)
#: lokus criteria and their column kinds in a report table
CRITERION_KINDS = {"prevalence": "pct", "burden": "int", "severe": "pct", "hpk_gap": "pct", "coverage_gap": "pct",
                   "trend": "pp", "hotspot": "num2"}


def _how_words(how: str, lang: str) -> str:
    return text(f"how_{how}", lang) if how else ""


def _criterion_label(key: str, lang: str, extra_labels: Mapping[str, str] | None = None) -> str:
    if extra_labels and key in extra_labels:
        return str(extra_labels[key])
    return text(f"crit_{key}", lang)


def method_sentences(method: Mapping[str, object], lang: str = "id",
                     extra_labels: Mapping[str, str] | None = None) -> list[str]:
    """The lokus method in plain words: period, N, weights, normalisation, score, prevalence, hot spots."""
    weights = dict(method.get("weights", {}) or {})
    extra_labels = dict(extra_labels or method.get("extra_labels", {}) or {})
    lines = [text("doc_method_period", lang, period=format_period(method.get("period"), lang),
                  compare=format_period(method.get("compare_period"), lang) if method.get("compare_period")
                  else text("doc_method_no_compare", lang)),
             text("doc_method_n", lang, n=method.get("n", "–"))]
    if weights:
        parts = [f"{_criterion_label(k, lang, extra_labels)} {w:g}" for k, w in weights.items() if float(w) > 0]
        lines.append(text("doc_method_weights", lang, weights="; ".join(parts)))
    lines.append(text("doc_method_score", lang))
    prevalence = str(method.get("prevalence", "crude"))
    if prevalence.startswith("empirical"):
        prior = "kabupaten" if prevalence.endswith("kabupaten") else "kecamatan"
        lines.append(text("doc_method_eb", lang, prior=text(f"prior_{prior}", lang).lower()))
    else:
        lines.append(text("doc_method_crude", lang))
    hotspot = dict(method.get("hotspot", {}) or {})
    if hotspot:
        lines.append(text("doc_method_hotspot", lang,
                          input=_criterion_label(str(hotspot.get("input", "prevalence")), lang, extra_labels),
                          permutations=hotspot.get("permutations", 999), seed=hotspot.get("seed", 12345),
                          alpha=str(hotspot.get("alpha", 0.05)).replace(".", "," if lang == "id" else ".")))
    return lines


def format_period(period, lang: str = "id") -> str:
    from pipelines.present.format import period_words

    return period_words(str(period), lang) if period else "–"


def ranked_table(selection: pd.DataFrame, lang: str = "id", extra_labels: Mapping[str, str] | None = None) -> Table:
    """Every kelurahan ranked, with its criteria, CI of the prevalence, lokus Ya/Tidak and the reason."""
    frame = selection.copy()
    frame["how_words"] = frame["how"].map(lambda h: _how_words(h, lang))
    frame["hotspot_words"] = frame.get("hotspot_class", pd.Series("", index=frame.index)).map(
        lambda c: text(f"hot_{c}", lang) if c in ("hot", "cold") else "")
    bounds = [wilson(k, n) for k, n in zip(frame["stunted"], frame["children"])]
    frame["ci_low"] = [b[0] for b in bounds]
    frame["ci_high"] = [b[1] for b in bounds]
    columns = [Col("rank", text("lokus_rank", lang), "int"), Col("kode", text("col_kode", lang)),
               Col("nama", text("doc_desa", lang)), Col("kecamatan_nama", text("kecamatan", lang)),
               Col("selected", text("doc_lokus", lang), "bool"), Col("how_words", text("doc_how", lang)),
               Col("score", text("lokus_score", lang), "num3"),
               Col("children", text("lokus_children", lang), "int"), Col("stunted", text("col_stunted", lang), "int"),
               Col("prevalence_crude", text("crit_prevalence", lang), "pct"),
               Col("ci_low", text("col_ci_low_share", lang), "pct"), Col("ci_high", text("col_ci_high_share", lang), "pct")]
    if "prevalence_eb" in frame and frame["prevalence_eb"].notna().any():
        columns.append(Col("prevalence_eb", text("doc_prevalence_eb", lang), "pct"))
    for key, kind in CRITERION_KINDS.items():
        if key in ("prevalence", "burden") or key not in frame or not frame[key].notna().any():
            continue
        columns.append(Col(key, _criterion_label(key, lang), kind))
    if frame["hotspot_words"].astype(bool).any():
        columns.append(Col("hotspot_words", text("doc_hotspot_class", lang)))
    for key in [c for c in frame.columns if c.startswith("extra_")]:
        columns.append(Col(key, _criterion_label(key, lang, extra_labels), "num2"))
    columns.append(Col("reason", text("lokus_reason", lang)))
    return Table(text("doc_sheet_rank", lang), text("doc_title_rank", lang), frame, columns)


def priority_matrix(selection: pd.DataFrame, lights: pd.DataFrame | None, lang: str = "id", *,
                    lokus_only: bool = False, extra_labels: Mapping[str, str] | None = None,
                    title: str | None = None) -> Table:
    """Tabel 1.2, the traffic-light matrix: rows desa/kelurahan (lokus first, by rank), columns criteria,
    each cell the value coloured red/yellow/green by the thresholds (`lights` from ranking.traffic_light)."""
    frame = selection.copy()
    if lokus_only:
        frame = frame[frame["selected"]]
    frame = frame.sort_values(["selected", "rank"], ascending=[False, True]).reset_index(drop=True)
    fills = pd.DataFrame(index=frame.index)
    keys = [k for k in (lights.columns if lights is not None else []) if k not in ("kode", "n_red")]
    if lights is not None:
        by_code = lights.set_index("kode")
        for key in keys:
            fills[key] = frame["kode"].map(by_code[key]).fillna("").to_numpy()
        frame["n_red"] = frame["kode"].map(by_code["n_red"]).to_numpy()
    columns = [Col("rank", text("lokus_rank", lang), "int"), Col("nama", text("doc_desa", lang)),
               Col("kecamatan_nama", text("kecamatan", lang)), Col("selected", text("doc_lokus", lang), "bool")]
    for key in keys:
        if key in frame:
            columns.append(Col(key, _criterion_label(key, lang, extra_labels), CRITERION_KINDS.get(key, "num2")))
    if "n_red" in frame:
        columns.append(Col("n_red", text("lokus_n_red", lang), "int"))
    notes = [text("doc_matrix_note", lang)]
    return Table(text("doc_sheet_matrix", lang), title or text("doc_title_matrix", lang), frame, columns, notes,
                 fills=fills)


def weights_table(method: Mapping[str, object], lang: str = "id", extra_labels: Mapping[str, str] | None = None) -> Table:
    """Criteria with weight, direction and why, and the method in sentences as the table's notes."""
    weights = dict(method.get("weights", {}) or {})
    directions = dict(method.get("directions", {}) or {})
    extra_labels = dict(extra_labels or method.get("extra_labels", {}) or {})
    total = sum(float(w) for w in weights.values()) or 1.0
    rows = [{"criterion": _criterion_label(k, lang, extra_labels), "weight": float(w), "share": float(w) / total,
             "direction": text(f"dir_{directions.get(k, 'higher')}", lang),
             "why": text(f"why_{k}", lang) if not k.startswith("extra_") else ""}
            for k, w in weights.items()]
    frame = pd.DataFrame(rows, columns=["criterion", "weight", "share", "direction", "why"])
    columns = [Col("criterion", text("lokus_criterion", lang)), Col("weight", text("lokus_weight", lang), "num1"),
               Col("share", text("doc_weight_share", lang), "pct"), Col("direction", text("lokus_direction", lang)),
               Col("why", text("lokus_rationale", lang))]
    return Table(text("doc_sheet_method", lang), text("doc_title_method", lang), frame, columns,
                 notes=method_sentences(method, lang, extra_labels))


def changes_table(selection: pd.DataFrame, lang: str = "id") -> Table:
    """The manual changes: desa, added or removed, the reason, its rank by score."""
    frame = selection.loc[selection["how"].isin(["added", "removed"])].copy().reset_index(drop=True)
    frame["how_words"] = frame["how"].map(lambda h: _how_words(h, lang))
    columns = [Col("kode", text("col_kode", lang)), Col("nama", text("doc_desa", lang)),
               Col("kecamatan_nama", text("kecamatan", lang)), Col("how_words", text("doc_change", lang)),
               Col("reason", text("lokus_reason", lang)), Col("rank", text("doc_rank_by_score", lang), "int")]
    notes = [] if len(frame) else [text("doc_no_changes", lang)]
    return Table(text("doc_sheet_changes", lang), text("doc_title_changes", lang), frame, columns, notes)


def selection_tables(selection: pd.DataFrame, method: Mapping[str, object], *, ctx: DocContext | None = None,
                     lights: pd.DataFrame | None = None, name: str = "", created_at: str = "",
                     lang: str | None = None) -> list[Table]:
    """The four tables of a lokus selection export: ranking, priority matrix, weights and method, manual changes.

    `selection` is pipelines.lokus.ranking.select output; `method` is pipelines.lokus.ranking.method_summary;
    `lights` (optional) the traffic-light colours. Only aggregates go out: places, ranks, criteria, reasons.
    """
    lang = lang or (ctx.lang if ctx else "id")
    extra_labels = dict(method.get("extra_labels", {}) or {})
    ranked = ranked_table(selection, lang, extra_labels)
    if name:
        ranked.notes.append(text("doc_selection_name", lang, name=name, created=created_at[:16].replace("T", " ")))
    tables = [ranked]
    if lights is not None:
        tables.append(priority_matrix(selection, lights, lang, extra_labels=extra_labels))
    tables += [weights_table(method, lang, extra_labels), changes_table(selection, lang)]
    return tables


def selection_xlsx(selection: pd.DataFrame, method: Mapping[str, object], *, ctx: DocContext | None = None,
                   **kwargs) -> bytes:
    ctx = ctx or blank_context(str(method.get("period") or ""), kwargs.get("lang") or "id")
    return document_xlsx(selection_tables(selection, method, ctx=ctx, **kwargs), ctx)


def selection_csv(selection: pd.DataFrame, method: Mapping[str, object], *, ctx: DocContext | None = None,
                  csv_format: str | None = None, **kwargs) -> bytes:
    """CSV of the ranked list with the reason of each manual change (the CSV carries the title block)."""
    ctx = ctx or blank_context(str(method.get("period") or ""), kwargs.get("lang") or "id")
    tables = selection_tables(selection, method, ctx=ctx, **kwargs)
    ranked = tables[0]
    ranked.notes.extend(method_sentences(method, ctx.lang))
    return document_csv(ranked, ctx, csv_format)


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
    small_n: int = Settings.small_n,
) -> bytes:
    """PNG (1920 × 1080 px) of the lokus: the headline indicator's prevalence in its WHO/UNICEF classes (catalogue),
    lokus outlined (geo.render); legend title and class names in `lang`.

    `places`: GeoDataFrame with kode, nama, geometry; `selection`: pipelines.lokus.ranking.select output.
    """
    from geo import render
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

#: indicators of the Aksi 7 publication, in catalogue order, when the database has them
PUBLICATION_INDICATORS = (catalogue.HEADLINE, catalogue.HEADLINE_SEVERE, "wasting", "underweight", "overweight",
                          catalogue.COVERAGE.key, "hpk_complete_access")


def query_publication(con, period: str, level: str = "kelurahan") -> pd.DataFrame:
    """Indicators of one period per kelurahan (or kecamatan) with place names (long form)."""
    if level == "kecamatan":
        return con.execute(
            """SELECT k.kode, k.nama, k.nama AS kecamatan_nama, i.indicator, i.numerator, i.denominator, i.value,
                      i.ci_low, i.ci_high
               FROM kecamatan k JOIN indicators i ON i.kode = k.kode AND i.level = 'kecamatan' AND i.period = ?
               ORDER BY k.kode, i.indicator""",
            [period],
        ).df()
    from pipelines import readmodel

    return readmodel.publication_values(con, period)


def _check_small_n(small_n) -> int:
    if isinstance(small_n, bool) or not 1 <= int(small_n) <= 1000:
        raise ValueError("small_n must be between 1 and 1000")
    return int(small_n)


def publication_table(long: pd.DataFrame, indicators: list[str], small_n: int = Settings.small_n) -> pd.DataFrame:
    """Wide table per place: for each indicator `<ind>_n` (denominator), `<ind>_k` (numerator), `<ind>_value`,
    `<ind>_ci_low`, `<ind>_ci_high` (shares 0..1) and `<ind>_suppressed` (bool).

    When the denominator is below `small_n` (1..1000) the numerator, rate and interval are blank and
    `<ind>_suppressed` is True (the count n stays: it says why the rate is not shown).
    """
    small_n = _check_small_n(small_n)
    places = long[["kode", "nama", "kecamatan_nama"]].drop_duplicates("kode").set_index("kode")
    out = places.reset_index()
    columns: dict[str, pd.Series] = {}
    for indicator in indicators:
        part = long[long["indicator"] == indicator].set_index("kode")
        n = out["kode"].map(part["denominator"])
        small = (n < small_n).fillna(False).astype(bool)
        columns[f"{indicator}_n"] = n.astype("Int64")
        columns[f"{indicator}_k"] = out["kode"].map(part["numerator"]).mask(small).astype("Int64")
        for src in ("value", "ci_low", "ci_high"):
            columns[f"{indicator}_{src}"] = out["kode"].map(part[src]).astype(float).mask(small)
        columns[f"{indicator}_suppressed"] = small
        columns[f"{indicator}_note"] = pd.Series(np.where(small, SUPPRESSED_MARK.format(n=small_n), ""), index=out.index)
    out = pd.concat([out, pd.DataFrame(columns, index=out.index)], axis=1)
    return out


def publication_columns(indicators: list[str], lang: str = "id", *, level: str = "kelurahan") -> list[Col]:
    """Report columns of `publication_table`: place, then per indicator n, count, rate, 95 % CI, note."""

    place = text("doc_desa", lang) if level == "kelurahan" else text("kecamatan", lang)
    columns = [Col("kode", text("col_kode", lang)), Col("nama", place)]
    if level == "kelurahan":
        columns.append(Col("kecamatan_nama", text("kecamatan", lang)))
    for key in indicators:
        entry = catalogue.indicator(key)
        short = entry.text("short", lang)
        columns += [
            Col(f"{key}_n", text("doc_col_n", lang, what=short, noun=entry.noun_text(lang)), "int"),
            Col(f"{key}_k", text("doc_col_k", lang, what=short), "int"),
            Col(f"{key}_value", text("doc_col_rate", lang, what=short), "pct"),
            Col(f"{key}_ci_low", text("doc_col_ci_low", lang, what=short), "pct"),
            Col(f"{key}_ci_high", text("doc_col_ci_high", lang, what=short), "pct"),
            Col(f"{key}_note", text("doc_col_note", lang, what=short)),
        ]
    return columns


def suppression_sentence(small_n: int, lang: str = "id") -> str:
    """The small-number rule in words, printed on every Aksi 7 output."""
    return text("doc_suppression", lang, n=small_n)


def present_indicators(long: pd.DataFrame, wanted: tuple[str, ...] = PUBLICATION_INDICATORS) -> list[str]:
    have = set(long["indicator"])
    return [i for i in wanted if i in have]


def publication_tables(con, period: str, ctx: DocContext, *, small_n: int | None = None,
                       indicators: list[str] | None = None) -> list[Table]:
    """The Aksi 7 publication: one table per desa/kelurahan and one per kecamatan, suppression stated."""
    small_n = _check_small_n(small_n if small_n is not None else ctx.small_n)
    lang = ctx.lang
    tables = []
    for level, sheet, title in (("kelurahan", "doc_sheet_pub_desa", "doc_title_pub_desa"),
                                ("kecamatan", "doc_sheet_pub_kecamatan", "doc_title_pub_kecamatan")):
        long = query_publication(con, period, level)
        chosen = indicators or present_indicators(long)
        chosen = [i for i in chosen if i in set(long["indicator"])]
        frame = publication_table(long, chosen, small_n) if len(long) else pd.DataFrame(columns=["kode", "nama", "kecamatan_nama"])
        frame = frame.copy()
        for key in chosen:
            frame[f"{key}_note"] = np.where(frame[f"{key}_suppressed"], text("doc_suppressed_mark", lang, n=small_n), "")
        notes = [suppression_sentence(small_n, lang), text("doc_ci_note", lang)]
        tables.append(Table(text(sheet, lang), text(title, lang, period=ctx.period_text), frame,
                            publication_columns(chosen, lang, level=level), notes))
    return tables


def publication_xlsx(con, period: str, ctx: DocContext, **kwargs) -> bytes:
    return document_xlsx(publication_tables(con, period, ctx, **kwargs), ctx)


def publication_csv(con, period: str, ctx: DocContext, csv_format: str | None = None, **kwargs) -> bytes:
    """The desa/kelurahan table of the publication as CSV (title block and suppression rule on top)."""
    return document_csv(publication_tables(con, period, ctx, **kwargs)[0], ctx, csv_format)
