"""Kualitas Data: grades per posyandu and puskesmas with their reasons (worst first, on a map), the WHO-UNICEF
(TEAM), SMART and routine e-PPGBM checks per unit, the checks per kelurahan/posyandu as WHO's Anthro Survey
Analyser shows them, coverage per period, the import's quarantine (CSV without names and NIK), and posyandu
whose placement is a problem.

Grades and checks come from the build (pipelines/quality); this page only reads them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.maps import deck, view_for
from pipelines.outputs import exports
from pipelines.present import format as fmt
from pipelines.present.glossary import current_lang, t
from pipelines.quality import words
from pipelines.quality.standards import GRADE_MIN_N, PLACEMENT_FAR_M, SMART_MIN_N

ALL = "__all__"
FAR_M = PLACEMENT_FAR_M   # m
PLACEMENT_PROBLEMS = ("outside_declared", "outside_all", "no_coordinates")


def pct(series: pd.Series) -> list[str]:
    """Shares 0..1 as percent numbers in the session's locale (22,8 in id, 22.8 in en)."""
    lang = current_lang()
    return [fmt.number(v * 100, 1, lang) for v in pd.to_numeric(series, errors="coerce")]


def num(series: pd.Series, decimals: int = 0) -> list[str]:
    """Numbers in the session's locale (thousands and decimal separators)."""
    lang = current_lang()
    return [fmt.number(v, decimals, lang) for v in pd.to_numeric(series, errors="coerce")]


def bars(frame: pd.DataFrame, x: str, x_title: str, y_title: str | None = None, colour: str | None = None):
    """A bar chart whose axes write numbers in the session's locale."""
    import altair as alt

    encoding = {"x": alt.X(f"{x}:O", title=x_title), "y": alt.Y("value:Q", title=y_title)}
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=None)
        encoding["xOffset"] = alt.XOffset(f"{colour}:N")
    return alt.Chart(frame).mark_bar().encode(**encoding).configure(
        locale={"number": fmt.vega_locale(current_lang())})


def filters() -> dict:
    """Period, kecamatan and grouping chosen at the top of the page."""
    periods = data.periods()
    kecamatan = data.kecamatan_list()
    kec_names = dict(zip(kecamatan["kode"], kecamatan["nama"]))
    c1, c2, c3 = st.columns(3)
    period_choice = c1.selectbox(t("period"), [ALL, *periods],
                                 format_func=lambda p: t("all_periods") if p == ALL else fmt.period_words(p, current_lang()),
                                 key="quality_period")
    kec_choice = c2.selectbox(t("kecamatan"), [ALL, *kecamatan["kode"].tolist()],
                              format_func=lambda k: t("all") if k == ALL else kec_names.get(k, k), key="quality_kecamatan")
    group = c3.radio(t("quality_group"), ["kelurahan", "posyandu"], format_func=lambda g: t(f"group_{g}"),
                     key="quality_group", horizontal=True)
    kelurahan = data.kelurahan_list()
    if kec_choice != ALL:
        kelurahan = kelurahan[kelurahan["kecamatan_kode"] == kec_choice]
    period = None if period_choice == ALL else period_choice
    return {
        "period": period,
        # grades are per period: "all periods" shows the latest one's
        "grade_period": period or (periods[0] if periods else None),
        "kecamatan": None if kec_choice == ALL else kec_choice,
        "group": group,
        "kelurahan": kelurahan,
        "kel_codes": set(kelurahan["kode"]),
        "kel_names": dict(zip(kelurahan["kode"], kelurahan["nama"])),
    }


# --- grades -----------------------------------------------------------------------------------------------

def section_grades(f: dict) -> None:
    """Grade per posyandu or puskesmas with reasons in words, worst first, and the posyandu on a map."""
    lang = current_lang()
    level = st.radio(t("qgrades_level"), ["posyandu", "puskesmas"], format_func=lambda v: t(f"qlevel_{v}"),
                     key="quality_grade_level", horizontal=True)
    st.markdown(f"#### {t('qgrades_title', level=t('qlevel_' + level).lower())}")
    if not data.quality_ready():
        st.info(t("qgrades_need_build"))
        return
    if f["grade_period"] is None:
        st.info(t("qgrades_none"))
        return
    if f["period"] is None:
        st.caption(f"{t('period')}: {fmt.period_words(f['grade_period'], lang)}")
    grades = data.quality_grades(level, f["grade_period"])
    if level == "posyandu" and f["kecamatan"]:
        grades = grades[grades["kode"].isin(f["kel_codes"])]
    if grades.empty:
        st.info(t("qgrades_none"))
        return
    table = pd.DataFrame({t("qcol_unit"): grades["nama"].fillna(grades["unit"])})
    if level == "posyandu":
        table[t("kelurahan")] = grades["kelurahan"]
        if grades["puskesmas"].notna().any():
            table[t("qcol_puskesmas")] = grades["puskesmas"]
    table[t("qcol_grade")] = grades["grade"].map(lambda g: words.grade_text(g, lang))
    table[t("col_children")] = grades["children"].map(lambda v: fmt.number(v, 0, lang))   # 1.222, not 1222
    table[t("qcol_reasons")] = grades["reasons"].map(lambda r: words.reasons_text(r, lang))
    table[t("qcol_smart")] = grades["smart_score"].map(lambda v: fmt.number(v, 0, lang))   # '–' below 100 children
    table[t("qcol_smart_grade")] = grades["smart_grade"].map(lambda g: words.smart_text(g, lang) if g else fmt.DASH)
    st.dataframe(table, hide_index=True, key="quality_grades_table")
    st.caption(t("qstd_grade", n=GRADE_MIN_N) + ". " + t("qstd_smart", n=SMART_MIN_N) + ".")
    bad = grades[grades["grade"] == "bermasalah"]
    for _, row in bad.iterrows():
        todo = " ".join(dict.fromkeys(words.todo_text(r["code"], lang) for r in row["reasons"] if r["severity"] == 2))
        st.markdown(f"- **{row['nama'] if isinstance(row['nama'], str) else row['unit']}**: {todo}")
    section_grade_map(f)


def section_grade_map(f: dict) -> None:
    """Posyandu coloured by their grade (red problematic, orange attention, green good, grey too few)."""
    import pydeck as pdk

    grades = data.quality_grades("posyandu", f["grade_period"]).dropna(subset=["lon", "lat"])
    if f["kecamatan"]:
        grades = grades[grades["kode"].isin(f["kel_codes"])]
    if grades.empty:
        return
    lang = current_lang()
    points = pd.DataFrame({
        "lon": grades["lon"].astype(float), "lat": grades["lat"].astype(float),
        "nama": grades["nama"].fillna(grades["unit"]),
        "nilai": grades["grade"].map(lambda g: words.grade_text(g, lang)),
        "fill": grades["grade"].map(lambda g: words.GRADE_COLOURS.get(g, [120, 120, 120, 255])),
        # the worst drawn last, on top
        "order": grades["grade"].map(lambda g: -words.GRADE_ORDER.get(g, 3)),
    }).sort_values("order", kind="stable")
    st.markdown(f"##### {t('qmap_title')}")
    layers = [
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": g, "properties": {}}
            for k, g in data.kelurahan_geometries().items() if k in f["kel_codes"]]},
            id="quality_grade_kelurahan", stroked=True, filled=True, get_fill_color=[245, 245, 245, 255],
            get_line_color=[150, 150, 150, 255], line_width_min_pixels=1),
        pdk.Layer("ScatterplotLayer", points.drop(columns=["order"]).to_dict("records"), id="quality_grade_posyandu",
                  get_position=["lon", "lat"], get_radius=1, radius_min_pixels=5, radius_max_pixels=5,
                  get_fill_color="fill", get_line_color=[255, 255, 255, 255], stroked=True,
                  line_width_min_pixels=1, pickable=True),
    ]
    bounds = (points["lon"].min() - 0.01, points["lat"].min() - 0.01, points["lon"].max() + 0.01,
              points["lat"].max() + 0.01)
    st.pydeck_chart(deck(layers, view_for(tuple(float(b) for b in bounds), height_px=360), "{nama}: {nilai}"),
                    height=360, key="quality_grade_map")
    st.caption(t("qmap_legend"))


def section_team(f: dict) -> None:
    """The WHO-UNICEF (TEAM) and SMART statistics of each unit of a level."""
    if not data.quality_ready() or f["grade_period"] is None:
        return
    lang = current_lang()
    st.markdown(f"#### {t('qdetail_title')}")
    level = st.selectbox(t("qgrades_level"), ["puskesmas", "posyandu", "kecamatan", "kabupaten"],
                         format_func=lambda v: t(f"qlevel_{v}"), key="quality_detail_level")
    checks = data.quality_checks(level, f["grade_period"])
    if checks.empty:
        return
    names = data.quality_grades(level, f["grade_period"]).set_index("unit")["nama"]
    if level == "posyandu" and f["kecamatan"]:
        own = data.posyandu_names()
        checks = checks[checks["unit"].isin(set(own.loc[own["kode"].isin(f["kel_codes"]), "posyandu_id"]))]

    def r(series, decimals=2):   # as text in the reader's locale, '–' where there is no value (never "None")
        return pd.to_numeric(series, errors="coerce").map(lambda v: fmt.number(v, decimals, lang))

    def share(series):
        return pd.to_numeric(series, errors="coerce").map(lambda v: fmt.percent(v, 1, lang))

    st.dataframe(pd.DataFrame({
        t("qcol_unit"): checks["unit"].map(names).fillna(checks["unit"]),
        t("col_children"): r(checks["children"], 0),
        t("qcol_complete_height"): share(checks["complete_height"]),
        t("qcol_sex_ratio"): r(checks["sex_ratio"]),
        t("qcol_age_ratio"): r(checks["age_ratio"]),
        t("qcol_dps_height"): r(checks["dps_height"], 1),
        t("qcol_dps_weight"): r(checks["dps_weight"], 1),
        t("qcol_flagged"): share(checks[["flagged_haz", "flagged_waz", "flagged_whz"]].max(axis=1)),
        t("qcol_sd_haz"): r(checks["sd_haz"]),
        t("qcol_sd_waz"): r(checks["sd_waz"]),
        t("qcol_sd_whz"): r(checks["sd_whz"]),
        t("qcol_skew_haz"): r(checks["skew_haz"]),
        t("qcol_kurt_haz"): r(checks["kurt_haz"]),
        t("qcol_wrong_position"): share(checks["wrong_position"]),
        t("qcol_zeros"): share(checks["zeros"]),
        t("qcol_smart"): r(checks["smart_score"], 0),
        t("qcol_smart_grade"): checks["smart_grade"].map(lambda g: words.smart_text(g, lang) if g else fmt.DASH),
    }), hide_index=True, key="quality_team_table")
    ranges = words.ranges_text(data.sd_expected(), lang)
    st.caption(" · ".join([t("qstd_completeness"), t("qstd_sex_ratio"), t("qstd_age_ratio"), t("qstd_digits"),
                           t("qstd_flags"), t("qstd_sd", ranges=ranges), t("qstd_shape"), t("qstd_smart", n=SMART_MIN_N),
                           t("qstd_routine")]))


# --- coverage ---------------------------------------------------------------------------------------------

def section_coverage(f: dict) -> None:
    """Children measured ÷ sasaran per kelurahan and period; above 100 % explained."""
    lang = current_lang()
    st.markdown(f"#### {t('quality_coverage')}")
    if not data.table_exists("sasaran"):
        st.info(t("missing_sasaran"))
    coverage = data.coverage_by_period(f["period"])
    coverage = coverage[coverage["kode"].isin(f["kel_codes"])]
    over = pd.to_numeric(coverage["coverage"], errors="coerce") > 1
    table = pd.DataFrame({
        t("col_kode"): coverage["kode"],
        t("col_nama"): coverage["nama"],
        t("kecamatan"): coverage["kecamatan_nama"],
    })
    if f["period"] is None:
        table[t("period")] = coverage["period"].map(lambda p: fmt.period_words(p, lang))
    table[t("col_children")] = num(coverage["children"])
    table[t("col_target_children")] = num(coverage["target_children"])
    table[t("col_coverage_pct")] = pct(coverage["coverage"])
    table[t("qcol_coverage_note")] = over.map({True: t("qcoverage_over"), False: ""})
    st.dataframe(table, hide_index=True, key="quality_coverage_table")
    st.caption(t("qcoverage_period_note"))
    if over.any():
        with st.expander(t("qcoverage_explain_title")):
            st.markdown(t("qcoverage_explain"))


# --- WHO Anthro checks per kelurahan / posyandu -----------------------------------------------------------

def section_checks(f: dict) -> None:
    group, period = f["group"], f["period"]
    st.markdown(f"#### {t('quality_table', group=t('group_' + group).lower())}")
    checks = data.quality_summary(group, period)
    if group == "kelurahan":
        checks = checks[checks["key"].isin(f["kel_codes"])]
        names = checks["key"].map(f["kel_names"])
    else:
        if not data.table_exists("posyandu"):
            st.info(t("missing_posyandu"))
        posyandu = data.posyandu_names()
        posyandu = posyandu[posyandu["kode"].isin(f["kel_codes"])]
        checks = checks[checks["key"].isin(set(posyandu["posyandu_id"]))]
        names = checks["key"].map(dict(zip(posyandu["posyandu_id"], posyandu["nama"])))
    # each z-score's SD against its expected range (the one the grades use, standards.sd_ranges), judged on the
    # SD as shown (2 decimals), so that a shown 1,95 is never flagged
    ranges = data.sd_expected()
    outside = pd.concat([(checks[f"sd_{z}"].round(2) < lo) | (checks[f"sd_{z}"].round(2) > hi)
                         for z, (lo, hi) in ranges.items()], axis=1).any(axis=1)
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


def section_charts(f: dict) -> None:
    """Last digit of weight and height, age by month and by year, calendar month of birth."""
    kelurahan, kel_names, period = f["kelurahan"], f["kel_names"], f["period"]
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
    d3, d4 = st.columns(2)
    years = data.age_year_distribution(period, chosen).rename(columns={"measurements": "value"})
    d3.markdown(f"##### {t('qage_year_title')}")
    d3.altair_chart(bars(years, "age_years", t("qage_year_title"), t("col_measurements")), width="stretch",
                    key="quality_age_years")
    months = data.birth_month_distribution(period, chosen).rename(columns={"children": "value"})
    d4.markdown(f"##### {t('qbirth_month_title')}")
    d4.altair_chart(bars(months, "month", t("qbirth_month_title"), t("col_children")), width="stretch",
                    key="quality_birth_months")


# --- quarantine -------------------------------------------------------------------------------------------

def section_quarantine() -> None:
    st.markdown(f"#### {t('quarantine_title')}")
    counts = data.quarantine_counts()
    if counts.empty:
        st.info(t("quarantine_empty"))
        return
    from pipelines.inputs.reasons import reason_text

    lang = current_lang()
    st.dataframe(pd.DataFrame({
        t("col_kind"): counts["kind"].map(lambda k: t(f"kind_{k}")),
        # a reason in the words of its input kind (a register duplicate is the same target, period and ID)
        t("col_reason"): [reason_text(c, lang, k) for c, k in zip(counts["reason_code"], counts["kind"])],
        t("col_rows"): num(counts["rows"]),
    }), hide_index=True, key="quality_quarantine_table")
    csv = exports.csv_bytes(data.quarantine_rows())  # formulas neutralised like every export
    st.download_button(t("quarantine_download"), csv, file_name="karantina.csv", mime="text/csv",
                       key="quality_quarantine_download")


def section_files() -> None:
    """Files refused as a whole (the others imported), and what the boundary file needed."""
    refused = data.refused_files()
    if len(refused):
        st.markdown(f"#### {t('refused_title')}")
        st.dataframe(pd.DataFrame({
            t("col_file"): refused["file_name"], t("col_kind"): refused["kind"].map(lambda k: t(f"kind_{k}")),
            t("col_message"): refused["message"],
        }), hide_index=True, key="quality_refused_table")
    st.markdown(f"#### {t('boundary_findings_title')}")
    findings = data.boundary_findings()
    if findings.empty:
        st.success(t("boundary_findings_none"))
        return
    st.dataframe(pd.DataFrame({
        t("col_check"): [t(f"boundary_check_{c}") for c in findings["check"]],
        t("col_rows"): num(findings["count"]), t("col_detail"): findings["detail"],
    }), hide_index=True, key="quality_boundary_table")


# --- posyandu placement -----------------------------------------------------------------------------------

def placement_problems(recon: pd.DataFrame, far_m: float = FAR_M) -> pd.DataFrame:
    """Only the posyandu whose placement is a problem (outside their kelurahan, outside all, no coordinates),
    farthest first (no coordinates last), with `far` where the distance exceeds `far_m` metres."""
    problems = recon[recon["status"].isin(PLACEMENT_PROBLEMS)].copy()
    problems["far"] = pd.to_numeric(problems["distance_m"], errors="coerce") > far_m
    return problems.sort_values(["distance_m", "nama"], ascending=[False, True], na_position="last", kind="stable")


def section_placement(f: dict) -> None:
    lang = current_lang()
    st.markdown(f"#### {t('qplace_title')}")
    recon = data.posyandu_reconciliation()
    if not data.table_exists("posyandu"):
        st.info(t("missing_posyandu"))
        return
    if f["kecamatan"] and not recon.empty:
        recon = recon[recon["kode_declared"].isin(f["kel_codes"]) | recon["kode_spatial"].isin(f["kel_codes"])]
    problems = placement_problems(recon) if not recon.empty else recon
    if problems.empty:
        st.success(t("qplace_none"))
        return
    far = fmt.number(FAR_M, 0, lang)
    st.caption(t("qplace_intro", far=far))
    status = problems["status"].map(lambda s: t(f"status_{s}"))
    status = status.where(~problems["far"], status + " · " + t("qplace_far", far=far))
    st.dataframe(pd.DataFrame({
        t("col_posyandu"): problems["nama"],
        t("col_status"): status,
        t("col_declared"): problems["nama_declared"].fillna(problems["kode_declared"]),
        t("col_spatial"): problems["nama_spatial"].fillna(fmt.DASH),
        t("qplace_col_distance"): problems["distance_m"].map(
            lambda m: fmt.number(m, 0, lang) if pd.notna(m) else fmt.DASH),
    }), hide_index=True, key="quality_recon_table")
    located = problems.dropna(subset=["lon", "lat"])
    if located.empty:
        return
    import pydeck as pdk

    geometries = data.kelurahan_geometries()
    declared = set(located["kode_declared"])
    outline = [{"type": "Feature", "geometry": g,
                "properties": {"fill": [255, 237, 160, 255] if k in declared else [240, 240, 240, 255]}}
               for k, g in geometries.items() if k in f["kel_codes"] or k in declared]
    points = located[["lon", "lat", "nama"]].assign(
        jarak=located["distance_m"].map(lambda m: f"{fmt.number(m, 0, lang)} m" if pd.notna(m) else fmt.DASH))
    layers = [
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": outline}, id="recon_kelurahan",
                  stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[90, 90, 90, 255],
                  line_width_min_pixels=1),
        # a distinct symbol: a thick red ring with a white centre, not the solid dots of the other maps
        pdk.Layer("ScatterplotLayer", points.to_dict("records"), id="recon_posyandu", get_position=["lon", "lat"],
                  get_radius=1, radius_min_pixels=8, radius_max_pixels=8, filled=True, stroked=True,
                  get_fill_color=[255, 255, 255, 255], get_line_color=[202, 0, 32, 255], line_width_min_pixels=4,
                  pickable=True),
    ]
    bounds = (located["lon"].min() - 0.01, located["lat"].min() - 0.01, located["lon"].max() + 0.01,
              located["lat"].max() + 0.01)
    st.pydeck_chart(deck(layers, view_for(tuple(float(b) for b in bounds), height_px=320), "{nama}: {jarak}"),
                    height=320, key="quality_recon_map")
    st.caption(t("qplace_legend"))


st.title(t("page_quality"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()
st.caption(t("quality_intro", ranges=words.ranges_text(data.sd_expected(), current_lang())))
choice = filters()
section_grades(choice)
section_team(choice)
section_coverage(choice)
section_checks(choice)
section_charts(choice)
section_quarantine()
section_files()
section_placement(choice)
