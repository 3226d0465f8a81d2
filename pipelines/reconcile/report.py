"""Everything Dua Angka shows for one place and period, assembled once for the page, the slide and the export.

`dua_angka(con, period, kecamatan=None, survey=None)` reads the build's tables (reconcile_cells,
reconcile_age_months, quality_checks, sasaran, kelurahan, survey figures) and returns a `DuaAngka` with:
the e-PPGBM rate ("diukur"), the post-stratified rate ("disesuaikan"), the survey figure, the gap
decomposition (of the kabupaten/kota, or of a kecamatan against the kabupaten/kota figure: its residual then
also holds the kecamatan's difference from the kabupaten/kota), desa rows (measured,
adjusted, model = benchmarked), coverage per desa and age band, the age structure against the expected
population, the quality signals and the assumptions used, each in words the page writes beside the number.
Only counts and rates: no child-level row.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import readmodel
from pipelines.quality.standards import BIRTH_DAY_EXPECTED
from pipelines.reconcile import benchmark as bm
from pipelines.reconcile import decompose as dec
from pipelines.reconcile import poststrat as ps
from pipelines.reconcile import survey as sv
from pipelines.settings import Settings


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return readmodel.table_exists(con, table)


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database has the dua-angka tables (built by this version)."""
    return _has(con, "reconcile_cells")


def settings_of(con: duckdb.DuckDBPyConnection) -> Settings:
    """The build's dua-angka settings (meta 'reconcile', 'small_n'), defaults where absent."""
    settings = Settings()
    meta = readmodel.meta(con)
    settings.small_n = readmodel.small_n(con)
    try:
        data = json.loads(meta.get("reconcile") or "{}")
        settings.sasaran_male_share = float(data.get("sasaran_male_share", settings.sasaran_male_share))
        settings.haz_sd_expected = tuple(data.get("haz_sd_expected", settings.haz_sd_expected))
        settings.unmeasured_rr = tuple(data.get("unmeasured_rr", settings.unmeasured_rr))
        settings.benchmark_method = str(data.get("benchmark_method", settings.benchmark_method))
    except (ValueError, TypeError):
        pass
    return settings


def periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Periods with dua-angka cells, newest first."""
    if not available(con):
        return []
    rows = con.execute("SELECT DISTINCT period FROM reconcile_cells WHERE span = 'period' ORDER BY period DESC").fetchall()
    return [r[0] for r in rows]


def kabupaten(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """(kode, nama) of the kabupaten/kota of the database (the first when there are several)."""
    row = con.execute("SELECT kabupaten_kode, any_value(kabupaten_nama) FROM kelurahan GROUP BY 1 ORDER BY 1 LIMIT 1").fetchone()
    return (row[0], row[1]) if row else ("", "")


def matching_figures(figures: list[sv.SurveyFigure], kabupaten_kode: str) -> list[sv.SurveyFigure]:
    """Figures for this kabupaten/kota, then for its province (newest year first)."""
    own = [f for f in figures if f.level == "kabupaten" and f.kode == kabupaten_kode]
    province = [f for f in figures if f.level == "provinsi" and f.kode == kabupaten_kode[:2]]
    return sorted(own, key=lambda f: -f.year) + sorted(province, key=lambda f: -f.year)


@dataclass
class DuaAngka:
    period: str
    kabupaten_kode: str
    kabupaten_nama: str
    kecamatan: str | None                 # kecamatan kode, None = the whole kabupaten/kota
    place_name: str
    survey: sv.SurveyFigure | None
    measured: ps.Estimate                 # "diukur"
    adjusted: ps.Estimate                 # "disesuaikan"
    model_total: float                    # "model": sasaran-weighted benchmarked rate of the place
    decomposition: dec.Decomposition | None
    benchmark: bm.Benchmark | None
    desa: pd.DataFrame                    # per desa: measured, adjusted, model, coverage
    coverage: pd.DataFrame                # per desa x age band
    ages: pd.DataFrame                    # age_month, sex, children, expected
    quality: dict                         # quality signals of the place (`quality_signals`)
    assumptions: dict = field(default_factory=dict)
    kecamatan_rows: pd.DataFrame | None = None   # per kecamatan (kabupaten view only)


def _sasaran(con, year: int) -> tuple[pd.DataFrame, int | None]:
    """Sasaran rows (kode, target_children, optional band columns) of `year`, else of the nearest year."""
    if not _has(con, "sasaran"):
        return pd.DataFrame(columns=["kode", "target_children"]), None
    years = [r[0] for r in con.execute("SELECT DISTINCT year FROM sasaran ORDER BY year").fetchall()]
    if not years:
        return pd.DataFrame(columns=["kode", "target_children"]), None
    chosen = year if year in years else min(years, key=lambda y: (abs(y - year), -y))
    frame = con.execute("SELECT * EXCLUDE (year) FROM sasaran WHERE year = ?", [chosen]).df()
    frame = frame.groupby("kode", as_index=False).sum(numeric_only=True, min_count=1)  # NULL bands stay NULL
    return frame, chosen


def dua_angka(con: duckdb.DuckDBPyConnection, period: str, kecamatan: str | None = None,
              survey: sv.SurveyFigure | None = None, db_path: Path | None = None,
              settings: Settings | None = None) -> DuaAngka:
    """The Dua Angka of the kabupaten/kota (kecamatan None) or one kecamatan for `period` (module docstring).

    `survey`: the figure to compare with (default: the newest matching one, kabupaten before province).
    """
    settings = settings or settings_of(con)
    kab_kode, kab_nama = kabupaten(con)
    places = con.execute("SELECT kode, nama, kecamatan_kode, kecamatan_nama FROM kelurahan ORDER BY kode").df()
    if survey is None:
        found = matching_figures(sv.figures(con, db_path), kab_kode)
        survey = found[0] if found else None
    cells = con.execute("SELECT * FROM reconcile_cells WHERE span = 'period' AND period = ?", [period]).df()
    sasaran, sasaran_year = _sasaran(con, int(period[:4]))
    targets = ps.split_sasaran(sasaran, settings.sasaran_male_share)
    area = None if kecamatan is None else set(places.loc[places["kecamatan_kode"] == kecamatan, "kode"])
    inside = cells if area is None else cells[cells["kode"].isin(area)]
    measured = ps.crude(inside)
    table = ps.cell_table(cells, targets, places) if len(targets) else None
    adjusted = ps.weighted(table if area is None else table[table["kode"].isin(area)]) if table is not None \
        else ps.Estimate.missing()

    decomposition = None
    if survey is not None and survey.level == "kabupaten" and len(targets):
        # a kecamatan is decomposed against the kabupaten/kota figure (no survey has a kecamatan figure): its
        # steps measure the kecamatan's own data, and its residual also holds the kecamatan's difference from
        # the kabupaten/kota (said next to it, `decomposition_rows`)
        year_cells = con.execute("SELECT * FROM reconcile_cells WHERE span = 'year' AND period = ?",
                                 [str(survey.year)]).df()
        decomposition = dec.decompose(cells, year_cells, targets, places, survey, area=area,
                                      rr=settings.unmeasured_rr)

    desa = places.copy()
    crude_desa = cells.groupby("kode")[["measured", "valid_haz", "stunted"]].sum()
    desa["measured"] = desa["kode"].map(crude_desa["measured"]).fillna(0).astype(int)
    desa["n"] = desa["kode"].map(crude_desa["valid_haz"]).fillna(0).astype(int)
    desa["stunted"] = desa["kode"].map(crude_desa["stunted"]).fillna(0).astype(int)
    desa["value_measured"] = desa["stunted"] / desa["n"].where(desa["n"] > 0)
    target_desa = targets.groupby("kode")["target"].sum()
    desa["target"] = desa["kode"].map(target_desa)
    desa["coverage"] = desa["measured"] / desa["target"].where(desa["target"] > 0)
    desa["never_measured"] = (1 - desa["coverage"]).clip(lower=0)
    benchmark, model_total = None, math.nan
    if len(targets):
        rates = ps.desa_rates_of(table)
        desa = desa.merge(rates[["kode", "value", "se", "imputed_share"]].rename(columns={"value": "value_adjusted"}),
                          on="kode", how="left")
        if survey is not None and survey.level == "kabupaten" and rates["value"].notna().any():
            model, benchmark = bm.benchmark_desa(rates, survey.prevalence, settings.benchmark_method)
            desa = desa.merge(model[["kode", "model", "model_low", "model_high"]], on="kode", how="left")
    for column in ("value_adjusted", "se", "imputed_share", "model", "model_low", "model_high"):
        if column not in desa:
            desa[column] = np.nan
    if area is not None:
        desa = desa[desa["kode"].isin(area)].reset_index(drop=True)
    if desa["model"].notna().any():
        w = desa["target"].where(desa["model"].notna())
        model_total = float((desa["model"] * w).sum() / w.sum())

    coverage = _coverage(cells, targets, places, area)
    ages = _ages(con, period, kecamatan or kab_kode, "kecamatan" if kecamatan else "kabupaten", sasaran, area,
                 settings.sasaran_male_share)
    quality = quality_signals(con, period, kecamatan or kab_kode, "kecamatan" if kecamatan else "kabupaten")
    band_columns = list(ps.BAND_COLUMNS.values())
    banded = all(c in sasaran.columns for c in band_columns) and bool(sasaran[band_columns].notna().all(axis=1).any())
    assumptions = {
        "split": "file" if banded else "uniform", "male_share": settings.sasaran_male_share,
        "sasaran_year": sasaran_year, "rr": list(settings.unmeasured_rr), "sd_expected": list(settings.haz_sd_expected),
        "benchmark_method": settings.benchmark_method, "small_n": settings.small_n,
    }
    name = kab_nama if kecamatan is None else str(places.loc[places["kecamatan_kode"] == kecamatan, "kecamatan_nama"].iloc[0])
    result = DuaAngka(period, kab_kode, kab_nama, kecamatan, name, survey, measured, adjusted, model_total,
                      decomposition, benchmark, desa, coverage, ages, quality, assumptions)
    if kecamatan is None:
        result.kecamatan_rows = _kecamatan_rows(cells, table, places, desa)
    return result


def _coverage(cells, targets, places, area) -> pd.DataFrame:
    """kode, nama, kecamatan_nama, age_band, measured, target, coverage, never_measured per desa x band."""
    measured = cells.groupby(["kode", "age_band"])["measured"].sum()
    target = targets.groupby(["kode", "age_band"])["target"].sum()
    index = pd.MultiIndex.from_product([places["kode"], ps.BAND_LABELS], names=["kode", "age_band"])
    out = pd.DataFrame(index=index).reset_index()
    out["measured"] = [measured.get(k, 0) for k in zip(out["kode"], out["age_band"])]
    out["target"] = [target.get(k, np.nan) for k in zip(out["kode"], out["age_band"])]
    out["coverage"] = out["measured"] / out["target"].where(out["target"] > 0)
    out["never_measured"] = (1 - out["coverage"]).clip(lower=0)
    out = out.merge(places[["kode", "nama", "kecamatan_nama"]], on="kode")
    return out if area is None else out[out["kode"].isin(area)].reset_index(drop=True)


def _ages(con, period, kode, level, sasaran, area, male_share) -> pd.DataFrame:
    """age_month (0..59), sex, children measured, expected (the sasaran spread uniformly by month)."""
    got = con.execute("SELECT age_month, sex, children FROM reconcile_age_months WHERE level = ? AND kode = ? AND period = ?",
                      [level, kode, period]).df()
    grid = pd.DataFrame([(a, s) for a in range(60) for s in (1, 2)], columns=["age_month", "sex"])
    out = grid.merge(got, on=["age_month", "sex"], how="left").fillna({"children": 0})
    chosen = sasaran if area is None else sasaran[sasaran["kode"].isin(area)]
    total = float(chosen["target_children"].sum()) if len(chosen) else math.nan
    out["expected"] = total / 60 * np.where(out["sex"] == 1, male_share, 1 - male_share)
    return out


def quality_signals(con: duckdb.DuckDBPyConnection, period: str, kode: str, level: str) -> dict:
    """The measurement-quality signals bearing on HAZ of the kabupaten/kota or a kecamatan (`level`, `kode`) in
    `period`, read from the data-quality step's `quality_checks` (one definition, pipelines/quality; each child
    once, at its latest measurement of the period): children, measurements, mean_haz and sd_haz (unflagged),
    dps_height (digit preference score of the decimal of length/height), height_digit0 (share ending in .0),
    standing_young / lying_old (shares of children 9-23 months measured standing / 24-59 months lying),
    wrong_position (the larger of the two where its group has enough children), birth_heaping (share of birth
    dates on the 1st or 15th divided by the expected 24 / 365.25; 1 = no heaping). {} when absent."""
    if not _has(con, "quality_checks"):
        return {}
    row = con.execute(
        "SELECT children, measurements, mean_haz, sd_haz, dps_height, height_whole AS height_digit0, standing_young,"
        " lying_old, wrong_position, birth_day_1_15 / $expected AS birth_heaping"
        " FROM quality_checks WHERE level = $level AND unit = $kode AND period = $period",
        {"expected": BIRTH_DAY_EXPECTED, "level": level, "kode": kode, "period": period}).df()
    return {} if row.empty else row.iloc[0].to_dict()


def _kecamatan_rows(cells, table, places, desa) -> pd.DataFrame:
    """Per kecamatan: measured and adjusted rates with intervals, model (sasaran-weighted benchmarked desa)."""
    rows = []
    for (kode, nama), part in places.groupby(["kecamatan_kode", "kecamatan_nama"], sort=True):
        area = set(part["kode"])
        m = ps.crude(cells[cells["kode"].isin(area)])
        a = ps.weighted(table[table["kode"].isin(area)]) if table is not None else ps.Estimate.missing()
        d = desa[desa["kode"].isin(area) & desa["model"].notna()]
        model = float((d["model"] * d["target"]).sum() / d["target"].sum()) if len(d) and d["target"].sum() > 0 else math.nan
        rows.append((kode, nama, m.n, m.value, m.ci_low, m.ci_high, a.value, a.ci_low, a.ci_high, model,
                     float(d["target"].sum()) if len(d) else math.nan))
    return pd.DataFrame(rows, columns=["kode", "nama", "n", "measured", "measured_low", "measured_high", "adjusted",
                                       "adjusted_low", "adjusted_high", "model", "target"])


def model_criterion(con: duckdb.DuckDBPyConnection, period: str, db_path: Path | None = None) -> pd.DataFrame:
    """kode, model: the benchmarked desa rate for a lokus criterion (empty when there is no survey figure)."""
    if not available(con) or not periods(con):
        return pd.DataFrame(columns=["kode", "model"])
    result = dua_angka(con, period, db_path=db_path)
    return result.desa[["kode", "model"]].dropna()
