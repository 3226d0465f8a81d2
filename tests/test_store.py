"""The input store on the demo city: one puskesmas' new round adds without touching the others, a corrected
re-export replaces only that puskesmas, the older copy of a measurement is superseded (not quarantined), undo
brings back the previous database byte for byte, another kabupaten's boundaries are refused and the old
database keeps serving, and only the last 5 builds are kept."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines import accounts, store
from pipelines.inputs.errors import InputError
from store_fixture import corrected, export_of, next_round, other_kabupaten, served_copy


def indicators(db) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM indicators ORDER BY ALL").df()


def kelurahan_of(db, file_part: str) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {r[0] for r in con.execute("SELECT DISTINCT kode FROM measurements WHERE source_file LIKE ?",
                                          [f"%{file_part}%"]).fetchall()}


def place_rows(frame: pd.DataFrame, codes: set[str], inside: bool) -> pd.DataFrame:
    rows = frame[(frame["level"] == "kelurahan") & (frame["kode"].isin(codes) == inside)]
    return rows.reset_index(drop=True)


@pytest.fixture()
def served(demo_build, tmp_path):
    return served_copy(demo_build, tmp_path / "served")


def test_new_round_of_one_puskesmas_adds_and_the_others_keep_identical_values(demo_build, served, tmp_path):
    before = indicators(served)
    mine = kelurahan_of(served, "pelabuhan")
    new = store.add_file(served, "measurements", next_round(demo_build, tmp_path / "pelabuhan_2026.csv"),
                         user="sari")
    assert new.puskesmas == ["Puskesmas Pelabuhan"] and new.periods == ["2026-02"]
    assert store.replacement_candidates(served, new) == []  # another period: added, not a replacement
    pending = store.prepare(served, [new.id])
    assert served.read_bytes() == served_copy_bytes(demo_build)  # nothing served changed yet
    assert not pending.consequence.refusals and pending.consequence.kept_values == pending.consequence.had_values
    store.commit(served, pending, "sari")
    after = indicators(served)
    pd.testing.assert_frame_equal(place_rows(before, mine, False), place_rows(after, mine, False))
    grown = after[(after["level"] == "kelurahan") & (after["period"] == "2026-02") & (after["indicator"] == "stunting")]
    assert set(grown["kode"]) <= mine and len(grown) > 0
    assert len(store.active_files(served)) == len(demo_build.files.inputs()) + 1
    history = store.events(served)
    assert history["action"].tolist() == ["import", "build"] and history["user"].iloc[0] == "sari"
    assert accounts.audit_log(served)["action"].iloc[0] == "import"


def served_copy_bytes(demo_build) -> bytes:
    return demo_build.db.read_bytes()


def test_corrected_re_export_replaces_only_that_puskesmas_and_undo_restores_exactly(demo_build, served, tmp_path):
    before = indicators(served)
    original = served.read_bytes()
    mine = kelurahan_of(served, "pelabuhan")
    fixed = store.add_file(served, "measurements", corrected(export_of(demo_build), tmp_path / "pelabuhan_revisi.csv"))
    [old] = store.replacement_candidates(served, fixed)
    assert "pelabuhan" in old.original_name
    pending = store.prepare(served, [fixed.id], {fixed.id: [old.id]})
    assert pending.replaced == [old.id]
    changed = pending.consequence.places
    changed = set(changed.loc[changed["changed"] & (changed["level"] == "kelurahan"), "kode"])
    assert changed and changed <= mine
    store.commit(served, pending)
    after = indicators(served)
    pd.testing.assert_frame_equal(place_rows(before, mine, False), place_rows(after, mine, False))
    assert not place_rows(before, mine, True).equals(place_rows(after, mine, True))
    assert old.id not in [f.id for f in store.active_files(served)]

    store.undo(served, "sari")
    assert served.read_bytes() == original
    pd.testing.assert_frame_equal(indicators(served), before)
    assert old.id in [f.id for f in store.active_files(served)]
    assert store.events(served)["action"].tolist() == ["undo", "import", "build"]


def test_keeping_both_copies_supersedes_the_older_one_instead_of_quarantining_it(demo_build, served, tmp_path):
    fixed = store.add_file(served, "measurements", corrected(export_of(demo_build), tmp_path / "pelabuhan_revisi.csv"))
    pending = store.prepare(served, [fixed.id])  # not confirmed as a replacement: both files stay
    store.commit(served, pending)
    with duckdb.connect(str(served), read_only=True) as con:
        old_name = con.execute("SELECT file_name FROM sources WHERE file_name LIKE '%pkm_pelabuhan.csv'").fetchone()[0]
        new_name = con.execute("SELECT file_name FROM sources WHERE file_name LIKE '%revisi%'").fetchone()[0]
        read, accepted, quarantined, superseded = con.execute(
            "SELECT rows_read, rows_accepted, rows_quarantined, rows_superseded FROM sources WHERE file_name = ?",
            [old_name]).fetchone()
        new_accepted = con.execute("SELECT rows_accepted FROM sources WHERE file_name = ?", [new_name]).fetchone()[0]
        n_superseded = con.execute("SELECT count(*) FROM superseded WHERE source_file = ? AND kept_file = ?",
                                   [old_name, new_name]).fetchone()[0]
        cross_duplicates = con.execute(
            "SELECT count(*) FROM quarantine WHERE reason_code = 'duplicate' AND source_file = ? AND hint LIKE ?",
            [old_name, f"%{new_name}%"]).fetchone()[0]
        old_rows = con.execute("SELECT count(*) FROM measurements WHERE source_file = ?", [old_name]).fetchone()[0]
    # every valid measurement of the old export is held again by the newer one: all superseded (its repeats
    # within the file too, as their kept copy is the newer file's), none an error
    assert accepted == old_rows == 0 and superseded == n_superseded >= new_accepted > 5000
    assert read == accepted + quarantined + superseded and cross_duplicates == 0


def test_wrong_kabupatens_boundaries_are_refused_and_the_old_database_keeps_serving(demo_build, served, tmp_path):
    original = served.read_bytes()
    wrong = store.add_file(served, "boundaries", other_kabupaten(demo_build, tmp_path / "kab_lain.geojson"))
    pending = store.prepare(served, [wrong.id])
    refusals = " ".join(pending.consequence.refusals)
    read = pending.consequence.rows_read
    assert read > 50_000
    assert f"0 dari {read:,}".replace(",", ".") + " baris cocok dengan batas wilayah" in refusals
    assert "kabupaten lain" in refusals and "akan kehilangan semua nilainya" in refusals
    with pytest.raises(store.StoreError, match="kabupaten lain"):
        store.commit(served, pending)
    assert served.read_bytes() == original and not pending.path.exists()
    assert store.events(served)["action"].tolist() == ["build"]


def test_only_the_last_five_builds_are_kept(demo_build, served):
    for _ in range(store.KEEP_BUILDS + 2):
        store.record_build(served)
    history = store.events(served)
    assert history["snapshot"].notna().sum() == store.KEEP_BUILDS
    assert len(list((store.store_dir(served) / "builds").glob("*.duckdb"))) == store.KEEP_BUILDS
    assert history["snapshot"].notna().tolist()[:store.KEEP_BUILDS] == [True] * store.KEEP_BUILDS


def test_uploads_and_pending_builds_left_unconfirmed_for_a_day_are_deleted(demo_build, served, tmp_path):
    import os
    import time

    from pipelines import upload

    two_days_ago = time.time() - 2 * 86400
    in_force = store.active_files(served)
    left = store.add_file(served, "measurements", next_round(demo_build, tmp_path / "ditinggal.csv"), user="sari")
    pending = store.prepare(served, [left.id])          # the user closed the tab here
    fresh = store.add_file(served, "measurements", corrected(export_of(demo_build), tmp_path / "baru.csv"))
    folder = upload.uploads_root(served) / "20250101-000000-abc"   # a browser upload folder of a killed server
    (folder / "measurements").mkdir(parents=True)
    (folder / "measurements" / "pkm.csv").write_text("NIK;Nama\n", encoding="utf-8")
    for path in (left.path, pending.path, folder, *[f.path for f in in_force]):
        os.utime(path, (two_days_ago, two_days_ago))

    removed = store.prune_unconfirmed(served)

    assert left.path in removed and pending.path in removed and folder in removed
    assert not left.path.exists() and not pending.path.exists() and not folder.exists()
    assert store.files_by_id(served, [left.id]) == []    # gone from the catalog too
    assert fresh.path.is_file()                           # uploaded today: its preview may still be confirmed
    assert all(f.path.is_file() for f in in_force)       # files a build used stay, however old
    with pytest.raises(store.StoreError, match="kedaluwarsa"):
        store.commit(served, pending, "sari")            # the old preview cannot be confirmed any more
    assert served.read_bytes() == served_copy_bytes(demo_build)
    assert store.prune_unconfirmed(served) == []


def test_an_export_without_its_columns_is_refused_by_name_and_nothing_is_stored(demo_build, served, tmp_path):
    """An e-PPGBM file without the required columns is refused when it is added, naming the file and the
    missing columns; the store and the served database are as they were."""
    before = [f.id for f in store.active_files(served)]
    original = served.read_bytes()
    broken = tmp_path / "salah kolom.csv"
    broken.write_bytes(b"a;b;c\n1;2;3\n")
    with pytest.raises(InputError) as refused:
        store.add_file(served, "measurements", broken, user="sari")
    assert "salah kolom.csv" in str(refused.value) and "kolom wajib 'JK'" in str(refused.value)
    assert [f.id for f in store.active_files(served)] == before and served.read_bytes() == original
