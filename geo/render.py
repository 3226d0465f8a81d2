"""Static map rendering with matplotlib + geopandas: slides and printed maps, no browser, no basemap.

A rendered map is a `matplotlib.figure.Figure` of exactly `figsize_px` pixels (default 1920 x 1080 px)
at `dpi` dots per inch: the figure is `figsize_px / dpi` inches. Every text size and line width is set
as a fraction of the figure height in pixels, so the layout is the same at any dpi or size; only the
sharpness changes. Geometries are drawn in longitude/latitude (EPSG:4326) with the axes aspect set to
1 / cos(latitude), so that a kilometre east and a kilometre north have the same length on the map.

The figure carries: a large title, a subtitle, the kabupaten name and period (top right), a legend with
class bounds and the number of kelurahan per class, a scale bar in km (computed for the map's
latitude), a north arrow, and a data source and date line. Kelurahan whose rate rests on fewer than
`small_n` children are hatched.

matplotlib-scalebar is not a dependency: the scale bar is a few lines here (`scale_bar_km`) and is
unit-tested against pyproj's geodesic distances.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrow, Rectangle

from pipelines.settings import Settings

# WGS84 ellipsoid
_A_KM = 6378.137                    # semi-major axis, km
_E2 = 0.00669437999014              # first eccentricity squared

NO_DATA_COLOUR = "#d9d9d9"
EDGE_COLOUR = "#606060"
HIGHLIGHT_COLOUR = "#08306b"        # dark blue: visible on every YlOrRd class
SYMBOL_COLOUR = "#bd0026"
TEXT_COLOUR = "#202020"
MUTED_COLOUR = "#505050"
HATCH = "////"


class ClassScheme(Protocol):
    """Anything with class `breaks` (inner bounds, len k-1) and `colours` (k hex), optionally `labels`
    (k texts) and an `index(values)` method: the project's one class type is `pipelines.present.classify.Classes`
    (its labels come from `classify.class_labels` and are passed apart as `class_labels`)."""

    breaks: Sequence[float]
    colours: Sequence[str]


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a swatch (`colour`, optional `hatch`), its text and how many kelurahan it covers."""

    label: str
    colour: str
    count: int
    hatch: str | None = None
    outline: str | None = None


@dataclass(frozen=True)
class SymbolLegend:
    """Reference circles of a proportional-symbol layer: values (children) and their diameters (fraction of
    the figure height)."""

    title: str
    values: tuple[int, ...]
    diameters: tuple[float, ...]


# --- geometry helpers ----------------------------------------------------------------------------

def km_per_degree_lon(lat: float) -> float:
    """Length in km of one degree of longitude along the parallel at latitude `lat` (degrees), WGS84."""
    phi = math.radians(lat)
    return math.pi / 180.0 * _A_KM * math.cos(phi) / math.sqrt(1.0 - _E2 * math.sin(phi) ** 2)


def nice_length(max_km: float) -> float:
    """The largest 1, 2 or 5 x 10^k km not longer than `max_km` (km)."""
    if max_km <= 0:
        raise ValueError("max_km must be positive")
    exponent = math.floor(math.log10(max_km))
    for step in (5, 2, 1):
        length = step * 10.0**exponent
        if length <= max_km * (1 + 1e-9):
            return length
    return 10.0**exponent  # pragma: no cover - 1 x 10^k always fits


def scale_bar_km(width_deg: float, lat: float, fraction: float = 0.25) -> tuple[float, float]:
    """A scale bar for a map `width_deg` degrees of longitude wide at latitude `lat` (degrees).

    Returns (length in km, length in degrees of longitude): a round length (1/2/5 x 10^k km) no longer
    than `fraction` of the map width.
    """
    km_per_deg = km_per_degree_lon(lat)
    length_km = nice_length(width_deg * km_per_deg * fraction)
    return length_km, length_km / km_per_deg


def class_index(values: pd.Series, classes: ClassScheme | Sequence[float]) -> pd.Series:
    """Class (0..k-1) of each value, -1 where missing.

    A scheme with an `index(values)` method (`pipelines.present.classify.Classes`) decides itself (it knows whether
    its bounds are closed left or right); otherwise a value v is in class #{b in breaks: v >= b}.
    """
    if hasattr(classes, "index") and callable(classes.index) and hasattr(classes, "breaks"):
        return classes.index(values)
    breaks = classes.breaks if hasattr(classes, "breaks") else classes
    values = pd.to_numeric(values, errors="coerce")
    index = pd.Series(-1, index=values.index, dtype="int64")
    present = values.notna()
    index[present] = sum((values[present] >= b).astype("int64") for b in breaks) if len(breaks) else 0
    return index


def legend_entries(
    gdf: pd.DataFrame,
    column: str,
    classes: ClassScheme,
    *,
    labels: Sequence[str] | None = None,
    no_data_label: str,
    n_column: str | None = None,
    small_n: int = Settings.small_n,
    small_n_label: str = "",
) -> list[LegendEntry]:
    """Legend rows of a choropleth: one per class with its count of kelurahan, then 'no data' and the
    small-number hatch (when any kelurahan has them). Counts are kelurahan (rows of `gdf`)."""
    index = class_index(gdf[column], classes)
    labels = labels if labels is not None else getattr(classes, "labels", None) or [""] * len(classes.colours)
    rows = [LegendEntry(label, colour, int((index == i).sum())) for i, (label, colour) in
            enumerate(zip(labels, classes.colours))]
    missing = int((index < 0).sum())
    if missing:
        rows.append(LegendEntry(no_data_label, NO_DATA_COLOUR, missing))
    small = small_mask(gdf, column, n_column, small_n)
    if small.any():
        rows.append(LegendEntry(small_n_label, "white", int(small.sum()), hatch=HATCH))
    return rows


def small_mask(gdf: pd.DataFrame, column: str, n_column: str | None, small_n: int) -> pd.Series:
    """True where a value exists but rests on fewer than `small_n` children (`n_column`)."""
    if not n_column or n_column not in gdf:
        return pd.Series(False, index=gdf.index)
    n = pd.to_numeric(gdf[n_column], errors="coerce")
    return gdf[column].notna() & n.notna() & (n < small_n)


# --- drawing -------------------------------------------------------------------------------------

class FigureScale:
    """Converts sizes given as a fraction of the figure height into points (fonts) for one figure."""

    def __init__(self, height_px: int, dpi: float):
        self.height_px = height_px
        self.dpi = dpi

    def pt(self, fraction: float) -> float:
        """`fraction` of the figure height, in points (1 pt = dpi/72 px)."""
        return fraction * self.height_px * 72.0 / self.dpi


def _to_lonlat(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is not None and not gdf.crs.is_geographic:
        return gdf.to_crs(4326)
    return gdf


def draw_map(
    ax,
    gdf: gpd.GeoDataFrame,
    column: str | None,
    classes: ClassScheme | None,
    scale: FigureScale,
    *,
    class_labels: Sequence[str] | None = None,
    highlight: Iterable[str] | None = None,
    highlight_label: str = "",
    label_column: str | None = "nama",
    key_column: str = "kode",
    n_column: str | None = "denominator",
    small_n: int = Settings.small_n,
    small_n_label: str | None = None,
    hatch: pd.Series | None = None,
    no_data_label: str = "Tidak ada data",
    symbols: str | None = None,
    symbol_legend_title: str = "",
    north_label: str = "U",
) -> tuple[list[LegendEntry], SymbolLegend | None]:
    """Draw the kelurahan of `gdf` (EPSG:4326) into `ax` with scale bar and north arrow; see `render_map`.

    `hatch` (bool per row) overrides which kelurahan are hatched (default: value present on < `small_n`
    children of `n_column`); the summary PDF uses it for suppressed rates. Returns the legend rows and the
    proportional-symbol legend (None without symbols).
    """
    gdf = _to_lonlat(gdf)
    if small_n_label is None:
        small_n_label = f"n < {small_n}"
    ax.set_axis_off()
    ax.set_axis_off()
    mid_lat = float(np.mean(gdf.total_bounds[[1, 3]])) if len(gdf) else 0.0
    ax.set_aspect(1.0 / math.cos(math.radians(mid_lat)), adjustable="box", anchor="C")

    entries: list[LegendEntry] = []
    edge_width = scale.pt(0.0012)
    if column is not None and classes is not None and len(gdf):
        index = class_index(gdf[column], classes)
        colours = [classes.colours[i] if i >= 0 else NO_DATA_COLOUR for i in index]
        gdf.plot(ax=ax, color=colours, edgecolor="white", linewidth=edge_width * 1.5)
        gdf.plot(ax=ax, facecolor="none", edgecolor=EDGE_COLOUR, linewidth=edge_width)
        small = small_mask(gdf, column, n_column, small_n) if hatch is None else hatch.reindex(gdf.index).fillna(False)
        if small.any():
            gdf[small.to_numpy()].plot(ax=ax, facecolor="none", edgecolor="#303030", hatch=HATCH, linewidth=0)
        entries = legend_entries(gdf, column, classes, labels=class_labels, no_data_label=no_data_label,
                                 n_column=n_column if hatch is None else None, small_n=small_n, small_n_label=small_n_label)
        if hatch is not None and small.any():
            entries.append(LegendEntry(small_n_label, "white", int(small.sum()), hatch=HATCH))
    elif len(gdf):
        gdf.plot(ax=ax, color="#f0f0f0", edgecolor=EDGE_COLOUR, linewidth=edge_width)

    symbol_legend = None
    if symbols is not None and len(gdf):
        symbol_legend = _draw_symbols(ax, gdf, symbols, symbol_legend_title, scale)

    highlighted = 0
    if highlight is not None:
        keys = set(highlight)
        chosen = gdf[gdf[key_column].isin(keys)]
        highlighted = len(chosen)
        if highlighted:
            chosen.plot(ax=ax, facecolor="none", edgecolor="white", linewidth=scale.pt(0.0075))
            chosen.plot(ax=ax, facecolor="none", edgecolor=HIGHLIGHT_COLOUR, linewidth=scale.pt(0.0042))
            if label_column and label_column in chosen:
                halo = [patheffects.withStroke(linewidth=scale.pt(0.005), foreground="white")]
                for point, name in zip(chosen.geometry.representative_point(), chosen[label_column]):
                    ax.annotate(str(name), (point.x, point.y), ha="center", va="center", fontsize=scale.pt(0.016),
                                color=HIGHLIGHT_COLOUR, fontweight="bold", path_effects=halo)
        entries.append(LegendEntry(highlight_label, "none", highlighted, outline=HIGHLIGHT_COLOUR))

    if len(gdf):
        minx, miny, maxx, maxy = gdf.total_bounds
        span_x, span_y = (maxx - minx) or 0.01, (maxy - miny) or 0.01
        # room for the scale bar below the map and the north arrow to its right
        ax.set_xlim(minx - span_x * 0.02, maxx + span_x * 0.09)
        ax.set_ylim(miny - span_y * 0.11, maxy + span_y * 0.02)
        ax.apply_aspect()
        _draw_scale_bar(ax, mid_lat, scale)
    _draw_north_arrow(ax, north_label, scale)

    return entries, symbol_legend


def render_map(
    gdf: gpd.GeoDataFrame,
    column: str | None,
    classes: ClassScheme | None,
    title: str,
    subtitle: str = "",
    source_line: str = "",
    legend_title: str = "",
    *,
    class_labels: Sequence[str] | None = None,
    highlight: Iterable[str] | None = None,
    highlight_label: str = "",
    label_column: str | None = "nama",
    key_column: str = "kode",
    n_column: str | None = "denominator",
    small_n: int = Settings.small_n,
    small_n_label: str | None = None,
    no_data_label: str = "Tidak ada data",
    symbols: str | None = None,
    symbol_legend_title: str = "",
    corner_text: str = "",
    note: str = "",
    north_label: str = "U",
    figsize_px: tuple[int, int] = (1920, 1080),
    dpi: float = 100,
) -> Figure:
    """A map of `gdf` (kelurahan polygons, EPSG:4326 or any CRS) as a `figsize_px` (px) figure at `dpi`.

    - `column` / `classes`: choropleth of that column with the class scheme (None: plain grey polygons);
      `class_labels` names the classes (default `classes.labels`), bounds included.
    - `highlight`: `key_column` values (kode) outlined in dark blue and labelled with `label_column`.
    - `symbols`: a column of counts (children) drawn as circles at each kelurahan's representative point,
      circle area proportional to the count.
    - `n_column` / `small_n`: kelurahan whose rate rests on fewer than `small_n` children are hatched.
    - `corner_text`: the kabupaten name and period, top right; `source_line`: bottom line (source, date);
      `note`: a line under the legend (e.g. how the lokus were chosen).
    The legend lists each class with its bounds (in its label) and its number of kelurahan.
    """
    width_px, height_px = figsize_px
    scale = FigureScale(height_px, dpi)
    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")
    gdf = _to_lonlat(gdf)

    fig.text(0.025, 0.955, title, fontsize=scale.pt(0.052), fontweight="bold", color=TEXT_COLOUR, va="top", ha="left")
    if subtitle:
        fig.text(0.025, 0.875, subtitle, fontsize=scale.pt(0.026), color=MUTED_COLOUR, va="top", ha="left")
    if corner_text:
        fig.text(0.975, 0.955, corner_text, fontsize=scale.pt(0.030), color=TEXT_COLOUR, va="top", ha="right",
                 fontweight="bold", linespacing=1.3)
    if source_line:
        fig.text(0.025, 0.025, source_line, fontsize=scale.pt(0.017), color=MUTED_COLOUR, va="bottom", ha="left")

    ax = fig.add_axes((0.02, 0.075, 0.64, 0.76))
    entries, symbol_legend = draw_map(
        ax, gdf, column, classes, scale, class_labels=class_labels, highlight=highlight,
        highlight_label=highlight_label, label_column=label_column, key_column=key_column, n_column=n_column,
        small_n=small_n, small_n_label=small_n_label, no_data_label=no_data_label, symbols=symbols,
        symbol_legend_title=symbol_legend_title, north_label=north_label,
    )

    legend_ax = fig.add_axes((0.685, 0.075, 0.295, 0.76))
    legend_ax.set_axis_off()
    legend_ax.set_xlim(0, 1)
    legend_ax.set_ylim(0, 1)
    _draw_legend(legend_ax, legend_title, entries, symbol_legend, note, scale, fig)
    fig.legend_entries = entries            # what the legend shows, for tests and captions
    fig.symbol_legend = symbol_legend
    return fig


def _draw_symbols(ax, gdf: gpd.GeoDataFrame, column: str, title: str, scale: FigureScale) -> SymbolLegend:
    """Circles with area proportional to `column` (children); the largest is 7 % of the figure height."""
    values = pd.to_numeric(gdf[column], errors="coerce").fillna(0).to_numpy(dtype=float)
    vmax = float(values.max()) if len(values) else 0.0
    max_d = 0.07
    if vmax <= 0:
        return SymbolLegend(title, (), ())
    points = gdf.geometry.representative_point()
    diam_pt = np.array([scale.pt(max_d * math.sqrt(v / vmax)) for v in values])
    order = np.argsort(-values)                        # big circles first, small ones on top
    shown = values[order] > 0
    ax.scatter(points.x.to_numpy()[order][shown], points.y.to_numpy()[order][shown], s=diam_pt[order][shown] ** 2,
               color=SYMBOL_COLOUR, alpha=0.75, edgecolors="white", linewidths=scale.pt(0.0012), zorder=5)
    refs: list[int] = []
    for share in (1.0, 1 / 3, 1 / 10):               # round reference values near the max, a third, a tenth
        if vmax * share >= 1:
            ref = int(nice_length(vmax * share))
            if ref not in refs:
                refs.append(ref)
    return SymbolLegend(title, tuple(refs), tuple(max_d * math.sqrt(r / vmax) for r in refs))


def _draw_scale_bar(ax, lat: float, scale: FigureScale) -> None:
    """Two-segment black/white bar in the lower left of the map, length from `scale_bar_km`."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length_km, length_deg = scale_bar_km(x1 - x0, lat)
    left = x0 + (x1 - x0) * 0.03
    bottom = y0 + (y1 - y0) * 0.035
    height = (y1 - y0) * 0.012
    for i, colour in enumerate(("black", "white")):
        ax.add_patch(Rectangle((left + i * length_deg / 2, bottom), length_deg / 2, height, facecolor=colour,
                               edgecolor="black", linewidth=scale.pt(0.001), zorder=10))
    text = f"{length_km:g} km".replace(".", ",")
    for x, label in ((left, "0"), (left + length_deg, text)):
        ax.text(x, bottom + height * 1.8, label, ha="center", va="bottom", fontsize=scale.pt(0.016), zorder=10,
                color=TEXT_COLOUR)


def _draw_north_arrow(ax, label: str, scale: FigureScale) -> None:
    """An upward arrow with `label` (U = utara) in the upper right corner of the map axes."""
    ax.add_patch(FancyArrow(0.955, 0.86, 0, 0.085, width=0.012, head_width=0.035, head_length=0.04,
                            length_includes_head=True, transform=ax.transAxes, color=TEXT_COLOUR, zorder=10))
    ax.text(0.955, 0.845, label, transform=ax.transAxes, ha="center", va="top", fontsize=scale.pt(0.022),
            fontweight="bold", color=TEXT_COLOUR, zorder=10)


def _draw_legend(ax, title: str, entries: list[LegendEntry], symbols: SymbolLegend | None, note: str,
                 scale: FigureScale, fig: Figure) -> None:
    """Legend rows top-down in axes fraction units (the legend axes is 76 % of the figure height)."""
    ax_height = 0.76                 # legend axes height as a fraction of the figure height
    row = 0.052 / ax_height          # one row: 5.2 % of the figure height
    y = 1.0
    if title:
        ax.text(0, y, title, fontsize=scale.pt(0.026), fontweight="bold", va="top", ha="left", color=TEXT_COLOUR,
                wrap=True)
        y -= row * 1.3
    box_h = 0.032 / ax_height
    aspect = fig.get_figheight() * ax_height / (fig.get_figwidth() * 0.295)
    box_w = box_h * aspect * 1.6
    for entry in entries:
        if entry.outline:
            patch = Rectangle((0, y - box_h), box_w, box_h, facecolor="white", edgecolor=entry.outline,
                              linewidth=scale.pt(0.004))
        else:
            patch = Rectangle((0, y - box_h), box_w, box_h, facecolor=entry.colour, edgecolor=EDGE_COLOUR,
                              hatch=entry.hatch, linewidth=scale.pt(0.001))
        ax.add_patch(patch)
        ax.text(box_w + 0.04, y - box_h / 2, f"{entry.label}  ({entry.count})", fontsize=scale.pt(0.020),
                va="center", ha="left", color=TEXT_COLOUR)
        y -= row
    if symbols is not None and symbols.values:
        y -= row * 0.3
        ax.text(0, y, symbols.title, fontsize=scale.pt(0.022), fontweight="bold", va="top", ha="left",
                color=TEXT_COLOUR)
        y -= row * 0.8
        max_d = symbols.diameters[0] / ax_height                  # largest circle, legend axes units (y)
        x = 0.0
        for value, diameter in zip(symbols.values, symbols.diameters):
            d_y = diameter / ax_height
            d_x = d_y * aspect
            ax.scatter([x + d_x / 2], [y - max_d + d_y / 2], s=scale.pt(diameter) ** 2, color=SYMBOL_COLOUR,
                       alpha=0.75, edgecolors="white", linewidths=scale.pt(0.0012), clip_on=False)
            ax.text(x + d_x / 2, y - max_d - 0.01, f"{value:,}".replace(",", "."), va="top", ha="center",
                    fontsize=scale.pt(0.018), color=TEXT_COLOUR)
            x += max(d_x, 0.12) + 0.05
        y -= max_d + row * 0.9
    if note:
        ax.text(0, max(y - row * 0.3, 0.0), note, fontsize=scale.pt(0.017), va="top", ha="left", color=MUTED_COLOUR,
                wrap=True, style="italic")


def save_png(fig: Figure, path: str | Path) -> Path:
    """Write `fig` as a PNG of exactly its pixel size (figure inches x dpi); no tight cropping."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=fig.dpi, facecolor=fig.get_facecolor())
    return path


def png_bytes(fig: Figure) -> bytes:
    """The PNG of `fig` in memory (same pixels as `save_png`)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, facecolor=fig.get_facecolor())
    return buffer.getvalue()


# --- additions for the documents (pipelines/outputs): names that do not collide, map furniture -------------

def place_labels(ax, gdf: gpd.GeoDataFrame, label_column: str = "nama", priority_column: str | None = None, *,
                 fontsize: float = 8.0, colour: str = TEXT_COLOUR, halo: float = 2.0, bold: bool = False,
                 max_labels: int | None = None) -> list[str]:
    """Write the names of `gdf`'s places at their representative points, highest `priority_column` first
    (e.g. stunted children), skipping every name whose box would overlap one already written or leave the
    axes. Returns the names written. The axes' limits and aspect must be final (call after the map is drawn).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.figure
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    frame = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty].copy()
    if priority_column and priority_column in frame:
        frame = frame.assign(_p=pd.to_numeric(frame[priority_column], errors="coerce").fillna(-1))
        frame = frame.sort_values(["_p", label_column], ascending=[False, True])
    axes_box = ax.get_window_extent(renderer)
    effects = [patheffects.withStroke(linewidth=halo, foreground="white")]
    placed: list = []
    written: list[str] = []
    for point, name in zip(frame.geometry.representative_point(), frame[label_column]):
        if max_labels is not None and len(written) >= max_labels:
            break
        label = ax.text(point.x, point.y, str(name), ha="center", va="center", fontsize=fontsize, color=colour,
                        fontweight="bold" if bold else "normal", path_effects=effects, zorder=12, clip_on=True)
        box = label.get_window_extent(renderer).expanded(1.08, 1.15)
        inside = (box.x0 >= axes_box.x0 and box.x1 <= axes_box.x1 and box.y0 >= axes_box.y0 and box.y1 <= axes_box.y1)
        if not inside or any(box.overlaps(other) for other in placed):
            label.remove()
            continue
        placed.append(box)
        written.append(str(name))
    return written


def map_furniture(ax, gdf: gpd.GeoDataFrame, scale: FigureScale, north_label: str = "U") -> None:
    """Limits with room for the scale bar, the scale bar (km) and the north arrow, as `draw_map` adds them."""
    gdf = _to_lonlat(gdf)
    if not len(gdf):
        return
    minx, miny, maxx, maxy = gdf.total_bounds
    mid_lat = float((miny + maxy) / 2)
    ax.set_aspect(1.0 / math.cos(math.radians(mid_lat)), adjustable="box", anchor="C")
    span_x, span_y = (maxx - minx) or 0.01, (maxy - miny) or 0.01
    ax.set_xlim(minx - span_x * 0.02, maxx + span_x * 0.09)
    ax.set_ylim(miny - span_y * 0.11, maxy + span_y * 0.02)
    ax.apply_aspect()
    _draw_scale_bar(ax, mid_lat, scale)
    _draw_north_arrow(ax, north_label, scale)
