"""Lokus and data quality: desa whose data are graded problematic (table `quality_desa`, pipelines/quality) are
marked in the ranking and kept out of the top N until the planner acknowledges them.

Why: a desa measured by a posyandu that rounds lengths or measures babies standing can rank high because of
the measurement, not the children. The planner may still choose it, knowingly. Held desa are not replaced by
the next ranks: the planner sees how many were held and can add others by hand, with a reason.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

HELD = "quality_hold"   # selection["how"] of a desa kept out of the top N for its data


def mark_and_hold(selection: pd.DataFrame, problem_codes: Iterable[str], acknowledged: bool) -> pd.DataFrame:
    """`selection` (pipelines.lokus.ranking.select) with `data_problem` (bool); unless `acknowledged`, the
    problem desa that entered through the top N (how 'top_n') are deselected with how = HELD. Manual additions
    stay: their reason already says the planner chose them."""
    out = selection.copy()
    out["data_problem"] = out["kode"].isin(set(problem_codes))
    if not acknowledged:
        held = out["data_problem"] & out["selected"] & (out["how"] == "top_n")
        out.loc[held, "selected"] = False
        out.loc[held, "how"] = HELD
    return out


def problem_in_top(selection: pd.DataFrame, n: int) -> pd.DataFrame:
    """The problem desa among the first `n` ranks (selected or held)."""
    return selection[selection["data_problem"] & (selection["rank"] <= n) & selection["score"].notna()]
