"""pipelines.upload: safe names, limits, saving, the previous build's inputs and settings, quarantine examples,
the build lock and pruning. Real files, a real DuckDB file (the demo build)."""
from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import upload
from pipelines.upload import UploadError


@pytest.mark.parametrize("name, expected", [
    ("data.csv", "01_data.csv"),
    ("../../etc/passwd", "01_passwd"),
    ("C:\\Users\\tpps\\..\\Ekspor PKM.CSV", "01_Ekspor_PKM.csv"),
    (".bashrc", "01_berkas.bashrc"),
    ("<img src=x onerror=alert(1)>.xlsx", "01_img_src_x_onerror_alert_1.xlsx"),
    ("Désa Sukamaju (2).xlsx", "01_Desa_Sukamaju_2.xlsx"),
    ("nul\x00l.csv", "01_nul_l.csv"),
    ("", "01_berkas"),
])
def test_safe_name(name, expected):
    assert upload.safe_name(name, 1) == expected


def test_safe_name_is_short_and_plain():
    name = upload.safe_name("a" * 5000 + ".csv", 7)
    assert name.startswith("07_") and name.endswith(".csv") and len(name) <= 3 + upload.NAME_MAX_CHARS + 4
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@pytest.mark.parametrize("kind, name, size, words", [
    ("measurements", "x.exe", 10, "tidak diterima"),
    ("measurements", "x.xls", 10, "tidak diterima"),
    ("posyandu", "x.parquet", 10, "tidak diterima"),
    ("boundaries", "x.shp", 10, "tidak diterima"),
    ("measurements", "x.csv", 0, "kosong"),
    ("measurements", "x.csv", upload.MAX_FILE_BYTES + 1, "melebihi batas 200 MB"),
])
def test_refused_by_name_or_size(kind, name, size, words):
    with pytest.raises(UploadError) as info:
        upload.check_name_and_size(kind, name, size)
    assert words in str(info.value) and name in str(info.value)


def test_allowed_names_pass():
    for kind, spec in upload.KINDS.items():
        for ext in spec.extensions:
            upload.check_name_and_size(kind, f"f.{ext.upper()}", 100)


def _csv(rows: int) -> bytes:
    return ("Kode Desa/Kel;Tahun;Sasaran Balita\n" + "99.71.01.1001;2025;10\n" * rows).encode()


def test_count_rows_per_format(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(_csv(7))
    assert upload.count_rows(path) == 7
    path.write_bytes(_csv(7).rstrip(b"\n"))  # no final line break
    assert upload.count_rows(path) == 7
    frame = pd.DataFrame({"a": range(1234)})
    frame.to_parquet(tmp_path / "a.parquet")
    assert upload.count_rows(tmp_path / "a.parquet") == 1234
    frame.to_excel(tmp_path / "a.xlsx", index=False)
    assert upload.count_rows(tmp_path / "a.xlsx") == 1234
    (tmp_path / "b.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(UploadError, match="bukan Parquet"):
        upload.count_rows(tmp_path / "b.parquet")


def test_save_uploads_writes_safe_names_inside_one_folder(tmp_path):
    root = tmp_path / "uploads"
    saved = upload.save_uploads(root, {
        "sasaran": [("../../../sasaran.csv", _csv(3))],
        "measurements": [("pkm a.csv", io.BytesIO(_csv(2))), ("pkm a.csv", _csv(4))],
    }, now=dt.datetime(2025, 3, 1, 8, 30))
    assert saved.folder.parent == root and saved.folder.name.startswith("20250301-083000-")
    assert [p.name for p in saved.files["measurements"]] == ["01_pkm_a.csv", "02_pkm_a.csv"]
    assert saved.files["sasaran"][0] == saved.folder / "sasaran" / "01_sasaran.csv"
    assert saved.original_names["01_sasaran.csv"] == "../../../sasaran.csv"
    assert saved.rows == {"01_sasaran.csv": 3, "01_pkm_a.csv": 2, "02_pkm_a.csv": 4}
    assert saved.kinds() == ["sasaran", "measurements"]
    for path in [p for files in saved.files.values() for p in files]:
        assert path.resolve().is_relative_to(root.resolve())
        assert path.read_bytes().startswith(b"Kode Desa/Kel")
    assert not (tmp_path / "sasaran.csv").exists()
    assert oct(saved.folder.stat().st_mode & 0o777) == "0o700"


def test_refused_upload_keeps_nothing_and_lists_every_file(tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    with pytest.raises(UploadError) as info:
        upload.save_uploads(root, {"measurements": [("ok.csv", _csv(2)), ("a.exe", b"MZ"), ("b.docx", b"x")]})
    assert len(info.value.messages) == 2 and "a.exe" in info.value.messages[0] and "b.docx" in info.value.messages[1]
    assert not root.exists() or not any(root.iterdir())
    # content problems are found after writing: the folder goes too
    monkeypatch.setattr(upload, "MAX_ROWS", 5)
    with pytest.raises(UploadError) as info:
        upload.save_uploads(root, {"measurements": [("ok.csv", _csv(2)), ("besar.csv", _csv(6))],
                                   "posyandu": [("daftar.xlsx", b"<html><table></table></html>")]})
    text = str(info.value)
    assert "besar.csv: 6 baris, melebihi batas 5 baris" in text and "daftar.xlsx bukan XLSX" in text
    assert not any(root.iterdir())


def test_limits_on_count_rows_and_unpacked_size(tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    monkeypatch.setattr(upload, "MAX_FILES", 2)
    with pytest.raises(UploadError, match="paling banyak 2"):
        upload.save_uploads(root, {"measurements": [(f"{i}.csv", _csv(1)) for i in range(3)]})
    with pytest.raises(UploadError, match="paling banyak 1"):
        upload.save_uploads(root, {"posyandu": [("a.csv", _csv(1)), ("b.csv", _csv(1))]})
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("desa.geojson", b" " * 2_000_000)
    monkeypatch.setattr(upload, "MAX_UNZIPPED_BYTES", 1_000_000)
    with pytest.raises(UploadError, match="terlalu besar setelah diekstrak"):
        upload.save_uploads(root, {"boundaries": [("desa.zip", bomb.getvalue())]})
    frame = pd.DataFrame({"a": ["x" * 1000] * 1500})
    frame.to_excel(tmp_path / "besar.xlsx", index=False)
    with pytest.raises(UploadError, match="terlalu besar setelah diekstrak"):
        upload.save_uploads(root, {"measurements": [("besar.xlsx", (tmp_path / "besar.xlsx").read_bytes())]})
    monkeypatch.setattr(upload, "MAX_FILE_BYTES", 100)
    with pytest.raises(UploadError, match="melebihi batas"):
        upload.save_uploads(root, {"sasaran": [("s.csv", _csv(10))]})
    assert not any(root.iterdir())


def test_previous_inputs_and_settings_come_from_the_database(demo_build, tmp_path):
    previous = upload.previous_inputs(demo_build.db)
    expected = demo_build.files.build_inputs()
    assert previous.boundaries == expected.boundaries.resolve()
    assert list(previous.measurements) == [p.resolve() for p in expected.measurements]
    assert previous.posyandu == expected.posyandu.resolve() and previous.sasaran == expected.sasaran.resolve()
    settings = upload.previous_settings(demo_build.db)
    assert settings.small_n == 10 and settings.unrecorded == "missing"
    assert upload.previous_inputs(tmp_path / "none.duckdb") is None
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert upload.previous_inputs(empty) is None


def test_quarantine_examples_show_the_first_rows_of_every_file_and_reason(demo_build):
    """What Impor Data shows under each refused reason: the first rows of each file and reason, no identity."""
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        quarantine = con.execute("SELECT source_file, reason_code, min(source_row) FROM quarantine GROUP BY ALL"
                                 ).fetchall()
        examples = upload.query_quarantine_examples(con)
    assert examples.groupby(["source_file", "reason_code"]).size().max() == upload.EXAMPLES_PER_REASON
    assert set(zip(examples["source_file"], examples["reason_code"])) == {(f, code) for f, code, _ in quarantine}
    first = examples.groupby(["source_file", "reason_code"])["source_row"].min().to_dict()
    assert first == {(f, code): row for f, code, row in quarantine}
    assert list(examples.columns) == ["kind", "source_file", "reason_code", "source_row", "column_name", "value",
                                      "reason", "hint"]


def test_build_lock_admits_one_import(tmp_path):
    """Two browser sessions are two threads of one Streamlit process: the second is refused, naming the first."""
    import threading

    db = tmp_path / "x.duckdb"
    refused = []

    def second_session():
        try:
            with upload.build_lock(db):
                pass
        except upload.BuildBusy as exc:
            refused.append(str(exc))

    with upload.build_lock(db):
        thread = threading.Thread(target=second_session)
        thread.start()
        thread.join()
    assert len(refused) == 1 and "sedang dibangun sejak" in refused[0] and "halaman Impor Data" in refused[0]
    with upload.build_lock(db):  # released
        pass


def test_prune_keeps_recent_and_used_folders(tmp_path):
    root = tmp_path / "uploads"
    old_used = upload.save_uploads(root, {"sasaran": [("s.csv", _csv(1))]})
    old_unused = upload.save_uploads(root, {"sasaran": [("s.csv", _csv(1))]})
    recent = upload.save_uploads(root, {"sasaran": [("s.csv", _csv(1))]})
    week_ago = (dt.datetime.now() - dt.timedelta(days=7)).timestamp()
    for folder in (old_used.folder, old_unused.folder):
        os.utime(folder, (week_ago, week_ago))
    keep = upload.BuildInputs(boundaries=tmp_path / "b.geojson", sasaran=old_used.files["sasaran"][0])
    assert upload.prune_uploads(root, keep) == [old_unused.folder]
    assert old_used.folder.exists() and recent.folder.exists()


def test_upload_folder_is_beside_the_database(tmp_path):
    assert upload.uploads_root(tmp_path / "data" / "kab.duckdb") == (tmp_path / "data" / "uploads").resolve()
    assert Path(upload.uploads_root(Path("rel.duckdb"))).is_absolute()
