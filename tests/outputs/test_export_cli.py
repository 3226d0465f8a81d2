"""`peta-stunting export <document>` on the demo city: the files open with the library that reads them and
speak to users (Indonesian headers, title block, percent formats, the small-number rule)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from paths import ROOT
from pipelines.outputs import document


def _export(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", "export", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def _header_row(sheet) -> int:
    return int(re.sub(r"\D", "", sheet.freeze_panes)) - 1


@pytest.fixture(scope="module")
def exported(demo_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    for name in ("lokus", "aksi7"):
        result = _export(name, "--db", str(demo_build.db), "--period", "2025-08", str(out))
        assert result.returncode == 0, result.stderr
    return out


def test_lokus_workbook_reads_as_a_report(exported):
    book = load_workbook(exported / "lokus_2025-08.xlsx")
    sheet = book["Peringkat"]
    top = _header_row(sheet)
    block = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(2, top)}
    assert block["Kabupaten/Kota"] == "Kota Contoh (fiktif)" and block["Periode"] == "Agustus 2025"
    assert block["Sumber data"].startswith("e-PPGBM, 10 puskesmas, ")     # as a person names it, no file kinds
    header = [c.value for c in sheet[top]]
    assert not [h for h in header if re.fullmatch(r"[a-z]+(_[a-z]+)+", h)], header       # no snake_case
    assert sheet.cell(row=top + 1, column=header.index("Prevalensi stunting") + 1).number_format == "0.0%"
    assert sum(1 for r in sheet.iter_rows(min_row=top + 1, values_only=True) if r[header.index("Lokus")] == "Ya") == 10


def test_publication_csv_is_for_indonesian_excel(exported):
    data = (exported / "publikasi_aksi7_2025-08.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Kota Contoh (fiktif)" in text and "Agustus 2025" in text and "kurang dari 10 anak" in text
    table = document.read_csv_table(data)
    assert len(table) == 60
    value = table["Stunting: persentase (%)"].iloc[0]
    assert re.fullmatch(r"\d+,\d", value), value
    assert ";" in text.splitlines()[text.splitlines().index("") + 1]


def test_unknown_period_is_a_message_not_a_traceback(demo_build, tmp_path):
    result = _export("aksi7", "--db", str(demo_build.db), "--period", "2019-02", str(tmp_path))
    assert result.returncode == 2
    assert "periode 2019-02 tidak ada" in result.stderr and "Traceback" not in result.stderr


def test_slides_deck_with_chosen_indicators(demo_build, tmp_path):
    from PIL import Image
    import pypdf

    result = _export("slides", str(tmp_path), "--db", str(demo_build.db), "--period", "2025-08", "--indicators",
                     "stunting", "wasting")
    assert result.returncode == 0, result.stderr
    pngs = sorted((tmp_path / "slides_2025-08").glob("*.png"))
    names = [p.name for p in pngs]
    assert names[:3] == ["01_title.png", "02_overview.png", "03_prevalence.png"] and "04_ind_wasting.png" in names
    assert {"ranking", "lokus", "bottlenecks", "quality", "summary"} <= {n[3:-4] for n in names}
    assert all(Image.open(p).size == (1920, 1080) for p in pngs)
    reader = pypdf.PdfReader(tmp_path / "slides_2025-08.pdf")
    assert len(reader.pages) == len(pngs)
    title = " ".join(reader.pages[0].extract_text().split())
    assert "Kota Contoh (fiktif)" in title and "Agustus 2025" in title and "TPPS" in title


def test_profile_of_one_desa(demo_build, tmp_path):
    import pypdf

    result = _export("profil", "--db", str(demo_build.db), "--period", "2025-08", "--desa", "99.71.01.1001", str(tmp_path))
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(tmp_path / "profil_99.71.01.1001_2025-08.pdf")
    words = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for part in ("Profil Desa/Kelurahan Sekaran", "Peringkat di kab/kota", "IK 95 %", "Posyandu", "Tren",
                 "Layanan 1000 HPK yang menghambat akses lengkap", "Agustus 2025"):
        assert part in words, part


def test_unknown_indicator_or_desa_is_a_message(demo_build, tmp_path):
    result = _export("slides", str(tmp_path), "--db", str(demo_build.db), "--indicators", "stuntingg")
    assert result.returncode == 2 and "indikator 'stuntingg' tidak dikenal" in result.stderr
    result = _export("scorecard", "--db", str(demo_build.db), "--desa", "99.71.99.9999", str(tmp_path))
    assert result.returncode == 2 and "99.71.99.9999 tidak ada" in result.stderr and "Traceback" not in result.stderr
