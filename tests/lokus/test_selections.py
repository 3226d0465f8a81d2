"""Saved selections: a saved selection reloads identically; listing, comparing, the newest one; bad names refused."""
from __future__ import annotations

import sqlite3

import duckdb
import pandas as pd
import pytest

from lokus_fixture import build_fixture_db
from pipelines.lokus import ranking as lokus
from pipelines.lokus import selections


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    db = build_fixture_db(tmp_path_factory.mktemp("sel") / "fixture.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    criteria = lokus.load_criteria(con, "2025-08", "2024-08", eb=True)
    con.close()
    return db, lokus.rank(criteria, lokus.DEFAULT_WEIGHTS | {"hotspot": 0})


def _selection(ranking, name="Lokus 2025", n=10, overrides=None):
    chosen = lokus.select(ranking, n, overrides)
    method = lokus.method_summary(lokus.DEFAULT_WEIGHTS, n=n, period="2025-08", compare_period="2024-08", eb=True, eb_prior="kecamatan")
    return selections.from_ranking(name, chosen, method, criteria_columns=["prevalence", "burden", "trend"])


def test_store_path_is_beside_the_database(tmp_path):
    assert selections.store_path(tmp_path / "demo.duckdb") == tmp_path / "demo.duckdb.lokus.sqlite"


def test_saved_selection_reloads_identically(ranked, tmp_path):
    db, ranking = ranked
    removed = ranking["kode"].iloc[0]
    added = ranking["kode"].iloc[20]
    original = _selection(ranking, "Lokus 2025 — \"final\" <b>", overrides=lokus.Overrides(
        added={added: "dekat sungai; air bersih buruk"}, removed={removed: "=sudah intervensi provinsi"}))
    path = selections.store_path(db)
    selection_id = selections.save_selection(path, original)
    loaded = selections.load_selection(path, selection_id)
    assert loaded.id == selection_id
    assert (loaded.name, loaded.created_at, loaded.period, loaded.n) == (original.name, original.created_at, original.period, original.n)
    assert loaded.method == original.method
    assert loaded.criteria == original.criteria
    expected = original.items.sort_values(["rank", "kode"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(loaded.items, expected, check_dtype=False)
    assert loaded.selected_codes == expected.loc[expected["selected"], "kode"].tolist()
    assert dict(zip(loaded.items["kode"], loaded.items["reason"]))[removed] == "=sudah intervensi provinsi"
    listing = selections.list_selections(path)
    assert listing.iloc[0]["id"] == selection_id and listing.iloc[0]["selected"] == 10


def test_compare_and_latest(ranked, tmp_path):
    db, ranking = ranked
    path = tmp_path / "x.duckdb.lokus.sqlite"
    last_year = _selection(ranking, "Lokus 2024", n=5)
    last_year.created_at = "2024-09-01T10:00:00"
    selections.save_selection(path, last_year)
    now = _selection(ranking, "Lokus 2025", n=8)
    selections.save_selection(path, now)
    diff = selections.compare(now, selections.load_selection(path, last_year.id))
    assert (diff["status"] == "both").sum() == 5 and (diff["status"] == "new").sum() == 3
    assert (diff["status"] == "dropped").sum() == 0
    latest = selections.latest_selection(tmp_path / "x.duckdb")
    assert latest.name == "Lokus 2025" and latest.codes == now.selected_codes
    con = duckdb.connect(str(db), read_only=True)
    assert selections.latest_selection(con) is None or selections.latest_selection(con).name  # store beside db
    con.close()


def test_bad_names_are_refused_and_file_is_plain_sqlite(ranked, tmp_path):
    _, ranking = ranked
    path = tmp_path / "y.sqlite"
    for bad in ("", "   ", "x" * 200):
        with pytest.raises(ValueError):
            selections.save_selection(path, _selection(ranking, bad))
    selections.save_selection(path, _selection(ranking, "ok"))
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM selections").fetchone()[0] == 1
    with pytest.raises(KeyError):
        selections.load_selection(path, 999)
