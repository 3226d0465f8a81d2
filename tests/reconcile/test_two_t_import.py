"""The posyandu "2T" on an e-PPGBM export read through the normal import path (not hand-built rows): a
posyandu that weighs monthly, with children whose weights are known, counted as a kader counts them on the KMS."""
from __future__ import annotations

import pytest

from pipelines.inputs import readers
from pipelines.reconcile import build_reconcile
from pipelines.reconcile import flows
from readers_fixture import HASH_KEY, make_db, row, write_csv

MONTHS = {1: "Januari", 2: "Februari", 3: "Maret", 4: "April"}


def _weighing(child: int, month: int, kg: float) -> dict:
    """Child `child` (born 5 March 2022) weighed at Posyandu Mawar, Sukamaju, on the 10th of `month` 2024."""
    months_old = 21 + month   # 10 Jan 2024 = 22 months 5 days
    return row(child, Tanggal_Pengukuran=f"10/{month:02d}/2024", Bulan_Pengukuran=MONTHS[month],
               Usia_Saat_Ukur=f"{months_old // 12} Tahun - {months_old % 12} Bulan - 5 Hari",
               Berat=f"{kg:.1f}".replace(".", ","), Cara_Ukur="Terlentang", ZS_BB_U="", ZS_TB_U="", ZS_BB_TB="")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    weights = {
        1: {1: 10.0, 2: 10.0, 3: 9.9, 4: 10.2},   # no gain Feb, lost in Mar: 2T in March; gained in April
        2: {1: 10.0, 2: 10.3, 3: 10.5, 4: 10.6},  # gains every month: never 2T
        3: {1: 11.0, 2: 11.0, 3: 11.0},           # the same weight three times: 2T in March, not weighed in April
        4: {1: 9.0, 3: 8.9, 4: 8.8},              # missed February: never three months in a row, never counted
    }
    rows = [_weighing(child, month, kg) for child, by_month in weights.items() for month, kg in by_month.items()]
    path = write_csv(tmp_path_factory.mktemp("ppgbm") / "pkm_ratu_agung.csv", rows)
    connection = make_db(with_posyandu=True)
    [report] = readers.load_measurements(connection, [path], HASH_KEY)
    assert report.rows_accepted == len(rows), report
    build_reconcile(connection)
    return connection


def test_posyandu_mawar_two_t_by_month(con):
    mawar = flows.two_t(con, "posyandu").set_index(["kode", "month"])
    assert mawar.loc[("P001", "2024-03"), ["eligible", "two_t"]].tolist() == [3, 2]   # children 1 and 3
    assert mawar.loc[("P001", "2024-04"), ["eligible", "two_t"]].tolist() == [2, 0]   # children 1 and 2 gained
    assert mawar.loc[("P001", "2024-03"), "share"] == pytest.approx(2 / 3)
    assert set(mawar.index.get_level_values("month")) == {"2024-03", "2024-04"}         # January, February: too early


def test_two_t_adds_up_from_posyandu_to_kota(con):
    for level, kode in (("kelurahan", "99.71.01.1001"), ("kecamatan", "99.71.01"), ("kabupaten", "99.71")):
        got = flows.two_t(con, level, "2024-03").set_index("kode")
        assert got.loc[kode, ["eligible", "two_t"]].tolist() == [3, 2], level


def test_two_t_holds_counts_only(con):
    columns = {c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'weight_2t'").fetchall()}
    assert columns == {"level", "kode", "month", "eligible", "two_t"}
