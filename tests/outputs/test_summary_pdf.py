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


MARGIN = 0.06   # of the page width, left and right (the page's texts start at x = 0.06)


def _overflows(fig) -> list[str]:
    """Texts wider than their place, measured with the renderer's font metrics (pixels at the page's dpi): a table
    cell's text outside its cell, a page text beyond the left or right margin."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()                      # a table places its cells' texts when drawn
    renderer = canvas.get_renderer()
    width = fig.bbox.width
    problems = []
    for ax in fig.axes:
        for table in ax.tables:
            for (r, c), cell in table.get_celld().items():
                box, inner = cell.get_window_extent(renderer), cell.get_text().get_window_extent(renderer)
                if inner.width and (inner.x0 < box.x0 - 0.5 or inner.x1 > box.x1 + 0.5
                                    or inner.y0 < box.y0 - 0.5 or inner.y1 > box.y1 + 0.5):
                    problems.append(f"cell {r},{c} {cell.get_text().get_text()!r}: {inner} outside {box}")
    for t in fig.texts:
        box = t.get_window_extent(renderer)
        if t.get_text() and (box.x0 < MARGIN * width - 0.5 or box.x1 > (1 - MARGIN) * width + 0.5):
            problems.append(f"page text {t.get_text()[:60]!r}: x {box.x0:.0f}..{box.x1:.0f} of {width:.0f}")
    return problems


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_text_fits_its_cell_and_the_margins(con, lang):
    pages = summary_figures(con, PERIODS[1], lang=lang)
    assert [p for page in pages for p in _overflows(page)] == []


def test_the_demo_citys_pages_fit_too(demo_build):
    """Longer names and a longer source line (ten e-PPGBM files, registers, posyandu, sasaran)."""
    with duckdb.connect(str(demo_build.db), read_only=True) as demo:
        pages = summary_figures(demo, "2025-08", kecamatan=["99.71.01", "99.71.07"])
        footer = pages[0].texts[-1].get_text()
        assert "\n" in footer       # wrapped within the margins instead of running to the paper's edge
        assert [p for page in pages for p in _overflows(page)] == []
