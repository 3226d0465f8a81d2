"""Lokus selection (Aksi 1): criteria per kelurahan, a weighted score, ranking, traffic lights, top N.

Criteria (raw value → normalised 0..1; *direction* says which raw values mean more priority)
| key | raw value (unit) | direction |
|---|---|---|
| `prevalence` | stunting prevalence, share 0..1 (crude, or empirical-Bayes shrunken when asked) | higher = priority |
| `burden` | number of stunted children (numerator of `stunting`) | higher = priority |
| `severe` | severe stunting prevalence, share 0..1 | higher = priority |
| `hpk_gap` | 1 − share of 1000-HPK targets with complete access | higher = priority |
| `coverage_gap` | 1 − measurement coverage (measured / sasaran), floored at 0 | higher = priority |
| `trend` | prevalence now − prevalence in the comparison period, share points (+ = worsening) | higher = priority |
| `hotspot` | Getis-Ord Gi* z-score of the prevalence (geo.hotspots) | higher = priority |
| `model` | benchmarked ("model") desa prevalence, share 0..1 (pipelines.reconcile; weight 0 by default) | higher = priority |
| `incidence` | new stunting since the previous round: baru / (baru + normal), share 0..1 (weight 0 by default) | higher = priority |
| `extra_*` | a column of an uploaded CSV (pipelines.lokus.criteria_upload); direction chosen by the user | either |

Normalisation (min–max over the kelurahan that have a value): for "higher = priority"
`n = (x − min) / (max − min)`, for "lower = priority" `n = (max − x) / (max − min)`. When every
kelurahan has the same value the criterion carries no contrast and `n = 0` for all.

Score: weights `w_c ≥ 0` (any scale, typically the 0–100 sliders) are used relative to each other. For a
kelurahan with values on the criteria set A (missing criteria are skipped, not counted as zero):
`score = Σ_{c∈A} w_c · n_c / Σ_{c∈A} w_c` (0..1, higher = higher priority) and the breakdown
`contrib_c = w_c · n_c / Σ_{c∈A} w_c`, so the contributions add up to the score. A kelurahan with no
criterion at all has no score and ranks last. Rank 1 = highest score; ties are broken by code.

Empirical Bayes (beta-binomial, method of moments; Marshall 1991): in a group of I kelurahan (the
kecamatan, or the whole kabupaten) with k_i stunted of n_i measured, p_i = k_i / n_i:
  m  = Σk_i / Σn_i                          (group rate: the prior mean)
  s² = Σ n_i (p_i − m)² / Σ n_i             (weighted observed variance)
  τ² = s² − m (1 − m) / n̄,  n̄ = Σn_i / I    (between-kelurahan variance beyond chance)
  if τ² > 0: α + β = m (1 − m) / τ² − 1, α = m (α + β), β = (1 − m)(α + β)
  EB_i = (k_i + α) / (n_i + α + β) = B_i m + (1 − B_i) p_i,  B_i = (α + β) / (n_i + α + β)
  if τ² ≤ 0 (no more spread than chance): B_i = 1 and EB_i = m.
A kecamatan with fewer than `EB_MIN_AREAS` measured kelurahan uses the kabupaten moments instead.

Traffic light: per criterion two thresholds on the raw value; for "higher = priority" red when
x ≥ red, yellow when x ≥ yellow, else green (mirrored for "lower"). Defaults in DEFAULT_THRESHOLDS.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from pipelines import readmodel
from pipelines.indicators import catalogue
from pipelines.present.messages import said
from pipelines.settings import Settings

HIGHER = "higher"  # a higher raw value means more priority
LOWER = "lower"    # a lower raw value means more priority
EB_MIN_AREAS = 3
MAX_WEIGHT = 100.0
MAX_REASON_CHARS = 500
DEFAULT_N = Settings.lokus_n  # how many lokus by default (pipelines/settings.py)


@dataclass(frozen=True)
class Criterion:
    key: str
    direction: str       # HIGHER or LOWER
    unit: str            # unit of the raw value
    default_weight: float
    rationale: str       # why this default weight (shown on the page)


CRITERIA: dict[str, Criterion] = {
    c.key: c
    for c in (
        Criterion("prevalence", HIGHER, "share 0..1", 30, "how serious stunting is where children live"),
        Criterion("burden", HIGHER, "children", 20, "where most stunted children are (a big kelurahan at a middling rate)"),
        Criterion("severe", HIGHER, "share 0..1", 10, "the most urgent cases"),
        Criterion("hpk_gap", HIGHER, "share 0..1", 15, "convergence: what Aksi 1 interventions can close"),
        Criterion("coverage_gap", HIGHER, "share 0..1", 10, "children not measured: the figures there are least known"),
        Criterion("trend", HIGHER, "share points", 10, "worsening since the comparison period"),
        Criterion("hotspot", HIGHER, "z-score", 5, "part of a cluster of high prevalence (Gi*)"),
        # Dua Angka (pipelines.reconcile): off until the planner switches them on
        Criterion("model", HIGHER, "share 0..1", 0, "desa prevalence moved to the survey figure: a model result"),
        Criterion("incidence", HIGHER, "share 0..1", 0, "children newly stunted since the previous round"),
    )
}
DEFAULT_WEIGHTS: dict[str, float] = {key: c.default_weight for key, c in CRITERIA.items()}


@dataclass(frozen=True)
class Threshold:
    red: float
    yellow: float
    direction: str = HIGHER
    rationale: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.red) and math.isfinite(self.yellow)):
            raise ValueError("thresholds must be finite numbers")
        if self.direction == HIGHER and self.red < self.yellow:
            raise ValueError(f"red ({self.red}) must be ≥ yellow ({self.yellow}) when higher values are worse")
        if self.direction == LOWER and self.red > self.yellow:
            raise ValueError(f"red ({self.red}) must be ≤ yellow ({self.yellow}) when lower values are worse")


#: the headline indicator's WHO/UNICEF class breaks (catalogue): 2.5 / 10 / 20 / 30 % for stunting
_WHO = catalogue.indicator(catalogue.HEADLINE).thresholds

DEFAULT_THRESHOLDS: dict[str, Threshold] = {
    "prevalence": Threshold(_WHO[2], _WHO[1], HIGHER, "WHO/UNICEF 2018 classes: high/very high (≥ 20 %) red, medium (10–20 %) yellow"),
    "burden": Threshold(20, 10, HIGHER, "project default: ≥ 20 stunted children red, ≥ 10 yellow"),
    "severe": Threshold(0.05, 0.025, HIGHER, "project default: ≥ 5 % red, ≥ 2.5 % yellow"),
    "hpk_gap": Threshold(0.30, 0.10, HIGHER, "Perpres 72/2021 targets ~90 % service coverage: access < 70 % red, < 90 % yellow"),
    "coverage_gap": Threshold(0.30, 0.10, HIGHER, "same targets: coverage < 70 % red, < 90 % yellow"),
    "trend": Threshold(0.02, 0.005, HIGHER, "project default: worsening ≥ 2 points red, ≥ 0.5 points yellow"),
    "hotspot": Threshold(1.96, 1.645, HIGHER, "Gi* z ≥ 1.96 (p < 0.05) red, ≥ 1.645 (p < 0.10) yellow"),
}


# --- named queries ---------------------------------------------------------------------------------

def query_places(con) -> pd.DataFrame:
    """Every kelurahan: kode, nama, kecamatan_kode, kecamatan_nama, geojson, centroid_lon, centroid_lat."""
    return con.execute(
        """SELECT kode, nama, kecamatan_kode, kecamatan_nama, geojson, centroid_lon, centroid_lat
           FROM kelurahan ORDER BY kode"""
    ).df()


def query_geometries(con) -> pd.DataFrame:
    """kode, nama, geom_wkb (full boundary geometry, WKB) of every kelurahan."""
    return con.execute("SELECT kode, nama, geom_wkb FROM kelurahan ORDER BY kode").df()


def query_indicator(con, indicator: str, period: str) -> pd.DataFrame:
    """kode, numerator, denominator, value of one kelurahan-level indicator in one period (the read model)."""
    return readmodel.indicator_values(con, indicator, period)[["kode", "numerator", "denominator", "value"]]


def query_periods(con, indicator: str = catalogue.HEADLINE) -> list[str]:
    """Periods with kelurahan values of `indicator`, newest first."""
    return readmodel.periods(con, indicator)


#: the trend's comparison period: the read model's one rule (same month a year earlier, else the latest earlier)
comparison_period = readmodel.comparison_period


# --- empirical Bayes -------------------------------------------------------------------------------

def _moments(k: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """(m, α + β) of the beta prior by the method of moments; α + β = inf means complete shrinkage."""
    m = k.sum() / n.sum()
    p = k / n
    s2 = float((n * (p - m) ** 2).sum() / n.sum())
    tau2 = s2 - m * (1 - m) / (n.sum() / len(n))
    if tau2 <= 0 or m <= 0 or m >= 1:
        return float(m), math.inf
    return float(m), float(m * (1 - m) / tau2 - 1)


def eb_shrink(k: pd.Series, n: pd.Series, group: pd.Series | None = None, min_areas: int = EB_MIN_AREAS) -> pd.DataFrame:
    """Empirical-Bayes prevalence (module docstring): columns eb, prior_mean, shrinkage (B, 0..1), group_used.

    `k` stunted, `n` measured, `group` kecamatan code per kelurahan (None = one kabupaten-wide prior).
    Rows with n missing or 0 get no estimate.
    """
    k = k.astype("float64")
    n = n.astype("float64")
    group = pd.Series("all", index=k.index) if group is None else group
    valid = n.notna() & (n > 0) & k.notna()
    out = pd.DataFrame(index=k.index, data={"eb": np.nan, "prior_mean": np.nan, "shrinkage": np.nan, "group_used": None})
    if not valid.any():
        return out
    overall = _moments(k[valid].to_numpy(), n[valid].to_numpy())
    for g, members in group[valid].groupby(group[valid]):
        idx = members.index
        m, ab = _moments(k[idx].to_numpy(), n[idx].to_numpy()) if len(idx) >= min_areas else (None, None)
        used = g
        if m is None:
            m, ab = overall
            used = "kabupaten"
        shrink = np.ones(len(idx)) if math.isinf(ab) else ab / (n[idx].to_numpy() + ab)
        out.loc[idx, "prior_mean"] = m
        out.loc[idx, "shrinkage"] = shrink
        out.loc[idx, "eb"] = shrink * m + (1 - shrink) * (k[idx] / n[idx]).to_numpy()
        out.loc[idx, "group_used"] = used
    return out


# --- criteria --------------------------------------------------------------------------------------

def criteria_table(
    places: pd.DataFrame,
    stunting: pd.DataFrame,
    severe: pd.DataFrame,
    hpk: pd.DataFrame,
    coverage: pd.DataFrame,
    stunting_before: pd.DataFrame | None,
    *,
    eb: bool = False,
    eb_prior: str = "kecamatan",
) -> pd.DataFrame:
    """Raw criteria per kelurahan (one row per place, in `places` order).

    Inputs are query_places / query_indicator frames. Columns: kode, nama, kecamatan_kode, kecamatan_nama,
    children, stunted, prevalence_crude, prevalence_eb, prevalence (the one the score uses), burden, severe,
    hpk_gap, coverage_gap, trend. `hotspot` is added by `add_hotspot`.
    """
    if eb_prior not in ("kecamatan", "kabupaten"):
        raise ValueError("eb_prior must be 'kecamatan' or 'kabupaten'")
    out = places[["kode", "nama", "kecamatan_kode", "kecamatan_nama"]].copy().reset_index(drop=True)
    s = stunting.set_index("kode")
    out["children"] = out["kode"].map(s["denominator"])
    out["stunted"] = out["kode"].map(s["numerator"])
    out["prevalence_crude"] = out["kode"].map(s["value"])
    group = out["kecamatan_kode"] if eb_prior == "kecamatan" else None
    out["prevalence_eb"] = eb_shrink(out["stunted"], out["children"], group)["eb"].to_numpy()
    out["prevalence"] = out["prevalence_eb"] if eb else out["prevalence_crude"]
    out["burden"] = out["stunted"]
    out["severe"] = out["kode"].map(severe.set_index("kode")["value"])
    out["hpk_gap"] = 1 - out["kode"].map(hpk.set_index("kode")["value"])
    out["coverage_gap"] = (1 - out["kode"].map(coverage.set_index("kode")["value"])).clip(lower=0)
    if stunting_before is None or stunting_before.empty:
        out["trend"] = np.nan
    else:
        b = stunting_before.set_index("kode")
        if eb:
            before = eb_shrink(out["kode"].map(b["numerator"]), out["kode"].map(b["denominator"]), group)["eb"]
        else:
            before = out["kode"].map(b["value"])
        out["trend"] = out["prevalence"] - before.to_numpy()
    return out


def load_criteria(con, period: str, compare_period: str | None, *, eb: bool = False, eb_prior: str = "kecamatan") -> pd.DataFrame:
    """criteria_table from the database for `period` (trend against `compare_period`, None = no trend), with
    the Dua Angka criteria `model` and `incidence` (NaN where the database or the survey figure lacks them)."""
    before = query_indicator(con, catalogue.HEADLINE, compare_period) if compare_period else None
    return add_dua_angka(con, period, criteria_table(
        query_places(con),
        query_indicator(con, catalogue.HEADLINE, period),
        query_indicator(con, "severe_stunting", period),
        query_indicator(con, "hpk_complete_access", period),
        query_indicator(con, "coverage", period),
        before,
        eb=eb,
        eb_prior=eb_prior,
    ))


def add_dua_angka(con, period: str, criteria: pd.DataFrame) -> pd.DataFrame:
    """criteria with `model` (benchmarked desa prevalence for `period`) and `incidence` (new stunting in the
    round pair ending at `period`), from pipelines.reconcile; NaN where not available."""
    from pipelines.reconcile import flows, report

    out = criteria.copy()
    out["model"] = np.nan
    out["incidence"] = np.nan
    if not report.available(con):
        return out
    if period in report.periods(con):
        model = report.model_criterion(con, period)
        out["model"] = out["kode"].map(model.set_index("kode")["model"])
    pair = next((p for p in flows.period_pairs(con) if p[1] == period), None)
    if pair is not None:
        counts = flows.flow_counts(con, "kelurahan", *pair).set_index("kode")
        out["incidence"] = out["kode"].map(counts["incidence"])
    return out


def add_hotspot(criteria: pd.DataFrame, hotspot_frame: pd.DataFrame) -> pd.DataFrame:
    """criteria with `hotspot` = Gi* z (geo.hotspots output, by kode) and `hotspot_class`."""
    out = criteria.copy()
    h = hotspot_frame.set_index("kode")
    out["hotspot"] = out["kode"].map(h["gi_z"])
    out["hotspot_class"] = out["kode"].map(h["gi_class"])
    out["lisa_cluster"] = out["kode"].map(h["lisa_cluster"])
    return out


def add_extra(criteria: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """criteria with the uploaded columns (`extra` indexed by kode, from pipelines.lokus.criteria_upload)."""
    out = criteria.copy()
    for column in extra.columns:
        out[column] = out["kode"].map(extra[column])
    return out


# --- score and ranking -----------------------------------------------------------------------------

def normalise(values: pd.Series, direction: str) -> pd.Series:
    """Min–max normalisation to 0..1 (module docstring); missing stays missing; constant → 0."""
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"direction must be {HIGHER!r} or {LOWER!r}")
    values = values.astype("float64")
    lo, hi = values.min(), values.max()
    if pd.isna(lo) or hi == lo:
        return values.where(values.isna(), 0.0)
    scaled = (values - lo) / (hi - lo)
    return scaled if direction == HIGHER else 1 - scaled


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights as floats, each 0..MAX_WEIGHT; at least one positive. Raises ValueError otherwise."""
    clean: dict[str, float] = {}
    for key, w in weights.items():
        w = float(w)
        if not math.isfinite(w) or not 0 <= w <= MAX_WEIGHT:
            raise ValueError(f"weight of {key!r} must be between 0 and {MAX_WEIGHT:g} (got {w})")
        clean[key] = w
    if not any(w > 0 for w in clean.values()):
        raise ValueError("at least one weight must be above 0")
    return clean


def rank(criteria: pd.DataFrame, weights: Mapping[str, float], directions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Score and rank kelurahan.

    `weights`: criterion column → weight (0..100, relative); `directions`: column → HIGHER/LOWER
    (default: CRITERIA's direction, HIGHER for other columns). Returns `criteria` plus norm_<c>,
    contrib_<c>, score (0..1), criteria_used, rank (1 = highest priority), sorted by rank.
    """
    weights = {k: w for k, w in check_weights(weights).items() if w > 0}
    directions = dict(directions or {})
    out = criteria.copy()
    weighted = pd.Series(0.0, index=out.index)
    available = pd.Series(0.0, index=out.index)
    used = pd.Series(0, index=out.index)
    for key, w in weights.items():
        if key not in out.columns:
            raise ValueError(f"unknown criterion {key!r}")
        direction = directions.get(key, CRITERIA[key].direction if key in CRITERIA else HIGHER)
        norm = normalise(out[key], direction)
        out[f"norm_{key}"] = norm
        has = norm.notna()
        weighted += (w * norm).fillna(0.0)
        available += has * w
        used += has.astype(int)
    for key, w in weights.items():
        out[f"contrib_{key}"] = (w * out[f"norm_{key}"]) / available.where(available > 0)
    out["score"] = weighted / available.where(available > 0)
    out["criteria_used"] = used
    out = out.sort_values(["score", "kode"], ascending=[False, True], na_position="last", kind="mergesort")
    out["rank"] = np.arange(1, len(out) + 1)
    return out.reset_index(drop=True)


# --- traffic light ---------------------------------------------------------------------------------

def traffic_light(criteria: pd.DataFrame, thresholds: Mapping[str, Threshold]) -> pd.DataFrame:
    """kode plus one column per thresholded criterion: 'red' / 'yellow' / 'green' / '' (no value), and n_red."""
    out = pd.DataFrame({"kode": criteria["kode"]})
    reds = pd.Series(0, index=criteria.index)
    for key, th in thresholds.items():
        if key not in criteria.columns:
            continue
        x = criteria[key].astype("float64")
        if th.direction == HIGHER:
            red, yellow = x >= th.red, x >= th.yellow
        else:
            red, yellow = x <= th.red, x <= th.yellow
        colour = np.where(x.isna(), "", np.where(red, "red", np.where(yellow, "yellow", "green")))
        out[key] = colour
        reds += red.fillna(False).astype(int)
    out["n_red"] = reds
    return out


def tertile_threshold(values: pd.Series, direction: str = HIGHER) -> Threshold:
    """Default thresholds for an uploaded criterion: its tertiles (worst third red, middle third yellow)."""
    v = values.dropna().astype("float64")
    if v.empty:
        return Threshold(0.0, 0.0, direction, "no values")
    if direction == HIGHER:
        return Threshold(float(v.quantile(2 / 3)), float(v.quantile(1 / 3)), HIGHER, "tertiles of the uploaded values")
    return Threshold(float(v.quantile(1 / 3)), float(v.quantile(2 / 3)), LOWER, "tertiles of the uploaded values")


# --- selection -------------------------------------------------------------------------------------

@dataclass
class Overrides:
    """Manual changes to the top-N list: code → reason (text, required)."""

    added: dict[str, str] = field(default_factory=dict)
    removed: dict[str, str] = field(default_factory=dict)


def clean_reason(reason: object) -> str:
    """A reason as stripped text, 1..MAX_REASON_CHARS characters; ValueError otherwise."""
    text = str(reason or "").strip()
    if not text:
        raise said(ValueError, "lokus_reason_required", n=MAX_REASON_CHARS)
    if len(text) > MAX_REASON_CHARS:
        raise said(ValueError, "lokus_reason_required", n=MAX_REASON_CHARS)
    return text


def select(ranking: pd.DataFrame, n: int, overrides: Overrides | None = None) -> pd.DataFrame:
    """The ranking with `selected` (bool), `how` ('top_n' / 'added' / 'removed' / '') and `reason`.

    The top `n` ranks (1 ≤ n ≤ number of kelurahan) are selected, then `overrides.removed` are taken out
    and `overrides.added` put in, each with its reason.
    """
    overrides = overrides or Overrides()
    total = len(ranking)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= int(n) <= max(total, 1):
        raise ValueError(f"N must be a whole number between 1 and {total}")
    codes = set(ranking["kode"])
    both = set(overrides.added) & set(overrides.removed)
    if both:
        raise ValueError(f"{sorted(both)[0]} is both added and removed")
    out = ranking.copy()
    top = out["rank"] <= int(n)
    out["selected"] = top
    out["how"] = np.where(top & out["score"].notna(), "top_n", "")
    out.loc[out["score"].isna() & top, "selected"] = False
    out["reason"] = ""
    for kode, reason in overrides.removed.items():
        if kode not in codes:
            raise ValueError(f"unknown kelurahan code {kode!r}")
        row = out["kode"] == kode
        if not out.loc[row, "selected"].iloc[0]:
            raise ValueError(f"{kode} is not in the selection, so it cannot be removed")
        out.loc[row, ["selected", "how", "reason"]] = [False, "removed", clean_reason(reason)]
    for kode, reason in overrides.added.items():
        if kode not in codes:
            raise ValueError(f"unknown kelurahan code {kode!r}")
        row = out["kode"] == kode
        if out.loc[row, "selected"].iloc[0]:
            raise ValueError(f"{kode} is already selected")
        out.loc[row, ["selected", "how", "reason"]] = [True, "added", clean_reason(reason)]
    return out


def method_summary(
    weights: Mapping[str, float],
    *,
    n: int,
    period: str,
    compare_period: str | None,
    eb: bool,
    eb_prior: str,
    directions: Mapping[str, str] | None = None,
    hotspot: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """Everything needed to reproduce a ranking, as plain JSON-able values (saved and exported)."""
    directions = dict(directions or {})
    return {
        "period": period,
        "compare_period": compare_period,
        "n": int(n),
        "weights": {k: float(v) for k, v in weights.items()},
        "directions": {k: directions.get(k, CRITERIA[k].direction if k in CRITERIA else HIGHER) for k in weights},
        "normalisation": "min-max over kelurahan with a value; constant criterion = 0",
        "score": "sum(w_c * n_c) / sum(w_c) over criteria with a value (0..1)",
        "prevalence": "empirical Bayes (beta-binomial, method of moments), prior: " + eb_prior if eb else "crude",
        "hotspot": dict(hotspot or {}),
    }
