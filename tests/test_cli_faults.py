"""System faults give one Indonesian sentence naming the path and what to do, never a stack trace (issue 16):
a folder the build may not write (real: /sys refuses even root), a full disk and a read-only folder (the
errors the OS and DuckDB raise for them)."""
from __future__ import annotations

import errno
import os
import subprocess
import sys

import duckdb
import pytest

from pipelines.faults import system_fault
from paths import ROOT


def test_build_into_a_folder_without_permission_says_so_in_one_sentence(tmp_path):
    target = "/sys/peta_stunting_test/kab.duckdb"
    if os.access("/sys", os.W_OK) and not os.path.ismount("/sys"):
        pytest.skip("/sys is writable here")
    boundaries = tmp_path / "desa.geojson"
    boundaries.write_text('{"type": "FeatureCollection", "features": []}')
    run = subprocess.run([sys.executable, "-m", "pipelines.cli", "build", "--boundaries", str(boundaries), "--db", target],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode in (2, 3)
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert run.stderr.startswith("Gagal: ") and "/sys" in run.stderr
    assert "izin" in run.stderr or "hanya-baca" in run.stderr


@pytest.mark.parametrize("exc, words", [
    (OSError(errno.ENOSPC, "No space left on device", "/data/.kab.duckdb.building-7"), "Disk penuh saat menulis /data/.kab"),
    (duckdb.IOException('IO Error: Could not write file "/data/.kab.duckdb.building-7": No space left on device'),
     "Disk penuh saat menulis /data/kab.duckdb"),
    (OSError(errno.EROFS, "Read-only file system", "/mnt/usb/.kab.duckdb.lock"), "Folder /mnt/usb hanya-baca"),
    (PermissionError(errno.EACCES, "Permission denied", "/srv/data/kab.duckdb.key"), "Tidak ada izin untuk /srv/data/kab"),
])
def test_disk_and_folder_faults_become_one_sentence_with_the_path(exc, words):
    sentence = system_fault(exc, "/data/kab.duckdb")
    assert sentence is not None and words in sentence
    assert "\n" not in sentence and ("--db" in sentence or "kosongkan ruang" in sentence)


def test_other_errors_are_not_taken_for_system_faults():
    assert system_fault(ValueError("kolom wajib"), "/data/kab.duckdb") is None
