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
from pipelines.outputs import document, exports
from pipelines.lokus import ranking as lokus

XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","klik")'
# what a lokus export may carry: places, ranks, criteria, settings and reasons; never a child or an id of one
FORBIDDEN = re.compile(r"\bnik\b|child_id|nama_anak|nama_ibu|ortu|birth|lahir|hash", re.I)


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return build_fixture_db(tmp_path_factory.mktemp("exp") / "fixture.duckdb",
                            names={"99.71.01.1001": XSS, "99.71.01.1006": FORMULA, "99.71.01.1007": "@SUM(1+1)"})


@pytest.fixture(scope="module")
def fixture(fixture_db):
    db = fixture_db
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


def _header_row(sheet) -> int:
    """The header row of a report sheet: the row frozen under the title block."""
    return sheet.freeze_panes and int(re.sub(r"\D", "", sheet.freeze_panes)) - 1


def test_csv_neutralises_and_reads_back(fixture):
    data = exports.selection_csv(fixture["selection"], fixture["method"], name="=evil()", lights=fixture["lights"])
    assert data.startswith(b"\xef\xbb\xbf")
    back = document.read_csv_table(data)
    names = set(back["Desa/Kelurahan"])
    assert "'" + FORMULA in names and "'@SUM(1+1)" in names and XSS in names
    # text never starts with a formula character (negative numbers stay numbers)
    assert not any(v.startswith(exports.FORMULA_PREFIXES) and not _is_number(v.replace(",", "."))
                   for column in back for v in back[column])
    assert "'-1 sudah ditangani" in set(back["Alasan"]) and "'+ usulan musrenbang" in set(back["Alasan"])
    assert len(back) == 25
    assert all(not FORBIDDEN.search(c) for c in back.columns)
    assert all("_" not in c for c in back.columns), list(back.columns)          # words, not column names
    assert set(back["Lokus"]) == {"Ya", "Tidak"}
    # Indonesian Excel: semicolon, decimal comma, percent numbers with one decimal
    head = data.decode("utf-8-sig").splitlines()
    assert "Peringkat;Kode;Desa/Kelurahan" in "\n".join(head)
    first = back.iloc[0]
    share = fixture["selection"]["prevalence_crude"].iloc[0]
    assert first["Prevalensi stunting (%)"] == f"{share * 100:.1f}".replace(".", ",")
    english = document.read_csv_table(exports.selection_csv(fixture["selection"], fixture["method"], csv_format="en"))
    assert english.iloc[0]["Prevalensi stunting (%)"] == f"{share * 100:.1f}"


def test_selection_xlsx_sheets_values_and_no_formula(fixture):
    data = exports.selection_xlsx(fixture["selection"], fixture["method"], name="Lokus 2025", created_at="2025-09-01T10:00:00",
                                  lights=fixture["lights"])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == list(exports.SELECTION_SHEETS)
    ranked = book[exports.SELECTION_SHEETS[0]]
    top = _header_row(ranked)
    assert ranked["A1"].value.startswith("Peringkat desa/kelurahan")
    assert ranked["A3"].value == "Periode" and ranked["B3"].value == "Agustus 2025"
    header = [c.value for c in ranked[top]]
    assert header[:3] == ["Peringkat", "Kode", "Desa/Kelurahan"]
    assert all(not FORBIDDEN.search(h) for h in header) and all("_" not in h for h in header)
    rows = list(ranked.iter_rows(min_row=top + 1, values_only=True))
    assert len(rows) == 25 and [r[0] for r in rows] == list(range(1, 26))
    score_col = header.index("Skor")
    assert isinstance(rows[0][score_col], float) and rows[0][score_col] == pytest.approx(fixture["selection"]["score"].iloc[0])
    prevalence = header.index("Prevalensi stunting") + 1
    assert ranked.cell(row=top + 1, column=prevalence).number_format == "0.0%"
    assert ranked.cell(row=top + 1, column=prevalence).value == pytest.approx(fixture["selection"]["prevalence_crude"].iloc[0])
    assert {r[header.index("Lokus")] for r in rows} == {"Ya", "Tidak"}
    for row in ranked.iter_rows(min_row=top + 1):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@"))
    names = [r[2] for r in rows]
    assert XSS in names and "'" + FORMULA in names
    method = book[exports.SELECTION_SHEETS[2]]
    weights = {r[0]: r[1] for r in method.iter_rows(min_row=_header_row(method) + 1, values_only=True)}
    assert weights["Prevalensi stunting"] == 30
    text = " ".join(str(c.value) for row in method.iter_rows() for c in row if c.value)
    assert "10 desa/kelurahan dengan skor tertinggi" in text and "Agustus 2024" in text
    matrix = book[exports.SELECTION_SHEETS[1]]
    assert matrix["A1"].value.startswith("Tabel 1.2")
    fills = {c.fill.fgColor.rgb for row in matrix.iter_rows(min_row=_header_row(matrix) + 1) for c in row}
    assert {"00F4A6A6", "00A8D5A2"} <= fills          # red and green cells
    changes = book[exports.SELECTION_SHEETS[3]]
    reasons = list(changes.iter_rows(min_row=_header_row(changes) + 1, values_only=True))
    assert sorted(r[3] for r in reasons) == ["Dikeluarkan manual", "Ditambah manual"]
    assert {r[4] for r in reasons} == {"'-1 sudah ditangani", "'+ usulan musrenbang"}


def test_publication_table_suppresses_small_numbers(fixture):
    table = exports.publication_table(fixture["long"], ["stunting", "coverage"], small_n=10)
    small = table.set_index("kode").loc["99.71.01.1021"]  # 6 children
    assert small["stunting_n"] == 6 and pd.isna(small["stunting_k"]) and pd.isna(small["stunting_value"])
    assert pd.isna(small["stunting_ci_low"]) and small["stunting_suppressed"]
    big = table.set_index("kode").loc["99.71.01.1006"]
    assert not big["stunting_suppressed"] and big["stunting_value"] == pytest.approx(66 / 195)
    with pytest.raises(ValueError):
        exports.publication_table(fixture["long"], ["stunting"], small_n=0)


def test_publication_workbook_states_the_rule_and_formats_percentages(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        ctx = document.context(con, "2025-08")
        data = exports.publication_xlsx(con, "2025-08", ctx)
        csv_data = exports.publication_csv(con, "2025-08", ctx)
    book = load_workbook(io.BytesIO(data))
    assert len(book.sheetnames) == 2
    sheet = book[book.sheetnames[0]]
    top = _header_row(sheet)
    texts = [str(c.value) for row in sheet.iter_rows(max_row=top) for c in row if c.value]
    assert any("kurang dari 10 anak" in t for t in texts), texts
    assert "Agustus 2025" in texts
    header = [c.value for c in sheet[top]]
    assert "Stunting: persentase" in header and "Stunting: IK 95 % bawah" in header
    assert all("_" not in h for h in header)
    rows = {r[0]: r for r in sheet.iter_rows(min_row=top + 1, values_only=True)}
    col = header.index("Stunting: persentase")
    assert rows["99.71.01.1021"][col] is None and rows["99.71.01.1021"][col + 3] == "n < 10: tidak ditampilkan"
    assert rows["99.71.01.1006"][col] == pytest.approx(66 / 195)
    assert sheet.cell(row=top + 1, column=col + 1).number_format == "0.0%"
    back = document.read_csv_table(csv_data)
    assert len(back) == 25 and all(not FORBIDDEN.search(c) for c in back.columns)
    assert csv_data.decode("utf-8-sig").count("kurang dari 10 anak") == 1


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
