"""Opening views and labels on real boundaries (../shared/data/boundaries): a long coastal kabupaten (Serdang
Bedagai), a tall city (Kota Bengkulu), and a kecamatan at a kabupaten's edge (Jerowaru, the south tip of Lombok
Timur). Every vertex of every polygon must be on the map (no polygon cut) and the places must fill at least 80 %
of the map's width or height; the names drawn must not overlap."""
from __future__ import annotations

import json

import numpy as np
import pytest

from dashboard.maps import MAP_WIDTH_PX, fit_labels, outline_bounds, project, view_for

HEIGHT = 640  # Peta's map height (px)
CASES = {
    "long coastal kabupaten": ("kab_serdang_bedagai_kelurahan.geojson", None),
    "tall city": ("kota_bengkulu_kelurahan.geojson", None),
    "kecamatan at the edge": ("kab_lombok_timur_kelurahan.geojson", "Jerowaru"),
}


def _places(shared_dir, file: str, kecamatan: str | None):
    import geopandas as gpd

    path = shared_dir / "data" / "boundaries" / file
    if not path.exists():
        pytest.skip(f"{path} is absent")
    frame = gpd.read_file(path)
    if kecamatan:
        frame = frame[frame["kecamatan"] == kecamatan]
        assert len(frame) > 3
    return frame


def _vertices(geometries) -> np.ndarray:
    import shapely

    return shapely.get_coordinates(np.asarray(list(geometries)))


@pytest.mark.parametrize("case", list(CASES))
def test_outlines_fill_the_map_and_none_is_cut(shared_dir, case):
    frame = _places(shared_dir, *CASES[case])
    geometries = {kode: json.loads(json.dumps(g.__geo_interface__)) for kode, g in zip(frame["kode"], frame.geometry)}
    view = view_for(outline_bounds(geometries, frame["kode"]), height_px=HEIGHT)
    xy = _vertices(frame.geometry)
    x, y = project(xy[:, 0], xy[:, 1], view, MAP_WIDTH_PX, HEIGHT)
    assert x.min() > 0 and y.min() > 0 and x.max() < MAP_WIDTH_PX and y.max() < HEIGHT, case
    assert max((x.max() - x.min()) / MAP_WIDTH_PX, (y.max() - y.min()) / HEIGHT) >= 0.8, case


@pytest.mark.parametrize("case", list(CASES))
def test_centroids_alone_would_cut_polygons(shared_dir, case):
    """Why outlines: the view from the centroids (the old way) cuts the outer polygons."""
    frame = _places(shared_dir, *CASES[case])
    centroids = frame.geometry.representative_point()
    view = view_for((centroids.x.min(), centroids.y.min(), centroids.x.max(), centroids.y.max()), height_px=HEIGHT)
    xy = _vertices(frame.geometry)
    x, y = project(xy[:, 0], xy[:, 1], view, MAP_WIDTH_PX, HEIGHT)
    assert x.min() < 0 or y.min() < 0 or x.max() > MAP_WIDTH_PX or y.max() > HEIGHT


@pytest.mark.parametrize("case", list(CASES))
def test_names_drawn_do_not_overlap(shared_dir, case):
    frame = _places(shared_dir, *CASES[case])
    geometries = {kode: g.__geo_interface__ for kode, g in zip(frame["kode"], frame.geometry)}
    view = view_for(outline_bounds(geometries, frame["kode"]), height_px=HEIGHT)
    points = frame.geometry.representative_point()
    kecamatan = frame.dissolve("kecamatan").representative_point()
    big = fit_labels([{"lon": p.x, "lat": p.y, "text": name, "size": 15, "priority": 1}
                      for name, p in kecamatan.items()], view, MAP_WIDTH_PX, HEIGHT)
    small = fit_labels([{"lon": p.x, "lat": p.y, "text": name, "size": 12, "priority": i}
                        for i, (name, p) in enumerate(zip(frame["nama"], points))],
                       view, MAP_WIDTH_PX, HEIGHT, [label["box"] for label in big])
    boxes = [label["box"] for label in big + small]
    assert len(big) >= 1 and len(small) >= 3
    assert len(small) < len(frame) or len(frame) < 30  # a dense layer cannot show every name: the rest on hover
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= MAP_WIDTH_PX and a[3] <= HEIGHT
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def _overlapping(boxes) -> list:
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


@pytest.mark.parametrize("case", list(CASES))
def test_names_that_did_not_fit_appear_as_the_user_zooms_in(shared_dir, case):
    """Mouse-wheel zoom (maps.zoom_bands): at each zoom step in, the names of the opening view stay, more names
    appear, and none of the names shown from that zoom on overlap, kecamatan names before desa names."""
    from dashboard.maps import ZOOM_BANDS, label_boxes, zoom_bands

    import pydeck as pdk

    frame = _places(shared_dir, *CASES[case])
    geometries = {kode: g.__geo_interface__ for kode, g in zip(frame["kode"], frame.geometry)}
    view = view_for(outline_bounds(geometries, frame["kode"]), height_px=HEIGHT)
    points = frame.geometry.representative_point()
    kecamatan = frame.dissolve("kecamatan").representative_point()
    groups = [[{"lon": p.x, "lat": p.y, "text": name, "size": 15, "priority": 1} for name, p in kecamatan.items()],
              [{"lon": p.x, "lat": p.y, "text": name, "size": 12, "priority": i}
               for i, (name, p) in enumerate(zip(frame["nama"], points))]]
    bands = zoom_bands(groups, view, MAP_WIDTH_PX, HEIGHT)
    assert len(bands) == ZOOM_BANDS + 1
    opening = [label["box"] for group in bands[0] for label in group]
    assert opening and not _overlapping(opening)
    assert all(b[0] >= 0 and b[1] >= 0 and b[2] <= MAP_WIDTH_PX and b[3] <= HEIGHT for b in opening)
    shown = [label for group in bands[0] for label in group]
    counts = [len(shown)]
    for k, band in enumerate(bands[1:], start=1):
        shown += [label for group in band for label in group]
        counts.append(len(shown))
        for step in (0.0, 0.5, 0.99):  # the band is shown from its zoom until the next one
            zoomed = pdk.ViewState(longitude=view.longitude, latitude=view.latitude, zoom=view.zoom + k + step)
            assert not _overlapping(label_boxes(shown, zoomed, MAP_WIDTH_PX, HEIGHT)), (case, k, step)
    for number, group in enumerate(groups):  # each place named once (a kecamatan may share its desa's name)
        placed = [label["text"] for band in bands for label in band[number]]
        assert len(placed) == len(set(placed)) or frame["nama"].duplicated().any()
    if len(frame) >= 30:  # a dense layer: zooming in shows names the opening view had no room for
        assert counts[-1] > counts[0] and counts[1] >= counts[0], counts
