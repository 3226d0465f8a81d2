"""The opening view of a map: the places fill the map, whatever their size."""
from __future__ import annotations

import math

import pytest

from dashboard.maps import MAP_FILL, MAP_WIDTH_PX, view_for


def _pixels(bounds, zoom):
    """Width and height (px) of a lon/lat box at a web-Mercator zoom (the world is 512 * 2**zoom px wide)."""
    min_lon, min_lat, max_lon, max_lat = bounds
    world = 512 * 2 ** zoom

    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    return world * (max_lon - min_lon) / 360, world * (y(max_lat) - y(min_lat)) / (2 * math.pi)


@pytest.mark.parametrize("bounds, height", [
    ((111.0, -8.8, 116.3, -5.0), 560),        # Jawa Timur: a province, wider than high
    ((106.70, -6.40, 106.75, -6.10), 560),    # a tall, narrow city
    ((95.0, -11.0, 141.0, 6.0), 320),         # the whole country in a small map
])
def test_places_fill_the_map(bounds, height):
    view = view_for(bounds, height_px=height)
    width_px, height_px = _pixels(bounds, view.zoom)
    assert width_px <= MAP_FILL * MAP_WIDTH_PX * 1.01 and height_px <= MAP_FILL * height * 1.01
    # the tighter side fills MAP_FILL of the map (zoom rounded to 0.01: within 1 %)
    assert max(width_px / (MAP_FILL * MAP_WIDTH_PX), height_px / (MAP_FILL * height)) == pytest.approx(1.0, abs=0.01)
    assert view.longitude == pytest.approx((bounds[0] + bounds[2]) / 2)


def test_one_place_is_shown_close_up_and_centred():
    view = view_for((106.8, -6.2, 106.8, -6.2))
    assert view.zoom == 15.0 and view.latitude == pytest.approx(-6.2)


def test_borders_of_two_neighbours_draw_their_shared_side_once():
    """Two 1 x 1 km squares side by side (a desa and its neighbour): 7 segments, the shared side once."""
    from dashboard.layers import edge_segments

    west = {"type": "Polygon", "coordinates": [[[110.0, -7.0], [110.01, -7.0], [110.01, -6.99], [110.0, -6.99],
                                                [110.0, -7.0]]]}
    east = {"type": "MultiPolygon", "coordinates": [[[[110.01, -6.99], [110.01, -7.0], [110.02, -7.0],
                                                      [110.02, -6.99], [110.01, -6.99]]]]}
    segments = edge_segments([west, east, None])
    assert len(segments) == 7
    shared = [s for s in segments.tolist() if s[0] == s[2] == 110.01]
    assert shared == [[110.01, -7.0, 110.01, -6.99]]
