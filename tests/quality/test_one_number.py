"""The SD of HAZ of the kota in a period is one number wherever it is shown: Kualitas Data (quality_checks),
Dua Angka (report.quality_signals) and the quality slide (deck.quality_figures), on the demo city; and it is
the SD a person computes from the measurements: each child once, at its latest measurement of the period,
flagged HAZ left out."""
from __future__ import annotations

import duckdb
import pytest

from pipelines.outputs import deck
from pipelines.reconcile import report

PERIOD = "2025-08"


def test_sd_of_haz_is_one_number_on_every_page(demo_build):
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        m = con.execute("SELECT child_id, measure_date, measurement_id, haz, flag_haz FROM measurements"
                        " WHERE period = ?", [PERIOD]).df()
        kota = con.execute("SELECT unit, sd_haz FROM quality_checks WHERE level = 'kabupaten' AND period = ?",
                           [PERIOD]).fetchone()
        dua = report.quality_signals(con, PERIOD, kota[0], "kabupaten")["sd_haz"]
        slide = deck.quality_figures(con, PERIOD)["sd_haz"]
    latest = m.sort_values(["measure_date", "measurement_id"]).groupby("child_id").tail(1)
    by_hand = latest.loc[latest["haz"].notna() & ~latest["flag_haz"].fillna(False).astype(bool), "haz"].std()
    assert kota[1] == pytest.approx(by_hand, abs=1e-9)
    assert dua == pytest.approx(by_hand, abs=1e-9) and slide == pytest.approx(by_hand, abs=1e-9)
