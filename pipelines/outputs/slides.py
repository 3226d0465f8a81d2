"""The presentation slides (Mode Presentasi): the deck for the provincial panel, rendered without a browser.

Sequence (`deck_keys`): title (kabupaten/kota, period, TPPS) -> overview (key figures with CIs) -> one map per
chosen indicator (`prevalence` for stunting, `hpk` for complete 1000-HPK access, `ind_<key>` for others) ->
trend (change since the previous round) -> kecamatan ranking (bars with CIs) -> burden (stunted children as
proportional circles) -> lokus (map + table with reasons) -> 1000-HPK bottlenecks -> data quality -> summary.
Maps carry the desa/kelurahan names that fit (highest burden first, geo.render.place_labels).

`build_slides(con, period)` reads the database (a DuckDB connection) and returns `Slide` objects holding a
matplotlib Figure of 1920 x 1080 px each; `export_pngs` writes them as PNG files of exactly that size,
`export_pdf` as one PDF with one page per slide (matplotlib PdfPages), `zip_pngs` as a ZIP in memory.
The dashboard page shows the same PNGs, so what is exported is what was shown.

Only aggregates per kelurahan enter a slide (rates, counts, kelurahan and kecamatan names).
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from pipelines import readmodel
from pipelines.indicators import catalogue
from pipelines.present import format as fmt
from pipelines.present.classify import Classes, class_labels, make_classes
from pipelines.present.glossary import place_kind, text
from pipelines.settings import Settings
from geo.render import LegendEntry, png_bytes, render_map, save_png

PLACE_COLUMNS = ("kode", "nama", "kecamatan_kode", "kecamatan_nama")
MAP_KEYS = ("prevalence", "trend", "burden", "hpk", "lokus")
DEFAULT_INDICATORS = (catalogue.HEADLINE, "hpk_complete_access")
SLIDE_KEYS = ("title", "overview", "prevalence", "hpk", "trend", "ranking", "burden", "lokus", "bottlenecks",
              "quality", "summary")


def indicator_key(indicator: str) -> str:
    """Slide key of an indicator's map slide."""
    return {catalogue.HEADLINE: "prevalence", "hpk_complete_access": "hpk"}.get(indicator, f"ind_{indicator}")


def deck_keys(indicators: tuple[str, ...] | list[str] = DEFAULT_INDICATORS) -> tuple[str, ...]:
    """The slide keys of a deck with one map slide per chosen indicator (stunting first when chosen)."""
    maps = [indicator_key(i) for i in indicators]
    return ("title", "overview", *maps, "trend", "ranking", "burden", "lokus", "bottlenecks", "quality", "summary")
FIGSIZE_PX = (1920, 1080)            # full-HD slide, px
DEFAULT_DPI = 100                     # 19.2 x 10.8 in

# complete 1000-HPK access, share: fixed 20 % steps (comparable between periods and kabupaten), ColorBrewer
# YlGnBu 5 as pipelines.present.classify uses where a higher value is better
HPK_BREAKS = (0.2, 0.4, 0.6, 0.8)
HPK_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")



@dataclass
class Slide:
    """One slide: its key (one of SLIDE_KEYS), the texts shown and the rendered figure (px = FIGSIZE_PX)."""

    key: str
    title: str
    subtitle: str
    figure: Figure
    legend: list[LegendEntry] = field(default_factory=list)
    note: str = ""
    table: pd.DataFrame | None = None     # the per-kelurahan numbers drawn (kode, nama, value, n ...)


# --- reading ---------------------------------------------------------------------------------------

def read_kelurahan(con: duckdb.DuckDBPyConnection) -> gpd.GeoDataFrame:
    """Kelurahan polygons (EPSG:4326) with kode, nama, kecamatan_kode, kecamatan_nama."""
    from geo.store import read_places

    places = read_places(con)
    return places[[*PLACE_COLUMNS, "geometry"]].sort_values("kode").reset_index(drop=True)


def indicator_frame(con: duckdb.DuckDBPyConnection, indicator: str, period: str) -> pd.DataFrame:
    """kode, numerator, denominator, value (0..1) per kelurahan for one indicator and period."""
    return readmodel.indicator_values(con, indicator, period)[["kode", "numerator", "denominator", "value"]]


def previous_period(con: duckdb.DuckDBPyConnection, period: str, indicator: str = catalogue.HEADLINE) -> str | None:
    """The period the trend slide compares `period` with (`readmodel.comparison_period`, one rule)."""
    return readmodel.comparison_period(readmodel.periods(con, indicator), period)


def latest_period(con: duckdb.DuckDBPyConnection, indicator: str = catalogue.HEADLINE) -> str | None:
    return readmodel.latest_period(con, indicator)


kabupaten_name = readmodel.kabupaten_name


def small_n_setting(con: duckdb.DuckDBPyConnection) -> int:
    """The small-number threshold (children) the database was built with (readmodel.small_n)."""
    return readmodel.small_n(con)


def source_line(con: duckdb.DuckDBPyConnection, lang: str = "id", today: dt.date | None = None) -> str:
    """'Sumber: e-PPGBM, 10 puskesmas, Agustus 2025 · basis data dibangun <date> · dicetak <date> · ...'."""
    built = readmodel.meta_value(con, "built_at")
    line = f"{text('source', lang)}: {readmodel.sources_summary(con, lang)}"
    if built:
        line += f" · {text('db_built', lang)} {fmt.date_words(built, lang)}"
    line += f" · {text('printed', lang)} {fmt.date_words(today or dt.date.today(), lang)} · {text('aggregates_only', lang)}"
    return line


def lokus_selection(con: duckdb.DuckDBPyConnection) -> tuple[list[str], str] | None:
    """Codes and 'name (date)' of the newest saved lokus selection (pipelines.lokus.selections), or None."""
    try:
        from pipelines.lokus.selections import latest_selection

        found = latest_selection(con)
    except Exception:  # noqa: BLE001 - no store yet, unreadable store: the slide falls back to top-N and says so
        return None
    if found is None or not found.codes:
        return None
    return [str(c) for c in found.codes], f"{found.name} ({str(found.created_at)[:10]})"


# --- formatting ------------------------------------------------------------------------------------

def who_classes(values: pd.Series) -> Classes:
    """WHO/UNICEF 2018 stunting prevalence classes (the dashboard map's scheme)."""
    return make_classes(values, "who", catalogue.HEADLINE)


def trend_classes(values: pd.Series) -> Classes:
    """Fixed percentage-point steps of the change, blue = fewer stunted (the dashboard map's scheme)."""
    return make_classes(values, "change", catalogue.HEADLINE, change=True)


def hpk_classes() -> Classes:
    return Classes(HPK_BREAKS, HPK_COLOURS, "left")


def labels_for(classes: Classes, lang: str) -> list[str]:
    """Legend label per class with its bounds ('Tinggi (20,0 % – <30,0 %)')."""
    return class_labels(classes, lambda key: text(key, lang), lang)


# --- slides ----------------------------------------------------------------------------------------

def build_slides(
    con: duckdb.DuckDBPyConnection,
    period: str | None = None,
    *,
    lang: str = "id",
    previous: str | None = None,
    lokus: list[str] | None = None,
    top_n: int = Settings.lokus_n,
    small_n: int | None = None,
    keys: tuple[str, ...] | None = None,
    indicators: tuple[str, ...] | list[str] = DEFAULT_INDICATORS,
    figsize_px: tuple[int, int] = FIGSIZE_PX,
    dpi: float = DEFAULT_DPI,
    today: dt.date | None = None,
    logo: Path | str | None = None,
) -> list[Slide]:
    """The slide sequence for `period` (default: the newest period with stunting data).

    `keys`: which slides (default `deck_keys(indicators)`); `indicators`: the indicators that get a map slide
    (and a tile on the overview). `previous`: period the trend compares with (default: the one before
    `period`). `lokus`: kelurahan codes to outline on the lokus slide (default: the newest saved selection,
    else the `top_n` kelurahan by stunting prevalence among those with at least `small_n` children, and the
    slide says so). `small_n` (children) defaults to the database's setting (meta `small_n`, else 10).
    `logo`: an image file shown on every slide.
    """
    from pipelines.outputs import deck
    from pipelines.outputs.document import context

    period = period or latest_period(con)
    if period is None:
        raise ValueError("the database has no stunting indicators")
    small_n = small_n if small_n is not None else small_n_setting(con)
    keys = tuple(keys) if keys is not None else deck_keys(indicators)
    previous = previous or previous_period(con, period)
    ctx = context(con, period, lang, logo=logo, today=today, small_n=small_n)
    places = read_kelurahan(con)
    common = dict(
        lang=lang,
        source_line="\n".join(__import__("textwrap").wrap(
            text("deck_source_line", lang, source=ctx.source, built=ctx.built, printed=ctx.printed), 175)),
        corner_text=f"{ctx.kabupaten}\n{ctx.period_text}",
        small_n=small_n,
        small_n_label=text("small_n_legend", lang, n=small_n),
        no_data_label=text("no_data", lang),
        north_label=text("north", lang),
        figsize_px=figsize_px,
        dpi=dpi,
        ctx=ctx,
    )
    size = dict(figsize_px=figsize_px, dpi=dpi)
    state: dict[str, object] = {}

    def lokus_slide() -> Slide:
        slide = _lokus(con, places, period, lokus, top_n, small_n, lang, common)
        state["lokus"] = slide
        return slide

    builders = {
        "title": lambda: Slide("title", text("deck_title", lang), ctx.kabupaten, deck.title_slide(ctx, **size)),
        "overview": lambda: Slide("overview", text("deck_overview", lang), text("deck_overview_sub", lang, period=ctx.period_text),
                                  deck.overview_slide(con, period, previous, list(indicators) + ["coverage", "konvergensi"],
                                                      ctx, **size)),
        "prevalence": lambda: _prevalence(con, places, period, lang, common),
        "trend": lambda: _trend(con, places, period, previous, lang, common),
        "ranking": lambda: Slide("ranking", text("deck_ranking", lang), text("deck_ranking_sub", lang),
                                 deck.ranking_slide(con, period, ctx, **size)),
        "burden": lambda: _burden(con, places, period, lang, common),
        "hpk": lambda: _hpk(con, places, period, lang, common),
        "lokus": lokus_slide,
        "bottlenecks": lambda: Slide("bottlenecks", text("deck_bottlenecks", lang), text("deck_bottlenecks_sub", lang),
                                     deck.bottleneck_slide(con, period, ctx, **size)),
        "quality": lambda: Slide("quality", text("deck_quality", lang), text("deck_quality_sub", lang),
                                 deck.quality_slide(con, period, ctx, **size)),
        "summary": lambda: Slide("summary", text("deck_summary", lang), "",
                                 deck.summary_slide(_summary_points(con, period, previous, ctx, state, places), ctx, **size)),
        "dua_angka": lambda: _dua_angka(con, period, lang, common),
    }
    slides = []
    with place_kind(readmodel.place_kind(con)):  # labels say desa / kelurahan as the codes do
        for key in keys:
            if key in builders:
                slides.append(builders[key]())
            elif key.startswith("ind_"):
                slides.append(_indicator(con, places, period, key[4:], lang, common))
            else:
                raise ValueError(f"unknown slide {key!r}")
    for slide in slides:
        if slide.key in MAP_KEYS or slide.key.startswith("ind_"):
            from pipelines.outputs.deck import add_logo

            add_logo(slide.figure, ctx)
    return slides


def _with(places: gpd.GeoDataFrame, values: pd.DataFrame) -> gpd.GeoDataFrame:
    return places.merge(values, on="kode", how="left")


def _rate_summary(frame: pd.DataFrame, lang: str, unit_key: str = "children") -> str:
    """'Seluruh wilayah 18,2 % (1.234 / 6.789 balita)' from the kelurahan numerators and denominators."""
    k, n = frame["numerator"].sum(), frame["denominator"].sum()
    if not n:
        return ""
    return (f"{text('overall', lang)} {fmt.percent(k / n, lang=lang)} "
            f"({fmt.number(k, lang=lang)} / {fmt.number(n, lang=lang)} {text(unit_key, lang)})")


def _slide(key: str, gdf, column, classes, title, subtitle, legend_title, common, table, *,
           names_by: str | None = "numerator", **extra) -> Slide:
    from geo.render import FigureScale, place_labels

    if classes is not None:
        extra["class_labels"] = labels_for(classes, common["lang"])
    options = {k: v for k, v in common.items() if k not in ("lang", "ctx")}
    fig = render_map(gdf, column, classes, title, subtitle, legend_title=legend_title, **options, **extra)
    if names_by is not None:
        scale = FigureScale(common["figsize_px"][1], common["dpi"])
        by = names_by if names_by in gdf else None
        place_labels(fig.axes[0], gdf, "nama", by, fontsize=scale.pt(0.0125), halo=scale.pt(0.0035))
    return Slide(key, title, subtitle, fig, list(fig.legend_entries), extra.get("note", ""), table)


def _prevalence(con, places, period, lang, common) -> Slide:
    values = indicator_frame(con, catalogue.HEADLINE, period)
    gdf = _with(places, values)
    subtitle = f"{text('stunting_definition', lang)} · {_rate_summary(values, lang)}"
    return _slide("prevalence", gdf, "value", who_classes(gdf["value"]), text("slide_prevalence", lang), subtitle,
                  text("legend_who_classes", lang), common, gdf.drop(columns="geometry"))


def _indicator(con, places, period, indicator, lang, common) -> Slide:
    """Map slide of any catalogue indicator: WHO/UNICEF classes where it has them, else quantiles."""
    from pipelines.indicators import catalogue
    from pipelines.present.classify import make_classes

    entry = catalogue.indicator(indicator)
    values = indicator_frame(con, indicator, period)
    gdf = _with(places, values)
    classes = make_classes(gdf["value"], "who" if entry.thresholds else "quantiles", indicator)
    overall = ""
    if len(values) and values["denominator"].sum():
        k, n = values["numerator"].sum(), values["denominator"].sum()
        overall = f"{text('overall', lang)} {fmt.percent(k / n, 1, lang)} ({fmt.number(k, 0, lang)} / {fmt.number(n, 0, lang)} {entry.noun_text(lang)})"
    subtitle = text("deck_indicator_sub", lang, definition=entry.text("definition", lang), overall=overall)
    return _slide(f"ind_{indicator}", gdf, "value", classes, entry.text("label", lang), subtitle,
                  entry.text("short", lang), common, gdf.drop(columns="geometry"))


def _trend(con, places, period, previous, lang, common) -> Slide:
    title = text("slide_trend", lang)
    now = indicator_frame(con, catalogue.HEADLINE, period)
    if previous is None:
        gdf = places.assign(change=float("nan"), denominator=float("nan"))
        return _slide("trend", gdf, "change", trend_classes(gdf["change"]), title, text("trend_no_previous", lang),
                      text("legend_change", lang), common, gdf.drop(columns="geometry"), names_by=None)
    before = indicator_frame(con, catalogue.HEADLINE, previous)
    merged = now.merge(before, on="kode", how="outer", suffixes=("", "_before"))
    merged["change"] = merged["value"] - merged["value_before"]            # share; x100 = percentage points
    merged["n_min"] = merged[["denominator", "denominator_before"]].min(axis=1, skipna=False)
    gdf = _with(places, merged[["kode", "change", "n_min", "value", "value_before"]])
    subtitle = text("trend_subtitle", lang, previous=fmt.period_words(previous, lang), period=fmt.period_words(period, lang))
    return _slide("trend", gdf, "change", trend_classes(gdf["change"]), title, subtitle, text("legend_change", lang),
                  common | {"n_column": "n_min"}, gdf.drop(columns="geometry"), names_by="n_min")


def _burden(con, places, period, lang, common) -> Slide:
    values = indicator_frame(con, catalogue.HEADLINE, period)
    gdf = _with(places, values)
    total, where = int(values["numerator"].sum()), int((values["numerator"] > 0).sum())
    note = text("burden_note", lang, total=fmt.number(total, lang=lang), kelurahan=where)
    return _slide("burden", gdf, None, None, text("slide_burden", lang), text("burden_subtitle", lang), "", common,
                  gdf.drop(columns="geometry"), symbols="numerator",
                  symbol_legend_title=text("legend_stunted_children", lang), note=note)


def _hpk(con, places, period, lang, common) -> Slide:
    values = indicator_frame(con, "hpk_complete_access", period)
    gdf = _with(places, values)
    title = text("slide_hpk", lang)
    if values.empty:
        subtitle = text("hpk_missing", lang)
    else:
        subtitle = f"{text('hpk_definition', lang)} · {_rate_summary(values, lang, 'targets')}"
    common = common | {"small_n_label": text("small_n_legend_targets", lang, n=common["small_n"])}
    return _slide("hpk", gdf, "value", hpk_classes(), title, subtitle, text("legend_hpk", lang), common,
                  gdf.drop(columns="geometry"))


def _lokus(con, places, period, lokus, top_n, small_n, lang, common) -> Slide:
    """The lokus slide: map (lokus outlined and named) and the table of lokus with the reason of each."""
    from pipelines.outputs import deck

    values = indicator_frame(con, catalogue.HEADLINE, period)
    gdf = _with(places, values)
    reasons: dict[str, str] = {}
    if lokus is not None:
        codes, note = list(lokus), text("lokus_given", lang, n=len(lokus))
    elif (saved := lokus_selection(con)) is not None:
        codes, name = saved
        note = text("lokus_saved", lang, name=name, n=len(codes))
        reasons = _saved_reasons(con, lang)
    else:
        eligible = values[values["denominator"] >= small_n].sort_values(["value", "kode"], ascending=[False, True])
        codes = eligible["kode"].head(top_n).tolist()
        note = text("lokus_top_n", lang, n=len(codes), small_n=small_n)
        reasons = {k: text("deck_reason_prevalence", lang, rank=i) for i, k in enumerate(codes, start=1)}
    table = gdf.drop(columns="geometry").assign(lokus=gdf["kode"].isin(codes))
    selection = table.rename(columns={"value": "prevalence_crude", "denominator": "children", "numerator": "stunted"})
    selection["selected"] = selection["lokus"]
    selection["rank"] = selection["prevalence_crude"].rank(ascending=False, method="first")
    why = pd.Series({i: reasons.get(k, "") for i, k in zip(selection.index, selection["kode"])})
    classes = who_classes(selection["prevalence_crude"])
    fig, entries = deck.lokus_slide(places[["kode", "nama", "geometry"]], selection, why,
                                    common["ctx"], note, classes, labels_for(classes, lang),
                                    figsize_px=common["figsize_px"], dpi=common["dpi"], small_n=small_n)
    return Slide("lokus", text("slide_lokus", lang), note, fig, entries, note, table)


def _saved_reasons(con, lang: str) -> dict[str, str]:
    """Reason per code of the newest saved selection: the planner's reason for a manual change, else the rank."""
    try:
        from pipelines.lokus.selections import latest_selection

        found = latest_selection(con)
    except Exception:  # noqa: BLE001 - unreadable store: the table shows no reasons
        return {}
    if found is None:
        return {}
    out = {}
    for _, r in found.items.iterrows():
        if r["how"] in ("added", "removed"):
            out[r["kode"]] = text("a1_reason_manual", lang, reason=r["reason"])
        elif r["selected"]:
            out[r["kode"]] = text("deck_reason_score", lang, rank=int(r["rank"]))
    return out


def _summary_points(con, period, previous, ctx, state, places) -> list[str]:
    """The closing sentences: rate with CI, change, highest kecamatan, lokus, main bottleneck."""
    from pipelines.outputs.document import wilson

    lang = ctx.lang
    points = []
    values = indicator_frame(con, catalogue.HEADLINE, period)
    k, n = float(values["numerator"].sum()), float(values["denominator"].sum())
    if n:
        lo, hi = wilson(k, n)
        points.append(text("deck_sum_rate", lang, period=ctx.period_text, rate=fmt.percent(k / n, 1, lang),
                           ci=f"{fmt.percent(lo, 1, lang)}–{fmt.percent(hi, 1, lang)}", k=fmt.number(k, 0, lang), n=fmt.number(n, 0, lang)))
        if previous:
            before = indicator_frame(con, catalogue.HEADLINE, previous)
            kb, nb = float(before["numerator"].sum()), float(before["denominator"].sum())
            if nb:
                points.append(text("deck_sum_change", lang, previous=fmt.period_words(previous, lang),
                                   change=fmt.points(k / n - kb / nb, 1, lang)))
        by_kec = values.merge(places[["kode", "kecamatan_nama"]], on="kode").groupby("kecamatan_nama")[
            ["numerator", "denominator"]].sum()
        by_kec = (by_kec["numerator"] / by_kec["denominator"]).sort_values(ascending=False).head(2)
        points.append(text("deck_sum_kecamatan", lang, names=", ".join(
            f"{name} ({fmt.percent(v, 1, lang)})" for name, v in by_kec.items())))
    lokus = state.get("lokus")
    if lokus is not None:
        chosen = lokus.table[lokus.table["lokus"]].sort_values("value", ascending=False)
        names = ", ".join(chosen["nama"].head(6)) + (" …" if len(chosen) > 6 else "")
        points.append(text("deck_sum_lokus", lang, n=len(chosen), names=names))
    bottleneck = con.execute(
        "SELECT service, sum(targets_blocked) FROM service_bottleneck WHERE level = 'kelurahan' AND period = ?"
        " GROUP BY 1 ORDER BY 2 DESC LIMIT 1", [period]).fetchall() if readmodel.table_exists(con, "service_bottleneck") else []
    if bottleneck:
        from pipelines.present.glossary import LABELS

        service = bottleneck[0][0]
        name = text(f"svc_short_{service}", lang) if f"svc_short_{service}" in LABELS else service
        points.append(text("deck_sum_bottleneck", lang, service=name))
    return points or [text("no_data", lang)]


def available_keys(con: duckdb.DuckDBPyConnection,
                   indicators: tuple[str, ...] | list[str] = DEFAULT_INDICATORS) -> tuple[str, ...]:
    """The deck (`deck_keys(indicators)`) plus the optional slides this database can show, before the summary
    (dua_angka: built with pipelines.reconcile)."""
    from pipelines.reconcile import report

    keys = deck_keys(indicators)
    if report.available(con) and report.periods(con):
        keys = keys[:-1] + ("dua_angka",) + keys[-1:]
    return keys


def _dua_angka(con, period, lang, common) -> Slide:
    """The e-PPGBM rate (measured, adjusted, model) beside the survey figure, and the gap decomposition
    (pipelines.outputs.dua_angka.chart_figure); the period falls back to the newest with dua-angka data."""
    from pipelines.outputs.dua_angka import assumption_rows, chart_figure
    from pipelines.reconcile import report

    periods = report.periods(con)
    if period not in periods and periods:
        period = periods[0]
    result = report.dua_angka(con, period)
    figure = chart_figure(result, lang, common["figsize_px"], common["dpi"], footer=common["source_line"])
    title = text("slide_dua_angka", lang)
    rows = assumption_rows(result, lang)
    subtitle = " · ".join(f"{label} {value} [{kind}]" for label, kind, value, _, _, _ in rows)
    note = text("dua_slide_no_survey", lang) if result.survey is None else ""
    table = pd.DataFrame(rows, columns=["label", "kind", "value", "ci", "assumption", "n"])
    return Slide("dua_angka", title, subtitle, figure, [], note, table)


# --- export ----------------------------------------------------------------------------------------

def slide_file_name(number: int, slide: Slide) -> str:
    """'01_prevalence.png'."""
    return f"{number:02d}_{slide.key}.png"


def export_pngs(slides: list[Slide], directory: str | Path) -> list[Path]:
    """Write each slide as `NN_<key>.png` (px = the figure size, 1920 x 1080 by default) into `directory`."""
    directory = Path(directory)
    return [save_png(s.figure, directory / slide_file_name(i, s)) for i, s in enumerate(slides, start=1)]


def export_pdf(slides: list[Slide], path: str | Path) -> Path:
    """All slides in one PDF, one page per slide (page size = figure size in inches, 19.2 x 10.8 in at 100 dpi)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path, metadata={"Title": "Peta Stunting", "Creator": "peta-stunting"}) as pdf:
        for slide in slides:
            pdf.savefig(slide.figure)
    return path


def pdf_bytes(slides: list[Slide]) -> bytes:
    """The same PDF as `export_pdf`, in memory."""
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": "Peta Stunting", "Creator": "peta-stunting"}) as pdf:
        for slide in slides:
            pdf.savefig(slide.figure)
    return buffer.getvalue()


def zip_pngs(slides: list[Slide], pngs: list[bytes] | None = None) -> bytes:
    """A ZIP (in memory) of the slide PNGs; `pngs` reuses already rendered bytes."""
    pngs = pngs or [png_bytes(s.figure) for s in slides]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PNGs are already compressed
        for number, (slide, data) in enumerate(zip(slides, pngs), start=1):
            archive.writestr(slide_file_name(number, slide), data)
    return buffer.getvalue()
