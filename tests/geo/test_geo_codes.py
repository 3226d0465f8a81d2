"""Kemendagri codes (geo.codes): the forms a kabupaten's files really carry, stored dotted; BPS and broken
codes refused, not misread; and what a boundary file with bad codes says about them."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from pipelines.present.messages import message
from geo.boundaries import BoundaryError, read_boundaries
from geo.codes import (
    jenis_of,
    kabupaten_of,
    kecamatan_of,
    normalise_kode,
    normalise_kode_series,
    normalise_name,
    normalise_name_series,
)


@pytest.mark.parametrize("value", [
    "17.71.01.1001",            # dotted, as Kemendagri writes it
    "1771011001",               # undotted 10 digits (e-PPGBM, registers)
    " 17.71.01.1001 ",          # spaces around, from a spreadsheet cell
    "17-71-01-1001", "17/71/01/1001", "17 71 01 1001", "17_71_01_1001",
    1771011001,                 # an integer column
    1771011001.0,               # Excel turned it into a float
    np.int64(1771011001),
    np.float64(1771011001.0),
])
def test_pagar_dewa_in_every_form(value):
    assert normalise_kode(value) == "17.71.01.1001"


@pytest.mark.parametrize("value, why", [
    ("1771010001", "BPS code: kecamatan 010, village 001 (village part starts with 0)"),
    ("17.71.01.0001", "village part starting with 0"),
    ("17.71.01.3001", "village part starting with 3 is neither kelurahan nor desa"),
    ("17.71.01", "a kecamatan code"),
    ("17.71", "a kabupaten code"),
    ("177101100", "9 digits"),
    ("17710110011", "11 digits"),
    ("17.71.1.1001", "one-digit kecamatan"),
    ("17.71.01.1001.", "trailing dot"),
    ("17.71.01 .1001", "two separators"),
    ("ID1771010001", "OCHA P-code (BPS)"),
    ("Pagar Dewa", "a name"),
    ("", "empty"),
    ("  ", "blank"),
    (1771011001.5, "non-integral float"),
    (float("nan"), "NaN"),
    (None, "None"),
    (pd.NA, "pd.NA"),
    (True, "a boolean"),
])
def test_bad_codes_refused(value, why):
    assert normalise_kode(value) is None, why


def test_kelurahan_and_desa_told_apart_by_the_first_village_digit():
    assert jenis_of("17.71.01.1001") == "kelurahan"   # Pagar Dewa, Kota Bengkulu
    assert jenis_of("5203012001") == "desa"           # a desa of Lombok Timur, undotted
    assert jenis_of("17.71.01.0001") is None
    assert jenis_of(None) is None


def test_kecamatan_and_kabupaten_of_a_code():
    assert kecamatan_of("1771011001") == "17.71.01"
    assert kecamatan_of("17.71.01") == "17.71.01"
    assert kecamatan_of("177101") == "17.71.01"
    assert kecamatan_of("17.71") is None
    assert kecamatan_of("bukan kode") is None
    assert kabupaten_of("17.71.01.1001") == "17.71"
    assert kabupaten_of("17.71.01") == "17.71"
    assert kabupaten_of("1771") == "17.71"
    assert kabupaten_of("17") is None
    assert kabupaten_of(None) is None


def test_series_matches_the_scalar_for_mixed_column():
    values = ["17.71.01.1001", "1771011002", " 52.03.01.2001 ", "1771010001", "17.71.01", None, "x", 1771011003,
              1771011004.0]
    got = normalise_kode_series(pd.Series(values, dtype=object))
    assert got.tolist() == [normalise_kode(v) for v in values]
    assert got.tolist() == ["17.71.01.1001", "17.71.01.1002", "52.03.01.2001", None, None, None, None,
                            "17.71.01.1003", "17.71.01.1004"]


@pytest.mark.parametrize("series", [
    pd.Series([1771011001.0, np.nan, 1771011002.5, 5203012001.0]),       # float column from Excel
    pd.Series([1771011001, None, 17710110025, 5203012001], dtype="Int64"),
    pd.Series(["1771011001", None, "17.71.01.10025", "5203012001"], dtype="string"),
])
def test_series_dtypes_from_readers(series):
    assert normalise_kode_series(series).tolist() == ["17.71.01.1001", None, None, "52.03.01.2001"]


def test_names_comparable_within_a_kecamatan():
    assert normalise_name("Kel. Pagar  Dewa") == "pagar dewa"
    assert normalise_name("KELURAHAN PAGAR DEWA") == "pagar dewa"
    assert normalise_name("Desa Ketapang") == "ketapang"
    assert normalise_name("Ds.Ketapang") == "ketapang"
    assert normalise_name("Sumber'rejo") == "sumberrejo"
    assert normalise_name("Kebon-Agung") == "kebon agung"
    assert normalise_name("Desaku") == "desaku"  # a name that starts like the prefix keeps it
    assert normalise_name(None) == "" and normalise_name(float("nan")) == ""
    names = pd.Series(["Kel. Pagar  Dewa", "Ds.Ketapang", None, "Kebon-Agung", "Desaku"])
    assert normalise_name_series(names).tolist() == [normalise_name(n) for n in names]


# ------------------------------------------------------------------- codes in a boundary file, messages


def _write(tmp_path, name, codes, column="kode"):
    geoms = [box(102.26 + 0.01 * i, -3.80, 102.27 + 0.01 * i, -3.79) for i in range(len(codes))]
    path = tmp_path / name
    gpd.GeoDataFrame({column: codes, "nama": [f"Kelurahan {i}" for i in range(len(codes))]},
                     geometry=geoms, crs=4326).to_file(path)
    return path


def test_undotted_and_excel_float_codes_stored_dotted(tmp_path):
    path = tmp_path / "floats.gpkg"
    frame = gpd.GeoDataFrame({"kode_desa": [1771011001.0, 1771011002.0, 1771012001.0], "nama": list("ABC")},
                             geometry=[box(102.26 + 0.01 * i, -3.8, 102.27 + 0.01 * i, -3.79) for i in range(3)],
                             crs=4326)
    frame.to_file(path)
    kel = read_boundaries(path).kelurahan
    assert kel["kode"].tolist() == ["17.71.01.1001", "17.71.01.1002", "17.71.01.2001"]
    assert kel["jenis"].tolist() == ["kelurahan", "kelurahan", "desa"]
    assert kel["kecamatan_kode"].unique().tolist() == ["17.71.01"]


def test_some_bad_codes_dropped_and_listed_with_row_and_value(tmp_path):
    path = _write(tmp_path, "campur.geojson",
                  ["17.71.01.1001", "17.71.01.1002", "17.71.01.3003", "Pagar Dewa", None, "17.71.01.1006"])
    b = read_boundaries(path)
    assert b.kelurahan["kode"].tolist() == ["17.71.01.1001", "17.71.01.1002", "17.71.01.1006"]
    check = b.check("invalid_codes")
    assert check.count == 3
    assert check.items == [3, 4, 5]  # feature rows, 1-based
    assert "bukan kode desa/kelurahan dibuang" in check.detail
    assert "fitur ke-3 ('17.71.01.3003')" in check.detail
    assert "fitur ke-4 ('Pagar Dewa')" in check.detail
    assert "fitur ke-5 (kosong)" in check.detail


def test_bps_codes_refused_with_the_crosswalk_hint(tmp_path):
    """geo.codes has no BPS↔Kemendagri crosswalk yet (docs/architecture.md: accept BPS when a mapping is given):
    a BPS file is refused as a whole, with the reason."""
    path = _write(tmp_path, "bps.geojson", ["1771010001", "1771010002", "1771020001"])
    with pytest.raises(BoundaryError) as err:
        read_boundaries(path)
    msg = str(err.value)
    assert msg.startswith("bps.geojson: kolom 'kode' tidak berisi kode Kemendagri PP.KK.CC.DDDD")
    assert "'1771010001'" in msg
    assert "tampaknya kode BPS" in msg and "BPS-Kemendagri crosswalk is needed" in message(err.value, "en")


def test_bps_codes_of_split_kecamatan_are_not_misread(tmp_path):
    """BPS numbers split kecamatan 011, 021, ...: BPS 1771011001 would parse as Kemendagri 17.71.01.1001,
    another village. A column that looks like BPS is refused as a whole (bug fixed in geo.boundaries)."""
    bps = ["1771010001", "1771010002", "1771011001", "1771011002", "1771020001", "1771021001"]
    assert normalise_kode("1771011001") == "17.71.01.1001"  # one code alone cannot be told apart
    path = _write(tmp_path, "bps_pemekaran.geojson", bps)
    with pytest.raises(BoundaryError, match=r"bps_pemekaran\.geojson: .*tampaknya kode BPS"):
        read_boundaries(path)


def test_a_typo_in_a_kemendagri_file_is_dropped_not_taken_for_bps(tmp_path):
    codes = [f"17710{k}1{d:03d}" for k in (1, 2, 3) for d in range(1, 5)] + ["1771010005"]
    b = read_boundaries(_write(tmp_path, "undotted.geojson", codes))
    assert len(b.kelurahan) == 12
    assert b.check("invalid_codes").count == 1 and "'1771010005'" in b.check("invalid_codes").detail


def test_kecamatan_codes_refused_with_the_layer_hint(tmp_path):
    path = _write(tmp_path, "kec.geojson", ["17.71.01", "17.71.02", "17.71.03"])
    with pytest.raises(BoundaryError, match=r"kec\.geojson: .*ini tampaknya lapisan kecamatan"):
        read_boundaries(path)
