"""Post-stratification: what the stunting rate would be if the measured children had the sasaran's structure.

Cells c = kelurahan/desa d x age band a x sex s. Per cell, from the build's `reconcile_cells`:
k_c stunted children (latest valid HAZ < -2), n_c children with a valid HAZ, m_c children measured; and
T_c target children (sasaran) from `split_sasaran`.

Sasaran split (stated next to every number it makes): the sasaran is given per desa and year for 0-59
months. Without age bands in the file, T_c = T_d x (months in band / 60) x (boys' share, or 1 - it):
uniform by month of age (0-5 and 6-11: 6/60 each, 12-23: 12/60, 24-59: 36/60), boys
`Settings.sasaran_male_share` (0.512, sex ratio at birth ~105:100). A sasaran file with band columns
(`target_0_5`, `target_6_11`, `target_12_23`, `target_24_59`) is used as given; only sex is split.

Rate of a cell: p_c = k_c / n_c when n_c > 0; a cell with no valid HAZ borrows the rate of the same age
band and sex in its kecamatan, else in the whole area (`source` says which; `imputed_share` is the share
of the sasaran whose rate was borrowed).

Post-stratified rate (Cochran's stratified estimator, weights known):
    P_ps = sum_c T_c p_c / sum_c T_c,   Var(P_ps) = sum_c (T_c / sum T)^2 p~_c (1 - p~_c) / n_c
with p~_c = (k_c + 0.5) / (n_c + 1) in the variance only, so that a cell with 0 of 3 stunted does not claim
zero variance; borrowed cells use the donor's k and n (their correlation with the donor is ignored, so the
interval is somewhat too narrow where much is borrowed). 95 % interval P_ps +/- 1.96 SE, clipped to 0..1.

"The unmeasured are worse" (sensitivity, `rr` > 1): in a cell with coverage u_c = min(1, m_c / T_c),
    p'_c = u_c p_c + (1 - u_c) min(1, rr p_c)
i.e. the children not measured are rr times as often stunted as the measured of their desa, age band and
sex. rr = 1 is the stated assumption (the unmeasured are like the measured of their cell).

Desa outside the sasaran (no target) do not enter; their children are counted in `excluded_children`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

Z95 = 1.959964
#: (label, first month, last month), completed months of age
AGE_BANDS: tuple[tuple[str, int, int], ...] = (("0-5", 0, 5), ("6-11", 6, 11), ("12-23", 12, 23), ("24-59", 24, 59))
BAND_LABELS = tuple(b[0] for b in AGE_BANDS)
BAND_COLUMNS = {"0-5": "target_0_5", "6-11": "target_6_11", "12-23": "target_12_23", "24-59": "target_24_59"}
SEXES = (1, 2)


def band_months(band: str) -> int:
    """Number of months of age in a band ('12-23' -> 12)."""
    for label, first, last in AGE_BANDS:
        if label == band:
            return last - first + 1
    raise KeyError(band)


def bands_in_range(age_min: int, age_max: int) -> list[str]:
    """Bands that overlap the age range age_min..age_max (months, inclusive)."""
    return [label for label, first, last in AGE_BANDS if first <= age_max and last >= age_min]


def range_is_aligned(age_min: int, age_max: int) -> bool:
    """True when the range starts and ends on band limits (then the bands cover it exactly)."""
    return age_min in {b[1] for b in AGE_BANDS} and age_max in {b[2] for b in AGE_BANDS}


def split_sasaran(sasaran: pd.DataFrame, male_share: float) -> pd.DataFrame:
    """Target children per cell: columns kode, age_band, sex, target (children, fractional).

    `sasaran`: kode, target_children (0-59 months) and optionally the BAND_COLUMNS (used when all four are
    given for a row). See the module docstring for the assumption.
    """
    if not 0 < male_share < 1:
        raise ValueError("male_share must be between 0 and 1")
    rows = []
    banded = all(c in sasaran.columns for c in BAND_COLUMNS.values())
    for rec in sasaran.to_dict("records"):
        total = rec.get("target_children")
        given = banded and all(pd.notna(rec.get(c)) for c in BAND_COLUMNS.values())
        for band in BAND_LABELS:
            if given:
                band_total = float(rec[BAND_COLUMNS[band]])
            elif total is None or pd.isna(total):
                continue
            else:
                band_total = float(total) * band_months(band) / 60
            rows.append((rec["kode"], band, 1, band_total * male_share))
            rows.append((rec["kode"], band, 2, band_total * (1 - male_share)))
    return pd.DataFrame(rows, columns=["kode", "age_band", "sex", "target"])


@dataclass(frozen=True)
class Estimate:
    """A rate (share 0..1) with its 95 % interval, the children behind it and the sasaran it speaks for."""

    value: float
    se: float
    ci_low: float
    ci_high: float
    n: int                      # children with a valid HAZ behind the rate
    target: float = float("nan")  # sasaran the rate is weighted to (children)
    imputed_share: float = 0.0    # share of that sasaran whose cell rate was borrowed
    excluded_children: int = 0    # measured children in desa without sasaran (not in a post-stratified rate)

    @classmethod
    def missing(cls) -> "Estimate":
        nan = float("nan")
        return cls(nan, nan, nan, nan, 0, nan, nan, 0)


def wilson(k: float, n: float) -> tuple[float, float]:
    """95 % Wilson interval of k of n (same formula as the SQL macros wilson_low / wilson_high)."""
    if n <= 0:
        return float("nan"), float("nan")
    p = k / n
    z2 = Z95 ** 2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def crude(cells: pd.DataFrame, stunted: str = "stunted") -> Estimate:
    """The e-PPGBM rate as measured: sum k / sum n over the cells, Wilson interval ("diukur")."""
    k, n = float(cells[stunted].sum()), float(cells["valid_haz"].sum())
    if n <= 0:
        return Estimate.missing()
    low, high = wilson(k, n)
    return Estimate(k / n, float(np.sqrt(k / n * (1 - k / n) / n)), low, high, int(n))


def cell_table(cells: pd.DataFrame, targets: pd.DataFrame, places: pd.DataFrame, stunted: str = "stunted") -> pd.DataFrame:
    """One row per sasaran cell (kode, age_band, sex) with target, own counts and the rate used.

    `cells`: kode, age_band, sex, measured, valid_haz and the `stunted` column (one span and period);
    `places`: kode, kecamatan_kode. Columns out: kode, kecamatan_kode, age_band, sex, target, measured,
    valid_haz, k (own stunted), k_used, n_used, p (rate used), source ('own' / 'kecamatan' / 'area' / 'none').
    """
    own = cells.groupby(["kode", "age_band", "sex"], as_index=False)[["measured", "valid_haz", stunted]].sum()
    own = own.rename(columns={stunted: "k"})
    kec = places.set_index("kode")["kecamatan_kode"]
    table = targets.groupby(["kode", "age_band", "sex"], as_index=False)["target"].sum()
    table = table.merge(own, on=["kode", "age_band", "sex"], how="left")
    for column in ("measured", "valid_haz", "k"):
        table[column] = table[column].fillna(0).astype(float)
    table["kecamatan_kode"] = table["kode"].map(kec)
    counted = own.assign(kecamatan_kode=own["kode"].map(kec))
    by_kec = counted.groupby(["kecamatan_kode", "age_band", "sex"], as_index=False)[["k", "valid_haz"]].sum()
    by_area = counted.groupby(["age_band", "sex"], as_index=False)[["k", "valid_haz"]].sum()
    table = table.merge(by_kec.rename(columns={"k": "k_kec", "valid_haz": "n_kec"}),
                        on=["kecamatan_kode", "age_band", "sex"], how="left")
    table = table.merge(by_area.rename(columns={"k": "k_area", "valid_haz": "n_area"}), on=["age_band", "sex"], how="left")
    has_own = table["valid_haz"] > 0
    has_kec = ~has_own & (table["n_kec"].fillna(0) > 0)
    has_area = ~has_own & ~has_kec & (table["n_area"].fillna(0) > 0)
    table["k_used"] = np.select([has_own, has_kec, has_area], [table["k"], table["k_kec"], table["k_area"]], 0.0)
    table["n_used"] = np.select([has_own, has_kec, has_area], [table["valid_haz"], table["n_kec"], table["n_area"]], 0.0)
    table["source"] = np.select([has_own, has_kec, has_area], ["own", "kecamatan", "area"], "none")
    table = table.drop(columns=["k_kec", "n_kec", "k_area", "n_area"])
    with np.errstate(invalid="ignore", divide="ignore"):
        table["p"] = np.where(table["n_used"] > 0, table["k_used"] / table["n_used"], np.nan)
    return table


def adjusted_rates(table: pd.DataFrame, rr: float = 1.0) -> pd.Series:
    """p'_c of the module docstring: the cell rate when the unmeasured are rr times as often stunted."""
    if rr == 1.0:
        return table["p"]
    with np.errstate(invalid="ignore", divide="ignore"):
        covered = np.where(table["target"] > 0, np.minimum(1.0, table["measured"] / table["target"]), 1.0)
    return covered * table["p"] + (1 - covered) * np.minimum(1.0, rr * table["p"])


def weighted(table: pd.DataFrame, rr: float = 1.0, excluded_children: int = 0) -> Estimate:
    """The post-stratified rate of a cell table (any subset of cell_table rows) with its interval."""
    usable = table[table["p"].notna() & (table["target"] > 0)]
    total = float(usable["target"].sum())
    if total <= 0:
        return Estimate.missing()
    w = usable["target"].to_numpy() / total
    value = float((w * adjusted_rates(usable, rr).to_numpy()).sum())
    smooth = (usable["k_used"].to_numpy() + 0.5) / (usable["n_used"].to_numpy() + 1)
    variance = float((w ** 2 * smooth * (1 - smooth) / usable["n_used"].to_numpy()).sum())
    se = float(np.sqrt(variance))
    imputed = float(usable.loc[usable["source"] != "own", "target"].sum() / total)
    return Estimate(value, se, max(0.0, value - Z95 * se), min(1.0, value + Z95 * se),
                    int(usable["valid_haz"].sum()), total, imputed, excluded_children)


def poststratify(cells: pd.DataFrame, targets: pd.DataFrame, places: pd.DataFrame, *, stunted: str = "stunted",
                 rr: float = 1.0, area: set[str] | None = None, bands: list[str] | None = None) -> Estimate:
    """Post-stratified rate over the desa in `area` (None = all) and age `bands` (None = all) ("disesuaikan").

    Rates of empty cells are borrowed within all of `cells` (the whole kabupaten), then the area is taken.
    """
    table = cell_table(_bands(cells, bands), _bands(targets, bands), places, stunted)
    inside = table if area is None else table[table["kode"].isin(area)]
    chosen = _bands(cells, bands)
    if area is not None:
        chosen = chosen[chosen["kode"].isin(area)]
    excluded = int(chosen.loc[~chosen["kode"].isin(set(targets["kode"])), "measured"].sum())
    return weighted(inside, rr, excluded)


def standardise_age_sex(cells: pd.DataFrame, targets: pd.DataFrame, *, stunted: str = "stunted",
                        area: set[str] | None = None, bands: list[str] | None = None) -> Estimate:
    """Rate reweighted to the sasaran's age band x sex structure only (desa pooled): the first step of the
    decomposition. p_as = sum_d k / sum_d n; P = sum_as T_as p_as / sum_as T_as."""
    cells, targets = _bands(cells, bands), _bands(targets, bands)
    if area is not None:
        cells, targets = cells[cells["kode"].isin(area)], targets[targets["kode"].isin(area)]
    pooled = cells.assign(kode="*")
    pooled_targets = targets.groupby(["age_band", "sex"], as_index=False)["target"].sum().assign(kode="*")
    table = cell_table(pooled, pooled_targets, pd.DataFrame({"kode": ["*"], "kecamatan_kode": ["*"]}), stunted)
    return weighted(table)


def desa_rates(cells: pd.DataFrame, targets: pd.DataFrame, places: pd.DataFrame, *, stunted: str = "stunted",
               bands: list[str] | None = None) -> pd.DataFrame:
    """Post-stratified rate of each desa with a sasaran: kode, value, se, n (valid HAZ), measured, target,
    imputed_share (share of the desa's sasaran in cells with a borrowed rate; 1 = nobody measured there)."""
    return desa_rates_of(cell_table(_bands(cells, bands), _bands(targets, bands), places, stunted))


def desa_rates_of(table: pd.DataFrame) -> pd.DataFrame:
    """desa_rates from a cell_table (the same formulas as `weighted`, per desa, vectorised)."""
    usable = table[table["p"].notna() & (table["target"] > 0)]
    smooth = (usable["k_used"] + 0.5) / (usable["n_used"] + 1)
    parts = pd.DataFrame({
        "kode": usable["kode"], "target": usable["target"], "tp": usable["target"] * usable["p"],
        "tv": usable["target"] ** 2 * smooth * (1 - smooth) / usable["n_used"],
        "borrowed": usable["target"].where(usable["source"] != "own", 0.0), "n": usable["valid_haz"],
    }).groupby("kode", sort=True).sum()
    out = pd.DataFrame({"kode": parts.index, "value": (parts["tp"] / parts["target"]).to_numpy(),
                        "se": (np.sqrt(parts["tv"]) / parts["target"]).to_numpy(), "n": parts["n"].astype(int).to_numpy(),
                        "target": parts["target"].to_numpy(), "imputed_share": (parts["borrowed"] / parts["target"]).to_numpy()})
    measured = table.groupby("kode")["measured"].sum()
    out["measured"] = out["kode"].map(measured).astype(float)
    return out[["kode", "value", "se", "n", "measured", "target", "imputed_share"]].reset_index(drop=True)


def _bands(frame: pd.DataFrame, bands: list[str] | None) -> pd.DataFrame:
    return frame if bands is None else frame[frame["age_band"].isin(bands)]
