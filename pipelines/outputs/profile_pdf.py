"""Profil desa/kelurahan as an A4 PDF: every indicator of the period with its 95 % CI, n and ranks (in the
kabupaten/kota and in the kecamatan; rank 1 = highest value), the stunting trend against kecamatan and
kabupaten/kota, its posyandu, the 1000-HPK services that block complete access, and a map of its
neighbourhood (the desa outlined, its neighbours named). Rates on fewer than `small_n` children are
printed with a mark (the document is the desa's own, as on the Profil page).
"""
from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import readmodel
from pipelines.indicators import catalogue
from pipelines.outputs.document import DocContext
from pipelines.outputs.pdfpage import Page, pdf_bytes, table_pages
from pipelines.present import format as fmt
from pipelines.present.glossary import LABELS, text


def indicators_with_ranks(con: duckdb.DuckDBPyConnection, kode: str, period: str) -> pd.DataFrame:
    """indicator, numerator, denominator, value, ci_low, ci_high, rank_kab, n_kab, rank_kec, n_kec."""
    return con.execute(
        """WITH ranked AS (
               SELECT i.*, k.kecamatan_kode,
                      rank() OVER (PARTITION BY i.indicator ORDER BY i.value DESC) AS rank_kab,
                      count(*) OVER (PARTITION BY i.indicator) AS n_kab,
                      rank() OVER (PARTITION BY i.indicator, k.kecamatan_kode ORDER BY i.value DESC) AS rank_kec,
                      count(*) OVER (PARTITION BY i.indicator, k.kecamatan_kode) AS n_kec
               FROM indicators i JOIN kelurahan k ON k.kode = i.kode
               WHERE i.level = 'kelurahan' AND i.period = ? AND i.value IS NOT NULL)
           SELECT indicator, numerator, denominator, value, ci_low, ci_high, rank_kab, n_kab, rank_kec, n_kec
           FROM ranked WHERE kode = ?""", [period, kode]).df()


def _label(key: str, lang: str, services: dict[str, str]) -> str:
    if key.startswith("svc_"):
        code = key[4:]
        short = f"svc_short_{code}"
        return text("profile_pdf_service", lang, name=text(short, lang) if short in LABELS else services.get(code, code))
    try:
        return catalogue.indicator(key).text("label", lang)
    except KeyError:
        return key


def _neighbourhood_map(page: Page, con, kode: str, lang: str, height_in: float) -> None:
    from geo.render import FigureScale, draw_map, place_labels
    from pipelines.outputs.slides import indicator_frame, labels_for, read_kelurahan, who_classes

    places = read_kelurahan(con)
    me = places[places["kode"] == kode]
    if me.empty:
        return
    around = places[places.geometry.intersects(me.geometry.iloc[0].buffer(0.0005))]
    values = indicator_frame(con, catalogue.HEADLINE, page.ctx.period)
    gdf = around.merge(values, on="kode", how="left")
    classes = who_classes(gdf["value"])
    ax = page.axes(height_in, width_frac=0.62)
    scale = FigureScale(int(height_in * page.figure.dpi * 1.7), page.figure.dpi)
    entries, _ = draw_map(ax, gdf, "value", classes, scale, class_labels=labels_for(classes, lang), highlight=[kode],
                          highlight_label=str(me["nama"].iloc[0]), label_column=None, small_n=page.ctx.small_n,
                          small_n_label=text("small_n_legend", lang, n=page.ctx.small_n),
                          no_data_label=text("no_data", lang), north_label=text("north", lang))
    place_labels(ax, gdf.assign(_me=(gdf["kode"] == kode).astype(int) * 1e6 + gdf["numerator"].fillna(0)), "nama",
                 "_me", fontsize=7, bold=True)
    legend = page.axes(height_in, left_frac=0.65, width_frac=0.35)
    legend.set_axis_off()
    from matplotlib.patches import Patch

    handles = [Patch(facecolor="white" if e.outline else e.colour, edgecolor=e.outline or "#606060", hatch=e.hatch,
                     linewidth=2 if e.outline else 0.5, label=f"{e.label} ({e.count})") for e in entries]
    legend.legend(handles=handles, loc="upper left", fontsize=7, title=text("legend_who_classes", lang),
                  title_fontsize=7.5, frameon=False)
    page.advance(height_in)


def profile_pages(con: duckdb.DuckDBPyConnection, kode: str, period: str, ctx: DocContext) -> list[Page]:
    lang = ctx.lang
    info = con.execute("SELECT nama, kecamatan_nama, kecamatan_kode, kabupaten_kode FROM kelurahan WHERE kode = ?",
                       [kode]).fetchall()
    if not info:
        raise ValueError(f"kode desa/kelurahan {kode} tidak ada di basis data")
    nama, kec_nama, kec_kode, kab_kode = info[0]
    services = {}
    if "service_packages" in {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}:
        services = dict(con.execute("SELECT service, any_value(label) FROM service_packages GROUP BY 1").fetchall())
    title = text("profile_pdf_title", lang, name=nama)
    subtitle = text("profile_pdf_subtitle", lang, kecamatan=kec_nama, kode=kode)
    first = Page(ctx, title, subtitle)
    first.heading(text("profile_pdf_map", lang))
    _neighbourhood_map(first, con, kode, lang, 3.3)

    rows = indicators_with_ranks(con, kode, period)
    order = {i.key: n for n, i in enumerate(catalogue.ordered([k for k in rows["indicator"] if not k.startswith("svc_")]))}
    rows = rows.assign(_o=rows["indicator"].map(lambda k: order.get(k, 1000))).sort_values(["_o", "indicator"])
    table = []
    for _, r in rows.iterrows():
        small = r["denominator"] < ctx.small_n
        table.append([_label(r["indicator"], lang, services) + (" *" if small else ""), fmt.percent(r["value"], 1, lang),
                      fmt.share_range(r["ci_low"], r["ci_high"], 1, lang),
                      f"{fmt.number(r['numerator'], 0, lang)} / {fmt.number(r['denominator'], 0, lang)}",
                      f"{int(r['rank_kab'])} / {int(r['n_kab'])}", f"{int(r['rank_kec'])} / {int(r['n_kec'])}"])
    header = [text("col_indicator", lang), text("aksi7_col_rate", lang), text("col_ci", lang), text("profile_pdf_kn", lang),
              text("col_rank_kab", lang), text("col_rank_kec", lang)]
    widths = [0.42, 0.1, 0.14, 0.12, 0.11, 0.11]
    pages = [first]
    first.heading(text("profile_indicators", lang, period=ctx.period_text))
    pages += table_pages(ctx, title, subtitle, first, header, table, widths, size=7)
    page = pages[-1]
    page.text(text("profile_pdf_notes", lang, n=ctx.small_n), size=7, color="#505050")

    # trend, posyandu, bottlenecks on the next page
    page = Page(ctx, title, subtitle)
    pages.append(page)
    page.heading(text("profile_trend", lang) + " – " + catalogue.indicator(catalogue.HEADLINE).text("label", lang))
    trend = con.execute(
        """SELECT period, level, value FROM indicators WHERE indicator = ?
           AND ((level = 'kelurahan' AND kode = ?) OR (level = 'kecamatan' AND kode = ?) OR (level = 'kabupaten' AND kode = ?))
           ORDER BY period""", [catalogue.HEADLINE, kode, kec_kode, kab_kode]).df()
    if len(trend):
        wide = trend.pivot_table(index="period", columns="level", values="value", aggfunc="first")
        names = {"kelurahan": nama, "kecamatan": f"{text('level_kecamatan', lang)} {kec_nama}", "kabupaten": ctx.kabupaten}
        ax = page.axes(2.2, width_frac=0.9)
        for level, style in (("kelurahan", "-o"), ("kecamatan", "--s"), ("kabupaten", ":^")):
            if level in wide:
                ax.plot([fmt.period_words(p, lang) for p in wide.index], wide[level] * 100, style, label=names[level])
        ax.set_ylabel("%", fontsize=8)
        ax.tick_params(labelsize=7.5)
        ax.legend(fontsize=7.5, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        page.advance(2.45)
    page.heading(text("profile_posyandu", lang, period=ctx.period_text))
    # one definition of a stunted child of a posyandu in a period: the read model's, as the growth SQL counts
    posyandu = readmodel.posyandu_shares(con, period, kode)
    if posyandu.empty:
        page.text(text("no_posyandu", lang), italic=True)
    else:
        page.table([text("col_posyandu", lang), text("col_children", lang), text("col_stunted", lang), text("aksi7_col_rate", lang)],
                   [[r["nama"], fmt.number(r["children"], 0, lang), fmt.number(r["stunted"], 0, lang),
                     fmt.percent(r["stunted"] / r["valid"] if r["valid"] else None, 1, lang)]
                    for _, r in posyandu.iterrows()], [0.46, 0.18, 0.18, 0.18], size=7.5)
    page.heading(text("profile_services", lang, period=ctx.period_text))
    bottleneck = con.execute(
        "SELECT service, targets_blocked FROM service_bottleneck WHERE level = 'kelurahan' AND kode = ? AND period = ?"
        " ORDER BY rank", [kode, period]).df() if readmodel.table_exists(con, "service_bottleneck") else pd.DataFrame()
    if bottleneck.empty:
        page.text(text("no_services", lang), italic=True)
    else:
        coverage = rows.set_index("indicator")
        page.table([text("col_service", lang), text("col_targets_blocked", lang), text("col_coverage_pct", lang)],
                   [[_label(f"svc_{s}", lang, services).split(": ", 1)[-1], fmt.number(b, 0, lang),
                     fmt.percent(coverage["value"].get(f"svc_{s}"), 1, lang)]
                    for s, b in zip(bottleneck["service"].head(8), bottleneck["targets_blocked"].head(8))],
                   [0.6, 0.2, 0.2], size=7.5)
    return pages


def profile_pdf(con: duckdb.DuckDBPyConnection, kode: str, period: str, ctx: DocContext) -> bytes:
    """The profile of one desa/kelurahan as an A4 PDF."""
    return pdf_bytes(profile_pages(con, kode, period, ctx), text("profile_pdf_title", ctx.lang, name=kode))
