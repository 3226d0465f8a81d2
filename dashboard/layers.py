"""Map layers at three levels of detail (kabupaten/kota, kecamatan, kelurahan/desa), and large layers served as
static files so that only values and colours travel with each rerun.

Geometry is simplified per level at build time (geo.simplify, stored as `geojson` in the `kelurahan`,
`kecamatan` and `kabupaten` tables, plus a coarser `geojson_overview` for province/country-size layers, which
the static files use: Jawa Timur desa 771 k -> 145 k vertices). A layer with more than `INLINE_MAX` features
(a province or the whole country) is written once per database version to `dashboard/static/layers/<version>-<level>.geojson`
(properties: `kode`, `i` = position in kode order, `nama`) and referenced by its URL
`/app/static/layers/...` (Streamlit static serving, `server.enableStaticServing`, which `peta-stunting
dashboard` turns on). The browser downloads and parses it once; a rerun sends only the layer description with
the colours inside the fill accessor, as a binary search over runs of features (in file order) of one colour:

    get_fill_color = "i<4120?i<2007?[255,255,178,255]:[254,204,92,255]:..."   (pydeck sends it as "@@=...")

deck.gl's JSON expressions (as Streamlit configures them) evaluate comparisons and conditionals on the feature
but no function calls, and member access on literals does not work, so a lookup table cannot be indexed; the
conditional tree costs O(log n) per feature and about 25 characters per run of equal colour (Jawa Timur: a
few hundred kB instead of 17 MB of geometry). `i` is a top-level member of each feature (also in
`properties`). `updateTriggers` carries a hash of the expression, so deck.gl recolours (and does not refetch
or re-tessellate) when the indicator or period changes. Tooltips of static layers show the name only (values
are in the table and, after a click, beside the map).
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
SMALL_MARKERS_MAX = 500       # small-n markers on a static layer only up to this many
LABELS_MAX = 120              # kecamatan names only up to this many
FILE_FORMAT = 3               # bump when the file layout changes (part of the file name)
KEEP_FILES = 6                # older layer files beyond this many are removed


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


def layer_geojson_sql(level: str, overview: bool = True) -> str:
    """SQL giving one GeoJSON FeatureCollection text of the `level` layer (its overview geometry where the
    build made one, geo.simplify step 4b), features in kode order with properties kode, i (0-based
    position) and nama. `overview=False` for databases built before the overview column existed."""
    _check_level(level)
    return f"""
        WITH f AS (
            SELECT kode, nama, {"coalesce(geojson_overview, geojson)" if overview else "geojson"} AS geojson,
                   (row_number() OVER (ORDER BY kode) - 1) AS i
            FROM {level} WHERE geojson IS NOT NULL
        )
        SELECT '{{"type":"FeatureCollection","features":[' ||
               coalesce(string_agg('{{"type":"Feature","i":' || i || ',"properties":{{"kode":' || to_json(kode) || ',"i":' || i ||
                                   ',"nama":' || to_json(coalesce(nama, '')) || '}},"geometry":' || geojson || '}}',
                                   ',' ORDER BY kode), '') || ']}}'
        FROM f"""


def layer_codes(level: str) -> list[str]:
    """Codes of the features in a static layer file, in file order (position = property `i`)."""
    _check_level(level)
    return data.query(f"SELECT kode FROM {level} WHERE geojson IS NOT NULL ORDER BY kode")["kode"].tolist()


def write_layer_file(con, level: str, path: Path) -> Path:
    """Write the static layer file of `level` (see `layer_geojson_sql`) atomically (temp file + rename)."""
    overview = con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = $t AND column_name = "
                           "'geojson_overview'", {"t": level}).fetchone()[0] > 0
    text = con.execute(layer_geojson_sql(level, overview)).fetchone()[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def _file_name(version: str, level: str) -> str:
    digest = hashlib.sha1(f"{data.db_path().resolve()}|{version}|{FILE_FORMAT}".encode()).hexdigest()[:12]
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

def feature_classes(codes_in_file: list[str], kode: pd.Series, palette_index: np.ndarray, missing: int) -> np.ndarray:
    """Palette index per feature of the file (file order): that of the row with the feature's kode,
    `missing` for features without a row."""
    by_kode = pd.Series(np.asarray(palette_index, dtype=np.int64), index=kode.to_numpy())
    by_kode = by_kode[~by_kode.index.duplicated()]
    return by_kode.reindex(codes_in_file).fillna(missing).astype(np.int64).to_numpy()


def fill_expression(palette: list[list[int]], classes: np.ndarray) -> str:
    """deck.gl JSON accessor expression giving feature `i` the colour `palette[classes[i]]` (module
    docstring): a balanced tree of `i<start?left:right` over the runs of equal class."""
    classes = np.asarray(classes, dtype=np.int64)
    if len(classes) == 0:
        return json.dumps(palette[0] if palette else [0, 0, 0, 0], separators=(",", ":"))
    starts = np.flatnonzero(np.r_[True, classes[1:] != classes[:-1]]).tolist()
    colours = [json.dumps(colour, separators=(",", ":")) for colour in palette]
    leaves = [colours[c] for c in classes[starts].tolist()]

    def tree(lo: int, hi: int) -> str:
        if hi - lo == 1:
            return leaves[lo]
        mid = (lo + hi) // 2
        return f"i<{starts[mid]}?{tree(lo, mid)}:{tree(mid, hi)}"

    return tree(0, len(starts))


def static_choropleth_layer(url: str, palette: list[list[int]], classes: np.ndarray,
                            layer_id: str = "kelurahan") -> pdk.Layer:
    """Polygons from a static file, filled by class (see module docstring); pickable for selection."""
    expression = fill_expression(palette, classes)
    return pdk.Layer(
        "GeoJsonLayer",
        url,
        id=layer_id,
        pickable=True,
        stroked=False,  # desa outlines of a whole province are noise, and cost more to draw than the fills
        filled=True,
        get_fill_color=expression,
        auto_highlight=True,
        update_triggers={"getFillColor": hashlib.sha1(expression.encode()).hexdigest()},
    )


