"""Map layers at three levels of detail (kabupaten/kota, kecamatan, kelurahan/desa), and large layers served as
static files so that only values and colours travel with each rerun.

Geometry is simplified per level at build time (geo.simplify, stored as `geojson` in the `kelurahan`,
`kecamatan` and `kabupaten` tables). A layer with more than `INLINE_MAX` features (a province or the whole
country) is written once per database version to `dashboard/static/layers/<version>-<level>.geojson`
(properties: `kode`, `i` = position in kode order, `nama`) and referenced by its URL
`/app/static/layers/...` (Streamlit static serving, `server.enableStaticServing`, which `peta-stunting
dashboard` turns on). The browser downloads and parses it once; a rerun sends only the layer description
with one character per feature (its colour class) inside the fill accessor:

    get_fill_color = "@@=[[r,g,b,a], ...]['0312...'[properties.i]]"

deck.gl's JSON expressions allow member access on literals but no function calls, so indexing a string
literal by the feature's position is the cheapest lookup available; `updateTriggers` carries a hash of the
string, so deck.gl recolours (and does not refetch or re-tessellate) when the indicator or period changes.
Tooltips of static layers show the name only (values are in the table and, after a click, the selection).
"""
from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import data

LEVELS = ("kelurahan", "kecamatan", "kabupaten")
INLINE_MAX = 3000             # layers with more features than this are served as static files
STATIC_DIR = Path(__file__).resolve().parent / "static"
LAYER_DIR = STATIC_DIR / "layers"
KEEP_FILES = 6                # older layer files beyond this many are removed
_CODE_BASE = 48               # class index k is the character chr(48 + k): '0', '1', ...


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    return level


# --- named queries (identifiers come from LEVELS only; values are bound) -------------------------------

def level_indicator(level: str, indicator: str, period: str) -> pd.DataFrame:
    """Every place of `level` with its value of one indicator and period, in kode order; the columns of
    `data.kelurahan_indicator` (kecamatan columns NULL above kelurahan level)."""
    if _check_level(level) == "kelurahan":
        return data.kelurahan_indicator(indicator, period)
    return data.query(_LEVEL_SQL[level], indicator, period)


def level_change(level: str, indicator: str, period_from: str, period_to: str) -> pd.DataFrame:
    """Change of one indicator between two periods for every place of `level` (columns of
    `data.kelurahan_change`)."""
    if _check_level(level) == "kelurahan":
        return data.kelurahan_change(indicator, period_from, period_to)
    return data.query(_LEVEL_CHANGE_SQL[level], indicator, period_from, indicator, period_to)


_PLACES = {
    "kecamatan": """SELECT c.kode, c.nama, c.kode AS kecamatan_kode, c.nama AS kecamatan_nama,
                           c.centroid_lon, c.centroid_lat FROM kecamatan c""",
    "kabupaten": """SELECT b.kode, b.nama, NULL::VARCHAR AS kecamatan_kode, NULL::VARCHAR AS kecamatan_nama,
                           avg(k.centroid_lon) AS centroid_lon, avg(k.centroid_lat) AS centroid_lat
                    FROM kabupaten b LEFT JOIN kelurahan k ON k.kabupaten_kode = b.kode GROUP BY b.kode, b.nama""",
}
_LEVEL_SQL = {
    level: f"""WITH p AS ({places})
        SELECT p.*, i.numerator, i.denominator, i.value, i.ci_low, i.ci_high
        FROM p LEFT JOIN indicators i ON i.kode = p.kode AND i.level = '{level}' AND i.indicator = ? AND i.period = ?
        ORDER BY p.kode"""
    for level, places in _PLACES.items()
}
_LEVEL_CHANGE_SQL = {
    level: f"""WITH p AS ({places})
        SELECT p.*, b.numerator, b.denominator, b.value - a.value AS value, a.value AS value_from,
               b.value AS value_to, a.denominator AS denominator_from, b.ci_low, b.ci_high
        FROM p
        LEFT JOIN indicators a ON a.kode = p.kode AND a.level = '{level}' AND a.indicator = ? AND a.period = ?
        LEFT JOIN indicators b ON b.kode = p.kode AND b.level = '{level}' AND b.indicator = ? AND b.period = ?
        ORDER BY p.kode"""
    for level, places in _PLACES.items()
}


def layer_geojson_sql(level: str) -> str:
    """SQL giving one GeoJSON FeatureCollection text of the simplified `level` layer, features in kode
    order with properties kode, i (0-based position) and nama."""
    _check_level(level)
    return f"""
        WITH f AS (
            SELECT kode, nama, geojson, (row_number() OVER (ORDER BY kode) - 1) AS i
            FROM {level} WHERE geojson IS NOT NULL
        )
        SELECT '{{"type":"FeatureCollection","features":[' ||
               coalesce(string_agg('{{"type":"Feature","properties":{{"kode":' || to_json(kode) || ',"i":' || i ||
                                   ',"nama":' || to_json(coalesce(nama, '')) || '}},"geometry":' || geojson || '}}',
                                   ',' ORDER BY kode), '') || ']}}'
        FROM f"""


def layer_codes(level: str) -> list[str]:
    """Codes of the features in a static layer file, in file order (position = property `i`)."""
    _check_level(level)
    return data.query(f"SELECT kode FROM {level} WHERE geojson IS NOT NULL ORDER BY kode")["kode"].tolist()


def write_layer_file(con, level: str, path: Path) -> Path:
    """Write the static layer file of `level` (see `layer_geojson_sql`) atomically (temp file + rename)."""
    text = con.execute(layer_geojson_sql(level)).fetchone()[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def _file_name(version: str, level: str) -> str:
    digest = hashlib.sha1(f"{data.db_path().resolve()}|{version}".encode()).hexdigest()[:12]
    return f"{digest}-{level}.geojson"


def _layer_file(version: str, level: str) -> str:
    path = LAYER_DIR / _file_name(version, level)
    if not path.exists():  # one stat per rerun; written once per database version
        with data.connect() as con:
            write_layer_file(con, level, path)
        files = sorted(LAYER_DIR.glob("*.geojson"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_FILES:]:
            old.unlink(missing_ok=True)
    return path.name


def static_layer_url(level: str) -> str:
    """URL of the static GeoJSON file of `level` for the current database (written on first use)."""
    name = _layer_file(data.db_version() or "", _check_level(level))
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return ("/" + base if base else "") + f"/app/static/layers/{name}"


@st.cache_resource(max_entries=8, show_spinner=False)
def _geometries(version: str, level: str) -> dict[str, dict]:
    frame = data.query(f"SELECT kode, geojson FROM {level} WHERE geojson IS NOT NULL")
    return {kode: json.loads(text) for kode, text in zip(frame["kode"], frame["geojson"])}


def geometries(level: str) -> dict[str, dict]:
    """kode -> parsed simplified geometry of `level` (for inline layers), once per database version."""
    if _check_level(level) == "kelurahan":
        return data.kelurahan_geometries()
    return _geometries(data.db_version() or "", level)


# --- deck layers ------------------------------------------------------------------------------------

def class_codes(codes_in_file: list[str], kode: pd.Series, palette_index: np.ndarray, missing: int) -> str:
    """One character per feature of the file: `chr(48 + palette index)` of the row with that kode,
    `missing` for features without a row."""
    by_kode = pd.Series(np.asarray(palette_index, dtype=np.int64), index=kode.to_numpy())
    by_kode = by_kode[~by_kode.index.duplicated()]
    index = by_kode.reindex(codes_in_file).fillna(missing).astype(np.int64).to_numpy()
    if len(index) and (index.min() < 0 or index.max() > 40):
        raise ValueError("palette index out of range")
    return (index + _CODE_BASE).astype(np.uint8).tobytes().decode("ascii")


def fill_expression(palette: list[list[int]], codes: str) -> str:
    """deck.gl JSON accessor: the palette colour of the feature's character in `codes`."""
    return "@@=" + json.dumps(palette, separators=(",", ":")) + "[" + json.dumps(codes) + "[properties.i]]"


def static_choropleth_layer(url: str, palette: list[list[int]], codes: str, layer_id: str = "kelurahan") -> pdk.Layer:
    """Polygons from a static file, filled by class (see module docstring); pickable for selection."""
    return pdk.Layer(
        "GeoJsonLayer",
        url,
        id=layer_id,
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color=fill_expression(palette, codes),
        get_line_color=[110, 110, 110, 255],
        line_width_min_pixels=0.5,
        auto_highlight=True,
        update_triggers={"getFillColor": hashlib.sha1(codes.encode() + json.dumps(palette).encode()).hexdigest()},
    )


def static_outline_layer(url: str, layer_id: str, colour: list[int], width: float) -> pdk.Layer:
    """Outlines only (e.g. kecamatan borders over a desa choropleth) from a static file."""
    return pdk.Layer(
        "GeoJsonLayer",
        url,
        id=layer_id,
        stroked=True,
        filled=False,
        get_line_color=colour,
        line_width_min_pixels=width,
        pickable=False,
    )
