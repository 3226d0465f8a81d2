"""Dua Angka page driven in-process (AppTest) on the demo city built through the normal import."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_fixture import build_fixture_db
from paths import APP
from pipelines.reconcile import report
from pipelines.reconcile import survey as sv

PAGE = "views/dua_angka.py"


@pytest.fixture()
def demo_copy(demo_build, tmp_path) -> Path:
    """A private copy of the demo database (the page writes typed figures beside it)."""
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_build.db, db)
    return db


def start(db: Path, monkeypatch, lang: str = "id") -> AppTest:
    """The app opened on Dua Angka (through app.py's navigation); English runs the page file alone, since the
    map page's widgets keep their Indonesian labels across a language switch in AppTest."""
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    if lang != "id":
        at = AppTest.from_file(str(APP.parent / PAGE), default_timeout=120)
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception, at.exception
        return at
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_two_figures_say_what_they_are_and_match_the_method(demo_copy, monkeypatch):
    at = start(demo_copy, monkeypatch)
    assert at.title[0].value == "Dua Angka"
    assert any("FIKTIF" in w.value for w in at.warning), "the fictional survey figure must be flagged"
    period = at.selectbox(key="dua_period").value
    with duckdb.connect(str(demo_copy), read_only=True) as con:
        expected = report.dua_angka(con, period, db_path=demo_copy)
    two = frame_with(at, "Jenis")
    assert list(two["Jenis"]) == ["diukur", "disesuaikan", "model", "survei (FIKTIF)"]
    assert two["Prevalensi"].iloc[0] == f"{expected.measured.value * 100:.1f} %".replace(".", ",")
    assert two["Prevalensi"].iloc[1] == f"{expected.adjusted.value * 100:.1f} %".replace(".", ",")
    assert "dianggap sama" in two["Asumsi / sumber"].iloc[1] and "rata per bulan umur" in two["Asumsi / sumber"].iloc[1]
    steps = frame_with(at, "Langkah")
    assert steps["Langkah"].iloc[-2] == "Sisa (tidak dijelaskan)" and len(steps) == 7
    desa = frame_with(at, "Model (%) [model]")
    assert len(desa) == 60 and desa["n (balita)"].min() >= 0
    flows = frame_with(at, "Baru stunting")
    assert flows["Jumlah anak"].sum() > 0
    assert any("2T" in i.value for i in at.info), "the demo has no monthly data: 2T says so"
    assert len(at.get("deck_gl_json_chart")) == 3                       # coverage, model, incidence maps


def test_a_kecamatan_and_english(demo_copy, monkeypatch):
    at = start(demo_copy, monkeypatch, lang="en")
    with duckdb.connect(str(demo_copy), read_only=True) as con:
        kec = con.execute("SELECT min(kode) FROM kecamatan").fetchone()[0]
    at.selectbox(key="dua_place").set_value(kec)
    at.run()
    assert not at.exception, at.exception
    steps = frame_with(at, "Step")
    assert steps["Step"].iloc[-2] == "Residual (not explained)"
    assert "difference from the kabupaten/kota" in steps["Assumption / source"].iloc[-2]
    assert any("the residual also holds this kecamatan's difference" in c.value for c in at.caption)
    two = frame_with(at, "Kind")
    assert list(two["Kind"])[:2] == ["measured", "adjusted"] and kec


def test_a_typed_survey_figure_is_kept_beside_the_database_and_survives_a_rebuild(demo_copy, monkeypatch):
    at = start(demo_copy, monkeypatch)
    at.text_input(key="dua_form_source").input("Survei Lokal 2025")
    at.text_input(key="dua_form_prevalence").input("24,5")
    at.text_input(key="dua_form_se").input("1,8")
    at.button[[b.label for b in at.button].index("Simpan angka survei")].click()
    at.run()
    assert not at.exception, at.exception
    assert any("Tersimpan" in s.value for s in at.success)
    assert [f.source for f in sv.typed_figures(demo_copy)] == ["Survei Lokal 2025"]
    # a rebuild swaps in a new database file; the typed figure stays beside it
    fresh = demo_copy.with_name("fresh.duckdb")
    shutil.copy(demo_copy, fresh)
    fresh.replace(demo_copy)
    at = start(demo_copy, monkeypatch)
    assert "Survei Lokal 2025 · 2025 · 24,5 %" in at.selectbox(key="dua_survey").options


def test_a_bad_typed_figure_is_refused_with_the_column_named(demo_copy, monkeypatch):
    at = start(demo_copy, monkeypatch)
    at.text_input(key="dua_form_source").input("SSGI 2024")
    at.text_input(key="dua_form_prevalence").input("21,6")
    at.button[[b.label for b in at.button].index("Simpan angka survei")].click()
    at.run()
    assert not at.exception, at.exception
    assert any("SE (%)" in e.value for e in at.error)
    assert not sv.side_file(demo_copy).exists()


def test_a_database_built_before_dua_angka_says_rebuild(tmp_path, monkeypatch):
    db = build_fixture_db(tmp_path / "fixture.duckdb")
    at = start(db, monkeypatch)
    assert any("bangun ulang" in w.value for w in at.warning)
