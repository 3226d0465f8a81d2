"""Unconfirmed browser uploads hold names and NIKs: a preview cancelled or replaced deletes its files at once
(tests/dashboard/test_import_page.py), and files of a preview never confirmed (a closed tab) are deleted once
they are older than a day, the next time the Impor Data page opens (issue 16)."""
from __future__ import annotations

import os
import time

from streamlit.testing.v1 import AppTest

from paths import APP
from pipelines import upload
from pipelines.privacy import key_path_for


def test_unconfirmed_uploads_older_than_a_day_are_deleted_when_the_page_opens(demo_build, tmp_path, monkeypatch):
    db = tmp_path / "kota.duckdb"
    db.write_bytes(demo_build.db.read_bytes())
    key_path_for(db).write_bytes(key_path_for(demo_build.db).read_bytes())
    root = upload.uploads_root(db)
    abandoned = upload.save_uploads(root, {"sasaran": [("sasaran.csv", b"Kode Desa/Kel,Tahun,Sasaran Balita\n")]})
    recent = upload.save_uploads(root, {"sasaran": [("sasaran.csv", b"Kode Desa/Kel,Tahun,Sasaran Balita\n")]})
    two_days_ago = time.time() - 2 * 86400
    os.utime(abandoned.folder, (two_days_ago, two_days_ago))

    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("views/impor.py")
    at.run()
    assert not at.exception
    assert not abandoned.folder.exists()
    assert recent.folder.exists()  # a preview of today may still be confirmed
