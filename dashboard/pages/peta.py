"""Peta: choropleth of one indicator per kelurahan for one period."""
from __future__ import annotations

import html

import streamlit as st

from dashboard import data
from dashboard.glossary import indicator_label, t
from dashboard.maps import WHO_CLASS_KEYS, WHO_STUNTING_BREAKS, YLORRD_5, Classes, choropleth_layer, classify, deck, legend_html, view_for

st.title(t("app_title"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()

periods = data.periods()
indicators = data.indicator_names()
col_indicator, col_period = st.columns(2)
indicator = col_indicator.selectbox(
    t("indicator"), indicators, index=indicators.index("stunting") if "stunting" in indicators else 0,
    format_func=indicator_label, key="map_indicator",
)
period = col_period.selectbox(t("period"), periods, key="map_period")

frame = data.kelurahan_indicator(indicator, period)
classes = Classes(WHO_STUNTING_BREAKS, YLORRD_5, tuple(t(key) for key in WHO_CLASS_KEYS))
pct = (frame["value"] * 100).map(lambda v: "–" if v != v else f"{v:.1f} %")
tooltip = {
    "nama": frame["nama"].map(html.escape),
    "kecamatan": frame["kecamatan_nama"].map(html.escape),
    "nilai": pct,
    "n": frame.apply(lambda r: "–" if r["denominator"] != r["denominator"] else f"{int(r['numerator'])}/{int(r['denominator'])}", axis=1),
}
layer = choropleth_layer(frame, classes, tooltip)
bounds = data.query("SELECT min(centroid_lon), min(centroid_lat), max(centroid_lon), max(centroid_lat) FROM kelurahan").iloc[0]
st.pydeck_chart(
    deck([layer], view_for(tuple(bounds)), "<b>{nama}</b><br/>{kecamatan}<br/>{nilai} ({n} " + t("children") + ")"),
    height=560,
    key="map",
)
index = classify(frame["value"], classes)
counts = [int((index == i).sum()) for i in range(len(classes.colours))]
st.markdown(legend_html(classes, counts, indicator_label(indicator)), unsafe_allow_html=True)
files = data.sources()
st.caption(
    f"{t('source')}: " + ", ".join(html.escape(f) for f in files["file_name"]) + f" · {t('period')} {period}"
)
