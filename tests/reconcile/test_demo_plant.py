"""The demo city's planted coverage bias (pipelines.demo.dua_angka): the unweighed children are twice as often
stunted, and the coverage of the sasaran falls where stunting is high. The post-stratified and benchmarked
estimates must move from the e-PPGBM rate towards the planted truth; the test states by how much."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from pipelines.reconcile import benchmark as bm
from pipelines.reconcile import decompose as dec
from pipelines.reconcile import poststrat as ps
from pipelines.reconcile import report
from pipelines.reconcile import survey as sv

PERIOD = "2024-02"   # a round of the fictional survey's year


@pytest.fixture(scope="module")
def demo(demo_build):
    con = duckdb.connect(str(demo_build.db), read_only=True)
    truth = json.loads(demo_build.files.truth_dua_angka.read_text())
    desa_truth = pd.read_csv(demo_build.files.truth_dua_angka.parent / "dua_angka_desa.csv", dtype={"kode": str})
    yield con, truth, desa_truth
    con.close()


def test_the_demo_survey_figure_is_fictional_and_says_so(demo):
    con, truth, _ = demo
    (figure,) = sv.figures(con)
    assert figure.fictional and "FIKTIF" in figure.source and "fiktif" in figure.note.lower()
    assert figure.prevalence == pytest.approx(truth["survey"]["prevalence_pct"] / 100)
    assert figure.kode == "99.71" and figure.year == 2024


def test_post_stratified_and_benchmarked_estimates_move_towards_the_planted_truth(demo):
    con, truth, desa_truth = demo
    (figure,) = sv.figures(con)
    places = con.execute("SELECT kode, kecamatan_kode FROM kelurahan").df()
    cells = con.execute("SELECT * FROM reconcile_cells WHERE span = 'period' AND period = ?", [PERIOD]).df()
    year = con.execute("SELECT * FROM reconcile_cells WHERE span = 'year' AND period = '2024'").df()
    targets = ps.split_sasaran(con.execute("SELECT kode, target_children FROM sasaran WHERE year = 2024").df(), 0.512)
    planted = truth["population_prevalence"][PERIOD]

    measured = ps.crude(cells).value
    adjusted = ps.poststratify(cells, targets, places)
    # the e-PPGBM rate is below the truth by the planted bias; post-stratification recovers part of it
    assert planted - measured > 0.03
    assert measured < adjusted.value < planted
    gain = adjusted.value - measured
    assert gain > 0.003, f"post-stratification moved only {gain * 100:.2f} points"
    # the planted mechanism (unmeasured twice as often stunted) is the sensitivity bound rr = 2: it lands near the truth
    d = dec.decompose(cells, year, targets, places, figure, rr=(1.5, 2.0))
    with_rr2 = d.estimates["E1"].value + d.sensitivity[2.0]
    assert abs(with_rr2 - planted) < 0.01 and abs(with_rr2 - planted) < abs(adjusted.value - planted) / 3
    assert sum(d.terms.values()) == pytest.approx(d.gap)

    desa = ps.desa_rates(cells, targets, places)
    model, info = bm.benchmark_desa(desa, figure.prevalence)
    assert bm.weighted_total(model) == pytest.approx(figure.prevalence, abs=1e-9)
    model["truth"] = model["kode"].map(desa_truth[desa_truth["period"] == PERIOD].set_index("kode")["population_prevalence"])
    error_measured = (model["value"] - model["truth"]).abs().mean()
    error_model = (model["model"] - model["truth"]).abs().mean()
    assert error_model < error_measured - 0.005
    print(f"\n{PERIOD}: truth {planted:.4f}, e-PPGBM {measured:.4f}, post-stratified {adjusted.value:.4f} "
          f"(+{gain * 100:.2f} points of {(planted - measured) * 100:.2f}), with rr 2 {with_rr2:.4f}; survey "
          f"{figure.prevalence:.3f}; desa mean absolute error measured {error_measured * 100:.2f} -> model "
          f"{error_model * 100:.2f} points")


def test_each_kecamatan_has_its_decomposition_that_adds_up(demo):
    """Per kecamatan: the steps start from the kecamatan's own e-PPGBM rate and end at the kabupaten figure."""
    con, _, _ = demo
    whole = report.dua_angka(con, PERIOD)
    for row in whole.kecamatan_rows.itertuples(index=False):
        kec = report.dua_angka(con, PERIOD, row.kode)
        d = kec.decomposition
        assert d is not None, row.nama
        assert d.estimates["E0"].value == pytest.approx(row.measured)       # the kecamatan's e-PPGBM rate
        assert d.estimates["E2"].value == pytest.approx(row.adjusted)       # its post-stratified rate
        assert sum(d.terms.values()) == pytest.approx(d.gap)
        assert d.gap == pytest.approx(whole.survey.prevalence - row.measured)
        assert d.survey == whole.survey
