"""geo.render: scale bar arithmetic against pyproj's geodesic, exact PNG pixel size, legend counts, hatch."""
from __future__ import annotations

import geopandas as gpd
import pytest
from matplotlib.patches import Rectangle
from PIL import Image
from pyproj import Geod
from shapely.geometry import box

from geo.render import km_per_degree_lon, nice_length, render_map as _render_map, save_png, scale_bar_km
from pipelines.present.classify import Classes

CLASSES = Classes((0.1, 0.2), ("#ffffb2", "#fd8d3c", "#bd0026"), "left")
LABELS = ("< 10 %", "10–20 %", "≥ 20 %")


def render_map(*args, **kwargs):
    """geo.render.render_map with this file's class labels (the project's Classes carry no labels)."""
    return _render_map(*args, class_labels=LABELS, **kwargs)


def grid(lat0: float = -7.05) -> gpd.GeoDataFrame:
    """Six 0.01° squares: values in each class, one missing, one on 4 children."""
    rows = []
    values = [0.05, 0.15, 0.25, None, 0.12, 0.30]
    counts = [50, 60, 70, None, 4, 80]
    for i, (value, n) in enumerate(zip(values, counts)):
        rows.append({"kode": f"99.71.01.{1001 + i}", "nama": f"K{i}", "value": value, "denominator": n,
                     "geometry": box(110.4 + (i % 3) * 0.01, lat0 + (i // 3) * 0.01,
                                     110.41 + (i % 3) * 0.01, lat0 + 0.01 + (i // 3) * 0.01)})
    return gpd.GeoDataFrame(rows, crs=4326)


@pytest.mark.parametrize("lat", [0.0, -7.03, 35.0, 60.0])
def test_km_per_degree_matches_geodesic(lat):
    geod = Geod(ellps="WGS84")
    _, _, metres = geod.inv(110.0, lat, 110.001, lat)      # 0.001° along the parallel: chord ≈ arc
    assert km_per_degree_lon(lat) == pytest.approx(metres / 1000 * 1000, rel=1e-6)


@pytest.mark.parametrize("max_km, expected", [(7.3, 5), (1.0, 1), (0.34, 0.2), (2.0, 2), (19.9, 10), (0.051, 0.05)])
def test_nice_length(max_km, expected):
    assert nice_length(max_km) == pytest.approx(expected)


def test_scale_bar_length_for_latitude():
    # 0.06° of longitude at 7° S is about 6.62 km wide; a quarter is 1.65 km -> a 1 km bar
    km, deg = scale_bar_km(0.06, -7.03)
    assert km == 1
    assert deg == pytest.approx(1 / km_per_degree_lon(-7.03))
    # the same width in degrees is narrower in km further from the equator: 60° N -> 0.06° = 3.35 km -> 0.5 km
    km60, deg60 = scale_bar_km(0.06, 60.0)
    assert km60 == 0.5
    assert deg60 == pytest.approx(0.5 / km_per_degree_lon(60.0))
    assert Geod(ellps="WGS84").inv(0, 60.0, deg60, 60.0)[2] == pytest.approx(500, rel=1e-4)


def test_drawn_scale_bar_matches_helper():
    fig = render_map(grid(), "value", CLASSES, "T", figsize_px=(960, 540), dpi=50)
    map_ax = fig.axes[0]
    bar = [p for p in map_ax.patches if isinstance(p, Rectangle)]
    assert len(bar) == 2
    x0, x1 = map_ax.get_xlim()
    km, deg = scale_bar_km(x1 - x0, -7.04)
    assert sum(p.get_width() for p in bar) == pytest.approx(deg, rel=1e-3)
    labels = [t.get_text() for t in map_ax.texts]
    assert f"{km:g} km".replace(".", ",") in labels


@pytest.mark.parametrize("dpi", [100, 72])
def test_png_is_exactly_full_hd(tmp_path, dpi):
    fig = render_map(grid(), "value", CLASSES, "Judul", "Sub", "Sumber: uji", "Legenda", dpi=dpi)
    path = save_png(fig, tmp_path / "map.png")
    assert Image.open(path).size == (1920, 1080)


def test_legend_counts_classes_missing_and_small_n():
    fig = render_map(grid(), "value", CLASSES, "T", figsize_px=(960, 540), dpi=50, small_n=10,
                     small_n_label="n < 10", no_data_label="Tidak ada data", highlight=["99.71.01.1003"],
                     highlight_label="Lokus")
    counts = {e.label: e.count for e in fig.legend_entries}
    assert counts == {"< 10 %": 1, "10–20 %": 2, "≥ 20 %": 2, "Tidak ada data": 1, "n < 10": 1, "Lokus": 1}
    shown = {t.get_text() for t in fig.axes[1].texts}
    assert "10–20 %  (2)" in shown and "n < 10  (1)" in shown
    hatched = [c for c in fig.axes[0].collections if c.get_hatch()]
    assert len(hatched) == 1 and len(hatched[0].get_paths()) == 1


def test_title_and_source_line_are_on_the_figure():
    fig = render_map(grid(), "value", CLASSES, "Judul Besar", "Sub", "Sumber: e-PPGBM · 2024-09-01", "L",
                     corner_text="Kota Uji\nPeriode 2024-08", figsize_px=(960, 540), dpi=50)
    texts = [t.get_text() for t in fig.texts]
    assert "Judul Besar" in texts and "Sumber: e-PPGBM · 2024-09-01" in texts and "Kota Uji\nPeriode 2024-08" in texts
    assert "U" in [t.get_text() for t in fig.axes[0].texts]          # north arrow label


def test_symbols_legend_reference_values():
    gdf = grid().assign(stunted=[5, 9, 17, 0, 1, 40])
    fig = render_map(gdf, None, None, "Beban", symbols="stunted", symbol_legend_title="Balita stunting",
                     figsize_px=(960, 540), dpi=50)
    assert fig.symbol_legend.values[0] == 20          # largest round value not above the maximum (40 -> 20)
    assert all(v <= 40 for v in fig.symbol_legend.values)
    assert list(fig.symbol_legend.values) == sorted(fig.symbol_legend.values, reverse=True)
