"""Benchmarked desa estimates ("model"): desa rates moved together so that their sasaran-weighted total
equals the survey's kabupaten/kota figure.

Input per desa d: a rate p_d (the post-stratified desa rate, poststrat.desa_rates; a desa where nobody was
measured borrows its kecamatan's cells) and a weight w_d (its sasaran, children). Target S (share 0..1).

Logit shift (default, Settings.benchmark_method = "logit"): find one delta with
    sum_d w_d expit(logit(p_d) + delta) / sum_d w_d = S
and p*_d = expit(logit(p_d) + delta). p_d is first clipped to [EPS, 1 - EPS] so that a desa with 0 %
measured still moves. delta is found by bisection (the weighted mean rises monotonically with delta) to
|total - S| < 1e-12. The estimates stay within 0..1 and keep the desa's order.

Ratio (Settings.benchmark_method = "ratio"): p*_d = p_d x S / P, P = sum_d w_d p_d / sum_d w_d. Simple to
explain; a desa can exceed 100 % when S / P is large (`over_one` counts them; they are kept, not capped,
so that the total still equals S).

Interval of a desa's model estimate: its post-stratified interval moved by the same delta (or factor).
It ignores the survey's own uncertainty and the uncertainty of delta: a model result, not a measurement.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

EPS = 1e-4
METHODS = ("logit", "ratio")


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class Benchmark:
    method: str
    shift: float           # delta (logit) or factor (ratio)
    before: float          # weighted total of the input rates (share)
    after: float           # weighted total of the benchmarked rates (= the survey figure)
    over_one: int = 0      # ratio method: desa above 100 %


def logit_shift(p: np.ndarray, w: np.ndarray, target: float) -> tuple[np.ndarray, float]:
    """(p*, delta) with sum w p* / sum w = target (0 < target < 1)."""
    if not 0 < target < 1:
        raise ValueError("the survey figure must be between 0 and 1")
    base = _logit(np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS))
    w = np.asarray(w, dtype=float) / np.sum(w)

    def total(delta: float) -> float:
        return float(np.sum(w * _expit(base + delta)))

    low, high = -30.0, 30.0
    for _ in range(200):
        mid = (low + high) / 2
        if total(mid) < target:
            low = mid
        else:
            high = mid
        if abs(total(mid) - target) < 1e-13:
            break
    delta = (low + high) / 2
    return _expit(base + delta), delta


def ratio(p: np.ndarray, w: np.ndarray, target: float) -> tuple[np.ndarray, float]:
    """(p*, factor) with p* = p x target / P."""
    p = np.asarray(p, dtype=float)
    w = np.asarray(w, dtype=float)
    current = float(np.sum(w * p) / np.sum(w))
    if current <= 0:
        raise ValueError("every desa rate is 0: ratio benchmarking cannot move them (use the logit shift)")
    factor = target / current
    return p * factor, factor


def benchmark_desa(desa: pd.DataFrame, survey_value: float, method: str = "logit") -> tuple[pd.DataFrame, Benchmark]:
    """Benchmark desa rates to the survey figure.

    `desa`: kode, value (post-stratified rate), se, target (sasaran, children); rows without value or target
    are left out. Returns (frame with kode, value, model, model_low, model_high, target; Benchmark).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    usable = desa[desa["value"].notna() & desa["target"].notna() & (desa["target"] > 0)].copy()
    if usable.empty:
        raise ValueError("no desa has both a rate and a sasaran")
    p, w = usable["value"].to_numpy(dtype=float), usable["target"].to_numpy(dtype=float)
    before = float(np.sum(w * p) / np.sum(w))
    se = usable["se"].fillna(0).to_numpy(dtype=float) if "se" in usable else np.zeros(len(usable))
    low, high = np.clip(p - 1.959964 * se, 0, 1), np.clip(p + 1.959964 * se, 0, 1)
    if method == "logit":
        model, shift = logit_shift(p, w, survey_value)
        move = lambda q: _expit(_logit(np.clip(q, EPS, 1 - EPS)) + shift)  # noqa: E731
    else:
        model, shift = ratio(p, w, survey_value)
        move = lambda q: q * shift  # noqa: E731
    usable["model"] = model
    usable["model_low"] = move(low)
    usable["model_high"] = move(high)
    after = float(np.sum(w * model) / np.sum(w))
    over = int((model > 1).sum())
    keep = ["kode", "value", "model", "model_low", "model_high", "target"]
    return usable[keep].reset_index(drop=True), Benchmark(method, shift, before, after, over)


def weighted_total(frame: pd.DataFrame, column: str = "model") -> float:
    """sum target x column / sum target (the check that a benchmark hit the survey figure)."""
    w = frame["target"].to_numpy(dtype=float)
    v = frame[column].to_numpy(dtype=float)
    return float(np.sum(w * v) / np.sum(w)) if np.sum(w) > 0 else math.nan
