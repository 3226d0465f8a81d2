"""The read model on the demo city built through the normal import path: one rule, one definition each."""
from __future__ import annotations

import duckdb
import pytest

from pipelines import readmodel
from pipelines.indicators import catalogue


@pytest.fixture(scope="module")
def con(demo_build):
    connection = duckdb.connect(str(demo_build.db), read_only=True)
    yield connection
    connection.close()


def test_comparison_is_the_same_month_a_year_earlier_else_the_latest_earlier():
    assert readmodel.comparison_period(["2024-02", "2024-08", "2025-02", "2025-08"], "2025-08") == "2024-08"
    assert readmodel.comparison_period(["2025-02", "2025-05", "2025-08"], "2025-08") == "2025-05"
    assert readmodel.comparison_period(["2025-08"], "2025-08") is None


def test_stunting_leads_the_indicator_list(con):
    names = readmodel.indicator_names(con)
    assert names[0] == catalogue.HEADLINE
    assert names == catalogue.ordered_keys(names)


def test_posyandu_stunted_children_add_up_to_the_indicator(con):
    """A stunted child of a posyandu is the growth SQL's stunted child: per period, the posyandu counts add up
    to the kabupaten numerator and denominator of stunting (every demo measurement has a posyandu)."""
    assert con.execute("SELECT count(*) FROM measurements WHERE posyandu_id IS NULL").fetchall()[0][0] == 0
    for period in readmodel.periods(con, catalogue.HEADLINE)[:2]:
        shares = readmodel.posyandu_shares(con, period)
        kab = con.execute("SELECT sum(numerator), sum(denominator) FROM indicators WHERE level = 'kabupaten'"
                          " AND indicator = $i AND period = $p", {"i": catalogue.HEADLINE, "p": period}).fetchall()[0]
        assert (int(shares["stunted"].sum()), int(shares["valid"].sum())) == (kab[0], kab[1])


def test_settings_meta_and_small_n(con):
    assert readmodel.small_n(con) == int(readmodel.meta(con)["small_n"])
    assert readmodel.table_exists(con, "indicators") and not readmodel.table_exists(con, "no_such_table")


def test_sources_read_as_a_person_names_them(con):
    line = readmodel.sources_summary(con, "id")
    exports = con.execute("SELECT count(*) FROM sources WHERE kind = 'measurement'").fetchall()[0][0]
    assert line.startswith(f"e-PPGBM, {exports} puskesmas, ")
    files = [r[0] for r in con.execute("SELECT file_name FROM sources").fetchall()]
    assert not any(name in line for name in files)
    assert "measurement" not in line and "service" not in line


def test_place_word_follows_the_codes(con):
    kinds = {r[0] for r in con.execute("SELECT DISTINCT substr(kode, 10, 1) FROM kelurahan").fetchall()}
    expected = {frozenset({"1"}): "kelurahan", frozenset({"2"}): "desa"}.get(frozenset(kinds), "desa/kelurahan")
    assert readmodel.place_kind(con) == expected
