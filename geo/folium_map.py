"""A standalone HTML map of a lokus selection (folium) that works offline.

folium loads Leaflet, jQuery, Bootstrap and Font Awesome from CDNs (`Map.default_js`/`default_css`).
Here the map gets none of them: Leaflet 1.9.3 (JS and CSS) from the `xstatic-leaflet` package is inlined
into the page, and nothing else is needed (no markers, no plugins). No tile layer is added unless one is
asked for (`tiles=` a URL template with its attribution), so the file opens on a laptop without internet.

Names are text, never markup: every name goes through `html.escape` before it reaches a tooltip, the
title or the legend (folium's tooltip inserts property values as HTML).
"""
from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element

SELECTED_COLOUR = "#d7301f"     # lokus
OTHER_COLOUR = "#d9d9d9"        # not selected
HOT_COLOUR = "#7a0177"          # Gi* hot spot outline
LINE_COLOUR = "#555555"
REMOVED_COLOUR = "#08306b"      # a desa taken out of the top N by hand (dashed outline)


@lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """(leaflet.js, leaflet.css) text from xstatic-leaflet, without the source-map comment."""
    import xstatic.pkg.leaflet as xl

    base = Path(xl.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    js = "\n".join(line for line in js.splitlines() if not line.startswith("//# sourceMappingURL"))
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    return js.replace("</script", "<\\/script"), css


def offline_map(bounds: tuple[float, float, float, float], *, tiles: str | None = None, attribution: str | None = None) -> folium.Map:
    """A folium Map with Leaflet inlined and no CDN assets; `bounds` = (min lon, min lat, max lon, max lat)."""
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    fmap.default_js = []
    fmap.default_css = []
    js, css = leaflet_assets()
    header = fmap.get_root().header
    header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline")
    header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js_inline")
    if tiles:
        if not attribution:
            raise ValueError("a tile layer needs its attribution")
        folium.TileLayer(tiles=tiles, attr=attribution, name="tiles").add_to(fmap)
    min_lon, min_lat, max_lon, max_lat = bounds
    fmap.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return fmap


def _pct(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value) * 100:.1f} %"


def _score(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.3f}"


def lokus_map_html(
    places: pd.DataFrame,
    selection: pd.DataFrame,
    *,
    title: str,
    subtitle: str | Sequence[str] = "",
    labels: dict[str, str] | None = None,
    reasons: Mapping[str, str] | None = None,
    hotspots: pd.DataFrame | None = None,
    tiles: str | None = None,
    attribution: str | None = None,
    percent: Callable[[object], str] | None = None,
    score: Callable[[object], str] | None = None,
) -> str:
    """HTML text of the lokus map.

    `places`: kode, geojson (GeoJSON geometry text), centroid_lon, centroid_lat. `selection`:
    pipelines.lokus.ranking.select output (kode, nama, kecamatan_nama, rank, score, selected, prevalence_crude,
    how, ...). `reasons`: kode -> why it is (or is no longer) a lokus, shown in its tooltip and popup. `subtitle`:
    one line or several (kabupaten/kota, period, source) under the title. `hotspots`: geo.hotspots output (kode,
    gi_class) for an optional hot-spot outline layer. `labels`: user-facing words (lokus, other, rank, score,
    prevalence, hotspot, kecamatan, reason, removed). `percent` / `score`: how a share (0..1) and a score are
    written (the caller's language: decimal comma in Indonesian); '15.2 %' and '0.295' when not given.
    """
    percent, score = percent or _pct, score or _score
    words = {"lokus": "Lokus", "other": "Bukan lokus", "rank": "Peringkat", "score": "Skor",
             "prevalence": "Prevalensi stunting", "hotspot": "Hot spot (Gi*)", "kecamatan": "Kecamatan",
             "reason": "Alasan", "removed": "Dikeluarkan manual"}
    words.update(labels or {})
    reasons = reasons or {}
    esc = {k: html.escape(str(v)) for k, v in words.items()}
    info = selection.set_index("kode")
    features = []
    for kode, geometry in zip(places["kode"], places["geojson"]):
        if geometry is None or kode not in info.index:
            continue
        row = info.loc[kode]
        selected = bool(row.get("selected", False))
        removed = row.get("how") == "removed"
        why = str(reasons.get(kode) or "")
        tip = (
            f"<b>{html.escape(str(row.get('nama', '')))}</b> ({html.escape(str(kode))})<br>"
            f"{esc['kecamatan']}: {html.escape(str(row.get('kecamatan_nama', '')))}<br>"
            f"{esc['rank']}: {int(row['rank']) if pd.notna(row.get('rank')) else '–'} · "
            f"{esc['score']}: {html.escape(score(row.get('score')))}<br>"
            f"{esc['prevalence']}: {html.escape(percent(row.get('prevalence_crude')))}"
            + (f"<br><b>{esc['lokus']}</b>" if selected else "")
            + (f"<br><b>{esc['removed']}</b>" if removed else "")
            + (f"<br>{esc['reason']}: {html.escape(why)}" if why else "")
        )
        features.append({"type": "Feature", "geometry": json.loads(geometry),
                         "properties": {"tip": tip, "selected": selected, "removed": bool(removed),
                                        "kode": str(kode)}})
    bounds = (places["centroid_lon"].min(), places["centroid_lat"].min(), places["centroid_lon"].max(), places["centroid_lat"].max())
    pad = 0.01
    fmap = offline_map((bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad), tiles=tiles, attribution=attribution)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=words["lokus"],
        style_function=lambda f: {
            "fillColor": SELECTED_COLOUR if f["properties"]["selected"] else OTHER_COLOUR,
            "color": REMOVED_COLOUR if f["properties"]["removed"] else LINE_COLOUR,
            "weight": 3 if f["properties"]["removed"] else 1, "fillOpacity": 0.75,
            **({"dashArray": "6 4"} if f["properties"]["removed"] else {}),
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        popup=folium.GeoJsonPopup(fields=["tip"], labels=False),  # a tap on a phone or tablet shows the same
    ).add_to(fmap)
    legend_rows = [(SELECTED_COLOUR, esc["lokus"], "background"), (OTHER_COLOUR, esc["other"], "background")]
    if any(f["properties"]["removed"] for f in features):
        legend_rows.append((REMOVED_COLOUR, esc["removed"], "dashed"))
    if hotspots is not None:
        hot = set(hotspots.loc[hotspots["gi_class"] == "hot", "kode"])
        hot_features = [f for f in features if f["properties"]["kode"] in hot]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": hot_features},
            name=words["hotspot"],
            style_function=lambda f: {"fillOpacity": 0, "color": HOT_COLOUR, "weight": 3},
        ).add_to(fmap)
        legend_rows.append((HOT_COLOUR, esc["hotspot"], "border"))
        folium.LayerControl(collapsed=False).add_to(fmap)
    legend = "".join(
        f'<div><span style="display:inline-block;width:14px;height:14px;margin-right:6px;'
        + (f"background:{colour};border:1px solid #555" if kind == "background"
           else f"border:3px dashed {colour}" if kind == "dashed" else f"border:3px solid {colour}")
        + f'"></span>{text}</div>'
        for colour, text, kind in legend_rows
    )
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    box = (
        '<div style="position:fixed;top:10px;left:50px;z-index:1000;background:white;padding:8px 12px;'
        'border:1px solid #999;font:14px sans-serif;max-width:40%">'
        f"<div style=\"font-size:18px;font-weight:bold\">{html.escape(title)}</div>"
        + "".join(f"<div>{html.escape(line)}</div>" for line in lines if line) + f"{legend}</div>"
    )
    fmap.get_root().html.add_child(Element(box), name="lokus_title")
    return fmap.get_root().render()
