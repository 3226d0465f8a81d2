"""Gap decomposition: from the e-PPGBM rate to the survey figure in percentage points, step by step.

Each step changes one thing and keeps the others; a term is the difference between two successive
estimates, so the terms add up to the whole gap by construction, and what no step explains stays a
residual, shown as residual:

    E0  e-PPGBM as measured, the chosen period, all ages          (crude, "diukur")
    E1  E0 reweighted to the sasaran's age band x sex structure     term "struktur"  = E1 - E0
    E2  reweighted to desa x age band x sex (post-stratified)       term "cakupan"   = E2 - E1
        assumption: the unmeasured are like the measured of their desa, age band and sex;
        sensitivity: the unmeasured rr times as often stunted (Settings.unmeasured_rr) gives
        E2(rr) - E1 for each rr (a range, not a term)
    E3  E2 with the spread of HAZ above the WHO expected SD        term "mutu"      = E3 - E2
        removed (reconcile_cells.stunted_sd_adjusted; 0 when the SD is not above the range)
    E4  E3 on the survey's year (each child once in that calendar   term "periode"   = E4 - E3
        year) and the age bands that overlap the survey's age range
    S   the survey figure                                          residual          = S - E4

    S - E0 = struktur + cakupan + mutu + periode + residual   (exactly)

When the survey's year has no e-PPGBM data, E4 cannot be computed: the period term is missing and the
residual is S - E3 (the identity still holds). Order matters (each term is measured given the earlier
steps); the order above follows the data: who was measured, how, and when.
Units: estimates are shares 0..1; terms are differences of shares (x 100 = percentage points).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from pipelines.reconcile import poststrat as ps
from pipelines.reconcile.survey import SurveyFigure

TERMS = ("structure", "coverage", "quality", "period", "residual")


@dataclass
class Decomposition:
    """Estimates E0..E4 (ps.Estimate), the terms (share points, NaN = not computable), the gap S - E0,
    and the coverage sensitivity {rr: E2(rr) - E1}."""

    estimates: dict[str, ps.Estimate]
    terms: dict[str, float]
    gap: float
    survey: SurveyFigure
    sensitivity: dict[float, float] = field(default_factory=dict)
    bands: list[str] = field(default_factory=list)
    aligned: bool = True           # the survey's age range falls on band limits

    def rows(self) -> pd.DataFrame:
        """term, value (share points), plus the sensitivity bounds of the coverage term."""
        out = pd.DataFrame({"term": list(self.terms), "value": list(self.terms.values())})
        if self.sensitivity:
            out["low"] = out["value"]
            out["high"] = out["value"]
            both = [self.terms["coverage"], *self.sensitivity.values()]
            out.loc[out["term"] == "coverage", ["low", "high"]] = [min(both), max(both)]
            residual = self.terms["residual"]
            shifts = [v - self.terms["coverage"] for v in self.sensitivity.values()]
            out.loc[out["term"] == "residual", ["low", "high"]] = [residual - max(shifts + [0.0]),
                                                                 residual - min(shifts + [0.0])]
        return out


def decompose(period_cells: pd.DataFrame, year_cells: pd.DataFrame | None, targets: pd.DataFrame,
              places: pd.DataFrame, survey: SurveyFigure, *, area: set[str] | None = None,
              rr: tuple[float, ...] = ()) -> Decomposition:
    """The decomposition above for the desa in `area` (None = all).

    `period_cells`: reconcile_cells rows of the chosen period; `year_cells`: those of span 'year' and the
    survey's year (None or empty = no e-PPGBM data that year); `targets`: ps.split_sasaran of the sasaran of
    the chosen period's year; `places`: kode, kecamatan_kode.
    """
    chosen = period_cells if area is None else period_cells[period_cells["kode"].isin(area)]
    e0 = ps.crude(chosen)
    e1 = ps.standardise_age_sex(period_cells, targets, area=area)
    e2 = ps.poststratify(period_cells, targets, places, area=area)
    e3 = ps.poststratify(period_cells, targets, places, area=area, stunted="stunted_sd_adjusted")
    bands = ps.bands_in_range(survey.age_min, survey.age_max)
    e4 = ps.Estimate.missing()
    if year_cells is not None and len(year_cells):
        e4 = ps.poststratify(year_cells, targets, places, area=area, stunted="stunted_sd_adjusted", bands=bands)
    s = survey.prevalence
    terms = {
        "structure": e1.value - e0.value,
        "coverage": e2.value - e1.value,
        "quality": e3.value - e2.value,
        "period": e4.value - e3.value,
    }
    last = e4.value if not math.isnan(e4.value) else e3.value
    terms["residual"] = s - last
    sensitivity = {float(r): ps.poststratify(period_cells, targets, places, area=area, rr=float(r)).value - e1.value
                   for r in rr if r != 1.0}
    return Decomposition({"E0": e0, "E1": e1, "E2": e2, "E3": e3, "E4": e4}, terms, s - e0.value, survey,
                         sensitivity, bands, ps.range_is_aligned(survey.age_min, survey.age_max))


def explained(decomposition: Decomposition) -> float:
    """Sum of the computable terms, residual included (equals the gap S - E0)."""
    return sum(v for v in decomposition.terms.values() if not math.isnan(v))
