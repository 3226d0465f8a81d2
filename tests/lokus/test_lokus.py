"""Lokus maths: normalisation, weighted score and ranking by hand, empirical Bayes on a known case,
traffic lights, top N with manual changes, the extra-criteria CSV validator, criteria from the fixture."""
from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pytest

from lokus_fixture import build_fixture_db
from pipelines.lokus import ranking as lokus
from pipelines.lokus.criteria_upload import CriteriaFileError, read_extra_criteria


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return build_fixture_db(tmp_path_factory.mktemp("lokus") / "fixture.duckdb")


def _example() -> pd.DataFrame:
    # x: higher = priority, y: lower = priority
    return pd.DataFrame({"kode": ["A", "B", "C"], "x": [10.0, 20.0, 30.0], "y": [5.0, 1.0, 3.0]})


def test_normalise_directions_and_constant():
    assert lokus.normalise(pd.Series([10.0, 20.0, 30.0]), lokus.HIGHER).tolist() == [0.0, 0.5, 1.0]
    assert lokus.normalise(pd.Series([5.0, 1.0, 3.0]), lokus.LOWER).tolist() == [0.0, 1.0, 0.5]
    constant = lokus.normalise(pd.Series([2.0, 2.0, np.nan]), lokus.HIGHER)
    assert constant.iloc[:2].tolist() == [0.0, 0.0] and math.isnan(constant.iloc[2])


def test_ranking_hand_computed():
    # norm x = A 0, B 0.5, C 1; norm y = (5 - y) / 4 = A 0, B 1, C 0.5
    # score = (2 * nx + 1 * ny) / 3: A 0, B (1 + 1) / 3 = 0.6667, C (2 + 0.5) / 3 = 0.8333
    ranked = lokus.rank(_example(), {"x": 2, "y": 1}, {"x": lokus.HIGHER, "y": lokus.LOWER})
    assert ranked["kode"].tolist() == ["C", "B", "A"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert ranked["score"].tolist() == pytest.approx([2.5 / 3, 2 / 3, 0.0])
    assert ranked["contrib_x"].tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert ranked["contrib_y"].tolist() == pytest.approx([0.5 / 3, 1 / 3, 0.0])
    assert (ranked["contrib_x"] + ranked["contrib_y"]).tolist() == pytest.approx(ranked["score"].tolist())


def test_weights_are_relative_and_bounded():
    a = lokus.rank(_example(), {"x": 2, "y": 1}, {"y": lokus.LOWER})
    b = lokus.rank(_example(), {"x": 60, "y": 30}, {"y": lokus.LOWER})
    assert a["score"].tolist() == pytest.approx(b["score"].tolist())
    for bad in ({"x": -1}, {"x": 101}, {"x": float("nan")}, {"x": 0, "y": 0}):
        with pytest.raises(ValueError):
            lokus.rank(_example(), bad)


def test_missing_criterion_is_skipped_and_ties_by_code():
    frame = pd.DataFrame({"kode": ["B", "A", "C"], "x": [1.0, 1.0, np.nan], "y": [0.0, 0.0, np.nan]})
    ranked = lokus.rank(frame, {"x": 1, "y": 1})
    assert ranked["kode"].tolist() == ["A", "B", "C"]  # equal scores: by code; no data at all: last
    assert math.isnan(ranked["score"].iloc[2]) and ranked["criteria_used"].tolist() == [2, 2, 0]
    frame = pd.DataFrame({"kode": ["A", "B", "D"], "x": [0.0, 10.0, np.nan], "y": [0.0, 10.0, 5.0]})
    ranked = lokus.rank(frame, {"x": 3, "y": 1}).set_index("kode")
    # D has only y (norm 0.5): score = 1 * 0.5 / 1
    assert ranked.loc["D", "score"] == pytest.approx(0.5) and ranked.loc["D", "criteria_used"] == 1


def test_empirical_bayes_known_case():
    # k = 3, 90, 10 stunted of n = 6, 300, 100 measured, one group:
    # m = 103 / 406 = 0.253695; s2 = sum n (p - m)^2 / 406 = 0.0082992; nbar = 406 / 3
    # tau2 = s2 - m (1 - m) / nbar = 0.0069001; alpha + beta = m (1 - m) / tau2 - 1 = 26.4391
    # B = 26.4391 / (n + 26.4391) = 0.815038, 0.080992, 0.209105; EB = B m + (1 - B) p
    k = pd.Series([3, 90, 10])
    n = pd.Series([6, 300, 100])
    out = lokus.eb_shrink(k, n)
    assert out["prior_mean"].iloc[0] == pytest.approx(0.253695, abs=1e-6)
    assert out["shrinkage"].tolist() == pytest.approx([0.815038, 0.080992, 0.209105], abs=1e-6)
    assert out["eb"].tolist() == pytest.approx([0.299252, 0.296250, 0.132138], abs=1e-6)


def test_empirical_bayes_no_extra_spread_shrinks_fully_and_small_groups_fall_back():
    out = lokus.eb_shrink(pd.Series([10, 20, 30]), pd.Series([100, 200, 300]))  # identical rates
    assert out["eb"].tolist() == pytest.approx([0.1, 0.1, 0.1]) and out["shrinkage"].tolist() == [1.0, 1.0, 1.0]
    group = pd.Series(["a", "a", "a", "b"])
    out = lokus.eb_shrink(pd.Series([3, 90, 10, 5]), pd.Series([6, 300, 100, 0]), group)
    assert out["group_used"].iloc[:3].tolist() == ["a"] * 3 and math.isnan(out["eb"].iloc[3])
    out = lokus.eb_shrink(pd.Series([3, 90, 10, 5]), pd.Series([6, 300, 100, 20]), group)
    assert out["group_used"].iloc[3] == "kabupaten"


def test_traffic_light_thresholds():
    frame = pd.DataFrame({"kode": list("ABCD"), "prevalence": [0.35, 0.15, 0.05, np.nan], "z": [3.0, 0.0, -3.0, 1.0]})
    lights = lokus.traffic_light(frame, {"prevalence": lokus.DEFAULT_THRESHOLDS["prevalence"], "z": lokus.Threshold(-2, 0, lokus.LOWER)})
    assert lights["prevalence"].tolist() == ["red", "yellow", "green", ""]
    assert lights["z"].tolist() == ["green", "yellow", "red", "green"]
    assert lights["n_red"].tolist() == [1, 0, 1, 0]
    with pytest.raises(ValueError):
        lokus.Threshold(0.1, 0.2, lokus.HIGHER)


def test_select_top_n_with_reasons():
    ranked = lokus.rank(_example(), {"x": 1})
    chosen = lokus.select(ranked, 2, lokus.Overrides(added={"A": "dekat sungai"}, removed={"C": "sudah lokus provinsi"}))
    assert set(chosen.loc[chosen["selected"], "kode"]) == {"A", "B"}
    assert chosen.set_index("kode").loc["C", ["how", "reason"]].tolist() == ["removed", "sudah lokus provinsi"]
    for bad in (lokus.Overrides(removed={"C": "  "}), lokus.Overrides(added={"C": "x"}), lokus.Overrides(removed={"A": "x"}),
                lokus.Overrides(added={"Z": "x"})):
        with pytest.raises(ValueError):
            lokus.select(ranked, 2, bad)
    for n in (0, 4, 2.5, True):
        with pytest.raises(ValueError):
            lokus.select(ranked, n)


def test_criteria_from_fixture(fixture_db):
    con = duckdb.connect(str(fixture_db), read_only=True)
    periods = lokus.query_periods(con)
    assert periods == ["2025-08", "2024-08"]
    assert lokus.comparison_period(periods, "2025-08") == "2024-08"
    crude = lokus.load_criteria(con, "2025-08", "2024-08")
    eb = lokus.load_criteria(con, "2025-08", "2024-08", eb=True)
    con.close()
    assert len(crude) == 25 and crude["kode"].is_unique
    small = crude.set_index("kode").loc["99.71.01.1021"]
    assert small["children"] == 6 and small["prevalence_crude"] == pytest.approx(0.5)
    shrunk = eb.set_index("kode").loc["99.71.01.1021"]
    assert shrunk["prevalence"] == shrunk["prevalence_eb"] < 0.5  # shown both ways, EB used for the score
    assert math.isnan(crude.set_index("kode").loc["99.71.02.1025", "coverage_gap"])
    assert crude["trend"].notna().all()
    ranked = lokus.rank(crude, lokus.DEFAULT_WEIGHTS | {"hotspot": 0})
    assert ranked["rank"].tolist() == list(range(1, 26)) and ranked["score"].between(0, 1).all()


def test_extra_criteria_csv():
    known = {"99.71.01.1001", "99.71.01.1002"}
    ok = read_extra_criteria("kode;Kemiskinan (%);Air minum\n99.71.01.1001;12,5;80\n99.71.01.1002;;70\n".encode(), "x.csv", known)
    assert ok.labels == {"extra_1": "Kemiskinan (%)", "extra_2": "Air minum"}
    assert ok.values.loc["99.71.01.1001", "extra_1"] == 12.5 and math.isnan(ok.values.loc["99.71.01.1002", "extra_1"])
    cases = {
        b"nama,nilai\nA,1\n": "kode",
        b"kode,nilai\n99.71.01.1001,abc\n": "baris 2",
        b"kode,nilai\n99.71.01.1001,1\n99.71.01.1001,2\n": "baris 3",
        b"kode,nilai\n99.71.09.9999,1\n": "99.71.09.9999",
        b"kode,nilai\n=cmd|' /C calc'!A0,1\n": "baris 2",
        b"kode,nilai\n99.71.01.1001,1e12\n": "nilai",
        b"kode,nilai\n99.71.01.1001,inf\n": "nilai",
        b"": "kosong",
    }
    for content, expected in cases.items():
        with pytest.raises(CriteriaFileError) as error:
            read_extra_criteria(content, "upload.csv", known)
        assert "upload.csv" in str(error.value) and expected in str(error.value)
    with pytest.raises(CriteriaFileError):
        read_extra_criteria(b"x" * (3 * 1024 * 1024), "big.csv", known)
