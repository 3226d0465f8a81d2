"""The demo city generator (pipelines.demo.city): determinism, geometry, sizes, dirty rows and truth.

These tests read the generated files back on their own (pandas/openpyxl/shapely), not through the import,
so a fault in the generator is told apart from a fault in the import.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from pipelines.demo.city import DemoFiles, demo_files, generate_demo
from pipelines.demo.eppgbm import EPPGBM_COLUMNS
from pipelines.demo.services import ID_COLUMNS, SERVICE_COLUMNS, SERVICES
from pipelines.growth.who_tables import read_table

TARGET_TYPES = set(SERVICES)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> DemoFiles:
    # how long generation takes is benchmarks/demo_city.py's figure, never a test's assertion
    return generate_demo(tmp_path_factory.mktemp("demo_a"), seed=2024)


@pytest.fixture(scope="module")
def kelurahan(files) -> pd.DataFrame:
    data = json.loads(files.boundaries.read_text(encoding="utf-8"))
    rows = [dict(f["properties"], geometry=shape(f["geometry"])) for f in data["features"]]
    return pd.DataFrame(rows)


def _read_table(path: Path) -> pd.DataFrame:
    """A generated input file as text cells ('' for empty); XLSX dates as 'YYYY-MM-DD', numbers as text."""
    if path.suffix == ".xlsx":
        raw = pd.read_excel(path, dtype=object)

        def text(v) -> str:
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
                return ""
            if isinstance(v, (dt.datetime, dt.date)):
                return v.strftime("%Y-%m-%d")
            if isinstance(v, float) and v.is_integer() and abs(v) < 1e6:
                return str(int(v)) if path.name.startswith("kota_contoh_fiktif_1000hpk") else repr(v)
            return str(v)

        return raw.map(text)
    head = path.read_bytes()[:3]
    if head == b"\xef\xbb\xbf":
        frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for col in ("Berat", "Tinggi"):
            frame[col] = frame[col].str.replace(",", ".", regex=False)
        return frame
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _dates(values: pd.Series) -> pd.Series:
    """Parse ISO or dd/mm/yyyy text dates."""
    iso = pd.to_datetime(values.where(~values.str.contains("/")), format="%Y-%m-%d", errors="coerce")
    dmy = pd.to_datetime(values.where(values.str.contains("/")), format="%d/%m/%Y", errors="coerce")
    return iso.fillna(dmy)


@pytest.fixture(scope="module")
def measurements(files) -> dict[str, pd.DataFrame]:
    return {p.name: _read_table(p) for p in files.measurements}


@pytest.fixture(scope="module")
def registers(files) -> dict[str, pd.DataFrame]:
    return {p.name: _read_table(p) for p in files.services}


@pytest.fixture(scope="module")
def dirty(files) -> pd.DataFrame:
    return pd.read_csv(files.truth_dirty, dtype={"row": int}, keep_default_na=False)


def test_generation_is_complete(files):
    assert files.complete()
    again = demo_files(files.root)
    assert again.measurements == files.measurements and again.services == files.services
    assert {p.suffix for p in files.measurements} == {".csv", ".xlsx"}
    assert any(p.suffix == ".xlsx" for p in files.services) and any(p.suffix == ".csv" for p in files.services)
    assert all("fiktif" in p.name for p in files.inputs())


def test_same_seed_gives_same_bytes(files, tmp_path):
    again = generate_demo(tmp_path / "b", seed=2024)
    names_a = [p.relative_to(files.root) for p in files.inputs()]
    names_b = [p.relative_to(again.root) for p in again.inputs()]
    assert names_a == names_b
    for a, b in zip(files.inputs(), again.inputs()):
        assert a.read_bytes() == b.read_bytes(), a.name
    for a, b in [(files.truth_prevalence, again.truth_prevalence), (files.truth_dirty, again.truth_dirty),
                 (files.truth_posyandu_outside, again.truth_posyandu_outside)]:
        assert a.read_bytes() == b.read_bytes(), a.name


def test_polygons_tile_the_city_without_gaps_or_overlaps(kelurahan):
    geoms = np.array(kelurahan["geometry"].tolist())
    assert shapely.is_valid(geoms).all()
    assert set(shapely.get_type_id(geoms)) == {3}                 # one Polygon each
    assert shapely.coverage_is_valid(geoms)
    i, j = np.triu_indices(len(geoms), 1)
    overlap = shapely.area(shapely.intersection(geoms[i], geoms[j]))
    assert overlap.max() < 1e-12                                   # deg², ~0.01 m²
    union = shapely.union_all(geoms)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0   # no holes: no gaps
    assert abs(union.area - shapely.area(geoms).sum()) < 1e-10
    assert union.area / union.convex_hull.area < 0.97              # non-convex outline
    minx, miny, maxx, maxy = union.bounds
    assert 110.2 < minx < maxx < 110.6 and -7.2 < miny < maxy < -6.9
    width_km, height_km = (maxx - minx) * 110.5, (maxy - miny) * 110.6
    assert 12 < width_km < 19 and 9 < height_km < 15


def test_codes_and_names(kelurahan):
    assert 55 <= len(kelurahan) <= 65
    assert 7 <= kelurahan["kode_kecamatan"].nunique() <= 9
    assert kelurahan["kode"].str.fullmatch(r"99\.71\.\d{2}\.1\d{3}").all()
    assert kelurahan["kode"].is_unique
    assert (kelurahan["kode"].str[:8] == kelurahan["kode_kecamatan"]).all()
    assert (kelurahan["kabupaten_kota"] == "Kota Contoh (fiktif)").all()
    assert not kelurahan.duplicated(["kode_kecamatan", "nama"]).any()
    per_name = kelurahan.groupby("nama")["kode_kecamatan"].nunique()
    assert (per_name >= 2).sum() >= 2                              # names are not keys
    for kode_kec, grp in kelurahan.groupby("kode_kecamatan"):
        assert shapely.union_all(grp["geometry"].tolist()).geom_type == "Polygon", kode_kec


def test_eppgbm_files_and_children(measurements):
    for name, frame in measurements.items():
        assert list(frame.columns) == EPPGBM_COLUMNS, name
    rows = pd.concat(measurements.values(), ignore_index=True)
    assert rows["NIK"].str.fullmatch(r"99\d{14}").all()
    assert 18_000 <= rows["NIK"].nunique() <= 22_000
    months = _dates(rows["Tanggal Pengukuran"]).dt.strftime("%Y-%m")
    assert set(months) == {"2024-02", "2024-08", "2025-02", "2025-08"}
    assert set(rows["Cara Ukur"]) == {"Terlentang", "Berdiri"}
    assert set(rows["Bulan Pengukuran"]) == {"Februari", "Agustus"}


def test_dirty_share_and_every_dirty_row_has_its_fault(measurements, dirty):
    m_dirty = dirty[dirty["kind"] == "measurement"]
    assert set(m_dirty["reason_code"]) == {"birth_after_measurement", "height_out_of_range",
                                           "height_weight_swapped", "duplicate", "unknown_sex"}
    total = sum(len(f) for f in measurements.values())
    assert 0.01 <= len(m_dirty) / total <= 0.03
    for name, frame in measurements.items():
        bad = m_dirty[m_dirty["file"] == name]
        assert 0.01 <= len(bad) / len(frame) <= 0.03, name
        row_of = frame.assign(_row=np.arange(2, len(frame) + 2)).set_index("_row")
        for code, group in bad.groupby("reason_code"):
            sel = row_of.loc[group["row"]]
            if code == "birth_after_measurement":
                assert (_dates(sel["Tgl Lahir"]) > _dates(sel["Tanggal Pengukuran"])).all()
            elif code == "height_out_of_range":
                assert (sel["Tinggi"].astype(float) > 300).all()          # millimetres
            elif code == "height_weight_swapped":
                w, h = sel["Berat"].astype(float), sel["Tinggi"].astype(float)
                assert ((w > h) & (w >= 38) & (h <= 30)).all()
            elif code == "unknown_sex":
                assert (sel["JK"] == "").all()
            elif code == "duplicate":                               # an exact copy of an earlier row
                later_copy = row_of.duplicated(keep="first")
                assert later_copy.loc[group["row"]].all(), name
                assert later_copy.sum() == len(group), name


def test_clean_rows_pass_every_rule(measurements, dirty):
    lhfa = read_table("who_lhfa")
    for name, frame in measurements.items():
        bad_rows = set(dirty.loc[dirty["file"] == name, "row"])
        clean = frame[~np.isin(np.arange(2, len(frame) + 2), list(bad_rows))]
        age = (_dates(clean["Tanggal Pengukuran"]) - _dates(clean["Tgl Lahir"])).dt.days
        w, h = clean["Berat"].astype(float), clean["Tinggi"].astype(float)
        assert age.between(0, 1826).all(), name
        # one puskesmas writes 0 for "not measured" (pipelines.demo.quality_faults): never both in one row
        assert not ((w == 0) & (h == 0)).any(), name
        w, h = w[(w != 0) & (h != 0)], h[(w != 0) & (h != 0)]
        assert h.between(38, 130).all() and w.between(0.9, 30).all() and (w < h).all(), name
        assert clean["JK"].isin(["L", "P"]).all(), name
        assert not clean.duplicated(["NIK", "Tanggal Pengukuran", "Posyandu"]).any(), name
        assert not clean.duplicated().any(), name
        assert len(lhfa) > 0


def _haz(frame: pd.DataFrame) -> pd.DataFrame:
    """WHO HAZ for clean rows, position-adjusted as in docs/architecture.md (independent of the import)."""
    lhfa = read_table("who_lhfa").set_index(["sex", "age_days"])
    age = (_dates(frame["Tanggal Pengukuran"]) - _dates(frame["Tgl Lahir"])).dt.days.to_numpy()
    sex = np.where(frame["JK"] == "L", 1, 2)
    h = frame["Tinggi"].astype(float).to_numpy()
    standing = frame["Cara Ukur"].to_numpy() == "Berdiri"
    h = h + np.where(standing & (age < 731) & (age >= 274), 0.7, 0) - np.where(~standing & (age >= 731), 0.7, 0)
    lms = lhfa.loc[list(zip(sex, age))]
    z = ((h / lms["m"].to_numpy()) ** lms["l"].to_numpy() - 1) / (lms["l"].to_numpy() * lms["s"].to_numpy())
    return pd.DataFrame({"z": np.round(z, 2), "date": _dates(frame["Tanggal Pengukuran"]).to_numpy()})


def test_prevalence_truth_range_and_agreement(files, measurements, dirty, kelurahan):
    truth = pd.read_csv(files.truth_prevalence)
    assert set(truth.columns) >= {"kode", "period", "stunting_expected"}
    assert len(truth) == 4 * len(kelurahan)
    assert truth["stunting_expected"].min() < 0.10
    assert 0.35 <= truth["stunting_expected"].max() <= 0.45
    assert truth["wasting_expected"].between(0.04, 0.13).all()
    first = truth[truth["period"] == "2024-02"].set_index("kode")["stunting_expected"]
    last = truth[truth["period"] == "2025-08"].set_index("kode")["stunting_expected"]
    assert (last < first).all()                                    # slight improvement

    code_of = {(r.kode_kecamatan, r.nama): r.kode for r in kelurahan.itertuples()}
    kec_code = dict(zip(kelurahan["kecamatan"], kelurahan["kode_kecamatan"]))
    parts = []
    for name, frame in measurements.items():
        bad = set(dirty.loc[dirty["file"] == name, "row"])
        clean = frame[~np.isin(np.arange(2, len(frame) + 2), list(bad))]
        clean = clean[clean["Tinggi"].astype(float) > 0]            # 0 = "not measured" (quality_faults)
        z = _haz(clean)
        parts.append(pd.DataFrame({
            "kode": [code_of[(kec_code[k], d)] for k, d in zip(clean["Kec"], clean["Desa/Kel"])],
            "period": pd.DatetimeIndex(z["date"]).strftime("%Y-%m"), "stunted": z["z"].to_numpy() < -2,
        }))
    obs = pd.concat(parts).groupby(["kode", "period"])["stunted"].agg(["mean", "size"]).reset_index()
    both = obs.merge(truth, on=["kode", "period"])
    assert len(both) == len(truth)
    p = both["stunting_expected"]
    chi = ((both["mean"] - p) / np.sqrt(p * (1 - p) / both["size"])) ** 2
    assert chi.mean() < 1.5                                        # agreement within sampling error
    overall = np.average(both["mean"], weights=both["size"]) - np.average(p, weights=both["size"])
    assert abs(overall) < 0.01


def test_posyandu_list_and_outside_truth(files, kelurahan):
    pos = pd.read_csv(files.posyandu, dtype=str, keep_default_na=False)
    assert list(pos.columns) == ["Kode Posyandu", "Nama Posyandu", "Kode Desa/Kel", "Desa/Kel", "Kecamatan",
                                 "Puskesmas", "Longitude", "Latitude"]
    assert 200 <= len(pos) <= 300
    assert pos["Kode Posyandu"].str.fullmatch(r"P-99\.71\.\d{2}\.1\d{3}-\d{2}").all()
    assert ((pos["Longitude"] == "") & (pos["Latitude"] == "")).sum() >= 2
    outside = pd.read_csv(files.truth_posyandu_outside, dtype=str, keep_default_na=False)
    assert 3 <= len(outside) <= 8
    poly = dict(zip(kelurahan["kode"], kelurahan["geometry"]))
    geoms = np.array(kelurahan["geometry"].tolist())
    has_xy = pos[pos["Longitude"] != ""]
    x, y = has_xy["Longitude"].astype(float).to_numpy(), has_xy["Latitude"].astype(float).to_numpy()
    inside_declared = np.array([poly[k].contains(shapely.Point(a, b)) for k, a, b in zip(has_xy["Kode Desa/Kel"], x, y)])
    is_out = has_xy["Kode Posyandu"].isin(outside["posyandu_id"]).to_numpy()
    assert not inside_declared[is_out].any()
    assert inside_declared[~is_out].all()
    for r in outside.itertuples():
        pt = shapely.Point(float(r.lon), float(r.lat))
        hits = [k for k, g in poly.items() if g.contains(pt)]
        assert hits == ([r.kode_actual] if r.kode_actual else []), r.posyandu_id
    assert shapely.contains_xy(shapely.union_all(geoms), x[~is_out], y[~is_out]).all()


def test_sasaran_above_measured(files, measurements, kelurahan):
    sas = pd.read_csv(files.sasaran, dtype={"Kode Desa/Kel": str})
    assert list(sas.columns) == ["Kode Desa/Kel", "Tahun", "Sasaran Balita"]
    assert len(sas) == 2 * len(kelurahan) and set(sas["Tahun"]) == {2024, 2025}
    code_of = {(r.kecamatan, r.nama): r.kode for r in kelurahan.itertuples()}
    rows = pd.concat(measurements.values(), ignore_index=True)
    rows["kode"] = [code_of[(k, d)] for k, d in zip(rows["Kec"], rows["Desa/Kel"])]
    rows["period"] = _dates(rows["Tanggal Pengukuran"]).dt.strftime("%Y-%m")
    n = rows.drop_duplicates(["NIK", "period"]).groupby(["kode", "period"]).size().reset_index(name="n")
    n["Tahun"] = n["period"].str[:4].astype(int)
    both = n.merge(sas, left_on=["kode", "Tahun"], right_on=["Kode Desa/Kel", "Tahun"])
    coverage = both["n"] / both["Sasaran Balita"]
    assert coverage.between(0.6, 1.0).all()
    assert coverage.max() <= 0.96 and coverage.median() < 0.93


def test_registers_columns_dirty_rows_and_access_gradient(files, registers, dirty, kelurahan, measurements):
    for name, frame in registers.items():
        assert list(frame.columns) == ID_COLUMNS + SERVICE_COLUMNS, name
    s_dirty = dirty[dirty["kind"] == "service"]
    assert set(s_dirty["reason_code"]) == {"unknown_target_type", "invalid_service_value", "unknown_kelurahan"}
    known = set(kelurahan["kode"])
    allowed = {"ya", "tidak", "", "1", "0"}
    clean_parts = []
    for name, frame in registers.items():
        rows = np.arange(2, len(frame) + 2)
        bad = s_dirty[s_dirty["file"] == name]
        for r in bad.itertuples():
            row = frame.iloc[r.row - 2]
            if r.reason_code == "unknown_target_type":
                assert row["Jenis Sasaran"] not in TARGET_TYPES
            elif r.reason_code == "unknown_kelurahan":
                assert row["Kode Desa/Kel"] not in known
            else:
                assert not set(row[SERVICE_COLUMNS]) <= allowed
        clean = frame[~np.isin(rows, bad["row"].to_numpy())]
        assert clean["Jenis Sasaran"].isin(TARGET_TYPES).all() and clean["Kode Desa/Kel"].isin(known).all()
        assert clean[SERVICE_COLUMNS].isin(allowed).all().all(), name
        clean_parts.append(clean)
    reg = pd.concat(clean_parts, ignore_index=True)
    reg[SERVICE_COLUMNS] = reg[SERVICE_COLUMNS].replace({"1": "ya", "0": "tidak"})
    counts = reg["Jenis Sasaran"].value_counts()
    assert counts["anak_0_23"] > 10_000 and 1_500 < counts["ibu_hamil"] < 5_000 and counts["anak_2_6"] > 100
    ages = reg["Usia (bulan)"].replace("", np.nan).astype(float)
    assert ages[reg["Jenis Sasaran"] == "anak_0_23"].between(0, 23).all()
    assert ages[reg["Jenis Sasaran"] == "anak_2_6"].between(24, 59).all()
    kids = set(pd.concat(measurements.values())["NIK"])
    assert reg.loc[reg["Jenis Sasaran"] == "anak_0_23", "ID Sasaran"].isin(kids).all()

    child = reg[reg["Jenis Sasaran"] == "anak_0_23"]
    svc = SERVICES["anak_0_23"]
    applicable = pd.DataFrame({s: np.ones(len(child), bool) for s in svc}, index=child.index)
    applicable["imunisasi_dasar"] = child["Usia (bulan)"].astype(float) >= 12
    applicable["kunjungan_rumah_anak"] = child["Gizi Buruk/Kurang/Stunting"] == "ya"
    complete = ((child[svc] == "ya") | ~applicable).all(axis=1)
    access = complete.groupby(child["Kode Desa/Kel"]).mean()
    truth = pd.read_csv(files.truth_prevalence).groupby("kode")["stunting_expected"].mean()
    both = pd.concat([access.rename("access"), truth], axis=1, join="inner")
    assert both.corr(method="spearman").iloc[0, 1] < -0.6
    assert both["access"].max() - both["access"].min() > 0.3
