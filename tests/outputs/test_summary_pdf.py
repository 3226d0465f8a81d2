"""pipelines.outputs.summary_pdf: one A4 page per kecamatan, small-number suppression, totals, no child-level data."""
from __future__ import annotations

import re

import duckdb
import pytest
from matplotlib.text import Text

from pipelines.outputs.summary_pdf import SUPPRESSED, export_summary_pdf, summary_figures
from presentation_fixture import EMPTY_KODE, PERIODS, PLANTED_CHILD_IDS, PLANTED_NIK, SMALL_KODE, build_fixture


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build_fixture(tmp_path_factory.mktemp("summary") / "fixture.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def pages(con):
    return summary_figures(con, PERIODS[1])


def texts(fig) -> list[str]:
    """Every text on the page: figure and axes texts and the table cells."""
    cells = [cell.get_text().get_text() for ax in fig.axes for table in ax.tables for cell in table.get_celld().values()]
    return [t.get_text() for t in fig.findobj(Text)] + cells


def pdf_page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_one_page_per_kecamatan(con, tmp_path):
    path = export_summary_pdf(con, tmp_path / "ringkasan.pdf", PERIODS[1])
    assert pdf_page_count(path.read_bytes()) == 2
    one = export_summary_pdf(con, tmp_path / "barat.pdf", PERIODS[1], kecamatan=["99.71.01"])
    assert pdf_page_count(one.read_bytes()) == 1


def test_small_numbers_are_blanked_and_marked(pages):
    barat = pages[0]
    row = barat.summary_table.set_index("kode").loc[SMALL_KODE]
    for indicator in ("stunting", "severe_stunting", "coverage", "hpk_complete_access"):
        assert row[f"{indicator}_suppressed"]
        assert row[indicator] != row[indicator]                      # NaN: the rate is not printed
    cells = texts(barat)
    assert cells.count(SUPPRESSED) >= 4
    assert any("tidak ditampilkan" in t for t in cells)
    # the suppressed kelurahan's rate (1/6 = 16,7 %) appears nowhere on the page
    assert "16,7 %" not in cells
    # its map polygon is hatched, not coloured
    assert any("Tidak ditampilkan" in t and "(1)" in t for t in cells)


def test_rates_and_totals_match_indicators(con, pages):
    barat = pages[0]
    table = barat.summary_table.set_index("kode")
    value = con.execute("SELECT value FROM indicators WHERE level = 'kelurahan' AND kode = '99.71.01.1003'"
                        " AND indicator = 'stunting' AND period = ?", [PERIODS[1]]).fetchall()[0][0]
    assert table.loc["99.71.01.1003", "stunting"] == pytest.approx(value)
    k, n = con.execute("SELECT sum(numerator), sum(denominator) FROM indicators WHERE level = 'kelurahan'"
                       " AND indicator = 'stunting' AND period = ? AND kode LIKE '99.71.01.%'",
                       [PERIODS[1]]).fetchall()[0]
    assert f"{k / n * 100:.1f} %".replace(".", ",") in texts(barat)
    assert "Ringkasan stunting Kecamatan Barat" in texts(barat)
    timur = pages[1].summary_table.set_index("kode")
    assert timur.loc[EMPTY_KODE, "n"] != timur.loc[EMPTY_KODE, "n"]          # no data: shown as '–'


def test_no_child_level_data(pages, con, tmp_path):
    for page in pages:
        for text in texts(page):
            assert not re.search(r"\d{16}", text), text
            assert not any(child in text for child in PLANTED_CHILD_IDS)
    data = export_summary_pdf(con, tmp_path / "r.pdf", PERIODS[1]).read_bytes()
    assert PLANTED_NIK.encode() not in data
