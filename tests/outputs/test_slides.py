"""pipelines.outputs.slides: the panel deck from the fixture database, legend counts against the indicators table,
PNG size, PDF page count, lokus from a saved selection or top-N, and no child-level data in any output."""
from __future__ import annotations

import re
import zipfile
import io

import duckdb
import pytest
from matplotlib.text import Text
from PIL import Image

from pipelines.present.format import period_words
from pipelines.outputs.slides import SLIDE_KEYS, build_slides, export_pdf, export_pngs, zip_pngs
from presentation_fixture import (EMPTY_KODE, PERIODS, PLANTED_CHILD_IDS, PLANTED_NIK, SMALL_KODE,
                                        build_fixture)

SMALL_PX = (960, 540)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("slides") / "fixture.duckdb")


@pytest.fixture(scope="module")
def con(db):
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def slides(con):
    return build_slides(con, PERIODS[1], figsize_px=SMALL_PX, dpi=50)


def pdf_page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def all_text(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def by_key(slides, key):
    return next(s for s in slides if s.key == key)


def test_sequence_and_titles(slides):
    assert [s.key for s in slides] == list(SLIDE_KEYS)
    assert len({s.title for s in slides}) == len(SLIDE_KEYS)
    for slide in slides:
        texts = all_text(slide.figure)
        assert any(slide.title in t for t in texts), slide.key
        assert any("Kota Uji (fiktif)" in t for t in texts), slide.key                 # kabupaten/kota
        assert any("Agustus 2024" in t for t in texts), slide.key                      # period in words
        assert any("Sumber" in t for t in texts), slide.key                            # source in words
        if slide.key != "title":
            assert any("1 September 2024" in t for t in texts), slide.key             # build date


def test_maps_name_the_places_that_fit(slides, con):
    names = {r[0] for r in con.execute("SELECT nama FROM kelurahan").fetchall()}
    prevalence = by_key(slides, "prevalence")
    shown = [t.get_text() for t in prevalence.figure.axes[0].texts if t.get_text() in names]
    assert len(shown) >= 12                                                # most of the 24 squares are named
    boxes = [t.get_window_extent() for t in prevalence.figure.axes[0].texts if t.get_text() in names]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])   # no two names collide


def test_prevalence_legend_counts_match_indicator_table(con, slides):
    counts = dict(con.execute(
        """
        SELECT CASE WHEN i.value IS NULL THEN 'none' WHEN i.value < 0.025 THEN '0' WHEN i.value < 0.10 THEN '1'
                    WHEN i.value < 0.20 THEN '2' WHEN i.value < 0.30 THEN '3' ELSE '4' END, count(*)
        FROM kelurahan k LEFT JOIN indicators i
          ON i.kode = k.kode AND i.level = 'kelurahan' AND i.indicator = 'stunting' AND i.period = ?
        GROUP BY 1
        """, [PERIODS[1]]).fetchall())
    small = con.execute("SELECT count(*) FROM indicators WHERE level = 'kelurahan' AND indicator = 'stunting'"
                        " AND period = ? AND denominator < 10", [PERIODS[1]]).fetchall()[0][0]
    legend = by_key(slides, "prevalence").legend
    assert [e.count for e in legend[:5]] == [counts.get(str(i), 0) for i in range(5)]
    assert legend[5].label == "Tidak ada data" and legend[5].count == counts["none"] == 1
    assert legend[6].hatch and legend[6].count == small == 1
    # the rendered legend text carries the same numbers
    shown = [t.get_text() for t in by_key(slides, "prevalence").figure.axes[1].texts]
    for entry in legend:
        assert f"{entry.label}  ({entry.count})" in shown


def test_trend_legend_counts_match_change(con, slides):
    change = con.execute(
        """
        SELECT a.value - b.value FROM indicators a JOIN indicators b
          ON a.kode = b.kode AND b.period = ? AND b.indicator = 'stunting' AND b.level = 'kelurahan'
        WHERE a.level = 'kelurahan' AND a.indicator = 'stunting' AND a.period = ?
        """, [PERIODS[0], PERIODS[1]]).fetchall()
    breaks = (-0.10, -0.05, -0.01, 0.01, 0.05, 0.10)
    expected = [0] * 7
    for (value,) in change:
        expected[sum(value >= b for b in breaks)] += 1
    assert [e.count for e in by_key(slides, "trend").legend[:7]] == expected
    assert "Februari 2024" in by_key(slides, "trend").subtitle


def test_burden_and_hpk(con, slides):
    total = con.execute("SELECT sum(numerator) FROM indicators WHERE level = 'kelurahan' AND indicator = 'stunting'"
                        " AND period = ?", [PERIODS[1]]).fetchall()[0][0]
    burden = by_key(slides, "burden")
    assert f"{int(total):,}".replace(",", ".") in burden.note
    assert burden.figure.symbol_legend.values
    hpk = by_key(slides, "hpk")
    with_value = con.execute("SELECT count(*) FROM indicators WHERE level = 'kelurahan'"
                             " AND indicator = 'hpk_complete_access' AND period = ?", [PERIODS[1]]).fetchall()[0][0]
    assert sum(e.count for e in hpk.legend[:5]) == with_value


def test_lokus_falls_back_to_top_n_and_says_so(con, slides):
    lokus = by_key(slides, "lokus")
    top = [r[0] for r in con.execute(
        "SELECT kode FROM indicators WHERE level = 'kelurahan' AND indicator = 'stunting' AND period = ?"
        " AND denominator >= 10 ORDER BY value DESC, kode LIMIT 10", [PERIODS[1]]).fetchall()]
    assert sorted(lokus.table.loc[lokus.table["lokus"], "kode"]) == sorted(top)
    assert SMALL_KODE not in top
    assert "Belum ada pilihan lokus tersimpan" in lokus.subtitle
    assert lokus.legend[-1].count == 10


def test_lokus_from_saved_selection(tmp_path):
    import pandas as pd

    from pipelines.lokus import selections

    db = build_fixture(tmp_path / "with_selection.duckdb")
    chosen = ["99.71.01.1003", "99.71.02.1005"]
    items = pd.DataFrame({"kode": chosen + ["99.71.01.1001"], "nama": ["a", "b", "c"], "kecamatan_nama": ["x"] * 3,
                          "rank": [1, 2, 3], "score": [0.9, 0.8, 0.1], "selected": [True, True, False],
                          "how": ["top_n"] * 3, "reason": [""] * 3})
    selections.save_selection(selections.store_path(db), selections.Selection(
        name="Lokus 2025", period=PERIODS[1], n=2, method={"n": 2}, items=items))
    with duckdb.connect(str(db), read_only=True) as con:
        lokus = build_slides(con, PERIODS[1], keys=("lokus",), figsize_px=SMALL_PX, dpi=50)[0]
    assert sorted(lokus.table.loc[lokus.table["lokus"], "kode"]) == chosen
    assert "Lokus 2025" in lokus.subtitle
    assert lokus.legend[-1].count == 2


def test_english_labels(con):
    slide = build_slides(con, PERIODS[1], lang="en", keys=("prevalence",), figsize_px=SMALL_PX, dpi=50)[0]
    assert slide.title == "Stunting prevalence per kelurahan"
    assert any(t.startswith("Source:") for t in all_text(slide.figure))


def test_export_pngs_full_hd_and_pdf_pages(con, tmp_path):
    full = build_slides(con, PERIODS[1])
    paths = export_pngs(full, tmp_path / "png")
    assert [p.name for p in paths] == [f"{i:02d}_{k}.png" for i, k in enumerate(SLIDE_KEYS, start=1)]
    for path in paths:
        assert Image.open(path).size == (1920, 1080)
    pdf = export_pdf(full, tmp_path / "slides.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and pdf_page_count(data) == len(SLIDE_KEYS)
    archive = zipfile.ZipFile(io.BytesIO(zip_pngs(full)))
    assert sorted(archive.namelist()) == sorted(p.name for p in paths)


def test_no_child_level_data_in_any_slide(slides, tmp_path):
    for slide in slides:
        for text in all_text(slide.figure):
            assert not re.search(r"\d{16}", text), text
            assert PLANTED_NIK not in text
            assert not any(child in text for child in PLANTED_CHILD_IDS)
        # the table behind a slide holds aggregates per kelurahan only
        if slide.table is None:
            continue
        assert set(slide.table.columns) <= {"kode", "nama", "kecamatan_kode", "kecamatan_nama", "numerator",
                                            "denominator", "value", "change", "n_min", "value_before", "lokus"}
    pdf = export_pdf(slides, tmp_path / "s.pdf").read_bytes()
    assert PLANTED_NIK.encode() not in pdf and not any(c.encode() in pdf for c in PLANTED_CHILD_IDS)


def test_missing_kelurahan_is_no_data_not_zero(slides):
    table = by_key(slides, "prevalence").table.set_index("kode")
    assert table.loc[EMPTY_KODE, "value"] != table.loc[EMPTY_KODE, "value"]       # NaN
