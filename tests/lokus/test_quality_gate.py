"""Desa with problematic data are marked in the lokus ranking and enter the top N only once acknowledged."""
from __future__ import annotations

import pandas as pd

from pipelines.lokus import ranking as lokus
from pipelines.lokus.quality_gate import HELD, mark_and_hold, problem_in_top


def ranking() -> pd.DataFrame:
    return pd.DataFrame({"kode": [f"99.72.01.{1001 + i}" for i in range(6)], "nama": list("ABCDEF"),
                         "score": [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], "rank": [1, 2, 3, 4, 5, 6]})


def test_unacknowledged_problem_desa_stay_out_of_the_top_n():
    selection = lokus.select(ranking(), 3)
    gated = mark_and_hold(selection, ["99.72.01.1002", "99.72.01.1006"], acknowledged=False)
    assert gated["data_problem"].tolist() == [False, True, False, False, False, True]
    assert gated.loc[gated["selected"], "nama"].tolist() == ["A", "C"]
    assert gated.loc[1, "how"] == HELD
    assert problem_in_top(gated, 3)["nama"].tolist() == ["B"]      # F is not in the top 3


def test_acknowledged_problem_desa_enter_and_stay_marked():
    gated = mark_and_hold(lokus.select(ranking(), 3), ["99.72.01.1002"], acknowledged=True)
    assert gated.loc[gated["selected"], "nama"].tolist() == ["A", "B", "C"]
    assert gated.loc[1, "data_problem"] and gated.loc[1, "how"] == "top_n"


def test_a_manual_addition_with_its_reason_is_not_held():
    overrides = lokus.Overrides(added={"99.72.01.1005": "posyandu baru, data diperiksa"})
    gated = mark_and_hold(lokus.select(ranking(), 2, overrides), ["99.72.01.1005"], acknowledged=False)
    assert gated.loc[gated["selected"], "nama"].tolist() == ["A", "B", "E"]
