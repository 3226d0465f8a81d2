"""Peta: choropleth of any indicator per kelurahan, for one period or the change between two periods.

Controls: indicator, value/change, period(s), kecamatan filter, classification and number of classes, hide
small-n rates, layers (kecamatan outlines and names, posyandu, burden circles, kelurahan names), basemap.
Clicking a kelurahan selects it; a button then opens its profile.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import auth, data
from pipelines.indicators import catalogue
from pipelines.present import format as fmt
from pipelines.present.classify import (
    HIDDEN_COLOUR, NO_DATA_COLOUR, class_labels, default_method, make_classes, methods_for,
)
from pipelines.present.glossary import current_lang, indicator_choice, indicator_label, indicator_noun, t
from dashboard.maps import (
    BURDEN_FILL, POSYANDU_FILL, choropleth_layer, circle_layer, deck, features, fill_colours,
    kecamatan_outline_layer, legend_html, proportional_radius, small_n_marker_layer, small_n_outline_layer,
    swatch, text_layer, view_for,
)
from dashboard.layers import (
    INLINE_MAX, LABELS_MAX, LEVELS, SMALL_MARKERS_MAX, feature_classes, geometries as level_geometries, layer_codes,
    level_change, level_indicator, static_choropleth_layer, static_layer_url,
)
from dashboard.maps import hex_to_rgba

PROFILE_PAGE = "views/profil.py"
ALL = "__all__"

st.title(t("page_map"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()

periods = data.periods()
indicators = catalogue.ordered_keys(data.indicator_names())  # grouped, stunting first
if not periods or not indicators:
    st.warning(t("no_data"))
    st.stop()
small_n = data.small_n()
lang = current_lang()


def period_text(period: str) -> str:
    return fmt.period_words(period, lang)


# --- controls -----------------------------------------------------------------------------------------
c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 2])
indicator = c1.selectbox(
    t("indicator"), indicators,
    index=indicators.index(catalogue.HEADLINE) if catalogue.HEADLINE in indicators else 0,
    format_func={k: indicator_choice(k) for k in indicators}.get, key="map_indicator",
)
mode = c2.radio(t("map_mode"), ["level", "change"], format_func=lambda m: t(f"mode_{m}"), key="map_mode")
change = mode == "change"
if change:
    ordered = sorted(periods)
    # the default "from" follows the read model's one comparison rule (stated in the help text)
    compared = data.comparison_period(st.session_state.get("map_period_to", ordered[-1])) or ordered[0]
    period_from = c3.selectbox(t("period_from"), ordered, index=ordered.index(compared), key="map_period_from",
                               format_func=period_text, help=t("compare_rule"))
    period = c3.selectbox(t("period_to"), ordered, index=len(ordered) - 1, key="map_period_to",
                          format_func=period_text)
else:
    period_from = None
    period = c3.selectbox(t("period"), periods, key="map_period", format_func=period_text)
kecamatan = data.kecamatan_list()
kec_options = [ALL, *kecamatan["kode"].tolist()]
kec_names = dict(zip(kecamatan["kode"], kecamatan["nama"]))
kec_choice = c4.selectbox(t("kecamatan"), kec_options, format_func=lambda k: t("all") if k == ALL else kec_names.get(k, k),
                          key="map_kecamatan")
level = c5.selectbox(t("map_level"), LEVELS, format_func={lv: t(f"level_{lv}") for lv in LEVELS}.get, key="map_level")

methods = methods_for(indicator, change)
d1, d2, d3 = st.columns([3, 2, 3])
method_default = default_method(indicator, change)
method = d1.selectbox(t("classification"), methods, index=methods.index(method_default),
                      format_func=lambda m: t(f"method_{m}"), key="map_method_" + "-".join(methods))
k = d2.slider(t("n_classes"), 3, 7, 5, key="map_k", disabled=method in ("who", "change"))
hide_small = d3.checkbox(t("hide_small_n", n=small_n), key="map_hide_small")

with st.expander(t("layers"), expanded=True):
    l1, l2, l3, l4, l5 = st.columns(5)
    show_kecamatan = l1.checkbox(t("layer_kecamatan"), value=True, key="layer_kecamatan")
    show_posyandu = l2.checkbox(t("layer_posyandu"), value=False, key="layer_posyandu")
    show_burden = l3.checkbox(t("layer_burden"), value=False, key="layer_burden")
    show_labels = l4.checkbox(t("layer_labels"), value=False, key="layer_labels")
    basemap = l5.checkbox(t("basemap"), value=False, key="map_basemap")

# --- data -----------------------------------------------------------------------------------------------
frame = level_change(level, indicator, period_from, period) if change else level_indicator(level, indicator, period)
if kec_choice != ALL and level != "kabupaten":
    frame = frame[frame["kecamatan_kode"] == kec_choice]
frame = frame.reset_index(drop=True)
denominators = frame[["denominator", "denominator_from"]].min(axis=1) if change else frame["denominator"]
small = denominators.notna() & (denominators < small_n)
hidden = small & hide_small
values = frame["value"].where(~hidden)
classes = make_classes(values, method, indicator, k=k, change=change)


children_word, hidden_text = indicator_noun(indicator), t("tt_hidden", n=small_n)
text_columns = {c: frame[c].tolist() for c in ("value", "ci_low", "ci_high", "numerator", "denominator",
                                               *(("value_from", "value_to") if change else ()))}
hidden_list = hidden.tolist()


def row_texts(row: int) -> tuple[str, str, str]:
    """Tooltip texts of `frame` row `row`: value (with from → to for a change), 95 % CI, numerator/denominator."""
    r = {name: column[row] for name, column in text_columns.items()}
    if hidden_list[row]:
        value, ci = hidden_text, ""
    else:
        value = fmt.points(r["value"], lang=lang) if change else fmt.percent(r["value"], lang=lang)
        if change and not pd.isna(r["value_from"]):
            value = f"{value} ({fmt.percent(r['value_from'], lang=lang)} → {fmt.percent(r['value_to'], lang=lang)})"
        ci = "" if pd.isna(r["ci_low"]) else fmt.share_range(r["ci_low"], r["ci_high"], lang=lang)
    n = "" if pd.isna(r["denominator"]) else \
        f"{fmt.number(r['numerator'], lang=lang)}/{fmt.number(r['denominator'], lang=lang)} {children_word}"
    return value, ci, n


# Large layers (a province, the country) come from a static file written once per database version; only the
# colours travel with a rerun (dashboard/layers.py). Small ones are sent inline with their values in the tooltip.
static = len(frame) > INLINE_MAX
if static:  # no per-feature texts or colours: tens of thousands of them cost seconds per rerun
    palette = [hex_to_rgba(c) for c in classes.colours] + [hex_to_rgba(NO_DATA_COLOUR), hex_to_rgba(HIDDEN_COLOUR)]
    class_index = np.array(classes.index(values), dtype=np.int64)
    class_index[class_index < 0] = len(classes.colours)
    class_index[hidden.to_numpy()] = len(classes.colours) + 1
    per_feature = feature_classes(layer_codes(level), frame["kode"], class_index, missing=len(classes.colours))
    layers = [static_choropleth_layer(static_layer_url(level), palette, per_feature)]
    if 0 < small.sum() <= SMALL_MARKERS_MAX:  # thousands of markers would hide the map: the legend counts them
        layers.append(small_n_marker_layer(frame[small]))
else:
    fills = fill_colours(classes, values, hidden)
    texts = pd.DataFrame([row_texts(row) for row in range(len(frame))], columns=["nilai", "ci", "n"], dtype=object)
    properties = {"nama": frame["nama"], "kecamatan": frame["kecamatan_nama"], **{c: texts[c] for c in texts}}
    geometries = level_geometries(level)
    feature_list = features(geometries, frame, fills, properties)
    layers = [choropleth_layer(feature_list)]
    small_features = [f for f, s in zip(features(geometries, frame, fills, {}), small) if s] if small.any() else []
    if small_features:
        layers.append(small_n_outline_layer(small_features))
        layers.append(small_n_marker_layer(frame[small]))

shapes = data.kecamatan_shapes() if level == "kelurahan" else data.kecamatan_shapes().iloc[0:0]
if kec_choice != ALL:
    shapes = shapes[shapes["kode"] == kec_choice]
if show_kecamatan and len(shapes):
    import json

    # over a static (province-size) layer, kecamatan borders doubled the first draw: filter a kecamatan to see them
    if not static:
        layers.append(kecamatan_outline_layer(shapes, [json.loads(g) if isinstance(g, str) else None for g in shapes["geojson"]]))
    if len(shapes) <= LABELS_MAX:
        layers.append(text_layer(shapes, "label_lon", "label_lat", "nama", "kecamatan_names", size=16))

bounds = (frame["centroid_lon"].min(), frame["centroid_lat"].min(), frame["centroid_lon"].max(), frame["centroid_lat"].max()) \
    if len(frame) else data.map_bounds()
span_m = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.005) * 111_000
cell_m = span_m / max(len(frame), 1) ** 0.5
extra_legend: list[tuple[str, str]] = []
if show_burden:
    stunting = data.kelurahan_indicator(catalogue.HEADLINE, period)
    stunting = stunting[stunting["kode"].isin(frame["kode"])]
    radius = proportional_radius(stunting["numerator"], cell_m * 0.45)
    layers.append(circle_layer(stunting, "centroid_lon", "centroid_lat", radius, "burden", BURDEN_FILL))
    top = int(stunting["numerator"].max()) if stunting["numerator"].notna().any() else 0
    extra_legend.append((swatch("rgba(84,39,143,0.6)", "circle"), t("burden_legend", max=top)))
if show_posyandu:
    posyandu = data.posyandu_children(period)
    posyandu = posyandu[posyandu["kode"].isin(frame["kode"])]
    radius = proportional_radius(posyandu["children"], cell_m * 0.2)
    layers.append(circle_layer(posyandu, "lon", "lat", radius, "posyandu", POSYANDU_FILL))
    top = int(posyandu["children"].max()) if len(posyandu) else 0
    extra_legend.append((swatch("rgb(0,109,44)", "circle"), t("posyandu_legend", max=top)))
if show_labels:
    layers.append(text_layer(frame, "centroid_lon", "centroid_lat", "nama", "kelurahan_names", size=11))

tooltip = "{nama}\n" + t("kecamatan") + ": {kecamatan}\n" + t("tt_value") + ": {nilai}\n" + t("tt_ci") + ": {ci}\n{n}"
if static:
    tooltip = "{nama}\n" + t("tt_static")
chart_col, legend_col = st.columns([4, 1])
with chart_col:
    event = st.pydeck_chart(
        deck(layers, view_for(tuple(float(b) for b in bounds)), tooltip, "light" if basemap else None),
        height=560, key="map", on_select="rerun", selection_mode="single-object",
    )

# --- legend -------------------------------------------------------------------------------------------
counts = classes.counts(values)
rows = [(colour, label, count) for colour, label, count in zip(classes.colours, class_labels(classes, t, lang), counts)]
no_value = int((frame["value"].isna() & ~hidden).sum())
rows.append((NO_DATA_COLOUR, t("no_data"), no_value))
if hide_small:
    rows.append((HIDDEN_COLOUR, t("hidden_small_n", n=small_n), int(hidden.sum())))
marker = ('<span style="display:inline-block;width:14px;height:14px;border:2px dashed #141414;margin-right:6px;'
          'vertical-align:middle;background:radial-gradient(circle,#fff 40%,#141414 45%,transparent 55%)"></span>')
extra_legend.insert(0, (marker, t("small_n_marked", n=small_n) + f" ({int(small.sum())})"))
title = f"{indicator_label(indicator)} – {t('change') if change else t('value')}"
legend_col.markdown(legend_html(title, rows, extra_legend), unsafe_allow_html=True)
legend_col.caption(t("kelurahan_shown", shown=len(frame), with_value=int(values.notna().sum())))

# --- source caption -----------------------------------------------------------------------------------
files = data.sources()
imported = fmt.datetime_words(str(files["imported_at"].max()), lang) if len(files) else fmt.DASH
shown_period = f"{period_text(period_from)} → {period_text(period)}" if change else period_text(period)
st.caption(t("caption_map", source=t("source"), files=data.sources_summary(lang),
             imported=imported, period_label=t("period"), period=shown_period))

# --- selection → profile ------------------------------------------------------------------------------
selected = None
try:
    objects = event.selection.objects.get("kelurahan", []) if event is not None and level == "kelurahan" else []
    if objects:
        selected = objects[0].get("properties", {}).get("kode")
except AttributeError:
    selected = None
if selected is None:
    selected = st.session_state.get("map_selected_kode")
if selected:
    st.session_state["map_selected_kode"] = selected
    names = dict(zip(frame["kode"], frame["nama"]))
    if static and selected in names:  # static layers carry no values: show the selected one here
        st.caption(f"{names[selected]}: " + "  ".join(row_texts(int(frame.index[frame["kode"] == selected][0]))))
    if auth.page_allowed("profil") and st.button(t("open_profile", name=names.get(selected, selected)),
                                                 key="map_open_profile"):
        st.session_state["profile_kode"] = selected
        st.switch_page(PROFILE_PAGE)
else:
    st.caption(t("click_hint"))

# --- values table -------------------------------------------------------------------------------------
# on demand: a table widget (even in a closed expander) loads the data-grid code with the page and delayed the
# first draw of the map by ~0.4 s (Jawa Timur, benchmarks/map_render.py)
if st.toggle(t("table_values"), key="map_show_table"):
    table = pd.DataFrame({
        t("col_kode"): frame["kode"],
        t("col_nama"): frame["nama"],
        t("kecamatan"): frame["kecamatan_nama"],
        t("col_change") if change else t("col_value"): (values * 100).round(1),
        t("col_ci_low"): (frame["ci_low"].where(~hidden) * 100).round(1),
        t("col_ci_high"): (frame["ci_high"].where(~hidden) * 100).round(1),
        t("col_numerator"): frame["numerator"].where(~hidden).astype("Int64"),
        t("col_denominator"): frame["denominator"].astype("Int64"),
    })
    st.dataframe(table, hide_index=True, key="map_table")
