"""Profil Kelurahan: every indicator with its interval and ranks, the trend, its posyandu and the 1000-HPK
services that block complete access there. Opened from the map (session key `profile_kode`) or chosen here.
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard import data
from pipelines.indicators import catalogue
from pipelines.present import format as fmt
from pipelines.present.glossary import current_lang, indicator_choice, indicator_label, service_label, t

MAP_PAGE = "views/peta.py"

st.title(t("page_profile"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()

kelurahan = data.kelurahan_list()
periods = data.periods()
if kelurahan.empty or not periods:
    st.warning(t("no_data"))
    st.stop()

codes = kelurahan["kode"].tolist()
labels = {row.kode: f"{row.nama} – {row.kecamatan_nama} ({row.kode})" for row in kelurahan.itertuples()}
if st.session_state.get("profile_kode") not in labels:
    st.session_state["profile_kode"] = codes[0]
c1, c2 = st.columns([3, 1])
kode = c1.selectbox(t("choose_kelurahan"), codes, format_func=lambda k: labels.get(k, k), key="profile_kode")
lang = current_lang()
period = c2.selectbox(t("period"), periods, key="profile_period", format_func=lambda p: fmt.period_words(p, lang))

info = data.kelurahan_info(kode).iloc[0]
st.subheader(html.escape(str(info["nama"])))
st.caption(f"{t('kecamatan')}: {info['kecamatan_nama']} · {t('level_kabupaten')}: {info['kabupaten_nama']} · {t('col_kode')} {kode}")

# --- all indicators in the period -------------------------------------------------------------------
all_rows = data.kelurahan_indicators(kode)
st.markdown(f"#### {t('profile_indicators', period=fmt.period_words(period, lang))}")
now = all_rows[all_rows["period"] == period]
order = {key: i for i, key in enumerate(catalogue.ordered_keys(now["indicator"]))}  # stunting first, by group
now = now.assign(_order=now["indicator"].map(order)).sort_values("_order")
if now.empty:
    st.info(t("no_data"))
else:
    table = pd.DataFrame({
        t("col_indicator"): now["indicator"].map(indicator_label),
        t("value"): [fmt.percent(v, lang=lang) for v in now["value"]],
        t("col_ci"): [fmt.share_range(lo, hi, lang=lang) for lo, hi in zip(now["ci_low"], now["ci_high"])],
        t("col_numerator"): [fmt.number(v, lang=lang) for v in now["numerator"]],
        t("col_denominator"): [f"{fmt.number(v, lang=lang)} {catalogue.noun(i, lang)}"
                               for i, v in zip(now["indicator"], now["denominator"])],
        t("col_rank_kab"): [f"{int(r)} / {int(n)}" for r, n in zip(now["rank_kabupaten"], now["n_kabupaten"])],
        t("col_rank_kec"): [f"{int(r)} / {int(n)}" for r, n in zip(now["rank_kecamatan"], now["n_kecamatan"])],
    })
    st.dataframe(table, hide_index=True, key="profile_indicator_table")
    st.caption(t("rank_note"))

# --- trend ------------------------------------------------------------------------------------------
st.markdown(f"#### {t('profile_trend')}")
trend_options = catalogue.ordered_keys(all_rows["indicator"].unique().tolist() or data.indicator_names())
default = trend_options.index(catalogue.HEADLINE) if catalogue.HEADLINE in trend_options else 0
trend_indicator = st.selectbox(t("trend_indicator"), trend_options, index=default,
                               format_func={k: indicator_choice(k) for k in trend_options}.get,
                               key="profile_trend_indicator")
trend = data.area_trend(kode, info["kecamatan_kode"], info["kabupaten_kode"], trend_indicator)
if not trend.empty:
    names = {"kelurahan": str(info["nama"]), "kecamatan": f"{t('level_kecamatan')} {info['kecamatan_nama']}",
             "kabupaten": str(info["kabupaten_nama"])}
    wide = trend.assign(area=trend["level"].map(names), pct=(trend["value"] * 100).round(1)).pivot_table(
        index="period", columns="area", values="pct", aggfunc="first")
    st.line_chart(wide, x_label=t("period"), y_label="%")
    st.dataframe(wide.reset_index().rename(columns={"period": t("col_period")}), hide_index=True, key="profile_trend_table")

# --- posyandu ---------------------------------------------------------------------------------------
st.markdown(f"#### {t('profile_posyandu', period=fmt.period_words(period, lang))}")
posyandu = data.posyandu_of_kelurahan(kode, period)
if posyandu.empty:
    st.info(t("no_posyandu"))
else:
    share = posyandu["stunted"] / posyandu["valid"].where(posyandu["valid"] > 0)
    st.dataframe(pd.DataFrame({
        t("col_posyandu"): posyandu["nama"],
        t("col_children"): posyandu["children"],
        t("col_stunted"): posyandu["stunted"],
        t("col_stunting_pct"): [fmt.number(v * 100, 1, lang) for v in share],
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
        total = int(targets["denominator"].iloc[0]) if len(targets) else "–"
        st.warning(t("bottleneck_main", service=service_label(top["service"]), blocked=int(top["targets_blocked"]),
                     targets=total))
    services = services.assign(blocked=services["service"].map(blocked).fillna(0).astype(int))
    services = services.sort_values(["blocked", "value"], ascending=[False, True])
    st.dataframe(pd.DataFrame({
        t("col_service"): services["service"].map(service_label),
        t("col_targets_blocked"): services["blocked"],
        t("col_coverage_pct"): [fmt.number(v * 100, 1, lang) for v in services["value"]],
        t("col_ci"): [fmt.share_range(lo, hi, lang=lang) for lo, hi in zip(services["ci_low"], services["ci_high"])],
        t("col_numerator"): services["numerator"].astype("Int64"),
        t("col_denominator"): services["denominator"].astype("Int64"),
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
