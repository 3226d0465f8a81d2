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
LABEL_CANDIDATES_MAX = 600    # kelurahan names tried for a place on the map (highest priority first)
TEXT_FEATURES_MAX = 3000      # a view file carries every value's tooltip text up to this many places
KEEP_VIEW_FILES = 24          # view files kept (levels x languages x kecamatan filters)
FILE_FORMAT = 4               # bump when the file layout changes (part of the file name)
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
    return write_atomic(path, text)


def write_atomic(path: Path, text: str) -> Path:
    """Write `text` to `path` through a temp file and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def _keep_newest(pattern: str, keep: int) -> None:
    """Remove the static files matching `pattern` beyond the `keep` most recently written."""
    files = sorted(LAYER_DIR.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


def _static_url(name: str) -> str:
    """The URL Streamlit's static serving gives the file `name` of LAYER_DIR."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return ("/" + base if base else "") + f"/app/static/layers/{name}"


def _file_name(version: str, level: str) -> str:
    digest = hashlib.sha1(f"{data.db_path().resolve()}|{version}|{FILE_FORMAT}".encode()).hexdigest()[:12]
    return f"{digest}-{level}.geojson"


def _layer_file(version: str, level: str) -> str:
    path = LAYER_DIR / _file_name(version, level)
    if not path.exists():  # one stat per rerun; written once per database version
        with data.connect() as con:
            write_layer_file(con, level, path)
        _keep_newest("*.geojson", KEEP_FILES)
    return path.name


def static_layer_url(level: str) -> str:
    """URL of the static GeoJSON file of `level` for the current database (written on first use)."""
    return _static_url(_layer_file(data.db_version() or "", _check_level(level)))


@st.cache_resource(max_entries=8, show_spinner=False)
def _geometries(version: str, level: str) -> dict[str, dict]:
    frame = data.query(f"SELECT kode, geojson FROM {level}")
    missing = frame.loc[frame["geojson"].isna(), "kode"].tolist()
    texts = dict(zip(frame["kode"], frame["geojson"]))
    texts.update(_dissolved(level, missing) if missing else {})
    return {kode: json.loads(text) for kode, text in texts.items() if text}


def _dissolved(level: str, codes: list[str]) -> dict[str, str]:
    """GeoJSON text of places of `level` without a stored outline (a database built without them): the union of
    their kelurahan's outlines (the build stores the same union, geo.simplify)."""
    import shapely
    from shapely.geometry import mapping, shape

    prefix = {"kecamatan": 8, "kabupaten": 5}.get(level)
    if prefix is None or not codes:
        return {}
    kelurahan = data.kelurahan_geometries()
    result = {}
    for kode in codes:
        parts = [shape(g) for k, g in kelurahan.items() if k[:prefix] == kode]
        if parts:
            result[kode] = json.dumps(mapping(shapely.union_all(parts)))
    return result


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


# --- view files: geometry and tooltip texts, written once, recoloured by expression --------------------------
# A view file holds the places of one level (all, or one kecamatan's) with their outlines and, for a kabupaten-size
# layer, the tooltip text of every indicator and period in one language (property "t:<indicator>|<period>").
# The page then sends, on a change of indicator or period, only the fill expression and the tooltip template
# that names the property to show: the browser keeps the parsed, tessellated geometry (Lombok Timur, 254 desa,
# click to new colours 2.5 s -> 0.5 s on this machine; benchmarks/map_render.py).

def text_key(indicator: str, period: str) -> str:
    """Property of a view file's feature that holds the tooltip text of `indicator` in `period`."""
    return f"t:{indicator}|{period}"


def _view_codes_sql(level: str, kecamatan: str | None) -> tuple[str, list]:
    # kecamatan and kabupaten without a stored outline get their kelurahan dissolved (`_dissolved`)
    where = "geojson IS NOT NULL" if level == "kelurahan" else "TRUE"
    params: list = []
    if kecamatan and level == "kelurahan":
        where += " AND kecamatan_kode = ?"
        params.append(kecamatan)
    elif kecamatan and level == "kecamatan":
        where += " AND kode = ?"
        params.append(kecamatan)
    return where, params


def view_codes(level: str, kecamatan: str | None = None) -> list[str]:
    """Codes of the features of a view file, in file order (position = property `i`)."""
    where, params = _view_codes_sql(_check_level(level), kecamatan)
    return data.query(f"SELECT kode FROM {level} WHERE {where} ORDER BY kode", *params)["kode"].tolist()


def _tooltip_texts(level: str, codes: list[str], lang: str, small_n: int) -> dict[str, dict[str, str]]:
    """kode -> {text_key: tooltip text} for every indicator and period of `level` (every place gets every key:
    deck.gl would show an unknown key's placeholder as it is)."""
    from pipelines.present import format as fmt
    from pipelines.present.glossary import text

    rows = data.query("SELECT kode, indicator, period, numerator, denominator, value, ci_low, ci_high "
                      "FROM indicators WHERE level = ? ORDER BY kode, indicator, period", level)
    keys = sorted({text_key(i, p) for i, p in zip(rows["indicator"], rows["period"])})
    missing = text("no_data", lang)
    texts: dict[str, dict[str, str]] = {kode: dict.fromkeys(keys, missing) for kode in codes}
    value_word, ci_word = text("tt_value", lang), text("tt_ci", lang)
    nouns: dict[str, str] = {}
    for r in rows.itertuples(index=False):
        place = texts.get(r.kode)
        if place is None:
            continue
        if r.indicator not in nouns:
            nouns[r.indicator] = _noun(r.indicator, lang)
        lines = [f"{value_word}: {fmt.percent(r.value, 1, lang)}", f"{ci_word}: {fmt.share_range(r.ci_low, r.ci_high, 1, lang)}"]
        if r.denominator == r.denominator and r.denominator is not None:
            n = f"{fmt.number(r.numerator, 0, lang)}/{fmt.number(r.denominator, 0, lang)} {nouns[r.indicator]}"
            if r.denominator < small_n:
                n += " · " + text("tt_small_n", lang, n=small_n)
            lines.append(n)
        place[text_key(r.indicator, r.period)] = "\n".join(lines)
    return texts


def _noun(indicator: str, lang: str) -> str:
    """Who an indicator's denominator counts (the catalogue's population noun)."""
    from pipelines.indicators import catalogue

    return catalogue.noun(indicator, lang)


def write_view_file(level: str, kecamatan: str | None, lang: str, small_n: int, path: Path) -> Path:
    """Write the view file of `level` (one kecamatan's places when `kecamatan`) atomically: a FeatureCollection in
    kode order, each feature with top-level `i` and properties kode, i, nama, kec (kecamatan name) and, up to
    `TEXT_FEATURES_MAX` places, the tooltip texts (`text_key`). Large layers use the overview geometry."""
    where, params = _view_codes_sql(level, kecamatan)
    kec_name = "kecamatan_nama" if level == "kelurahan" else ("nama" if level == "kecamatan" else "NULL::VARCHAR")
    overview = bool(data.query("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = ? AND "
                               "column_name = 'geojson_overview'", level)["n"].iloc[0])
    frame = data.query(f"SELECT kode, coalesce(nama, '') AS nama, coalesce({kec_name}, '') AS kec, geojson"
                       f"{', geojson_overview' if overview else ''} FROM {level} WHERE {where} ORDER BY kode", *params)
    large = len(frame) > INLINE_MAX
    geometry = frame["geojson_overview"].fillna(frame["geojson"]) if large and overview else frame["geojson"]
    if geometry.isna().any():
        dissolved = _dissolved(level, frame.loc[geometry.isna(), "kode"].tolist())
        geometry = geometry.fillna(frame["kode"].map(dissolved)).fillna('{"type":"GeometryCollection","geometries":[]}')
    texts = _tooltip_texts(level, frame["kode"].tolist(), lang, small_n) if len(frame) <= TEXT_FEATURES_MAX else {}
    parts = []
    for i, (kode, nama, kec, geom) in enumerate(zip(frame["kode"], frame["nama"], frame["kec"], geometry)):
        properties = {"kode": kode, "i": i, "nama": nama, "kec": kec, **texts.get(kode, {})}
        parts.append(f'{{"type":"Feature","i":{i},"properties":{json.dumps(properties, ensure_ascii=False)},'
                     f'"geometry":{geom}}}')
    return write_atomic(path, '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}")


def view_file_has_texts(level: str, kecamatan: str | None = None) -> bool:
    """Whether the view file of `level` carries tooltip texts (kabupaten-size layers) or names only."""
    return len(view_codes(level, kecamatan)) <= TEXT_FEATURES_MAX


def view_file_url(level: str, lang: str, small_n: int, kecamatan: str | None = None) -> str:
    """URL of the view file of `level` (and `kecamatan`) for the current database and `lang`, written on first
    use (module docstring: static serving)."""
    version = data.db_version() or ""
    digest = hashlib.sha1(f"{data.db_path().resolve()}|{version}|{FILE_FORMAT}|{level}|{lang}|{small_n}|{kecamatan}"
                          .encode()).hexdigest()[:16]
    path = LAYER_DIR / f"view-{digest}.geojson"
    if not path.exists():
        write_view_file(_check_level(level), kecamatan, lang, small_n, path)
        _keep_newest("view-*.geojson", KEEP_VIEW_FILES)
    return _static_url(path.name)


# --- edges files: borders as line segments, one cheap shader ------------------------------------------------
# Borders are drawn by a LineLayer from a static file of segments (each shared border once), not by the polygon
# layer's stroke: the stroke is a PathLayer, whose shader Debian's chromium (software WebGL, SwiftShader) compiles
# and runs far slower than the LineLayer's. On the demo city the first frame with fills, desa borders, kecamatan
# borders and names came 2.5-3.5 s after the load event with the PathLayer, and within 2 s with LineLayers
# (benchmarks/map_render.py). A segment file depends only on the places (level, kecamatan), not on the values.

EDGE_DECIMALS = 5             # degrees: ~1 m, finer than a pixel at any zoom the map offers
KEEP_EDGE_FILES = 24


def ring_segments(geometry: dict | None) -> np.ndarray:
    """Every ring segment of a (Multi)Polygon GeoJSON geometry as rows (lon1, lat1, lon2, lat2), degrees."""
    if not geometry:
        return np.empty((0, 4))
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif kind == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    elif kind == "GeometryCollection":
        parts = [ring_segments(g) for g in geometry.get("geometries", [])]
        return np.vstack(parts) if parts else np.empty((0, 4))
    else:
        return np.empty((0, 4))
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = np.asarray(ring, dtype=float)
            if points.ndim == 2 and len(points) >= 2:
                parts.append(np.hstack([points[:-1, :2], points[1:, :2]]))
    return np.vstack(parts) if parts else np.empty((0, 4))


def edge_segments(geometries) -> np.ndarray:
    """The segments of all `geometries`' rings, rounded to `EDGE_DECIMALS`, each shared border once (a segment
    and its reverse are one), zero-length ones dropped."""
    parts = [ring_segments(g) for g in geometries]
    segments = np.round(np.vstack(parts), EDGE_DECIMALS) if parts else np.empty((0, 4))
    if not len(segments):
        return segments
    swap = (segments[:, 0] > segments[:, 2]) | ((segments[:, 0] == segments[:, 2]) & (segments[:, 1] > segments[:, 3]))
    segments[swap] = segments[swap][:, [2, 3, 0, 1]]
    segments = segments[(segments[:, 0] != segments[:, 2]) | (segments[:, 1] != segments[:, 3])]
    return np.unique(segments, axis=0)


def segment_records(segments: np.ndarray) -> list[dict]:
    """LineLayer rows ({"s": [lon, lat], "t": [lon, lat]}) of segment rows (lon1, lat1, lon2, lat2)."""
    return [{"s": [a, b], "t": [c, d]} for a, b, c, d in np.asarray(segments, dtype=float).tolist()]


def edges_of(level: str, kecamatan: str | None = None) -> np.ndarray:
    """Deduplicated border segments of the places of `level` (one kecamatan's when `kecamatan`: at kecamatan
    level that kecamatan's outline)."""
    codes = view_codes(_check_level(level), kecamatan)
    shapes = geometries(level)
    return edge_segments(shapes.get(kode) for kode in codes)


def edges_file_url(level: str, kecamatan: str | None = None) -> str:
    """URL of the static segment file of `level`'s borders (and `kecamatan`'s), written on first use."""
    version = data.db_version() or ""
    digest = hashlib.sha1(f"{data.db_path().resolve()}|{version}|{FILE_FORMAT}|edges|{level}|{kecamatan}"
                          .encode()).hexdigest()[:16]
    path = LAYER_DIR / f"edges-{digest}.json"
    if not path.exists():
        write_atomic(path, json.dumps(segment_records(edges_of(level, kecamatan)), separators=(",", ":")))
        _keep_newest("edges-*.json", KEEP_EDGE_FILES)
    return _static_url(path.name)


def edges_layer(data_source, layer_id: str, colour: list[int], width_px: float) -> pdk.Layer:
    """Borders as line segments (an edges file URL, or `segment_records` inline), `width_px` wide at any zoom."""
    return pdk.Layer(
        "LineLayer",
        data_source,
        id=layer_id,
        pickable=False,
        get_source_position="s",
        get_target_position="t",
        get_color=list(colour),
        get_width=width_px,
        width_units="'pixels'",
    )


KEEP_LABEL_FILES = 400        # zoom-band name files kept (small; named by their content)


def label_file_url(labels: list[dict]) -> str:
    """URL template of a static file holding `labels` (lon, lat, text, size) as GeoJSON points, for
    `maps.zoomed_label_layer`. Named by its content, so a file once written serves every session that needs it."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(label["lon"]), 6),
                                                                                round(float(label["lat"]), 6)]},
                 "properties": {"text": str(label["text"]), "size": float(label["size"])}} for label in labels]
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    path = LAYER_DIR / f"labels-{hashlib.sha1(text.encode()).hexdigest()[:16]}.json"
    if not path.exists():
        write_atomic(path, text)
        _keep_newest("labels-*.json", KEEP_LABEL_FILES)
    return _static_url(path.name) + "?x={x}&y={y}&z={z}"


@st.cache_data(max_entries=8, show_spinner=False)
def _place_bounds(version: str, level: str) -> pd.DataFrame:
    import shapely

    frame = data.query(f"SELECT kode, geom_wkb FROM {level}")
    boxes = np.full((len(frame), 4), np.nan)
    present = frame["geom_wkb"].notna().to_numpy()
    if present.any():
        shapes = shapely.from_wkb([bytes(b) for b in frame.loc[present, "geom_wkb"]], on_invalid="ignore")
        boxes[present] = shapely.bounds(shapes)
    result = pd.DataFrame(boxes, columns=["min_lon", "min_lat", "max_lon", "max_lat"])
    result.insert(0, "kode", frame["kode"].to_numpy())
    if level != "kelurahan" and result["min_lon"].isna().any():  # no outline stored: its kelurahan's outlines
        kel = _place_bounds(version, "kelurahan")
        prefix = kel["kode"].str[: {"kecamatan": 8, "kabupaten": 5}[level]]
        grouped = kel.groupby(prefix).agg(min_lon=("min_lon", "min"), min_lat=("min_lat", "min"),
                                          max_lon=("max_lon", "max"), max_lat=("max_lat", "max"))
        result = result.set_index("kode")
        result = result.fillna(grouped.reindex(result.index)).reset_index()
    return result


def place_bounds(level: str) -> pd.DataFrame:
    """Bounds of every place's outline at `level` (kode, min_lon, min_lat, max_lon, max_lat; degrees), from the
    stored geometry (for kecamatan/kabupaten without one: the union of their kelurahan)."""
    return _place_bounds(data.db_version() or "", _check_level(level))


def extent(level: str, codes) -> tuple[float, float, float, float] | None:
    """Union of the outline bounds of `codes` at `level`: no polygon of them is cut by a map showing it."""
    boxes = place_bounds(level)
    boxes = boxes[boxes["kode"].isin(set(codes))].dropna()
    if boxes.empty:
        return None
    return (float(boxes["min_lon"].min()), float(boxes["min_lat"].min()), float(boxes["max_lon"].max()),
            float(boxes["max_lat"].max()))


def choropleth_layer(data_source, fill_accessor, trigger: str, layer_id: str = "kelurahan",
                     outline: bool = True) -> pdk.Layer:
    """Polygons (a view file URL or inline features) filled by `fill_accessor` (an expression or constant).

    The fill sits in the `polygons-fill` sub-layer's properties: Streamlit's selection styling rewrites a
    layer's own getFillColor (fading every object not selected, so that colours no longer match the legend);
    the sub-layer's colours are left alone, and a selected place is shown by a thick outline instead."""
    return pdk.Layer(
        "GeoJsonLayer",
        data_source,
        id=layer_id,
        pickable=True,
        stroked=outline,
        filled=True,
        get_fill_color=[0, 0, 0, 0],
        get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=0.6,
        auto_highlight=True,
        highlight_color=[0, 0, 0, 40],
        _subLayerProps={"polygons-fill": {"getFillColor": fill_accessor,
                                          "updateTriggers": {"getFillColor": trigger}}},
    )


def outline_layer(data_source, layer_id: str, colour: list[int], width: float) -> pdk.Layer:
    """Outlines only (kecamatan borders, kabupaten border) from a view file URL or inline features."""
    return pdk.Layer(
        "GeoJsonLayer",
        data_source,
        id=layer_id,
        stroked=True,
        filled=False,
        get_line_color=colour,
        line_width_min_pixels=width,
        line_joint_rounded=True,
        pickable=False,
    )


def posyandu_points(period: str) -> pd.DataFrame:
    """Every posyandu with the children measured there in `period` (the read model's count: the child's latest
    measurement of the period, as `measured_children` chose it; none in a database built before it), where it
    is drawn and whether it needs a warning: lying outside its declared kelurahan, or without coordinates
    (drawn at its declared kelurahan's centroid). Columns: posyandu_id, nama, kode, lon, lat, children, status,
    warning."""
    has_recon = data.table_exists("posyandu_reconciliation")
    recon = "LEFT JOIN posyandu_reconciliation r ON r.posyandu_id = p.posyandu_id" if has_recon else ""
    status = "coalesce(any_value(r.status), 'ok')" if has_recon else "'ok'"
    frame = data.query(
        f"""
        SELECT p.posyandu_id, any_value(p.nama) AS nama, any_value(p.kode) AS kode,
               coalesce(any_value(p.lon), any_value(k.centroid_lon)) AS lon,
               coalesce(any_value(p.lat), any_value(k.centroid_lat)) AS lat,
               CASE WHEN any_value(p.lon) IS NULL OR any_value(p.lat) IS NULL THEN 'no_coordinates' ELSE {status} END
                   AS status
        FROM posyandu p {recon}
        LEFT JOIN kelurahan k ON k.kode = p.kode
        GROUP BY p.posyandu_id ORDER BY p.posyandu_id
        """
    )
    # the children counted as the read model counts them (one rule: pipelines.readmodel.posyandu_shares)
    children = data.read("posyandu_shares", period, None)[["posyandu_id", "children"]]
    frame = frame.merge(children, on="posyandu_id", how="left")
    frame["children"] = frame["children"].fillna(0).astype("int64")
    frame = frame[["posyandu_id", "nama", "kode", "lon", "lat", "children", "status"]]
    frame["warning"] = frame["status"].isin(["outside_declared", "outside_all", "no_coordinates"])
    return frame
