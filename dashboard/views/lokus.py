"""Pemilihan Lokus (Aksi 1): weights → score → ranking, breakdown, traffic-light matrix and map, top N with
manual changes (each with a reason), saved selections (reopen, compare) and exports (XLSX, CSV, PNG, HTML).

The maths lives in pipelines.lokus.ranking (criteria, normalisation, EB, score, traffic light), geo.hotspots
(Moran's I / Gi*), pipelines.lokus.selections (the SQLite store beside the database) and pipelines.outputs.exports.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import auth, data, quality_filter
from pipelines import accounts
from pipelines.present import format as fmt
from pipelines.present.glossary import current_lang, t
from pipelines.present.messages import message
from dashboard.layers import extent
from dashboard.maps import choropleth_layer, deck, features, hex_to_rgba, legend_html, view_for
from pipelines.outputs import document, exports
from pipelines.lokus import ranking as lokus
from pipelines.lokus.criteria_upload import CriteriaFileError, read_extra_criteria
from pipelines.lokus import selections as store

SELECTED_COLOUR = "#d7301f"
REMOVED_COLOUR = "#fdae6b"
OTHER_COLOUR = "#e0e0e0"
HOT_LINE = [122, 1, 119, 255]
COLD_LINE = [8, 81, 156, 255]
LIGHT_BG = {"red": "#f4a6a6", "yellow": "#fbe08a", "green": "#a8d5a2", "": "#ffffff"}
HOTSPOT_INPUTS = ("prevalence", "severe", "burden", "hpk_gap", "coverage_gap")
SHARE_CRITERIA = {"prevalence", "severe", "hpk_gap", "coverage_gap", "trend", "model", "incidence"}

st.title(t("lokus_title"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()

ss = st.session_state
ss.setdefault("lokus_overrides", {"added": {}, "removed": {}})
if ss.pop("lokus_reason_clear", False):
    ss["lokus_reason_input"] = ""
pending = ss.pop("lokus_pending", None)
if pending:  # a reopened selection: set the widgets before they are drawn
    for key, value in pending.items():
        ss[key] = value


# --- cached computations ------------------------------------------------------------------------------

@st.cache_data(max_entries=32, show_spinner=False)
def _periods(version: str) -> list[str]:
    with data.connect() as con:
        return lokus.query_periods(con)


@st.cache_data(max_entries=32, show_spinner=False)
def _places(version: str) -> pd.DataFrame:
    with data.connect() as con:
        return lokus.query_places(con)


@st.cache_data(max_entries=32, show_spinner=False)
def _criteria(version: str, period: str, compare: str | None, eb: bool, prior: str) -> pd.DataFrame:
    with data.connect() as con:
        return lokus.load_criteria(con, period, compare, eb=eb, eb_prior=prior)


@st.cache_resource(max_entries=4, show_spinner=False)
def _geometries(version: str):
    from geo.hotspots import read_places

    with data.connect() as con:
        return read_places(con)


@st.cache_data(max_entries=32, show_spinner=False)
def _hotspots(version: str, values: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    from geo.hotspots import hotspots

    places = _geometries(version)
    series = pd.Series(dict(values), dtype="float64")
    return hotspots(places[places.geometry.notna()].reset_index(drop=True), series)


version = data.db_version() or ""
periods = _periods(version)
if not periods:
    st.warning(t("no_data"))
    st.stop()
places = _places(version)

# --- defaults and their rationale ---------------------------------------------------------------------
with st.expander(t("lokus_defaults_title")):
    st.markdown(t("lokus_defaults_intro", n=lokus.DEFAULT_N))
    st.dataframe(
        pd.DataFrame(
            [(t(f"crit_{k}"), t(f"dir_{c.direction}"), c.default_weight, t(f"why_{k}")) for k, c in lokus.CRITERIA.items()],
            columns=[t("lokus_criterion"), t("lokus_direction"), t("lokus_weight"), t("lokus_rationale")],
        ),
        hide_index=True,
    )
    st.markdown(t("lokus_method_note"))

# --- settings -----------------------------------------------------------------------------------------
c1, c2, c3 = st.columns(3)
lang = current_lang()
period = c1.selectbox(t("period"), periods, key="lokus_period", format_func=lambda p: fmt.period_words(p, lang))
compare_options = ["", *[p for p in periods if p < period]]
default_compare = lokus.comparison_period(periods, period) or ""
if ss.get("lokus_compare") not in compare_options:
    ss["lokus_compare"] = default_compare
compare = c2.selectbox(t("lokus_compare_period"), compare_options, key="lokus_compare", help=t("compare_rule"),
                       format_func=lambda p: fmt.period_words(p, lang) if p else t("lokus_no_trend")) or None
n_places = len(places)
ss.setdefault("lokus_n", min(lokus.DEFAULT_N, n_places))
ss["lokus_n"] = int(min(max(ss["lokus_n"], 1), n_places))
n = int(c3.number_input(t("lokus_n"), min_value=1, max_value=n_places, step=1, key="lokus_n"))

e1, e2, e3, e4 = st.columns(4)
eb = e1.toggle(t("lokus_eb"), key="lokus_eb", help=t("lokus_eb_help"))
prior = e2.selectbox(t("lokus_eb_prior"), ["kecamatan", "kabupaten"], key="lokus_eb_prior",
                     format_func=lambda p: t(f"prior_{p}"), disabled=not eb)
hot_layer = e3.toggle(t("lokus_hot_layer"), key="lokus_hot_layer")
hot_input = e4.selectbox(t("lokus_hot_input"), HOTSPOT_INPUTS, key="lokus_hot_input", format_func=lambda k: t(f"crit_{k}"))

# --- extra criteria upload ----------------------------------------------------------------------------
extra = None
with st.expander(t("lokus_upload_title")):
    st.caption(t("lokus_upload_help"))
    upload = st.file_uploader(t("lokus_upload"), type=["csv"], key="lokus_upload")
    if upload is not None:
        try:
            extra = read_extra_criteria(upload.getvalue(), upload.name, set(places["kode"]))
            st.success(t("lokus_upload_ok", n=len(extra.values), k=len(extra.labels)))
        except CriteriaFileError as error:
            st.error(message(error, lang))

# --- weights ------------------------------------------------------------------------------------------
st.subheader(t("lokus_weights"))
weight_cols = st.columns(4)
weights: dict[str, float] = {}
for number, (key, criterion) in enumerate(lokus.CRITERIA.items()):
    ss.setdefault(f"lokus_w_{key}", int(criterion.default_weight))
    weights[key] = float(weight_cols[number % 4].slider(t(f"crit_{key}"), 0, 100, step=5, key=f"lokus_w_{key}",
                                                        help=t(f"dir_{criterion.direction}")))
directions: dict[str, str] = {}
extra_labels: dict[str, str] = {}
if extra is not None:
    for number, (key, label) in enumerate(extra.labels.items()):
        col = weight_cols[(len(lokus.CRITERIA) + number) % 4]
        ss.setdefault(f"lokus_w_{key}", 10)
        weights[key] = float(col.slider(label, 0, 100, step=5, key=f"lokus_w_{key}"))
        directions[key] = col.radio(t("lokus_direction"), [lokus.HIGHER, lokus.LOWER], key=f"lokus_d_{key}",
                                    format_func=lambda d: t(f"dir_{d}"), horizontal=True)
        extra_labels[key] = label

# --- computation --------------------------------------------------------------------------------------
criteria = _criteria(version, period, compare, eb, prior)
need_hot = weights.get("hotspot", 0) > 0 or hot_layer
hot = None
if need_hot:
    values = tuple((k, float(v)) for k, v in zip(criteria["kode"], criteria[hot_input]) if pd.notna(v))
    hot = _hotspots(version, values)
    criteria = lokus.add_hotspot(criteria, hot)
else:
    criteria = criteria.assign(hotspot=np.nan, hotspot_class="", lisa_cluster="")
if extra is not None:
    criteria = lokus.add_extra(criteria, extra.values)

if not any(w > 0 for w in weights.values()):
    st.error(t("lokus_weights_zero"))
    st.stop()
ranking = lokus.rank(criteria, weights, directions)

overrides = lokus.Overrides(added=dict(ss["lokus_overrides"]["added"]), removed=dict(ss["lokus_overrides"]["removed"]))
top = set(ranking.loc[(ranking["rank"] <= n) & ranking["score"].notna(), "kode"])
stale = [k for k in overrides.removed if k not in top] + [k for k in overrides.added if k in top]
for kode in stale:  # N or weights changed: an override that no longer applies is dropped, and said so
    overrides.removed.pop(kode, None)
    overrides.added.pop(kode, None)
if stale:
    ss["lokus_overrides"] = {"added": dict(overrides.added), "removed": dict(overrides.removed)}
    st.info(t("lokus_overrides_dropped", codes=", ".join(stale)))
selection = lokus.select(ranking, n, overrides)
selection = quality_filter.lokus_gate(selection, period, n)   # desa with problematic data: marked, held until acknowledged
names = dict(zip(selection["kode"], selection["nama"]))

thresholds = dict(lokus.DEFAULT_THRESHOLDS)
with st.expander(t("lokus_thresholds_title")):
    st.caption(t("lokus_thresholds_help"))
    for key, th in lokus.DEFAULT_THRESHOLDS.items():
        share = key in SHARE_CRITERIA
        factor = 100.0 if share else 1.0
        bound = 100.0 if share else (100_000.0 if key == "burden" else 10.0)
        a, b, c = st.columns([2, 1, 1])
        a.markdown(f"**{t('crit_' + key)}** – {t('threshold_why_' + key)}")
        red = b.number_input(t("light_red") + (" (%)" if share else ""), -bound, bound, float(th.red * factor), key=f"lokus_th_r_{key}")
        yellow = c.number_input(t("light_yellow") + (" (%)" if share else ""), -bound, bound, float(th.yellow * factor), key=f"lokus_th_y_{key}")
        try:
            thresholds[key] = lokus.Threshold(red / factor, yellow / factor, th.direction, th.rationale)
        except ValueError as error:
            st.error(f"{t('crit_' + key)}: {error}")
if extra is not None:
    for key in extra.labels:
        thresholds[key] = lokus.tertile_threshold(criteria[key], directions[key])
lights = lokus.traffic_light(selection, thresholds)

method = lokus.method_summary(weights, n=n, period=period, compare_period=compare, eb=eb, eb_prior=prior,
                              directions=directions,
                              hotspot={"input": hot_input, "weights": "queen", "permutations": 999, "seed": 12345, "alpha": 0.05})
method["extra_labels"] = extra_labels


def _fmt(key: str, value) -> str:
    if value is None or pd.isna(value):
        return "–"
    if key in SHARE_CRITERIA:
        return f"{float(value) * 100:+.1f}" if key == "trend" else f"{float(value) * 100:.1f} %"
    if key == "burden":
        return f"{int(value)}"
    return f"{float(value):.2f}"


# --- ranking, breakdown, traffic light, map -----------------------------------------------------------
st.markdown(t("lokus_summary", n=int(selection["selected"].sum()), total=n_places,
              added=len(overrides.added), removed=len(overrides.removed)))
tab_rank, tab_break, tab_light, tab_map = st.tabs([t("lokus_tab_rank"), t("lokus_tab_breakdown"), t("lokus_tab_light"), t("lokus_tab_map")])
criterion_keys = [k for k in [*lokus.CRITERIA, *extra_labels] if k in selection.columns]
label_of = {k: extra_labels.get(k) or t(f"crit_{k}") for k in criterion_keys}

with tab_rank:
    table = pd.DataFrame({
        t("lokus_rank"): selection["rank"],
        t("lokus_selected"): selection["selected"],
        t("lokus_how"): selection["how"].map(lambda h: t(f"how_{h}") if h else ""),
        t("kelurahan"): selection["nama"],
        t("kecamatan"): selection["kecamatan_nama"],
        t("lokus_score"): selection["score"].round(3),
        t("lokus_criteria_used"): selection["criteria_used"],
        t("lokus_children"): selection["children"],
        t("lokus_prev_crude"): (selection["prevalence_crude"] * 100).round(1),
        t("lokus_prev_eb"): (selection["prevalence_eb"] * 100).round(1),
    })
    for key in criterion_keys:
        if key != "prevalence":
            table[label_of[key]] = selection[key].map(lambda v, k=key: _fmt(k, v))
    table[t("qlokus_col")] = selection["data_problem"].map({True: t("yes"), False: ""})
    table[t("lokus_reason")] = selection["reason"]
    st.dataframe(table, hide_index=True, key="lokus_table")
    st.caption(t("lokus_rank_note"))

with tab_break:
    shown = selection[selection["selected"] | (selection["rank"] <= n)].copy()
    contrib = {label_of[k]: shown[f"contrib_{k}"].fillna(0.0) for k in criterion_keys if f"contrib_{k}" in shown}
    if contrib:
        chart = pd.DataFrame(contrib)
        chart.insert(0, t("kelurahan"), [f"{r:>3}. {nm}" for r, nm in zip(shown["rank"], shown["nama"])])
        st.bar_chart(chart, x=t("kelurahan"), y=list(contrib), horizontal=True, stack=True)
        st.dataframe(chart.round(3), hide_index=True)
    st.caption(t("lokus_breakdown_note"))

with tab_light:
    sort_by = st.radio(t("lokus_sort"), ["n_red", "rank"], key="lokus_light_sort", horizontal=True,
                       format_func=lambda s: t(f"sort_{s}"))
    light_keys = [k for k in thresholds if k in lights.columns]
    matrix = pd.DataFrame({t("lokus_rank"): selection["rank"], t("kelurahan"): selection["nama"],
                           t("lokus_selected"): selection["selected"]})
    for key in light_keys:
        matrix[label_of.get(key, key)] = selection[key].map(lambda v, k=key: _fmt(k, v))
    matrix[t("lokus_n_red")] = lights["n_red"].to_numpy()
    order = np.lexsort((selection["rank"].to_numpy(), -lights["n_red"].to_numpy())) if sort_by == "n_red" else np.arange(len(matrix))
    matrix = matrix.iloc[order].reset_index(drop=True)
    colours = lights.iloc[order].reset_index(drop=True)

    def _style(frame: pd.DataFrame) -> pd.DataFrame:
        styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for key in light_keys:
            styles[label_of.get(key, key)] = [f"background-color: {LIGHT_BG[c]}" for c in colours[key]]
        return styles

    st.dataframe(matrix.style.apply(_style, axis=None), hide_index=True, key="lokus_matrix")
    st.caption(t("lokus_light_note"))

with tab_map:
    fills = [hex_to_rgba(SELECTED_COLOUR) if s else hex_to_rgba(REMOVED_COLOUR) if h == "removed" else hex_to_rgba(OTHER_COLOUR)
             for s, h in zip(selection["selected"], selection["how"])]
    props = {
        "nama": selection["nama"].astype(str),
        "kecamatan": selection["kecamatan_nama"].astype(str),
        "peringkat": selection["rank"].astype(str),
        "skor": selection["score"].map(lambda v: "–" if pd.isna(v) else f"{v:.3f}"),
        "prev": selection["prevalence_crude"].map(lambda v: _fmt("prevalence", v)),
        "prev_eb": selection["prevalence_eb"].map(lambda v: _fmt("prevalence", v)),
        "status": selection["how"].map(lambda h: t(f"how_{h}") if h else ""),
    }
    geometries = data.kelurahan_geometries()
    feature_list = features(geometries, selection, fills, props)
    layers = [choropleth_layer(feature_list)]
    legend_rows = [(SELECTED_COLOUR, t("legend_lokus"), int(selection["selected"].sum())),
                   (REMOVED_COLOUR, t("how_removed"), int((selection["how"] == "removed").sum())),
                   (OTHER_COLOUR, t("lokus_other"), int((~selection["selected"] & (selection["how"] != "removed")).sum()))]
    if hot_layer and hot is not None:
        import pydeck as pdk

        for cls, colour in (("hot", HOT_LINE), ("cold", COLD_LINE)):
            codes = set(hot.loc[hot["gi_class"] == cls, "kode"])
            chosen = [f for f in feature_list if f["properties"]["kode"] in codes]
            layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": chosen}, id=f"hotspot_{cls}",
                                    stroked=True, filled=False, get_line_color=colour, line_width_min_pixels=4, pickable=False))
            legend_rows.append(("rgb(%d,%d,%d)" % tuple(colour[:3]), t(f"hot_{cls}"), len(chosen)))
    # the outlines' extent (not the centroids'): no kelurahan is cut at the map's edge
    bounds = extent("kelurahan", selection["kode"]) or data.map_bounds()
    tooltip = ("{nama}\n" + t("kecamatan") + ": {kecamatan}\n" + t("lokus_rank") + ": {peringkat} · " + t("lokus_score")
               + ": {skor}\n" + t("lokus_prev_crude") + ": {prev} · " + t("lokus_prev_eb") + ": {prev_eb}\n{status}")
    m1, m2 = st.columns([4, 1])
    m1.pydeck_chart(deck(layers, view_for(bounds, height_px=520), tooltip), height=520, key="lokus_map")
    m2.markdown(legend_html(t("legend"), legend_rows), unsafe_allow_html=True)
    if hot is not None:
        m2.caption(t("lokus_hot_note", input=t(f"crit_{hot_input}")))

# --- manual changes -----------------------------------------------------------------------------------
st.subheader(t("lokus_manual"))
a1, a2, a3, a4 = st.columns([1, 2, 3, 1])
action = a1.radio(t("lokus_action"), ["remove", "add"], key="lokus_action", format_func=lambda a: t(f"action_{a}"))
pool = selection.loc[selection["selected"] & (selection["how"] != "added"), "kode"] if action == "remove" else \
    selection.loc[~selection["selected"] & (selection["how"] != "removed"), "kode"]
target = a2.selectbox(t("kelurahan"), pool.tolist(), key="lokus_target",
                      format_func=lambda k: f"{names.get(k, k)} ({k})")
reason = a3.text_input(t("lokus_reason"), key="lokus_reason_input", max_chars=lokus.MAX_REASON_CHARS)
if a4.button(t("lokus_apply"), key="lokus_apply"):
    try:
        clean = lokus.clean_reason(reason)
        if target is None:
            raise ValueError(t("lokus_pick_first"))
        key = "removed" if action == "remove" else "added"
        ss["lokus_overrides"][key][target] = clean
        ss["lokus_reason_clear"] = True
        st.rerun()
    except ValueError as error:
        st.error(message(error, lang))     # the error's own glossary key, never matched by its text
if overrides.added or overrides.removed:
    changes = [(k, names.get(k, k), t("how_added"), r) for k, r in overrides.added.items()] + \
              [(k, names.get(k, k), t("how_removed"), r) for k, r in overrides.removed.items()]
    st.dataframe(pd.DataFrame(changes, columns=["kode", t("kelurahan"), t("lokus_how"), t("lokus_reason")]), hide_index=True)
    if st.button(t("lokus_undo_all"), key="lokus_undo_all"):
        ss["lokus_overrides"] = {"added": {}, "removed": {}}
        st.rerun()

# --- save, reopen, compare ----------------------------------------------------------------------------
st.subheader(t("lokus_saved_title"))
store_file = store.store_path(data.db_path())
st.caption(t("lokus_store_note", path=str(store_file)))
user = auth.current_user()
s1, s2 = st.columns([3, 1])
ss.setdefault("lokus_save_name", f"Lokus {period}")
save_name = s1.text_input(t("lokus_save_name"), key="lokus_save_name", max_chars=store.MAX_NAME_CHARS,
                          disabled=not user.can("save_selection"))
if not user.can("save_selection"):
    s2.caption(t("lokus_save_viewer"))
elif s2.button(t("lokus_save"), key="lokus_save"):
    try:
        saved = store.from_ranking(save_name, selection, method, criteria_columns=criterion_keys + ["prevalence_crude", "prevalence_eb", "children"])
        saved.author = user.name
        selection_id = store.save_selection(store_file, saved)
        accounts.audit(data.db_path(), user.name, "selection_save", f"#{selection_id} {saved.name}")
        st.success(t("lokus_saved_ok", name=saved.name, id=selection_id))
    except (ValueError, OSError) as error:
        st.error(f"{t('lokus_save_failed')}: {error}")

saved_list = store.list_selections(store_file) if store_file.exists() else pd.DataFrame()
if len(saved_list):
    labels = {int(r.id): f"#{r.id} {r.name} · {r.created_at} · {r.period} · {r.selected} kel."
                         + (f" · {t('lokus_author', author=r.author)}" if r.author else "")
              for r in saved_list.itertuples()}
    r1, r2, r3 = st.columns([3, 1, 1])
    chosen = r1.selectbox(t("lokus_saved_pick"), list(labels), key="lokus_saved_pick", format_func=lambda i: labels[i])
    if r2.button(t("lokus_open"), key="lokus_open"):
        opened = store.load_selection(store_file, chosen)
        w = opened.method.get("weights", {})
        pending = {f"lokus_w_{k}": int(v) for k, v in w.items() if k in lokus.CRITERIA}
        pending.update({"lokus_n": int(opened.n), "lokus_eb": opened.method.get("prevalence", "crude") != "crude"})
        if opened.period in periods:
            pending["lokus_period"] = opened.period
        if opened.method.get("compare_period") in periods:
            pending["lokus_compare"] = opened.method["compare_period"]
        items = opened.items
        ss["lokus_overrides"] = {
            "added": dict(zip(items.loc[items["how"] == "added", "kode"], items.loc[items["how"] == "added", "reason"])),
            "removed": dict(zip(items.loc[items["how"] == "removed", "kode"], items.loc[items["how"] == "removed", "reason"])),
        }
        ss["lokus_pending"] = pending
        ss["lokus_opened"] = opened.name
        st.rerun()
    if user.can("save_selection") and r2.button(t("lokus_delete"), key="lokus_delete"):
        store.delete_selection(store_file, chosen)
        accounts.audit(data.db_path(), user.name, "selection_delete", labels[chosen])
        st.rerun()
    compare_with = r3.toggle(t("lokus_compare_toggle"), key="lokus_compare_toggle")
    if ss.get("lokus_opened"):
        st.caption(t("lokus_opened_note", name=ss["lokus_opened"]))
    if compare_with:
        other = store.load_selection(store_file, chosen)
        diff = store.compare(selection, other)
        counts = diff["status"].value_counts()
        st.markdown(t("lokus_compare_summary", name=other.name, both=int(counts.get("both", 0)),
                      new=int(counts.get("new", 0)), dropped=int(counts.get("dropped", 0))))
        diff["status"] = diff["status"].map(lambda s: t(f"cmp_{s}"))
        st.dataframe(diff, hide_index=True, key="lokus_compare_table")

# --- exports ------------------------------------------------------------------------------------------
st.subheader(t("lokus_export"))
stamp = dt.datetime.now().isoformat(timespec="seconds")
base = f"lokus_{period}"
lang = current_lang()
with data.connect() as _con:
    doc_ctx = document.context(_con, period, lang)
csv_format = st.radio(t("csv_format"), ["id", "en"], key="lokus_csv_format", horizontal=True,
                      index=0 if lang == "id" else 1, format_func=lambda f: t(f"csv_format_{f}"))
x1, x2, x3, x4 = st.columns(4)
x1.download_button(
    t("lokus_dl_xlsx"), data=lambda: exports.selection_xlsx(selection, method, ctx=doc_ctx, name=save_name,
                                                            created_at=stamp, lights=lights),
    file_name=f"{base}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="lokus_dl_xlsx", on_click="ignore",
)
x2.download_button(
    t("lokus_dl_csv"), data=lambda: exports.selection_csv(selection, method, ctx=doc_ctx, csv_format=csv_format,
                                                          name=save_name, created_at=stamp, lights=lights),
    file_name=f"{base}.csv", mime="text/csv", key="lokus_dl_csv", on_click="ignore",
)


# the download callables run outside the script run: everything they need is computed here, no st.* inside
map_words = {"lokus": t("legend_lokus"), "other": t("lokus_other"), "rank": t("lokus_rank"), "score": t("lokus_score"),
             "prevalence": t("lokus_prev_crude"), "hotspot": t("hot_hot"), "kecamatan": t("kecamatan")}
map_title = t("lokus_map_title", period=period)
png_note = t("lokus_png_note", n=n)
hot_for_map = hot if hot_layer else None


def _html_map() -> bytes:
    from geo.folium_map import lokus_map_html

    return lokus_map_html(places, selection, title=map_title, subtitle=save_name, labels=map_words,
                          hotspots=hot_for_map).encode("utf-8")


def _png_map() -> bytes:
    """The lokus map as the Aksi 1 pack draws it: kabupaten/kota and period, classes with their bounds, lokus
    named without overlaps, manual additions and removals marked, source in words."""
    from pipelines.outputs import charts

    with data.connect() as con:
        figure = charts.lokus_map(con, selection, doc_ctx, title=map_title, subtitle=save_name,
                                  note=png_note)
    return charts.png(figure)


def _aksi1_pack() -> bytes:
    from pipelines.lokus.current import LokusResult
    from pipelines.outputs import aksi1

    result = LokusResult(selection, lights, method, save_name or None, stamp)
    with data.connect() as con:
        return aksi1.aksi1_zip(con, period, doc_ctx, result)


st.download_button(t("dl_aksi1_pack"), data=_aksi1_pack, file_name=f"paket_aksi1_{period}.zip", mime="application/zip",
                   key="lokus_dl_aksi1", on_click="ignore", help=t("dl_aksi1_help"))
x3.download_button(t("lokus_dl_png"), data=_png_map, file_name=f"{base}.png", mime="image/png", key="lokus_dl_png", on_click="ignore")
x4.download_button(t("lokus_dl_html"), data=_html_map, file_name=f"{base}.html", mime="text/html", key="lokus_dl_html", on_click="ignore")

with st.expander(t("pub_title")):
    st.caption(t("pub_help"))
    p1, p2 = st.columns(2)
    pub_period = p1.selectbox(t("period"), periods, key="pub_period")
    pub_small_n = int(p2.number_input(t("pub_small_n"), min_value=1, max_value=1000, value=data.small_n(), key="pub_small_n"))

    with data.connect() as _con:
        pub_ctx = document.context(_con, pub_period, lang, small_n=pub_small_n)

    def _publication_xlsx() -> bytes:
        with data.connect() as con:
            return exports.publication_xlsx(con, pub_period, pub_ctx)

    def _publication_csv() -> bytes:
        with data.connect() as con:
            return exports.publication_csv(con, pub_period, pub_ctx, csv_format)

    def _publication_pdf() -> bytes:
        from pipelines.outputs import aksi7

        with data.connect() as con:
            return aksi7.aksi7_pdf(con, pub_period, pub_ctx)

    q0, q1, q2 = st.columns(3)
    q0.download_button(t("pub_dl_pdf"), data=_publication_pdf, file_name=f"publikasi_aksi7_{pub_period}.pdf",
                       mime="application/pdf", key="pub_dl_pdf", on_click="ignore")
    q1.download_button(t("pub_dl_xlsx"), data=_publication_xlsx,
                       file_name=f"publikasi_{pub_period}.xlsx", key="pub_dl_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    q2.download_button(t("pub_dl_csv"), data=_publication_csv,
                       file_name=f"publikasi_{pub_period}.csv", mime="text/csv", key="pub_dl_csv", on_click="ignore")

prevalence_method = t("lokus_method_eb", prior=t(f"prior_{prior}")) if eb else t("lokus_method_crude")
st.caption(t("lokus_footer", method=t("lokus_method_text", prevalence=prevalence_method)))
