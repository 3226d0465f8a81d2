"""The Impor Data page driven with Streamlit's AppTest: real uploads (AppTest's file_uploader) added to the input
store, the validation summary against the readers' counts (older copies superseded, not quarantined), the
consequence, the confirmed rebuild of a real database file, refused files as messages (never a stack trace),
and hostile file content shown as text."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import store, upload
from pipelines.privacy import key_path_for
from paths import APP

APP = str(APP)
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture()
def served_db(demo_build, tmp_path) -> Path:
    """A copy of the demo database (and its hash key) as the dashboard serves it."""
    db = tmp_path / "kota.duckdb"
    db.write_bytes(demo_build.db.read_bytes())
    key_path_for(db).write_bytes(key_path_for(demo_build.db).read_bytes())
    return db


def start(db: Path, monkeypatch, lang: str = "id") -> AppTest:
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("views/impor.py")
    at.run()
    assert not at.exception, at.exception
    return at


def uploader(at: AppTest, kind: str):
    return next(u for u in at.file_uploader if u.key == f"import_up_{kind}")


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    at.run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def every_text(at: AppTest) -> str:
    """Everything the page shows as text (markdown, messages, tables)."""
    parts = [e.value for e in [*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success]]
    parts += [d.value.to_csv() for d in at.dataframe]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def hostile_eppgbm(source: Path, target: Path) -> Path:
    """A demo e-PPGBM export with three extra rows: an unknown kelurahan named like markup, a formula in
    the height cell, and an impossible sex."""
    text = source.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    header = lines[0].split(delimiter)
    last = lines[-1].split(delimiter)
    extra = []
    for column, value in (("Desa/Kel", HOSTILE), ("Tinggi", "=1+1"), ("JK", "X")):
        cells = list(last)
        cells[header.index(column)] = value
        cells[header.index("Tanggal Pengukuran")] = "01/01/2025"
        extra.append(delimiter.join(cells))
    target.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
    return target


def test_page_states_limits_and_file_types(served_db, monkeypatch):
    at = start(served_db, monkeypatch)
    assert at.title[0].value == "Impor Data"
    shown = every_text(at)
    assert "200 MB" in shown and "5.000.000" in shown and "100 berkas" in shown
    assert "Basis data sekarang: kota" in shown
    for kind, spec in upload.KINDS.items():
        widget = uploader(at, kind)
        assert sorted(e.lstrip(".") for e in widget.allowed_type) == sorted(spec.extensions)
        assert widget.accept_multiple_files == spec.multiple
    assert not at.button(key="import_check").disabled
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Import data"


def test_new_eppgbm_is_added_beside_the_others_and_its_older_copies_are_superseded(demo_build, served_db,
                                                                                    monkeypatch, tmp_path, capfd):
    files = demo_build.files
    source = next(p for p in files.measurements if p.suffix == ".csv")
    new_file = hostile_eppgbm(source, tmp_path / f"{HOSTILE}.csv")
    at = start(served_db, monkeypatch)
    in_force = frame_with(at, "Puskesmas")
    assert len(in_force) == len(files.inputs())  # the database's own files, taken over by the store
    uploader(at, "measurements").set_value([(new_file.name, new_file.read_bytes(), "text/csv")])
    at.run()
    click(at, "import_check")  # another period (2025-01) too: added, not offered as a replacement
    assert not at.error, [e.value for e in at.error]
    assert not [c for c in at.checkbox if c.key and c.key.startswith("import_replace_")]

    summary = next(d.value for d in at.dataframe  # the validation summary, not the table of files in force
                   if "Baris dibaca" in d.value.columns and "Puskesmas" not in d.value.columns)
    mine = summary[summary["Berkas"] == new_file.name]
    assert len(mine) == 1
    # the readers' own counts for the same file
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        before = con.execute("SELECT rows_read, rows_quarantined FROM sources WHERE file_name = ?",
                             [source.name]).fetchone()
    read, accepted, quarantined = (int(mine[c].iloc[0]) for c in ("Baris dibaca", "Diterima", "Dikarantina"))
    assert read == before[0] + 3 and quarantined == before[1] + 3 and read == accepted + quarantined
    older = summary[summary["Berkas"] == source.name]
    # every measurement the older copy held is now the newer file's: superseded, not quarantined
    assert int(older["Diterima"].iloc[0]) == 0
    assert int(older["Diganti impor lebih baru"].iloc[0]) >= before[0] - before[1] > 1000
    assert (summary["Baris dibaca"] == summary["Diterima"] + summary["Dikarantina"]
            + summary["Diganti impor lebih baru"]).all()

    # examples: at most 3 per reason, the hostile name shown as the characters it is, in a table
    examples = next(d.value for d in at.dataframe if "Cara memperbaiki" in d.value.columns
                    and HOSTILE in set(d.value["Isi sel"].astype(str)))
    assert examples.groupby("Alasan karantina").size().max() <= 3
    assert "=1+1" in every_text(at)
    assert not any(HOSTILE in m.value for m in at.markdown)  # never as Markdown/HTML
    assert "60 dari 60 kelurahan" in every_text(at)  # the consequence: no place loses its values

    # nothing changed yet
    with duckdb.connect(str(served_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sources WHERE file_name LIKE '%img%'").fetchone()[0] == 0

    assert not at.button(key="import_confirm").disabled
    click(at, "import_confirm")
    assert at.success, [e.value for e in at.error]
    with duckdb.connect(str(served_db), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT file_name FROM sources WHERE kind = 'measurement'").fetchall()]
        inputs = json.loads(con.execute("SELECT value FROM meta WHERE key = 'inputs'").fetchone()[0])
        assert con.execute("SELECT count(*) FROM indicators WHERE indicator = 'stunting'").fetchone()[0] > 0
    assert len(names) == len(files.measurements) + 1 and any("img" in n for n in names)
    kept = store.store_dir(served_db) / "files"
    assert Path(inputs["boundaries"]).parent == kept and Path(inputs["posyandu"]).parent == kept
    assert inputs["newer_wins"] is True
    assert not list(served_db.parent.glob(f".{served_db.name}.building-*"))
    assert not list(served_db.parent.glob(f".{served_db.name}.pending-*"))
    assert not list((served_db.parent / "uploads").glob("*/*/*"))  # the store keeps the only copy
    out, err = capfd.readouterr()
    key = key_path_for(served_db).read_text().strip()
    assert key not in out + err and key not in every_text(at)  # the hash key never reaches a log or the page


@pytest.mark.parametrize("name, content, words", [
    ("program.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "bukan teks CSV"),
    ("rusak.xlsx", b"<html><table><tr><td>1</td></tr></table></html>", "bukan XLSX"),
])
def test_wrong_file_gets_a_message_and_nothing_is_kept(served_db, monkeypatch, name, content, words):
    at = start(served_db, monkeypatch)
    uploader(at, "measurements").set_value([(name, content, "application/octet-stream")])
    at.run()
    click(at, "import_check")
    assert at.error and words in at.error[0].value
    assert not list((served_db.parent / "uploads").glob("*/*/*"))
    confirm = [b for b in at.button if b.key == "import_confirm"]
    assert not confirm or confirm[0].disabled


def test_oversized_file_gets_a_message(served_db, monkeypatch):
    monkeypatch.setattr(upload, "MAX_FILE_BYTES", 1000)  # the page reads the limit from pipelines.upload
    at = start(served_db, monkeypatch)
    uploader(at, "posyandu").set_value([("posyandu.csv", b"Kode Posyandu;Nama Posyandu\n" + b"P1;Mawar\n" * 200,
                                         "text/csv")])
    at.run()
    click(at, "import_check")
    assert at.error and "melebihi batas" in at.error[0].value


def test_without_a_database_boundaries_are_required(tmp_path, monkeypatch, demo_build):
    at = start(tmp_path / "baru.duckdb", monkeypatch)
    assert any("Belum ada basis data" in i.value for i in at.info)
    source = demo_build.files.measurements[0]
    uploader(at, "measurements").set_value([(source.name, source.read_bytes(), "text/csv")])
    at.run()
    click(at, "import_check")
    assert any("Belum ada batas wilayah" in e.value for e in at.error)
    confirm = [b for b in at.button if b.key == "import_confirm"]
    assert not confirm or confirm[0].disabled
    assert not (tmp_path / "baru.duckdb").exists()


def shapefile_without_prj(boundaries: Path, out: Path) -> Path:
    """The demo's desa polygons as a zipped shapefile whose .prj was lost (a file that needs the CRS stated)."""
    import zipfile

    import geopandas as gpd

    folder = out.parent / "shp_tanpa_prj"
    folder.mkdir()
    gpd.read_file(boundaries).to_file(folder / "desa.shp")
    (folder / "desa.prj").unlink()
    with zipfile.ZipFile(out, "w") as zf:
        for part in sorted(folder.iterdir()):
            zf.write(part, part.name)
    return out


def test_boundary_without_crs_asks_for_the_page_field_and_builds_with_it(demo_build, served_db, monkeypatch,
                                                                          tmp_path):
    from geo.boundaries import OPTION_WAYS
    from pipelines.present.glossary import text

    # the field names the refusal quotes are the page's own labels
    assert all(field == text(f"import_boundary_{option}", "id") for option, (_flag, field) in OPTION_WAYS.items())
    shp = shapefile_without_prj(demo_build.files.boundaries, tmp_path / "batas_desa.zip")
    at = start(served_db, monkeypatch)
    assert not [w for w in at.text_input if (w.key or "").startswith("import_boundary_")]  # no boundary file yet
    uploader(at, "boundaries").set_value([(shp.name, shp.read_bytes(), "application/zip")])
    at.run()
    fields = {w.key: w for w in at.text_input if (w.key or "").startswith("import_boundary_")}
    assert set(fields) == {f"import_boundary_{o}" for o in OPTION_WAYS}  # shown with a boundary upload
    assert fields["import_boundary_crs"].label == "CRS batas wilayah"

    click(at, "import_check")
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as the page shows it (Markdown escapes undone)
    assert message.startswith("Impor gagal; basis data lama tetap dipakai.\n\nbatas_desa.zip: ")
    assert "tidak punya sistem koordinat" in message and "--boundary-crs" in message
    assert "CRS batas wilayah" in message and "Impor Data" in message  # the field on this page, by its name
    assert any("Isi kolom di bawah" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "import_confirm"]
    assert served_db.read_bytes() == demo_build.db.read_bytes()  # the old database keeps serving

    at.text_input(key="import_boundary_crs").input("EPSG:4326")
    at.run()
    click(at, "import_check")
    assert not at.error, [e.value for e in at.error]
    assert "60 dari 60 kelurahan" in every_text(at)  # the same polygons: no place loses its values
    click(at, "import_confirm")
    assert at.success, [e.value for e in at.error]
    with duckdb.connect(str(served_db), read_only=True) as con:
        inputs = json.loads(con.execute("SELECT value FROM meta WHERE key = 'inputs'").fetchone()[0])
        assert con.execute("SELECT count(*) FROM kelurahan").fetchone()[0] == 60
    assert inputs["boundary_crs"] == "EPSG:4326" and Path(inputs["boundaries"]).name.endswith("batas_desa.zip")
    # the option stays with the boundary file: the next import (an e-PPGBM export) builds with it again
    pending = store.prepare(served_db, [])
    try:
        assert pending.inputs.boundary_crs == "EPSG:4326"
    finally:
        store.discard(pending)


def test_cancelled_preview_deletes_the_uploaded_file(demo_build, served_db, monkeypatch, tmp_path):
    source = next(p for p in demo_build.files.measurements if p.suffix == ".csv")
    new_file = hostile_eppgbm(source, tmp_path / "pkm_baru.csv")
    at = start(served_db, monkeypatch)
    kept = store.store_dir(served_db) / "files"
    before = {p.name for p in kept.iterdir()}
    uploader(at, "measurements").set_value([(new_file.name, new_file.read_bytes(), "text/csv")])
    at.run()
    click(at, "import_check")
    assert any(p.name.endswith("pkm_baru.csv") for p in kept.iterdir())
    assert list(served_db.parent.glob(f".{served_db.name}.pending-*"))
    click(at, "import_cancel")
    assert {p.name for p in kept.iterdir()} == before  # names and NIKs of an unconfirmed upload are not kept
    assert not list(served_db.parent.glob(f".{served_db.name}.pending-*"))
