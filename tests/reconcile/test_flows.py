"""Flows between two rounds and the posyandu 2T, on hand-built children whose flows are known."""
from __future__ import annotations

import pandas as pd
import pytest

from pipelines.reconcile import build_reconcile, flows
from pipelines.settings import Settings
from reconcile_fixture import Child, reconcile_db

A, B, C = "99.72.01.1001", "99.72.01.1002", "99.72.02.1003"
P1, P2 = "2025-02-10", "2025-08-12"
S, N = -2.6, -0.4   # stunted, not stunted


@pytest.fixture(scope="module")
def con():
    kids = [
        Child("menetap", A, 1, "2023-01-01", [(P1, S), (P2, S)]),
        Child("baru", A, 2, "2023-01-01", [(P1, N), (P2, S)]),
        Child("pulih", A, 1, "2023-01-01", [(P1, S), (P2, N)]),
        Child("normal1", A, 2, "2023-01-01", [(P1, N), (P2, N)]),
        Child("normal2", A, 1, "2023-01-01", [(P1, N), (P2, N)]),
        Child("lahir", A, 2, "2025-05-01", [(P2, N)]),                   # born after February
        Child("datang", A, 1, "2022-01-01", [(P2, S)]),                  # old enough, first seen in August
        Child("umur", A, 2, "2020-03-01", [(P1, N)]),                    # 1807 days in Feb: 59 months, aged out
        Child("hilang", A, 1, "2023-06-01", [(P1, S)]),                  # not measured again
        Child("pindah", A, 2, "2023-01-01", [(P1, N), (P2, S, 10.0, 80.0, None, "P-B", False, B)]),
        Child("flag", B, 1, "2023-01-01", [(P1, N), (P2, -7.0, 10.0, 80.0, None, "P-B", True)]),
        Child("desaC", C, 1, "2023-01-01", [(P1, S), (P2, S)]),
        # two measurements in one period: the latest valid HAZ counts
        Child("twice", C, 2, "2023-01-01", [(P1, N), ("2025-08-01", N), ("2025-08-20", S)]),
    ]
    connection = reconcile_db(kids, {A: 50, B: 50, C: 50})
    build_reconcile(connection, Settings())
    yield connection
    connection.close()


def test_flow_counts_per_desa_are_exact(con):
    assert flows.period_pairs(con) == [("2025-02", "2025-08")]
    desa = flows.flow_counts(con, "kelurahan", "2025-02", "2025-08").set_index("kode")
    assert desa.loc[A, list(flows.CATEGORIES)].to_dict() == {
        "menetap": 1, "baru": 1, "pulih": 1, "normal": 2, "datang": 1, "datang_lahir": 1, "hilang": 1, "hilang_umur": 1}
    assert desa.loc[B, list(flows.CATEGORIES)].to_dict() == {
        "menetap": 0, "baru": 1, "pulih": 0, "normal": 0, "datang": 0, "datang_lahir": 0, "hilang": 1, "hilang_umur": 0}
    assert desa.loc[C, ["menetap", "baru", "total"]].tolist() == [1, 1, 2]
    assert desa.loc[A, "incidence"] == pytest.approx(1 / 3)       # baru / (baru + normal)
    assert desa.loc[A, "recovery"] == pytest.approx(1 / 2)        # pulih / (pulih + menetap)
    assert desa.loc[A, "share_normal"] == pytest.approx(2 / 9)


def test_flow_counts_add_up_over_kecamatan_and_kabupaten(con):
    kec = flows.flow_counts(con, "kecamatan", "2025-02", "2025-08").set_index("kode")
    kab = flows.flow_counts(con, "kabupaten", "2025-02", "2025-08").set_index("kode")
    assert kec.loc["99.72.01", "baru"] == 2 and kec.loc["99.72.01", "total"] == 11
    assert kab.loc["99.72", "total"] == 13 and kab.loc["99.72", "baru"] == 3 and kab.loc["99.72", "menetap"] == 2


def test_flows_hold_counts_only(con):
    columns = {r[0] for r in con.execute("DESCRIBE child_flows").fetchall()}
    assert columns == {"level", "kode", "period_from", "period_to", "category", "children"}


def test_two_t_counts_weight_not_rising_twice_in_a_row():
    kids = [
        Child("x", A, 1, "2023-01-01", [("2025-01-10", N, 10.0), ("2025-02-10", N, 10.0), ("2025-03-10", N, 9.9)]),
        Child("y", A, 2, "2023-01-01", [("2025-01-10", N, 10.0), ("2025-02-10", N, 10.2), ("2025-03-10", N, 10.2)]),
        Child("z", A, 1, "2023-01-01", [("2025-01-10", N, 10.0), ("2025-03-10", N, 9.0)]),
        Child("w", B, 2, "2023-01-01", [("2025-01-10", N, 10.0), ("2025-02-10", N, 9.8), ("2025-03-10", N, 9.8),
                                        ("2025-04-10", N, 9.9)]),
    ]
    connection = reconcile_db(kids, {A: 10, B: 10})
    build_reconcile(connection, Settings())
    desa = flows.two_t(connection, "kelurahan").set_index(["kode", "month"])
    assert desa.loc[(A, "2025-03"), ["eligible", "two_t"]].tolist() == [2, 1]
    assert desa.loc[(B, "2025-03"), ["eligible", "two_t"]].tolist() == [1, 1]
    assert desa.loc[(B, "2025-04"), ["eligible", "two_t"]].tolist() == [1, 0]
    posyandu = flows.two_t(connection, "posyandu", "2025-03").set_index("kode")
    assert posyandu.loc[f"P-{A}", "share"] == pytest.approx(0.5)
    assert len(flows.two_t(connection, "kabupaten", "2025-02")) == 0      # nobody weighed three months by February
    connection.close()


def test_wide_table_from_counts():
    frame = pd.DataFrame({"kode": ["a", "a"], "category": ["baru", "normal"], "children": [1, 3]})
    table = flows.wide(frame).set_index("kode")
    assert table.loc["a", "incidence"] == pytest.approx(0.25) and pd.isna(table.loc["a", "recovery"])
