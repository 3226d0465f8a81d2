"""One kind of error for "your file is wrong": whatever the file (e-PPGBM export, boundaries, survey figures,
extra lokus criteria, an upload, a store import), the refusal is an `InputError` whose message names the
file and, where it can, the column and the row."""
from __future__ import annotations

import json

import pytest

from geo.boundaries import BoundaryError, read_boundaries
from pipelines import store, upload
from pipelines.growth.zscore_file import ZscoreFileError
from pipelines.inputs.errors import InputError
from pipelines.inputs.tabular import FileError
from pipelines.lokus.criteria_upload import CriteriaFileError, read_extra_criteria
from pipelines.reconcile.survey import SurveyFileError, read_figures


def test_every_kind_of_refused_input_is_an_input_error():
    for kind in (FileError, BoundaryError, upload.UploadError, store.StoreError, SurveyFileError, CriteriaFileError,
                 ZscoreFileError):
        assert issubclass(kind, InputError), kind
    # those that were ValueErrors stay ValueErrors (code that caught them as such still does)
    for kind in (BoundaryError, upload.UploadError, store.StoreError, SurveyFileError, CriteriaFileError, ZscoreFileError):
        assert issubclass(kind, ValueError), kind


def test_a_boundary_file_without_polygons_names_the_file(tmp_path):
    path = tmp_path / "desa_titik.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kode": "99.71.01.2001", "nama": "Satu"},
         "geometry": {"type": "Point", "coordinates": [110.0, -7.0]}}]}))
    with pytest.raises(InputError) as refused:
        read_boundaries(path)
    assert "desa_titik.geojson" in str(refused.value)


def test_a_survey_figure_with_a_bad_percentage_names_file_column_and_row():
    data = ("Sumber;Tahun;Tingkat;Kode Wilayah;Prevalensi Stunting (%);Batas Bawah 95% (%);Batas Atas 95% (%)\n"
            "SSGI;2024;kabupaten;99.71;21,5;19,0;24,0\n"
            "SSGI;2023;kabupaten;99.71;banyak;19,0;24,0\n").encode()
    with pytest.raises(InputError) as refused:
        read_figures(data, "survei_kota.csv")
    message = str(refused.value)
    assert message.startswith("survei_kota.csv, baris 3, kolom 'Prevalensi Stunting (%)': 'banyak'")


def test_extra_criteria_with_an_unknown_code_names_the_file_and_row():
    data = "Kode Desa/Kel;Jarak ke puskesmas\n99.71.01.2001;3,5\n99.71.09.9999;2\n".encode()
    with pytest.raises(InputError) as refused:
        read_extra_criteria(data, "kriteria.csv", {"99.71.01.2001"})
    message = str(refused.value)
    assert message.startswith("kriteria.csv, kolom 'Kode Desa/Kel', baris 3: kode 99.71.09.9999")


def test_an_upload_lists_every_refused_file_by_name(tmp_path):
    with pytest.raises(InputError) as refused:
        upload.save_uploads(tmp_path / "up", {"measurements": [("data.exe", b"MZ"), ("catatan.docx", b"PK")]})
    assert len(refused.value.messages) == 2
    assert "data.exe" in refused.value.messages[0] and "catatan.docx" in refused.value.messages[1]


def test_a_glossary_message_carries_its_key_and_reads_in_either_language():
    error = InputError(key="store_refuse_no_rows", read=12)
    assert error.key == "store_refuse_no_rows" and error.params == {"read": 12}
    assert str(error).startswith("0 dari 12 baris e-PPGBM diterima")
    assert error.text("en").startswith("0 of 12 e-PPGBM rows accepted")
