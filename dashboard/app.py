"""peta-stunting dashboard: navigation only. Run: peta-stunting dashboard --db data/demo.duckdb"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # so `dashboard` imports under `streamlit run`

from dashboard.glossary import LANGS, t  # noqa: E402

st.set_page_config(page_title="Peta Stunting", layout="wide")

with st.sidebar:
    st.selectbox(
        "Bahasa / Language", LANGS, key="lang", format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code]
    )

PAGES = Path(__file__).resolve().parent / "pages"
navigation = st.navigation([st.Page(PAGES / "peta.py", title=t("page_map"), url_path="peta", default=True)])
navigation.run()
