"""Every page against databases it cannot serve (an empty file, random bytes, a truncated copy of the demo
database, a file that is not ours) and against partial builds (boundaries only; boundaries and registers):
one clear Indonesian sentence naming the file and what to do, never a traceback (issues 16 and 22)."""
from __future__ import annotations

import os
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from paths import APP


def _pages() -> list[str]:
    """Every page file, the map (the default page) first."""
    files = sorted(p.name for p in (APP.parent / "views").glob("*.py") if not p.name.startswith("_"))
    return ["views/peta.py"] + [f"views/{f}" for f in files if f != "peta.py"]


def _run_every_page(db, monkeypatch, pages: list[str] | None = None) -> dict[str, AppTest]:
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    runs = {}
    for page in pages or _pages():
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state["lang"] = "id"
        at.run()
        if page != _pages()[0]:
            at.switch_page(page)
            at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        runs[page] = at
    return runs


def _broken(kind: str, demo_db, folder):
    path = folder / f"{kind}.duckdb"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(os.urandom(300_000))
    elif kind == "truncated":
        data = demo_db.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "not_ours":
        import duckdb

        with duckdb.connect(str(path)) as con:
            con.execute("CREATE TABLE penjualan (x INTEGER)")
    return path


EXPECTED = {
    "empty": "kosong (0 byte)",
    "random": "bukan basis data peta-stunting yang utuh",
    "truncated": "terpotong",
    "not_ours": "bukan basis data peta-stunting (tabel kelurahan atau meta tidak ada)",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_page_gives_one_sentence_for_a_database_it_cannot_serve(demo_build, tmp_path, monkeypatch, kind):
    db = _broken(kind, demo_build.db, tmp_path)
    for page, at in _run_every_page(db, monkeypatch).items():
        errors = [e.value for e in at.error]
        assert len(errors) >= 1, page
        sentence = errors[0]
        assert EXPECTED[kind] in sentence and str(db.resolve()) in sentence, (page, sentence)
        assert "Traceback" not in sentence and "IOException" not in sentence
        if page.endswith("impor.py"):  # the import page still works: it can build a new database
            assert at.title and at.button(key="import_check")


def test_a_database_swapped_for_a_broken_one_is_checked_again(demo_build, tmp_path, monkeypatch):
    db = tmp_path / "kota.duckdb"
    shutil.copy(demo_build.db, db)
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception and not at.error
    data = db.read_bytes()
    (tmp_path / "half").write_bytes(data[: len(data) // 2])
    os.replace(tmp_path / "half", db)  # a new version of the file: checked at the next run
    at.run()
    assert not at.exception and "terpotong" in at.error[0].value


@pytest.fixture(scope="module")
def partial_builds(demo_build, tmp_path_factory):
    from pipelines.build import BuildInputs, build_database

    files = demo_build.files
    folder = tmp_path_factory.mktemp("partial")
    boundaries_only = build_database(BuildInputs(boundaries=files.boundaries), folder / "batas.duckdb").db_path
    registers_only = build_database(BuildInputs(boundaries=files.boundaries, services=files.services),
                                    folder / "layanan.duckdb").db_path
    return boundaries_only, registers_only


def test_boundaries_only_build_shows_the_places_and_says_no_measurements_yet(partial_builds, monkeypatch):
    runs = _run_every_page(partial_builds[0], monkeypatch, ["views/peta.py"])
    peta = runs["views/peta.py"]
    assert any("Belum ada data pengukuran" in i.value for i in peta.info)
    assert peta.get("deck_gl_json_chart"), "the map of the places is drawn"


def test_registers_only_build_maps_the_services_and_says_no_measurements_yet(partial_builds, monkeypatch):
    import duckdb

    with duckdb.connect(str(partial_builds[1]), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM service_targets").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM indicators WHERE indicator = 'hpk_complete_access'").fetchone()[0] > 0
    runs = _run_every_page(partial_builds[1], monkeypatch, ["views/peta.py"])
    peta = runs["views/peta.py"]
    assert any("Belum ada data pengukuran" in i.value for i in peta.info)
    assert peta.get("deck_gl_json_chart")


def test_quality_page_lists_refused_files_and_boundary_findings_in_words(demo_build, tmp_path, monkeypatch):
    """A build with a refused sasaran file and boundary features without a name: Kualitas Data lists the refused
    file first with what to do, and the boundary findings by name (no internal check code)."""
    import json

    from pipelines.build import build_database

    files = demo_build.files
    collection = json.loads(files.boundaries.read_text())
    for feature in collection["features"][:2]:
        for key in list(feature["properties"]):
            if key.lower() in ("nama", "name", "nama_desa", "desa", "nm_desa", "namobj", "wadmkd"):
                feature["properties"][key] = None
    boundaries = tmp_path / "desa.geojson"
    boundaries.write_text(json.dumps(collection))
    broken = tmp_path / "sasaran.csv"
    broken.write_bytes(b"\x00\x01\x02\x03" * 100)
    inputs = files.build_inputs()
    inputs.boundaries, inputs.sasaran, inputs.services = boundaries, broken, []
    db = build_database(inputs, tmp_path / "kota.duckdb").db_path
    runs = _run_every_page(db, monkeypatch, ["views/kualitas.py"])
    at = runs["views/kualitas.py"]
    refused = next(f.value for f in at.dataframe if "Alasan dan yang perlu dilakukan" in f.value.columns)
    assert refused.iloc[0, 0] == "sasaran.csv" and "CSV UTF-8" in refused.iloc[0, 2]
    findings = next(f.value for f in at.dataframe if "Pemeriksaan" in f.value.columns)
    assert "Tanpa nama (kode dipakai)" in findings["Pemeriksaan"].tolist()
    assert not any("_" in str(c) for c in findings["Pemeriksaan"])


NO_MEASUREMENTS = "Belum ada data pengukuran (ekspor e-PPGBM)"


@pytest.mark.parametrize("which", ["boundaries", "boundaries_and_registers"])
def test_every_page_on_a_partial_build_says_which_data_are_missing(partial_builds, monkeypatch, which):
    db = partial_builds[0] if which == "boundaries" else partial_builds[1]
    runs = _run_every_page(db, monkeypatch)   # no page raises (asserted for each page)
    for page, at in runs.items():
        shown = [m.value for m in [*at.error, *at.warning, *at.info]]
        assert not any("Traceback" in m for m in shown), page
        if page.endswith(("impor.py", "riwayat.py", "pengguna.py")):
            continue  # how the missing data get in, the history of that, and the accounts: no data shown
        assert any(NO_MEASUREMENTS in m for m in shown), (page, shown)
        assert "Tidak ada data" not in shown, page   # never only "no data" without saying which
    profile = [m.value for m in runs["views/profil.py"].info]
    assert any("Belum ada register layanan 1000 HPK" in m for m in profile) == (which == "boundaries")
    if which == "boundaries_and_registers":    # Profil still shows what the registers say
        assert any("Hambatan utama" in w.value for w in runs["views/profil.py"].warning)


def test_a_database_built_by_an_earlier_version_asks_for_a_rebuild(demo_build, tmp_path, monkeypatch):
    """A file built before a table the pages read existed (no or an older `layout` in meta) is still served, with
    one warning naming the file and how to rebuild it; the current build shows no such warning."""
    import duckdb

    old = tmp_path / "lama.duckdb"
    shutil.copy(demo_build.db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("DELETE FROM meta WHERE key = 'layout'")
    for db, warned in ((old, True), (demo_build.db, False)):
        monkeypatch.setenv("PETA_STUNTING_DB", str(db))
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state["lang"] = "id"
        at.run()
        assert not at.exception
        texts = [w.value for w in at.warning]
        assert any("dibangun oleh versi peta-stunting sebelumnya" in w and str(db) in w
                   and "peta-stunting build --db" in w for w in texts) is warned, texts
