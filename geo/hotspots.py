"""Hot spots of one indicator: local Moran's I (LISA) and Getis-Ord Gi* with queen contiguity.

Settings (the same for the map layer and the lokus criterion):
- Weights: queen contiguity (`libpysal.weights.Queen`: polygons sharing an edge or a corner are neighbours),
  built on the full boundary geometry (`geom_wkb`), not the simplified web geometry.
- Local Moran's I: `esda.Moran_Local(y, w, transformation="r", permutations, seed)` (row-standardised
  weights). Cluster type from the quadrant `q` (1 HH, 2 LH, 3 LL, 4 HL) when the pseudo p-value `p_sim`
  is below `alpha`, else `ns`.
- Getis-Ord Gi*: `esda.G_Local(y, w, transform="B", star=True, permutations, seed)` (binary weights,
  the kelurahan itself included in its own neighbourhood). `gi_z` is the standardised statistic `Zs`
  (positive = high values cluster around this kelurahan); hot spot when `p_sim` < `alpha` and z > 0,
  cold spot when z < 0.
- Permutations: 999 by default with a fixed seed (12345), so a rerun gives the same p-values.
- Missing values: kelurahan without a value take no part (the weights are built on the others).
- Islands: a kelurahan with no neighbour among those with values has no local statistic; it is
  reported as `island` (and its `gi_z` is missing), and the rest are analysed without it.
- Fewer than `MIN_AREAS` analysable kelurahan, or all values equal: every kelurahan is `ns`.
"""
from __future__ import annotations

import warnings

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.weights import Queen, W

DEFAULT_PERMUTATIONS = 999
DEFAULT_SEED = 12345
DEFAULT_ALPHA = 0.05
MIN_AREAS = 5
LISA_LABELS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


def read_places(con) -> gpd.GeoDataFrame:
    """kode, nama and full geometry of every kelurahan (EPSG:4326), sorted by kode."""
    from geo.store import read_places as store_read_places

    return store_read_places(con)[["kode", "nama", "geometry"]].reset_index(drop=True)


def queen_weights(places: gpd.GeoDataFrame, id_column: str = "kode") -> W:
    """Queen contiguity weights (binary) for `places`, with ids from `id_column`, in row order."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands and disconnected components
        return Queen.from_dataframe(places, ids=places[id_column].tolist(), use_index=False, silence_warnings=True)


def hotspots(
    places: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = DEFAULT_ALPHA,
) -> pd.DataFrame:
    """Local Moran's I and Gi* of `values` (indexed by kelurahan code) over `places` (`kode`, geometry).

    Returns one row per place in `places` order: `kode, value, lisa_i, lisa_p, lisa_cluster
    (HH/LH/LL/HL/ns/island/no_data), gi_z, gi_p, gi_class (hot/cold/ns/island/no_data)`.
    """
    if not 1 <= permutations <= 9999:
        raise ValueError("permutations must be between 1 and 9999")
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1")
    out = pd.DataFrame({"kode": places["kode"].to_numpy()})
    out["value"] = out["kode"].map(values).astype("float64")
    out["lisa_i"] = np.nan
    out["lisa_p"] = np.nan
    out["lisa_cluster"] = np.where(out["value"].isna(), "no_data", "ns")
    out["gi_z"] = np.nan
    out["gi_p"] = np.nan
    out["gi_class"] = out["lisa_cluster"].copy()

    present = places[out["value"].notna().to_numpy()].reset_index(drop=True)
    if len(present) == 0:
        return out
    w = queen_weights(present)
    islands = set(w.islands)
    if islands:
        out.loc[out["kode"].isin(islands), ["lisa_cluster", "gi_class"]] = "island"
        present = present[~present["kode"].isin(islands)].reset_index(drop=True)
        if len(present) == 0:
            return out
        w = queen_weights(present)
    y = present["kode"].map(values).astype("float64").to_numpy()
    if len(present) < MIN_AREAS or np.allclose(y, y[0]):
        return out
    lisa, gi = local_statistics(y, w, permutations=permutations, seed=seed)
    position = out.set_index("kode").index.get_indexer(present["kode"])
    out.loc[position, "lisa_i"] = lisa.Is
    out.loc[position, "lisa_p"] = lisa.p_sim
    out.loc[position, "lisa_cluster"] = [
        LISA_LABELS[int(q)] if p < alpha else "ns" for q, p in zip(lisa.q, lisa.p_sim)
    ]
    out.loc[position, "gi_z"] = gi.Zs
    out.loc[position, "gi_p"] = gi.p_sim
    out.loc[position, "gi_class"] = [
        ("hot" if z > 0 else "cold") if p < alpha else "ns" for z, p in zip(gi.Zs, gi.p_sim)
    ]
    return out


def local_statistics(y: np.ndarray, w: W, *, permutations: int, seed: int) -> tuple[esda.Moran_Local, esda.G_Local]:
    """esda's local Moran's I (row-standardised) and Gi* (binary, star) for `y` on `w` (no islands)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # each statistic gets its own copy: esda re-transforms the weights object it is given
        lisa = esda.Moran_Local(y, _copy(w), transformation="r", permutations=permutations, seed=seed, n_jobs=1)
        gi = esda.G_Local(y, _copy(w), transform="B", star=True, permutations=permutations, seed=seed, n_jobs=1)
    return lisa, gi


def _copy(w: W) -> W:
    """A fresh binary copy of `w` (same neighbours and id order)."""
    return W({k: list(v) for k, v in w.neighbors.items()}, id_order=list(w.id_order), silence_warnings=True)
