"""Dua Angka as files: the chart (slide and PDF page), an XLSX workbook and a PDF, from a report.DuaAngka.

`chart_figure` draws, on one 1920 x 1080 px figure (matplotlib, no browser): the e-PPGBM rate as measured,
adjusted, the model total and the survey figure with their 95 % intervals, each bar naming its kind; and the
gap decomposition as a waterfall in percentage points with the residual shown as residual. The slide
(pipelines.outputs.slides, key `dua_angka`) and the PDF's first page are this figure.
`xlsx_bytes` writes the numbers (summary, decomposition, desa, coverage by age, kecamatan, flows,
assumptions); `pdf_bytes` the chart and the tables as pages. Counts and rates only, never a child.
"""
from __future__ import annotations

import io
import math
import textwrap

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from pipelines.present import format as fmt
from pipelines.present.glossary import text
from pipelines.reconcile import flows as fl
from pipelines.reconcile.report import DuaAngka

COLOURS = {"measured": "#fd8d3c", "adjusted": "#e6550d", "model": "#756bb1", "survey": "#3182bd"}
UP, DOWN, RESIDUAL = "#de2d26", "#3182bd", "#bdbdbd"


def _pct(value: float, lang: str) -> str:
    return fmt.percent(value, 1, lang)


def assumption_rows(result: DuaAngka, lang: str) -> list[tuple[str, str, str, str, str, int | None]]:
    """(label, kind, value, CI, assumption, n) per figure shown, in the page's words."""
    a = result.assumptions
    male = fmt.percent(a["male_share"], 1, lang)
    split = text("dua_split_file" if a["split"] == "file" else "dua_split_uniform", lang, male=male,
                 year=a.get("sasaran_year") or "–")
    rows = [
        (text("dua_bar_measured", lang), text("kind_measured", lang), _pct(result.measured.value, lang),
         fmt.share_range(result.measured.ci_low, result.measured.ci_high, 1, lang),
         text("dua_assume_measured", lang, period=fmt.period_words(result.period, lang)), result.measured.n),
        (text("dua_bar_adjusted", lang), text("kind_adjusted", lang), _pct(result.adjusted.value, lang),
         fmt.share_range(result.adjusted.ci_low, result.adjusted.ci_high, 1, lang),
         text("dua_assume_adjusted", lang, split=split), result.adjusted.n),
    ]
    if not math.isnan(result.model_total):
        method = text(f"dua_method_{a['benchmark_method']}", lang)
        rows.append((text("dua_bar_model", lang), text("kind_model", lang), _pct(result.model_total, lang), "–",
                     text("dua_assume_model", lang, method=method), None))
    if result.survey is not None:
        s = result.survey
        kind = text("kind_survey", lang) + (f" ({text('kind_fictional', lang)})" if s.fictional else "")
        rows.append((text("dua_bar_survey", lang, source=s.label), kind, _pct(s.prevalence, lang),
                     fmt.share_range(s.ci_low, s.ci_high, 1, lang),
                     text("dua_assume_survey", lang, source=s.label, year=s.year, age_min=s.age_min, age_max=s.age_max,
                          level=text(f"dua_level_{s.level}", lang), kode=s.kode), None))
    return rows


def decomposition_rows(result: DuaAngka, lang: str) -> pd.DataFrame:
    """term label, points (share points), low, high, why: one row per step, the start and end included."""
    d = result.decomposition
    if d is None:
        return pd.DataFrame(columns=["key", "label", "value", "low", "high", "why"])
    a = result.assumptions
    rows = d.rows().set_index("term")
    q = result.quality or {}
    sd = q.get("sd_haz")
    why = {
        "structure": text("dua_why_structure", lang),
        "coverage": text("dua_why_coverage", lang, rr=" / ".join(fmt.number(r, 1, lang) for r in a["rr"])),
        "quality": text("dua_why_quality", lang, sd=fmt.number(sd, 2, lang), high=fmt.number(a["sd_expected"][1], 2, lang)),
        "period": text("dua_why_period" if not math.isnan(d.terms["period"]) else "dua_why_period_missing", lang,
                       year=d.survey.year, age_min=d.survey.age_min, age_max=d.survey.age_max),
        "residual": text("dua_why_residual" if result.kecamatan is None else "dua_why_residual_kecamatan", lang),
    }
    out = [("start", text("dua_term_start", lang), d.estimates["E0"].value, math.nan, math.nan,
            text("kind_measured", lang))]
    for term in ("structure", "coverage", "quality", "period", "residual"):
        low = rows.loc[term, "low"] if "low" in rows else math.nan
        high = rows.loc[term, "high"] if "high" in rows else math.nan
        out.append((term, text(f"dua_term_{term}", lang), d.terms[term], low, high, why[term]))
    out.append(("end", text("dua_term_end", lang) + f": {d.survey.label}", d.survey.prevalence, math.nan, math.nan,
                text("kind_survey", lang)))
    return pd.DataFrame(out, columns=["key", "label", "value", "low", "high", "why"])


def chart_figure(result: DuaAngka, lang: str = "id", figsize_px: tuple[int, int] = (1920, 1080), dpi: float = 100,
                 footer: str = "") -> Figure:
    """The two charts on one figure (module docstring)."""
    fig = Figure(figsize=(figsize_px[0] / dpi, figsize_px[1] / dpi), dpi=dpi)
    fig.text(0.03, 0.95, text("slide_dua_angka", lang) + f" — {result.place_name}", fontsize=30, weight="bold", va="top")
    subtitle = f"{text('period', lang)} {fmt.period_words(result.period, lang)}"
    if result.survey is None:
        subtitle += " · " + text("dua_slide_no_survey", lang)
    elif result.survey.fictional:
        subtitle += " · " + text("dua_fictional_banner", lang, source=result.survey.label)
    fig.text(0.03, 0.885, subtitle, fontsize=17, va="top", color="#b30000" if result.survey and result.survey.fictional else "#333")
    left = fig.add_axes((0.05, 0.26, 0.36, 0.56))
    bars = [(text("dua_bar_measured", lang), text("kind_measured", lang), result.measured, COLOURS["measured"], "")]
    bars.append((text("dua_bar_adjusted", lang), text("kind_adjusted", lang), result.adjusted, COLOURS["adjusted"], ""))
    if not math.isnan(result.model_total):
        bars.append((text("dua_bar_model", lang), text("kind_model", lang), result.model_total, COLOURS["model"], "//"))
    if result.survey is not None:
        s = result.survey
        kind = text("kind_survey", lang) + (f" {text('kind_fictional', lang)}" if s.fictional else "")
        bars.append((s.label, kind, s, COLOURS["survey"], "xx" if s.fictional else ""))
    top = 0.0
    for i, (label, kind, est, colour, hatch) in enumerate(bars):
        value = est if isinstance(est, float) else est.prevalence if hasattr(est, "prevalence") else est.value
        low = getattr(est, "ci_low", math.nan)
        high = getattr(est, "ci_high", math.nan)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        left.bar(i, value * 100, color=colour, hatch=hatch, edgecolor="#333", width=0.65)
        if not (math.isnan(low) or math.isnan(high)):
            left.errorbar(i, value * 100, yerr=[[value * 100 - low * 100], [high * 100 - value * 100]], color="#111",
                          capsize=10, lw=2)
            top = max(top, high * 100)
        top = max(top, value * 100)
        left.text(i, value * 100 / 2, _pct(value, lang), ha="center", va="center", fontsize=17, weight="bold",
                  color="white", bbox={"facecolor": "#00000055", "edgecolor": "none", "pad": 2})
    left.set_xticks(range(len(bars)), [f"{textwrap.fill(b[0], 18)}\n[{b[1]}]" for b in bars], fontsize=13)
    left.set_ylim(0, max(top * 1.15, 5))
    left.set_ylabel(text("dua_col_value", lang) + " (%)", fontsize=15)
    left.set_title(text("dua_two_title", lang), fontsize=19, loc="left")
    for side in ("top", "right"):
        left.spines[side].set_visible(False)

    right = fig.add_axes((0.63, 0.26, 0.34, 0.56))
    rows = decomposition_rows(result, lang)
    if rows.empty:
        right.axis("off")
        right.text(0, 0.6, text("dua_decomp_only_kabupaten", lang), fontsize=16, wrap=True)
    else:
        level = 0.0
        labels = []
        for i, row in enumerate(rows.itertuples(index=False)):
            value = 0.0 if math.isnan(row.value) else row.value * 100
            if row.key in ("start", "end"):
                right.barh(i, value, color=COLOURS["measured" if row.key == "start" else "survey"], edgecolor="#333")
                level = value
                right.text(value + 0.3, i, _pct(row.value, lang), va="center", fontsize=15, weight="bold")
            else:
                colour = RESIDUAL if row.key == "residual" else (UP if value >= 0 else DOWN)
                right.barh(i, value, left=level, color=colour, edgecolor="#333", hatch="//" if row.key == "residual" else "")
                end = max(level, level + value)
                if not (math.isnan(row.low) or math.isnan(row.high)) and row.low != row.high:
                    right.plot([level + row.low * 100, level + row.high * 100], [i + 0.3, i + 0.3], color="#111", lw=3)
                right.text(end + 0.3, i, fmt.points(row.value, 1, lang) if not math.isnan(row.value)
                           else "–", va="center", fontsize=15)
                level += value
            labels.append(row.label)
        right.set_yticks(range(len(labels)), [textwrap.fill(label, 30) for label in labels], fontsize=13)
        right.invert_yaxis()
        right.set_xlabel(text("dua_col_value", lang) + " (%)", fontsize=15)
        right.set_title(text("dua_decomp_title", lang), fontsize=19, loc="left")
        for side in ("top", "right"):
            right.spines[side].set_visible(False)
    notes = [f"{label}: {assumption}" for label, _, _, _, assumption, _ in assumption_rows(result, lang)]
    fig.text(0.03, 0.135, "\n".join(textwrap.fill(n, 230) for n in notes), fontsize=11, va="top", color="#333")
    if footer:
        fig.text(0.03, 0.012, footer, fontsize=11, color="#555")
    return fig


# --- XLSX ------------------------------------------------------------------------------------------

def _share(series: pd.Series) -> pd.Series:
    return (pd.to_numeric(series, errors="coerce") * 100).round(2)


def workbook_frames(result: DuaAngka, flows: pd.DataFrame | None, lang: str = "id",
                    pair: tuple[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """The sheets as frames (sheet name -> table), numbers in per cent or percentage points."""
    small = result.assumptions.get("small_n", 10)
    summary = pd.DataFrame(assumption_rows(result, lang), columns=[
        text("dua_col_what", lang), text("dua_col_kind", lang), text("dua_col_value", lang), text("dua_col_ci", lang),
        text("dua_col_assumption", lang), text("dua_col_n", lang)])
    summary.insert(0, text("dua_col_place", lang), result.place_name)
    sheets = {text("dua_sheet_summary", lang): summary}
    rows = decomposition_rows(result, lang)
    if not rows.empty:
        sheets[text("dua_sheet_decomposition", lang)] = pd.DataFrame({
            text("dua_col_term", lang): rows["label"], text("dua_col_points", lang): (rows["value"] * 100).round(2),
            text("dua_col_range", lang) + " min": (rows["low"] * 100).round(2),
            text("dua_col_range", lang) + " max": (rows["high"] * 100).round(2),
            text("dua_col_assumption", lang): rows["why"]})
    d = result.desa
    hide = d["n"] < small
    sheets[text("dua_sheet_desa", lang)] = pd.DataFrame({
        "kode": d["kode"], text("col_nama", lang): d["nama"], text("kecamatan", lang): d["kecamatan_nama"],
        text("dua_col_n", lang): d["n"], text("dua_col_measured", lang): d["measured"],
        text("dua_col_target", lang): d["target"].round(0),
        text("dua_col_coverage", lang): _share(d["coverage"]), text("dua_col_never", lang): _share(d["never_measured"]),
        text("dua_col_measured_pct", lang) + f" [{text('kind_measured', lang)}]": _share(d["value_measured"]),
        text("dua_col_adjusted_pct", lang) + f" [{text('kind_adjusted', lang)}]": _share(d["value_adjusted"]),
        text("dua_col_model", lang) + f" [{text('kind_model', lang)}]": _share(d["model"]),
        text("dua_col_small", lang): hide.map({True: text("dua_small", lang, n=small), False: ""}),
    })
    c = result.coverage
    sheets[text("dua_sheet_coverage", lang)] = pd.DataFrame({
        "kode": c["kode"], text("col_nama", lang): c["nama"], text("dua_band", lang): c["age_band"],
        text("dua_col_measured", lang): c["measured"], text("dua_col_target", lang): c["target"].round(1),
        text("dua_col_coverage", lang): _share(c["coverage"]), text("dua_col_never", lang): _share(c["never_measured"])})
    if result.kecamatan_rows is not None:
        k = result.kecamatan_rows
        sheets[text("dua_sheet_kecamatan", lang)] = pd.DataFrame({
            "kode": k["kode"], text("col_nama", lang): k["nama"], text("dua_col_n", lang): k["n"],
            text("dua_col_measured_pct", lang): _share(k["measured"]), text("dua_col_adjusted_pct", lang): _share(k["adjusted"]),
            text("dua_col_model", lang): _share(k["model"])})
    if flows is not None and len(flows):
        out = pd.DataFrame({"kode": flows["kode"]})
        if pair:
            out.insert(0, text("dua_flow_pair", lang), f"{pair[0]} → {pair[1]}")
        for category in fl.CATEGORIES:
            out[text(f"flow_{category}", lang)] = flows[category]
        out[text("dua_col_total", lang)] = flows["total"]
        out[text("dua_col_at_risk", lang)] = flows["at_risk"]
        out[text("dua_col_incidence", lang)] = _share(flows["incidence"].where(flows["at_risk"] >= small))
        sheets[text("dua_sheet_flows", lang)] = out
    a = result.assumptions
    sheets[text("dua_sheet_assumptions", lang)] = pd.DataFrame({
        "key": list(a.keys()), "value": [", ".join(map(str, v)) if isinstance(v, list) else str(v) for v in a.values()]})
    return sheets


def xlsx_bytes(result: DuaAngka, flows: pd.DataFrame | None = None, lang: str = "id",
               pair: tuple[str, str] | None = None) -> bytes:
    """The workbook (module docstring) in memory; text cells that look like formulas are neutralised
    (pipelines.outputs.exports.xlsx_bytes, the shared writer of every export)."""
    from pipelines.outputs.exports import xlsx_bytes as write_xlsx

    return write_xlsx(workbook_frames(result, flows, lang, pair))


def pdf_bytes(result: DuaAngka, lang: str = "id", footer: str = "") -> bytes:
    """Page 1: the chart; page 2: the decomposition and the kecamatan (or desa) table as text."""
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": "Dua Angka", "Creator": "peta-stunting"}) as pdf:
        pdf.savefig(chart_figure(result, lang, footer=footer))
        page = Figure(figsize=(19.2, 10.8), dpi=100)
        page.text(0.03, 0.95, text("slide_dua_angka", lang) + f" — {result.place_name}", fontsize=24, weight="bold", va="top")
        lines = []
        for row in decomposition_rows(result, lang).itertuples(index=False):
            value = _pct(row.value, lang) if row.key in ("start", "end") else fmt.points(row.value, 1, lang)
            lines.append(f"{row.label}: {value} — {row.why}")
        if result.kecamatan_rows is not None:
            lines.append("")
            for k in result.kecamatan_rows.itertuples(index=False):
                lines.append(f"{k.nama} (n {k.n}): {text('kind_measured', lang)} {_pct(k.measured, lang)}, "
                             f"{text('kind_adjusted', lang)} {_pct(k.adjusted, lang)}, {text('kind_model', lang)} "
                             f"{_pct(k.model, lang)}")
        page.text(0.03, 0.88, "\n".join(lines), fontsize=13, va="top", family="DejaVu Sans")
        if footer:
            page.text(0.03, 0.02, footer, fontsize=11, color="#555")
        pdf.savefig(page)
    return buffer.getvalue()
