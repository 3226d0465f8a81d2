"""What the demo city plants for Dua Angka (issue 21): a known coverage bias and a fictional survey figure.

Kept apart from the rest of the generator so that the plant is easy to see and to change:

1. Coverage of the sasaran falls where stunting is high: per kelurahan k and year,
       c_k = COVERAGE_TOP - COVERAGE_SLOPE * s_k - COVERAGE_NOISE * u     (s_k: stunting rank 0..1, u ~ U(0, 1))
   and the sasaran is the round with most children measured divided by c_k (pipelines.demo.city writes it).
2. The children of the sasaran who are never weighed are more often stunted: UNMEASURED_RR times the
   measured children's prevalence of their kelurahan and round (capped at 1). They appear in no file; they
   are the "truth" behind the survey figure:
       truth_kr = (m_kr p_kr + (N_k - m_kr) min(1, RR p_kr)) / N_k
   with m_kr the children measured in round r, N_k the sasaran, p_kr the prevalence the generator aimed for.
3. A fictional survey figure "SSGI 2024 (FIKTIF)" for Kota Contoh (99.71): the sasaran-weighted truth of the
   two 2024 rounds, rounded to 0.1 %, SE 2.0 points (a realistic kabupaten SSGI standard error). It is
   written with Fiktif = ya and a note, and every screen shows it as fictional.

The e-PPGBM files are not touched: the measured children are exactly as before, so the measured prevalence
still equals what the generator aimed for, and the plant shows only against the sasaran and the survey.
Truth files: `_truth/dua_angka.json` (parameters, kabupaten truth per round, the survey figure) and
`_truth/dua_angka_desa.csv` (kode, period, population_prevalence).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

COVERAGE_TOP = 0.95
COVERAGE_SLOPE = 0.22
COVERAGE_NOISE = 0.04
UNMEASURED_RR = 2.0
SURVEY_SOURCE = "SSGI 2024 (FIKTIF)"
SURVEY_YEAR = 2024
SURVEY_SE = 0.020
SURVEY_NOTE = "Angka fiktif untuk demo Kota Contoh; bukan angka survei nyata."


def sasaran_coverage(stunting_rank: np.ndarray, n_years: int, rng: np.random.Generator) -> np.ndarray:
    """Coverage c (0..1) per kelurahan and year, (n_kelurahan, n_years): lower where stunting is higher.

    Draws n_kelurahan x n_years uniforms in kelurahan-then-year order (the order the sasaran rows are written).
    """
    u = rng.uniform(0.0, 1.0, size=(len(stunting_rank), n_years))
    return COVERAGE_TOP - COVERAGE_SLOPE * stunting_rank[:, None] - COVERAGE_NOISE * u


def population_truth(measured: pd.DataFrame, sasaran: pd.DataFrame, aimed: pd.DataFrame) -> pd.DataFrame:
    """kode, period, population_prevalence (0..1), measured, sasaran: what the whole sasaran's rate is.

    `measured`: kode, period, children (measured in the round); `sasaran`: kode, year, sasaran;
    `aimed`: kode, period, stunting_expected (the measured children's prevalence the generator aimed for).
    """
    frame = aimed.merge(measured, on=["kode", "period"], how="left").fillna({"children": 0})
    frame["year"] = frame["period"].str[:4].astype(int)
    frame = frame.merge(sasaran, on=["kode", "year"], how="left")
    p = frame["stunting_expected"].to_numpy(dtype=float)
    m = frame["children"].to_numpy(dtype=float)
    n = np.maximum(frame["sasaran"].to_numpy(dtype=float), m)
    frame["population_prevalence"] = (m * p + (n - m) * np.minimum(1.0, UNMEASURED_RR * p)) / n
    return frame.rename(columns={"children": "measured"})[["kode", "period", "population_prevalence", "measured", "sasaran"]]


def kabupaten_truth(desa: pd.DataFrame) -> dict[str, float]:
    """period -> sasaran-weighted population prevalence of the whole city."""
    out = {}
    for period, part in desa.groupby("period"):
        out[period] = float(np.average(part["population_prevalence"], weights=part["sasaran"]))
    return out


def write_plant(truth_dir: Path, survey_path: Path, desa: pd.DataFrame, kota_code: str, kota_name: str,
                measured_rate: dict[str, float]) -> dict:
    """Write the survey CSV and the truth files; returns the truth dictionary."""
    kab = kabupaten_truth(desa)
    survey_periods = [p for p in kab if p.startswith(str(SURVEY_YEAR))]
    value = round(float(np.mean([kab[p] for p in survey_periods])) * 100, 1)
    low, high = round(value - 1.959964 * SURVEY_SE * 100, 1), round(value + 1.959964 * SURVEY_SE * 100, 1)
    header = ("Sumber,Tahun,Tingkat,Kode Wilayah,Prevalensi Stunting (%),Batas Bawah 95% (%),Batas Atas 95% (%),"
              "SE (%),Usia Min (bulan),Usia Maks (bulan),Fiktif,Catatan\n")
    row = (f"{SURVEY_SOURCE},{SURVEY_YEAR},kabupaten/kota,{kota_code},{value:.1f},{low:.1f},{high:.1f},"
           f"{SURVEY_SE * 100:.1f},0,59,ya,{SURVEY_NOTE}\n")
    survey_path.write_text(header + row, encoding="utf-8")
    out = desa.copy()
    out["population_prevalence"] = out["population_prevalence"].map(lambda v: f"{v:.6f}")
    out[["kode", "period", "population_prevalence"]].to_csv(truth_dir / "dua_angka_desa.csv", index=False,
                                                            lineterminator="\n")
    truth = {
        "fictional": True, "kota": kota_name, "kode": kota_code,
        "coverage": {"top": COVERAGE_TOP, "slope": COVERAGE_SLOPE, "noise": COVERAGE_NOISE},
        "unmeasured_rr": UNMEASURED_RR,
        "population_prevalence": {p: round(v, 6) for p, v in sorted(kab.items())},
        "measured_prevalence_aimed": {p: round(v, 6) for p, v in sorted(measured_rate.items())},
        "survey": {"source": SURVEY_SOURCE, "year": SURVEY_YEAR, "prevalence_pct": value, "ci_pct": [low, high],
                   "se_pct": SURVEY_SE * 100},
    }
    (truth_dir / "dua_angka.json").write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
    return truth
