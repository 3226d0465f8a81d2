"""Topology-preserving simplification of boundary layers for the web map.

Method (GEOS >= 3.14 through shapely >= 2.2), in an equal-area metric CRS centred on the layer:

1. `shapely.coverage_clean` (gap_width 0, automatic snapping) turns the village polygons into a valid
   *coverage*: overlaps between neighbours are given to one of them (the one with the longest shared
   border) and nearby vertices are snapped, so that shared edges become identical. Real layers need this:
   their polygons were simplified one by one at the source, so neighbours overlap and leave slivers, and
   `coverage_simplify` on such input "may result in invalid topology" (shapely docs).
2. `fill_gaps`: the slivers *between* villages (holes of the layer's union whose mean width 2·area/perimeter
   is under `gap_width_m`, default 20 m) are merged into the neighbour with the longest shared border.
   GEOS can do this inside `coverage_clean(gap_width=...)`, but on Jawa Timur that takes 34 s instead of
   5.5 s; this version takes about 2 s. Without it each sliver survives as a hole in the kecamatan and
   kabupaten unions (38,427 in Jawa Timur) and simplification can only shrink holes to triangles.
3. `shapely.coverage_simplify` (Visvalingam-Whyatt, each shared edge once) simplifies with a tolerance in
   metres (roughly the square root of the triangle areas removed), so neighbours keep sharing the same
   simplified edge and no polygon disappears (the smallest becomes a triangle).
4. Higher levels (kecamatan, kabupaten) are the coverage union of the *cleaned* villages by code prefix,
   which is again a valid coverage, simplified with their own, larger tolerance.
4b. Overview: a layer as large as a province or the country is drawn whole on one screen, where a pixel
   is hundreds of metres, so the detail of step 3 is invisible there but costs the browser seconds
   (Jawa Timur desa: 771 k vertices). When the layer's extent (bounding-box diagonal) / `OVERVIEW_DIVISOR`
   is coarser than the level's tolerance, the level's simplified coverage is simplified again with that
   tolerance (again `coverage_simplify`: shared edges and every polygon kept). The dashboard draws the
   overview for layers it serves whole as static files, and the detailed geometry once a filter narrows
   the map to a kecamatan or kabupaten.
5. Safety net: a polygon that comes out empty or invalid gets its cleaned (unsimplified) geometry back,
   or its original geometry if cleaning emptied it; these are counted in `SimplifyStats.fallbacks`.

Default tolerances (metres) are in `DEFAULT_TOLERANCES_M`; the figures they give are in boundaries/README.md.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.boundaries import _polygonal, equal_area_crs

LEVELS = ("kelurahan", "kecamatan", "kabupaten")
# Visvalingam-Whyatt tolerance per level, metres
DEFAULT_TOLERANCES_M: dict[str, float] = {"kelurahan": 25.0, "kecamatan": 100.0, "kabupaten": 300.0}
# overview tolerance = extent diagonal / this (a province ~600 km: ~200 m; the country ~5,000 km: ~1.7 km),
# roughly half a pixel when the whole layer fills a 1,400-pixel-wide map
OVERVIEW_DIVISOR = 3000.0
# code prefix length that groups villages into each level
PREFIX_LENGTH = {"kelurahan": 13, "kecamatan": 8, "kabupaten": 5}


@dataclass
class SimplifyStats:
    """What one simplification did: tolerance (m), vertex counts before/after, polygons whose area
    cleaning changed by more than 1 m² (overlaps given away, slivers received), edges still breaking the coverage after,
    polygons that needed the safety net, and the time taken (s)."""

    level: str
    tolerance_m: float
    features: int
    vertices_before: int
    vertices_after: int
    changed_by_cleaning: int
    invalid_edges_after: int
    fallbacks: int
    seconds: float

    def as_dict(self) -> dict:
        return asdict(self)


def _polygonal_valid(geoms: np.ndarray) -> np.ndarray:
    """make_valid where needed, keeping only polygon parts (the coverage functions refuse anything else)."""
    geoms = np.asarray(geoms, dtype=object).copy()
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms[bad] = _polygonal(shapely.make_valid(geoms[bad]))
    other = ~np.isin(shapely.get_type_id(geoms), (3, 6))
    if other.any():
        geoms[other] = _polygonal(geoms[other])
    return geoms


def clean_coverage(geoms: np.ndarray, gap_width_m: float = 20.0) -> tuple[np.ndarray, int]:
    """A valid coverage from metric polygons (module docstring, steps 1-2).

    Returns the cleaned geometries and the number of polygons that cleaning emptied (those keep
    their input geometry, so nothing disappears).
    """
    geoms = _polygonal_valid(geoms)
    if len(geoms) == 0:
        return geoms, 0
    cleaned = np.asarray(shapely.coverage_clean(geoms, gap_width=0.0), dtype=object)
    collapsed = shapely.is_empty(cleaned) & ~shapely.is_empty(geoms)
    cleaned[collapsed] = geoms[collapsed]
    if gap_width_m > 0:
        cleaned = fill_gaps(cleaned, gap_width_m)
    return cleaned, int(collapsed.sum())


def _holes(geom: shapely.Geometry) -> np.ndarray:
    """The interior rings of a (Multi)Polygon as polygons."""
    parts = shapely.get_parts(np.asarray([geom], dtype=object))
    counts = shapely.get_num_interior_rings(parts)
    if counts.sum() == 0:
        return np.empty(0, dtype=object)
    owner = np.repeat(np.arange(len(parts)), counts)
    ring_no = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.asarray(shapely.polygons(shapely.get_interior_ring(parts[owner], ring_no)), dtype=object)


def fill_gaps(coverage: np.ndarray, gap_width_m: float = 20.0) -> np.ndarray:
    """Merge the gaps inside a valid metric coverage (holes of its union with mean width
    2·area/perimeter < `gap_width_m` metres) into the neighbour sharing the longest border with each.

    Larger holes (an enclave not in the layer, a lake) stay. The result is still a valid coverage,
    because a gap's edges are exactly its neighbours' edges.
    """
    coverage = np.asarray(coverage, dtype=object).copy()
    holes = _holes(shapely.coverage_union_all(coverage))
    if len(holes) == 0:
        return coverage
    width = 2 * shapely.area(holes) / np.maximum(shapely.length(holes), 1e-9)
    gaps = holes[width < gap_width_m]
    if len(gaps) == 0:
        return coverage
    gap_i, poly_i = shapely.STRtree(coverage).query(gaps, predicate="intersects")
    shared = shapely.length(shapely.intersection(shapely.boundary(gaps[gap_i]), shapely.boundary(coverage[poly_i])))
    best = (pd.DataFrame({"gap": gap_i, "poly": poly_i, "shared": shared})
            .sort_values(["gap", "shared"], ascending=[True, False], kind="stable")
            .drop_duplicates("gap"))
    best = best[best["shared"] > 0]
    for poly, gap_list in best.groupby("poly")["gap"]:  # one union per receiving polygon
        coverage[poly] = shapely.coverage_union_all(np.concatenate([[coverage[poly]], gaps[gap_list.to_numpy()]]))
    return coverage


def _simplify_metric(cleaned: np.ndarray, tolerance_m: float, original: np.ndarray) -> tuple[np.ndarray, int]:
    """coverage_simplify plus the safety net (module docstring, step 4)."""
    if len(cleaned) == 0:
        return cleaned, 0
    simplified = np.asarray(shapely.coverage_simplify(cleaned, tolerance_m), dtype=object)
    broken = shapely.is_empty(simplified) | ~shapely.is_valid(simplified)
    if broken.any():
        simplified[broken] = cleaned[broken]
        still = broken & (shapely.is_empty(simplified) | ~shapely.is_valid(simplified))
        simplified[still] = original[still]
    return simplified, int(broken.sum())


def _to_metric(gdf: gpd.GeoDataFrame, crs: CRS | None) -> tuple[np.ndarray, CRS]:
    if gdf.crs is None:
        raise ValueError("simplify: the layer has no CRS (EPSG:4326 expected)")
    crs = crs or equal_area_crs(gdf)
    return np.asarray(gdf.geometry.to_crs(crs).to_numpy(), dtype=object), crs


def _invalid_edge_count(geoms: np.ndarray) -> int:
    """Polygons that still have edges breaking the coverage (overlaps, unmatched shared edges)."""
    if len(geoms) == 0:
        return 0
    return int((~shapely.is_empty(shapely.coverage_invalid_edges(geoms))).sum())


def _union_by_prefix(kode: pd.Series, geoms: np.ndarray, length: int) -> tuple[pd.Index, np.ndarray]:
    """Union of cleaned polygons grouped by code prefix: coverage union (fast, exact on a valid
    coverage), redone with a full overlay union where it comes out invalid (e.g. nested shells)."""
    groups = pd.Series(np.arange(len(geoms))).groupby(kode.str[:length].to_numpy(), sort=True)
    keys, members = zip(*((key, idx.to_numpy()) for key, idx in groups)) if len(geoms) else ((), ())
    unions = np.asarray([shapely.coverage_union_all(geoms[idx]) for idx in members], dtype=object)
    for i in np.flatnonzero(~shapely.is_valid(unions)):
        unions[i] = _polygonal_valid(np.asarray([shapely.union_all(geoms[members[i]])], dtype=object))[0]
    return pd.Index(list(keys)), unions


def _changed(before: np.ndarray, after: np.ndarray) -> int:
    """How many polygons cleaning changed by more than 1 m² of area (metric CRS)."""
    return int((np.abs(shapely.area(after) - shapely.area(before)) > 1.0).sum()) if len(before) else 0


class LevelLayer(NamedTuple):
    """The web layers of one level (frames `kode, geometry` in EPSG:4326, sorted by kode)."""

    simplified: gpd.GeoDataFrame
    stats: SimplifyStats
    cleaned: gpd.GeoDataFrame                     # sliver-free, unsimplified
    overview: gpd.GeoDataFrame | None = None      # coarser, for the whole layer on one screen (step 4b)
    overview_stats: SimplifyStats | None = None


def overview_tolerance_m(metric_geoms: np.ndarray) -> float:
    """Overview tolerance (m) of a layer in a metric CRS: its bounding-box diagonal / OVERVIEW_DIVISOR."""
    if len(metric_geoms) == 0:
        return 0.0
    x0, y0, x1, y1 = shapely.total_bounds(metric_geoms)
    return float(np.hypot(x1 - x0, y1 - y0) / OVERVIEW_DIVISOR)


def simplified_levels(
    kelurahan_gdf: gpd.GeoDataFrame,
    tolerances: dict[str, float] | None = None,
    gap_width_m: float = 20.0,
    overview_tolerance: float | None = None,
) -> dict[str, LevelLayer]:
    """Web layers for kelurahan, kecamatan and kabupaten (`LevelLayer` per level).

    The villages are cleaned into one coverage once (module docstring); kecamatan and kabupaten are its
    unions by code prefix (`cleaned`, not simplified: sliver-free full geometry for those levels); each
    level is then simplified with its tolerance (metres; defaults `DEFAULT_TOLERANCES_M`).
    `vertices_before` counts the level's cleaned input to the simplifier. A level gets an `overview`
    when the overview tolerance (metres; default `overview_tolerance_m` of the layer) is more than 1.5
    times its own; it is the simplified level simplified again with that tolerance.
    """
    tolerances = {**DEFAULT_TOLERANCES_M, **(tolerances or {})}
    kel = kelurahan_gdf.sort_values("kode", kind="stable").reset_index(drop=True)
    metric, crs = _to_metric(kel, None)
    started = time.perf_counter()
    original = _polygonal_valid(metric)
    cleaned, collapsed = clean_coverage(original, gap_width_m)
    changed = _changed(original, cleaned)
    clean_seconds = time.perf_counter() - started

    def frame(keys: pd.Index, geoms: np.ndarray) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame({"kode": keys.to_numpy(dtype=object)},
                                geometry=gpd.GeoSeries(geoms, crs=crs).to_crs(4326).values, crs=4326)

    if overview_tolerance is None:
        overview_tolerance = overview_tolerance_m(cleaned)
    result: dict[str, LevelLayer] = {}
    kode = kel["kode"].astype(str)
    for level in LEVELS:
        t0 = time.perf_counter()
        if level == "kelurahan":
            keys, level_clean, level_orig = pd.Index(kode), cleaned, original
        else:
            keys, level_clean = _union_by_prefix(kode, cleaned, PREFIX_LENGTH[level])
            level_orig = level_clean
        simplified, fallbacks = _simplify_metric(level_clean, tolerances[level], level_orig)
        stats = SimplifyStats(
            level=level, tolerance_m=float(tolerances[level]), features=len(keys),
            vertices_before=int(shapely.get_num_coordinates(level_clean).sum()),
            vertices_after=int(shapely.get_num_coordinates(simplified).sum()),
            changed_by_cleaning=changed if level == "kelurahan" else 0,
            invalid_edges_after=_invalid_edge_count(simplified),
            fallbacks=fallbacks + (collapsed if level == "kelurahan" else 0),
            seconds=round(time.perf_counter() - t0 + (clean_seconds if level == "kelurahan" else 0), 3),
        )
        overview = overview_stats = None
        if overview_tolerance > 1.5 * tolerances[level]:
            t1 = time.perf_counter()
            coarse, coarse_fallbacks = _simplify_metric(simplified, overview_tolerance, simplified)
            overview = frame(keys, coarse)
            overview_stats = SimplifyStats(
                level=f"{level}_overview", tolerance_m=round(overview_tolerance, 1), features=len(keys),
                vertices_before=stats.vertices_after, vertices_after=int(shapely.get_num_coordinates(coarse).sum()),
                changed_by_cleaning=0, invalid_edges_after=_invalid_edge_count(coarse), fallbacks=coarse_fallbacks,
                seconds=round(time.perf_counter() - t1, 3),
            )
        result[level] = LevelLayer(frame(keys, simplified), stats, frame(keys, level_clean), overview, overview_stats)
    return result


def web_geojson(geoms: np.ndarray | gpd.GeoSeries, decimals: int = 5) -> np.ndarray:
    """GeoJSON geometry strings for EPSG:4326 geometries, coordinates on a 10^-decimals degree grid
    (5 decimals ~ 1.1 m). `set_precision` keeps the result valid; a geometry it would empty is
    rounded at one more decimal instead."""
    geoms = np.asarray(geoms, dtype=object)
    grid = 10.0 ** -decimals
    snapped = np.asarray(shapely.set_precision(geoms, grid), dtype=object)
    lost = shapely.is_empty(snapped) & ~shapely.is_empty(geoms)
    if lost.any():
        snapped[lost] = shapely.transform(geoms[lost], lambda xy: np.round(xy, decimals + 1))
    return np.asarray(shapely.to_geojson(snapped), dtype=object)
