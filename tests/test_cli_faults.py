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


@pytest.mark.parametrize("command", ["zscore", "build"])
def test_a_memory_limit_duckdb_cannot_read_is_named_with_what_to_write(tmp_path, command):
    children = tmp_path / "anak.csv"
    children.write_text("sex,birth_date,measure_date,weight_kg,height_cm\n1,2020-01-01,2021-01-01,9.1,75.0\n")
    boundaries = tmp_path / "desa.geojson"
    boundaries.write_text('{"type": "FeatureCollection", "features": []}')
    args = {"zscore": ["zscore", str(children), str(tmp_path / "hasil.csv")],
            "build": ["build", "--boundaries", str(boundaries), "--db", str(tmp_path / "kab.duckdb")]}[command]
    env = dict(os.environ, PETA_STUNTING_MEMORY_LIMIT="dua GB")
    run = subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 3 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        "Gagal: Batas memori PETA_STUNTING_MEMORY_LIMIT=dua GB tidak dikenali; tulis ukurannya seperti 2GB, "
        "500MB atau 1.5GiB, atau hapus variabel itu untuk memakai batas bawaan."]
    assert not (tmp_path / "hasil.csv").exists() and not (tmp_path / "kab.duckdb").exists()
