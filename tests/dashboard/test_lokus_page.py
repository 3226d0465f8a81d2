"""AppTest of the Pemilihan Lokus page on the fixture database: set weights, pick top N, remove one with a
reason (refused without one), save, change things, reopen the saved selection and compare."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lokus_fixture import build_fixture_db
from pipelines.lokus import selections
from paths import ROOT

PAGE = str(ROOT / "dashboard" / "views" / "lokus.py")


@pytest.fixture()
def app(tmp_path, monkeypatch):
    db = build_fixture_db(tmp_path / "fixture.duckdb", names={"99.71.01.1001": "<img src=x onerror=alert(1)>"})
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at, db


def _selected(at) -> int:
    return int(at.session_state["lokus_n"])


def test_planner_path(app):
    at, db = app
    assert any("10" in m.value and "25" in m.value for m in at.markdown)  # default N = 10 of 25
    at.slider(key="lokus_w_prevalence").set_value(50)
    at.slider(key="lokus_w_hotspot").set_value(0)
    at.number_input(key="lokus_n").set_value(8)
    at.run()
    assert not at.exception
    assert any("**8** dari 25" in m.value for m in at.markdown)

    # remove one without a reason: refused
    at.radio(key="lokus_action").set_value("remove")
    at.run()
    target = at.selectbox(key="lokus_target").options[0]
    code = at.selectbox(key="lokus_target").value
    at.button(key="lokus_apply").click()
    at.run()
    assert any("alasan" in e.value for e in at.error)
    assert at.session_state["lokus_overrides"]["removed"] == {}

    at.text_input(key="lokus_reason_input").input("Sudah lokus program provinsi 2025")
    at.button(key="lokus_apply").click()
    at.run()
    assert not at.exception
    assert at.session_state["lokus_overrides"]["removed"] == {code: "Sudah lokus program provinsi 2025"}
    assert any("**7** dari 25" in m.value and "1 dikeluarkan" in m.value for m in at.markdown), target

    # save
    at.text_input(key="lokus_save_name").input("Lokus 2025 final")
    at.button(key="lokus_save").click()
    at.run()
    assert any("Lokus 2025 final" in s.value for s in at.success)
    store = selections.store_path(db)
    saved = selections.load_selection(store, int(selections.list_selections(store)["id"].iloc[0]))
    assert saved.n == 8 and saved.method["weights"]["prevalence"] == 50
    assert len(saved.selected_codes) == 7 and code not in saved.selected_codes
    assert dict(zip(saved.items["kode"], saved.items["reason"]))[code] == "Sudah lokus program provinsi 2025"

    # change everything, then reopen the saved selection
    at.slider(key="lokus_w_prevalence").set_value(5)
    at.number_input(key="lokus_n").set_value(12)
    at.button(key="lokus_undo_all").click()
    at.run()
    assert at.session_state["lokus_overrides"]["removed"] == {}
    at.button(key="lokus_open").click()
    at.run()
    assert not at.exception
    assert at.slider(key="lokus_w_prevalence").value == 50
    assert at.number_input(key="lokus_n").value == 8
    assert at.session_state["lokus_overrides"]["removed"] == {code: "Sudah lokus program provinsi 2025"}
    assert any("**7** dari 25" in m.value for m in at.markdown)

    # compare with the saved one: identical
    at.toggle(key="lokus_compare_toggle").set_value(True)
    at.run()
    assert any("7 tetap, 0 baru, 0 keluar" in m.value for m in at.markdown)


def test_eb_and_hotspot_layer(app):
    at, _ = app
    at.toggle(key="lokus_eb").set_value(True)
    at.toggle(key="lokus_hot_layer").set_value(True)
    at.run()
    assert not at.exception
    assert any("Hot spot" in c.value for c in at.caption)
    # names are shown as data (st.dataframe), never through markdown
    assert not any("<img" in m.value for m in at.markdown)
