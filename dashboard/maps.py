"""Map layer builders: choropleth, outlines, labels, points and legends as pydeck layers.

No basemap is needed: decks use map_style=None and render offline (deck.gl ships inside Streamlit).
Every layer has an `id` so that map selections (`on_select`) name the layer an object came from.
Tooltips use deck.gl's `text` template: values are inserted as text, never parsed as HTML, so a kelurahan
named `<img src=x onerror=alert(1)>` is shown as those characters.
"""
from __future__ import annotations

import html
import math

import pandas as pd
import pydeck as pdk

from pipelines.present.classify import HIDDEN_COLOUR, NO_DATA_COLOUR, Classes

FILL_ALPHA = 255          # opaque fills: legend colours appear as they are on the canvas
KECAMATAN_LINE = [40, 40, 40, 255]
SMALL_N_LINE = [20, 20, 20, 255]
POSYANDU_FILL = [0, 109, 44, 200]      # dark green (ColorBrewer Greens 9)
BURDEN_FILL = [84, 39, 143, 150]       # purple (ColorBrewer Purples 9), translucent
SMALL_N_MARKER = [255, 255, 255, 255]


def hex_to_rgba(colour: str, alpha: int = FILL_ALPHA) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def fill_colours(classes: Classes, values: pd.Series, hidden: pd.Series | None = None) -> list[list[int]]:
    """RGBA fill per row: class colour, NO_DATA_COLOUR where missing, HIDDEN_COLOUR where `hidden`."""
    palette = [hex_to_rgba(c) for c in classes.colours]
    no_data, hidden_fill = hex_to_rgba(NO_DATA_COLOUR), hex_to_rgba(HIDDEN_COLOUR)
    fills = [palette[i] if i >= 0 else no_data for i in classes.index(values)]
    if hidden is not None:
        fills = [hidden_fill if h else f for f, h in zip(fills, hidden)]
    return fills


def features(geometries: dict[str, dict], frame: pd.DataFrame, fills: list[list[int]],
             properties: dict[str, pd.Series]) -> list[dict]:
    """GeoJSON features for the rows of `frame` that have a geometry (geometries are shared, not copied)."""
    rows = []
    columns = {name: series.tolist() for name, series in properties.items()}
    for number, kode in enumerate(frame["kode"].tolist()):
        geometry = geometries.get(kode)
        if geometry is None:
            continue
        props = {name: values[number] for name, values in columns.items()}
        props["kode"] = kode
        props["fill"] = fills[number]
        rows.append({"type": "Feature", "geometry": geometry, "properties": props})
    return rows


def choropleth_layer(feature_list: list[dict]) -> pdk.Layer:
    """Kelurahan polygons filled with `properties.fill`; pickable for tooltips and selection."""
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": feature_list},
        id="kelurahan",
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[110, 110, 110, 255],
        line_width_min_pixels=1,
        auto_highlight=True,
    )


def small_n_outline_layer(feature_list: list[dict]) -> pdk.Layer:
    """Dashed dark outline around kelurahan with few children (PathStyleExtension dashes)."""
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": feature_list},
        id="small_n_outline",
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=SMALL_N_LINE,
        line_width_min_pixels=2.5,
        extensions=[{"@@type": "PathStyleExtension", "dash": True}],
        get_dash_array=[4, 3],
        dash_justified=True,
    )


def small_n_marker_layer(points: pd.DataFrame) -> pdk.Layer:
    """A white ring with a dark edge at the centroid of each small-n kelurahan."""
    return pdk.Layer(
        "ScatterplotLayer",
        points[["centroid_lon", "centroid_lat"]].to_dict("records"),
        id="small_n_marker",
        get_position=["centroid_lon", "centroid_lat"],
        get_radius=1,
        radius_min_pixels=6,
        radius_max_pixels=6,
        stroked=True,
        filled=True,
        get_fill_color=SMALL_N_MARKER,
        get_line_color=SMALL_N_LINE,
        line_width_min_pixels=2,
        pickable=False,
    )


def kecamatan_outline_layer(shapes: pd.DataFrame, geometries: list[dict]) -> pdk.Layer:
    feature_list = [
        {"type": "Feature", "geometry": geometry, "properties": {"kode": kode}}
        for kode, geometry in zip(shapes["kode"], geometries) if geometry is not None
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": feature_list},
        id="kecamatan_outline",
        stroked=True,
        filled=False,
        get_line_color=KECAMATAN_LINE,
        line_width_min_pixels=3,
        pickable=False,
    )


def text_layer(points: pd.DataFrame, lon: str, lat: str, text: str, layer_id: str, size: int = 12,
               colour: tuple[int, int, int, int] = (20, 20, 20, 255)) -> pdk.Layer:
    """Names at points (kecamatan names, kelurahan labels) with a white halo for legibility."""
    records = [
        {"lon": float(a), "lat": float(b), "text": str(c)}
        for a, b, c in zip(points[lon], points[lat], points[text]) if a == a and b == b
    ]
    return pdk.Layer(
        "TextLayer",
        records,
        id=layer_id,
        get_position=["lon", "lat"],
        get_text="text",
        get_size=size,
        get_color=list(colour),
        outline_width=3,
        outline_color=[255, 255, 255, 255],
        font_settings={"sdf": True},
        get_text_anchor="'middle'",
        get_alignment_baseline="'center'",
        pickable=False,
    )


def proportional_radius(counts: pd.Series, max_radius_m: float) -> pd.Series:
    """Circle radius in metres with area proportional to the count (largest count -> max_radius_m)."""
    counts = pd.to_numeric(counts, errors="coerce").fillna(0).clip(lower=0)
    top = float(counts.max()) if len(counts) else 0.0
    if top <= 0:
        return counts * 0.0
    return (counts / top).pow(0.5) * max_radius_m


def circle_layer(points: pd.DataFrame, lon: str, lat: str, radius: pd.Series, layer_id: str,
                 fill: list[int], tooltip: dict[str, pd.Series] | None = None) -> pdk.Layer:
    """Proportional circles (posyandu sized by children measured; burden = stunted children)."""
    records = []
    extra = {name: series.tolist() for name, series in (tooltip or {}).items()}
    for number, (a, b, r) in enumerate(zip(points[lon], points[lat], radius)):
        if a != a or b != b or r <= 0:
            continue
        row = {"lon": float(a), "lat": float(b), "radius": float(r)}
        row.update({name: values[number] for name, values in extra.items()})
        records.append(row)
    return pdk.Layer(
        "ScatterplotLayer",
        records,
        id=layer_id,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_min_pixels=2,
        stroked=True,
        filled=True,
        get_fill_color=fill,
        get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=1,
        pickable=bool(tooltip),
    )


MAP_WIDTH_PX = 760  # a map's usual width beside its legend on a laptop screen (px); its height is set per page


def view_for(bounds: tuple[float, float, float, float], height_px: int = 560,
             width_px: int = MAP_WIDTH_PX, fill: float = 0.85) -> pdk.ViewState:
    """A view centred on (min lon, min lat, max lon, max lat) (degrees) whose zoom makes the box fill `fill` of a
    `width_px` x `height_px` map (web Mercator: at zoom z the world is 512 * 2**z px wide)."""
    min_lon, min_lat, max_lon, max_lat = bounds

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))

    lon_span = max(max_lon - min_lon, 1e-4)
    y_span = max(mercator_y(max_lat) - mercator_y(min_lat), 1e-6)
    zoom_x = math.log2(width_px * fill * 360.0 / (512.0 * lon_span))
    zoom_y = math.log2(height_px * fill * 2 * math.pi / (512.0 * y_span))
    zoom = max(1.0, min(15.0, zoom_x, zoom_y))
    centre_y = (mercator_y(max_lat) + mercator_y(min_lat)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return pdk.ViewState(longitude=(min_lon + max_lon) / 2, latitude=centre_lat, zoom=round(zoom, 2))


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip_text: str | None = None,
         basemap: str | None = None) -> pdk.Deck:
    """A deck with no basemap by default: renders with no internet and asks nothing from any other host.

    With `map_provider=None` pydeck writes its `__MAP_STYLE__` placeholder, which Streamlit reads as "no basemap".
    (`map_style=None` is not enough: Streamlit then fills in a CARTO basemap fetched from basemaps.cartocdn.com.)
    `basemap` ("light", "road", "dark") asks for a CARTO basemap, which needs internet.
    """
    tooltip = {"text": tooltip_text, "style": {"fontSize": "13px", "whiteSpace": "pre-line"}} if tooltip_text else False
    if basemap:
        return pdk.Deck(layers=layers, initial_view_state=view, map_provider="carto", map_style=basemap, tooltip=tooltip)
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, tooltip=tooltip)


def swatch(colour: str, shape: str = "square", border: str = "#666") -> str:
    radius = "50%" if shape == "circle" else "0"
    return (f'<span style="display:inline-block;width:14px;height:14px;background:{colour};border-radius:{radius};'
            f'border:1px solid {border};margin-right:6px;vertical-align:middle"></span>')


def legend_html(title: str, rows: list[tuple[str, str, int | None]], extra: list[tuple[str, str]] = ()) -> str:
    """Legend: `rows` are (colour, label, count) per class; `extra` are (swatch html, explanation).

    Labels and titles are escaped here; pass plain text.
    """
    lines = [f"<b>{html.escape(title)}</b>"]
    for colour, label, count in rows:
        suffix = "" if count is None else f" ({count})"
        lines.append(f'<div class="legend-row">{swatch(colour)}{html.escape(label)}{suffix}</div>')
    for mark, explanation in extra:
        lines.append(f'<div class="legend-row">{mark}{html.escape(explanation)}</div>')
    return '<div class="peta-legend" style="line-height:1.7">' + "".join(lines) + "</div>"
