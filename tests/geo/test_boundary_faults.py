"""A corpus of broken boundary files, each written into tmp_path the way a provincial GIS office, BIG's RBI
export or a hand-edited QGIS project produces it, and what `read_boundaries` does with it: repaired and
reported, or refused with a message that names the file and says what to do."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, Point, Polygon, box

from geo.boundaries import BoundaryError, read_boundaries
from pipelines.present.messages import message, speaking

# six kelurahan in a 3 x 2 grid around Kota Bengkulu (102.26 E, 3.80 S), 0.01° (~1.1 km) squares
CODES = ["17.71.01.1001", "17.71.01.1002", "17.71.01.1003", "17.71.02.1001", "17.71.02.1002", "17.71.02.2003"]
NAMES = ["Pagar Dewa", "Betungan", "Pekan Sabtu", "Kandang", "Padang Serai", "Kandang Mas"]
UTM_48S = "EPSG:32748"


def _cell(i: int) -> Polygon:
    x, y = 102.26 + 0.01 * (i % 3), -3.80 + 0.01 * (i // 3)
    return box(x, y, x + 0.01, y + 0.01)


def _frame(codes=CODES, geoms=None, crs="EPSG:4326", **columns) -> gpd.GeoDataFrame:
    geoms = geoms if geoms is not None else [_cell(i) for i in range(len(codes))]
    data = {"kode": list(codes), "nama": NAMES[: len(codes)] + ["x"] * (len(codes) - len(NAMES))}
    data.update(columns)
    return gpd.GeoDataFrame(data, geometry=list(geoms), crs=crs)


def _shapefile(frame: gpd.GeoDataFrame, folder: Path, stem: str = "desa") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.shp"
    frame.to_file(path)
    return path


def _zip(path: Path, files: dict[str, Path]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for arcname, src in files.items():
            zf.write(src, arcname)
    return path


def _refused(path: Path, *fragments: str, **kwargs) -> str:
    """The BoundaryError message for `path`; in Indonesian (what the terminal prints) and in English (the page's
    other language) it starts with the file name; every fragment is in one of the two, no English in brackets."""
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path, **kwargs)
    msg = str(err.value)
    english = message(err.value, "en")
    for text in (msg, english):
        assert text.startswith(path.name) or text.startswith(str(path)), text
    assert english != msg and "(file" not in msg, (msg, english)
    for fragment in fragments:
        assert fragment in msg or fragment in english, (fragment, msg, english)
    return msg


# ---------------------------------------------------------------------------------------------- CRS


def test_shapefile_without_prj_refused_unless_crs_given(tmp_path):
    shp = _shapefile(_frame(crs=None), tmp_path / "tanpa_prj")
    assert not shp.with_suffix(".prj").exists()
    _refused(shp, "berkas tidak punya sistem koordinat (CRS", "--boundary-crs EPSG:4326 (terminal)", "the file has no coordinate reference system")

    b = read_boundaries(shp, crs="EPSG:4326")
    assert b.source["crs_from_caller"] is True
    assert b.kelurahan["kode"].tolist() == CODES


def test_shapefile_without_prj_in_utm_metres_with_crs_given(tmp_path):
    shp = _shapefile(_frame().to_crs(UTM_48S).set_crs(None, allow_override=True), tmp_path / "utm_tanpa_prj")
    b = read_boundaries(shp, crs=UTM_48S)
    assert b.kelurahan.crs.to_epsg() == 4326
    np.testing.assert_allclose(b.kelurahan.total_bounds, [102.26, -3.80, 102.29, -3.78], atol=1e-7)
    # the wrong guess (degrees for metres) is caught, not mapped into the ocean
    _refused(shp, "bukan derajat", "CRS berkas salah?", crs="EPSG:4326")


def test_projected_file_reprojected_to_wgs84(tmp_path):
    path = tmp_path / "desa_utm.gpkg"
    _frame().to_crs(UTM_48S).to_file(path)
    b = read_boundaries(path)
    assert b.kelurahan.crs.to_epsg() == 4326
    assert b.source["crs"] == UTM_48S
    assert "CRS EPSG:32748 diproyeksikan ke EPSG:4326" in b.check("features_read").detail
    with speaking("en"):   # the Impor page reads the file in the reader's language
        english = read_boundaries(path)
    assert english.check("features_read").detail.startswith(f"{len(CODES)} features read from desa_utm.gpkg")
    assert "reprojected to EPSG:4326" in english.check("features_read").detail
    np.testing.assert_allclose(b.kelurahan.total_bounds, [102.26, -3.80, 102.29, -3.78], atol=1e-7)
    # a crs= argument never overrides the file's own CRS; the report says it was ignored
    b = read_boundaries(path, crs="EPSG:4326")
    assert b.check("crs_ignored") is not None
    assert "--boundary-crs EPSG:4326 diabaikan" in b.check("crs_ignored").detail
    assert b.kelurahan.total_bounds[0] == pytest.approx(102.26, abs=1e-7)


def test_swapped_lat_lon_named_as_such(tmp_path):
    """Coordinates written [lat, lon] (the source of the shared layers stored them so). Before the fix
    the message blamed the CRS ('not degrees') instead of the axis order."""
    swapped = [shapely.transform(_cell(i), lambda xy: xy[:, ::-1]) for i in range(len(CODES))]
    path = tmp_path / "tertukar.geojson"
    _frame(geoms=swapped).to_file(path)
    msg = _refused(path, "koordinat tampak tertukar", "coordinates look swapped", "[lon, lat]")
    assert "bukan derajat" not in msg


def test_file_far_from_indonesia_reported(tmp_path):
    path = tmp_path / "null_island.geojson"
    _frame(geoms=[shapely.affinity.translate(_cell(i), -102.26, 3.80) for i in range(len(CODES))]).to_file(path)
    b = read_boundaries(path)
    assert b.check("outside_indonesia").count == len(CODES)
    assert "Seluruh batas berada di luar Indonesia" in b.check("outside_indonesia").detail


# ------------------------------------------------------------------------------------- features, codes


def test_duplicate_code_on_two_different_features_refuses_the_file_naming_both(tmp_path):
    path = tmp_path / "ganda.geojson"
    codes = CODES[:4] + [CODES[1], CODES[5]]
    _frame(codes=codes).to_file(path)
    _refused(path, "1 kode desa/kelurahan dipakai oleh dua fitur yang berbeda",
             f"kode {CODES[1]}: fitur ke-2 ({NAMES[1]!r}) dan fitur ke-5 ({NAMES[4]!r})",
             "perbaiki kode salah satunya")


def test_identical_duplicate_feature_kept_once_and_reported(tmp_path):
    path = tmp_path / "kembar.geojson"
    frame = _frame()
    pd.concat([frame, frame.iloc[[1]]], ignore_index=True).to_file(path)  # the same desa exported twice
    b = read_boundaries(path)
    assert b.kelurahan["kode"].tolist() == CODES
    check = b.check("duplicate_codes")
    assert check.count == 1 and check.items == [CODES[1]]
    assert f"{CODES[1]} fitur ke-7 (sama dengan fitur ke-2)" in check.detail


def test_empty_and_null_geometries_dropped_and_reported(tmp_path):
    path = tmp_path / "kosong.geojson"
    geoms = [_cell(0), None, Polygon(), _cell(3), _cell(4), _cell(5)]
    _frame(geoms=geoms).to_file(path)
    b = read_boundaries(path)
    assert b.kelurahan["kode"].tolist() == [CODES[0], *CODES[3:]]
    check = b.check("empty_geometries")
    assert check.count == 2 and check.items == [2, 3]
    assert "fitur ke-2 (17.71.01.1002), fitur ke-3 (17.71.01.1003)" in check.detail
    assert "fitur tanpa geometri dibuang" in check.detail
    assert b.check("features_read").count == 6 and b.check("features_kept").count == 4


def test_file_with_only_empty_geometries_refused(tmp_path):
    """Bug fixed: all geometries null used to return an empty, 'successful' layer."""
    path = tmp_path / "semua_kosong.geojson"
    _frame(geoms=[None] * len(CODES)).to_file(path)
    _refused(path, "tidak ada desa/kelurahan yang dapat dipakai dari 6 fitur", "no usable village polygon",
             "6 fitur tanpa geometri dibuang")


def test_bow_tie_polygon_repaired_and_reported(tmp_path):
    x, y = 102.26, -3.80
    bow_tie = Polygon([(x, y), (x + 0.01, y + 0.01), (x + 0.01, y), (x, y + 0.01)])
    assert shapely.is_valid_reason(bow_tie).startswith("Self-intersection")
    path = tmp_path / "dasi_kupu.geojson"
    _frame(geoms=[bow_tie] + [_cell(i) for i in range(1, 6)]).to_file(path)
    b = read_boundaries(path)

    assert len(b.kelurahan) == 6
    assert shapely.is_valid(b.kelurahan.geometry.to_numpy()).all()
    repaired = b.kelurahan.set_index("kode").geometry[CODES[0]]
    assert repaired.geom_type == "MultiPolygon" and len(repaired.geoms) == 2  # the two wings
    check = b.check("invalid_repaired")
    assert check.count == 1
    item = check.items[0]
    assert item["kode"] == CODES[0] and item["row"] == 1 and item["reason"].startswith("Self-intersection")
    # a bow-tie's signed area is 0; the repaired wings cover half the 1.1 km square (~0.6 km²)
    assert item["area_before_m2"] == pytest.approx(0, abs=1)
    assert item["area_after_m2"] == pytest.approx(0.5 * 0.01 * 0.01 * 111_320 * 110_570, rel=0.02)
    assert check.value == pytest.approx(item["area_after_m2"])
    assert check.detail.startswith("1 poligon tidak valid diperbaiki dengan make_valid, luas berubah ")
    assert "poligon tidak valid diperbaiki dengan make_valid, luas berubah" in check.detail
    assert "17.71.01.1001 +" in check.detail and "[Self-intersection" in check.detail


def test_geometry_collection_keeps_its_polygon_and_3d_is_flattened(tmp_path):
    path = tmp_path / "koleksi.geojson"
    collection = GeometryCollection([_cell(0), LineString([(102.26, -3.80), (102.27, -3.79)])])
    z = shapely.force_3d(_cell(1), 12.5)
    _frame(geoms=[collection, z] + [_cell(i) for i in range(2, 6)]).to_file(path)
    kel = read_boundaries(path).kelurahan.set_index("kode")
    assert kel.geometry[CODES[0]].equals_exact(_cell(0), 1e-9)
    assert not shapely.has_z(kel.geometry.to_numpy()).any()


def test_points_instead_of_polygons_refused(tmp_path):
    path = tmp_path / "titik_posyandu.geojson"
    _frame(geoms=[_cell(i).centroid for i in range(len(CODES))]).to_file(path)
    _refused(path, "berkas berisi titik, bukan poligon", "the file holds points, no polygons")


def test_a_stray_point_among_polygons_dropped_and_reported(tmp_path):
    path = tmp_path / "campur_titik.geojson"
    _frame(geoms=[Point(102.265, -3.795)] + [_cell(i) for i in range(1, 6)]).to_file(path)
    b = read_boundaries(path)
    assert len(b.kelurahan) == 5
    assert b.check("no_polygon").count == 1 and b.check("no_polygon").items == [1]
    assert "fitur ke-1 (17.71.01.1001)" in b.check("no_polygon").detail


# --------------------------------------------------------------------------------------------- columns


def test_big_rbi_columns_with_undotted_kelurahan_codes(tmp_path):
    """BIG's RBI layers: KDEPUM (10 digits, undotted), WADMKD / WADMKC / WADMKK names."""
    path = tmp_path / "ADMINISTRASIDESA_AR_25K.gpkg"
    gpd.GeoDataFrame({
        "KDEPUM": [c.replace(".", "") for c in CODES],
        "WADMKD": [n.upper() for n in NAMES],
        "WADMKC": ["SELEBAR"] * 3 + ["KAMPUNG MELAYU"] * 3,
        "WADMKK": ["KOTA BENGKULU"] * 6,
        "LUASWH": np.arange(6) * 1.5,
    }, geometry=[_cell(i) for i in range(6)], crs=4326).to_file(path)
    b = read_boundaries(path)
    kel = b.kelurahan
    assert kel["kode"].tolist() == CODES
    assert kel["jenis"].tolist() == ["kelurahan"] * 5 + ["desa"]
    assert kel["kecamatan_kode"].tolist() == ["17.71.01"] * 3 + ["17.71.02"] * 3
    assert kel["nama"].tolist()[0] == "PAGAR DEWA"
    assert kel["kecamatan_nama"].unique().tolist() == ["SELEBAR", "KAMPUNG MELAYU"]
    assert b.source["code_column"] == "KDEPUM" and b.source["name_column"] == "WADMKD"
    assert b.source["kabupaten_column"] == "WADMKK"


def test_code_column_with_an_unusual_name_found_by_its_values(tmp_path):
    path = tmp_path / "idw.geojson"
    gpd.GeoDataFrame({"IDW": CODES, "label": NAMES}, geometry=[_cell(i) for i in range(6)], crs=4326).to_file(path)
    b = read_boundaries(path)
    assert b.source["code_column"] == "IDW"
    assert b.kelurahan["kode"].tolist() == CODES
    # no name column recognised: the code stands in for it, and the report says so
    assert b.check("missing_names").count == 6
    assert "Kolom nama tidak ditemukan" in b.check("missing_names").detail
    assert read_boundaries(path, name_col="label").kelurahan["nama"].tolist() == NAMES


def test_no_code_column_error_names_file_and_lists_columns(tmp_path):
    path = tmp_path / "batas_tanpa_kode.geojson"
    gpd.GeoDataFrame({"OBJECTID": range(1, 7), "NAMA_WIL": NAMES, "SHAPE_Leng": np.ones(6)},
                     geometry=[_cell(i) for i in range(6)], crs=4326).to_file(path)
    _refused(path, "kolom kode desa/kelurahan tidak ditemukan", "no village code column found",
             "kolom yang ada: OBJECTID, NAMA_WIL, SHAPE_Leng", "--boundary-code-col")
    _refused(path, "kolom kode 'KODE_DESA' tidak ada", "code column 'KODE_DESA' not found", "OBJECTID, NAMA_WIL, SHAPE_Leng",
             code_col="KODE_DESA")
    _refused(path, "kolom nama 'nm' tidak ada", code_col="OBJECTID", name_col="nm")
    # naming a column that holds no codes says which values it found
    _refused(path, "kolom 'OBJECTID' tidak berisi kode Kemendagri PP.KK.CC.DDDD", "'1', '2', '3'", code_col="OBJECTID")


# ------------------------------------------------------------------------------- containers and layers


def test_zipped_shapefile_read_from_its_folder(tmp_path):
    shp = _shapefile(_frame(), tmp_path / "src")
    parts = {f"Batas Desa Bengkulu/{p.name}": p for p in shp.parent.iterdir()}
    z = _zip(tmp_path / "batas_desa.zip", parts | {"__MACOSX/._desa.shp": shp, "Batas Desa Bengkulu/baca.txt": shp})
    b = read_boundaries(z)
    assert b.kelurahan["kode"].tolist() == CODES
    assert b.source["file"] == "batas_desa.zip"
    assert b.check("features_read").detail.startswith("6 fitur dibaca dari batas_desa.zip")


def test_zipped_shapefile_without_dbf_refused(tmp_path):
    shp = _shapefile(_frame(), tmp_path / "src")
    z = _zip(tmp_path / "tanpa_dbf.zip", {p.name: p for p in shp.parent.iterdir() if p.suffix != ".dbf"})
    _refused(z, "shapefile desa.shp tidak lengkap, tidak ada .dbf", "shapefile desa.shp is incomplete, .dbf is missing")


def test_plain_shapefile_without_shx_refused(tmp_path):
    shp = _shapefile(_frame(), tmp_path / "src")
    shp.with_suffix(".shx").unlink()
    _refused(shp, "shapefile tidak lengkap, tidak ada .shx")


def test_zip_with_two_shapefiles_needs_a_layer(tmp_path):
    a = _shapefile(_frame(), tmp_path / "a", "desa_2024")
    b_ = _shapefile(_frame(codes=[c[:-4] + "2" + c[-3:] for c in CODES]), tmp_path / "b", "desa_2025")
    z = _zip(tmp_path / "dua.zip", {p.name: p for p in [*a.parent.iterdir(), *b_.parent.iterdir()]})
    _refused(z, "arsip zip berisi beberapa berkas batas, pilih dengan --boundary-layer <nama> (terminal)", "desa_2024.shp, desa_2025.shp")
    assert read_boundaries(z, layer="desa_2025").kelurahan["kode"].str[9].eq("2").all()


def test_zip_without_boundary_file_and_broken_zip_refused(tmp_path):
    note = tmp_path / "catatan.txt"
    note.write_text("batas desa menyusul")
    _refused(_zip(tmp_path / "isi_salah.zip", {"catatan.txt": note}),
             "arsip zip tidak berisi .shp/.geojson/.gpkg", "catatan.txt")
    broken = tmp_path / "rusak.zip"
    broken.write_bytes(b"PK\x03\x04 bukan zip")
    _refused(broken, "bukan arsip zip yang utuh", "not a valid zip archive")


def test_geopackage_with_two_layers(tmp_path):
    path = tmp_path / "bappeda.gpkg"
    _frame().to_file(path, layer="batas_admin_2023")
    _frame(codes=[c[:-4] + "2" + c[-3:] for c in CODES]).to_file(path, layer="batas_admin_2024")
    _refused(path, "berkas berisi beberapa lapisan, pilih salah satu dengan --boundary-layer <lapisan> (terminal)",
             "batas_admin_2023, batas_admin_2024")
    b = read_boundaries(path, layer="batas_admin_2024")
    assert b.source["layer"] == "batas_admin_2024"
    assert b.kelurahan["kode"].str[9].eq("2").all()
    assert "lapisan batas_admin_2024" in b.check("features_read").detail
    _refused(path, "lapisan 'desa' tidak ada", "layer 'desa' not found", "batas_admin_2023, batas_admin_2024", layer="desa")


def test_geopackage_village_layer_chosen_by_name(tmp_path):
    path = tmp_path / "kota.gpkg"
    _frame().dissolve().assign(kode="17.71").to_file(path, layer="kota")
    _frame().to_file(path, layer="desa_kelurahan")
    b = read_boundaries(path)
    assert b.source["layer"] == "desa_kelurahan" and len(b.kelurahan) == 6


def test_geoparquet_read(tmp_path):
    path = tmp_path / "desa.parquet"
    _frame().to_crs(UTM_48S).to_parquet(path)
    b = read_boundaries(path)
    assert b.kelurahan["kode"].tolist() == CODES and b.kelurahan.crs.to_epsg() == 4326
    broken = tmp_path / "rusak.parquet"
    broken.write_bytes(b"PAR1 tidak lengkap")
    _refused(broken, "GeoParquet tidak dapat dibaca", "the GeoParquet file cannot be read")


# --------------------------------------------------------------------------------- unreadable files


def test_unreadable_file_named_in_the_message(tmp_path):
    garbage = tmp_path / "batas_desa.geojson"
    garbage.write_bytes(b"\x00\x01 ini bukan GeoJSON {{{")
    _refused(garbage, "berkas tidak dapat dibuka", "the file cannot be opened")

    truncated = tmp_path / "terpotong.geojson"
    text = json.dumps(json.loads(_frame().to_json()))
    truncated.write_text(text[: len(text) // 2])
    _refused(truncated, "tidak dapat")

    fake_gpkg = tmp_path / "bukan.gpkg"
    fake_gpkg.write_bytes(b"SQLite format 3\x00" + b"\x00" * 64)
    _refused(fake_gpkg, "berkas tidak dapat dibuka", "the file cannot be opened")


def test_missing_file_and_files_without_features_or_geometry(tmp_path):
    _refused(tmp_path / "tidak_ada.geojson", "berkas tidak ditemukan", "file not found")
    empty = tmp_path / "tanpa_fitur.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}')
    _refused(empty, "berkas tidak berisi fitur", "the file has no features")
    table = tmp_path / "daftar_desa.csv"
    table.write_text("kode,nama\n17.71.01.1001,Pagar Dewa\n")
    _refused(table, "berkas tidak berisi geometri", "the file has no geometry column")


def test_every_fault_message_is_a_boundary_error_not_a_stack_trace(tmp_path):
    """One sweep over odd inputs: each either reads or raises BoundaryError (never another exception)."""
    cases = {
        "satu_fitur.geojson": _frame(codes=CODES[:1]),
        "kode_angka.gpkg": gpd.GeoDataFrame({"kode": [1771011001, 1771011002]}, geometry=[_cell(0), _cell(1)], crs=4326),
        "kode_kosong.geojson": _frame(codes=[None] * 6),
        "garis.geojson": _frame(geoms=[_cell(i).exterior for i in range(6)]),
        "tanpa_nama.geojson": gpd.GeoDataFrame({"kode": CODES}, geometry=[_cell(i) for i in range(6)], crs=4326),
    }
    outcomes = {}
    for name, frame in cases.items():
        path = tmp_path / name
        frame.to_file(path)
        try:
            outcomes[name] = len(read_boundaries(path).kelurahan)
        except BoundaryError as exc:
            assert str(exc).startswith(name)
            outcomes[name] = "refused"
    assert outcomes == {"satu_fitur.geojson": 1, "kode_angka.gpkg": 2, "kode_kosong.geojson": "refused",
                        "garis.geojson": "refused", "tanpa_nama.geojson": 6}
    assert pyogrio.read_info(tmp_path / "garis.geojson")["geometry_type"] == "LineString"

