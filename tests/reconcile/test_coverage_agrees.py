"""Coverage (children measured ÷ sasaran) of a desa is one number on Kualitas Data and on Dua Angka.

Kualitas Data shows the indicator `coverage` (pipelines/sql/indicators/coverage_counts.sql); Dua Angka splits
the same count and the same sasaran by age band (reconcile_cells, poststrat.split_sasaran), so its desa total
must be the indicator, desa by desa, and its age bands must add up to it."""
from __future__ import annotations

import csv

import duckdb
import pytest

from pipelines.reconcile import report

PERIOD = "2025-08"
DESA = "99.71.01.1001"


@pytest.fixture(scope="module")
def con(demo_build):
    connection = duckdb.connect(str(demo_build.db), read_only=True)
    yield connection
    connection.close()


def test_a_known_desa_has_one_coverage(con, demo_build):
    with open(demo_build.files.sasaran, encoding="utf-8-sig") as fh:
        target = next(int(r["Sasaran Balita"]) for r in csv.DictReader(fh)
                      if r["Kode Desa/Kel"] == DESA and r["Tahun"] == PERIOD[:4])
    children, denominator, value = con.execute(
        "SELECT numerator, denominator, value FROM indicators WHERE level = 'kelurahan' AND indicator = 'coverage'"
        " AND kode = ? AND period = ?", [DESA, PERIOD]).fetchone()
    assert denominator == target
    dua = report.dua_angka(con, PERIOD)
    desa = dua.desa.set_index("kode").loc[DESA]
    assert (desa["measured"], desa["target"]) == (children, pytest.approx(target))
    assert desa["coverage"] == pytest.approx(value) == pytest.approx(children / target)
    bands = dua.coverage[dua.coverage["kode"] == DESA]
    assert bands["measured"].sum() == children and bands["target"].sum() == pytest.approx(target)


def test_every_desa_has_the_same_coverage_on_both_pages(con):
    for period in ("2024-02", PERIOD):
        indicator = con.execute("SELECT kode, value FROM indicators WHERE level = 'kelurahan'"
                                " AND indicator = 'coverage' AND period = ?", [period]).df().set_index("kode")["value"]
        dua = report.dua_angka(con, period).desa.set_index("kode")["coverage"]
        assert len(indicator) == len(dua) == 60
        assert dua.reindex(indicator.index).to_numpy() == pytest.approx(indicator.to_numpy())
