"""Benchmarked desa estimates: the sasaran-weighted total equals the survey figure."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.reconcile import benchmark as bm

DESA = pd.DataFrame({"kode": ["a", "b", "c"], "value": [0.10, 0.30, 0.0], "se": [0.02, 0.05, 0.0],
                     "target": [100.0, 50.0, 50.0]})


def test_logit_shift_hits_the_survey_figure_and_keeps_the_order():
    out, info = bm.benchmark_desa(DESA, 0.25, "logit")
    assert bm.weighted_total(out) == pytest.approx(0.25, abs=1e-12)
    assert info.after == pytest.approx(0.25, abs=1e-12) and info.before == pytest.approx(0.125)
    assert info.shift > 0
    model = out.set_index("kode")["model"]
    assert model["b"] > model["a"] > model["c"] > 0           # a desa at 0 % measured moves too
    assert (out["model_low"] <= out["model"]).all() and (out["model"] <= out["model_high"]).all()
    assert out["model"].between(0, 1).all()


def test_ratio_benchmark_is_exact():
    out, info = bm.benchmark_desa(DESA, 0.25, "ratio")
    assert info.shift == pytest.approx(2.0)                     # P = (10 + 15 + 0) / 200 = 0.125
    assert out["model"].tolist() == pytest.approx([0.2, 0.6, 0.0])
    assert bm.weighted_total(out) == pytest.approx(0.25)
    huge, info = bm.benchmark_desa(DESA, 0.9, "ratio")
    assert info.over_one == 1 and bm.weighted_total(huge) == pytest.approx(0.9)


def test_logit_shift_on_many_desa_hits_the_figure():
    rng = np.random.default_rng(1)
    p, w = rng.uniform(0, 0.5, 300), rng.integers(10, 500, 300)
    model, delta = bm.logit_shift(p, w, 0.213)
    assert np.sum(w * model) / np.sum(w) == pytest.approx(0.213, abs=1e-12)


def test_refuses_what_cannot_be_benchmarked():
    with pytest.raises(ValueError):
        bm.benchmark_desa(DESA.assign(target=np.nan), 0.2)
    with pytest.raises(ValueError):
        bm.logit_shift(np.array([0.1]), np.array([1.0]), 1.2)
    with pytest.raises(ValueError):
        bm.benchmark_desa(DESA, 0.2, "median")
