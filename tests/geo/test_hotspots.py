"""Hot spots equal esda's own output for the same queen weights and seed; islands and gaps are labelled."""
from __future__ import annotations

import duckdb
import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from libpysal.weights import Queen

from geo.hotspots import hotspots, queen_weights
from lokus_fixture import build_fixture_db

PERMS, SEED = 199, 4321


@pytest.fixture(scope="module")
def places_values(tmp_path_factory):
    db = build_fixture_db(tmp_path_factory.mktemp("hot") / "fixture.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    frame = con.execute("SELECT kode, geom_wkb FROM kelurahan ORDER BY kode").df()
    values = con.execute(
        "SELECT kode, value FROM indicators WHERE level = 'kelurahan' AND indicator = 'stunting' AND period = '2025-08'"
    ).df().set_index("kode")["value"]
    con.close()
    places = gpd.GeoDataFrame(frame[["kode"]], geometry=shapely.from_wkb([bytes(b) for b in frame["geom_wkb"]]), crs=4326)
    return places, values


def test_equals_esda(places_values):
    places, values = places_values
    out = hotspots(places, values, permutations=PERMS, seed=SEED)
    w = Queen.from_dataframe(places, ids=places["kode"].tolist(), use_index=False)
    y = places["kode"].map(values).to_numpy()
    lisa = esda.Moran_Local(y, w, transformation="r", permutations=PERMS, seed=SEED, n_jobs=1)
    w2 = Queen.from_dataframe(places, ids=places["kode"].tolist(), use_index=False)
    gi = esda.G_Local(y, w2, transform="B", star=True, permutations=PERMS, seed=SEED, n_jobs=1)
    np.testing.assert_allclose(out["lisa_i"], lisa.Is)
    np.testing.assert_allclose(out["lisa_p"], lisa.p_sim)
    np.testing.assert_allclose(out["gi_z"], gi.Zs)
    np.testing.assert_allclose(out["gi_p"], gi.p_sim)
    expected = np.where(lisa.p_sim < 0.05, pd.Series(lisa.q).map({1: "HH", 2: "LH", 3: "LL", 4: "HL"}), "ns")
    assert out["lisa_cluster"].tolist() == expected.tolist()
    # the planted cluster (rows 0-1, columns 0-1) is a hot spot
    hot = set(out.loc[out["gi_class"] == "hot", "kode"])
    assert {"99.71.01.1001", "99.71.01.1006"} <= hot


def test_fixed_seed_is_reproducible(places_values):
    places, values = places_values
    a = hotspots(places, values, permutations=PERMS, seed=SEED)
    b = hotspots(places, values, permutations=PERMS, seed=SEED)
    pd.testing.assert_frame_equal(a, b)


def test_islands_and_missing_values(places_values):
    places, values = places_values
    island = gpd.GeoDataFrame({"kode": ["99.71.02.9999"]}, geometry=[shapely.box(101.0, -2.0, 101.01, -1.99)], crs=4326)
    more = pd.concat([places, island], ignore_index=True)
    vals = values.copy()
    vals["99.71.02.9999"] = 0.9
    vals = vals.drop("99.71.02.1025")  # one kelurahan without a value
    out = hotspots(more, vals, permutations=PERMS, seed=SEED).set_index("kode")
    assert out.loc["99.71.02.9999", "lisa_cluster"] == "island" and out.loc["99.71.02.9999", "gi_class"] == "island"
    assert np.isnan(out.loc["99.71.02.9999", "gi_z"])
    assert out.loc["99.71.02.1025", "gi_class"] == "no_data"
    # the rest equals esda on the kelurahan that have a value and a neighbour
    rest = places[places["kode"] != "99.71.02.1025"].reset_index(drop=True)
    w = queen_weights(rest)
    assert not w.islands
    gi = esda.G_Local(rest["kode"].map(vals).to_numpy(), w, transform="B", star=True, permutations=PERMS, seed=SEED, n_jobs=1)
    np.testing.assert_allclose(out.loc[rest["kode"], "gi_z"], gi.Zs)


def test_too_few_or_constant_values_are_not_tested(places_values):
    places, values = places_values
    out = hotspots(places, pd.Series(0.2, index=values.index))
    assert set(out["gi_class"]) == {"ns"} and out["gi_z"].isna().all()
    with pytest.raises(ValueError):
        hotspots(places, values, permutations=0)
