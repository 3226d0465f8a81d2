"""Kualitas Data: the checks of WHO's Anthro Survey Analyser per kelurahan and per posyandu, the import's
quarantine (with a CSV download that carries no names and no NIK), and posyandu outside their kelurahan.
"""
from __future__ import annotations


import pandas as pd
import streamlit as st

from dashboard import data
from pipelines.present import format as fmt
from pipelines.present.glossary import current_lang, t
from dashboard.layers import extent
from dashboard.maps import deck, union_bounds, view_for
from pipelines.outputs import exports

ALL = "__all__"
SD_RANGE = (0.8, 1.2)

st.title(t("page_quality"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()
st.caption(t("quality_intro"))

periods = data.periods()
kecamatan = data.kecamatan_list()
kec_names = dict(zip(kecamatan["kode"], kecamatan["nama"]))
c1, c2, c3 = st.columns(3)
period_choice = c1.selectbox(t("period"), [ALL, *periods], format_func=lambda p: t("all_periods") if p == ALL else p,
                             key="quality_period")
period = None if period_choice == ALL else period_choice
kec_choice = c2.selectbox(t("kecamatan"), [ALL, *kecamatan["kode"].tolist()],
                          format_func=lambda k: t("all") if k == ALL else kec_names.get(k, k), key="quality_kecamatan")
group = c3.radio(t("quality_group"), ["kelurahan", "posyandu"], format_func=lambda g: t(f"group_{g}"),
                 key="quality_group", horizontal=True)
kelurahan = data.kelurahan_list()
if kec_choice != ALL:
    kelurahan = kelurahan[kelurahan["kecamatan_kode"] == kec_choice]
kel_codes = set(kelurahan["kode"])
kel_names = dict(zip(kelurahan["kode"], kelurahan["nama"]))


lang = current_lang()


def pct(series: pd.Series) -> list[str]:
    """Shares 0..1 as percent numbers in the session's locale (22,8 in id, 22.8 in en)."""
    return [fmt.number(v * 100, 1, lang) for v in pd.to_numeric(series, errors="coerce")]


def num(series: pd.Series, decimals: int = 0) -> list[str]:
    """Numbers in the session's locale (thousands and decimal separators)."""
    return [fmt.number(v, decimals, lang) for v in pd.to_numeric(series, errors="coerce")]


def bars(frame: pd.DataFrame, x: str, x_title: str, y_title: str | None = None, colour: str | None = None):
    """A bar chart whose axes write numbers in the session's locale."""
    import altair as alt

    encoding = {"x": alt.X(f"{x}:O", title=x_title), "y": alt.Y("value:Q", title=y_title)}
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=None)
        encoding["xOffset"] = alt.XOffset(f"{colour}:N")
    return alt.Chart(frame).mark_bar().encode(**encoding).configure(locale={"number": fmt.vega_locale(lang)})


# --- coverage against sasaran -----------------------------------------------------------------------
st.markdown(f"#### {t('quality_coverage')}")
if not data.table_exists("sasaran"):
    st.info(t("missing_sasaran"))
coverage = data.coverage_against_sasaran(period)
coverage = coverage[coverage["kode"].isin(kel_codes)]
st.dataframe(pd.DataFrame({
    t("col_kode"): coverage["kode"],
    t("col_nama"): coverage["nama"],
    t("kecamatan"): coverage["kecamatan_nama"],
    t("col_children"): num(coverage["children"]),
    t("col_target_children"): num(coverage["target_children"]),
    t("col_coverage_pct"): pct(coverage["coverage"]),
}), hide_index=True, key="quality_coverage_table")

# --- WHO Anthro checks per kelurahan / posyandu -----------------------------------------------------
st.markdown(f"#### {t('quality_table', group=t('group_' + group).lower())}")
checks = data.quality_summary(group, period)
if group == "kelurahan":
    checks = checks[checks["key"].isin(kel_codes)]
    names = checks["key"].map(kel_names)
else:
    if not data.table_exists("posyandu"):
        st.info(t("missing_posyandu"))
    posyandu = data.posyandu_names()
    posyandu = posyandu[posyandu["kode"].isin(kel_codes)]
    checks = checks[checks["key"].isin(set(posyandu["posyandu_id"]))]
    names = checks["key"].map(dict(zip(posyandu["posyandu_id"], posyandu["nama"])))
sd_columns = ["sd_haz", "sd_waz", "sd_whz"]
# judged on the SD as shown (2 decimals), so that 1.20 is never flagged
outside = checks[sd_columns].round(2).apply(lambda col: (col < SD_RANGE[0]) | (col > SD_RANGE[1])).any(axis=1)
st.dataframe(pd.DataFrame({
    t("col_kode") if group == "kelurahan" else t("col_posyandu"): checks["key"],
    t("col_nama"): names,
    t("col_children"): num(checks["children"]),
    t("col_measurements"): num(checks["measurements"]),
    t("col_implausible"): pct(checks["implausible"]),
    t("col_sd_haz"): num(checks["sd_haz"], 2),
    t("col_sd_waz"): num(checks["sd_waz"], 2),
    t("col_sd_whz"): num(checks["sd_whz"], 2),
    t("col_sd_flag"): outside.map({True: t("yes"), False: t("no")}),
    t("col_missing_position"): pct(checks["missing_position"]),
    t("col_height_0"): pct(checks["height_terminal0"]),
    t("col_weight_0"): pct(checks["weight_terminal0"]),
    t("col_dps_height"): num(checks["dps_height"], 1),
    t("col_dps_weight"): num(checks["dps_weight"], 1),
    t("col_age_heaping"): num(checks["age_heaping"], 2),
}), hide_index=True, key="quality_checks_table")

# --- digit preference and age heaping charts --------------------------------------------------------
kel_choice = st.selectbox(t("kelurahan"), [ALL, *kelurahan["kode"].tolist()],
                          format_func=lambda k: t("all") if k == ALL else f"{kel_names.get(k, k)} ({k})",
                          key="quality_kelurahan")
chosen = None if kel_choice == ALL else kel_choice
d1, d2 = st.columns(2)
digits = data.terminal_digits(period, chosen)
d1.markdown(f"##### {t('digits_title')}")
digits_long = digits.rename(columns={"height": t("height"), "weight": t("weight")}).melt(
    "digit", var_name="what", value_name="value")
d1.altair_chart(bars(digits_long, "digit", t("digit"), colour="what"), width="stretch", key="quality_digits")
ages = data.age_distribution(period, chosen)
d2.markdown(f"##### {t('age_title')}")
ages_long = ages.set_index("age_months").iloc[:, :1].rename(columns=lambda c: "value").reset_index()
d2.altair_chart(bars(ages_long, "age_months", t("age_months"), t("col_measurements")), width="stretch",
                key="quality_ages")

# --- quarantine -------------------------------------------------------------------------------------
st.markdown(f"#### {t('quarantine_title')}")
counts = data.quarantine_counts()
if counts.empty:
    st.info(t("quarantine_empty"))
else:
    from pipelines.inputs.reasons import REASONS

    def reason_text(code: str) -> str:
        pair = REASONS.get(code)
        return code if pair is None else (pair[0] if lang == "id" else pair[1])

    st.dataframe(pd.DataFrame({
        t("col_kind"): counts["kind"].map(lambda k: t(f"kind_{k}")),
        t("col_reason"): counts["reason_code"].map(reason_text),
        t("col_rows"): num(counts["rows"]),
    }), hide_index=True, key="quality_quarantine_table")
    csv = exports.csv_bytes(data.quarantine_rows())  # formulas neutralised like every export
    st.download_button(t("quarantine_download"), csv, file_name="karantina.csv", mime="text/csv",
                       key="quality_quarantine_download")

# --- posyandu outside their declared kelurahan ------------------------------------------------------
st.markdown(f"#### {t('recon_title')}")
recon = data.posyandu_reconciliation()
has_posyandu = data.table_exists("posyandu")
if not has_posyandu:
    st.info(t("missing_posyandu"))
if kec_choice != ALL and not recon.empty:
    recon = recon[recon["kode_declared"].isin(kel_codes) | recon["kode_spatial"].isin(kel_codes)]
if recon.empty and has_posyandu:
    st.success(t("recon_empty"))
elif recon.empty:
    pass
else:
    st.dataframe(pd.DataFrame({
        t("col_posyandu"): recon["nama"],
        t("col_status"): recon["status"].map(lambda s: t(f"status_{s}")),
        t("col_declared"): recon["nama_declared"].fillna(recon["kode_declared"]),
        t("col_spatial"): recon["nama_spatial"].fillna("–"),
        t("col_distance"): num(recon["distance_m"]),
    }), hide_index=True, key="quality_recon_table")
    located = recon.dropna(subset=["lon", "lat"])
    if len(located):
        import pydeck as pdk

        geometries = data.kelurahan_geometries()
        declared = set(located["kode_declared"])
        outline = [{"type": "Feature", "geometry": g,
                    "properties": {"fill": [255, 237, 160, 255] if k in declared else [240, 240, 240, 255]}}
                   for k, g in geometries.items() if k in kel_codes or k in declared]
        layers = [
            pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": outline}, id="recon_kelurahan",
                      stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[90, 90, 90, 255],
                      line_width_min_pixels=1),
            pdk.Layer("ScatterplotLayer", located[["lon", "lat", "nama"]].to_dict("records"), id="recon_posyandu",
                      get_position=["lon", "lat"], get_radius=1, radius_min_pixels=6, radius_max_pixels=6,
                      get_fill_color=[202, 0, 32, 255], get_line_color=[255, 255, 255, 255], stroked=True,
                      line_width_min_pixels=1, pickable=True),
        ]
        # the drawn kelurahan's outlines and every posyandu fit the map
        bounds = union_bounds([extent("kelurahan", [k for k in geometries if k in kel_codes or k in declared]),
                               (float(located["lon"].min()), float(located["lat"].min()),
                                float(located["lon"].max()), float(located["lat"].max()))])
        st.pydeck_chart(deck(layers, view_for(bounds, height_px=320), "{nama}"), height=320, key="quality_recon_map")
