"""The slides of the panel deck that are not single maps: title, overview, kecamatan ranking with CIs, lokus
map with its table of reasons, 1000-HPK bottlenecks, data quality and the closing summary.

Each builder returns a 1920 × 1080 px matplotlib Figure laid out like the map slides (geo.render): a large
title top left, the kabupaten/kota and period in words top right, the source in words at the bottom, sizes
as fractions of the figure height. The map slides themselves are in pipelines.outputs.slides.
"""
from __future__ import annotations

import textwrap

import duckdb
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo.render import MUTED_COLOUR, TEXT_COLOUR, FigureScale
from pipelines import readmodel
from pipelines.indicators import catalogue
from pipelines.outputs.document import DocContext
from pipelines.present import format as fmt
from pipelines.present.glossary import text
from pipelines.quality import words
from pipelines.settings import Settings

ACCENT = "#bd0026"
PANEL = "#f3f5f8"


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def frame(title: str, subtitle: str, ctx: DocContext, figsize_px=(1920, 1080), dpi: float = 100) -> tuple[Figure, FigureScale]:
    """An empty slide with title, subtitle, kabupaten/kota and period, source line and optional logo."""
    width, height = figsize_px
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    scale = FigureScale(height, dpi)
    fig.text(0.025, 0.955, title, fontsize=scale.pt(0.052), fontweight="bold", color=TEXT_COLOUR, va="top")
    if subtitle:
        fig.text(0.025, 0.875, subtitle, fontsize=scale.pt(0.026), color=MUTED_COLOUR, va="top")
    logo_w = _logo(fig, ctx, scale) if ctx.logo is not None else 0.0
    fig.text(0.975 - logo_w, 0.955, f"{ctx.kabupaten}\n{ctx.period_text}", fontsize=scale.pt(0.030), color=TEXT_COLOUR,
             va="top", ha="right", fontweight="bold", linespacing=1.3)
    fig.text(0.025, 0.02, "\n".join(textwrap.wrap(ctx.footer(), 175)), fontsize=scale.pt(0.016), color=MUTED_COLOUR,
             va="bottom", ha="left")
    return fig, scale


def _logo(fig: Figure, ctx: DocContext, scale: FigureScale) -> float:
    from matplotlib.image import imread

    image = imread(str(ctx.logo))
    h = 0.1
    w = h * image.shape[1] / max(image.shape[0], 1) * fig.get_figheight() / fig.get_figwidth()
    ax = fig.add_axes((0.975 - w, 0.955 - h, w, h))
    ax.imshow(image)
    ax.set_axis_off()
    return w + 0.01


def add_logo(fig: Figure, ctx: DocContext) -> None:
    """The logo in the top right corner of a map slide (its corner text moves nowhere: the logo sits above)."""
    if ctx.logo is None:
        return
    from matplotlib.image import imread

    image = imread(str(ctx.logo))
    h = 0.07
    w = h * image.shape[1] / max(image.shape[0], 1) * fig.get_figheight() / fig.get_figwidth()
    ax = fig.add_axes((0.5 - w / 2, 0.915, w, h))
    ax.imshow(image)
    ax.set_axis_off()


def title_slide(ctx: DocContext, *, figsize_px=(1920, 1080), dpi: float = 100) -> Figure:
    width, height = figsize_px
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    scale = FigureScale(height, dpi)
    fig.patches.append(__import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
        (0, 0), 0.018, 1, transform=fig.transFigure, color=ACCENT))
    if ctx.logo is not None:
        from matplotlib.image import imread

        image = imread(str(ctx.logo))
        h = 0.16
        w = h * image.shape[1] / max(image.shape[0], 1) * height / width
        ax = fig.add_axes((0.08, 0.76, w, h))
        ax.imshow(image)
        ax.set_axis_off()
    fig.text(0.08, 0.66, text("deck_title", ctx.lang), fontsize=scale.pt(0.07), fontweight="bold", color=TEXT_COLOUR, va="top")
    fig.text(0.08, 0.53, ctx.kabupaten, fontsize=scale.pt(0.05), color=ACCENT, fontweight="bold", va="top")
    fig.text(0.08, 0.44, text("deck_title_tpps", ctx.lang, kabupaten=ctx.kabupaten), fontsize=scale.pt(0.032),
             color=TEXT_COLOUR, va="top")
    fig.text(0.08, 0.37, text("deck_title_period", ctx.lang, period=ctx.period_text, printed=ctx.printed),
             fontsize=scale.pt(0.032), color=MUTED_COLOUR, va="top")
    fig.text(0.08, 0.06, text("doc_source", ctx.lang) + ": " + ctx.source, fontsize=scale.pt(0.018), color=MUTED_COLOUR,
             va="bottom")
    return fig


def kabupaten_values(con: duckdb.DuckDBPyConnection, period: str | None) -> dict[str, tuple]:
    """indicator -> (numerator, denominator, value, ci_low, ci_high) for the whole kabupaten/kota."""
    if period is None:
        return {}
    rows = con.execute("SELECT indicator, sum(numerator), sum(denominator) FROM indicators"
                       " WHERE level = 'kelurahan' AND period = ? GROUP BY indicator", [period]).fetchall()
    from pipelines.outputs.document import wilson

    out = {}
    for indicator, k, n in rows:
        if n:
            lo, hi = wilson(float(k), float(n))
            out[indicator] = (float(k), float(n), float(k) / float(n), lo, hi)
    return out


def overview_slide(con, period: str, previous: str | None, indicators: list[str], ctx: DocContext, *,
                   figsize_px=(1920, 1080), dpi: float = 100) -> Figure:
    """Key figures of the kabupaten/kota as tiles: each chosen indicator with CI, n and change since `previous`."""

    lang = ctx.lang
    fig, scale = frame(text("deck_overview", lang), text("deck_overview_sub", lang, period=ctx.period_text), ctx,
                       figsize_px, dpi)
    now, before = kabupaten_values(con, period), kabupaten_values(con, previous)
    shown = [i for i in indicators if i in now][:6]
    cols = 3
    for index, key in enumerate(shown):
        entry = catalogue.indicator(key)
        row, col = divmod(index, cols)
        x, y = 0.025 + col * 0.32, 0.80 - row * 0.36
        ax = fig.add_axes((x, y - 0.32, 0.30, 0.32))
        ax.set_axis_off()
        ax.add_patch(__import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
            (0, 0), 1, 1, transform=ax.transAxes, color=PANEL))
        k, n, v, lo, hi = now[key]
        ax.text(0.05, 0.9, entry.text("short", lang), fontsize=scale.pt(0.028), fontweight="bold", va="top",
                transform=ax.transAxes, color=TEXT_COLOUR)
        ax.text(0.05, 0.68, fmt.percent(v, 1, lang), fontsize=scale.pt(0.075), fontweight="bold", va="top",
                transform=ax.transAxes, color=ACCENT)
        ax.text(0.05, 0.36, "\n".join(textwrap.wrap(text("deck_ci_n", lang, ci=fmt.share_range(lo, hi, 1, lang),
                                                          k=fmt.number(k, 0, lang), n=fmt.number(n, 0, lang),
                                                          noun=entry.noun_text(lang)), 44)),
                fontsize=scale.pt(0.019), va="top", transform=ax.transAxes, color=MUTED_COLOUR)
        if key in before:
            ax.text(0.05, 0.12, text("deck_change_since", lang, change=fmt.points(v - before[key][2], 1, lang),
                                     previous=fmt.period_words(previous, lang)),
                    fontsize=scale.pt(0.019), va="top", transform=ax.transAxes, color=TEXT_COLOUR)
    if not shown:
        fig.text(0.5, 0.5, text("no_data", lang), ha="center", fontsize=scale.pt(0.04))
    return fig


def ranking_slide(con, period: str, ctx: DocContext, *, figsize_px=(1920, 1080), dpi: float = 100) -> Figure:
    """Kecamatan ranked by stunting prevalence: bars with their 95 % intervals and n."""
    lang = ctx.lang
    fig, scale = frame(text("deck_ranking", lang), text("deck_ranking_sub", lang), ctx, figsize_px, dpi)
    rates = con.execute(
        """SELECT k.kecamatan_nama AS nama, sum(i.numerator) AS k, sum(i.denominator) AS n
           FROM indicators i JOIN kelurahan k ON k.kode = i.kode
           WHERE i.level = 'kelurahan' AND i.indicator = ? AND i.period = ?
           GROUP BY k.kecamatan_nama HAVING sum(i.denominator) > 0""", [catalogue.HEADLINE, period]).df()
    from pipelines.outputs.document import wilson

    rates["value"] = rates["k"] / rates["n"]
    bounds = [wilson(k, n) for k, n in zip(rates["k"], rates["n"])]
    rates["lo"], rates["hi"] = [b[0] for b in bounds], [b[1] for b in bounds]
    rates = rates.sort_values("value").reset_index(drop=True)
    ax = fig.add_axes((0.2, 0.1, 0.72, 0.72))
    y = np.arange(len(rates))
    ax.barh(y, rates["value"] * 100, color=ACCENT, alpha=0.85)
    ax.errorbar(rates["value"] * 100, y, xerr=[(rates["value"] - rates["lo"]) * 100, (rates["hi"] - rates["value"]) * 100],
                fmt="none", ecolor="#202020", elinewidth=scale.pt(0.002), capsize=scale.pt(0.006))
    size = scale.pt(0.022 if len(rates) <= 15 else max(0.011, 0.022 * 15 / len(rates)))
    ax.set_yticks(y, rates["nama"], fontsize=size)
    for yy, (v, hi, n) in enumerate(zip(rates["value"], rates["hi"], rates["n"])):
        ax.text(hi * 100, yy, f"  {fmt.percent(v, 1, lang)} (n = {fmt.number(n, 0, lang)})", va="center",
                fontsize=size * 0.9, color=TEXT_COLOUR)
    ax.set_xlabel(text("a1_prevalence_axis", lang), fontsize=scale.pt(0.02))
    ax.tick_params(axis="x", labelsize=scale.pt(0.018))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, float(rates["hi"].max() * 100 * 1.3) if len(rates) else 1)
    return fig


def lokus_slide(places, selection: pd.DataFrame, reasons: pd.Series, ctx: DocContext, note: str, classes,
                class_labels: list[str], *, figsize_px=(1920, 1080), dpi: float = 100,
                small_n: int = Settings.small_n) -> tuple[Figure, list]:
    """Map of the lokus (left, with its legend) and their table with reasons (right); returns the figure and
    the legend rows (geo.render.LegendEntry)."""
    from geo.render import draw_map, place_labels

    lang = ctx.lang
    fig, scale = frame(text("slide_lokus", lang), note, ctx, figsize_px, dpi)
    places = places.merge(selection[["kode", "prevalence_crude", "children", "stunted", "selected"]], on="kode",
                          how="left")
    ax = fig.add_axes((0.01, 0.08, 0.47, 0.76))
    chosen = places.loc[places["selected"].fillna(False).astype(bool), "kode"].tolist()
    entries, _ = draw_map(ax, places, "prevalence_crude", classes, scale, class_labels=class_labels, highlight=chosen,
             highlight_label=text("legend_lokus", lang), label_column=None, n_column="children", small_n=small_n,
             small_n_label=text("small_n_legend", lang, n=small_n), no_data_label=text("no_data", lang),
             north_label=text("north", lang))
    place_labels(ax, places[places["kode"].isin(chosen)], "nama", "stunted", fontsize=scale.pt(0.015), bold=True,
                 colour="#08306b", halo=scale.pt(0.004))
    from matplotlib.patches import Patch

    handles = [Patch(facecolor="white" if e.outline else e.colour, edgecolor=e.outline or "#606060", hatch=e.hatch,
                     linewidth=2 if e.outline else 0.5, label=f"{e.label} ({e.count})") for e in entries]
    ax.legend(handles=handles, loc="lower right", fontsize=scale.pt(0.0135), frameon=True, framealpha=0.9,
              title=text("legend_who_classes", lang), title_fontsize=scale.pt(0.014))
    rows = selection[selection["selected"]].sort_values("rank")
    table_ax = fig.add_axes((0.5, 0.08, 0.48, 0.76))
    table_ax.set_axis_off()
    header = [text("doc_desa", lang), text("kecamatan", lang), text("crit_prevalence", lang), text("lokus_reason", lang)]
    lines = [[r["nama"], r["kecamatan_nama"], fmt.percent(r["prevalence_crude"], 1, lang),
              textwrap.shorten(str(reasons.get(i, "")), 60, placeholder="…")] for i, r in rows.iterrows()]
    if not lines:  # no lokus chosen (e.g. a build without e-PPGBM data): the map alone, no empty table
        return fig, entries
    size = scale.pt(0.017 if len(lines) <= 12 else max(0.009, 0.017 * 12 / len(lines)))
    drawn = table_ax.table(cellText=lines, colLabels=header, loc="upper center", cellLoc="left",
                           colWidths=[0.2, 0.17, 0.13, 0.5])
    drawn.auto_set_font_size(False)
    drawn.set_fontsize(size)
    row_h = min(0.07, 1.0 / (len(lines) + 1))
    for (r, c), cell in drawn.get_celld().items():
        cell.set_height(row_h)
        cell.set_linewidth(0.4)
        if r == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#dde4ee")
    return fig, entries


def bottleneck_slide(con, period: str, ctx: DocContext, *, figsize_px=(1920, 1080), dpi: float = 100) -> Figure:
    """The 1000-HPK services that most often block complete access in the kabupaten/kota, with coverage."""
    lang = ctx.lang
    fig, scale = frame(text("deck_bottlenecks", lang), text("deck_bottlenecks_sub", lang), ctx, figsize_px, dpi)
    tables = _tables(con)
    data = pd.DataFrame()
    if "service_bottleneck" in tables:
        data = con.execute(
            """SELECT b.service, sum(b.targets_blocked) AS blocked, any_value(p.label) AS label
               FROM service_bottleneck b LEFT JOIN service_packages p ON p.service = b.service
               WHERE b.level = 'kelurahan' AND b.period = ? GROUP BY b.service ORDER BY blocked DESC LIMIT 8""",
            [period]).df() if "service_packages" in tables else pd.DataFrame()
    if data.empty:
        fig.text(0.5, 0.5, text("no_services", lang), ha="center", va="center", fontsize=scale.pt(0.03), color=MUTED_COLOUR)
        return fig
    coverage = dict(con.execute("SELECT substr(indicator, 5), sum(numerator) / sum(denominator) FROM indicators"
                                " WHERE level = 'kelurahan' AND period = ? AND starts_with(indicator, 'svc_') GROUP BY 1",
                                [period]).fetchall())
    from pipelines.present.glossary import LABELS

    names = [text(f"svc_short_{s}", lang) if f"svc_short_{s}" in LABELS else str(label) for s, label in
             zip(data["service"], data["label"])]
    data = data.iloc[::-1]
    names = names[::-1]
    ax = fig.add_axes((0.3, 0.1, 0.62, 0.72))
    y = np.arange(len(data))
    ax.barh(y, data["blocked"], color="#2c7fb8")
    ax.set_yticks(y, names, fontsize=scale.pt(0.022))
    for yy, (service, blocked) in enumerate(zip(data["service"], data["blocked"])):
        ax.text(blocked, yy, "  " + text("deck_blocked", lang, n=fmt.number(blocked, 0, lang),
                                         coverage=fmt.percent(coverage.get(service), 1, lang)),
                va="center", fontsize=scale.pt(0.018), color=TEXT_COLOUR)
    ax.set_xlabel(text("deck_blocked_axis", lang), fontsize=scale.pt(0.02))
    ax.tick_params(axis="x", labelsize=scale.pt(0.018))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, float(data["blocked"].max()) * 1.45)
    return fig


def quality_figures(con, period: str) -> dict[str, float]:
    """A few data-quality figures of the period (WHO–UNICEF checks that exist in the database)."""
    tables = _tables(con)
    out: dict[str, float] = {}
    columns = {c for (c,) in con.execute("SELECT column_name FROM information_schema.columns"
                                         " WHERE table_name = 'measurements'").fetchall()}
    if {"period", "haz", "waz", "whz", "flag_haz", "flag_waz", "flag_whz", "measured"} <= columns:
        row = con.execute(
            """SELECT count(*), avg(CASE WHEN coalesce(flag_haz, 0) + coalesce(flag_waz, 0) + coalesce(flag_whz, 0) > 0
                                    THEN 1.0 ELSE 0.0 END),
                      stddev_samp(haz) FILTER (flag_haz = 0), stddev_samp(waz) FILTER (flag_waz = 0),
                      stddev_samp(whz) FILTER (flag_whz = 0), avg(CASE WHEN measured IS NULL THEN 1.0 ELSE 0.0 END)
               FROM measurements WHERE period = ?""", [period]).fetchall()[0]
        out.update(measurements=row[0] or 0, implausible=row[1], sd_haz=row[2], sd_waz=row[3], sd_whz=row[4],
                   missing_position=row[5])
    if "quality_checks" in tables:
        # the SDs of the data-quality step (each child once, at its latest measurement of the period), the same
        # numbers Kualitas Data, the Laporan kualitas data and Dua Angka show
        sds = con.execute("SELECT sd_haz, sd_waz, sd_whz FROM quality_checks WHERE level = 'kabupaten' AND period = ?"
                          " ORDER BY children DESC LIMIT 1", [period]).fetchall()
        if sds:
            out.update(sd_haz=sds[0][0], sd_waz=sds[0][1], sd_whz=sds[0][2])
    if "quarantine" in tables and "kind" in {c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'quarantine'").fetchall()}:
        out["quarantined"] = con.execute("SELECT count(*) FROM quarantine WHERE kind = 'measurement'").fetchall()[0][0]
    if "sources" in tables and "rows_read" in {c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'sources'").fetchall()}:
        out["rows_read"] = con.execute("SELECT sum(rows_read) FROM sources WHERE kind = 'measurement'").fetchall()[0][0] or 0
    coverage = con.execute("SELECT sum(numerator), sum(denominator) FROM indicators WHERE level = 'kelurahan'"
                           " AND indicator = 'coverage' AND period = ?", [period]).fetchall()[0]
    if coverage and coverage[1]:
        out["coverage"] = coverage[0] / coverage[1]
    return out


def quality_slide(con, period: str, ctx: DocContext, *, figsize_px=(1920, 1080), dpi: float = 100) -> Figure:
    """Data quality in a few lines: implausible z-scores, SDs against expected ranges, coverage, quarantine."""
    lang = ctx.lang
    fig, scale = frame(text("deck_quality", lang), text("deck_quality_sub", lang), ctx, figsize_px, dpi)
    q = quality_figures(con, period)
    lines = []
    if q.get("measurements"):
        lines.append(text("deck_q_implausible", lang, share=fmt.percent(q.get("implausible"), 1, lang),
                          n=fmt.number(q["measurements"], 0, lang)))
        lines.append(text("deck_q_sd", lang, ranges=words.ranges_text(readmodel.sd_expected(con), lang),
                          haz=fmt.number(q.get("sd_haz"), 2, lang), waz=fmt.number(q.get("sd_waz"), 2, lang),
                          whz=fmt.number(q.get("sd_whz"), 2, lang)))
        lines.append(text("deck_q_position", lang, share=fmt.percent(q.get("missing_position"), 1, lang)))
    if "coverage" in q:
        lines.append(text("deck_q_coverage", lang, share=fmt.percent(q["coverage"], 1, lang)))
    if "quarantined" in q:
        lines.append(text("deck_q_quarantine", lang, n=fmt.number(q["quarantined"], 0, lang),
                          read=fmt.number(q.get("rows_read", 0), 0, lang)))
    if not lines:
        lines = [text("no_data", lang)]
    y = 0.78
    for line in lines:
        for part in textwrap.wrap(line, 90):
            fig.text(0.05, y, part, fontsize=scale.pt(0.03), color=TEXT_COLOUR, va="top")
            y -= 0.055
        y -= 0.03
    fig.text(0.05, max(y - 0.02, 0.1), text("deck_q_note", lang), fontsize=scale.pt(0.02), color=MUTED_COLOUR,
             va="top", style="italic")
    return fig


def summary_slide(points: list[str], ctx: DocContext, *, figsize_px=(1920, 1080), dpi: float = 100) -> Figure:
    """The closing summary: a few sentences, one per message of the deck."""
    fig, scale = frame(text("deck_summary", ctx.lang), "", ctx, figsize_px, dpi)
    y = 0.8
    for point in points:
        wrapped = textwrap.wrap(point, 80)
        for i, part in enumerate(wrapped):
            fig.text(0.06, y, ("•  " if i == 0 else "    ") + part, fontsize=scale.pt(0.034), color=TEXT_COLOUR, va="top")
            y -= 0.06
        y -= 0.035
    return fig
