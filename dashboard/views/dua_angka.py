"""Dua Angka: the e-PPGBM rate beside the survey figure, why they differ, and children followed between rounds.

Sections: the two figures (diukur, disesuaikan, model, survei) with intervals and assumptions; the gap
decomposition; coverage per desa and age band (map and table); age structure against the expected
population; measurement quality bearing on HAZ; model desa estimates (own legend and caption); flows
between two rounds with a map of new-stunting incidence; posyandu 2T; the survey figures (form, upload,
list); XLSX and PDF downloads. The numbers come from pipelines.reconcile (report, flows, survey).
"""
from __future__ import annotations

import html

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import auth, data
from dashboard.missing import say_missing
from dashboard.maps import deck, features, fill_colours, choropleth_layer, legend_html, view_for
from pipelines.indicators import catalogue
from pipelines.present import format as fmt
from pipelines.present.classify import Classes, class_labels, make_classes
from pipelines.present.glossary import current_lang, t
from pipelines.faults import system_fault
from pipelines.present.messages import message
from pipelines.reconcile import flows as fl
from pipelines.reconcile import report
from pipelines.reconcile import survey as sv

WHOLE = "__kabupaten__"
NO_SURVEY = "__none__"
COVERAGE_CLASSES = Classes((0.4, 0.6, 0.8, 1.0), ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"), "left")
INCIDENCE_CLASSES = Classes((0.02, 0.05, 0.10, 0.15), ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"), "left")
# menetap, baru, pulih, normal, datang, datang_lahir, hilang, hilang_umur
FLOW_COLOURS = ["#a50f15", "#fb6a4a", "#31a354", "#d9d9d9", "#2171b5", "#9ecae1", "#636363", "#bdbdbd"]
# the headline indicator's WHO/UNICEF breaks (catalogue) in a purple palette: a modelled figure, not a count
MODEL_CLASSES = Classes(catalogue.indicator(catalogue.HEADLINE).thresholds, ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"), "left")


@st.cache_data(max_entries=32, show_spinner=False)
def _result(version: str, period: str, kecamatan: str | None, survey_key: str | None, side: str, lang: str):
    """report.DuaAngka for the choice (cached per database version and side-file state)."""
    with data.connect() as con:
        figures = {_key(f): f for f in sv.figures(con, data.db_path())}
        chosen = figures.get(survey_key) if survey_key else None
        result = report.dua_angka(con, period, kecamatan, survey=chosen, db_path=data.db_path())
        if survey_key is None:
            result.survey = None
            result.decomposition = None
        return result


@st.cache_data(max_entries=16, show_spinner=False)
def _flows(version: str, level: str, a: str, b: str) -> pd.DataFrame:
    with data.connect() as con:
        return fl.flow_counts(con, level, a, b)


@st.cache_data(max_entries=8, show_spinner=False)
def _two_t(version: str, level: str) -> pd.DataFrame:
    with data.connect() as con:
        return fl.two_t(con, level)


def _audit(action: str, detail: str) -> None:
    """Record a change of the survey figures in the accounts' audit table (when accounts are in use)."""
    from pipelines import accounts

    if accounts.has_accounts(data.db_path()):
        accounts.audit(data.db_path(), auth.current_user().name, action, detail)


def _key(figure: sv.SurveyFigure) -> str:
    return f"{figure.source}|{figure.kode}"


def _side_state() -> str:
    path = sv.side_file(data.db_path())
    try:
        info = path.stat()
    except OSError:
        return ""
    return f"{info.st_mtime_ns}-{info.st_size}"


def _pct(value) -> str:
    return fmt.percent(value, 1, current_lang())


def _share_column(series: pd.Series) -> pd.Series:
    return (pd.to_numeric(series, errors="coerce") * 100).round(1)


def _map(frame: pd.DataFrame, column: str, classes: Classes, legend_title: str, key: str, tooltip: str,
         hide: pd.Series | None = None) -> None:
    """A desa choropleth of `column` (shares) with its legend beside it."""
    geometries = data.kelurahan_geometries()
    shown = frame[frame["kode"].isin(geometries)]
    if shown.empty:
        st.info(t("no_data"))
        return
    fills = fill_colours(classes, shown[column], None if hide is None else hide.loc[shown.index])
    props = {"nama": shown["nama"].astype(str), "nilai": shown[column].map(_pct)}
    layer = choropleth_layer(features(geometries, shown, fills, props))
    places = data.kelurahan_list()
    places = places[places["kode"].isin(shown["kode"])]
    bounds = (places["centroid_lon"].min() - 0.01, places["centroid_lat"].min() - 0.01,
              places["centroid_lon"].max() + 0.01, places["centroid_lat"].max() + 0.01)
    m, legend = st.columns([3, 1])
    m.pydeck_chart(deck([layer], view_for(tuple(float(b) for b in bounds), height_px=420), tooltip), height=420, key=key)
    counts = pd.Series(classes.index(shown[column])).value_counts()
    rows = [(colour, label, int(counts.get(i, 0))) for i, (colour, label) in
            enumerate(zip(classes.colours, class_labels(classes, t)))]
    legend.markdown(legend_html(legend_title, rows), unsafe_allow_html=True)


st.title(t("page_dua_angka"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()
st.caption(t("dua_intro"))
version = data.db_version() or ""
with data.connect() as _con:
    built = report.available(_con)
    periods = report.periods(_con) if built else []
    kab_kode, kab_nama = report.kabupaten(_con)
    try:
        all_figures = sv.figures(_con, data.db_path())
        side_error = None
        sv.typed_figures(data.db_path())
    except sv.SurveyFileError as exc:
        side_error = message(exc, current_lang())
if not built or not periods:
    if not say_missing():  # a partial build says which data are missing; else an old build
        st.warning(t("dua_not_built"))
    st.stop()
lang = current_lang()
small_n = data.small_n()
kecamatan = data.kecamatan_list()
matching = report.matching_figures(all_figures, kab_kode)

c1, c2, c3 = st.columns([1, 1.4, 2])
period = c1.selectbox(t("period"), periods, format_func=lambda p: fmt.period_words(p, lang), key="dua_period")
# labels computed now, in this run's language (a format_func that calls t() later would read another session)
place_labels = {WHOLE: t("dua_whole", name=kab_nama), **dict(zip(kecamatan["kode"], kecamatan["nama"]))}
place = c2.selectbox(t("dua_place"), list(place_labels), key="dua_place", format_func=place_labels.get)
survey_keys = [_key(f) for f in matching] or [NO_SURVEY]
labels = {_key(f): f"{f.label} · {f.year} · {_pct(f.prevalence)}" for f in matching}
labels[NO_SURVEY] = t("dua_no_survey")
survey_key = c3.selectbox(t("dua_survey_choice"), survey_keys, key="dua_survey", format_func=labels.get)
hide_small = st.toggle(t("dua_hide_small", n=small_n), key="dua_hide_small")
with st.spinner(t("page_dua_angka")):
    result = _result(version, period, None if place == WHOLE else place,
                     None if survey_key == NO_SURVEY else survey_key, _side_state(), lang)

# --- the two figures -----------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_two_title')}")
if result.survey is None:
    st.info(t("dua_no_survey_note"))
elif result.survey.fictional:
    st.warning(t("dua_fictional_banner", source=result.survey.label))
from pipelines.outputs import dua_angka as out  # noqa: E402 - after the page checks

rows = out.assumption_rows(result, lang)
chart_rows = [{"label": label, "kind": kind} for label, kind, _, _, _, _ in rows]
estimates = [(result.measured.value, result.measured.ci_low, result.measured.ci_high),
             (result.adjusted.value, result.adjusted.ci_low, result.adjusted.ci_high)]
if any(r[1] == t("kind_model") for r in rows):
    estimates.append((result.model_total, None, None))
if result.survey is not None:
    estimates.append((result.survey.prevalence, result.survey.ci_low, result.survey.ci_high))
chart = pd.DataFrame([{**row, "value": v * 100 if v == v else None, "low": None if lo is None else lo * 100,
                       "high": None if hi is None else hi * 100}
                      for row, (v, lo, hi) in zip(chart_rows, estimates)])
chart["axis"] = chart["label"] + " [" + chart["kind"] + "]"
chart["text"] = chart["value"].map(lambda v: fmt.number(v, 1, lang) + " %" if v == v and v is not None else "")
kind_colours = [out.COLOURS[k] for k in ("measured", "adjusted", "model", "survey")][:len(chart)]
if len(chart) == 3 and result.survey is not None:   # no model bar
    kind_colours = [out.COLOURS["measured"], out.COLOURS["adjusted"], out.COLOURS["survey"]]
base = alt.Chart(chart).encode(x=alt.X("axis:N", sort=None, title=None, axis=alt.Axis(labelAngle=0, labelLimit=260)))
layers = base.mark_bar().encode(y=alt.Y("value:Q", title=t("dua_col_value") + " (%)"),
                                color=alt.Color("axis:N", legend=None, sort=None,
                                                scale=alt.Scale(domain=chart["axis"].tolist(), range=kind_colours)))
labels_layer = base.mark_text(dy=-10, dx=-34, fontSize=14, fontWeight="bold").encode(y="value:Q", text="text:N")
errors = base.mark_rule(strokeWidth=2).encode(y="low:Q", y2="high:Q")
st.altair_chart(layers + errors + labels_layer, use_container_width=True, key="dua_two_chart")
st.dataframe(pd.DataFrame(rows, columns=[t("dua_col_what"), t("dua_col_kind"), t("dua_col_value"), t("dua_col_ci"),
                                         t("dua_col_assumption"), t("dua_col_n")]).astype({t("dua_col_n"): "Int64"}),
             hide_index=True, key="dua_two_table")
if result.adjusted.imputed_share and result.adjusted.imputed_share > 0:
    st.caption(t("dua_imputed_note", share=_pct(result.adjusted.imputed_share)))
if result.survey is not None and place != WHOLE:
    st.caption(t("dua_survey_level_note", level=t(f"dua_level_{result.survey.level}"), kode=result.survey.kode))

# --- decomposition -------------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_decomp_title')}")
decomposition = out.decomposition_rows(result, lang)
if decomposition.empty:
    st.info(t("dua_decomp_only_kabupaten"))
else:
    shown = pd.DataFrame({
        t("dua_col_term"): decomposition["label"],
        t("dua_col_points"): [fmt.percent(v, 1, lang) if k in ("start", "end") else fmt.points(v, 1, lang)
                              for k, v in zip(decomposition["key"], decomposition["value"])],
        t("dua_col_range"): [fmt.points(lo, 1, lang) + " … " + fmt.points(hi, 1, lang) if lo == lo and hi == hi and lo != hi
                             else "" for lo, hi in zip(decomposition["low"], decomposition["high"])],
        t("dua_col_assumption"): decomposition["why"],
    })
    st.dataframe(shown, hide_index=True, key="dua_decomposition_table")
    st.caption(t("dua_decomp_sum", gap=fmt.points(result.decomposition.gap, 1, lang)))
    if result.kecamatan is not None:
        st.caption(t("dua_decomp_kecamatan_note"))
    if not result.decomposition.aligned:
        st.caption(t("dua_age_unaligned", bands=", ".join(result.decomposition.bands)))

# --- coverage --------------------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_coverage_title')}")
a = result.assumptions
split = t("dua_split_file" if a["split"] == "file" else "dua_split_uniform", male=_pct(a["male_share"]),
          year=a.get("sasaran_year") or "–")
band_labels = {"all": t("dua_band_all"), **{b: t("dua_band_label", band=b) for b in ("0-5", "6-11", "12-23", "24-59")}}
band = st.radio(t("dua_band"), list(band_labels), horizontal=True, key="dua_band", format_func=band_labels.get)
if band == "all":
    cov = result.desa[["kode", "nama", "kecamatan_nama", "measured", "target", "coverage", "never_measured"]]
else:
    cov = result.coverage[result.coverage["age_band"] == band]
cov = cov.reset_index(drop=True)
_map(cov, "coverage", COVERAGE_CLASSES, t("dua_coverage_legend"), "dua_coverage_map", "{nama}\n{nilai}")
st.caption(t("dua_coverage_caption", split=split))
target = float(result.desa["target"].sum())
measured_total = float(result.desa["measured"].sum())
never = max(0.0, target - measured_total)
if target > 0:
    st.markdown(t("dua_never_total", share=_pct(never / target), period=fmt.period_words(period, lang),
                  count=fmt.number(never, 0, lang), target=fmt.number(target, 0, lang)))
st.dataframe(pd.DataFrame({
    t("col_kode"): cov["kode"], t("col_nama"): cov["nama"], t("kecamatan"): cov["kecamatan_nama"],
    t("dua_col_measured"): cov["measured"].astype(int), t("dua_col_target"): cov["target"].round(0),
    t("dua_col_coverage"): _share_column(cov["coverage"]), t("dua_col_never"): _share_column(cov["never_measured"]),
}), hide_index=True, key="dua_coverage_table")

# --- age structure ---------------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_ages_title')}")
ages = result.ages.copy()
ages["sex_label"] = ages["sex"].map({1: t("dua_sex_1"), 2: t("dua_sex_2")})
long = pd.concat([
    ages.assign(series=t("dua_series_measured"), count=ages["children"]),
    ages.assign(series=t("dua_series_expected"), count=ages["expected"]),
])
age_chart = alt.Chart(long).mark_line(point=False).encode(
    x=alt.X("age_month:Q", title=t("dua_age_month")), y=alt.Y("count:Q", title=t("dua_children")),
    color=alt.Color("series:N", title=None), strokeDash=alt.StrokeDash("sex_label:N", title=None))
st.altair_chart(age_chart, use_container_width=True, key="dua_age_chart")
st.caption(split)

# --- measurement quality ----------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_quality_title')}")
q = result.quality or {}
low, high = a["sd_expected"]
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("dua_q_sd"), fmt.number(q.get("sd_haz"), 2, lang),
          help=t("dua_q_sd_help", low=fmt.number(low, 2, lang), high=fmt.number(high, 2, lang)))
m2.metric(t("dua_q_dps"), fmt.number(q.get("dps_height"), 1, lang), help=t("dua_q_dps_help"))
m3.metric(t("dua_q_position"), _pct(q.get("wrong_position")), help=t("dua_q_position_help"))
m4.metric(t("dua_q_birth"), fmt.number(q.get("birth_heaping"), 2, lang), help=t("dua_q_birth_help"))
if result.decomposition is not None:
    effect = result.decomposition.terms["quality"]
    st.caption(t("dua_q_effect", points=fmt.points(effect, 1, lang)) if abs(effect) > 0 else t("dua_q_effect_none"))

# --- model desa estimates -----------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_model_title')}")
desa = result.desa.reset_index(drop=True)
small = desa["n"] < small_n
if result.benchmark is None:
    st.info(t("dua_model_needs_survey"))
else:
    _map(desa, "model", MODEL_CLASSES, t("dua_model_legend"), "dua_model_map", "{nama}\n" + t("kind_model") + ": {nilai}")
    method = t(f"dua_method_{result.benchmark.method}")
    st.caption(t("dua_model_caption", method=method, shift=fmt.number(result.benchmark.shift, 3, lang),
                 survey=f"{result.survey.label} {_pct(result.survey.prevalence)}"))
table = pd.DataFrame({
    t("col_kode"): desa["kode"], t("col_nama"): desa["nama"], t("kecamatan"): desa["kecamatan_nama"],
    t("dua_col_n"): desa["n"],
    f"{t('dua_col_measured_pct')} [{t('kind_measured')}]": _share_column(desa["value_measured"].mask(small & hide_small)),
    f"{t('dua_col_adjusted_pct')} [{t('kind_adjusted')}]": _share_column(desa["value_adjusted"].mask(small & hide_small)),
    f"{t('dua_col_model')} [{t('kind_model')}]": _share_column(desa["model"]),
    t("dua_col_model_ci"): [fmt.share_range(lo, hi, 1, lang) for lo, hi in zip(desa["model_low"], desa["model_high"])],
    t("dua_col_small"): small.map({True: t("dua_small", n=small_n), False: ""}),
})
st.dataframe(table, hide_index=True, key="dua_desa_table")

# --- flows -----------------------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_flows_title')}")
with data.connect() as _con:
    pairs = fl.period_pairs(_con)
flow_frame = None
pair = None
if not pairs:
    st.info(t("dua_no_flows"))
else:
    pair_labels = {p: t("dua_flow_pair_label", a=fmt.period_words(p[0], lang), b=fmt.period_words(p[1], lang))
                   for p in pairs}
    pair = st.selectbox(t("dua_flow_pair"), pairs, key="dua_flow_pair", format_func=pair_labels.get)
    level = "kecamatan" if place == WHOLE else "kelurahan"
    counts = _flows(version, level, *pair)
    names = dict(zip(kecamatan["kode"], kecamatan["nama"])) if level == "kecamatan" else \
        dict(zip(data.kelurahan_list()["kode"], data.kelurahan_list()["nama"]))
    if place != WHOLE:
        counts = counts[counts["kode"].isin(set(result.desa["kode"]))]
    bars_long = counts.melt(id_vars=["kode"], value_vars=list(fl.CATEGORIES), var_name="category", value_name="children")
    bars_long["place"] = bars_long["kode"].map(names).fillna(bars_long["kode"])
    flow_labels = {c: t(f"flow_{c}") for c in fl.CATEGORIES}
    bars_long["label"] = bars_long["category"].map(flow_labels)
    bars_long["order"] = bars_long["category"].map({c: i for i, c in enumerate(fl.CATEGORIES)})
    flow_chart = alt.Chart(bars_long).mark_bar().encode(
        y=alt.Y("place:N", title=None), x=alt.X("children:Q", stack="normalize", title=t("dua_col_total")),
        color=alt.Color("label:N", title=None, sort=list(flow_labels.values()),
                        scale=alt.Scale(domain=list(flow_labels.values()), range=FLOW_COLOURS)),
        order=alt.Order("order:Q"), tooltip=["place:N", "label:N", "children:Q"])
    st.altair_chart(flow_chart, use_container_width=True, key="dua_flow_chart")
    st.caption(t("dua_flow_note"))
    flow_table = pd.DataFrame({t("col_kode"): counts["kode"], t("col_nama"): counts["kode"].map(names)})
    for category in fl.CATEGORIES:
        flow_table[t(f"flow_{category}")] = counts[category].to_numpy()
    flow_table[t("dua_col_total")] = counts["total"].to_numpy()
    flow_table[t("dua_col_at_risk")] = counts["at_risk"].to_numpy()
    flow_table[t("dua_col_incidence")] = _share_column(counts["incidence"].where(counts["at_risk"] >= small_n)).to_numpy()
    st.dataframe(flow_table, hide_index=True, key="dua_flow_table")
    st.markdown(f"##### {t('dua_incidence_title')}")
    desa_flows = _flows(version, "kelurahan", *pair)
    desa_flows = desa_flows[desa_flows["kode"].isin(set(result.desa["kode"]))]
    incidence = result.desa[["kode", "nama"]].merge(desa_flows[["kode", "incidence", "at_risk"]], on="kode", how="left")
    few = incidence["at_risk"].fillna(0) < small_n
    _map(incidence, "incidence", INCIDENCE_CLASSES, t("dua_incidence_legend"), "dua_incidence_map", "{nama}\n{nilai}",
         hide=few if hide_small else None)
    flow_frame = desa_flows

# --- 2T --------------------------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_2t_title')}")
level_labels = {lv: t(f"dua_2t_level_{lv}") for lv in ("kelurahan", "posyandu")}
two_t_level = st.radio(t("dua_2t_title"), list(level_labels), horizontal=True, key="dua_2t_level",
                       label_visibility="collapsed", format_func=level_labels.get)
two = _two_t(version, two_t_level)
if two.empty:
    st.info(t("dua_2t_none"))
else:
    if two_t_level == "kelurahan":
        two = two[two["kode"].isin(set(result.desa["kode"]))]
    st.dataframe(pd.DataFrame({
        t("dua_2t_month"): two["month"], t("col_kode"): two["kode"], t("dua_col_eligible"): two["eligible"],
        t("dua_col_2t"): two["two_t"], t("dua_col_2t_pct"): _share_column(two["share"].where(two["eligible"] >= small_n)),
    }), hide_index=True, key="dua_2t_table")
    st.caption(t("dua_2t_note"))

# --- survey figures ------------------------------------------------------------------------------------------
st.markdown(f"#### {t('dua_figures_title')}")
st.caption(t("dua_figures_where", file=sv.side_file(data.db_path()).name))
if side_error:
    st.error(t("dua_side_file_broken", error=side_error))
if all_figures:
    st.dataframe(pd.DataFrame({
        t("dua_col_source"): [f.label for f in all_figures], t("dua_col_year"): [f.year for f in all_figures],
        t("dua_col_level"): [t(f"dua_level_{f.level}") for f in all_figures], t("dua_col_kode"): [f.kode for f in all_figures],
        t("dua_col_value"): [_pct(f.prevalence) for f in all_figures],
        t("dua_col_ci"): [fmt.share_range(f.ci_low, f.ci_high, 1, lang) for f in all_figures],
        t("dua_col_ages"): [f"{f.age_min}–{f.age_max}" for f in all_figures],
        t("dua_col_origin"): [t("dua_origin_dasbor") if f.origin == "dasbor" else
                              t("dua_origin_file", name=f.origin.removeprefix("file:")) for f in all_figures],
    }), hide_index=True, key="dua_figures_table")
user = auth.current_user()
may_write = user.can("save_selection")   # the same right as saving a lokus selection: analyst and admin
if not may_write:
    st.caption(t("dua_form_viewer"))
with st.form("dua_survey_form", clear_on_submit=False):
    st.markdown(f"**{t('dua_form_title')}**")
    f1, f2, f3, f4 = st.columns(4)
    source = f1.text_input(t("dua_form_source"), key="dua_form_source")
    year = f2.number_input(t("dua_col_year"), 2000, 2100, int(period[:4]), step=1, key="dua_form_year")
    form_levels = {lv: t(f"dua_level_{lv}") for lv in ("kabupaten", "provinsi")}
    level_choice = f3.selectbox(t("dua_col_level"), list(form_levels), key="dua_form_level", format_func=form_levels.get)
    kode_text = f4.text_input(t("dua_col_kode"), value=kab_kode, key="dua_form_kode")
    g1, g2, g3, g4 = st.columns(4)
    prevalence = g1.text_input(t("dua_form_prevalence"), key="dua_form_prevalence")
    ci_low = g2.text_input(t("dua_form_low"), key="dua_form_low")
    ci_high = g3.text_input(t("dua_form_high"), key="dua_form_high")
    se = g4.text_input(t("dua_form_se"), key="dua_form_se")
    h1, h2, h3, h4 = st.columns(4)
    age_min = h1.number_input(t("dua_form_age_min"), 0, 59, 0, key="dua_form_age_min")
    age_max = h2.number_input(t("dua_form_age_max"), 0, 59, 59, key="dua_form_age_max")
    fictional = h3.checkbox(t("dua_form_fictional"), key="dua_form_fictional")
    note = h4.text_input(t("dua_form_note"), key="dua_form_note")
    if st.form_submit_button(t("dua_form_save"), disabled=not may_write):
        cells = {"source": source, "year": str(year), "level": level_choice, "kode": kode_text,
                 "prevalence": prevalence, "ci_low": ci_low, "ci_high": ci_high, "se": se,
                 "age_min": str(age_min), "age_max": str(age_max), "fictional": "ya" if fictional else "tidak",
                 "note": note}
        try:
            figure = sv.figure_from_cells(cells, t("dua_form_title"), "dasbor")
            sv.add_typed(data.db_path(), figure)
            _audit("survey_add", f"{figure.source} {figure.kode}")
            st.success(t("dua_form_saved", source=html.escape(figure.label)))
        except sv.SurveyFileError as exc:
            st.error(message(exc, current_lang()))
        except OSError as exc:
            st.error(f"{t('dua_form_title')}: {system_fault(exc, lang=current_lang()) or exc.strerror or exc}")
upload = st.file_uploader(t("dua_form_upload"), type=["csv", "xlsx"], key="dua_form_upload", disabled=not may_write)
if upload is not None and st.session_state.get("dua_uploaded") != upload.file_id:
    st.session_state["dua_uploaded"] = upload.file_id   # a file stays in the uploader across reruns: add it once
    try:
        added = sv.read_figures(upload.getvalue(), upload.name, origin="dasbor")
        for figure in added:
            sv.add_typed(data.db_path(), figure)
        _audit("survey_upload", f"{upload.name}: {len(added)}")
        st.success(t("dua_form_uploaded", n=len(added), name=upload.name))
    except sv.SurveyFileError as exc:
        st.error(message(exc, current_lang()))
typed = [f for f in all_figures if f.origin == "dasbor"]
if typed and may_write:
    r1, r2 = st.columns([3, 1])
    chosen = r1.selectbox(t("dua_form_remove"), [_key(f) for f in typed], key="dua_form_remove",
                          format_func=lambda k: k.replace("|", " · "))
    if r2.button(t("dua_form_remove_button"), key="dua_form_remove_button"):
        source_name, kode_name = chosen.split("|", 1)
        sv.remove_typed(data.db_path(), source_name, kode_name)
        _audit("survey_remove", f"{source_name} {kode_name}")
        st.rerun()

# --- downloads ---------------------------------------------------------------------------------------------
d1, d2 = st.columns(2)
stem = f"dua-angka-{(result.kecamatan or result.kabupaten_kode).replace('.', '')}-{period}"
d1.download_button(t("dua_download_xlsx"), data=lambda: out.xlsx_bytes(result, flow_frame, lang, pair),
                   file_name=f"{stem}.xlsx", key="dua_download_xlsx", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
d2.download_button(t("dua_download_pdf"), data=lambda: out.pdf_bytes(result, lang), file_name=f"{stem}.pdf",
                   mime="application/pdf", key="dua_download_pdf", on_click="ignore")
