"""Every export opens and is safe: CSV/XLSX formulas neutralised, XLSX sheets read back, publication table
suppression, offline HTML map with names as text, PNG size; exports carry aggregate columns only."""
from __future__ import annotations

import io
import re

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook
from PIL import Image

from lokus_fixture import build_fixture_db
from pipelines.outputs import exports
from pipelines.lokus import ranking as lokus

XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","klik")'
# what a lokus export may carry: places, ranks, criteria, settings and reasons; never a child or an id of one
ALLOWED = set(exports.RANKED_COLUMNS) | {"reason"}
FORBIDDEN = re.compile(r"\bnik\b|child_id|nama_anak|nama_ibu|ortu|birth|lahir|hash", re.I)


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    db = build_fixture_db(tmp_path_factory.mktemp("exp") / "fixture.duckdb",
                          names={"99.71.01.1001": XSS, "99.71.01.1006": FORMULA, "99.71.01.1007": "@SUM(1+1)"})
    con = duckdb.connect(str(db), read_only=True)
    criteria = lokus.load_criteria(con, "2025-08", "2024-08")
    places = lokus.query_places(con)
    geoms = lokus.query_geometries(con)
    long = exports.query_publication(con, "2025-08")
    con.close()
    ranking = lokus.rank(criteria, lokus.DEFAULT_WEIGHTS | {"hotspot": 0})
    selection = lokus.select(ranking, 10, lokus.Overrides(removed={ranking["kode"].iloc[1]: "-1 sudah ditangani"},
                                                          added={ranking["kode"].iloc[15]: "+ usulan musrenbang"}))
    method = lokus.method_summary(lokus.DEFAULT_WEIGHTS, n=10, period="2025-08", compare_period="2024-08", eb=False, eb_prior="kecamatan")
    gdf = gpd.GeoDataFrame(geoms[["kode", "nama"]], geometry=shapely.from_wkb([bytes(b) for b in geoms["geom_wkb"]]), crs=4326)
    return {"selection": selection, "method": method, "places": places, "gdf": gdf, "long": long,
            "lights": lokus.traffic_light(selection, lokus.DEFAULT_THRESHOLDS)}


def test_neutralise():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert exports.neutralise(text) == "'" + text
    assert exports.neutralise("Kel. Baru") == "Kel. Baru"
    assert exports.neutralise(-1.5) == -1.5 and exports.neutralise(3) == 3


def test_csv_neutralises_and_reads_back(fixture):
    data = exports.selection_csv(fixture["selection"], fixture["method"], name="=evil()", lights=fixture["lights"])
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    names = set(back["nama"])
    assert "'" + FORMULA in names and "'@SUM(1+1)" in names and XSS in names
    # text never starts with a formula character (negative numbers stay numbers)
    assert not any(v.startswith(exports.FORMULA_PREFIXES) and not _is_number(v) for column in back for v in back[column])
    assert "'-1 sudah ditangani" in set(back["reason"]) and "'+ usulan musrenbang" in set(back["reason"])
    assert len(back) == 25
    assert all(not FORBIDDEN.search(c) for c in back.columns)


def test_selection_xlsx_sheets_values_and_no_formula(fixture):
    data = exports.selection_xlsx(fixture["selection"], fixture["method"], name="Lokus 2025", created_at="2025-09-01T10:00:00",
                                  lights=fixture["lights"])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == list(exports.SELECTION_SHEETS)
    ranked = book[exports.SELECTION_SHEETS[0]]
    header = [c.value for c in ranked[1]]
    assert header[:3] == ["rank", "kode", "nama"]
    assert all(h in ALLOWED or h.startswith(("norm_", "contrib_", "light_")) for h in header)
    assert all(not FORBIDDEN.search(h) for h in header)
    rows = list(ranked.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 25 and [r[0] for r in rows] == list(range(1, 26))
    score_col = header.index("score")
    assert isinstance(rows[0][score_col], float) and rows[0][score_col] == pytest.approx(fixture["selection"]["score"].iloc[0])
    for row in ranked.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@"))
    assert XSS in [r[2] for r in rows] and "'" + FORMULA in [r[2] for r in rows]
    settings = {r[0]: r[1] for r in book[exports.SELECTION_SHEETS[1]].iter_rows(min_row=2, values_only=True)}
    assert settings["name"] == "Lokus 2025" and settings["n"] == 10 and settings["weights.prevalence"] == 30
    assert settings["period"] == "2025-08"
    reasons = list(book[exports.SELECTION_SHEETS[2]].iter_rows(min_row=2, values_only=True))
    assert sorted(r[2] for r in reasons) == ["added", "removed"]
    assert {r[3] for r in reasons} == {"'-1 sudah ditangani", "'+ usulan musrenbang"}


def test_publication_table_suppresses_small_numbers(fixture):
    table = exports.publication_table(fixture["long"], ["stunting", "coverage"], small_n=10)
    small = table.set_index("kode").loc["99.71.01.1021"]  # 6 children
    assert small["stunting_n"] == 6 and pd.isna(small["stunting_k"]) and pd.isna(small["stunting_pct"])
    assert pd.isna(small["stunting_ci_low_pct"]) and small["stunting_note"] == "n<10"
    big = table.set_index("kode").loc["99.71.01.1006"]
    assert big["stunting_note"] == "" and big["stunting_pct"] == pytest.approx(round(66 / 195 * 100, 1))
    book = load_workbook(io.BytesIO(exports.xlsx_bytes({"Indikator": table})))
    assert book.sheetnames == ["Indikator"] and book["Indikator"].max_row == 26
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(table)), encoding="utf-8-sig")
    assert len(back) == 25 and all(not FORBIDDEN.search(c) for c in back.columns)
    with pytest.raises(ValueError):
        exports.publication_table(fixture["long"], ["stunting"], small_n=0)


def test_html_map_offline_and_names_as_text(fixture):
    from geo.folium_map import lokus_map_html

    hot = pd.DataFrame({"kode": fixture["places"]["kode"], "gi_class": "ns"})
    page = lokus_map_html(fixture["places"], fixture["selection"], title=XSS, subtitle="=x", hotspots=hot)
    assert not re.search(r"<script[^>]+src\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page, re.I)
    assert "L.map(" in page or "L.map" in page  # Leaflet inlined and used
    assert XSS not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    tiled = lokus_map_html(fixture["places"], fixture["selection"], title="t", tiles="https://tile.example/{z}/{x}/{y}.png",
                           attribution="© example")
    assert "tile.example" in tiled


def test_png_map_size(fixture):
    data = exports.selection_png(fixture["gdf"], fixture["selection"], title="Lokus 2025", subtitle=XSS)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1920, 1080)
