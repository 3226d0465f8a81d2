"""One-page summary per kecamatan for publication (Aksi 7), as one PDF with one A4 page per kecamatan.

Choice: one file, one page per kecamatan, in kecamatan code order. A single file is one attachment for the
kabupaten's publication and prints in one go; a single kecamatan's page comes from `kecamatan=[code]`
(`export_summary_pdf(con, path, period, kecamatan=["99.71.01"])`).

Each page: title (kecamatan, kabupaten, period), the kecamatan's key rates, a map of its kelurahan coloured by
stunting prevalence (WHO/UNICEF classes), a table of indicators per kelurahan, and a source/date line.
Small-number suppression: a rate whose denominator is below `small_n` children/targets (default: the
database's `small_n`, 10) is blanked and marked `*` in the table, and its kelurahan is hatched grey on the
map instead of coloured. Counts of children measured are shown; numerators of suppressed rates are not.
Only aggregates are printed: kelurahan and kecamatan names, counts and rates; no child, no NIK.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.table import Cell

from pipelines.indicators import catalogue
from pipelines import readmodel
from pipelines.present.glossary import place_kind, text
from geo.render import MUTED_COLOUR, TEXT_COLOUR, FigureScale, draw_map
from pipelines.outputs.slides import kabupaten_name, labels_for, latest_period, read_kelurahan, small_n_setting, \
    source_line, who_classes
from pipelines.present import format as fmt

HEADLINE = catalogue.HEADLINE

A4_INCHES = (8.27, 11.69)      # portrait, in
PDF_DPI = 150                   # raster parts only; text and polygons stay vector in a PDF
SUPPRESSED = "*"
MARGIN = 0.06                   # left and right page margin, share of the page width

# (indicator, its catalogue entry): headers are the catalogue's short labels; the denominator of the headline
# indicator is "children measured"
TABLE_INDICATORS = tuple((key, catalogue.indicator(key)) for key in
                         (catalogue.HEADLINE, catalogue.HEADLINE_SEVERE, catalogue.COVERAGE.key, "hpk_complete_access"))


def kecamatan_table(con: duckdb.DuckDBPyConnection, kecamatan: str, period: str, small_n: int) -> pd.DataFrame:
    """Per kelurahan of `kecamatan`: kode, nama, n (children with a valid HAZ), then per indicator its value
    (0..1, NaN when suppressed or missing) and `<indicator>_suppressed` (denominator < `small_n`)."""
    places = con.execute(
        "SELECT kode, nama FROM kelurahan WHERE kecamatan_kode = ? ORDER BY kode", [kecamatan]
    ).df()
    values = con.execute(
        "SELECT kode, indicator, numerator, denominator, value FROM indicators"
        " WHERE level = 'kelurahan' AND period = ? AND substr(kode, 1, 8) = ? AND indicator IN ({})".format(
            ", ".join("?" for _ in TABLE_INDICATORS)),
        [period, kecamatan, *[i for i, _ in TABLE_INDICATORS]],
    ).df()
    table = places.copy()
    stunting = values[values["indicator"] == catalogue.HEADLINE].set_index("kode")
    table["n"] = table["kode"].map(stunting["denominator"])
    for indicator, _ in TABLE_INDICATORS:
        rows = values[values["indicator"] == indicator].set_index("kode")
        denominator = table["kode"].map(rows["denominator"])
        value = table["kode"].map(rows["value"]).astype(float)
        suppressed = denominator.notna() & (denominator < small_n)
        table[indicator] = value.where(~suppressed)
        table[f"{indicator}_suppressed"] = suppressed
    return table


def kecamatan_totals(con: duckdb.DuckDBPyConnection, kecamatan: str, period: str) -> dict[str, tuple[float, float]]:
    """(numerator, denominator) per indicator for the whole kecamatan, summed over its kelurahan."""
    rows = con.execute(
        "SELECT indicator, sum(numerator), sum(denominator) FROM indicators"
        " WHERE level = 'kelurahan' AND period = ? AND substr(kode, 1, 8) = ? GROUP BY indicator",
        [period, kecamatan],
    ).fetchall()
    return {indicator: (float(k or 0), float(n or 0)) for indicator, k, n in rows}


def _cell(value: float, suppressed: bool, lang: str) -> str:
    if suppressed:
        return SUPPRESSED
    if value is None or value != value:
        return "–"
    return fmt.percent(value, lang=lang)


def _width_px(renderer, words: str, size: float, bold: bool = False) -> float:
    """Width of `words` set in `size` pt (bold or not), in pixels at the renderer's dpi."""
    props = FontProperties(size=size, weight="bold" if bold else "normal")
    return max(renderer.get_text_width_height_descent(line, props, ismath=False)[0] for line in words.split("\n"))


def _wrap(renderer, words: str, size: float, limit_px: float, bold: bool = False, sep: str = " ") -> str:
    """`words` broken into lines (at `sep`) that are each at most `limit_px` wide where the pieces allow."""
    lines: list[str] = []
    for piece in words.split(sep):
        if lines and _width_px(renderer, lines[-1] + sep + piece, size, bold) <= limit_px:
            lines[-1] += sep + piece
        elif sep != " " and _width_px(renderer, piece, size, bold) > limit_px:
            lines += _wrap(renderer, piece, size, limit_px, bold).split("\n")   # one piece too wide: at spaces
        else:
            lines.append(piece)
    return "\n".join(line.strip() for line in lines)


def _page_text(fig: Figure, renderer, y: float, words: str, size: float, sep: str = " ", **kwargs) -> None:
    """A line of the page between the left and right margins, wrapped onto more lines when it is wider (at
    `sep`; matplotlib's own wrap only stops at the paper's edge)."""
    limit = (1 - 2 * MARGIN) * fig.bbox.width
    fig.text(MARGIN, y, _wrap(renderer, words, size, limit, kwargs.get("fontweight") == "bold", sep), fontsize=size,
             va="top", **kwargs)


def _fit_table(table, renderer, font: float, row_h: float) -> None:
    """Every cell's text inside its cell: headers wrap onto more lines (the header row grows), a value too wide
    for its column gets a smaller font. Cell widths and the cells' padding as matplotlib draws them."""
    cells = table.get_celld()
    lines = 1
    for (r, _c), cell in cells.items():
        if r != 0:
            continue
        room = cell.get_width() * table.axes.bbox.width * (1 - 2 * Cell.PAD)
        words = cell.get_text().get_text()
        wrapped = _wrap(renderer, words, font, room, bold=True)
        cell.get_text().set_text(wrapped)
        lines = max(lines, wrapped.count("\n") + 1)
        widest = _width_px(renderer, wrapped, font, bold=True)
        if widest > room:
            cell.get_text().set_fontsize(font * room / widest)
    header_h = row_h * (1 + 0.8 * (lines - 1))
    body = max(1, max(r for r, _c in cells))
    body_h = min(row_h, (1 - header_h) / body)   # a taller header: the rows share what is left of the box
    for (r, _c), cell in cells.items():
        cell.set_height(header_h if r == 0 else body_h)
        if r == 0:
            continue
        room = cell.get_width() * table.axes.bbox.width * (1 - 2 * Cell.PAD)
        words = cell.get_text().get_text()
        widest = _width_px(renderer, words, font, bold=cell.get_text().get_fontweight() == "bold")
        if widest > room:
            cell.get_text().set_fontsize(font * room / widest)


def summary_page(con: duckdb.DuckDBPyConnection, kecamatan: str, period: str, *, lang: str = "id",
                 small_n: int | None = None, today: dt.date | None = None, places=None) -> Figure:
    """The A4 portrait page (8.27 x 11.69 in) of one kecamatan."""
    small_n = small_n if small_n is not None else small_n_setting(con)
    name = next(iter(con.execute("SELECT nama FROM kecamatan WHERE kode = ?", [kecamatan]).fetchall()), None)
    name = name[0] if name else kecamatan
    table = kecamatan_table(con, kecamatan, period, small_n)
    totals = kecamatan_totals(con, kecamatan, period)

    fig = Figure(figsize=A4_INCHES, dpi=PDF_DPI, facecolor="white")
    renderer = FigureCanvasAgg(fig).get_renderer()   # font metrics: texts are fitted to their cells and margins
    scale = FigureScale(int(A4_INCHES[1] * PDF_DPI), PDF_DPI)
    _page_text(fig, renderer, 0.965, text("summary_title", lang, name=name), scale.pt(0.022), fontweight="bold",
               color=TEXT_COLOUR)
    _page_text(fig, renderer, 0.932,
               f"{kabupaten_name(con)} · {text('period', lang)} {fmt.period_words(period, lang)} · {kecamatan}",
               scale.pt(0.012), color=MUTED_COLOUR)

    # key figures of the kecamatan (sums over its kelurahan; rates on < small_n are suppressed here too)
    figures = []
    for indicator, entry in TABLE_INDICATORS:
        k, n = totals.get(indicator, (0.0, 0.0))
        shown = _cell(k / n if n else float("nan"), 0 < n < small_n, lang)
        figures.append(f"{entry.text('short', lang)}: {shown}")
    _page_text(fig, renderer, 0.905, "   ·   ".join(figures), scale.pt(0.0115), sep="   ·   ", color=TEXT_COLOUR)

    # map of the kelurahan: stunting prevalence, suppressed rates hatched grey
    places = places if places is not None else read_kelurahan(con)
    gdf = places[places["kecamatan_kode"] == kecamatan].merge(
        table[["kode", HEADLINE, f"{HEADLINE}_suppressed"]], on="kode", how="left")
    classes = who_classes(gdf[HEADLINE])
    ax = fig.add_axes((0.04, 0.50, 0.58, 0.38))
    map_scale = FigureScale(int(scale.height_px * 0.55), PDF_DPI)     # map texts sized as on a slide of this height
    entries, _ = draw_map(ax, gdf, HEADLINE, classes, map_scale, class_labels=labels_for(classes, lang),
                          hatch=gdf[f"{HEADLINE}_suppressed"].astype(bool), n_column=None, small_n=small_n,
                          small_n_label=text("suppressed_legend", lang, n=small_n),
                          no_data_label=text("no_data", lang), north_label=text("north", lang), label_column=None)
    legend_ax = fig.add_axes((0.64, 0.50, 0.33, 0.38))
    legend_ax.set_axis_off()
    legend_ax.text(0, 0.97, text("legend_who_classes", lang), fontsize=scale.pt(0.0105), fontweight="bold",
                   va="top", wrap=True)
    from matplotlib.patches import Rectangle

    y = 0.86
    for entry in entries:
        legend_ax.add_patch(Rectangle((0, y - 0.035), 0.1, 0.045, facecolor=entry.colour, edgecolor="#606060",
                                      hatch=entry.hatch, linewidth=0.5))
        legend_ax.text(0.14, y - 0.012, f"{entry.label} ({entry.count})", fontsize=scale.pt(0.0085), va="center")
        y -= 0.075

    # table of indicators per kelurahan
    header = [text("kelurahan", lang), text("col_children_measured", lang)] + [e.text("short", lang) for _, e in TABLE_INDICATORS]
    rows = []
    for _, row in table.iterrows():
        n = "–" if pd.isna(row["n"]) else f"{int(row['n'])}"
        rows.append([str(row["nama"]), n] + [_cell(row[i], bool(row[f"{i}_suppressed"]), lang) for i, _ in TABLE_INDICATORS])
    k_n = totals.get(catalogue.HEADLINE, (0.0, 0.0))[1]
    rows.append([f"{text('total_kecamatan', lang)} {name}", f"{int(k_n)}" if k_n else "–"]
                + [_cell(k / n if n else float("nan"), 0 < n < small_n, lang)
                   for k, n in (totals.get(i, (0.0, 0.0)) for i, _ in TABLE_INDICATORS)])
    table_ax = fig.add_axes((0.06, 0.085, 0.88, 0.39))
    table_ax.set_axis_off()
    row_h = min(0.07, 1.0 / (len(rows) + 1))
    font = scale.pt(min(0.0095, 0.0095 * 30 / max(30, len(rows) + 1)))
    drawn = table_ax.table(cellText=rows, colLabels=header, loc="upper center", cellLoc="right",
                           colLoc="center", colWidths=[0.30, 0.13] + [0.1425] * len(TABLE_INDICATORS))
    drawn.auto_set_font_size(False)
    drawn.set_fontsize(font)
    for (r, c), cell in drawn.get_celld().items():
        cell.set_height(row_h)
        cell.set_linewidth(0.3)
        if c == 0:
            cell.set_text_props(ha="left")
            cell._loc = "left"
        if r == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#eeeeee")
        if r == len(rows):
            cell.set_text_props(fontweight="bold")
    _fit_table(drawn, renderer, font, row_h)

    _page_text(fig, renderer, 0.06, text("summary_suppressed", lang, n=small_n), scale.pt(0.0085), color=TEXT_COLOUR)
    _page_text(fig, renderer, 0.035, source_line(con, lang, today), scale.pt(0.0075), sep=" · ", color=MUTED_COLOUR)
    fig.summary_table = table      # the numbers printed, for tests
    return fig


def summary_figures(con: duckdb.DuckDBPyConnection, period: str | None = None, *, kecamatan: list[str] | None = None,
                    lang: str = "id", small_n: int | None = None, today: dt.date | None = None) -> list[Figure]:
    """One page per kecamatan (all, in code order, unless `kecamatan` lists codes)."""
    period = period or latest_period(con)
    if period is None:
        raise ValueError("the database has no stunting indicators")
    codes = kecamatan or [r[0] for r in con.execute("SELECT kode FROM kecamatan ORDER BY kode").fetchall()]
    places = read_kelurahan(con)
    with place_kind(readmodel.place_kind(con)):  # labels say desa / kelurahan as the codes do
        return [summary_page(con, code, period, lang=lang, small_n=small_n, today=today, places=places)
                for code in codes]


def _write(figures: list[Figure], target) -> None:
    with PdfPages(target, metadata={"Title": "Ringkasan stunting per kecamatan", "Creator": "peta-stunting"}) as pdf:
        for figure in figures:
            pdf.savefig(figure)


def export_summary_pdf(con: duckdb.DuckDBPyConnection, path: str | Path, period: str | None = None, **options) -> Path:
    """Write the summary PDF (one A4 page per kecamatan) to `path`; options as `summary_figures`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(summary_figures(con, period, **options), path)
    return path


def summary_pdf_bytes(con: duckdb.DuckDBPyConnection, period: str | None = None, **options) -> bytes:
    """The same PDF in memory (for a download button)."""
    buffer = io.BytesIO()
    _write(summary_figures(con, period, **options), buffer)
    return buffer.getvalue()

