"""Laporan kualitas data (Aksi 6): the DOCX opens with python-docx and holds the tables, the standards and what
to do; per puskesmas it holds only that puskesmas' posyandu; the command refuses a wrong period in words."""
from __future__ import annotations

import docx
import duckdb
import pandas as pd
import pytest

from dashboard_fixture import PERIODS, build_fixture_db
from pipelines.cli import main
from pipelines.outputs.quality_report import write_quality_report


def tables(path) -> list[pd.DataFrame]:
    document = docx.Document(str(path))
    out = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        out.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return out


def paragraphs(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.fixture(scope="module")
def planted(demo_build) -> pd.DataFrame:
    return pd.read_csv(demo_build.files.truth_quality_faults)


def test_kabupaten_report_has_the_tables_standards_and_actions(demo_build, planted, tmp_path):
    out = tmp_path / "kab.docx"
    assert main(["export", "kualitas", "--db", str(demo_build.db), "--period", "2025-08", str(out)]) == 0
    figures, pkm, posyandu = tables(out)
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        children = con.execute("SELECT children FROM quality_checks WHERE level = 'kabupaten' AND period = '2025-08'"
                               ).fetchone()[0]
        names = dict(con.execute("SELECT posyandu_id, nama FROM posyandu").fetchall())
    assert figures.set_index("Pemeriksaan").loc["Balita diukur", "Nilai"] == f"{children:,}".replace(",", ".")
    assert figures.set_index("Pemeriksaan").loc["SD z TB/U", "Ambang"] == "1,35–1,95"
    zeros = planted.loc[planted["fault"] == "zeros", "unit"].iloc[0]
    assert pkm.iloc[0]["Puskesmas"] == zeros and pkm.iloc[0]["Nilai"] == "Bermasalah"
    assert (pkm.iloc[1:]["Nilai"] != "Bermasalah").all()
    bad = {names[u] for u in planted.loc[planted["level"] == "posyandu", "unit"]}
    assert set(posyandu.iloc[:2]["Posyandu"]) == bad and (posyandu.iloc[:2]["Nilai"] == "Bermasalah").all()
    assert len(posyandu) == len(names)
    text = paragraphs(out)
    assert "Aksi 6" in text and "Kota Contoh (fiktif)" in text and "Agustus 2025" in text
    assert "Rasio umur 6–29 : 30–59 bulan, harapan 0,85" in text and "minimal 100 anak" in text
    assert "Preferensi digit tinggi: Minta kader menulis angka apa adanya" in text
    assert "Posisi ukur salah: Anak < 24 bulan diukur terlentang" in text
    assert len(docx.Document(str(out)).inline_shapes) == 2           # the two charts


def test_puskesmas_report_holds_only_its_posyandu(demo_build, planted, tmp_path):
    zeros = planted.loc[planted["fault"] == "zeros", "unit"].iloc[0]
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        own = {r[0] for r in con.execute("SELECT nama FROM posyandu WHERE puskesmas = ?", [zeros]).fetchall()}
        out = write_quality_report(con, tmp_path / "pkm.docx", "2025-08", puskesmas=zeros)
    figures, pkm, posyandu = tables(out)
    assert list(pkm["Puskesmas"]) == [zeros]
    assert set(posyandu["Posyandu"]) <= own and len(posyandu) > 0
    assert "Angka 0 untuk tidak diukur: Kosongkan sel bila tidak diukur" in paragraphs(out)


def test_english_report_and_fixture_database_without_puskesmas_column(tmp_path):
    db = build_fixture_db(tmp_path / "fixture.duckdb")
    with duckdb.connect(str(db), read_only=True) as con:
        out = write_quality_report(con, tmp_path / "en.docx", PERIODS[1], lang="en")
    figures, pkm, posyandu = tables(out)
    assert "Check" in figures.columns and list(pkm.columns)[0] == "Puskesmas"
    assert pkm.iloc[0]["Grade"] == "Problematic"          # the export file stands for its puskesmas
    assert "Height digit preference score" in pkm.iloc[0]["Reasons for the grade"]


def test_the_command_refuses_an_unknown_period_or_puskesmas_in_words(demo_build, tmp_path, capsys):
    assert main(["export", "kualitas", "--db", str(demo_build.db), "--period", "2031-01", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert "Periode 2031-01 tidak ada; tersedia: 2024-02, 2024-08, 2025-02, 2025-08" in err
    assert "Traceback" not in err
    assert main(["export", "kualitas", "--db", str(demo_build.db), "--period", "2025-08", "--puskesmas", "Puskesmas X",
                 str(tmp_path / "x.docx")]) == 2
    assert "Puskesmas 'Puskesmas X' tidak dikenal" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
