"""Dashboard pages driven in-process with Streamlit's AppTest, on the fixture database (tests/dashboard_fixture.py)
and, when it exists, on the demo database (data/demo.duckdb). Every control is set and what the page shows
(legend classes and counts, table values, filtered counts, layers) is checked against the database."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import duckdb
import numpy as np

from pipelines.present.format import period_words
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.markdown import literal
import map_spec
from dashboard_fixture import PERIODS, XSS_NAME, build_fixture_db, empty_kode, small_kode
from paths import APP

APP = str(APP)
WHO_STUNTING = (0.025, 0.10, 0.20, 0.30)


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture_db(tmp_path_factory.mktemp("dash") / "fixture.duckdb")


@pytest.fixture(params=["fixture", "demo"])
def any_db(request, fixture_db) -> Path:
    if request.param == "fixture":
        return fixture_db
    return request.getfixturevalue("demo_build").db  # the demo city, built through the normal import


def sql(db: Path, text: str, *params) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(text, list(params)).df()
    finally:
        con.close()


def start(db: Path, monkeypatch, page: str | None = None, lang: str = "id") -> AppTest:
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def deck_spec(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[index].proto.json)


def layer(spec: dict, layer_id: str) -> dict | None:
    return next((item for item in spec["layers"] if item["id"] == layer_id), None)


def legend_rows(at: AppTest) -> list[tuple[str, str, int]]:
    """(colour, label, count) of each legend row with a count, as shown."""
    block = next(m.value for m in at.markdown if "peta-legend" in m.value)
    rows = []
    for colour, text in re.findall(r'background:(#[0-9a-f]{6});[^>]*></span>(.*?)</div>', block):
        match = re.match(r"(.*) \((\d+)\)$", html.unescape(text))
        if match:
            rows.append((colour, match.group(1), int(match.group(2))))
    return rows


# a column that only this table has (st.dataframe keys are not exposed to AppTest)
TABLE_MARKERS = {
    "map_table": ("IK 95 % bawah (%)", "95 % CI low (%)"),
    "profile_indicator_table": ("Peringkat di kab/kota",),
    "profile_trend_table": ("Periode",),
    "profile_posyandu_table": ("Balita stunting",),
    "profile_services_table": ("Sasaran terhambat",),
    "quality_coverage_table": ("Sasaran balita",),
    "quality_checks_table": ("SD TB/U",),
    "quality_quarantine_table": ("Alasan", "Reason"),
    "quality_recon_table": ("Kelurahan terdaftar",),
}


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The table the page shows under `key`, found by its distinctive column (the map page's on demand)."""
    if key == "map_table" and not at.toggle(key="map_show_table").value:
        at.toggle(key="map_show_table").set_value(True)
        rerun(at)
    markers = TABLE_MARKERS[key]
    return next(d.value for d in at.dataframe if any(m in d.value.columns for m in markers))


def latest_period(db: Path) -> str:
    return sql(db, "SELECT max(period) AS p FROM indicators")["p"].iloc[0]


def kelurahan_values(db: Path, indicator: str, period: str) -> pd.DataFrame:
    return sql(db, """
        SELECT k.kode, k.kecamatan_kode, i.value, i.denominator FROM kelurahan k
        LEFT JOIN indicators i ON i.kode = k.kode AND i.level = 'kelurahan' AND i.indicator = ? AND i.period = ?
        ORDER BY k.kode""", indicator, period)


# --- map page --------------------------------------------------------------------------------------------

def id_number(text: str) -> float:
    """'22,8' / '-3,1' / '1.234' as written in Indonesian -> a float (NaN for '–')."""
    text = str(text).strip()
    if text in ("", "–"):
        return float("nan")
    return float(text.replace(".", "").replace(",", "."))


def chart(at: AppTest):
    return at.get("deck_gl_json_chart")[0]


def test_map_default_is_who_classes_with_counts_from_the_database(any_db, monkeypatch):
    at = start(any_db, monkeypatch)
    assert at.title[0].value == "Peta"
    assert at.selectbox(key="map_indicator").value == "stunting"
    period = latest_period(any_db)
    assert at.selectbox(key="map_period").value == period
    expected = kelurahan_values(any_db, "stunting", period)
    values = expected["value"].dropna()
    expected_counts = [int((np.searchsorted(WHO_STUNTING, values, side="right") == i).sum()) for i in range(5)]
    rows = legend_rows(at)
    assert [r[1].split(" (")[0] for r in rows[:5]] == ["Sangat rendah", "Rendah", "Sedang", "Tinggi", "Sangat tinggi"]
    assert rows[2][1] == "Sedang (10,0 % – <20,0 %)"
    assert [r[2] for r in rows[:5]] == expected_counts
    assert rows[5][1] == "Tidak ada data" and rows[5][2] == int(expected["value"].isna().sum())
    assert rows[6][1] == "Disembunyikan: n < 10" and rows[7][1].startswith("Tidak terklasifikasi")
    # the polygons carry the legend's colours: each feature's fill (view file + expression) is its class colour
    spec = deck_spec(at)
    fills = map_spec.fills(layer(spec, "kelurahan"))
    assert set(fills) == set(expected["kode"])
    legend_colours = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c, _, n in rows if n}
    assert {tuple(f[:3]) for f in fills.values()} == legend_colours
    by_kode = expected.set_index("kode")["value"]
    for kode, fill in fills.items():
        value = by_kode[kode]
        if value == value:
            colour = rows[int(np.searchsorted(WHO_STUNTING, value, side="right"))][0]
            assert tuple(fill[:3]) == tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)), kode
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec  # Streamlit: no basemap
    # the sources as a person names them: e-PPGBM, how many puskesmas exports, which months; no file names
    sources = sql(any_db, "SELECT file_name, kind FROM sources")
    caption = next(c.value for c in at.caption if c.value.startswith("Sumber"))
    exports = int((sources["kind"] == "measurement").sum())
    assert f"e-PPGBM, {exports} puskesmas" in caption and period_words(period) in caption
    assert not any(name in caption for name in sources["file_name"])
    shown = table(at, "map_table")
    assert len(shown) == len(expected)


def test_map_every_classification_method(any_db, monkeypatch):
    at = start(any_db, monkeypatch)
    period = latest_period(any_db)
    n_values = int(kelurahan_values(any_db, "stunting", period)["value"].notna().sum())
    method_box = at.selectbox(key="map_method_who-quantiles-equal_interval-natural_breaks")
    assert method_box.options == ["Kelas prevalensi WHO/UNICEF", "Kuantil (jumlah sama per kelas)", "Interval sama",
                                  "Natural breaks (Jenks)"]
    assert at.slider(key="map_k").disabled
    for method in ("quantiles", "equal_interval", "natural_breaks"):
        method_box.set_value(method)
        rerun(at)
        at.slider(key="map_k").set_value(4)
        rerun(at)
        rows = legend_rows(at)
        classes = rows[:-3]  # last rows: no data, suppressed, unclassified
        assert len(classes) == 4, (method, rows)
        assert sum(r[2] for r in classes) == n_values
        assert classes[0][0] == "#ffffb2"  # YlOrRd 4
        if method == "quantiles":
            assert max(r[2] for r in classes) - min(r[2] for r in classes) <= max(2, n_values // 4)
        method_box = at.selectbox(key="map_method_who-quantiles-equal_interval-natural_breaks")


def test_map_change_between_two_periods(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    at.radio(key="map_mode").set_value("change")
    rerun(at)
    at.selectbox(key="map_period_from").set_value(PERIODS[0])
    at.selectbox(key="map_period_to").set_value(PERIODS[1])
    rerun(at)
    shown = table(at, "map_table").set_index("Kode")
    before = kelurahan_values(fixture_db, "stunting", PERIODS[0]).set_index("kode")["value"]
    after = kelurahan_values(fixture_db, "stunting", PERIODS[1]).set_index("kode")["value"]
    change = ((after - before) * 100).round(1)
    small = small_kode()
    for kode, value in change.items():
        if kode == small or value != value:
            continue
        assert id_number(shown.loc[kode, "Perubahan (poin %)"]) == pytest.approx(value, abs=0.051)
    assert shown.loc[empty_kode(), "Perubahan (poin %)"] == "–"  # no value in the first period
    rows = legend_rows(at)
    assert rows[0][1] == "< -10,0 pp" and rows[6][1] == "≥ +10,0 pp"
    assert rows[0][0] == "#2166ac"  # decreasing stunting is blue
    assert sum(r[2] for r in rows[:7]) == int(change.notna().sum())
    assert f"{period_words(PERIODS[0])} → {period_words(PERIODS[1])}" in next(c.value for c in at.caption if c.value.startswith("Sumber"))
    # a change has its own tooltips: the polygons go inline, each with its from → to text
    features = map_spec.features(layer(deck_spec(at), "kelurahan"))
    text = next(f["properties"]["nilai"] for f in features if f["properties"]["kode"] == "99.72.01.1005")
    assert "→" in text and "pp" in text


def test_map_kecamatan_filter(any_db, monkeypatch):
    at = start(any_db, monkeypatch)
    kecamatan = sql(any_db, "SELECT kode, nama FROM kecamatan ORDER BY nama")
    for kode in kecamatan["kode"][:2]:
        at.selectbox(key="map_kecamatan").set_value(kode)
        rerun(at)
        expected = sql(any_db, "SELECT count(*) AS n FROM kelurahan WHERE kecamatan_kode = ?", kode)["n"].iloc[0]
        assert len(table(at, "map_table")) == expected
        assert any(c.value.startswith(f"{expected} kelurahan ditampilkan") for c in at.caption)
        spec = deck_spec(at)
        assert len(map_spec.features(layer(spec, "kelurahan"))) == expected
        assert [d["text"] for d in layer(spec, "kecamatan_names")["data"]] == [kecamatan.set_index("kode").loc[kode, "nama"]]
        assert sum(r[2] for r in legend_rows(at)) == expected


def test_map_levels_count_their_own_units_and_show_outlines(any_db, monkeypatch):
    at = start(any_db, monkeypatch)
    for level, unit in (("kecamatan", "kecamatan"), ("kabupaten", "kabupaten/kota")):
        at.selectbox(key="map_level").set_value(level)
        rerun(at)
        n = sql(any_db, f"SELECT count(*) AS n FROM {level}")["n"].iloc[0]
        assert any(c.value.startswith(f"{n} {unit} ditampilkan") for c in at.caption), [c.value for c in at.caption]
        features = map_spec.features(layer(deck_spec(at), "kelurahan"))
        assert len(features) == n and all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
        # a dissolved outline, never the rectangle of a zoom into one centroid
        view = deck_spec(at)["initialViewState"]
        assert view["zoom"] < 14


def test_map_small_n_marked_and_hidden(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    small = small_kode()
    spec = deck_spec(at)
    hatched = [f["properties"]["kode"] for f in layer(spec, "uncertain_hatch")["data"]["features"]]
    assert hatched == [small]
    legend = next(m.value for m in at.markdown if "peta-legend" in m.value)
    assert "kurang dari 10 balita" in legend and "publikasi) (1)" in legend
    shown = table(at, "map_table").set_index("Kode")
    assert shown.loc[small, "Nilai (%)"] != "–" and shown.loc[small, "Keandalan"] == "kurang andal (n < 10)"
    # the view file's tooltip says so too
    template = json.loads(chart(at).proto.tooltip)["text"]
    feature = next(f for f in map_spec.features(layer(spec, "kelurahan")) if f["properties"]["kode"] == small)
    assert "kurang dari 10: kurang andal" in map_spec.tooltip_text(template, feature)

    at.checkbox(key="map_hide_small").check()
    rerun(at)
    shown = table(at, "map_table").set_index("Kode")
    assert shown.loc[small, "Nilai (%)"] == "–" and shown.loc[small, "Pembilang"] == "–"
    rows = legend_rows(at)
    suppressed = next(r for r in rows if r[1] == "Disembunyikan: n < 10")
    assert suppressed[2] == 1 and suppressed[0] == "#969696"
    spec = deck_spec(at)
    feature = next(f for f in map_spec.features(layer(spec, "kelurahan")) if f["properties"]["kode"] == small)
    assert feature["properties"]["nilai"] == "disembunyikan: n < 10" and feature["properties"]["n"].startswith("–/6 balita")
    assert map_spec.fills(layer(spec, "kelurahan"))[small][:3] == [150, 150, 150]
    assert layer(spec, "uncertain_hatch") is None  # a hidden rate is not hatched: it is not shown at all


def test_map_names_for_each_zoom_step(demo_build, monkeypatch):
    """Names on: the opening view's names are text layers; the names that did not fit come, per mouse-wheel zoom step,
    as a layer deck.gl shows from that zoom on (its file holds them); the names shown at a step never overlap."""
    import pydeck as pdk

    from dashboard.layers import LAYER_DIR
    from dashboard.maps import MAP_WIDTH_PX, label_boxes

    at = start(demo_build.db, monkeypatch)
    at.checkbox(key="layer_labels").check()
    rerun(at)
    spec = deck_spec(at)
    zoom = spec["initialViewState"]["zoom"]
    shown = [dict(d) for d in layer(spec, "kecamatan_names")["data"] + layer(spec, "place_names")["data"]]
    def where(label: dict) -> tuple:  # a place by its name and point (two kelurahan may share a name)
        return label["text"], round(label["lon"], 5), round(label["lat"], 5)

    opening = {where(d) for d in layer(spec, "place_names")["data"]}
    zoomed = sorted((item for item in spec["layers"] if "_zoom" in item["id"]), key=lambda item: item["visibleMinZoom"])
    assert zoomed and all(item["@@type"] == "TileLayer" for item in zoomed)
    added = set()
    for item in zoomed:
        step = int(item["id"].rsplit("_zoom", 1)[1])
        assert item["visibleMinZoom"] == pytest.approx(zoom + step)
        path = LAYER_DIR / item["data"].split("/")[-1].split("?")[0]
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        assert features
        labels = [{"lon": f["geometry"]["coordinates"][0], "lat": f["geometry"]["coordinates"][1],
                   "text": f["properties"]["text"], "size": f["properties"]["size"]} for f in features]
        if item["id"].startswith("place_names"):
            added |= {where(label) for label in labels}
        shown += labels
        if item is zoomed[-1] or zoomed[zoomed.index(item) + 1]["visibleMinZoom"] > item["visibleMinZoom"]:
            view = pdk.ViewState(longitude=spec["initialViewState"]["longitude"],
                                 latitude=spec["initialViewState"]["latitude"], zoom=item["visibleMinZoom"])
            boxes = label_boxes(shown, view, MAP_WIDTH_PX, 640)
            assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]], step
    assert added and not added & opening  # names the opening view had no room for


def test_map_layers_switch_on_and_off(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    ids = {item["id"] for item in deck_spec(at)["layers"]}
    assert {"kelurahan", "kecamatan_outline", "kecamatan_names"} <= ids
    assert not ids & {"posyandu", "burden", "place_names"}
    for key in ("layer_posyandu", "layer_burden", "layer_labels", "map_basemap"):
        at.checkbox(key=key).check()
    at.checkbox(key="layer_kecamatan").uncheck()
    rerun(at)
    spec = deck_spec(at)
    ids = {item["id"] for item in spec["layers"]}
    assert {"posyandu", "burden", "place_names"} <= ids and "kecamatan_outline" not in ids
    period = PERIODS[-1]
    posyandu = sql(fixture_db, "SELECT posyandu_id FROM posyandu WHERE lon IS NOT NULL AND posyandu_id <> 'PY-OUT'")
    points = layer(spec, "posyandu")["data"]["features"]
    assert len(points) == len(posyandu)  # every posyandu in its kelurahan, neutral
    warned = layer(spec, "posyandu_warning")["data"]["features"]
    assert len(warned) == 2  # PY-OUT (outside its kelurahan) and PY-NOXY (no coordinates, at its kelurahan)
    assert {tuple(p["properties"]["fill"]) for p in points} != {tuple(p["properties"]["fill"]) for p in warned}
    burden = layer(spec, "burden")["data"]["features"]
    stunted = sql(fixture_db, "SELECT count(*) AS n FROM indicators WHERE level='kelurahan' AND indicator='stunting'"
                  " AND period = ? AND numerator > 0", period)["n"].iloc[0]
    assert len(burden) == stunted
    assert len(layer(spec, "place_names")["data"]) >= 6
    assert spec["mapProvider"] == "carto" and "cartocdn" in spec["mapStyle"]  # basemap asked for (online only)
    legend = next(m.value for m in at.markdown if "peta-legend" in m.value)
    assert "luas lingkaran sebanding jumlah balita diukur" in legend and "balita stunting; luas lingkaran" in legend
    assert "tanpa koordinat" in legend


def test_map_other_indicators_use_their_own_classes(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    at.selectbox(key="map_indicator").set_value("coverage")
    rerun(at)
    box = at.selectbox(key="map_method_quantiles-equal_interval-natural_breaks")
    assert box.value == "quantiles"
    rows = legend_rows(at)
    assert rows[0][0] == "#ffffcc"  # YlGnBu: higher coverage is darker blue
    values = kelurahan_values(fixture_db, "coverage", PERIODS[-1])["value"].dropna()
    assert sum(r[2] for r in rows[:-3]) == len(values)
    at.selectbox(key="map_indicator").set_value("wasting")
    rerun(at)
    rows = legend_rows(at)
    assert rows[1][1] == "Rendah (2,5 % – <5,0 %)" and rows[4][1] == "Sangat tinggi (≥ 15,0 %)"
    at.selectbox(key="map_indicator").set_value("svc_jamban")
    rerun(at)
    # grouped like an optgroup: the group, then the catalogue label (jamban serves two target types: konvergensi)
    assert at.selectbox(key="map_indicator").format_func("svc_jamban") == "Konvergensi › Layanan: Jamban sehat"
    options = at.selectbox(key="map_indicator").options
    assert options[0].startswith("Gizi balita › Stunting")   # stunting first, then its group


def test_map_tooltip_is_text_and_names_stay_text(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    template = json.loads(chart(at).proto.tooltip)
    assert "html" not in template and "{nama}" in template["text"] and "{t:stunting|" in template["text"]
    features = map_spec.features(layer(deck_spec(at), "kelurahan"))
    names = [f["properties"]["nama"] for f in features]
    assert XSS_NAME in names  # inserted by deck.gl as text (innerText), shown as these characters
    legend = next(m.value for m in at.markdown if "peta-legend" in m.value)
    assert "<img" not in legend
    feature = next(f for f in features if f["properties"]["kode"] == "99.72.01.1005")
    value = sql(fixture_db, "SELECT * FROM indicators WHERE level='kelurahan' AND kode='99.72.01.1005' AND indicator='stunting'"
                " AND period=?", PERIODS[-1]).iloc[0]
    text = map_spec.tooltip_text(template["text"], feature)
    assert f"Nilai: {value['value'] * 100:.1f} %".replace(".", ",") in text
    assert f"IK 95 %: {value['ci_low'] * 100:.1f}–{value['ci_high'] * 100:.1f} %".replace(".", ",") in text
    assert f"{value['numerator']}/{value['denominator']} balita" in text
    # another indicator: the same file (geometry not sent again), another text named by the template
    url = layer(deck_spec(at), "kelurahan")["data"]
    at.selectbox(key="map_indicator").set_value("wasting")
    rerun(at)
    assert layer(deck_spec(at), "kelurahan")["data"] == url
    assert "{t:wasting|" in json.loads(chart(at).proto.tooltip)["text"]


def test_map_selection_outlines_and_opens_profile(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    assert chart(at).proto.selection_mode  # click selection is on
    before = map_spec.fills(layer(deck_spec(at), "kelurahan"))
    at.session_state["map_selected_kode"] = "99.72.02.1007"
    rerun(at)
    spec = deck_spec(at)
    assert map_spec.fills(layer(spec, "kelurahan")) == before  # nothing fades, nothing changes colour
    outline = layer(spec, "selected_outline")
    assert outline["lineWidthMinPixels"] >= 3 and not outline["filled"]
    button = at.button(key="map_open_profile")
    assert button.label == "Buka profil Kelurahan 007"
    button.click()
    rerun(at)
    assert at.title[0].value == "Profil Kelurahan"
    assert at.selectbox(key="profile_kode").value == "99.72.02.1007"


def test_map_search_zooms_to_the_place_and_reset_returns(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    whole = deck_spec(at)["initialViewState"]
    at.selectbox(key="map_search").set_value("99.72.02.1012")
    rerun(at)
    view = deck_spec(at)["initialViewState"]
    assert view["zoom"] > whole["zoom"] + 1
    assert at.button(key="map_open_profile").label == "Buka profil Kelurahan 012"
    at.button(key="map_zoom_out").click()
    rerun(at)
    assert deck_spec(at)["initialViewState"]["zoom"] == pytest.approx(view["zoom"] - 1, abs=0.01)
    at.button(key="map_reset").click()
    rerun(at)
    assert deck_spec(at)["initialViewState"]["zoom"] == pytest.approx(whole["zoom"], abs=0.01)


def test_map_in_english(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch)
    at.selectbox(key="lang").set_value("en")  # the sidebar language control
    rerun(at)
    assert at.title[0].value == "Map"
    rows = legend_rows(at)
    assert rows[4][1] == "Very high (≥ 30.0 %)" and rows[5][1] == "No data"   # English: decimal dot
    assert next(c.value for c in at.caption if c.value.startswith("Source"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_map_numbers_use_the_locale_separators(fixture_db, monkeypatch, lang):
    at = start(fixture_db, monkeypatch)
    at.checkbox(key="layer_posyandu").check()
    at.checkbox(key="layer_burden").check()
    at.toggle(key="map_show_table").set_value(True)
    rerun(at)
    # the language last: AppTest formats a selectbox's value with the test's own language, so no rerun after it
    at.selectbox(key="lang").set_value(lang)
    rerun(at)
    texts = page_texts(at)
    shown = table(at, "map_table")
    texts += [str(v) for v in shown.to_numpy().ravel()]
    template = json.loads(chart(at).proto.tooltip)["text"]
    texts += [map_spec.tooltip_text(template, f) for f in map_spec.features(layer(deck_spec(at), "kelurahan"))]
    assert any(("," if lang == "id" else ".") in text for text in texts)
    assert [w for text in texts for w in map_spec.wrong_separators(text, lang)] == []


def test_map_with_400_desa_sends_colours_not_geometry(tmp_path, monkeypatch):
    db = build_fixture_db(tmp_path / "big.duckdb", n_cols=20, n_rows=20)
    at = start(db, monkeypatch)
    sizes = []
    for indicator in ("coverage", "wasting", "stunting"):
        at.selectbox(key="map_indicator").set_value(indicator)
        rerun(at)
        sizes.append(len(chart(at).proto.json))
    assert len(map_spec.features(layer(deck_spec(at), "kelurahan"))) == 400
    # the geometry is in the view file: what a change sends is the colours (a few kB), not 400 polygons
    assert max(sizes) < 40_000, sizes


def page_texts(at: AppTest) -> list[str]:
    """Every text the page shows outside its tables: markdown, captions, labels, buttons, options."""
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    texts += [str(o) for s in at.selectbox for o in s.options[:50]]
    return [re.sub(r"<[^>]+>", " ", html.unescape(text)) for text in texts]


# --- profile page ----------------------------------------------------------------------------------------

def test_profile_shows_indicators_ranks_trend_posyandu_and_bottlenecks(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch, page="views/profil.py")
    kode = "99.72.02.1008"
    at.selectbox(key="profile_kode").set_value(kode)
    at.selectbox(key="profile_period").set_value(PERIODS[0])
    rerun(at)
    assert at.subheader[0].value == "Kelurahan 008"
    shown = table(at, "profile_indicator_table").set_index("Indikator")
    stunting = sql(fixture_db, "SELECT * FROM indicators WHERE level='kelurahan' AND indicator='stunting' AND period=?"
                   " AND value IS NOT NULL ORDER BY value DESC", PERIODS[0])
    row = stunting[stunting["kode"] == kode].iloc[0]
    label = "Stunting (TB/U < -2 SD)"
    assert shown.loc[label, "Nilai"] == f"{row['value'] * 100:.1f} %".replace(".", ",")
    assert shown.loc[label, "Pembilang"] == str(row["numerator"])
    assert shown.loc[label, "Penyebut"] == f"{row['denominator']} balita"
    assert list(shown.index[:2]) == ["Stunting (TB/U < -2 SD)", "Stunting berat (TB/U < -3 SD)"]  # catalogue order
    rank = int((stunting["value"] > row["value"]).sum()) + 1
    assert shown.loc[label, "Peringkat di kab/kota"] == f"{rank} / {len(stunting)}"
    in_kec = stunting[stunting["kode"].str.startswith(kode[:8])]
    assert shown.loc[label, "Peringkat di kecamatan"] == f"{int((in_kec['value'] > row['value']).sum()) + 1} / {len(in_kec)}"
    assert len(shown) == sql(fixture_db, "SELECT count(*) AS n FROM indicators WHERE level='kelurahan' AND kode=? AND period=?"
                             " AND value IS NOT NULL", kode, PERIODS[0])["n"].iloc[0]

    trend = table(at, "profile_trend_table")
    assert list(trend["Periode"]) == [period_words(p) for p in PERIODS] and "Kota Uji" in trend.columns
    chart_spec = json.loads(at.get("arrow_vega_lite_chart")[0].proto.spec) if at.get("arrow_vega_lite_chart") else \
        json.loads(at.get("vega_lite_chart")[0].proto.spec)
    marks = [layer_["mark"]["type"] if isinstance(layer_["mark"], dict) else layer_["mark"] for layer_ in chart_spec["layer"]]
    assert "area" in marks and "line" in marks  # the 95 % band under the line
    assert chart_spec["config"]["locale"]["number"]["decimal"] == ","
    at.selectbox(key="profile_trend_indicator").set_value("coverage")
    rerun(at)
    trend = table(at, "profile_trend_table")
    coverage = sql(fixture_db, "SELECT period, value FROM indicators WHERE level='kelurahan' AND kode=? AND indicator='coverage'"
                   " ORDER BY period", kode)
    assert [id_number(v.rstrip(" %")) for v in trend["Kelurahan 008"]] == pytest.approx(list((coverage["value"] * 100).round(1)))

    posyandu = table(at, "profile_posyandu_table")
    expected = sql(fixture_db, """
        SELECT p.nama, count(m.child_id) AS children, count(*) FILTER (m.haz < -2 AND m.flag_haz = 0) AS stunted
        FROM posyandu p JOIN measurements m ON m.posyandu_id = p.posyandu_id AND m.period = ?
        WHERE p.kode = ? GROUP BY ALL ORDER BY p.nama""", PERIODS[0], kode)
    assert list(posyandu["Posyandu"]) == list(expected["nama"])
    assert [id_number(v) for v in posyandu["Balita diukur"]] == list(expected["children"])
    assert [id_number(v) for v in posyandu["Balita stunting"]] == list(expected["stunted"])

    services = table(at, "profile_services_table")
    bottleneck = sql(fixture_db, "SELECT service, targets_blocked FROM service_bottleneck WHERE level='kelurahan' AND kode=?"
                     " AND period=? ORDER BY rank", kode, PERIODS[0])
    assert [id_number(v) for v in services["Sasaran terhambat"][: len(bottleneck)]] == list(bottleneck["targets_blocked"])
    assert at.warning[0].value.startswith("Hambatan utama: ")
    assert str(bottleneck["targets_blocked"].iloc[0]) in at.warning[0].value

    at.button(key="profile_back").click()
    rerun(at)
    assert at.title[0].value == "Peta"


def test_profile_on_demo_database(any_db, monkeypatch):
    at = start(any_db, monkeypatch, page="views/profil.py")
    codes = at.selectbox(key="profile_kode").options
    assert len(codes) == sql(any_db, "SELECT count(*) AS n FROM kelurahan")["n"].iloc[0]
    last = sql(any_db, "SELECT kode FROM kelurahan ORDER BY kecamatan_nama DESC, nama DESC LIMIT 1")["kode"].iloc[0]
    at.selectbox(key="profile_kode").set_value(last)
    rerun(at)
    assert at.subheader


def test_profile_escapes_hostile_names(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch, page="views/profil.py")
    kode = sql(fixture_db, "SELECT kode FROM kelurahan WHERE nama = ?", XSS_NAME)["kode"].iloc[0]
    at.selectbox(key="profile_kode").set_value(kode)
    rerun(at)
    assert at.subheader[0].value == literal(XSS_NAME)  # markdown shows the characters, never an element


def test_profile_heading_shows_a_name_exactly_as_written(tmp_path, monkeypatch):
    """Quotes stay quotes (never &quot;), a Markdown link or emphasis in a name is text, not a link."""
    name = 'Desa "Baru" [klik](http://contoh.id) *tebal* & <b>x</b> :red[merah]'
    db = build_fixture_db(tmp_path / "nama.duckdb")
    with duckdb.connect(str(db)) as con:
        kode = con.execute("SELECT kode FROM kelurahan ORDER BY kode LIMIT 1").fetchone()[0]
        con.execute("UPDATE kelurahan SET nama = ? WHERE kode = ?", [name, kode])
    at = start(db, monkeypatch, page="views/profil.py")
    at.selectbox(key="profile_kode").set_value(kode)
    rerun(at)
    heading = at.subheader[0].value
    # every Markdown special character is backslash-escaped (CommonMark shows it as itself): no link, emphasis,
    # HTML or Streamlit directive, and no HTML entity such as &quot; that would show as typed
    assert re.search(r'(?<!\\)[\[\]()*<>&":]', heading) is None, heading
    assert re.sub(r"\\(.)", r"\1", heading) == name


# --- data quality page -----------------------------------------------------------------------------------

def test_quality_checks_per_kelurahan_and_posyandu(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch, page="views/kualitas.py")
    assert at.title[0].value == "Kualitas Data"
    at.selectbox(key="quality_period").set_value(PERIODS[1])
    rerun(at)
    checks = table(at, "quality_checks_table").set_index("Kode")
    m = sql(fixture_db, "SELECT * FROM measurements WHERE period = ?", PERIODS[1])
    kode = "99.72.01.1001"
    mine = m[m["kode"] == kode]
    checks = checks.map(lambda v: id_number(v) if isinstance(v, str) and re.fullmatch(r"[-\d.,]+|–", v) else v)
    assert checks.loc[kode, "SD TB/U"] == pytest.approx(round(mine.loc[mine["flag_haz"] == 0, "haz"].std(), 2))
    assert checks.loc[kode, "Z-skor tidak masuk akal (%)"] == pytest.approx(
        round(100 * ((mine["flag_haz"] + mine["flag_waz"] + mine["flag_whz"]) > 0).mean(), 1))
    assert checks.loc[kode, "Cara ukur kosong (%)"] == pytest.approx(round(100 * mine["measured"].isna().mean(), 1))
    digit0 = (np.round(mine["height_cm"] * 10).astype(int) % 10 == 0).mean()
    assert checks.loc[kode, "Tinggi berakhiran ,0 (%)"] == pytest.approx(round(100 * digit0, 1))
    assert checks.loc[kode, "Skor preferensi digit tinggi"] > 20  # fixture rounds half of these heights
    sd_flag = checks["SD di luar rentang harapan"]
    assert set(sd_flag) <= {"ya", "tidak"}
    # the WHO-UNICEF 2019 ranges of 51 DHS surveys, as the grades use them (not the 1995 0.8-1.2)
    for code, row in checks.iterrows():
        outside = any(not lo <= v <= hi for v, (lo, hi) in zip((row["SD TB/U"], row["SD BB/U"], row["SD BB/TB"]),
                                                               ((1.35, 1.95), (1.17, 1.46), (1.08, 1.50))) if v == v)
        assert (row["SD di luar rentang harapan"] == "ya") == outside, code

    coverage = table(at, "quality_coverage_table").set_index("Kode")
    assert coverage.loc[small_kode(), "Sasaran balita"] == "12"
    assert coverage.loc[small_kode(), "Balita diukur"] == "6" and coverage.loc[small_kode(), "Cakupan (%)"] == "50,0"

    at.radio(key="quality_group").set_value("posyandu")
    rerun(at)
    per_posyandu = table(at, "quality_checks_table").set_index("Posyandu")
    assert id_number(per_posyandu.loc["PY-OUT", "Balita diukur"]) == m[m["posyandu_id"] == "PY-OUT"]["child_id"].nunique()

    at.selectbox(key="quality_kecamatan").set_value("99.72.02")
    rerun(at)
    per_posyandu = table(at, "quality_checks_table")
    assert len(per_posyandu) == 2 * 6  # two posyandu in each of the six kelurahan of Timur
    assert len(table(at, "quality_coverage_table")) == 6

    at.selectbox(key="quality_kelurahan").set_value("99.72.02.1003")
    rerun(at)
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) == 4  # last digit, age in months, age in years, month of birth
    digits = sql(fixture_db, "SELECT count(*) AS n FROM measurements WHERE kode = ? AND period = ?", "99.72.02.1003",
                 PERIODS[1])["n"].iloc[0]
    spec = json.loads(charts[0].proto.spec)
    assert spec["mark"]["type"] == "bar" if isinstance(spec.get("mark"), dict) else True
    assert digits > 0


def test_quality_quarantine_and_download_without_identities(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch, page="views/kualitas.py")
    counts = table(at, "quality_quarantine_table")
    top = counts.iloc[0]
    assert top["Alasan"] == "Tinggi/panjang badan di luar rentang yang mungkin" and top["Baris"] == "2"
    assert top["Jenis data"] == "Pengukuran e-PPGBM"
    assert sum(id_number(v) for v in counts["Baris"]) == sql(fixture_db, "SELECT count(*) AS n FROM quarantine")["n"].iloc[0]
    download = at.get("download_button")[0]
    assert download.proto.label == "Unduh baris karantina (CSV, tanpa nama/NIK)"
    monkeypatch.setenv("PETA_STUNTING_DB", str(fixture_db))
    from dashboard import data as dashboard_data

    rows = dashboard_data.quarantine_rows()  # what the download carries: the quarantine table, nothing joined
    stored = sql(fixture_db, "SELECT * FROM quarantine")
    assert list(rows.columns) == list(stored.columns) and len(rows) == len(stored)
    assert not {"nama", "nik", "name", "child_id"} & {c.lower() for c in rows.columns}

    at.session_state["lang"] = "en"
    rerun(at)
    counts = table(at, "quality_quarantine_table")
    assert counts.iloc[0]["Reason"] == "Height/length outside the possible range"


def test_quality_posyandu_outside_their_kelurahan(fixture_db, monkeypatch):
    at = start(fixture_db, monkeypatch, page="views/kualitas.py")
    recon = table(at, "quality_recon_table").set_index("Posyandu")
    row = recon.loc["Posyandu Melati (luar)"]
    assert row["Status"] == "Di luar kelurahan terdaftar"
    assert row["Kelurahan terdaftar"] == "Kelurahan 001" and row["Kelurahan menurut koordinat"] == "Kelurahan 002"
    assert recon.loc["Posyandu Anggrek", "Status"] == "Tanpa koordinat"
    specs = [deck_spec(at, index=i) for i in range(len(at.get("deck_gl_json_chart")))]
    spec = next(s for s in specs if layer(s, "recon_posyandu"))   # the placement map (the grade map comes first)
    assert [p["nama"] for p in layer(spec, "recon_posyandu")["data"]] == ["Posyandu Melati (luar)"]


def test_quality_on_any_database(any_db, monkeypatch):
    at = start(any_db, monkeypatch, page="views/kualitas.py")
    checks = table(at, "quality_checks_table")
    assert len(checks) == sql(any_db, "SELECT count(DISTINCT kode) AS n FROM measurements")["n"].iloc[0]
    for period in ("__all__", latest_period(any_db)):
        at.selectbox(key="quality_period").set_value(period)
        rerun(at)


# --- numbers in one locale on Profil and Kualitas --------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", ["views/profil.py", "views/kualitas.py"])
def test_numbers_use_the_locale_separators(any_db, monkeypatch, page, lang):
    at = start(any_db, monkeypatch, page=page)
    at.selectbox(key="lang").set_value(lang)  # the language last: no rerun after it (see the map's locale test)
    rerun(at)
    texts = page_texts(at)
    for frame in at.dataframe:
        texts += [str(v) for v in frame.value.to_numpy().ravel() if isinstance(v, str)]
        numeric = [c for c in frame.value.columns if pd.api.types.is_float_dtype(frame.value[c])]
        assert not numeric, (page, numeric)  # a float column would be written by the grid, with a dot
    assert any(("," if lang == "id" else ".") in text for text in texts)
    assert [w for text in texts for w in map_spec.wrong_separators(text, lang)] == []
