"""Real boundary files from ../shared/data/boundaries through geo.boundaries, checked like a GIS officer would:
the kelurahan and kecamatan counts of known kota/kabupaten, codes in Kemendagri form, the validity report
of the Jawa Timur province layer, and the kecamatan dissolve against the villages and the shipped layer.

Counts come from ../shared/data/boundaries/README.md and boundaries/manifest.toml (the last test keeps the
manifest honest). Jawa Timur (8,494 desa) takes a few seconds: the read is ~1 s, the dissolve ~3-7 s.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from geo.boundaries import BoundaryError, dissolve_kecamatan, equal_area_crs, read_boundaries
from geo.manifest import MANIFEST_PATH, load_manifest
from paths import SHARED

pytestmark = pytest.mark.shared

KODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$")

# file stem, kabupaten/kota code, villages, kecamatan, kelurahan (1xxx), desa (2xxx)   (README "Files")
AREAS = [
    ("kota_bengkulu", "17.71", 67, 9, 67, 0),
    ("kota_kediri", "35.71", 46, 3, 46, 0),
    ("kab_lombok_timur", "52.03", 254, 21, 15, 239),
    ("kab_serdang_bedagai", "12.18", 243, 17, 6, 237),
]
JATIM_INVALID_DESA = {
    "35.05.04.2005", "35.09.04.2001", "35.12.07.1002", "35.19.13.2012", "35.25.10.2007", "35.77.03.1007",
    "35.25.09.2021",
}


@pytest.fixture(scope="module")
def boundary_dir(shared_dir: Path) -> Path:
    folder = shared_dir / "data" / "boundaries"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return folder


@pytest.fixture(scope="module")
def jatim(boundary_dir: Path):
    """The Jawa Timur desa layer read once for the module (about 1 s)."""
    return read_boundaries(boundary_dir / "prov_jawa_timur_desa.gpkg", layer="desa")


def _areas_km2(gdf, crs) -> np.ndarray:
    return shapely.area(gdf.geometry.to_crs(crs).to_numpy()) / 1e6


# ------------------------------------------------------------------------------ the four kota/kabupaten


@pytest.mark.parametrize("stem, kab, n_villages, n_kec, n_kel, n_desa", AREAS, ids=[a[0] for a in AREAS])
def test_known_area_counts_codes_and_clean_report(boundary_dir, stem, kab, n_villages, n_kec, n_kel, n_desa):
    path = boundary_dir / f"{stem}_kelurahan.geojson"
    b = read_boundaries(path)
    kel = b.kelurahan

    assert len(kel) == n_villages
    assert kel["kecamatan_kode"].nunique() == n_kec
    assert (kel["jenis"] == "kelurahan").sum() == n_kel
    assert (kel["jenis"] == "desa").sum() == n_desa

    # codes: dotted Kemendagri, unique, the jenis read from the first village digit, prefixes derived
    assert kel["kode"].str.fullmatch(KODE_RE).all()
    assert kel["kode"].is_unique
    assert (kel["jenis"] == np.where(kel["kode"].str[9] == "1", "kelurahan", "desa")).all()
    assert (kel["kecamatan_kode"] == kel["kode"].str[:8]).all()
    assert (kel["kabupaten_kode"] == kab).all()
    assert kel["kode"].is_monotonic_increasing
    # the file's own kode_kecamatan column agrees with the derived prefix (no mismatch reported)
    assert b.check("kecamatan_code_mismatch") is None
    assert kel["nama"].notna().all() and kel["kecamatan_nama"].notna().all()
    assert kel["kabupaten_nama"].nunique() == 1

    # the README: all village polygons valid, no empty geometries, no duplicate codes
    for check in ("empty_geometries", "invalid_repaired", "no_polygon", "invalid_codes", "duplicate_codes",
                  "missing_names"):
        assert b.check(check).count == 0, b.check(check).detail
    assert b.check("features_read").count == b.check("features_kept").count == n_villages
    assert b.source["code_column"] == "kode" and b.source["name_column"] == "nama"
    assert b.source["crs"] == "EPSG:4326" and not b.source["crs_from_caller"]
    assert kel.crs.to_epsg() == 4326
    assert shapely.is_valid(kel.geometry.to_numpy()).all()
    assert set(b.report_frame()["check"]) >= {"features_read", "features_kept", "duplicate_codes"}


# README "Areas (UTM, village layer)", km²; the equal-area CRS gives the same within a fraction of a per cent
PUBLISHED_AREA_KM2 = {"kota_bengkulu": 150.6, "kota_kediri": 67.2, "kab_lombok_timur": 1605.2,
                      "kab_serdang_bedagai": 1947.1}


@pytest.mark.parametrize("stem", [a[0] for a in AREAS])
def test_kecamatan_dissolve_matches_villages_and_shipped_layer(boundary_dir, stem):
    kel = read_boundaries(boundary_dir / f"{stem}_kelurahan.geojson").kelurahan
    kec = dissolve_kecamatan(kel)
    crs = equal_area_crs(kel)

    # one polygon per distinct kecamatan code, named from the villages, grouped by code prefix
    assert len(kec) == kel["kecamatan_kode"].nunique()
    assert sorted(kec["kode"]) == sorted(kel["kecamatan_kode"].unique())
    assert (kec["kabupaten_kode"] == kec["kode"].str[:5]).all()
    assert kec["nama"].notna().all()
    assert shapely.is_valid(kec.geometry.to_numpy()).all()

    # dissolved area ≈ sum of its villages': the overlaps between neighbours are 0.01-0.04 % (README)
    village_km2 = _areas_km2(kel, crs).sum()
    dissolved_km2 = _areas_km2(kec, crs).sum()
    assert village_km2 == pytest.approx(PUBLISHED_AREA_KM2[stem], rel=0.005)
    assert dissolved_km2 <= village_km2
    assert dissolved_km2 == pytest.approx(village_km2, rel=1e-3)

    # the shipped kecamatan layer does not nest exactly (README: coastlines, simplification): loose match
    shipped = pyogrio.read_dataframe(boundary_dir / f"{stem}_kecamatan.geojson").set_index("kode")
    assert set(shipped.index) == set(kec["kode"])
    ours = kec.set_index("kode").geometry.to_crs(crs)
    theirs = shipped.geometry.to_crs(crs).reindex(ours.index)
    theirs_valid = shapely.make_valid(theirs.to_numpy())  # Lombok Timur's Jerowaru has nested shells
    inter = shapely.area(shapely.intersection(ours.to_numpy(), theirs_valid))
    union = shapely.area(shapely.union(ours.to_numpy(), theirs_valid))
    iou = inter / union
    assert iou.min() > 0.6, dict(zip(ours.index, iou.round(2)))
    assert np.median(iou) > 0.75
    assert shapely.area(theirs_valid).sum() / 1e6 == pytest.approx(dissolved_km2, rel=0.03)


def test_lombok_timur_shipped_kecamatan_has_the_one_invalid_polygon(boundary_dir):
    shipped = pyogrio.read_dataframe(boundary_dir / "kab_lombok_timur_kecamatan.geojson")
    invalid = shipped.loc[~shapely.is_valid(shipped.geometry.to_numpy()), "kode"].tolist()
    assert invalid == ["52.03.20"]  # Jerowaru, "Nested shells"
    # and a kecamatan layer is refused as a village layer, with the reason
    with pytest.raises(BoundaryError, match=r"kab_lombok_timur_kecamatan\.geojson: .*lapisan kecamatan"):
        read_boundaries(boundary_dir / "kab_lombok_timur_kecamatan.geojson")


def test_kediri_villages_equal_in_the_province_layer(boundary_dir, jatim):
    """README: the 46 Kota Kediri villages in the GeoPackage match the GeoJSON coordinate for coordinate."""
    kediri = read_boundaries(boundary_dir / "kota_kediri_kelurahan.geojson").kelurahan.set_index("kode")
    prov = jatim.kelurahan.set_index("kode")
    prov = prov[prov["kabupaten_kode"] == "35.71"]
    assert list(prov.index) == list(kediri.index)
    # the GeoPackage wraps single polygons as one-part MultiPolygons; the vertices are the same
    a, b = prov.geometry.to_numpy(), kediri.geometry.to_numpy()
    assert (shapely.get_num_coordinates(a) == shapely.get_num_coordinates(b)).all()
    assert np.abs(shapely.get_coordinates(a) - shapely.get_coordinates(b)).max() <= 1e-12
    assert (prov["nama"] == kediri["nama"]).all()


# ---------------------------------------------------------------------------------- Jawa Timur province


def test_jawa_timur_counts_and_codes(jatim):
    kel = jatim.kelurahan
    assert len(kel) == 8494
    assert kel["kecamatan_kode"].nunique() == 666
    assert kel["kabupaten_kode"].nunique() == 38
    assert (kel["jenis"] == "kelurahan").sum() == 773
    assert (kel["jenis"] == "desa").sum() == 7721
    assert kel["kode"].str.fullmatch(KODE_RE).all() and kel["kode"].is_unique
    assert kel["kode"].str.startswith("35.").all()
    assert (kel["kecamatan_kode"] == kel["kode"].str[:8]).all()
    # the province file's own column names are found: kecamatan_nama / kabupaten_nama, kecamatan_kode
    assert jatim.source["layer"] == "desa"
    assert jatim.source["kecamatan_column"] == "kecamatan_nama"
    assert jatim.source["kabupaten_column"] == "kabupaten_nama"
    assert jatim.check("kecamatan_code_mismatch") is None
    assert kel.loc[kel["kode"] == "35.71.01.1001", "kabupaten_nama"].item() == "Kota Kediri"
    assert kel.groupby("kabupaten_kode")["kabupaten_nama"].nunique().max() == 1


def test_jawa_timur_seven_invalid_desa_repaired_and_reported(boundary_dir, jatim):
    raw = pyogrio.read_dataframe(boundary_dir / "prov_jawa_timur_desa.gpkg", layer="desa")
    raw_invalid = set(raw.loc[~shapely.is_valid(raw.geometry.to_numpy()), "kode"])
    assert raw_invalid == JATIM_INVALID_DESA

    check = jatim.check("invalid_repaired")
    assert check.count == 7
    assert {item["kode"] for item in check.items} == JATIM_INVALID_DESA
    assert check.detail.startswith("7 poligon tidak valid diperbaiki dengan make_valid, luas berubah")
    assert "luas berubah" in check.detail
    # every repaired polygon is listed in the detail with its code and the GEOS reason
    for code in JATIM_INVALID_DESA:
        assert code in check.detail
    assert "Ring Self-intersection" in check.detail
    reasons = {item["kode"]: item["reason"] for item in check.items}
    assert reasons["35.25.09.2021"].startswith("Hole lies outside shell")
    # the total area change is reported, in m², and equals the per-polygon changes
    per_item = sum(abs(i["area_after_m2"] - i["area_before_m2"]) for i in check.items)
    assert check.value == pytest.approx(per_item)
    assert 0 <= check.value < 1e4  # tiny self-intersections: a few m² at most, not a lost village
    assert all(i["area_after_m2"] > 1e5 for i in check.items)  # every repaired village keeps its area

    kel = jatim.kelurahan
    assert shapely.is_valid(kel.geometry.to_numpy()).all()
    assert np.isin(shapely.get_type_id(kel.geometry.to_numpy()), (3, 6)).all()
    for name in ("empty_geometries", "no_polygon", "duplicate_codes", "invalid_codes", "missing_names"):
        assert jatim.check(name).count == 0, jatim.check(name).detail


def test_jawa_timur_shipped_kecamatan_layer_has_fifteen_invalid(boundary_dir):
    kec = pyogrio.read_dataframe(boundary_dir / "prov_jawa_timur_desa.gpkg", layer="kecamatan")
    assert len(kec) == 666
    reasons = shapely.is_valid_reason(kec.geometry.to_numpy())
    invalid = reasons != "Valid Geometry"
    assert invalid.sum() == 15
    assert sum(r.startswith("Nested shells") for r in reasons[invalid]) == 14
    assert kec.loc[invalid & ~np.char.startswith(reasons.astype(str), "Nested shells"), "kode"].tolist() == ["35.09.04"]
    # the kecamatan layer is not a village layer: asking for it says so
    with pytest.raises(BoundaryError, match=r"prov_jawa_timur_desa\.gpkg: kolom 'kode' tidak berisi kode Kemendagri"):
        read_boundaries(boundary_dir / "prov_jawa_timur_desa.gpkg", layer="kecamatan")


def test_jawa_timur_layer_chosen_by_name_and_unknown_layer_listed(boundary_dir):
    """Two layers, one named `desa`: it is picked without layer=...; a wrong layer name lists both."""
    with pytest.raises(BoundaryError, match=r"lapisan 'kelurahan' tidak ada; lapisan yang ada: desa, kecamatan"):
        read_boundaries(boundary_dir / "prov_jawa_timur_desa.gpkg", layer="kelurahan")
    info = pyogrio.list_layers(boundary_dir / "prov_jawa_timur_desa.gpkg")
    assert sorted(info[:, 0]) == ["desa", "kecamatan"]


def test_jawa_timur_kecamatan_dissolve(boundary_dir, jatim):
    kel = jatim.kelurahan
    kec = dissolve_kecamatan(kel)
    assert len(kec) == kel["kecamatan_kode"].nunique() == 666
    assert kec["kabupaten_kode"].nunique() == 38
    assert shapely.is_valid(kec.geometry.to_numpy()).all()

    crs = equal_area_crs(kel)
    village = _areas_km2(kel, crs)
    dissolved = _areas_km2(kec, crs)
    # province: overlaps between neighbours are 0.04 % of the area; no kecamatan grows by dissolving
    assert dissolved.sum() == pytest.approx(village.sum(), rel=1e-3)
    per_kec = kel.assign(a=village).groupby("kecamatan_kode")["a"].sum().reindex(kec["kode"]).to_numpy()
    assert (dissolved <= per_kec * (1 + 1e-9)).all()
    assert (dissolved >= per_kec * 0.9).all()

    shipped = pyogrio.read_dataframe(boundary_dir / "prov_jawa_timur_desa.gpkg", layer="kecamatan")
    assert set(shipped["kode"]) == set(kec["kode"])
    theirs = shapely.make_valid(shipped.set_index("kode").geometry.to_crs(crs).reindex(kec["kode"]).to_numpy())
    ours = kec.geometry.to_crs(crs).to_numpy()
    iou = shapely.area(shapely.intersection(ours, theirs)) / shapely.area(shapely.union(ours, theirs))
    assert np.median(iou) > 0.85
    assert iou.min() > 0.5  # the worst are Surabaya's small urban kecamatan
    assert shapely.area(theirs).sum() / 1e6 == pytest.approx(dissolved.sum(), rel=0.01)


# --------------------------------------------------------------------------------------------- manifest


def test_manifest_entries_are_complete():
    datasets = load_manifest()
    assert MANIFEST_PATH.parent.name == "boundaries"
    assert (MANIFEST_PATH.parent / "README.md").is_file()
    ids = [d.id for d in datasets]
    assert "kota_contoh_fiktif" in ids and "prov_jawa_timur_desa" in ids
    for d in datasets:
        assert d.code_scheme == "kemendagri_dotted", d.id
        assert d.crs == "EPSG:4326", d.id
        assert d.licence and d.vintage and d.features > 0, d.id
        if d.location == "shared":
            assert d.source_repository == "https://github.com/cahyadsn/wilayah_boundaries", d.id
            assert d.source_commit and d.source_path, d.id
            assert not d.fictional
        else:
            assert d.fictional and d.kode.startswith("99.") and d.generator, d.id
        if d.level == "kelurahan":
            assert d.kecamatan and d.kelurahan is not None and d.desa is not None, d.id
            assert d.kelurahan + d.desa == d.features, d.id


def test_manifest_counts_match_the_files(tmp_path):
    """Every present file has the manifest's counts, so the manifest cannot drift from the data
    (the generated demo is always checked; the shared files when ../shared is there)."""
    from pipelines.demo.places import kelurahan_geojson, make_places

    checked = []
    for d in load_manifest():
        if d.location == "generated":
            # the demo generator draws the places first from its seeded generator: same places here
            path = d.resolve(demo_dir=tmp_path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(kelurahan_geojson(make_places(np.random.default_rng(d.seed)))))
        else:
            path = d.resolve(shared_dir=SHARED)
        if not path.is_file():
            continue
        info = pyogrio.read_info(path, layer=d.layer)
        assert info["features"] == d.features, f"{d.id}: {info['features']} features in {path.name}"
        assert info["crs"] == d.crs, d.id
        if d.level == "kelurahan":
            kel = read_boundaries(path, layer=d.layer).kelurahan
            assert len(kel) == d.features, d.id
            assert kel["kecamatan_kode"].nunique() == d.kecamatan, d.id
            assert (kel["jenis"] == "kelurahan").sum() == d.kelurahan, d.id
            assert (kel["jenis"] == "desa").sum() == d.desa, d.id
            assert (kel["kode"].str.startswith(d.kode + ".")).all(), d.id
            if d.kabupaten is not None:
                assert kel["kabupaten_kode"].nunique() == d.kabupaten, d.id
        if d.invalid is not None:
            frame = pyogrio.read_dataframe(path, layer=d.layer, columns=[])
            assert (~shapely.is_valid(frame.geometry.to_numpy())).sum() == d.invalid, d.id
        if d.source_commit and path.suffix == ".geojson":
            # each feature names its source: repo@commit:path
            first = pyogrio.read_dataframe(path, max_features=1)["source"].iloc[0]
            assert f"@{d.source_commit}:{d.source_path}" in first, d.id
        checked.append(d.id)
    assert "kota_contoh_fiktif" in checked
    if SHARED.is_dir():  # without ../shared only the generated demo can be checked
        assert len(checked) >= 2
