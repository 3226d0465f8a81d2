"""Peta: choropleth of any indicator per kelurahan/desa, kecamatan or kabupaten/kota, for one period or the change
between two periods.

The map is the largest thing on the page; its controls sit in one row above it (indicator, period, level,
kecamatan, a search for a desa/kelurahan), the rest in a "map settings" popover (value or change, classes,
hiding small numbers, layers, basemap), zoom and reset buttons beside the legend.

What runs on a change: the page's map part is one `st.fragment`, so a control change, a click on the map or a
search reruns only that part. Geometry travels once: every layer is a view file (dashboard/layers.py) the browser
downloads, parses and tessellates once; a change of indicator or period sends only the fill expression and the
tooltip template (which names the text to show, stored in the file for every indicator and period). Hovering is
done in the browser (deck.gl tooltips), a click reruns the fragment to outline the place and offer its profile.
Only the change view and the "hide small numbers" view (whose tooltips depend on the choice) send their polygons
inline. Borders are line layers from static segment files (dashboard/layers.py: edges files). Names: those that
fit the opening view, and for each mouse-wheel zoom step in, the names that then fit too, fetched and drawn by
deck.gl from that zoom on (dashboard/maps.py: zoom_bands); zooming out below the opening view keeps its names.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import auth, data, quality_filter
from dashboard import layers as L
from dashboard import maps as M
from pipelines.indicators import catalogue
from pipelines.present import format as fmt
from pipelines.present.classify import (
    HIDDEN_COLOUR, NO_DATA_COLOUR, class_labels, default_method, make_classes, methods_for,
)
from pipelines.present.glossary import current_lang, indicator_choice, indicator_label, indicator_noun, t

PROFILE_PAGE = "views/profil.py"
ALL = "__all__"
MAP_HEIGHT = 640            # px: the map fills a laptop screen below the control row
KECAMATAN_LINE = [35, 35, 35, 255]
KECAMATAN_LABEL_PX, PLACE_LABEL_PX = 15, 12
PLACE_LINE = [255, 255, 255, 255]


# --- state changed by buttons, the search and map clicks (callbacks run before the fragment reruns) ----------

def _zoom(step: int) -> None:
    st.session_state["map_zoom_delta"] = st.session_state.get("map_zoom_delta", 0) + step


def _reset_view() -> None:
    st.session_state["map_zoom_delta"] = 0
    st.session_state["map_focus"] = None
    st.session_state["map_search"] = None
    st.session_state["map_view_nonce"] = st.session_state.get("map_view_nonce", 0) + 1


def _on_search() -> None:
    kode = st.session_state.get("map_search")
    st.session_state["map_focus"] = kode
    st.session_state["map_zoom_delta"] = 0
    if kode:
        st.session_state["map_selected_kode"] = kode


def _on_map_select() -> None:
    try:
        objects = st.session_state["map"].selection.objects.get("kelurahan", [])
    except (KeyError, AttributeError):
        return
    if objects:
        kode = objects[0].get("properties", {}).get("kode")
        if kode:
            st.session_state["map_selected_kode"] = kode


# --- sections ----------------------------------------------------------------------------------------------

def controls(indicators: list[str], periods: list[str], small_n: int) -> dict:
    """The control row and the settings popover; returns the choices."""
    c = {}
    lang = current_lang()

    def period_text(period: str) -> str:
        return fmt.period_words(period, lang)

    # two rows (the second with the problem-data choice): in one row of six, a 1280-1440 px screen with the
    # sidebar open cut off the indicator, the period, the level and the settings button (test_map_browser:
    # nothing cut off at 1280 x 720)
    top = st.columns([2.4, 1.3, 1.1, 1.3], vertical_alignment="bottom")
    below = st.columns([2.4, 1.3, 2.4], vertical_alignment="bottom")
    row = [*top, below[0], below[1]]
    default = indicators.index(catalogue.HEADLINE) if catalogue.HEADLINE in indicators else 0
    c["indicator"] = row[0].selectbox(t("indicator"), indicators, index=default,
                                      format_func={k: indicator_choice(k) for k in indicators}.get, key="map_indicator")
    mode = st.session_state.get("map_mode", "level")
    c["change"] = mode == "change"
    ordered = sorted(periods)
    if c["change"]:
        # the default "from" follows the read model's one comparison rule (stated in the help text)
        compared = data.comparison_period(st.session_state.get("map_period_to", ordered[-1])) or ordered[0]
        c["period_from"] = row[1].selectbox(t("period_from"), ordered, index=ordered.index(compared),
                                            key="map_period_from", format_func=period_text, help=t("compare_rule"))
        c["period"] = row[1].selectbox(t("period_to"), ordered, index=len(ordered) - 1, key="map_period_to",
                                       format_func=period_text)
    else:
        c["period_from"] = None
        c["period"] = row[1].selectbox(t("period"), periods, key="map_period", format_func=period_text)
    c["level"] = row[2].selectbox(t("map_level"), L.LEVELS, format_func={lv: t(f"level_{lv}") for lv in L.LEVELS}.get,
                                  key="map_level")
    kecamatan = data.kecamatan_list()
    names = dict(zip(kecamatan["kode"], kecamatan["nama"]))
    c["kecamatan"] = row[3].selectbox(t("kecamatan"), [ALL, *kecamatan["kode"].tolist()],
                                      format_func=lambda k: t("all") if k == ALL else names.get(k, k),
                                      key="map_kecamatan")
    places = data.kelurahan_list()
    labels = {r.kode: f"{r.nama} – {r.kecamatan_nama}" for r in places.itertuples()}
    row[4].selectbox(t("map_search"), places["kode"].tolist(), index=None, format_func=lambda k: labels.get(k, k),
                     placeholder=t("map_search_placeholder"), key="map_search", on_change=_on_search)
    with row[5].popover(t("map_settings"), width="stretch"):
        st.radio(t("map_mode"), ["level", "change"], format_func=lambda m: t(f"mode_{m}"), key="map_mode",
                 horizontal=True)
        methods = methods_for(c["indicator"], c["change"])
        method_default = default_method(c["indicator"], c["change"])
        c["method"] = st.selectbox(t("classification"), methods, index=methods.index(method_default),
                                   format_func=lambda m: t(f"method_{m}"), key="map_method_" + "-".join(methods))
        c["k"] = st.slider(t("n_classes"), 3, 7, 5, key="map_k", disabled=c["method"] in ("who", "change"))
        c["hide_small"] = st.checkbox(t("hide_small_n", n=small_n), key="map_hide_small")
        st.markdown(f"**{t('layers')}**")
        c["show_kecamatan"] = st.checkbox(t("layer_kecamatan"), value=True, key="layer_kecamatan")
        c["show_labels"] = st.checkbox(t("layer_labels"), value=False, key="layer_labels")
        c["show_posyandu"] = st.checkbox(t("layer_posyandu"), value=False, key="layer_posyandu")
        c["show_burden"] = st.checkbox(t("layer_burden"), value=False, key="layer_burden")
        c["basemap"] = st.checkbox(t("basemap"), value=False, key="map_basemap")
    with below[2]:  # desa whose data are graded problematic: show, mark or hide
        c["quality_mode"] = quality_filter.peta_control()
    return c


def place_frame(c: dict) -> pd.DataFrame:
    """The places of the chosen level (and kecamatan) with their values, in kode order."""
    level = c["level"]
    frame = L.level_change(level, c["indicator"], c["period_from"], c["period"]) if c["change"] \
        else L.level_indicator(level, c["indicator"], c["period"])
    if c["kecamatan"] != ALL and level != "kabupaten":
        frame = frame[frame["kecamatan_kode"] == c["kecamatan"]]
    return frame.reset_index(drop=True)


def map_view(c: dict, codes: list[str]):
    """The opening view: the outlines of the shown places (or the searched place) fill the map, with the zoom
    buttons' steps; a reset perturbs the view by a hair so that the browser takes it even when unchanged."""
    focus = st.session_state.get("map_focus")
    bounds = L.extent("kelurahan", [focus]) if focus else None
    if bounds is None:
        bounds = L.extent(c["level"], codes) or data.map_bounds()
    view = M.view_for(bounds, height_px=MAP_HEIGHT)
    base_zoom = float(view.zoom)
    nonce = st.session_state.get("map_view_nonce", 0) % 2
    view.zoom = round(max(1.0, min(18.0, base_zoom + st.session_state.get("map_zoom_delta", 0))), 2) + nonce * 1e-6
    view.longitude = float(view.longitude) + nonce * 1e-9
    view.latitude = float(view.latitude) + nonce * 1e-9
    return view, base_zoom


def palette_rows(classes, frame: pd.DataFrame, values: pd.Series, hidden: pd.Series, method: str, change: bool):
    """Palette index per place: its class, or no data / suppressed / unclassified; and the palette (RGBA)."""
    k = len(classes.colours)
    index = np.array(classes.index(values), dtype=np.int64)
    numeric = pd.to_numeric(frame["value"], errors="coerce")
    unclassified = numeric.notna() & ~hidden & (~np.isfinite(numeric) | (
        (method == "who") & ~change & ((numeric < 0) | (numeric > 1))))
    index[index < 0] = k
    index[hidden.to_numpy()] = k + 1
    index[unclassified.to_numpy()] = k + 2
    palette = [M.hex_to_rgba(colour) for colour in classes.colours] + [
        M.hex_to_rgba(NO_DATA_COLOUR), M.hex_to_rgba(HIDDEN_COLOUR), M.hex_to_rgba(M.UNCLASSIFIED_COLOUR)]
    return index, palette, unclassified


def tooltip_rows(frame: pd.DataFrame, hidden: pd.Series, change: bool, small_n: int, lang: str,
                 indicator: str) -> pd.DataFrame:
    """Tooltip lines per place for inline layers: value (with from → to for a change), 95 % CI, n."""
    children = indicator_noun(indicator)
    rows = []
    for r, is_hidden in zip(frame.itertuples(index=False), hidden):
        if is_hidden:
            value, ci = t("tt_hidden", n=small_n), ""
        else:
            value = fmt.points(r.value, 1, lang) if change else fmt.percent(r.value, 1, lang)
            if change and not pd.isna(r.value_from):
                value += f" ({fmt.percent(r.value_from, 1, lang)} → {fmt.percent(r.value_to, 1, lang)})"
            ci = fmt.share_range(r.ci_low, r.ci_high, 1, lang) if not pd.isna(r.ci_low) else ""
        n = ""
        if not pd.isna(r.denominator):
            numerator = "–" if is_hidden else fmt.number(r.numerator, 0, lang)
            n = f"{numerator}/{fmt.number(r.denominator, 0, lang)} {children}"
            if r.denominator < small_n:
                n += " · " + t("tt_small_n", n=small_n)
        rows.append((value, ci, n))
    return pd.DataFrame(rows, columns=["nilai", "ci", "n"], dtype=object)


def label_layers(c: dict, frame: pd.DataFrame, view, show_kec_names: bool) -> list:
    """Names that fit, kecamatan names (larger) first, then the level's places by burden (numerator): those of the
    opening view as text layers, and for each mouse-wheel zoom step in the names that then fit too
    (`maps.zoom_bands`: shown by deck.gl from that zoom on, without a rerun)."""
    groups, styles = [], []
    if show_kec_names:
        shapes = data.kecamatan_shapes()
        if c["kecamatan"] != ALL:
            shapes = shapes[shapes["kode"] == c["kecamatan"]]
        if len(shapes) <= L.LABELS_MAX:
            groups.append([{"lon": a, "lat": b, "text": str(n), "size": KECAMATAN_LABEL_PX, "priority": 1}
                           for a, b, n in zip(shapes["label_lon"], shapes["label_lat"], shapes["nama"]) if a == a and b == b])
            styles.append(("kecamatan_names", 600))
    if c["show_labels"]:
        burden = pd.to_numeric(frame["numerator"], errors="coerce").fillna(-1)
        order = burden.sort_values(ascending=False, kind="stable").index[:L.LABEL_CANDIDATES_MAX]
        size = PLACE_LABEL_PX if c["level"] == "kelurahan" else KECAMATAN_LABEL_PX
        groups.append([{"lon": frame.at[i, "centroid_lon"], "lat": frame.at[i, "centroid_lat"],
                        "text": str(frame.at[i, "nama"]), "size": size, "priority": float(burden[i])}
                       for i in order if frame.at[i, "centroid_lon"] == frame.at[i, "centroid_lon"]])
        styles.append(("place_names", 400))
    if not groups:
        return []
    bands = M.zoom_bands(groups, view, M.MAP_WIDTH_PX, MAP_HEIGHT)
    layers = [M.label_layer(kept, layer_id, weight=weight) for kept, (layer_id, weight) in zip(bands[0], styles)]
    for k, band in enumerate(bands[1:], start=1):
        for added, (layer_id, weight) in zip(band, styles):
            if added:
                layers.append(M.zoomed_label_layer(L.label_file_url(added), f"{layer_id}_zoom{k}",
                                                   float(view.zoom) + k, weight=weight))
    return layers


def point_layers(c: dict, frame: pd.DataFrame, span_m: float, legend_extra: list) -> list:
    """Burden circles (stunted children) and posyandu (children measured; warning colour when misplaced or
    unlocated); their legend rows are appended to `legend_extra`."""
    layers = []
    cell_m = span_m / max(len(frame), 1) ** 0.5
    kelurahan_codes = set(frame["kode"]) if c["level"] == "kelurahan" else None
    if c["show_burden"]:
        stunting = data.kelurahan_indicator(catalogue.HEADLINE, c["period"])
        if kelurahan_codes is not None:
            stunting = stunting[stunting["kode"].isin(kelurahan_codes)]
        radius = M.proportional_radius(stunting["numerator"], cell_m * 0.45)
        records = [{"lon": a, "lat": b, "radius": float(r), "fill": M.BURDEN_FILL, "line": [255, 255, 255, 255]}
                   for a, b, r in zip(stunting["centroid_lon"], stunting["centroid_lat"], radius) if r > 0 and a == a]
        layers.append(M.point_layer(records, "burden"))
        top = int(stunting["numerator"].max()) if stunting["numerator"].notna().any() else 0
        legend_extra.append((M.swatch("rgba(84,39,143,0.6)", "circle"), t("burden_legend", max=fmt.number(top, 0, current_lang()))))
    if c["show_posyandu"]:
        posyandu = L.posyandu_points(c["period"])
        if kelurahan_codes is not None:
            posyandu = posyandu[posyandu["kode"].isin(kelurahan_codes)]
        radius = M.proportional_radius(posyandu["children"], cell_m * 0.2)
        warning = posyandu["warning"].to_numpy()
        records = [{"lon": a, "lat": b, "radius": float(max(r, cell_m * 0.04)),
                    "fill": M.POSYANDU_WARNING_FILL if w else M.POSYANDU_OK_FILL,
                    "line": M.POSYANDU_WARNING_LINE if w else [255, 255, 255, 255]}
                   for a, b, r, w in zip(posyandu["lon"], posyandu["lat"], radius, warning) if a == a and b == b]
        layers.append(M.point_layer([r for r, w in zip(records, warning) if not w], "posyandu"))
        flagged = [r for r, w in zip(records, warning) if w]
        if flagged:
            layers.append(M.point_layer(flagged, "posyandu_warning", line_width=2))
            layers.append(M.label_layer([{"lon": r["lon"], "lat": r["lat"], "text": "!", "size": 13} for r in flagged],
                                        "posyandu_warning_mark", colour=(255, 255, 255, 255), weight=700))
        lang = current_lang()
        top = int(posyandu["children"].max()) if len(posyandu) else 0
        legend_extra.append((M.swatch("rgba(82,96,115,0.67)", "circle"), t("posyandu_ok_legend", max=fmt.number(top, 0, lang))))
        legend_extra.append((M.swatch("rgb(217,72,1)", "circle", "#3c1400"),
                             t("posyandu_warning_legend", count=fmt.number(int(warning.sum()), 0, lang))))
    return layers


def legend(c: dict, classes, index: np.ndarray, small: pd.Series, hidden: pd.Series, small_n: int,
           extra: list, lang: str) -> str:
    k = len(classes.colours)
    counts = [int((index == i).sum()) for i in range(k + 3)]
    rows = [(colour, label, counts[i]) for i, (colour, label) in enumerate(zip(classes.colours, class_labels(classes, t, lang)))]
    rows += [(NO_DATA_COLOUR, t("legend_no_data"), counts[k]),
             (HIDDEN_COLOUR, t("legend_suppressed", n=small_n), counts[k + 1]),
             (M.UNCLASSIFIED_COLOUR, t("legend_unclassified"), counts[k + 2])]
    marks = [(M.hatch_swatch(), t("legend_uncertain", n=small_n) + f" ({int((small & ~hidden).sum())})"),
             (M.outline_swatch(), t("legend_selected"))] + extra
    title = f"{indicator_label(c['indicator'])} – {t('change') if c['change'] else t('value')}"
    return M.legend_html(title, rows, marks)


def values_table(c: dict, frame: pd.DataFrame, values: pd.Series, hidden: pd.Series, small: pd.Series,
                 small_n: int, lang: str) -> None:
    """Values per place as the locale writes them (decimal comma in id); n < small-n marked."""
    def numbers(series: pd.Series, decimals: int) -> list[str]:
        return [fmt.number(v, decimals, lang) for v in series]

    share = values * 100
    table = pd.DataFrame({
        t("col_kode"): frame["kode"],
        t("col_nama"): frame["nama"],
        t("kecamatan"): frame["kecamatan_nama"].fillna("–"),
        t("col_change") if c["change"] else t("col_value"):
            [fmt.number(v, 1, lang, sign=c["change"]) for v in share],
        t("col_ci_low"): numbers(frame["ci_low"].where(~hidden) * 100, 1),
        t("col_ci_high"): numbers(frame["ci_high"].where(~hidden) * 100, 1),
        t("col_numerator"): numbers(frame["numerator"].where(~hidden), 0),
        t("col_denominator"): numbers(frame["denominator"], 0),
        t("col_reliability"): np.where(small, t("reliability_small", n=small_n), ""),
    })
    st.dataframe(table, hide_index=True, key="map_table")


@st.fragment
def map_section() -> None:
    lang = current_lang()
    periods, small_n = data.periods(), data.small_n()
    indicators = catalogue.ordered_keys(data.indicator_names())  # grouped, stunting first
    c = controls(indicators, periods, small_n)
    level, change = c["level"], c["change"]
    frame = place_frame(c)
    denominators = frame[["denominator", "denominator_from"]].min(axis=1) if change else frame["denominator"]
    small = denominators.notna() & (denominators < small_n)
    hidden = small & c["hide_small"]
    problem = quality_filter.peta_problem_mask(frame, level, c["period"])
    hide_problem = c["quality_mode"] == "hide" and bool(problem.any())
    hidden = hidden | (problem & hide_problem)
    values = frame["value"].where(~hidden)
    classes = make_classes(values, c["method"], c["indicator"], k=c["k"], change=change)
    index, palette, unclassified = palette_rows(classes, frame, values, hidden, c["method"], change)
    codes = frame["kode"].tolist()
    view, base_zoom = map_view(c, codes)
    kecamatan = None if c["kecamatan"] == ALL or level == "kabupaten" else c["kecamatan"]

    # the choropleth: a view file recoloured by expression, or (change / hidden numbers) inline polygons
    large = len(frame) > L.INLINE_MAX
    from_file = large or not (change or c["hide_small"] or hide_problem)
    if from_file:
        url = L.view_file_url(level, lang, small_n, kecamatan)
        file_codes = L.view_codes(level, kecamatan)
        per_feature = L.feature_classes(file_codes, frame["kode"], index, missing=len(classes.colours))
        expression = L.fill_expression(palette, per_feature)
        trigger = hashlib.sha1(expression.encode()).hexdigest()
        layers = [L.choropleth_layer(url, "@@=" + expression, trigger, outline=False)]
        if large or not L.view_file_has_texts(level, kecamatan):
            tooltip = "{nama}\n" + t("tt_static")
        else:
            tooltip = "{nama}\n" + (t("kecamatan") + ": {kec}\n" if level == "kelurahan" else "") + \
                "{" + L.text_key(c["indicator"], c["period"]) + "}"
    else:
        texts = tooltip_rows(frame, hidden, change, small_n, lang, c["indicator"])
        fills = [palette[i] for i in index]
        properties = {"nama": frame["nama"], "kec": frame["kecamatan_nama"].fillna(""),
                      **{name: texts[name] for name in texts}}
        feature_list = M.features(L.geometries(level), frame, fills, properties)
        trigger = hashlib.sha1(json.dumps(fills).encode()).hexdigest()
        layers = [L.choropleth_layer({"type": "FeatureCollection", "features": feature_list}, "@@=properties.fill",
                                     trigger, outline=False)]
        tooltip = "{nama}\n" + (t("kecamatan") + ": {kec}\n" if level == "kelurahan" else "") + \
            t("tt_value") + ": {nilai}\n" + t("tt_ci") + ": {ci}\n{n}"

    # every place's border (thin, white), a separate line layer (dashboard/layers.py: edges files); a province-size
    # layer has none (its borders would cover the colours at the opening view)
    if not large:
        layers.append(L.edges_layer(L.edges_file_url(level, kecamatan), "place_borders", PLACE_LINE, 1.0))

    # reliability: places whose rate rests on fewer than small_n children are hatched
    uncertain = frame.loc[(small & ~hidden & frame["value"].notna()).to_numpy(), "kode"].tolist()
    if uncertain and len(uncertain) <= L.SMALL_MARKERS_MAX:
        spacing = M.HATCH_SPACING_PX * 360.0 / (512.0 * 2 ** base_zoom)
        layers.append(M.hatch_layer(M.hatch_lines(L.geometries(level), uncertain, spacing)))
    if c["show_kecamatan"] and level == "kelurahan" and not large:
        layers.append(L.edges_layer(L.edges_file_url("kecamatan", kecamatan), "kecamatan_outline", KECAMATAN_LINE, 2.2))
    bounds = L.extent(level, codes) or data.map_bounds()
    span_m = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.005) * 111_000
    legend_extra: list = []
    if not large:
        layers += quality_filter.peta_layers(c["quality_mode"], frame, problem, L.geometries(level))
    quality_row = quality_filter.peta_legend(c["quality_mode"], problem)
    if quality_row:
        legend_extra.append(quality_row)
    layers += point_layers(c, frame, span_m, legend_extra)
    selected = st.session_state.get("map_selected_kode")
    if selected:
        geometry = L.geometries(level).get(selected) or L.geometries("kelurahan").get(selected)
        layers += M.selected_layers(geometry)
    layers += label_layers(c, frame, view, c["show_kecamatan"] and level in ("kelurahan", "kecamatan"))

    map_col, legend_col = st.columns([5, 1.25])
    with map_col:
        st.pydeck_chart(M.deck(layers, view, tooltip, "light" if c["basemap"] else None), height=MAP_HEIGHT,
                        key="map", on_select=_on_map_select, selection_mode="single-object")
    with legend_col:
        z1, z2, z3 = st.columns(3)
        z1.button(":material/add:", key="map_zoom_in", help=t("map_zoom_in"), on_click=_zoom, args=(1,),
                  width="stretch")
        z2.button(":material/remove:", key="map_zoom_out", help=t("map_zoom_out"), on_click=_zoom, args=(-1,),
                  width="stretch")
        z3.button(":material/fit_screen:", key="map_reset", help=t("map_reset_view"), on_click=_reset_view,
                  width="stretch")
        st.markdown(legend(c, classes, index, small, hidden, small_n, legend_extra, lang), unsafe_allow_html=True)
        st.caption(t("map_units_shown", shown=fmt.number(len(frame), 0, lang), unit=t(f"unit_{level}"),
                     with_value=fmt.number(int(values.notna().sum()), 0, lang)))
        if c["show_labels"] or c["show_kecamatan"]:
            st.caption(t("legend_labels_note"))

    # source and period
    files = data.sources()
    imported = fmt.datetime_words(str(files["imported_at"].max()), lang) if len(files) else fmt.DASH
    period_text = f"{fmt.period_words(c['period_from'], lang)} → {fmt.period_words(c['period'], lang)}" if change \
        else fmt.period_words(c["period"], lang)
    st.caption(t("caption_map", source=t("source"), files=data.sources_summary(lang),
                 imported=imported, period_label=t("period"), period=period_text))

    # the selected place: its values and its profile
    names = dict(zip(frame["kode"], frame["nama"]))
    if selected:
        info = data.kelurahan_info(selected)
        name = names.get(selected) or (str(info["nama"].iloc[0]) if len(info) else selected)
        row = frame.index[frame["kode"] == selected]
        text = t("map_selected", name=name)
        if len(row):
            value, ci, n = tooltip_rows(frame.loc[row], hidden.loc[row], change, small_n, lang, c["indicator"]).iloc[0]
            text += f" · {value}" + (f" · {t('tt_ci')} {ci}" if ci else "") + (f" · {n}" if n else "")
        s1, s2 = st.columns([3, 1], vertical_alignment="center")
        s1.caption(text)
        # only offered to a role that may open Profil (dashboard.auth)
        if len(info) and auth.page_allowed("profil") and s2.button(t("open_profile", name=name), key="map_open_profile"):
            st.session_state["profile_kode"] = selected
            st.switch_page(PROFILE_PAGE)
    else:
        st.caption(t("click_hint"))

    # on demand: a table widget loads the data-grid code with the page and delayed the first draw (~0.4 s)
    if st.toggle(t("table_values"), key="map_show_table"):
        values_table(c, frame, values, hidden, small, small_n, lang)


st.title(t("page_map"))
if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()
if "measurements" in data.missing_inputs():  # a build from boundaries (and registers) only: say so
    st.info(t("missing_measurements"))
if not data.periods() or not data.indicator_names():
    # boundaries only: the map of the places, every one without a value
    places = data.kelurahan_list()
    outline = M.features(L.geometries("kelurahan"), places, [M.hex_to_rgba(NO_DATA_COLOUR)] * len(places),
                         {"nama": places["nama"], "kecamatan": places["kecamatan_nama"]})
    st.pydeck_chart(M.deck([M.choropleth_layer(outline)], M.view_for(data.map_bounds()),
                           "{nama}\n" + t("kecamatan") + ": {kecamatan}", None), height=MAP_HEIGHT, key="map_places")
    st.stop()
map_section()
