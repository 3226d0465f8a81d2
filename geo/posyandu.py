"""Posyandu points against kelurahan polygons: does each point lie in the kelurahan its register declares?

The declared kelurahan stays the one used for indicators (docs/architecture.md, "Codes and conventions"); this module only reports
disagreements. Statuses:

- `ok`: the point lies in its declared kelurahan (distance_m 0);
- `outside_declared`: the point lies in another kelurahan (`kode_spatial`);
- `outside_all`: the point lies in no polygon of the layer;
- `no_coordinates`: lon/lat empty, not numbers, out of range, or exactly (0, 0).

Where overlapping neighbours both contain a point, the declared one wins if it is among them, else the
first in layer order. `distance_m` is the geodesic distance (WGS84 ellipsoid, metres) from the point to
the nearest point of the declared polygon; NaN when there are no coordinates or the declared code has no
polygon in the layer.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from geo.codes import normalise_kode_series

STATUSES = ("ok", "outside_declared", "outside_all", "no_coordinates")
OUTPUT_COLUMNS = ["posyandu_id", "nama", "kode_declared", "kode_spatial", "status", "distance_m"]
_GEOD = Geod(ellps="WGS84")


def _coordinates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """lon, lat as floats (decimal commas accepted) and the mask of usable coordinates."""
    def number(col: str) -> np.ndarray:
        values = frame[col]
        if not pd.api.types.is_numeric_dtype(values):
            values = values.astype("string").str.strip().str.replace(",", ".", regex=False)
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)

    lon, lat = number("lon"), number("lat")
    usable = (np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
              & ~((lon == 0) & (lat == 0)))
    return lon, lat, usable


def reconcile_posyandu(posyandu: pd.DataFrame, kelurahan_gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per posyandu: `posyandu_id, nama, kode_declared, kode_spatial, status, distance_m` (metres).

    `posyandu` has columns `posyandu_id, nama, kode, lon, lat` (WGS84 degrees); `kelurahan_gdf` has
    `kode` and polygons in any CRS. Vectorised: an STRtree point-in-polygon query, then geodesic
    distances only for points outside their declared kelurahan.
    """
    frame = posyandu.reset_index(drop=True)
    n = len(frame)
    declared = normalise_kode_series(frame["kode"]).to_numpy(dtype=object) if n else np.empty(0, dtype=object)
    lon, lat, usable = _coordinates(frame) if n else (np.empty(0), np.empty(0), np.empty(0, dtype=bool))

    layer = kelurahan_gdf.to_crs(4326) if kelurahan_gdf.crs is not None else kelurahan_gdf
    layer = layer.drop_duplicates("kode").reset_index(drop=True)
    codes = layer["kode"].to_numpy(dtype=object)
    polys = np.asarray(layer.geometry.to_numpy(), dtype=object)

    # point in polygon: all (point, polygon) pairs, then one polygon per point
    point_rows = np.flatnonzero(usable)
    points = shapely.points(lon[point_rows], lat[point_rows])
    pt_i, poly_i = shapely.STRtree(polys).query(points, predicate="intersects")
    pairs = pd.DataFrame({"point": pt_i, "poly": poly_i})
    pairs["declared"] = codes[poly_i] == declared[point_rows[pt_i]]
    first = (pairs.sort_values(["point", "declared", "poly"], ascending=[True, False, True], kind="stable")
             .drop_duplicates("point"))
    spatial = np.full(n, None, dtype=object)
    spatial[point_rows[first["point"].to_numpy()]] = codes[first["poly"].to_numpy()]

    has_spatial = pd.notna(spatial)
    status = np.full(n, "outside_all", dtype=object)
    status[has_spatial] = "outside_declared"
    status[has_spatial & (spatial == declared)] = "ok"
    status[~usable] = "no_coordinates"

    # geodesic distance to the declared polygon for points outside it
    distance = np.full(n, np.nan)
    distance[status == "ok"] = 0.0
    poly_of = pd.Series(np.arange(len(codes)), index=codes)
    declared_poly = pd.Series(declared).map(poly_of).to_numpy()
    need = usable & (status != "ok") & ~np.isnan(declared_poly.astype(float))
    if need.any():
        rows = np.flatnonzero(need)
        targets = polys[declared_poly[rows].astype(int)]
        lines = shapely.shortest_line(shapely.points(lon[rows], lat[rows]), targets)
        ends = shapely.get_coordinates(shapely.get_point(lines, 1))
        _, _, metres = _GEOD.inv(lon[rows], lat[rows], ends[:, 0], ends[:, 1])
        distance[rows] = metres

    return pd.DataFrame({
        "posyandu_id": frame["posyandu_id"].to_numpy() if n else [],
        "nama": frame["nama"].to_numpy() if n else [],
        "kode_declared": declared,
        "kode_spatial": spatial,
        "status": status,
        "distance_m": distance,
    })[OUTPUT_COLUMNS]
