"""Printed maps (slides, exports, the summary PDF: geo.render) on real boundaries: the axes show every polygon whole
and the places fill most of the map area, for a long coastal kabupaten, a tall city and one kecamatan at a
kabupaten's edge."""
from __future__ import annotations

import pytest

from geo.render import render_map

CASES = {
    "long coastal kabupaten": ("kab_serdang_bedagai_kelurahan.geojson", None),
    "tall city": ("kota_bengkulu_kelurahan.geojson", None),
    "kecamatan at the edge": ("kab_lombok_timur_kelurahan.geojson", "Jerowaru"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_printed_map_shows_every_polygon_whole_and_fills_the_area(shared_dir, case):
    import geopandas as gpd

    file, kecamatan = CASES[case]
    path = shared_dir / "data" / "boundaries" / file
    if not path.exists():
        pytest.skip(f"{path} is absent")
    places = gpd.read_file(path)
    if kecamatan:
        places = places[places["kecamatan"] == kecamatan]
    fig = render_map(places, None, None, "Judul", legend_title="Legenda")
    ax = fig.axes[0]
    fig.canvas.draw()
    min_x, min_y, max_x, max_y = places.total_bounds
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < min_x and max_x < x1 and y0 < min_y and max_y < y1, case  # nothing cut
    # the axes' data area that the places cover, in either direction
    assert max((max_x - min_x) / (x1 - x0), (max_y - min_y) / (y1 - y0)) >= 0.8, case
    # and the axes fill their slot on the slide in one direction (aspect kept by shrinking the other)
    box = ax.get_position()
    assert box.width >= 0.64 * 0.95 or box.height >= 0.76 * 0.95, (case, box)
