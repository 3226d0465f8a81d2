"""Province scale (issue 9), on small fixtures: the simplified web layers keep every desa and neighbours keep
sharing edges; a province build gives the same indicators as building each kabupaten on its own; the big map
layer is served as a static file whose colours travel as one character per feature."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import map_spec
from paths import APP, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import national_layer, write_eppgbm, write_layer  # noqa: E402

from geo.boundaries import read_boundaries  # noqa: E402
from geo.store import write_places  # noqa: E402
from pipelines.indicators import growth as indicators  # noqa: E402
from pipelines.inputs import readers  # noqa: E402
from pipelines.settings import Settings  # noqa: E402
from pipelines.sqlfiles import install_macros  # noqa: E402

KEY = "k" * 64
LEVELS = ("kelurahan", "kecamatan", "kabupaten")


def _layers(con, column: str = "geojson") -> dict[str, gpd.GeoSeries]:
    out = {}
    for level in LEVELS:
        frame = con.execute(f"SELECT kode, {column} AS geojson FROM {level} ORDER BY kode").df()
        geoms = shapely.from_geojson(frame["geojson"].to_numpy(dtype=object))
        out[level] = gpd.GeoSeries(geoms, index=frame["kode"], crs=4326)
    return out


def _neighbour_pairs(geoms: gpd.GeoSeries, min_shared_m: float = 1.0) -> set[tuple[str, str]]:
    """Pairs of codes whose polygons share a border longer than `min_shared_m` metres."""
    metric = geoms.to_crs(geoms.estimate_utm_crs())
    arr = metric.to_numpy()
    left, right = shapely.STRtree(arr).query(arr, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(arr[left]), shapely.boundary(arr[right])))
    codes = geoms.index.to_numpy()
    return {(codes[a], codes[b]) for a, b, s in zip(left, right, shared) if s > min_shared_m}


def _assert_topology(con, kelurahan: gpd.GeoDataFrame, column: str = "geojson") -> None:
    layers = _layers(con, column)
    desa = layers["kelurahan"]
    # every desa is there, with a non-empty valid polygon
    assert sorted(desa.index) == sorted(kelurahan["kode"])
    assert not desa.is_empty.any() and desa.is_valid.all()
    assert set(layers["kecamatan"].index) == set(kelurahan["kode"].str[:8])
    assert set(layers["kabupaten"].index) == set(kelurahan["kode"].str[:5])
    for level, geoms in layers.items():
        arr = geoms.to_numpy()
        assert shapely.is_valid(arr).all(), level
        # a valid coverage: no overlaps, and every shared edge is the same line in both neighbours
        assert shapely.is_empty(shapely.coverage_invalid_edges(arr)).all(), level
    # neighbours in the input (border > 50 m) still share a border after simplification
    before = _neighbour_pairs(gpd.GeoSeries(kelurahan.geometry.to_numpy(), index=kelurahan["kode"], crs=4326), 50.0)
    after = _neighbour_pairs(desa)
    assert before, "fixture has neighbours"
    assert before <= after, sorted(before - after)[:5]


def _defective_grid(n: int = 120) -> gpd.GeoDataFrame:
    """A generated desa grid with the defects of real layers: overlapping neighbours (a desa grown by 40 m),
    a sliver gap (a desa shrunk by 5 m), a self-intersecting ring and a hole outside its shell."""
    gdf = national_layer(n)
    gdf = gdf[gdf["provinsi_kode"] == gdf["provinsi_kode"].iloc[0]].reset_index(drop=True)
    metric = gdf.geometry.to_crs(gdf.estimate_utm_crs())
    geoms = metric.to_numpy().copy()
    geoms[3] = shapely.buffer(geoms[3], 40.0, join_style="mitre")
    geoms[10] = shapely.buffer(geoms[10], -5.0, join_style="mitre")
    ring = np.asarray(shapely.get_coordinates(geoms[20]))
    bow = ring.copy()
    bow[[5, 30]] = bow[[30, 5]]  # two vertices swapped: the ring crosses itself
    geoms[20] = shapely.Polygon(bow)
    shell = shapely.get_exterior_ring(geoms[25])
    c = shapely.centroid(geoms[0])
    geoms[25] = shapely.Polygon(shapely.get_coordinates(shell), holes=[shapely.get_coordinates(shapely.buffer(c, 50.0).exterior)])
    out = gdf.copy()
    out = out.set_geometry(gpd.GeoSeries(geoms, crs=metric.crs).to_crs(4326).values)
    assert (~out.is_valid).sum() == 2
    return out


def test_simplified_layers_keep_every_desa_and_shared_edges(tmp_path):
    path = tmp_path / "grid.gpkg"
    write_layer(_defective_grid(), path)
    boundaries = read_boundaries(path, layer="desa")
    con = duckdb.connect()
    stats = write_places(con, boundaries)
    assert stats["kelurahan"]["vertices_after"] < stats["kelurahan"]["vertices_before"]
    _assert_topology(con, boundaries.kelurahan.to_crs(4326))


def test_overview_layers_keep_every_desa_and_shared_edges(tmp_path):
    """The coarser overview geometry of a province-size layer (served whole as a static file) is again a
    coverage with every desa, and neighbours still share edges."""
    path = tmp_path / "grid.gpkg"
    write_layer(_defective_grid(), path)
    boundaries = read_boundaries(path, layer="desa")
    con = duckdb.connect()
    stats = write_places(con, boundaries, overview_tolerance=1000.0)
    for level in LEVELS:
        overview = stats[f"{level}_overview"]
        assert overview["tolerance_m"] == 1000.0
        assert overview["vertices_after"] < stats[level]["vertices_after"], level
    assert con.execute("SELECT count(*) FROM kelurahan WHERE geojson_overview IS NULL").fetchone()[0] == 0
    _assert_topology(con, boundaries.kelurahan.to_crs(4326), "geojson_overview")


def test_jawa_timur_invalid_desa_are_kept_and_share_edges(shared_dir, tmp_path):
    """The 7 invalid Jawa Timur desa, with every desa of their kecamatan (overlapping real neighbours)."""
    gpkg = shared_dir / "data" / "boundaries" / "prov_jawa_timur_desa.gpkg"
    if not gpkg.exists():
        pytest.skip(f"{gpkg} is absent")
    raw = gpd.read_file(gpkg, layer="desa", engine="pyogrio")
    invalid = raw.loc[~raw.is_valid, "kode"]
    assert len(invalid) == 7
    subset = raw[raw["kecamatan_kode"].isin(invalid.str[:8])]
    path = tmp_path / "subset.gpkg"
    subset.to_file(path, layer="desa", driver="GPKG", engine="pyogrio")
    boundaries = read_boundaries(path, layer="desa")
    assert set(invalid) <= set(boundaries.kelurahan["kode"])
    con = duckdb.connect()
    write_places(con, boundaries)
    _assert_topology(con, boundaries.kelurahan.to_crs(4326))
    # the kecamatan layer's own invalid polygons (nested shells) are not used: kecamatan are unions of desa
    kec = _layers(con)["kecamatan"]
    assert kec.is_valid.all() and set(kec.index) == set(invalid.str[:8])


# --- province build == each kabupaten built separately ----------------------------------------------


def _kelurahan_table(con, gdf: gpd.GeoDataFrame) -> None:
    frame = pd.DataFrame(gdf.drop(columns="geometry"))[
        ["kode", "nama", "jenis", "kecamatan_kode", "kecamatan_nama", "kabupaten_kode", "kabupaten_nama"]]
    con.register("kel_frame", frame)
    con.execute("CREATE OR REPLACE TABLE kelurahan AS SELECT * FROM kel_frame")
    con.unregister("kel_frame")


def _build(gdf: gpd.GeoDataFrame, files: list[Path], sasaran: Path) -> pd.DataFrame:
    con = duckdb.connect()
    install_macros(con)
    _kelurahan_table(con, gdf)
    readers.load_sasaran(con, sasaran)
    readers.load_measurements(con, files, hash_key=KEY)
    indicators.build_growth_indicators(con, Settings())
    return con.execute("SELECT * FROM indicators ORDER BY level, kode, period, indicator").df()


@pytest.fixture(scope="module")
def multi_kabupaten(tmp_path_factory):
    """About 600 generated desa in several kabupaten, 12,000 e-PPGBM rows, one CSV and one Parquet file per
    kabupaten (as exports come per area) plus the sasaran file."""
    root = tmp_path_factory.mktemp("province")
    gdf = national_layer(600)
    gdf = gdf[gdf["provinsi_kode"] == gdf["provinsi_kode"].iloc[0]].reset_index(drop=True)
    layer = root / "prov.gpkg"
    write_layer(gdf, layer)
    paths = write_eppgbm(layer, 12_000, root / "all", ("csv",), "desa", threads=1)
    con = duckdb.connect()
    files: dict[str, dict[str, Path]] = {}
    for kab_kode, kab_nama in sorted(set(zip(gdf["kabupaten_kode"], gdf["kabupaten_nama"]))):
        files[kab_kode] = {}
        for fmt, opts in (("csv", "(FORMAT csv, DELIMITER ';', HEADER true)"), ("parquet", "(FORMAT parquet)")):
            out = root / f"eppgbm_{kab_kode}.{fmt}"
            con.execute(f"COPY (SELECT * FROM read_csv($p, delim=';', header=true, all_varchar=true) "
                        f"WHERE \"Kab/Kota\" = upper($k)) TO '{out}' {opts}", {"p": str(paths["csv"]), "k": kab_nama})
            files[kab_kode][fmt] = out
    assert len(files) >= 3
    return gdf, files, paths["sasaran"]


def test_province_build_equals_kabupaten_builds_rolled_up(multi_kabupaten):
    gdf, files, sasaran = multi_kabupaten
    province = _build(gdf, [f["parquet"] for f in files.values()], sasaran)
    assert set(province["level"]) == set(LEVELS)
    assert province.loc[province["indicator"] == "stunting", "denominator"].sum() > 0

    parts = []
    for kab_kode, f in files.items():
        part = _build(gdf[gdf["kabupaten_kode"] == kab_kode], [f["csv"]], sasaran)
        assert set(part.loc[part["level"] == "kabupaten", "kode"]) == {kab_kode}
        parts.append(part)
    separate = pd.concat(parts).sort_values(["level", "kode", "period", "indicator"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(province.reset_index(drop=True), separate, check_exact=False, rtol=1e-12)

    # rolling the kabupaten up to the province gives the province build's totals over its desa
    kab = separate[separate["level"] == "kabupaten"].groupby(["period", "indicator"])[["numerator", "denominator"]].sum()
    desa = province[province["level"] == "kelurahan"].groupby(["period", "indicator"])[["numerator", "denominator"]].sum()
    pd.testing.assert_frame_equal(kab, desa)


# --- large layers: static file + colour characters ------------------------------------------------------


def test_static_layer_file_and_colour_codes(tmp_path, monkeypatch):
    from dashboard import layers

    gdf = national_layer(60)
    path = tmp_path / "grid.gpkg"
    write_layer(gdf, path)
    con = duckdb.connect()
    write_places(con, read_boundaries(path, layer="desa"))
    out = layers.write_layer_file(con, "kelurahan", tmp_path / "static" / "kelurahan.geojson")
    collection = json.loads(out.read_text())
    props = [f["properties"] for f in collection["features"]]
    codes = sorted(gdf["kode"])
    assert [p["kode"] for p in props] == codes and [p["i"] for p in props] == list(range(len(codes)))
    assert all(shapely.is_valid(shapely.from_geojson(json.dumps(f["geometry"]))) for f in collection["features"])

    assert all(f["i"] == f["properties"]["i"] for f in collection["features"])

    # a palette index per feature in file order; features missing from the frame get the no-data entry
    frame_kode = pd.Series(codes[::-1][:-1])  # any order, last code absent
    index = (np.arange(len(frame_kode)) // 3) % 5
    per_feature = layers.feature_classes(codes, frame_kode, index, missing=5)
    expected = dict(zip(frame_kode, index))
    assert per_feature.tolist() == [expected.get(k, 5) for k in codes]
    # the fill expression (conditional tree over runs) gives every feature its palette colour
    palette = [[k, 2 * k, 3 * k, 255] for k in range(6)]
    expression = layers.fill_expression(palette, per_feature)
    assert "(" not in expression and len(expression) < 40 * len(codes)
    assert [_evaluate(expression, i) for i in range(len(codes))] == [palette[c] for c in per_feature]


def _evaluate(expression: str, i: int) -> list[int]:
    """Evaluate `i<N?A:B` trees with JSON-array leaves, as deck.gl's expression evaluator would."""
    pos = 0

    def node():
        nonlocal pos
        if expression.startswith("i<", pos):
            q = expression.index("?", pos)
            bound = int(expression[pos + 2:q])
            pos = q + 1
            left = node()
            assert expression[pos] == ":"
            pos += 1
            right = node()
            return left if i < bound else right
        end = expression.index("]", pos) + 1
        leaf = json.loads(expression[pos:end])
        pos = end
        return leaf

    return node()


def test_map_page_serves_large_layers_as_static_files(tmp_path, monkeypatch):
    """With the inline limit lowered, the Peta page references the desa layer by URL, colours travel in the
    fill expression only, a period change recolours without changing the URL, and the levels switch."""
    from streamlit.testing.v1 import AppTest

    from dashboard import layers
    from dashboard_fixture import PERIODS, build_fixture_db

    db = build_fixture_db(tmp_path / "fixture.duckdb")
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    monkeypatch.setattr(layers, "INLINE_MAX", 3)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception

    def spec():
        deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        return {item["id"]: item for item in deck["layers"]}

    first = spec()["kelurahan"]
    url = first["data"]
    assert isinstance(url, str) and url.startswith("/app/static/layers/") and url.endswith(".geojson")
    features = map_spec.features(first)
    con = duckdb.connect(str(db), read_only=True)
    truth = con.execute("SELECT k.kode, i.value FROM kelurahan k LEFT JOIN indicators i ON i.kode = k.kode AND "
                        "i.level = 'kelurahan' AND i.indicator = 'stunting' AND i.period = ? ORDER BY k.kode",
                        [at.selectbox(key="map_period").value]).df()
    con.close()
    assert [f["properties"]["kode"] for f in features] == truth["kode"].tolist()
    fills = map_spec.fills(first)
    colours = [fills[kode] for kode in truth["kode"]]
    # WHO classes: features with the same class have the same colour; no value -> the no-data grey
    no_data = [217, 217, 217, 255]
    assert all((c == no_data) == pd.isna(v) for c, v in zip(colours, truth["value"]))
    assert len({tuple(c) for c, v in zip(colours, truth["value"]) if not pd.isna(v)}) >= 2

    def trigger(item):
        return item["_subLayerProps"]["polygons-fill"]["updateTriggers"]

    other = [p for p in PERIODS if p != at.selectbox(key="map_period").value][0]
    at.selectbox(key="map_period").set_value(other)
    at.run()
    assert not at.exception, at.exception
    second = spec()["kelurahan"]
    assert second["data"] == url and trigger(second) != trigger(first)

    at.selectbox(key="map_level").set_value("kecamatan")
    at.run()
    assert not at.exception, at.exception
    kec = spec()["kelurahan"]
    con = duckdb.connect(str(db), read_only=True)
    n_kec = con.execute("SELECT count(*) FROM kecamatan").fetchone()[0]
    con.close()
    kec_features = map_spec.features(kec)  # one feature per kecamatan, from the kecamatan view file
    assert {f["properties"]["kode"] for f in kec_features} <= set(truth["kode"].str[:8])
    assert len(kec_features) == n_kec
