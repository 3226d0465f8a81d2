"""Dua Angka's slide and export on the demo city: what was computed is what the files carry."""
from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest

from pipelines.outputs import dua_angka as out
from pipelines.outputs.slides import SLIDE_KEYS, available_keys, build_slides, pdf_bytes
from pipelines.reconcile import flows, report


@pytest.fixture(scope="module")
def con(demo_build):
    with duckdb.connect(str(demo_build.db), read_only=True) as connection:
        yield connection


def test_the_slide_joins_the_sequence_when_the_database_has_dua_angka(con):
    keys = available_keys(con)
    assert keys[-2:] == ("dua_angka", "summary") and set(SLIDE_KEYS) <= set(keys)   # before the closing summary
    slides = build_slides(con, "2024-08", keys=("dua_angka",))
    (slide,) = slides
    assert slide.title == "Dua angka: e-PPGBM dan survei"
    assert slide.figure.get_size_inches().tolist() == [19.2, 10.8]
    assert "[diukur]" in slide.subtitle and "[model]" in slide.subtitle and "FIKTIF" in slide.subtitle
    expected = report.dua_angka(con, "2024-08")
    assert list(slide.table["kind"]) == ["diukur", "disesuaikan", "model", "survei (FIKTIF)"]
    assert slide.table["value"].iloc[1] == f"{expected.adjusted.value * 100:.1f} %".replace(".", ",")
    assert pdf_bytes(slides).startswith(b"%PDF")


def test_xlsx_carries_the_numbers_with_their_kind(con):
    result = report.dua_angka(con, "2024-08")
    pair = flows.period_pairs(con)[0]
    counts = flows.flow_counts(con, "kelurahan", *pair)
    data = out.xlsx_bytes(result, counts, "id", pair)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert {"Ringkasan", "Dekomposisi", "Desa", "Cakupan umur", "Kecamatan", "Alur anak", "Asumsi"} <= set(sheets)
    steps = sheets["Dekomposisi"]
    terms = steps["Poin persen"].iloc[1:-1]
    assert terms.sum() == pytest.approx((result.survey.prevalence - result.measured.value) * 100, abs=0.05)
    desa = sheets["Desa"]
    assert len(desa) == 60 and "Model (%) [model]" in desa.columns and "Diukur (%) [diukur]" in desa.columns
    assert sheets["Alur anak"]["Baru stunting"].sum() == counts["baru"].sum()
    text = " ".join(str(v) for frame in sheets.values() for v in frame.astype(str).to_numpy().ravel())
    assert "child_id" not in text and "NIK" not in text


def test_pdf_has_the_chart_and_the_tables(con):
    data = out.pdf_bytes(report.dua_angka(con, "2024-08"))
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") - data.count(b"/Type /Pages") == 2
