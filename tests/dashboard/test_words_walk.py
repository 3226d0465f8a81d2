"""Every page in both languages, on the demo and on a build with only boundaries and measurements: no internal
identifier (snake_case), no raw JSON, and on Indonesian screens none of the English words that leaked before."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from paths import APP
from visible_words import problems as _problems

PAGES = ("views/peta.py", "views/profil.py", "views/kualitas.py", "views/presentasi.py", "views/lokus.py",
         "views/impor.py", "views/dua_angka.py", "views/pengguna.py")


@pytest.fixture(scope="module")
def minimal_db(demo_build, tmp_path_factory) -> Path:
    """The demo's boundaries and e-PPGBM exports only (no posyandu, sasaran or registers)."""
    from pipelines.build import BuildInputs, build_database

    full = demo_build.files.build_inputs()
    db = tmp_path_factory.mktemp("minimal") / "minimal.duckdb"
    build_database(BuildInputs(boundaries=full.boundaries, measurements=full.measurements), db)
    return db


def _texts(at: AppTest) -> list[str]:
    """What a person reads: titles, headings, text, captions, messages, widget labels and shown options, table
    headers and text cells."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("selectbox", "radio", "multiselect"):
        for widget in getattr(at, kind):
            out.append(str(widget.label))
            out += [str(o) for o in widget.options]
    for kind in ("checkbox", "toggle", "button", "slider", "number_input", "text_input"):
        out += [str(w.label) for w in getattr(at, kind)]
    for frame in at.dataframe:
        table = frame.value
        out += [str(c) for c in table.columns]
        for column in table.columns:
            if table[column].dtype == object:
                out += [str(v) for v in table[column].dropna().head(50)]
    return out


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("which", ["demo", "minimal"])
def test_every_page_speaks_the_users_language(which, lang, demo_build, request, monkeypatch):
    db = demo_build.db if which == "demo" else request.getfixturevalue("minimal_db")
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    problems = []
    for page in PAGES:
        if not (Path(APP).parent / page).exists():
            continue
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state["lang"] = lang
        at.switch_page(page)   # one run per page: widgets are read as that run drew them
        at.run()
        assert not at.exception, (page, at.exception)
        assert at.title and len(_texts(at)) > 5, page     # the page drew, so the words below were really read
        problems += [f"{page}: {p}" for p in _problems(_texts(at), lang)]
    assert problems == []
