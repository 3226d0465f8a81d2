"""Publikasi Aksi 7: stunting per kecamatan and per desa/kelurahan as an A4 PDF, printable as is, and the XLSX.

PDF: page 1 holds the title block, the small-number rule in words, a map of the desa/kelurahan (WHO/UNICEF
classes, suppressed rates hatched) and the kecamatan table; the next pages the desa/kelurahan table (n,
stunted children, prevalence, 95 % CI, note), its header repeated on every page. The XLSX (every published
indicator, per desa/kelurahan and kecamatan) is `pipelines.outputs.exports.publication_xlsx`.

Suppression: a rate on fewer than `small_n` children (the database's setting unless given) is not printed,
nor its count of cases or interval; the row says "n < 10: tidak ditampilkan" and the map hatches the place.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.indicators import catalogue
from pipelines.outputs import exports
from pipelines.outputs.document import DocContext
from pipelines.outputs.pdfpage import Page, pdf_bytes, table_pages
from pipelines.present import format as fmt
from pipelines.present.glossary import text

HEADLINE = catalogue.HEADLINE


def _rows(table: pd.DataFrame, lang: str, small_n: int, *, with_kecamatan: bool) -> list[list[str]]:
    rows = []
    for _, r in table.iterrows():
        n = r[f"{HEADLINE}_n"]
        suppressed = bool(r[f"{HEADLINE}_suppressed"])
        cells = [str(r["nama"])] + ([str(r["kecamatan_nama"])] if with_kecamatan else [])
        cells.append(fmt.DASH if pd.isna(n) else fmt.number(n, 0, lang))
        if suppressed:
            cells += ["", "", "", text("doc_suppressed_mark", lang, n=small_n)]
        else:
            k = r[f"{HEADLINE}_k"]
            cells += [fmt.DASH if pd.isna(k) else fmt.number(k, 0, lang), fmt.percent(r[f"{HEADLINE}_value"], 1, lang),
                      fmt.share_range(r[f"{HEADLINE}_ci_low"], r[f"{HEADLINE}_ci_high"], 1, lang),
                      "" if not pd.isna(n) else text("no_data", lang)]
        rows.append(cells)
    return rows


def _map(page: Page, con: duckdb.DuckDBPyConnection, table: pd.DataFrame, lang: str, small_n: int,
         height_in: float) -> None:
    from geo.render import FigureScale, draw_map
    from pipelines.outputs.slides import labels_for, read_kelurahan, who_classes

    places = read_kelurahan(con).merge(
        table[["kode", f"{HEADLINE}_value", f"{HEADLINE}_suppressed"]], on="kode", how="left")
    values = places[f"{HEADLINE}_value"]
    classes = who_classes(values)
    ax = page.axes(height_in, width_frac=0.64)
    scale = FigureScale(int(height_in * page.figure.dpi * 1.6), page.figure.dpi)
    entries, _ = draw_map(ax, places, f"{HEADLINE}_value", classes, scale, class_labels=labels_for(classes, lang),
                          hatch=places[f"{HEADLINE}_suppressed"].fillna(False).astype(bool), n_column=None,
                          small_n=small_n, small_n_label=text("suppressed_legend", lang, n=small_n),
                          no_data_label=text("no_data", lang), north_label=text("north", lang), label_column=None)
    legend = page.axes(height_in, left_frac=0.67, width_frac=0.33)
    legend.set_axis_off()
    legend.set_xlim(0, 1)
    legend.set_ylim(0, 1)
    legend.text(0, 0.98, text("legend_who_classes", lang), fontsize=8, fontweight="bold", va="top", wrap=True)
    from matplotlib.patches import Rectangle

    y = 0.86
    for entry in entries:
        legend.add_patch(Rectangle((0, y - 0.04), 0.12, 0.05, facecolor=entry.colour, edgecolor="#606060",
                                   hatch=entry.hatch, linewidth=0.5))
        legend.text(0.16, y - 0.015, f"{entry.label} ({entry.count})", fontsize=7, va="center", wrap=True)
        y -= 0.08
    page.advance(height_in)


def aksi7_pages(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext, *, small_n: int | None = None) -> list[Page]:
    """The pages of the Aksi 7 publication PDF."""
    small_n = small_n if small_n is not None else ctx.small_n
    lang = ctx.lang
    desa = exports.publication_table(exports.query_publication(con, period), [HEADLINE], small_n)
    desa = desa.sort_values(["kecamatan_nama", "nama", "kode"]).reset_index(drop=True)
    kec = exports.publication_table(exports.query_publication(con, period, "kecamatan"), [HEADLINE], small_n)
    title = text("aksi7_title", lang)
    subtitle = text("aksi7_subtitle", lang, period=ctx.period_text)
    first = Page(ctx, title, subtitle)
    first.text(text("aksi7_intro", lang, kabupaten=ctx.kabupaten, period=ctx.period_text))
    first.text(exports.suppression_sentence(small_n, lang), bold=True, size=8.5)
    first.text(text("doc_ci_note", lang), size=8, color="#505050")
    first.heading(text("aksi7_map_title", lang, period=ctx.period_text))
    _map(first, con, desa, lang, small_n, 3.6)
    first.heading(text("aksi7_kecamatan_title", lang))
    header_k = [text("kecamatan", lang), text("aksi7_col_n", lang), text("aksi7_col_k", lang),
                text("aksi7_col_rate", lang), text("col_ci", lang), text("aksi7_col_note", lang)]
    kec_rows = _rows(kec, lang, small_n, with_kecamatan=False)
    total = con.execute("SELECT numerator, denominator, value, ci_low, ci_high FROM indicators WHERE level = 'kabupaten'"
                        " AND indicator = ? AND period = ?", [HEADLINE, period]).fetchall()
    if total:
        k, n, v, lo, hi = total[0]
        kec_rows.append([text("aksi7_total", lang, kabupaten=ctx.kabupaten), fmt.number(n, 0, lang),
                         fmt.number(k, 0, lang), fmt.percent(v, 1, lang), fmt.share_range(lo, hi, 1, lang), ""])
    widths_k = [0.28, 0.13, 0.13, 0.13, 0.17, 0.16]
    first.table(header_k, kec_rows, widths_k, align=list("lrrrrl"), bold_rows=[len(kec_rows) - 1] if total else ())
    pages = [first]

    header_d = [text("doc_desa", lang), text("kecamatan", lang), text("aksi7_col_n", lang), text("aksi7_col_k", lang),
                text("aksi7_col_rate", lang), text("col_ci", lang), text("aksi7_col_note", lang)]
    widths_d = [0.22, 0.17, 0.1, 0.1, 0.11, 0.15, 0.15]
    rows = _rows(desa, lang, small_n, with_kecamatan=True)
    page = Page(ctx, title, subtitle)
    page.heading(text("aksi7_desa_title", lang))
    pages.append(page)
    pages += table_pages(ctx, title, subtitle, page, header_d, rows, widths_d, align=list("llrrrrl"),
                         heading=text("aksi7_desa_title", lang))
    return pages


def aksi7_pdf(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext, **kwargs) -> bytes:
    """The Aksi 7 publication as an A4 PDF."""
    return pdf_bytes(aksi7_pages(con, period, ctx, **kwargs), text("aksi7_title", ctx.lang))
