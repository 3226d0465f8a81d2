"""Map layer builders: classes, colours, legends and pydeck decks. No basemap is needed (offline)."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk

# WHO/UNICEF 2018 prevalence thresholds for stunting (share 0..1): very low < 2.5 %, low 2.5-10,
# medium 10-20, high 20-30, very high >= 30.
WHO_STUNTING_BREAKS = (0.025, 0.10, 0.20, 0.30)
WHO_CLASS_KEYS = ("class_very_low", "class_low", "class_medium", "class_high", "class_very_high")
# ColorBrewer YlOrRd 5 (colour-blind safe, sequential)
YLORRD_5 = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#d9d9d9"


@dataclass
class Classes:
    breaks: tuple[float, ...]     # upper bounds between classes (len = number of classes - 1)
    colours: tuple[str, ...]      # one hex colour per class
    labels: tuple[str, ...]       # one label per class


def classify(values: pd.Series, classes: Classes) -> pd.Series:
    """Class index (0..k-1) of each value; -1 for missing."""
    index = pd.Series(-1, index=values.index, dtype="int64")
    present = values.notna()
    index[present] = sum((values[present] >= b).astype("int64") for b in classes.breaks)
    return index


def hex_to_rgba(colour: str, alpha: int = 210) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def choropleth_layer(frame: pd.DataFrame, classes: Classes, tooltip_fields: dict[str, pd.Series]) -> pdk.Layer:
    """A GeoJsonLayer of kelurahan polygons coloured by `frame['value']`.

    `frame` needs `kode` and `geojson` (a GeoJSON geometry as text); `tooltip_fields` are extra
    properties (already formatted as text) shown in the tooltip.
    """
    index = classify(frame["value"], classes)
    fills = [hex_to_rgba(classes.colours[i]) if i >= 0 else hex_to_rgba(NO_DATA_COLOUR, 160) for i in index]
    features = []
    for row_number, (kode, geometry) in enumerate(zip(frame["kode"], frame["geojson"])):
        properties = {name: series.iloc[row_number] for name, series in tooltip_fields.items()}
        properties.update(kode=kode, fill=fills[row_number])
        features.append({"type": "Feature", "geometry": json.loads(geometry), "properties": properties})
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id="choropleth",
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[80, 80, 80, 200],
        line_width_min_pixels=1,
    )


def view_for(bounds: tuple[float, float, float, float]) -> pdk.ViewState:
    """A view centred on (min lon, min lat, max lon, max lat) with a zoom that fits it."""
    import math

    min_lon, min_lat, max_lon, max_lat = bounds
    span = max(max_lon - min_lon, (max_lat - min_lat) * 1.3, 1e-3)
    zoom = max(1.0, min(15.0, math.log2(360.0 / span) - 0.6))
    return pdk.ViewState(longitude=(min_lon + max_lon) / 2, latitude=(min_lat + max_lat) / 2, zoom=zoom)


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip_html: str) -> pdk.Deck:
    """A deck with no basemap (map_style=None): renders with no internet."""
    return pdk.Deck(
        layers=layers,
        initial_view_state=view,
        map_style=None,
        map_provider=None,
        tooltip={"html": tooltip_html, "style": {"fontSize": "13px"}},
    )


def legend_html(classes: Classes, counts: list[int], title: str) -> str:
    rows = "".join(
        f'<div><span style="display:inline-block;width:14px;height:14px;background:{colour};'
        f'border:1px solid #666;margin-right:6px"></span>{label} ({count})</div>'
        for colour, label, count in zip(classes.colours, classes.labels, counts)
    )
    return f"<div><b>{title}</b>{rows}</div>"
