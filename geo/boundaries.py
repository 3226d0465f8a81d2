"""Read a desa/kelurahan boundary file as it comes (BIG, BPS, a provincial GIS office) and check it.

`read_boundaries` accepts GeoJSON, Shapefile (plain or zipped), GeoPackage and GeoParquet, finds the code
and name columns, normalises codes to Kemendagri dotted form, reprojects to EPSG:4326 and repairs what can
be repaired, writing every finding to `Boundaries.report`. What cannot be used raises `BoundaryError`
with a message (a glossary key and parameters: Indonesian in the terminal, the reader's language on a page)
that names the file, and the column or feature row; the report speaks the language of `speaking(lang)`.

Feature rows in messages are 1-based positions in the file ("fitur ke-3" = the third feature).
Areas are computed in an equal-area CRS (Lambert cylindrical equal-area centred on the layer), in m².
"""
from __future__ import annotations

import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from geo.codes import _KEC_RE, _as_text, normalise_kode_series
from pipelines.inputs.errors import InputError
from pipelines.present.messages import Words, said, spoken

OUTPUT_COLUMNS = [
    "kode", "nama", "jenis", "kecamatan_kode", "kecamatan_nama", "kabupaten_kode", "kabupaten_nama", "geometry",
]

# Column aliases, compared after casefolding and dropping everything but letters and digits,
# tried in this order. BIG's RBI layers use KDEPUM / WADMKD / NAMOBJ / WADMKC / WADMKK.
CODE_ALIASES = [
    "kode", "kode_desa", "kode_kel", "kode_kelurahan", "kode_desa_kel", "kode_desakel", "kdepum", "kd_desa",
    "kode_kemendagri", "kode_dagri", "iddesa", "id_desa", "desa_kode", "kelurahan_kode", "kode_wilayah",
    "kodewilayah", "kdkel", "kd_kel",
]
NAME_ALIASES = [
    "nama", "nama_desa", "nama_kel", "nama_kelurahan", "nama_desa_kel", "wadmkd", "namobj", "desa", "kelurahan",
    "desa_kel", "desa_kelurahan", "nm_desa", "nm_kel", "village", "name",
]
KECAMATAN_NAME_ALIASES = [
    "kecamatan_nama", "kecamatan", "nama_kec", "nama_kecamatan", "wadmkc", "nm_kec", "nm_kecamatan", "kec",
    "district",
]
KABUPATEN_NAME_ALIASES = [
    "kabupaten_nama", "kabupaten_kota", "kab_kota", "kabkota", "kabupaten", "wadmkk", "nama_kab",
    "nama_kabupaten", "nama_kabkota", "nm_kab", "nm_kabkota", "kota_kab", "regency",
]
KECAMATAN_CODE_ALIASES = ["kecamatan_kode", "kode_kecamatan", "kode_kec", "kdcpum", "kd_kec"]

# lon/lat box around Indonesia (degrees), for a plausibility note only
INDONESIA_BOUNDS = (94.0, -11.5, 141.5, 6.5)

POLYGON_TYPES = (3, 6)  # shapely type ids: Polygon, MultiPolygon
_MAX_LISTED = 20


class BoundaryError(InputError, ValueError):
    """A boundary file that cannot be used as it is; the message says why (a glossary key and its parameters,
    `pipelines.present.messages`)."""


#: how a user states each boundary option: the `peta-stunting build` flag and the Impor Data page's field
OPTION_WAYS = {
    "crs": ("--boundary-crs", "CRS batas wilayah"),
    "code_col": ("--boundary-code-col", "Kolom kode batas"),
    "name_col": ("--boundary-name-col", "Kolom nama batas"),
    "layer": ("--boundary-layer", "Lapisan batas"),
}


def state_option(option: str, example: str) -> str:
    """'--boundary-crs EPSG:4326 (terminal) atau isian "CRS batas wilayah" di halaman Impor Data'.

    The field names are the Impor Data page's labels (glossary keys `import_boundary_<option>`; a test keeps
    them equal)."""
    flag, field_name = OPTION_WAYS[option]
    return f"{flag} {example} (terminal) atau isian \"{field_name}\" di halaman Impor Data"


def asked_options(message: str) -> list[str]:
    """The options (keys of OPTION_WAYS) a refusal message asks the user to state, in OPTION_WAYS order."""
    return [option for option, (flag, _field) in OPTION_WAYS.items() if flag in message]


@dataclass
class Check:
    """One finding about the file: `name` (English code), `count` of features, plain-words `detail`.

    `items` holds the codes or feature rows concerned; `value` a number when there is one
    (e.g. the area changed by repairs, in m²).
    """

    name: str
    count: int
    detail: str
    items: list[Any] = field(default_factory=list)
    value: float | None = None


@dataclass
class Boundaries:
    """Checked kelurahan polygons (EPSG:4326, columns `OUTPUT_COLUMNS`), the checks, and where they came from."""

    kelurahan: gpd.GeoDataFrame
    report: list[Check]
    source: dict[str, Any]

    def check(self, name: str) -> Check | None:
        """The check called `name`, or None."""
        return next((c for c in self.report if c.name == name), None)

    def report_frame(self) -> pd.DataFrame:
        """The report as a table `check, count, detail`."""
        return pd.DataFrame(
            {"check": [c.name for c in self.report], "count": [c.count for c in self.report],
             "detail": [c.detail for c in self.report]}
        )


# ---------------------------------------------------------------------------------------------- CRS


def equal_area_crs(gdf_or_bounds: gpd.GeoDataFrame | tuple[float, float, float, float]) -> CRS:
    """Lambert cylindrical equal-area CRS centred on the layer (metres; exact areas, little shape
    distortion within a few degrees of the centre, which covers a province or Indonesia's latitudes)."""
    if isinstance(gdf_or_bounds, gpd.GeoDataFrame):
        frame = gdf_or_bounds if gdf_or_bounds.crs is None or gdf_or_bounds.crs.is_geographic else \
            gdf_or_bounds.to_crs(4326)
        bounds = tuple(frame.total_bounds)
    else:
        bounds = gdf_or_bounds
    if not np.all(np.isfinite(bounds)):
        bounds = (118.0, -2.0, 118.0, -2.0)
    lon0 = (bounds[0] + bounds[2]) / 2
    lat_ts = (bounds[1] + bounds[3]) / 2
    return CRS.from_proj4(f"+proj=cea +lon_0={lon0:.4f} +lat_ts={lat_ts:.4f} +datum=WGS84 +units=m +no_defs")


def _areas_m2(geoms: np.ndarray, crs: CRS) -> np.ndarray:
    """Areas in m² of EPSG:4326 geometries, in the equal-area `crs`."""
    if len(geoms) == 0:
        return np.zeros(0)
    return shapely.area(gpd.GeoSeries(geoms, crs=4326).to_crs(crs).values)


# ------------------------------------------------------------------------------------------ reading


def _norm_col(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).casefold())


def _find_column(columns: list[str], aliases: list[str]) -> str | None:
    by_norm = {}
    for col in columns:
        by_norm.setdefault(_norm_col(col), col)
    for alias in aliases:
        if _norm_col(alias) in by_norm:
            return by_norm[_norm_col(alias)]
    return None


def _pick_layer(source: str, layer: str | int | None, label: str) -> str | int | None:
    """The layer to read: the one asked for, the only one, or the one named like a village layer."""
    try:
        layers = pyogrio.list_layers(source)
    except Exception as exc:  # noqa: BLE001 - GDAL's own message is the useful part
        raise said(BoundaryError, "bnd_cannot_open", label=label, detail=exc) from exc
    names = [str(n) for n in layers[:, 0]]
    if layer is not None:
        if isinstance(layer, int) or layer in names:
            return layer
        raise said(BoundaryError, "bnd_layer_not_found", label=label, layer=layer, names=", ".join(names))
    if len(names) <= 1:
        return None
    for wanted in ("desa", "kelurahan", "kel", "desa_kelurahan", "village", "villages"):
        for name in names:
            if _norm_col(name) == _norm_col(wanted):
                return name
    for name in names:
        if re.search(r"desa|kel|village|adm4", name, re.IGNORECASE):
            return name
    raise said(BoundaryError, "bnd_several_layers", label=label, option=state_option("layer", "<lapisan>"),
               names=", ".join(names))


def _zip_member(path: Path, layer: str | int | None) -> tuple[str, str | int | None]:
    """The /vsizip/ path of the dataset inside a zip, and the layer left to choose inside it."""
    label = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if not m.endswith("/") and "__MACOSX" not in m]
    except zipfile.BadZipFile as exc:
        raise said(BoundaryError, "bnd_bad_zip", label=label) from exc
    data = [m for m in members if m.lower().endswith((".shp", ".geojson", ".json", ".gpkg", ".fgb"))]
    if not data:
        raise said(BoundaryError, "bnd_zip_empty", label=label, contents=", ".join(members[:10]) or "-")
    if len(data) > 1 and isinstance(layer, str):
        chosen = [m for m in data if Path(m).stem == layer]
        if chosen:
            return f"/vsizip/{path}/{chosen[0]}", None
    if len(data) > 1:
        raise said(BoundaryError, "bnd_zip_several", label=label, option=state_option("layer", "<nama>"),
                   names=", ".join(data))
    member = data[0]
    if member.lower().endswith(".shp"):
        stem = member[:-4]
        missing = [ext for ext in (".shx", ".dbf") if not any(m.lower() == (stem + ext).lower() for m in members)]
        if missing:
            raise said(BoundaryError, "bnd_shp_incomplete_member", label=label, member=member,
                       missing=", ".join(missing))
    return f"/vsizip/{path}/{member}", layer


def _read_frame(path: Path, layer: str | int | None) -> tuple[gpd.GeoDataFrame, str | int | None]:
    """The raw file as a GeoDataFrame (CRS as the file states it) and the layer read."""
    label = path.name
    if not path.exists():
        raise said(BoundaryError, "bnd_not_found", label=path)
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".geoparquet", ".pq"):
        try:
            return gpd.read_parquet(path), None
        except Exception as exc:  # noqa: BLE001
            raise said(BoundaryError, "bnd_cannot_read_parquet", label=label, detail=exc) from exc
    if suffix == ".shp":
        missing = [ext for ext in (".shx", ".dbf") if not path.with_suffix(ext).exists()
                   and not path.with_suffix(ext.upper()).exists()]
        if missing:
            raise said(BoundaryError, "bnd_shp_incomplete", label=label, missing=", ".join(missing))
    if suffix == ".zip":
        source, layer = _zip_member(path, layer)
    else:
        source = str(path)
    layer = _pick_layer(source, layer, label)
    try:
        frame = pyogrio.read_dataframe(source, layer=layer, use_arrow=True)
    except Exception as exc:  # noqa: BLE001
        raise said(BoundaryError, "bnd_cannot_read", label=label, detail=exc) from exc
    return frame, layer


# ------------------------------------------------------------------------------------------- checks


def _rows(mask: np.ndarray, positions: np.ndarray) -> list[int]:
    return [int(p) + 1 for p in positions[mask]]


def _listing_words(labels: list[str]) -> list:
    """`_listing` for a message: the "and N more" in the message's language."""
    shown = ", ".join(labels[:_MAX_LISTED])
    more = len(labels) - _MAX_LISTED
    return [shown, Words("bnd_and_more", n=more)] if more > 0 else shown


def _listing(labels: list[str]) -> str:
    shown = ", ".join(labels[:_MAX_LISTED])
    more = len(labels) - _MAX_LISTED
    return shown + (spoken("bnd_and_more", n=more) if more > 0 else "")


def _label(codes: pd.Series, rows: np.ndarray, mask: np.ndarray) -> list[str]:
    """'fitur ke-N (kode)' labels for the masked features."""
    return [spoken("bnd_feature", n=int(r) + 1, code=c if isinstance(c, str) else spoken("bnd_no_code"))
            for r, c in zip(rows[mask], codes[mask])]


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Only the Polygon parts of each geometry, as (Multi)Polygon; empty where there is none."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    parts, inner = shapely.get_parts(parts, return_index=True)  # collections may hold MultiPolygons
    index = index[inner]
    keep = shapely.get_type_id(parts) == 3
    out = np.empty(len(geoms), dtype=object)
    out[:] = shapely.from_wkt("POLYGON EMPTY")
    if keep.any():
        owners, dense = np.unique(index[keep], return_inverse=True)
        multi = shapely.multipolygons(parts[keep], indices=dense)
        single = shapely.get_num_geometries(multi) == 1
        multi[single] = shapely.get_geometry(multi[single], 0)
        out[owners] = multi
    return out


def _detect_code_column(frame: pd.DataFrame, label: str) -> str:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    col = _find_column(columns, CODE_ALIASES)
    if col is not None:
        return col
    # no known name: a column whose values are (nearly) all village codes
    for c in columns:
        sample = frame[c].dropna().head(200)
        if len(sample) and normalise_kode_series(sample).notna().mean() >= 0.9:
            return c
    raise said(BoundaryError, "bnd_no_code_column", label=label, columns=", ".join(map(str, columns)),
               option=state_option("code_col", "<kolom>"))


def _code_hint(values: pd.Series) -> Words | str:
    """Why a code column holds no Kemendagri village codes, when the values tell."""
    text = values.dropna().astype(str).str.strip().head(200)
    if len(text) and text.str.match(_KEC_RE).mean() > 0.8:
        return Words("bnd_hint_kecamatan")
    if len(text) and text.str.fullmatch(r"\d{10}").mean() > 0.8:
        return Words("bnd_hint_bps")
    return ""


def _looks_swapped(b: np.ndarray) -> bool:
    """Bounds (lon/lat degrees) that hold Indonesia's latitudes as x and its longitudes as y."""
    return bool(np.all(np.isfinite(b)) and -15 <= b[0] and b[2] <= 10 and 90 <= b[1] and b[3] <= 145)


def _swapped(label: str) -> BoundaryError:
    return said(BoundaryError, "bnd_swapped", label=label)


def _looks_bps(values: pd.Series) -> bool:
    """A column of undotted 10-digit codes of which a quarter or more have 0 as the first village digit:
    BPS codes (PPKKCCCDDD). Its split kecamatan (CCC = 011, 021, ...) would otherwise parse as
    Kemendagri codes of other villages (BPS 1771011001 is not Kemendagri 17.71.01.1001)."""
    text = values.dropna().map(_as_text).dropna().astype(str)
    text = text[text.str.fullmatch(r"\d{10}")]
    return bool(len(text)) and (text.str[6] == "0").mean() >= 0.25


def read_boundaries(
    path: str | Path,
    code_col: str | None = None,
    name_col: str | None = None,
    crs: Any = None,
    layer: str | int | None = None,
) -> Boundaries:
    """Read and check a desa/kelurahan polygon file; see the module docstring.

    `crs` is used only when the file states none (e.g. a shapefile without .prj); `layer` picks a
    GeoPackage layer or a file inside a zip. The result is in EPSG:4326.
    """
    started = time.perf_counter()
    path = Path(path)
    label = path.name
    frame, layer_read = _read_frame(path, layer)
    report: list[Check] = []
    n_read = len(frame)
    if n_read == 0:
        raise said(BoundaryError, "bnd_no_features", label=label)
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise said(BoundaryError, "bnd_no_geometry", label=label)

    # --- columns
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if code_col is not None and code_col not in frame.columns:
        raise said(BoundaryError, "bnd_code_column_missing", label=label, column=code_col, columns=", ".join(columns))
    if name_col is not None and name_col not in frame.columns:
        raise said(BoundaryError, "bnd_name_column_missing", label=label, column=name_col, columns=", ".join(columns))
    code_col = code_col or _detect_code_column(frame, label)
    rest = [c for c in columns if c != code_col]
    name_col = name_col or _find_column(rest, NAME_ALIASES)
    kec_col = _find_column([c for c in rest if c != name_col], KECAMATAN_NAME_ALIASES)
    kab_col = _find_column([c for c in rest if c not in (name_col, kec_col)], KABUPATEN_NAME_ALIASES)
    kec_code_col = _find_column([c for c in rest if c not in (name_col, kec_col, kab_col)], KECAMATAN_CODE_ALIASES)

    # --- CRS: the file's own; the caller's only when the file states none
    file_crs = frame.crs
    if file_crs is None:
        if crs is None:
            raise said(BoundaryError, "bnd_no_crs", label=label, option=state_option("crs", "EPSG:4326"))
        frame = frame.set_crs(crs)
    elif crs is not None and CRS.from_user_input(crs) != file_crs:
        report.append(Check("crs_ignored", 0, spoken("chk_crs_ignored", crs=file_crs.to_string(), given=crs)))
    source_crs = frame.crs
    if source_crs.is_geographic:
        b = frame.total_bounds
        if _looks_swapped(b):
            raise _swapped(label)
        if np.all(np.isfinite(b)) and (b[0] < -180.5 or b[2] > 360.5 or b[1] < -90.5 or b[3] > 90.5):
            raise said(BoundaryError, "bnd_not_degrees", label=label, bounds=b.round(1).tolist(),
                       crs=source_crs.to_string())
    frame = frame.to_crs(4326)
    b = frame.total_bounds
    if _looks_swapped(b):
        raise _swapped(label)
    if np.all(np.isfinite(b)) and (b[2] < INDONESIA_BOUNDS[0] or b[0] > INDONESIA_BOUNDS[2]
                                   or b[3] < INDONESIA_BOUNDS[1] or b[1] > INDONESIA_BOUNDS[3]):
        report.append(Check("outside_indonesia", n_read, spoken("chk_outside_indonesia", bounds=b.round(3).tolist())))

    rows = np.arange(n_read)
    codes = normalise_kode_series(frame[code_col].reset_index(drop=True))
    geoms = np.asarray(shapely.force_2d(frame.geometry.to_numpy()), dtype=object)
    keep = np.ones(n_read, dtype=bool)

    # --- empty geometries
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    labels = _label(codes, rows, empty)
    report.append(Check("empty_geometries", int(empty.sum()),
                        spoken("chk_empty_geometries", n=int(empty.sum()))
                        + (f": {_listing(labels)}" if labels else ""), _rows(empty, rows)))
    keep &= ~empty

    # --- not polygonal at all (points, lines)
    type_ids = shapely.get_type_id(geoms)
    collection = keep & (type_ids == 7)
    if collection.any():
        geoms[collection] = _polygonal(geoms[collection])
    not_polygon = keep & ~np.isin(type_ids, POLYGON_TYPES) & ~collection
    not_polygon |= collection & shapely.is_empty(geoms)
    if keep.any() and not_polygon[keep].all():
        kinds = sorted(set(shapely.get_type_id(geoms[keep]).tolist()))
        names = {0: "points", 1: "lines", 2: "rings", 4: "points", 5: "lines", 7: "collections"}
        found = list(dict.fromkeys(names.get(k) for k in kinds if k in names))
        parts = [Words(f"bnd_geom_{n}") if i == 0 else (", ", Words(f"bnd_geom_{n}")) for i, n in enumerate(found)]
        raise said(BoundaryError, "bnd_no_polygons", label=label,
                   kinds=[p for part in parts for p in (part if isinstance(part, tuple) else (part,))] or "?")

    # --- invalid polygons: make_valid, keep the polygonal parts, report the area change
    area_crs = equal_area_crs(tuple(b))
    invalid = keep & ~not_polygon & ~shapely.is_valid(geoms)
    area_change = 0.0
    repaired_items: list[dict[str, Any]] = []
    if invalid.any():
        before = geoms[invalid]
        after = _polygonal(shapely.make_valid(before))
        a_before, a_after = _areas_m2(before, area_crs), _areas_m2(after, area_crs)
        geoms[invalid] = after
        collapsed = shapely.is_empty(after)
        not_polygon[np.flatnonzero(invalid)[collapsed]] = True
        area_change = float(np.abs(a_after - a_before).sum())
        reasons = [shapely.is_valid_reason(g) for g in before]
        for code, row, ab, aa, why in zip(codes[invalid], rows[invalid], a_before, a_after, reasons):
            repaired_items.append({"kode": code, "row": int(row) + 1, "area_before_m2": float(ab),
                                   "area_after_m2": float(aa), "reason": why})
    detail = spoken("chk_invalid_repaired", n=int(invalid.sum()), area=f"{area_change:,.0f}")
    if repaired_items:
        detail += ": " + _listing([f"{i['kode'] or spoken('bnd_feature', n=i['row'], code='-')} "
                                   f"{i['area_after_m2'] - i['area_before_m2']:+,.0f} m² [{i['reason']}]"
                                   for i in repaired_items])
    report.append(Check("invalid_repaired", int(invalid.sum()), detail, repaired_items, area_change))

    labels = _label(codes, rows, not_polygon)
    report.append(Check("no_polygon", int(not_polygon.sum()),
                        spoken("chk_no_polygon", n=int(not_polygon.sum()))
                        + (f": {_listing(labels)}" if labels else ""), _rows(not_polygon, rows)))
    keep &= ~not_polygon

    # --- codes
    bad_code = keep & codes.isna().to_numpy()
    if keep.any() and (bad_code[keep].all() or _looks_bps(frame[code_col].reset_index(drop=True)[keep])):
        examples = ", ".join(repr(v) for v in frame[code_col].dropna().astype(str).head(3))
        raise said(BoundaryError, "bnd_no_kemendagri_codes", label=label, column=code_col,
                   examples=examples or Words("bnd_examples_empty"), hint=_code_hint(frame[code_col]))
    raw = frame[code_col].astype(object).to_numpy()
    labels = [spoken("bnd_feature", n=int(r) + 1, code=repr(raw[r]) if pd.notna(raw[r]) else spoken("bnd_empty_value"))
              for r in rows[bad_code]]
    report.append(Check("invalid_codes", int(bad_code.sum()),
                        spoken("chk_invalid_codes", n=int(bad_code.sum()), column=code_col)
                        + (f": {_listing(labels)}" if labels else ""),
                        _rows(bad_code, rows)))
    keep &= ~bad_code

    # a code held by two features: the same desa drawn twice (identical polygon and name) is one desa, kept once
    # and reported; two different polygons under one code cannot both be that desa, and choosing one silently
    # would move children between desa: the file is refused naming both features
    dup = np.zeros(n_read, dtype=bool)
    dup[keep] = codes[keep].duplicated(keep="first").to_numpy()
    first_row = {c: int(r) for c, r in zip(codes[keep][::-1], rows[keep][::-1])}
    names = frame[name_col].reset_index(drop=True) if name_col else pd.Series([None] * n_read)
    conflicts = []
    for c, r in zip(codes[dup], rows[dup]):
        f = first_row[c]
        same = shapely.equals(geoms[r], geoms[f]) and str(names[r]) == str(names[f])
        if not same:
            conflicts.append(f"kode {c}: fitur ke-{f + 1} ({names[f]!r}) dan fitur ke-{int(r) + 1} ({names[r]!r})")
    if conflicts:
        raise said(BoundaryError, "bnd_duplicate_codes", label=label, n=len(conflicts), listing=_listing_words(conflicts))
    labels = [spoken("bnd_same_as", code=c, n=int(r) + 1, first=first_row[c] + 1) for c, r in zip(codes[dup], rows[dup])]
    report.append(Check("duplicate_codes", int(dup.sum()),
                        spoken("chk_duplicate_codes", n=int(dup.sum())) + (f": {_listing(labels)}" if labels else ""),
                        [str(c) for c in codes[dup]]))
    keep &= ~dup

    # --- assemble
    def column(col: str | None) -> pd.Series:
        if col is None:
            return pd.Series([None] * int(keep.sum()), dtype=object)
        values = frame[col].reset_index(drop=True)[keep].astype("string").str.strip()
        values = values.astype(object).where(values.notna() & (values != ""), None)
        return values.reset_index(drop=True)

    kode = codes[keep].reset_index(drop=True).astype(object)
    out = pd.DataFrame({
        "kode": kode,
        "nama": column(name_col),
        "jenis": np.where(kode.str[9] == "1", "kelurahan", "desa"),
        "kecamatan_kode": kode.str[:8],
        "kecamatan_nama": column(kec_col),
        "kabupaten_kode": kode.str[:5],
        "kabupaten_nama": column(kab_col),
    })
    no_name = out["nama"].isna()
    report.append(Check("missing_names", int(no_name.sum()),
                        (spoken("chk_missing_names", n=int(no_name.sum())) if name_col else spoken("chk_no_name_column"))
                        + (f": {_listing(out.loc[no_name, 'kode'].tolist())}" if no_name.any() and name_col else ""),
                        out.loc[no_name, "kode"].tolist()))
    out.loc[no_name, "nama"] = out.loc[no_name, "kode"]

    for level, col in (("kecamatan", "kecamatan_nama"), ("kabupaten", "kabupaten_nama")):
        counts = out.dropna(subset=[col]).groupby(f"{level}_kode")[col].nunique()
        clash = counts[counts > 1].index.tolist()
        if clash:
            report.append(Check(f"inconsistent_{level}_names", len(clash),
                                spoken("chk_inconsistent_names", n=len(clash), level=level, listing=_listing(clash)),
                                clash))
    if kec_code_col is not None:
        stated = normalise_kode_series(frame[kec_code_col].astype("string").str.strip() + ".1000")
        stated = stated.reset_index(drop=True)[keep].reset_index(drop=True).str[:8]
        mismatch = stated.notna() & (stated != out["kecamatan_kode"])
        if mismatch.any():
            report.append(Check("kecamatan_code_mismatch", int(mismatch.sum()),
                                spoken("chk_kecamatan_mismatch", n=int(mismatch.sum()), column=kec_code_col,
                                       listing=_listing(out.loc[mismatch, "kode"].tolist())),
                                out.loc[mismatch, "kode"].tolist()))

    if not keep.any():
        raise said(BoundaryError, "bnd_no_usable", label=label, n=n_read,
                   details="; ".join(c.detail for c in report if c.count and c.name != "invalid_repaired"))
    kelurahan = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms[keep], crs=4326).values, crs=4326)
    kelurahan = kelurahan[OUTPUT_COLUMNS]
    kelurahan = kelurahan.sort_values("kode", kind="stable").reset_index(drop=True)

    reprojected = source_crs.to_epsg() != 4326
    report.insert(0, Check("features_read", n_read, spoken("chk_features_read", n=n_read, label=label)
                                                    + (spoken("chk_layer", layer=layer_read) if layer_read is not None else "")
                                                    + f", CRS {source_crs.to_string()}"
                                                    + (spoken("chk_reprojected") if reprojected else "")))
    report.insert(1, Check("features_kept", len(kelurahan), spoken("chk_features_kept", n=len(kelurahan))))
    source = {
        "file": label,
        "path": str(path),
        "layer": layer_read,
        "code_column": code_col,
        "name_column": name_col,
        "kecamatan_column": kec_col,
        "kabupaten_column": kab_col,
        "crs": source_crs.to_string(),
        "crs_from_caller": file_crs is None,
        "features_read": n_read,
        "read_seconds": round(time.perf_counter() - started, 3),
    }
    return Boundaries(kelurahan=kelurahan, report=report, source=source)


# ------------------------------------------------------------------------------------------ dissolve


def _mode(values: pd.Series) -> Any:
    values = values.dropna()
    return values.mode().iloc[0] if len(values) else None


def _dissolve(kelurahan: gpd.GeoDataFrame, key: str, name_col: str) -> gpd.GeoDataFrame:
    """Union of village polygons per code prefix (never a spatial join)."""
    frame = kelurahan[["kode", name_col, "geometry"]].copy()
    frame[key] = kelurahan[key] if key in kelurahan else kelurahan["kode"].str[: 8 if key == "kecamatan_kode" else 5]
    grouped = frame.groupby(key, sort=True)
    names = grouped[name_col].agg(_mode)
    geoms = grouped["geometry"].agg(lambda s: shapely.union_all(s.values))
    return gpd.GeoDataFrame({"kode": names.index.astype(object), "nama": names.to_numpy()},
                            geometry=gpd.GeoSeries(geoms.to_numpy(), crs=kelurahan.crs).values, crs=kelurahan.crs)


def dissolve_kecamatan(kelurahan_gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Kecamatan polygons `kode, nama, kabupaten_kode, geometry` as the union of their villages,
    grouped by the code prefix `PP.KK.CC` (the village and kecamatan layers do not nest, so no spatial join)."""
    kel = kelurahan_gdf
    if "kecamatan_nama" not in kel:
        kel = kel.assign(kecamatan_nama=None)
    out = _dissolve(kel, "kecamatan_kode", "kecamatan_nama")
    out.insert(2, "kabupaten_kode", out["kode"].str[:5])
    return out


