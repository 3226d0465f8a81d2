"""The simplified web layers (geo.simplify, geo.store) and the posyandu point-in-polygon check (geo.posyandu),
on Kota Bengkulu (real: overlaps and slivers between neighbours) and on the generated demo city.

Web layer: every kelurahan keeps a polygon, neighbours still share their edges (a valid coverage, checked
with `shapely.coverage_is_valid` and shared boundary lengths), the slivers are gone, areas barely move.
Posyandu: ok / outside_declared / outside_all / no_coordinates as geo/posyandu.py defines them.
"""
from __future__ import annotations

import json

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.boundaries import equal_area_crs, read_boundaries
from geo.posyandu import OUTPUT_COLUMNS, STATUSES, reconcile_posyandu
from geo.simplify import DEFAULT_TOLERANCES_M, simplified_levels
from geo.store import read_places, write_places
from pipelines.demo.places import kelurahan_geojson, make_places, make_posyandu

GAP_M = 20.0  # geo.simplify's default sliver width


@pytest.fixture(scope="module")
def bengkulu(shared_dir):
    path = shared_dir / "data" / "boundaries" / "kota_bengkulu_kelurahan.geojson"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return read_boundaries(path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Kota Contoh (fiktif) as the demo writes it (seed 2024: make_places draws first), read back through
    read_boundaries like any kabupaten's file; also the Places for the posyandu generator."""
    places = make_places(np.random.default_rng(2024))
    path = tmp_path_factory.mktemp("demo") / "kota_contoh_fiktif_kelurahan.geojson"
    path.write_text(json.dumps(kelurahan_geojson(places)), encoding="utf-8")
    return read_boundaries(path), places


@pytest.fixture(scope="module", params=["kota_bengkulu", "kota_contoh_fiktif"])
def layer(request):
    """(name, Boundaries) for each test layer."""
    if request.param == "kota_bengkulu":
        return request.param, request.getfixturevalue("bengkulu")
    return request.param, request.getfixturevalue("demo")[0]


def _metric(gdf: gpd.GeoDataFrame, crs) -> np.ndarray:
    return np.asarray(gdf.geometry.to_crs(crs).to_numpy(), dtype=object)


def _holes(coverage: np.ndarray) -> int:
    return int(shapely.get_num_interior_rings(shapely.get_parts(shapely.union_all(coverage))).sum())


# ------------------------------------------------------------------------------------------- web layer


def test_web_layers_keep_every_place_and_stay_a_coverage(layer):
    name, b = layer
    kel = b.kelurahan
    levels = simplified_levels(kel)
    expected = {"kelurahan": sorted(kel["kode"]), "kecamatan": sorted(kel["kecamatan_kode"].unique()),
                "kabupaten": sorted(kel["kabupaten_kode"].unique())}
    for level, (simplified, stats, cleaned, overview, _) in levels.items():
        assert overview is None, level  # a city or kabupaten is small enough to draw in full detail
        geoms = simplified.geometry.to_numpy()
        assert simplified["kode"].tolist() == expected[level], level
        assert simplified.crs.to_epsg() == 4326
        assert not shapely.is_empty(geoms).any(), level
        assert shapely.is_valid(geoms).all(), level
        assert np.isin(shapely.get_type_id(geoms), (3, 6)).all(), level
        assert shapely.coverage_is_valid(geoms), level
        assert shapely.coverage_is_valid(_metric(simplified, equal_area_crs(kel))), level
        assert stats.invalid_edges_after == 0 and stats.fallbacks == 0, (level, stats)
        assert stats.tolerance_m == DEFAULT_TOLERANCES_M[level]
        assert stats.vertices_after < stats.vertices_before, (level, stats)
        assert shapely.coverage_is_valid(cleaned.geometry.to_numpy()), level
    assert len(levels["kabupaten"][0]) == 1


def test_neighbours_still_share_edges_and_slivers_are_gone(layer):
    """Every pair of kelurahan that touch along more than 100 m in the file share an edge in the web
    layer, at least 60 % as long; the slivers between neighbours (holes of the union) are gone."""
    name, b = layer
    kel = b.kelurahan
    crs = equal_area_crs(kel)
    raw = _metric(kel, crs)
    web = _metric(simplified_levels(kel)["kelurahan"][0], crs)

    i, j = shapely.STRtree(raw).query(raw, predicate="dwithin", distance=GAP_M)
    i, j = i[i < j], j[i < j]
    # contact along a border in the file: overlaps and slivers make it fuzzy, so count border within 20 m
    contact = shapely.length(shapely.intersection(shapely.boundary(raw[i]), shapely.buffer(raw[j], GAP_M)))
    neighbours = contact > 100.0
    shared = shapely.length(shapely.intersection(shapely.boundary(web[i]), shapely.boundary(web[j])))
    assert neighbours.sum() >= len(kel)  # a real adjacency graph, not a handful of pairs
    lost = [(kel["kode"][a], kel["kode"][c]) for a, c in zip(i[neighbours & (shared == 0)], j[neighbours & (shared == 0)])]
    assert not lost, f"{name}: neighbours no longer sharing an edge: {lost}"
    assert (shared[neighbours] >= 0.6 * contact[neighbours]).all()
    # no new adjacency out of nowhere: every shared edge in the web layer was a contact in the file
    wi, wj = shapely.STRtree(web).query(web, predicate="touches")
    web_pairs = {(a, c) for a, c in zip(wi, wj) if a < c
                 and shapely.length(shapely.intersection(shapely.boundary(web[a]), shapely.boundary(web[c]))) > 1}
    assert web_pairs <= set(zip(i, j))

    assert _holes(web) == 0
    if name == "kota_bengkulu":
        assert _holes(raw) > 100  # README: neighbours overlap and leave slivers (184 holes in the union)

    area_raw, area_web = shapely.area(raw), shapely.area(web)
    assert np.abs(area_web / area_raw - 1).max() < 0.05
    assert area_web.sum() == pytest.approx(shapely.area(shapely.union_all(raw)), rel=0.005)


def test_demo_is_already_a_clean_coverage(demo):
    b, _ = demo
    kel = b.kelurahan
    assert len(kel) == 60 and kel["kecamatan_kode"].nunique() == 8
    assert shapely.coverage_is_valid(kel.geometry.to_numpy())
    stats = simplified_levels(kel)["kelurahan"][1]
    assert stats.changed_by_cleaning == 0


def test_stored_web_geojson_is_still_a_coverage(bengkulu):
    """What the browser gets: the `geojson` column, rounded to 1e-5 degrees, per level."""
    con = duckdb.connect()
    try:
        stats = write_places(con, bengkulu)
        counts = {"kelurahan": 67, "kecamatan": 9, "kabupaten": 1}
        for level, n in counts.items():
            web = read_places(con, level, simplified=True)
            assert len(web) == n, level
            geoms = web.geometry.to_numpy()
            assert not shapely.is_empty(geoms).any() and shapely.is_valid(geoms).all(), level
            assert shapely.coverage_is_valid(geoms), level
            full = read_places(con, level)
            assert web["kode"].tolist() == full["kode"].tolist()
        assert stats["kelurahan"]["invalid_edges_after"] == 0
        report = con.sql('SELECT "check", count FROM boundary_report').df().set_index("check")["count"]
        assert report["coverage_cleaned"] > 0  # Bengkulu's overlaps were cleaned for the web map
        assert report["features_kept"] == 67
    finally:
        con.close()


# -------------------------------------------------------------------------------------------- posyandu


def _inside_only(kel: gpd.GeoDataFrame, kode: str) -> shapely.Point:
    """A point inside `kode` and inside no other polygon of the layer."""
    geoms = kel.set_index("kode").geometry
    others = shapely.union_all(geoms.drop(kode).to_numpy())
    return shapely.point_on_surface(geoms[kode].difference(others.buffer(1e-4)))


def _neighbour_of(kel: gpd.GeoDataFrame, kode: str) -> str:
    geoms = kel.set_index("kode").geometry
    touching = geoms.drop(kode)[geoms.drop(kode).intersects(geoms[kode].buffer(1e-4))]
    return touching.index[0]


def test_posyandu_statuses_on_kota_bengkulu(bengkulu):
    kel = bengkulu.kelurahan
    home = "17.71.01.1001"  # Pagar Dewa
    nb = _neighbour_of(kel, home)
    p_home, p_nb = _inside_only(kel, home), _inside_only(kel, nb)
    utm = "EPSG:32748"
    west = kel.to_crs(utm).total_bounds[0] - 2000.0  # 2 km west of the westernmost coast: the sea
    y = kel.to_crs(utm).geometry[kel["kode"] == home].iloc[0].centroid.y
    sea = gpd.GeoSeries([shapely.Point(west, y)], crs=utm).to_crs(4326).iloc[0]

    rows = [
        ("A", home, p_home.x, p_home.y),                        # in its kelurahan
        ("B", home, p_nb.x, p_nb.y),                            # in the neighbour
        ("C", home, sea.x, sea.y),                              # in the sea
        ("D", home, None, None),                                # no coordinates
        ("E", home, 0.0, 0.0),                                  # (0, 0): a GPS default, not a place
        ("F", home, "abc", "def"),                              # not numbers
        ("G", home, 102.3, 95.0),                               # latitude out of range
        ("H", home.replace(".", ""), f"{p_home.x:.6f}".replace(".", ","), f"{p_home.y:.6f}".replace(".", ",")),
        ("I", "17.71.99.1999", p_home.x, p_home.y),             # declared code not in the layer
    ]
    pos = pd.DataFrame(rows, columns=["posyandu_id", "kode", "lon", "lat"]).assign(nama=lambda f: "Posyandu " + f["posyandu_id"])
    out = reconcile_posyandu(pos, kel).set_index("posyandu_id")

    assert list(out.reset_index().columns) == OUTPUT_COLUMNS
    assert set(out["status"]) <= set(STATUSES)
    assert out["status"].to_dict() == {
        "A": "ok", "B": "outside_declared", "C": "outside_all", "D": "no_coordinates", "E": "no_coordinates",
        "F": "no_coordinates", "G": "no_coordinates", "H": "ok", "I": "outside_declared",
    }
    assert out.loc["A", "kode_spatial"] == home and out.loc["A", "distance_m"] == 0
    assert out.loc["H", "kode_declared"] == home  # undotted declared code, decimal-comma coordinates
    assert out.loc["B", "kode_spatial"] == nb and out.loc["B", "kode_declared"] == home
    assert pd.isna(out.loc["C", "kode_spatial"])
    assert out.loc[["D", "E", "F", "G"], "distance_m"].isna().all()
    assert out.loc[["D", "E", "F", "G"], "kode_spatial"].isna().all()
    assert np.isnan(out.loc["I", "distance_m"])  # no polygon to measure to

    # distances: geodesic metres to the nearest point of the declared polygon, checked in UTM 48S
    home_utm = kel.to_crs(utm).set_index("kode").geometry[home]
    for pid, pt in (("B", p_nb), ("C", sea)):
        expected = gpd.GeoSeries([pt], crs=4326).to_crs(utm).iloc[0].distance(home_utm)
        assert out.loc[pid, "distance_m"] == pytest.approx(expected, rel=0.01), pid
    assert out.loc["C", "distance_m"] > 1500


def test_posyandu_in_an_overlap_between_neighbours(bengkulu):
    """The source's neighbours overlap (README): a point in both belongs to its declared kelurahan if that
    is one of them, else to the first in layer order."""
    kel = bengkulu.kelurahan
    geoms = kel.geometry.to_numpy()
    i, j = shapely.STRtree(geoms).query(geoms, predicate="overlaps")
    i, j = i[i < j], j[i < j]
    overlap = shapely.intersection(geoms[i], geoms[j])
    k = int(np.argmax(shapely.area(overlap)))  # the biggest overlap (~3,700 m²)
    first, second = kel["kode"][i[k]], kel["kode"][j[k]]
    pt = shapely.point_on_surface(overlap[k])
    third = next(c for c in kel["kode"] if c not in (first, second))
    pos = pd.DataFrame({"posyandu_id": ["P1", "P2", "P3"], "nama": ["a", "b", "c"],
                        "kode": [second, first, third], "lon": [pt.x] * 3, "lat": [pt.y] * 3})
    out = reconcile_posyandu(pos, kel).set_index("posyandu_id")
    assert out["status"].tolist() == ["ok", "ok", "outside_declared"]
    assert out["kode_spatial"].tolist() == [second, first, first]


def test_posyandu_of_the_demo_match_the_generator_truth(demo):
    b, places = demo
    rng = np.random.default_rng(11)
    pos, outside = make_posyandu(places, np.full(len(places.kelurahan), 3), rng)
    out = reconcile_posyandu(pos[["posyandu_id", "nama", "kode", "lon", "lat"]], b.kelurahan).set_index("posyandu_id")

    assert len(out) == 180
    neighbour = outside[outside["kode_actual"] != ""].set_index("posyandu_id")
    city = outside[outside["kode_actual"] == ""].set_index("posyandu_id")
    no_coords = pos.loc[pos["lon"].isna(), "posyandu_id"]
    assert len(neighbour) == 4 and len(city) == 1 and len(no_coords) == 2

    assert (out.loc[neighbour.index, "status"] == "outside_declared").all()
    assert (out.loc[neighbour.index, "kode_spatial"] == neighbour["kode_actual"]).all()
    assert (out.loc[neighbour.index, "distance_m"] > 0).all()
    assert (out.loc[city.index, "status"] == "outside_all").all()
    assert (out.loc[no_coords, "status"] == "no_coordinates").all()
    assert out["status"].value_counts().to_dict() == {"ok": 173, "outside_declared": 4, "no_coordinates": 2,
                                                       "outside_all": 1}
    ok = out["status"] == "ok"
    assert (out.loc[ok, "kode_spatial"] == out.loc[ok, "kode_declared"]).all()


def test_posyandu_empty_list():
    kel = gpd.GeoDataFrame({"kode": ["17.71.01.1001"]}, geometry=[shapely.box(102.26, -3.80, 102.27, -3.79)], crs=4326)
    out = reconcile_posyandu(pd.DataFrame(columns=["posyandu_id", "nama", "kode", "lon", "lat"]), kel)
    assert out.empty and list(out.columns) == OUTPUT_COLUMNS
