"""The demo city end to end: generated truth against the numbers the normal import path computes."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines.build import build_database


@pytest.fixture(scope="module")
def con(demo_build):
    with duckdb.connect(str(demo_build.db), read_only=True) as connection:
        yield connection


def test_stunting_prevalence_matches_what_the_generator_aimed_for(demo_build, con):
    truth = pd.read_csv(demo_build.files.truth_prevalence)
    computed = con.sql(
        "SELECT kode, period, numerator, denominator, value FROM indicators"
        " WHERE level = 'kelurahan' AND indicator = 'stunting'"
    ).df()
    both = truth.merge(computed, on=["kode", "period"], validate="one_to_one")
    assert len(both) == len(truth) == 60 * 4
    p = both["stunting_expected"]
    z = (both["value"] - p) / np.sqrt(p * (1 - p) / both["denominator"])
    assert (z.abs() < 3.5).mean() >= 0.97, "computed prevalence strays from the aimed one beyond sampling error"
    assert abs(z.mean()) < 0.3, "computed prevalence is biased against the aimed one"
    city = both["numerator"].sum() / both["denominator"].sum()
    aimed = (p * both["denominator"]).sum() / both["denominator"].sum()
    assert abs(city - aimed) < 0.01
    assert both["value"].min() < 0.10 and both["value"].max() > 0.33


def test_every_planted_dirty_row_lands_in_quarantine_with_its_reason(demo_build, con):
    truth = pd.read_csv(demo_build.files.truth_dirty)
    quarantined = con.sql("SELECT source_file AS file, source_row AS row, reason_code FROM quarantine").df()
    joined = truth.merge(quarantined, on=["file", "row"], how="outer", suffixes=("_planted", "_found"), indicator=True)
    missing = joined[joined["_merge"] == "left_only"]
    assert missing.empty, f"planted dirty rows not quarantined:\n{missing.head()}"
    extra = joined[joined["_merge"] == "right_only"]
    assert extra.empty, f"clean rows quarantined:\n{extra.head()}"
    wrong = joined[joined["reason_code_planted"] != joined["reason_code_found"]]
    assert wrong.empty, f"wrong reason:\n{wrong.head()}"


def test_rows_read_equal_accepted_plus_quarantined_per_file(con):
    sources = con.sql("SELECT * FROM sources WHERE kind IN ('measurement', 'service')").df()
    assert (sources["rows_read"] == sources["rows_accepted"] + sources["rows_quarantined"]).all()
    assert con.execute("SELECT count(*) FROM measurements").fetchall()[0][0] == sources.query(
        "kind == 'measurement'")["rows_accepted"].sum()


def test_complete_1000_hpk_access_is_lower_where_stunting_is_higher(con):
    pairs = con.sql(
        """
        SELECT s.value AS stunting, h.value AS access
        FROM indicators s JOIN indicators h USING (level, kode, period)
        WHERE level = 'kelurahan' AND s.indicator = 'stunting' AND h.indicator = 'hpk_complete_access'
        """
    ).df()
    assert len(pairs) == 240
    assert pairs["stunting"].corr(pairs["access"], method="spearman") < -0.4


def test_building_twice_gives_identical_tables(demo_build, tmp_path):
    second = tmp_path / "again.duckdb"
    second.with_name(second.name + ".key").write_bytes(
        demo_build.db.with_name(demo_build.db.name + ".key").read_bytes())
    build_database(demo_build.files.build_inputs(), second)
    tables = ["kelurahan", "measurements", "quarantine", "indicators", "service_targets", "posyandu_reconciliation"]
    with duckdb.connect(str(demo_build.db), read_only=True) as first, duckdb.connect(str(second), read_only=True) as again:
        for table in tables:
            columns = [c for c in first.sql(f"SELECT * FROM {table} LIMIT 0").columns if c != "imported_at"]
            order = ", ".join(f'"{c}"' for c in columns)
            a = first.sql(f"SELECT {order} FROM {table} ORDER BY ALL").df()
            b = again.sql(f"SELECT {order} FROM {table} ORDER BY ALL").df()
            pd.testing.assert_frame_equal(a, b, check_dtype=True, obj=table)


def _identities(files) -> tuple[set[str], set[str]]:
    """Every NIK and every child/parent name written into the demo inputs."""
    niks: set[str] = set()
    names: set[str] = set()
    for path in files.measurements:
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=str)
        else:
            frame = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
        niks |= set(frame["NIK"].dropna())
        names |= set(frame["Nama"].dropna()) | set(frame["Nama Ortu"].dropna())
    for path in files.services:
        frame = pd.read_excel(path, dtype=str) if path.suffix == ".xlsx" else pd.read_csv(path, dtype=str, sep=None, engine="python")
        niks |= set(frame["ID Sasaran"].dropna())
    return niks, {n for n in names if len(n) >= 4}


def test_no_name_or_nik_reaches_the_database(demo_build, con):
    niks, names = _identities(demo_build.files)
    assert len(niks) > 15000 and len(names) > 100
    forbidden = pd.DataFrame({"text": sorted(niks | names)})  # noqa: F841 (scanned by DuckDB)
    columns = con.sql(
        "SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'"
    ).fetchall()
    for table, column in columns:
        # exact cells, and any 16-digit run inside a longer text (a NIK pasted into a note): hash joins only
        hits = con.execute(
            f'''WITH cells AS (
                   SELECT "{column}" AS text FROM "{table}" WHERE "{column}" IS NOT NULL
                   UNION ALL
                   SELECT unnest(regexp_extract_all("{column}", '\\d{{16}}')) FROM "{table}"
                   WHERE regexp_matches("{column}", '\\d{{16}}'))
               SELECT count(*) FROM cells JOIN forbidden f USING (text)'''
        ).fetchall()[0][0]
        assert hits == 0, f"{table}.{column} holds a name or NIK from the inputs"


def test_demo_rebuilds_a_database_built_by_an_earlier_version(demo_build, tmp_path):
    """`peta-stunting demo` reuses a current database, but rebuilds one whose layout is older than this version's
    (it would lack tables the pages read)."""
    import shutil
    import subprocess

    from pipelines.build import DATABASE_LAYOUT, database_layout
    from dashboard_server import ROOT, cli_command

    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_build.db, db)
    inputs = str(demo_build.files.root)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE meta SET value = '2020-01-01' WHERE key = 'layout'")
    run = subprocess.run([*cli_command(), "demo", "--dir", inputs, "--db", str(db)], capture_output=True,
                         text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "dibangun oleh versi sebelumnya" in run.stdout and database_layout(db) == DATABASE_LAYOUT
    again = subprocess.run([*cli_command(), "demo", "--dir", inputs, "--db", str(db)], capture_output=True,
                           text=True, cwd=ROOT, timeout=600)
    assert "memakai yang ada" in again.stdout
