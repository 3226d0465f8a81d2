"""The Dua Angka criteria in the lokus ranking: off by default, the model desa estimate and the incidence of new
stunting when the planner switches them on."""
from __future__ import annotations

import duckdb
import pytest

from pipelines.lokus import ranking as lokus
from pipelines.reconcile import flows, report


@pytest.fixture(scope="module")
def con(demo_build):
    with duckdb.connect(str(demo_build.db), read_only=True) as connection:
        yield connection


def test_criteria_carry_model_and_incidence_with_weight_zero_by_default(con):
    assert lokus.DEFAULT_WEIGHTS["model"] == 0 and lokus.DEFAULT_WEIGHTS["incidence"] == 0
    criteria = lokus.load_criteria(con, "2025-08", "2024-08")
    model = report.dua_angka(con, "2025-08").desa.set_index("kode")["model"]
    assert criteria.set_index("kode")["model"].to_dict() == pytest.approx(model.to_dict())
    counts = flows.flow_counts(con, "kelurahan", "2025-02", "2025-08").set_index("kode")
    assert criteria.set_index("kode")["incidence"].to_dict() == pytest.approx(counts["incidence"].to_dict())
    default = lokus.rank(criteria, lokus.DEFAULT_WEIGHTS | {"hotspot": 0})
    assert "norm_model" not in default.columns                      # not used unless switched on
    only_model = lokus.rank(criteria, {"model": 100})
    assert only_model["kode"].iloc[0] == criteria.loc[criteria["model"].idxmax(), "kode"]
    only_new = lokus.rank(criteria, {"incidence": 100})
    assert only_new["kode"].iloc[0] == criteria.loc[criteria["incidence"].idxmax(), "kode"]


def test_first_round_has_no_incidence(con):
    criteria = lokus.load_criteria(con, "2024-02", None)
    assert criteria["incidence"].isna().all() and criteria["model"].notna().all()
