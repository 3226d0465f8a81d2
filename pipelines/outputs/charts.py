"""Figures the documents share (Paket Aksi 1, slides, profile): kecamatan charts and maps, drawn with
matplotlib (maps through geo.render). Each function returns a `matplotlib.figure.Figure` of the asked size in
inches; `png(figure)` gives its PNG bytes. Every figure carries the kabupaten/kota, the period in words and
the source in words (the `DocContext` footer) unless `footer=False` (a slide writes its own).
"""
from __future__ import annotations

import io

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from geo.render import FigureScale, HIGHLIGHT_COLOUR, map_furniture, place_labels
from pipelines.indicators import catalogue
from pipelines.outputs.document import DocContext
from pipelines.present import format as fmt
from pipelines.present.glossary import text

HOT_COLOUR = "#7a0177"          # Gi* hot spot outline (as the lokus map)
BAR_COLOUR = "#bd0026"
ADDED_COLOUR = "#1a9850"        # lokus added by hand
REMOVED_COLOUR = "#f46d43"      # lokus removed by hand
TEXT = "#202020"
MUTED = "#505050"


def png(figure: Figure, dpi: int | None = None) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi or figure.dpi, facecolor="white")
    return buffer.getvalue()


def kecamatan_places(con: duckdb.DuckDBPyConnection) -> gpd.GeoDataFrame:
    """Kecamatan polygons (EPSG:4326): kode, nama, geometry."""
    frame = con.execute("SELECT kode, nama, geom_wkb FROM kecamatan ORDER BY kode").df()
    geometry = shapely.from_wkb([bytes(b) if b is not None else None for b in frame.pop("geom_wkb")])
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)


def kecamatan_rates(con: duckdb.DuckDBPyConnection, period: str, indicator: str = catalogue.HEADLINE) -> pd.DataFrame:
    """kode, nama, numerator, denominator, value, ci_low, ci_high per kecamatan (shares 0..1)."""
    return con.execute(
        """SELECT k.kode, k.nama, i.numerator, i.denominator, i.value, i.ci_low, i.ci_high
           FROM kecamatan k LEFT JOIN indicators i ON i.kode = k.kode AND i.level = 'kecamatan'
                AND i.indicator = ? AND i.period = ?
           ORDER BY k.kode""", [indicator, period]).df()


def _footer(fig: Figure, ctx: DocContext, size: float = 7.0) -> None:
    fig.text(0.01, 0.01, ctx.footer(), fontsize=size, color=MUTED, va="bottom", ha="left", wrap=True)


def _who_legend(ax, classes, lang: str, size: float) -> None:
    from pipelines.outputs.slides import labels_for

    handles = [Patch(facecolor=c, edgecolor="#606060", label=label) for c, label in zip(classes.colours, labels_for(classes, lang))]
    return handles


def prevalence_kecamatan_map(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext, *,
                             hotspot_codes: list[str] | None = None, size_in: tuple[float, float] = (10, 6.2),
                             footer: bool = True, title: str | None = None) -> Figure:
    """Gambar: stunting prevalence per kecamatan (WHO/UNICEF classes, names on the map), desa/kelurahan hot
    spots (Gi*) outlined, legend, scale bar, north arrow, kabupaten/kota, period and source."""
    from pipelines.outputs.slides import read_kelurahan, who_classes

    lang = ctx.lang
    kec = kecamatan_places(con).merge(kecamatan_rates(con, period)[["kode", "value", "numerator"]], on="kode", how="left")
    classes = who_classes(kec["value"])
    fig = Figure(figsize=size_in, dpi=150, facecolor="white")
    FigureCanvasAgg(fig)
    scale = FigureScale(int(size_in[1] * 150), 150)
    if title:
        fig.text(0.01, 0.985, title, fontsize=12, fontweight="bold", va="top")
    fig.text(0.99, 0.985, f"{ctx.kabupaten}\n{ctx.period_text}", fontsize=10, fontweight="bold", va="top", ha="right")
    ax = fig.add_axes((0.01, 0.08, 0.64, 0.84))
    ax.set_axis_off()
    index = classes.index(kec["value"])
    colours = [classes.colours[i] if i >= 0 else "#d9d9d9" for i in index]
    kec.plot(ax=ax, color=colours, edgecolor="#404040", linewidth=0.9)
    hot = []
    if hotspot_codes:
        desa = read_kelurahan(con)
        hot = desa[desa["kode"].isin(hotspot_codes)]
        if len(hot):
            hot.plot(ax=ax, facecolor="none", edgecolor=HOT_COLOUR, linewidth=2.2, hatch="..")
    map_furniture(ax, kec, scale, text("north", lang))
    place_labels(ax, kec.assign(label=[f"{n}\n{fmt.percent(v, 1, lang)}" for n, v in zip(kec["nama"], kec["value"])]),
                 "label", "numerator", fontsize=8, bold=True)
    handles = _who_legend(ax, classes, lang, 8)
    handles.append(Patch(facecolor="none", edgecolor=HOT_COLOUR, linewidth=2, hatch="..",
                         label=text("a1_legend_hotspot", lang, n=len(hot))))
    legend_ax = fig.add_axes((0.67, 0.08, 0.32, 0.8))
    legend_ax.set_axis_off()
    legend_ax.legend(handles=handles, loc="upper left", fontsize=8, title=text("legend_who_classes", lang),
                     title_fontsize=8.5, frameon=False, alignment="left")
    if footer:
        _footer(fig, ctx)
    return fig


def cases_per_kecamatan(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext, *,
                        size_in: tuple[float, float] = (10, 5.5), footer: bool = True, title: str | None = None) -> Figure:
    """Gambar: number of stunted children per kecamatan, largest first, the count written on each bar."""
    lang = ctx.lang
    rates = kecamatan_rates(con, period).dropna(subset=["numerator"]).sort_values("numerator")
    fig = Figure(figsize=size_in, dpi=150, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.22, 0.14, 0.72, 0.72 if title else 0.78))
    ax.barh(rates["nama"], rates["numerator"], color=BAR_COLOUR)
    for y, (k, n) in enumerate(zip(rates["numerator"], rates["denominator"])):
        ax.text(k, y, f"  {fmt.number(k, 0, lang)} / {fmt.number(n, 0, lang)}", va="center", fontsize=8, color=TEXT)
    ax.set_xlabel(text("a1_cases_axis", lang), fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8.5)
    ax.set_xlim(0, max(1, float(rates["numerator"].max() if len(rates) else 1)) * 1.25)
    if title:
        fig.text(0.01, 0.985, title, fontsize=12, fontweight="bold", va="top")
    fig.text(0.99, 0.985, f"{ctx.kabupaten} · {ctx.period_text}", fontsize=9.5, fontweight="bold", va="top", ha="right")
    if footer:
        _footer(fig, ctx)
    return fig


def prevalence_bars_ci(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext, *,
                       indicator: str = catalogue.HEADLINE, size_in: tuple[float, float] = (10, 5.5), footer: bool = True,
                       title: str | None = None, fontsize: float = 8.5) -> Figure:
    """Kecamatan ranked by the indicator's value, bars with their 95 % Wilson intervals and n."""
    lang = ctx.lang
    rates = kecamatan_rates(con, period, indicator).dropna(subset=["value"]).sort_values("value")
    fig = Figure(figsize=size_in, dpi=150, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.2, 0.14, 0.74, 0.72 if title else 0.78))
    y = np.arange(len(rates))
    ax.barh(y, rates["value"] * 100, color=BAR_COLOUR, alpha=0.85)
    ax.errorbar(rates["value"] * 100, y, xerr=[(rates["value"] - rates["ci_low"]) * 100, (rates["ci_high"] - rates["value"]) * 100],
                fmt="none", ecolor="#202020", elinewidth=1.2, capsize=3)
    ax.set_yticks(y, rates["nama"])
    for yy, (v, hi, n) in enumerate(zip(rates["value"], rates["ci_high"], rates["denominator"])):
        ax.text(hi * 100, yy, f"  {fmt.percent(v, 1, lang)} (n = {fmt.number(n, 0, lang)})", va="center",
                fontsize=fontsize * 0.9, color=TEXT)
    ax.set_xlabel(text("a1_prevalence_axis", lang), fontsize=fontsize)
    ax.tick_params(labelsize=fontsize)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, float((rates["ci_high"].max() if len(rates) else 0.1) * 100) * 1.35)
    if title:
        fig.text(0.01, 0.985, title, fontsize=12, fontweight="bold", va="top")
    if footer:
        _footer(fig, ctx)
    return fig


def lokus_map(con: duckdb.DuckDBPyConnection, selection: pd.DataFrame, ctx: DocContext, *,
              size_px: tuple[int, int] = (1920, 1080), dpi: int = 100, title: str | None = None,
              subtitle: str = "", note: str = "") -> Figure:
    """The lokus map: desa/kelurahan in WHO/UNICEF stunting classes, lokus outlined and named, lokus added
    by hand in green and removed by hand in orange (both named), legend with class bounds, scale bar, north
    arrow, kabupaten/kota and period top right, source in words at the bottom (geo.render.render_map)."""
    from geo.render import LegendEntry, render_map
    from pipelines.outputs.slides import labels_for, read_kelurahan, who_classes

    lang = ctx.lang
    places = read_kelurahan(con)
    gdf = places.merge(selection[["kode", "prevalence_crude", "children", "stunted", "selected", "how"]], on="kode", how="left")
    classes = who_classes(gdf["prevalence_crude"])
    lokus_codes = gdf.loc[gdf["selected"].fillna(False).astype(bool), "kode"].tolist()
    fig = render_map(
        gdf, "prevalence_crude", classes, title or text("a1_fig_lokus", lang), subtitle,
        source_line=ctx.footer(), legend_title=text("legend_who_classes", lang),
        class_labels=labels_for(classes, lang), highlight=lokus_codes, highlight_label=text("legend_lokus", lang),
        label_column=None, n_column="children", small_n=ctx.small_n,
        small_n_label=text("small_n_legend", lang, n=ctx.small_n), no_data_label=text("no_data", lang),
        corner_text=f"{ctx.kabupaten}\n{ctx.period_text}", note=note, north_label=text("north", lang),
        figsize_px=size_px, dpi=dpi,
    )
    ax = fig.axes[0]
    scale = FigureScale(size_px[1], dpi)
    added = gdf[gdf["how"] == "added"]
    removed = gdf[gdf["how"] == "removed"]
    if len(added):
        added.plot(ax=ax, facecolor="none", edgecolor=ADDED_COLOUR, linewidth=scale.pt(0.0042), linestyle="--")
    if len(removed):
        removed.plot(ax=ax, facecolor="none", edgecolor=REMOVED_COLOUR, linewidth=scale.pt(0.0042), linestyle=":")
    # names: lokus and manual changes first (then the rest where they fit), highest burden first
    names = gdf.assign(_prio=gdf["selected"].fillna(False).astype(int) * 1e6 + gdf["how"].isin(["added", "removed"]) * 1e6
                       + gdf["stunted"].fillna(0))
    place_labels(ax, names, "nama", "_prio", fontsize=scale.pt(0.0135), colour=HIGHLIGHT_COLOUR, bold=True,
                 halo=scale.pt(0.004))
    entries = list(fig.legend_entries)
    if len(added):
        entries.append(LegendEntry(text("a1_legend_added", lang), "none", len(added), outline=ADDED_COLOUR))
    if len(removed):
        entries.append(LegendEntry(text("a1_legend_removed", lang), "none", len(removed), outline=REMOVED_COLOUR))
    if len(added) or len(removed):
        legend_ax = fig.axes[1]
        from geo.render import _draw_legend

        legend_ax.cla()
        legend_ax.set_axis_off()
        legend_ax.set_xlim(0, 1)
        legend_ax.set_ylim(0, 1)
        _draw_legend(legend_ax, text("legend_who_classes", lang), entries, None, note, scale, fig)
        fig.legend_entries = entries
    return fig
