"""peta-stunting dashboard: navigation only. Run: peta-stunting dashboard --db data/demo.duckdb"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # so `dashboard` imports under `streamlit run`

from dashboard import auth, data  # noqa: E402
from pipelines.present.glossary import LANGS, set_served_place, t  # noqa: E402

# (file in views/, glossary key of its title, url path). Add a page by adding a line; the first is the default.
PAGES = [
    ("peta.py", "page_map", "peta"),
    ("profil.py", "page_profile", "profil"),
    ("kualitas.py", "page_quality", "kualitas"),
    ("presentasi.py", "page_presentation", "presentasi"),
    ("lokus.py", "page_lokus", "lokus"),
    ("dua_angka.py", "page_dua_angka", "dua-angka"),
    ("impor.py", "page_import", "impor"),
    ("riwayat.py", "page_history", "riwayat"),
    ("pengguna.py", "page_users", "pengguna"),
]

st.set_page_config(page_title="Peta Stunting", layout="wide")

with st.sidebar:
    st.selectbox(
        "Bahasa / Language", LANGS, key="lang", format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code]
    )

    auth.refresh_user()
    auth.sidebar_user()

# labels say desa, kelurahan or desa/kelurahan as the loaded codes do (glossary `{place}`; the read model decides)
set_served_place(data.place_kind() if data.db_version() is not None else "desa/kelurahan")

PAGE_DIR = Path(__file__).resolve().parent / "views"
if auth.login_required():
    # only the login page exists until someone logs in: every page's URL shows it (no "page not found")
    navigation = st.navigation(
        [st.Page(auth.login_page, title=t("login_title"), url_path="masuk", default=True)]
        + [st.Page(auth.login_page, title=t("login_title"), url_path=url) for _, _, url in PAGES],
        position="hidden")
else:
    # a page the role may not use is not in the navigation at all, so its URL cannot open it
    allowed = [(file, title, url) for file, title, url in PAGES
               if (PAGE_DIR / file).exists() and auth.page_allowed(url)]
    navigation = st.navigation([
        st.Page(PAGE_DIR / file, title=t(title), url_path=url, default=number == 0)
        for number, (file, title, url) in enumerate(allowed)
    ])
# a database that cannot be served gives one sentence naming the file and what to do, on every page but the
# import (which can build a new one); checked at start and again whenever a new file is swapped in
from dashboard import data  # noqa: E402

problem = data.database_problem()
if problem is not None:
    key, params = problem
    st.error(t(key, **params))
    if getattr(navigation, "url_path", "") != "impor":
        st.stop()
elif data.database_outdated():
    st.warning(t("db_outdated", path=str(data.db_path())))
navigation.run()
