"""Profil Kelurahan: every indicator with its interval and ranks, the neighbourhood map, the trend with its 95 %
band, its posyandu and the 1000-HPK services that block complete access there. Opened from the map (session key
`profile_kode`) or chosen here. Numbers are written in the session's locale (pipelines.present.format); a rate
on fewer than small-n children is marked as unreliable, the rule publications suppress by.
"""
from __future__ import annotations

import hashlib
import html

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.markdown import literal
from dashboard import layers as L
from dashboard import maps as M
from pipelines.indicators import catalogue
from pipelines.present import format as fmt
from pipelines.present.classify import HIDDEN_COLOUR, NO_DATA_COLOUR, class_labels, default_method, make_classes
from pipelines.present.glossary import current_lang, indicator_choice, indicator_label, service_label, t

MAP_PAGE = "views/peta.py"
NEIGHBOURHOOD_HEIGHT = 380   # px
NEIGHBOURHOOD_WIDTH = 380    # px: the narrowest the map column is beside the indicator table

st.title(t("page_profile"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()

kelurahan = data.kelurahan_list()
periods = data.periods()
if kelurahan.empty or not periods:
    st.warning(t("no_data"))
    st.stop()
lang, small_n = current_lang(), data.small_n()

codes = kelurahan["kode"].tolist()
labels = {row.kode: f"{row.nama} – {row.kecamatan_nama} ({row.kode})" for row in kelurahan.itertuples()}
if st.session_state.get("profile_kode") not in labels:
    st.session_state["profile_kode"] = codes[0]
c1, c2 = st.columns([3, 1])
kode = c1.selectbox(t("choose_kelurahan"), codes, format_func=lambda k: labels.get(k, k), key="profile_kode")
period = c2.selectbox(t("period"), periods, key="profile_period", format_func=lambda p: fmt.period_words(p, lang))

info = data.kelurahan_info(kode).iloc[0]
st.subheader(literal(info["nama"]))  # names are shown as written: no Markdown link or markup from a file
st.caption(f"{t('kecamatan')}: {literal(info['kecamatan_nama'])} · {t('level_kabupaten')}: "
           f"{literal(info['kabupaten_nama'])} · {t('col_kode')} {kode}")


def number(value, decimals: int = 0) -> str:
    return fmt.number(value, decimals, lang)


def reliability(denominators: pd.Series) -> list[str]:
    """'kurang andal (n < 10)' where a rate rests on fewer than small-n, else empty."""
    return [t("reliability_small", n=small_n) if d == d and d is not None and d < small_n else "" for d in denominators]


def neighbourhood_map(indicator: str) -> None:
    """The kelurahan's kecamatan coloured by `indicator` in `period` (the map's classes), the kelurahan outlined;
    the view fits the kecamatan's outlines."""
    frame = L.level_indicator("kelurahan", indicator, period)
    frame = frame[frame["kecamatan_kode"] == info["kecamatan_kode"]].reset_index(drop=True)
    if frame.empty:
        return
    classes = make_classes(frame["value"], default_method(indicator), indicator)
    k = len(classes.colours)
    index = pd.Series(classes.index(frame["value"])).where(lambda s: s >= 0, k).to_numpy()
    palette = [M.hex_to_rgba(c) for c in classes.colours] + [M.hex_to_rgba(NO_DATA_COLOUR), M.hex_to_rgba(HIDDEN_COLOUR)]
    kecamatan = info["kecamatan_kode"]
    per_feature = L.feature_classes(L.view_codes("kelurahan", kecamatan), frame["kode"], index, missing=k)
    expression = L.fill_expression(palette, per_feature)
    layers = [L.choropleth_layer(L.view_file_url("kelurahan", lang, small_n, kecamatan), "@@=" + expression,
                                 hashlib.sha1(expression.encode()).hexdigest(), layer_id="neighbourhood")]
    small = frame.loc[(frame["denominator"] < small_n) & frame["value"].notna(), "kode"].tolist()
    bounds = L.extent("kelurahan", frame["kode"]) or data.map_bounds()
    view = M.view_for(bounds, height_px=NEIGHBOURHOOD_HEIGHT, width_px=NEIGHBOURHOOD_WIDTH)
    if small:
        spacing = M.HATCH_SPACING_PX * 360.0 / (512.0 * 2 ** float(view.zoom))
        layers.append(M.hatch_layer(M.hatch_lines(L.geometries("kelurahan"), small, spacing)))
    layers += M.selected_layers(L.geometries("kelurahan").get(kode))
    names = [{"lon": r.centroid_lon, "lat": r.centroid_lat, "text": str(r.nama), "size": 12,
              "priority": 2 if r.kode == kode else 1} for r in frame.itertuples() if r.centroid_lon == r.centroid_lon]
    layers.append(M.label_layer(M.fit_labels(names, view, NEIGHBOURHOOD_WIDTH, NEIGHBOURHOOD_HEIGHT), "neighbourhood_names"))
    tooltip = "{nama}\n{" + L.text_key(indicator, period) + "}" if L.view_file_has_texts("kelurahan", kecamatan) else "{nama}"
    st.pydeck_chart(M.deck(layers, view, tooltip), height=NEIGHBOURHOOD_HEIGHT, key="profile_map")
    counts = [int((index == i).sum()) for i in range(k + 1)]
    rows = [(colour, label, counts[i]) for i, (colour, label) in enumerate(zip(classes.colours, class_labels(classes, t, lang)))]
    rows.append((NO_DATA_COLOUR, t("legend_no_data"), counts[k]))
    marks = [(M.hatch_swatch(), t("legend_uncertain", n=small_n) + f" ({len(small)})"), (M.outline_swatch(), str(info["nama"]))]
    st.markdown(M.legend_html(indicator_label(indicator), rows, marks), unsafe_allow_html=True)


# --- all indicators in the period, beside the neighbourhood map ----------------------------------------
all_rows = data.kelurahan_indicators(kode)
trend_options = catalogue.ordered_keys(all_rows["indicator"].unique().tolist() or data.indicator_names())
table_col, map_col = st.columns([3, 2])
with table_col:
    st.markdown(f"#### {t('profile_indicators', period=fmt.period_words(period, lang))}")
    now = all_rows[all_rows["period"] == period]
    order = {key: i for i, key in enumerate(catalogue.ordered_keys(now["indicator"]))}  # stunting first, by group
    now = now.assign(_order=now["indicator"].map(order)).sort_values("_order")
    if now.empty:
        st.info(t("no_data"))
    else:
        table = pd.DataFrame({
            t("col_indicator"): now["indicator"].map(indicator_label),
            t("value"): [fmt.percent(v, 1, lang) for v in now["value"]],
            t("col_ci"): [fmt.share_range(lo, hi, 1, lang) for lo, hi in zip(now["ci_low"], now["ci_high"])],
            t("col_numerator"): [number(v) for v in now["numerator"]],
            t("col_denominator"): [f"{number(v)} {catalogue.noun(i, lang)}" for i, v in zip(now["indicator"], now["denominator"])],
            t("col_reliability"): reliability(now["denominator"]),
            t("col_rank_kab"): [f"{number(r)} / {number(n)}" for r, n in zip(now["rank_kabupaten"], now["n_kabupaten"])],
            t("col_rank_kec"): [f"{number(r)} / {number(n)}" for r, n in zip(now["rank_kecamatan"], now["n_kecamatan"])],
        })
        st.dataframe(table, hide_index=True, key="profile_indicator_table")
        st.caption(t("rank_note"))

# --- trend ------------------------------------------------------------------------------------------
default = trend_options.index(catalogue.HEADLINE) if catalogue.HEADLINE in trend_options else 0
with map_col:
    trend_indicator = st.selectbox(t("trend_indicator"), trend_options, index=default,
                                   format_func={k: indicator_choice(k) for k in trend_options}.get,
                                   key="profile_trend_indicator")
    neighbourhood_map(trend_indicator)

st.markdown(f"#### {t('profile_trend')}")
trend = data.area_trend(kode, info["kecamatan_kode"], info["kabupaten_kode"], trend_indicator)
if not trend.empty:
    import altair as alt

    names = {"kelurahan": str(info["nama"]), "kecamatan": f"{t('level_kecamatan')} {info['kecamatan_nama']}",
             "kabupaten": str(info["kabupaten_nama"])}
    long = trend.assign(area=trend["level"].map(names), pct=trend["value"] * 100, low=trend["ci_low"] * 100,
                        high=trend["ci_high"] * 100, when=trend["period"].map(lambda p: fmt.period_words(p, lang)))
    long["value_text"] = [fmt.percent(v, 1, lang) for v in trend["value"]]
    long["ci_text"] = [fmt.share_range(a, b, 1, lang) for a, b in zip(trend["ci_low"], trend["ci_high"])]
    order = list(dict.fromkeys(long.sort_values("period")["when"]))
    x = alt.X("when:N", sort=order, title=t("period"), axis=alt.Axis(labelAngle=0))
    colour = alt.Color("area:N", title=None, legend=alt.Legend(orient="bottom"))
    band = alt.Chart(long).mark_area(opacity=0.18).encode(x=x, y=alt.Y("low:Q", title="%"), y2="high:Q", color=colour)
    line = alt.Chart(long).mark_line(point=True).encode(
        x=x, y="pct:Q", color=colour,
        tooltip=[alt.Tooltip("area:N", title=t("col_level")), alt.Tooltip("when:N", title=t("period")),
                 alt.Tooltip("value_text:N", title=t("value")), alt.Tooltip("ci_text:N", title=t("col_ci"))])
    locale = fmt.vega_locale(lang)
    st.altair_chart((band + line).properties(height=300).configure(locale={"number": locale}),
                    width="stretch", key="profile_trend_chart")
    st.caption(t("trend_ci_note"))
    wide = long.pivot_table(index="period", columns="area", values="value_text", aggfunc="first").reset_index()
    wide["period"] = wide["period"].map(lambda p: fmt.period_words(p, lang))   # in time order, as words
    st.dataframe(wide.rename(columns={"period": t("col_period")}), hide_index=True, key="profile_trend_table")

# --- posyandu ---------------------------------------------------------------------------------------
st.markdown(f"#### {t('profile_posyandu', period=fmt.period_words(period, lang))}")
posyandu = data.posyandu_of_kelurahan(kode, period)
if posyandu.empty:
    st.info(t("no_posyandu"))
else:
    share = posyandu["stunted"] / posyandu["valid"].where(posyandu["valid"] > 0)
    st.dataframe(pd.DataFrame({
        t("col_posyandu"): posyandu["nama"],
        t("col_children"): [number(v) for v in posyandu["children"]],
        t("col_stunted"): [number(v) for v in posyandu["stunted"]],
        t("col_stunting_pct"): [number(v * 100, 1) for v in share],
        t("col_reliability"): reliability(posyandu["valid"]),
    }), hide_index=True, key="profile_posyandu_table")

# --- 1000-HPK services ------------------------------------------------------------------------------
st.markdown(f"#### {t('profile_services', period=fmt.period_words(period, lang))}")
services = data.service_coverage(kode, period)
bottleneck = data.service_bottleneck(kode, period)
if services.empty and bottleneck.empty:
    st.info(t("no_services"))
else:
    blocked = dict(zip(bottleneck["service"], bottleneck["targets_blocked"])) if not bottleneck.empty else {}
    if not bottleneck.empty:
        top = bottleneck.iloc[0]
        targets = data.query(
            "SELECT denominator FROM indicators WHERE level = 'kelurahan' AND kode = ? AND period = ?"
            " AND indicator = 'hpk_complete_access'", kode, period)
        total = number(targets["denominator"].iloc[0]) if len(targets) else "–"
        st.warning(t("bottleneck_main", service=service_label(top["service"]), blocked=number(top["targets_blocked"]),
                     targets=total))
    services = services.assign(blocked=services["service"].map(blocked).fillna(0).astype(int))
    services = services.sort_values(["blocked", "value"], ascending=[False, True])
    st.dataframe(pd.DataFrame({
        t("col_service"): services["service"].map(service_label),
        t("col_targets_blocked"): [number(v) for v in services["blocked"]],
        t("col_coverage_pct"): [number(v * 100, 1) for v in services["value"]],
        t("col_ci"): [fmt.share_range(lo, hi, 1, lang) for lo, hi in zip(services["ci_low"], services["ci_high"])],
        t("col_numerator"): [number(v) for v in services["numerator"]],
        t("col_denominator"): [number(v) for v in services["denominator"]],
        t("col_reliability"): reliability(services["denominator"]),
    }), hide_index=True, key="profile_services_table")

# --- documents ------------------------------------------------------------------------------------------
st.markdown(f"#### {t('profile_documents')}")


def _document_context():
    from pipelines.outputs import document

    with data.connect() as con:
        return document.context(con, period, current_lang())


def _profile_pdf() -> bytes:
    from pipelines.outputs import profile_pdf

    with data.connect() as con:
        return profile_pdf.profile_pdf(con, kode, period, _document_context())


def _scorecard_pdf() -> bytes:
    from pipelines.outputs import scorecard

    with data.connect() as con:
        return scorecard.scorecard_pdf(con, kode, period, _document_context())


def _scorecards_zip() -> bytes:
    from pipelines.outputs import scorecard

    with data.connect() as con:
        return scorecard.scorecards_zip(con, period, _document_context())


d1, d2, d3 = st.columns(3)
d1.download_button(t("dl_profile_pdf"), data=_profile_pdf, file_name=f"profil_{kode}_{period}.pdf",
                   mime="application/pdf", key="profile_dl_pdf", on_click="ignore")
d2.download_button(t("dl_scorecard_pdf"), data=_scorecard_pdf, file_name=f"scorecard_{period}_{kode}.pdf",
                   mime="application/pdf", key="profile_dl_scorecard", on_click="ignore")
d3.download_button(t("dl_scorecards_zip"), data=_scorecards_zip, file_name=f"scorecard_konvergensi_desa_{period}.zip",
                   mime="application/zip", key="profile_dl_scorecards", on_click="ignore")

if st.button(t("back_to_map"), key="profile_back"):
    st.switch_page(MAP_PAGE)
