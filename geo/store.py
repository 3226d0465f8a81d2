"""Places in the DuckDB file: kelurahan, kecamatan, kabupaten, the boundary report and the web layers.

Tables (docs/architecture.md):

- `kelurahan(kode, nama, jenis, kecamatan_kode, kecamatan_nama, kabupaten_kode, kabupaten_nama, area_km2,
  centroid_lon, centroid_lat, geom_wkb, geojson, geojson_overview)`
- `kecamatan(kode, nama, kabupaten_kode, area_km2, centroid_lon, centroid_lat, geom_wkb, geojson, geojson_overview)`
- `kabupaten(kode, nama, geom_wkb, geojson, geojson_overview)`
- `boundary_report("check", count, detail)` (`check` is an SQL keyword: quote it)
- `simplification(level, tolerance_m, vertices_before, vertices_after)`

`geom_wkb` is the full, unsimplified geometry as WKB from shapely, EPSG:4326 (DuckDB's spatial extension
is not used): for kelurahan the polygon as read and repaired (geo.boundaries); for kecamatan and kabupaten
the union by code prefix of the villages after coverage cleaning (geo.simplify), so they carry none of the
slivers and overlaps between villages (a plain union of the raw villages, `geo.boundaries.dissolve_kecamatan`,
keeps them as holes and is also about 4x slower on a province). `geojson` is the simplified web geometry (geo.simplify), a GeoJSON geometry object
with coordinates on a 1e-5 degree grid (about 1.1 m); `geojson_overview` the coarser overview geometry of a
province- or country-size layer (geo.simplify step 4b, 1e-4 degree grid), NULL for a smaller layer. Areas in km² and centroids are computed in an
equal-area CRS centred on the layer; centroids are given back in lon/lat (EPSG:4326).
"""
from __future__ import annotations

import uuid
from typing import Any

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.boundaries import Boundaries, equal_area_crs
from geo.simplify import LEVELS, simplified_levels, web_geojson

GEOJSON_DECIMALS = 5
OVERVIEW_DECIMALS = 4  # ~11 m: overview tolerances are 40 m and more

_DDL = {
    "kelurahan": """CREATE TABLE kelurahan (kode VARCHAR PRIMARY KEY, nama VARCHAR, jenis VARCHAR,
        kecamatan_kode VARCHAR, kecamatan_nama VARCHAR, kabupaten_kode VARCHAR, kabupaten_nama VARCHAR,
        area_km2 DOUBLE, centroid_lon DOUBLE, centroid_lat DOUBLE, geom_wkb BLOB, geojson VARCHAR,
        geojson_overview VARCHAR)""",
    "kecamatan": """CREATE TABLE kecamatan (kode VARCHAR PRIMARY KEY, nama VARCHAR, kabupaten_kode VARCHAR,
        area_km2 DOUBLE, centroid_lon DOUBLE, centroid_lat DOUBLE, geom_wkb BLOB, geojson VARCHAR,
        geojson_overview VARCHAR)""",
    "kabupaten": """CREATE TABLE kabupaten (kode VARCHAR PRIMARY KEY, nama VARCHAR, geom_wkb BLOB,
        geojson VARCHAR, geojson_overview VARCHAR)""",
    "boundary_report": """CREATE TABLE boundary_report ("check" VARCHAR, count BIGINT, detail VARCHAR)""",
    "simplification": """CREATE TABLE simplification (level VARCHAR, tolerance_m DOUBLE,
        vertices_before BIGINT, vertices_after BIGINT)""",
}


def _measures(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """area_km2, centroid_lon, centroid_lat of EPSG:4326 polygons (computed in an equal-area CRS)."""
    if len(gdf) == 0:
        return pd.DataFrame({"area_km2": [], "centroid_lon": [], "centroid_lat": []})
    metric = gdf.geometry.to_crs(equal_area_crs(gdf))
    centroids = gpd.GeoSeries(shapely.centroid(metric.to_numpy()), crs=metric.crs).to_crs(4326)
    return pd.DataFrame({
        "area_km2": shapely.area(metric.to_numpy()) / 1e6,
        "centroid_lon": centroids.x.to_numpy(),
        "centroid_lat": centroids.y.to_numpy(),
    })


def _arrow(frame: pd.DataFrame, geoms: np.ndarray | None = None) -> pa.Table:
    """Arrow table of the frame's plain columns, plus `geom_wkb` as binary when `geoms` is given."""
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    if geoms is not None:
        wkb = shapely.to_wkb(np.asarray(geoms, dtype=object))
        table = table.append_column("geom_wkb", pa.array(list(wkb), type=pa.binary()))
    return table


def _replace(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table, columns: list[str]) -> None:
    """Drop and recreate table `name`, then insert the Arrow `table` (one vectorised INSERT)."""
    view = f"_geo_{name}_{uuid.uuid4().hex[:8]}"
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(_DDL[name])
    con.register(view, table)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {name} ({quoted}) SELECT {quoted} FROM {view}")
    finally:
        con.unregister(view)


def _mode_by(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    return frame.dropna(subset=[value]).groupby(key)[value].agg(lambda s: s.mode().iloc[0])


def write_places(
    con: duckdb.DuckDBPyConnection,
    boundaries: Boundaries,
    tolerances: dict[str, float] | None = None,
    gap_width_m: float = 20.0,
    overview_tolerance: float | None = None,
) -> dict[str, Any]:
    """Write the place tables (module docstring) from checked boundaries, replacing earlier ones.

    `tolerances` (metres per level) override `geo.simplify.DEFAULT_TOLERANCES_M`. Runs inside the
    caller's transaction if there is one. `overview_tolerance` (metres) overrides the overview tolerance
    computed from the layer's extent (geo.simplify step 4b). Returns the simplification statistics per
    level (and per overview, as `<level>_overview`).
    """
    kel = boundaries.kelurahan.to_crs(4326).reset_index(drop=True)
    levels = simplified_levels(kel, tolerances, gap_width_m=gap_width_m, overview_tolerance=overview_tolerance)

    def web(level: str, kode: pd.Series, overview: bool = False) -> np.ndarray:
        frame = levels[level].overview if overview else levels[level].simplified
        if frame is None:
            return np.full(len(kode), None, dtype=object)
        decimals = OVERVIEW_DECIMALS if overview else GEOJSON_DECIMALS
        geojson = pd.Series(web_geojson(frame.geometry.to_numpy(), decimals), index=frame["kode"])
        return kode.map(geojson).to_numpy(dtype=object)

    # kelurahan
    kel_attrs = kel.drop(columns="geometry")
    kel_attrs = pd.concat([kel_attrs, _measures(kel)], axis=1)
    kel_attrs["geojson"] = web("kelurahan", kel["kode"])
    kel_attrs["geojson_overview"] = web("kelurahan", kel["kode"], overview=True)
    _replace(con, "kelurahan", _arrow(kel_attrs, kel.geometry.to_numpy()), list(kel_attrs.columns) + ["geom_wkb"])

    # kecamatan and kabupaten: unions of the cleaned village coverage by code prefix (geo.simplify),
    # i.e. without the slivers and overlaps a plain union of the raw villages would keep inside them
    kec = levels["kecamatan"].cleaned
    kec_attrs = pd.DataFrame({"kode": kec["kode"].to_numpy(dtype=object)})
    kec_attrs["nama"] = kec_attrs["kode"].map(_mode_by(kel, "kecamatan_kode", "kecamatan_nama")).astype(object)
    kec_attrs["kabupaten_kode"] = kec_attrs["kode"].str[:5]
    kec_attrs = pd.concat([kec_attrs, _measures(kec)], axis=1)
    kec_attrs["geojson"] = web("kecamatan", kec["kode"])
    kec_attrs["geojson_overview"] = web("kecamatan", kec["kode"], overview=True)
    _replace(con, "kecamatan", _arrow(kec_attrs, kec.geometry.to_numpy()), list(kec_attrs.columns) + ["geom_wkb"])

    kab = levels["kabupaten"].cleaned
    kab_attrs = pd.DataFrame({"kode": kab["kode"].to_numpy(dtype=object)})
    kab_attrs["nama"] = kab_attrs["kode"].map(_mode_by(kel, "kabupaten_kode", "kabupaten_nama")).astype(object)
    kab_attrs["geojson"] = web("kabupaten", kab["kode"])
    kab_attrs["geojson_overview"] = web("kabupaten", kab["kode"], overview=True)
    _replace(con, "kabupaten", _arrow(kab_attrs, kab.geometry.to_numpy()), list(kab_attrs.columns) + ["geom_wkb"])

    # boundary report (+ what cleaning found) and the simplification record
    report = boundaries.report_frame()
    stats = {level: levels[level].stats for level in LEVELS}
    kel_stats = stats["kelurahan"]
    extra = pd.DataFrame({
        "check": ["coverage_cleaned"],
        "count": [kel_stats.changed_by_cleaning],
        "detail": [
            f"{kel_stats.changed_by_cleaning} poligon dirapikan untuk peta web: tumpang tindih dan celah antar tetangga "
            f"(< {gap_width_m:g} m) dihapus (polygons cleaned for the web map: overlaps and slivers between "
            "neighbours removed); geom_wkb desa/kelurahan tidak diubah, geom_wkb kecamatan/kabupaten adalah gabungan "
            "desa yang sudah dirapikan (village geom_wkb unchanged; kecamatan/kabupaten geom_wkb are unions of the "
            "cleaned villages)"
            + f"; sisi tidak cocok setelah penyederhanaan (edges still unmatched after simplification): "
              f"{kel_stats.invalid_edges_after}"
        ],
    })
    report = pd.concat([report, extra], ignore_index=True)
    _replace(con, "boundary_report", pa.Table.from_pandas(report, preserve_index=False), ["check", "count", "detail"])
    overviews = [levels[level].overview_stats for level in LEVELS if levels[level].overview_stats]
    simp = pd.DataFrame([{"level": s.level, "tolerance_m": s.tolerance_m, "vertices_before": s.vertices_before,
                          "vertices_after": s.vertices_after} for s in [*stats.values(), *overviews]])
    _replace(con, "simplification", pa.Table.from_pandas(simp, preserve_index=False), list(simp.columns))
    return {s.level: s.as_dict() for s in [*stats.values(), *overviews]}


def read_places(
    con: duckdb.DuckDBPyConnection, level: str = "kelurahan", simplified: bool = False
) -> gpd.GeoDataFrame:
    """A place table back as a GeoDataFrame (EPSG:4326): full geometry from `geom_wkb`, or the
    simplified web geometry from `geojson` when `simplified=True`."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    table = con.sql(f"SELECT * FROM {level} ORDER BY kode").to_arrow_table()
    # (databases built before the overview geometry existed have no geojson_overview)
    frame = table.drop_columns([c for c in ("geom_wkb", "geojson", "geojson_overview") if c in table.column_names])
    frame = frame.to_pandas()
    if simplified:
        geoms = shapely.from_geojson(np.asarray(table.column("geojson").to_pylist(), dtype=object))
    else:
        geoms = shapely.from_wkb(np.asarray(table.column("geom_wkb").to_pylist(), dtype=object))
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=4326).values, crs=4326)
