"""Map layer builders: choropleth, outlines, labels, points and legends as pydeck layers.

No basemap is needed: decks use map_style=None and render offline (deck.gl ships inside Streamlit).
Every layer has an `id` so that map selections (`on_select`) name the layer an object came from.
Tooltips use deck.gl's `text` template: values are inserted as text, never parsed as HTML, so a kelurahan
named `<img src=x onerror=alert(1)>` is shown as those characters.
"""
from __future__ import annotations

import html
import json
import math

import numpy as np

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


MAP_WIDTH_PX = 720  # the narrowest a map is drawn on a laptop screen beside its legend (px); its height is set per page
MAP_FILL = 0.92     # share of the map's width or height the places fill: a margin of 4 % on each side


def geometry_bounds(geometry: dict | None) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of a GeoJSON geometry (degrees); None when it has no coordinates."""
    if not geometry:
        return None
    if geometry.get("type") == "GeometryCollection":
        parts = [geometry_bounds(g) for g in geometry.get("geometries", [])]
        return union_bounds(p for p in parts if p)
    coordinates = np.asarray(_flatten(geometry.get("coordinates", [])), dtype=float)
    if coordinates.size == 0:
        return None
    coordinates = coordinates.reshape(-1, 2)
    low, high = coordinates.min(axis=0), coordinates.max(axis=0)
    return float(low[0]), float(low[1]), float(high[0]), float(high[1])


def _flatten(nested) -> list[float]:
    """Coordinates of any GeoJSON nesting as one flat list of numbers."""
    if not nested:
        return []
    if isinstance(nested[0], (int, float)):
        return list(nested[:2])
    flat: list[float] = []
    for item in nested:
        flat.extend(_flatten(item))
    return flat


def union_bounds(boxes) -> tuple[float, float, float, float] | None:
    """The box around all `boxes` ((min lon, min lat, max lon, max lat) each); None when there are none."""
    boxes = [b for b in boxes if b is not None and all(v == v for v in b)]
    if not boxes:
        return None
    array = np.asarray(boxes, dtype=float)
    return (float(array[:, 0].min()), float(array[:, 1].min()), float(array[:, 2].max()), float(array[:, 3].max()))


def outline_bounds(geometries: dict[str, dict], codes) -> tuple[float, float, float, float] | None:
    """Union of the outlines' bounds of `codes` (kode -> GeoJSON geometry): the extent a map must show so that
    no polygon is cut (centroids are not enough: a long coastal place reaches far beyond them)."""
    return union_bounds(geometry_bounds(geometries.get(kode)) for kode in codes)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))


def view_for(bounds: tuple[float, float, float, float], height_px: int = 560,
             width_px: int = MAP_WIDTH_PX, fill: float = MAP_FILL) -> pdk.ViewState:
    """A view centred on (min lon, min lat, max lon, max lat) (degrees) whose zoom makes the box fill `fill` of a
    `width_px` x `height_px` map (web Mercator: at zoom z the world is 512 * 2**z px wide)."""
    min_lon, min_lat, max_lon, max_lat = bounds
    lon_span = max(max_lon - min_lon, 1e-4)
    y_span = max(_mercator_y(max_lat) - _mercator_y(min_lat), 1e-6)
    zoom_x = math.log2(width_px * fill * 360.0 / (512.0 * lon_span))
    zoom_y = math.log2(height_px * fill * 2 * math.pi / (512.0 * y_span))
    # rounded down (to 0.01), so that rounding never makes the places larger than the map
    zoom = max(1.0, min(15.0, math.floor(min(zoom_x, zoom_y) * 100) / 100))
    centre_y = (_mercator_y(max_lat) + _mercator_y(min_lat)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return pdk.ViewState(longitude=(min_lon + max_lon) / 2, latitude=centre_lat, zoom=zoom)


def project(lon: np.ndarray, lat: np.ndarray, view: pdk.ViewState, width_px: int, height_px: int) -> tuple[np.ndarray, np.ndarray]:
    """Screen position (px from the map's top left) of lon/lat points in `view` on a `width_px` x `height_px` map."""
    scale = 512.0 * 2 ** float(view.zoom)
    x = (np.asarray(lon, dtype=float) - float(view.longitude)) / 360.0 * scale + width_px / 2
    centre = _mercator_y(float(view.latitude))
    lat = np.clip(np.asarray(lat, dtype=float), -85.0, 85.0)
    y_merc = np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))
    y = height_px / 2 - (y_merc - centre) / (2 * np.pi) * scale
    return x, y


# --- labels ------------------------------------------------------------------------------------------------

LABEL_FONT = "Source Sans, Source Sans Pro, Noto Sans, DejaVu Sans, Arial, sans-serif"
CHAR_WIDTH = 0.56   # average advance of a proportional sans-serif character, as a share of the font size
LABEL_PAD_PX = 3    # space kept around each label (px); the halo is drawn inside it


def label_box(x: float, y: float, text: str, size: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) px of a label centred on (x, y) in a `size` px font, halo included."""
    half_w = len(text) * size * CHAR_WIDTH / 2 + LABEL_PAD_PX
    half_h = size * 0.62 + LABEL_PAD_PX
    return x - half_w, y - half_h, x + half_w, y + half_h


def fit_labels(candidates: list[dict], view: pdk.ViewState, width_px: int, height_px: int,
               taken: list[tuple[float, float, float, float]] | None = None, inside: bool = True) -> list[dict]:
    """The labels that fit: `candidates` (dicts with lon, lat, text, size, priority) are placed by priority
    (highest first); one that would overlap a placed one, or leave the map (unless `inside` is False: a zoomed
    map can be panned anywhere), is dropped (its name stays in the tooltip). `taken` boxes (e.g. larger kecamatan
    names placed before) are avoided too. Each kept label gets its screen `box` (px)."""
    placed = list(taken or [])
    kept = []
    order = sorted(range(len(candidates)), key=lambda i: (-candidates[i].get("priority", 0), i))
    if not order:
        return kept
    lon = np.array([candidates[i]["lon"] for i in order], dtype=float)
    lat = np.array([candidates[i]["lat"] for i in order], dtype=float)
    xs, ys = project(lon, lat, view, width_px, height_px)
    for i, x, y in zip(order, xs, ys):
        label = candidates[i]
        box = label_box(float(x), float(y), str(label["text"]), float(label["size"]))
        if inside and (box[0] < 0 or box[1] < 0 or box[2] > width_px or box[3] > height_px):
            continue
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        kept.append({**label, "box": box})
    return kept


ZOOM_BANDS = 4      # zoom steps beyond the opening view that get names of their own (mouse-wheel zoom)


def label_boxes(labels: list[dict], view: pdk.ViewState, width_px: int, height_px: int) -> list[tuple]:
    """Screen boxes (px) of placed `labels` (lon, lat, text, size) in `view`."""
    if not labels:
        return []
    xs, ys = project([label["lon"] for label in labels], [label["lat"] for label in labels], view, width_px, height_px)
    return [label_box(float(x), float(y), str(label["text"]), float(label["size"])) for label, x, y in zip(labels, xs, ys)]


def zoom_bands(groups: list[list[dict]], view: pdk.ViewState, width_px: int, height_px: int,
               bands: int = ZOOM_BANDS) -> list[list[list[dict]]]:
    """Names for the opening view and for each zoom step in: `groups` are candidate lists placed in order (kecamatan
    names before desa names), each by priority. Band 0 is what fits the opening view (`fit_labels`, inside the map);
    band k (1..`bands`) holds the names ADDED at zoom view.zoom + k: every name of bands 0..k-1 stays (zooming in
    only moves names apart) and the new ones avoid them, anywhere on the plane (the user may pan). Returns
    result[band][group] = labels with their `box` at that band's zoom; bands 0..k together never overlap from
    zoom view.zoom + k on."""
    groups = [[{**c, "_n": n} for n, c in enumerate(candidates)] for candidates in groups]
    placed: list[list[dict]] = [[] for _ in groups]
    result = []
    for k in range(bands + 1):
        zoomed = pdk.ViewState(longitude=float(view.longitude), latitude=float(view.latitude), zoom=float(view.zoom) + k)
        taken = [box for group in placed for box in label_boxes(group, zoomed, width_px, height_px)]
        added_per_group = []
        for number, candidates in enumerate(groups):
            done = {label["_n"] for label in placed[number]}
            added = fit_labels([c for c in candidates if c["_n"] not in done], zoomed, width_px, height_px, taken,
                               inside=k == 0)
            taken += [label["box"] for label in added]
            placed[number] += added
            added_per_group.append([{key: v for key, v in label.items() if key != "_n"} for label in added])
        result.append(added_per_group)
    return result


def label_layer(labels: list[dict], layer_id: str, colour: tuple[int, int, int, int] = (25, 25, 25, 255),
                weight: int = 400) -> pdk.Layer:
    """Names in a proportional sans-serif font with a white halo (SDF outline). Colours sit in the characters
    sub-layer, where Streamlit's selection styling (which fades every other object) does not reach."""
    records = [{"lon": float(label["lon"]), "lat": float(label["lat"]), "text": str(label["text"]),
                "size": float(label["size"])} for label in labels]
    return pdk.Layer(
        "TextLayer",
        records,
        id=layer_id,
        pickable=False,
        get_position=["lon", "lat"],
        get_text="text",
        get_size="size",
        size_units="'pixels'",
        font_family=f"'{LABEL_FONT}'",  # quoted: pydeck reads a bare string as an expression
        font_weight=weight,
        font_settings={"sdf": True, "fontSize": 64, "buffer": 6},
        outline_width=3,
        outline_color=[255, 255, 255, 235],
        get_text_anchor="'middle'",
        get_alignment_baseline="'center'",
        character_set="'auto'",
        _subLayerProps={"characters": {"getColor": list(colour)}},
    )


def zoomed_label_layer(url_template: str, layer_id: str, min_zoom: float,
                       colour: tuple[int, int, int, int] = (25, 25, 25, 255), weight: int = 400) -> pdk.Layer:
    """Names shown only from zoom `min_zoom` on (a zoom band of `zoom_bands`), as `label_layer` draws them.

    deck.gl draws nothing of a TileLayer below its `visibleMinZoom` (and fetches nothing), so a band's names appear
    when the user's mouse-wheel zoom reaches it, without a rerun. The layer has one tile (minZoom = maxZoom = 0:
    the world) whose data is the band's file (`url_template`, a static GeoJSON of points with properties text and
    size; the {x}/{y}/{z} in its query make it a tile template and are ignored by the server); the tile is drawn
    by deck.gl's default GeoJsonLayer, its points as text."""
    return pdk.Layer(
        "TileLayer",
        url_template,
        id=layer_id,
        pickable=False,
        min_zoom=0,
        max_zoom=0,
        visible_min_zoom=float(min_zoom),
        point_type="'text'",
        stroked=False,
        filled=False,
        get_text="properties.text",
        get_text_size="properties.size",
        text_size_units="'pixels'",
        text_font_family=f"'{LABEL_FONT}'",
        text_font_weight=weight,
        text_font_settings={"sdf": True, "fontSize": 64, "buffer": 6},
        text_outline_width=3,
        text_outline_color=[255, 255, 255, 235],
        get_text_color=list(colour),
        get_text_anchor="'middle'",
        get_text_alignment_baseline="'center'",
        text_character_set="'auto'",
    )


# --- decks -------------------------------------------------------------------------------------------------

class CompactDeck(pdk.Deck):
    """A deck serialised without indentation (pydeck indents by two spaces: four times the bytes for geometry)."""

    def to_json(self) -> str:
        from pydeck.bindings.json_tools import default_serialize

        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip_text: str | None = None,
         basemap: str | None = None) -> pdk.Deck:
    """A deck with no basemap by default: renders with no internet and asks nothing from any other host.

    With `map_provider=None` pydeck writes its `__MAP_STYLE__` placeholder, which Streamlit reads as "no basemap".
    (`map_style=None` is not enough: Streamlit then fills in a CARTO basemap fetched from basemaps.cartocdn.com.)
    `basemap` ("light", "road", "dark") asks for a CARTO basemap, which needs internet.
    """
    tooltip = {"text": tooltip_text, "style": {"fontSize": "13px", "whiteSpace": "pre-line"}} if tooltip_text else False
    if basemap:
        return CompactDeck(layers=layers, initial_view_state=view, map_provider="carto", map_style=basemap,
                           tooltip=tooltip)
    return CompactDeck(layers=layers, initial_view_state=view, map_provider=None, tooltip=tooltip)


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
        lines.append(f'<div class="legend-row" style="margin:2px 0">{swatch(colour)}{html.escape(label)}{suffix}</div>')
    for mark, explanation in extra:
        lines.append(f'<div class="legend-row" style="margin:2px 0">{mark}{html.escape(explanation)}</div>')
    return '<div class="peta-legend" style="line-height:1.35;font-size:0.85rem">' + "".join(lines) + "</div>"


# --- legend texts in the session's locale ------------------------------------------------------------------

UNCLASSIFIED_COLOUR = "#e7d4e8"   # light purple: a value no class holds (a share outside 0..1)
SELECTED_LINE = [10, 10, 10, 255]
SELECTED_HALO = [255, 255, 255, 255]
HATCH_LINE = [30, 30, 30, 210]
HATCH_SPACING_PX = 7              # distance between hatch lines at the opening zoom (px)
POSYANDU_OK_FILL = [82, 96, 115, 170]      # slate grey: neutral
POSYANDU_WARNING_FILL = [217, 72, 1, 255]  # dark orange: misplaced or unlocated
POSYANDU_WARNING_LINE = [60, 20, 0, 255]


def hatch_swatch() -> str:
    """A legend swatch with the map's diagonal hatching."""
    return ('<span style="display:inline-block;width:14px;height:14px;border:1px solid #666;margin-right:6px;'
            'vertical-align:middle;background:repeating-linear-gradient(135deg,#1e1e1e 0 1.5px,transparent 1.5px 5px)">'
            '</span>')


def outline_swatch() -> str:
    return ('<span style="display:inline-block;width:12px;height:12px;border:3px solid #0a0a0a;margin-right:6px;'
            'vertical-align:middle;background:transparent"></span>')


# --- uncertainty, selection and point layers ---------------------------------------------------------------

def hatch_lines(geometries: dict[str, dict], codes, spacing_deg: float) -> list[dict]:
    """Diagonal lines (45°, `spacing_deg` apart) clipped to each place of `codes`: GeoJSON MultiLineString
    features, the map's mark of an unreliable rate (the same hatching as the printed maps, geo/render.py)."""
    import shapely
    from shapely.geometry import shape

    features = []
    for kode in codes:
        geometry = geometries.get(kode)
        if not geometry:
            continue
        polygon = shape(geometry)
        if polygon.is_empty:
            continue
        min_x, min_y, max_x, max_y = polygon.bounds
        # lines x - y = c for c across the box, each long enough to cross it
        start, stop = min_x - max_y, max_x - min_y
        count = int((stop - start) / spacing_deg) + 1
        if count > 400:  # a place far larger than the view's spacing: coarser lines
            spacing = (stop - start) / 400
            count = 401
        else:
            spacing = spacing_deg
        offsets = start + spacing * (np.arange(count) + 0.5)
        lines = shapely.linestrings([[[c + min_y, min_y], [c + max_y, max_y]] for c in offsets])
        clipped = shapely.intersection(lines, polygon)
        parts = []
        for line in clipped:
            if line.is_empty:
                continue
            for part in getattr(line, "geoms", [line]):
                if part.geom_type == "LineString":
                    parts.append([list(xy) for xy in part.coords])
        if parts:
            features.append({"type": "Feature", "properties": {"kode": kode},
                             "geometry": {"type": "MultiLineString", "coordinates": parts}})
    return features


def hatch_layer(features_list: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features_list},
        id="uncertain_hatch",
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=HATCH_LINE,
        line_width_min_pixels=1.2,
        line_width_max_pixels=1.2,
    )


def selected_layers(geometry: dict | None) -> list[pdk.Layer]:
    """A thick dark outline on a white halo around the selected place; its fill keeps its class colour."""
    if not geometry:
        return []
    data = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}
    return [
        pdk.Layer("GeoJsonLayer", data, id="selected_halo", pickable=False, stroked=True, filled=False,
                  get_line_color=SELECTED_HALO, line_width_min_pixels=7, line_joint_rounded=True),
        pdk.Layer("GeoJsonLayer", data, id="selected_outline", pickable=False, stroked=True, filled=False,
                  get_line_color=SELECTED_LINE, line_width_min_pixels=3.5, line_joint_rounded=True),
    ]


def point_layer(records: list[dict], layer_id: str, line_width: float = 1.0) -> pdk.Layer:
    """Circles (records with lon, lat, radius in metres, fill and line RGBA) as GeoJSON points: a GeoJsonLayer's
    point colours sit in its sub-layer, where Streamlit's selection styling does not fade them."""
    features_list = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                      "properties": {"radius": r["radius"], "fill": r["fill"], "line": r["line"]}} for r in records]
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features_list},
        id=layer_id,
        pickable=False,
        point_type="circle",
        stroked=True,
        filled=True,
        get_point_radius="properties.radius",
        point_radius_min_pixels=2.5,
        get_line_color="properties.line",
        line_width_min_pixels=line_width,
        get_fill_color=[0, 0, 0, 0],
        _subLayerProps={"points-circle": {"getFillColor": "@@=properties.fill"}},
    )
