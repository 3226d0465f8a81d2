"""Mode Presentasi with Streamlit's AppTest: stepping through the slides changes the title shown."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from paths import APP
from presentation_fixture import build_fixture

TITLES = [
    "Percepatan Penurunan Stunting",
    "Gambaran umum",
    "Prevalensi stunting per kelurahan",
    "Akses lengkap layanan 1000 HPK",
    "Perubahan prevalensi stunting",
    "Peringkat kecamatan",
    "Jumlah balita stunting per kelurahan",
    "Kelurahan lokus stunting",
    "Hambatan layanan 1000 HPK",
    "Kualitas data",
    "Ringkasan",
]


@pytest.fixture()
def app(tmp_path, monkeypatch):
    db = build_fixture(tmp_path / "fixture.duckdb")
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("views/presentasi.py")
    at.run()
    assert not at.exception, at.exception
    return at


def shown_title(at: AppTest) -> str:
    assert at.title, "no slide title on the page"
    return at.title[0].value


def test_stepping_changes_the_title(app):
    seen = [shown_title(app)]
    app.button(key="presentation_prev").click().run()  # on the first slide: stays there
    assert shown_title(app) == TITLES[0]
    for _ in range(len(TITLES) - 1):
        app.button(key="presentation_next").click().run()
        assert not app.exception
        seen.append(shown_title(app))
    assert seen == TITLES
    app.button(key="presentation_next").click().run()  # on the last slide: stays there
    assert shown_title(app) == TITLES[-1]
    app.button(key="presentation_prev").click().run()
    assert shown_title(app) == TITLES[-2]
    assert f"Slide {len(TITLES) - 1} dari {len(TITLES)}" in [m.value.strip("*") for m in app.markdown]


def test_buttons_carry_arrow_key_shortcuts(app):
    assert app.button(key="presentation_next").proto.shortcut.lower() in ("right", "arrowright")
    assert app.button(key="presentation_prev").proto.shortcut.lower() in ("left", "arrowleft")


def test_period_switch_keeps_slide(app):
    app.button(key="presentation_next").click().run()
    app.selectbox(key="presentation_period").select("2024-02").run()
    assert not app.exception
    assert shown_title(app) == TITLES[1]
