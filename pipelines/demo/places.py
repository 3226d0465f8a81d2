"""The places of the fictional demo city "Kota Contoh (fiktif)": outline, kelurahan, kecamatan, posyandu.

Kota Contoh does not exist. Its code range (province 99, kota 99.71) is used by no real area. It is drawn on
the north coast of Central Java near 110.40 E, 7.03 S (about 15 km x 12 km) only so that maps look
plausible; its boundaries, names and numbers match no real place.

Geometry is built in a local plane (x km east, y km north of the centre), then mapped linearly to
longitude/latitude (EPSG:4326). Kelurahan are Voronoi cells of relaxed seed points clipped to the outline,
so neighbours share their edges exactly: no gaps, no overlaps.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

PROVINCE_CODE = "99"
KOTA_CODE = "99.71"
PROVINCE_NAME = "Provinsi Contoh (fiktif)"
KOTA_NAME = "Kota Contoh (fiktif)"

CENTRE_LON = 110.40           # degrees east
CENTRE_LAT = -7.03            # degrees (south is negative)
KM_PER_DEG_LAT = 110.57       # km per degree of latitude near 7 S
KM_PER_DEG_LON = 111.32 * np.cos(np.radians(7.03))  # km per degree of longitude near 7 S
GRID_DEG = 1e-7               # coordinate precision of the polygons, degrees (about 1 cm)

N_KELURAHAN = 60
N_KECAMATAN = 8

KECAMATAN_NAMES = [
    "Kota Lama", "Pelabuhan", "Sukamaju", "Karangrejo",
    "Tanjungsari", "Bukit Asri", "Sidomulyo", "Candirejo",
]

# Kelurahan name pool (Indonesian-sounding, fictional combinations). Names repeat across kecamatan on
# purpose (see _name_kelurahan): real names are not keys.
KELURAHAN_NAMES = [
    "Kauman", "Pekojan", "Kebon Agung", "Pasar Baru", "Kampung Melayu", "Bandarharjo", "Tanjung Mas",
    "Kuningan", "Panggung Lor", "Dadapsari", "Sumberejo", "Kalibaru", "Ngemplak", "Purwosari",
    "Margorejo", "Sidorejo", "Kebonsari", "Karanganyar", "Tegalsari", "Jatisari", "Wonosari",
    "Mulyoharjo", "Sukorejo", "Bendungan", "Gedong", "Pandean", "Krajan", "Randusari", "Ngaliyan",
    "Banyumanik", "Srondol", "Jatimulyo", "Tlogosari", "Pedurungan Kidul", "Penggaron", "Plamongan",
    "Mangunharjo", "Bangetayu", "Sembungharjo", "Gebangsari", "Kaligawe", "Muktiharjo", "Rejosari",
    "Bugangan", "Mlatiharjo", "Karangtempel", "Sarirejo", "Kemijen", "Rejomulyo", "Plombokan",
    "Cepoko", "Kandri", "Nongkosawit", "Sadeng", "Pakintelan", "Kalisegoro", "Patemon", "Sekaran",
    "Tambangan", "Mijen", "Wonolopo", "Jatibarang", "Purwoyoso", "Kalipancur", "Bambankerep",
]


@dataclass
class Places:
    """The generated places. `kelurahan` and `kecamatan` are GeoDataFrame-like pandas frames with a
    shapely `geometry` column in EPSG:4326; `outline` is the city polygon (degrees)."""

    outline: Polygon
    kelurahan: pd.DataFrame   # kode, nama, kecamatan, kode_kecamatan, geometry, cx_km, cy_km, area_km2
    puskesmas: pd.DataFrame   # puskesmas, kode_kecamatan, kecamatan (one row per puskesmas)


def km_to_lonlat(x_km: np.ndarray, y_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local plane (km east/north of the centre) to longitude/latitude in degrees."""
    return CENTRE_LON + np.asarray(x_km) / KM_PER_DEG_LON, CENTRE_LAT + np.asarray(y_km) / KM_PER_DEG_LAT


def _outline_km(rng: np.random.Generator) -> Polygon:
    """A non-convex city outline in km: a wobbly ellipse (15 x 12 km) cut by a wavy coast in the north and
    a bay (harbour) bitten out of that coast."""
    theta = np.linspace(0, 2 * np.pi, 240, endpoint=False)
    radius = np.ones_like(theta)
    for k in range(2, 7):  # smooth harmonics: a believable, irregular land boundary
        radius += rng.uniform(0.02, 0.06) / k * 3 * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    land = Polygon(np.column_stack([8.0 * radius * np.cos(theta), 6.8 * radius * np.sin(theta)]))
    xs = np.linspace(-12, 12, 200)
    coast_y = 4.3 + 0.35 * np.sin(xs * 0.8 + rng.uniform(0, 6)) + 0.2 * np.sin(xs * 2.1 + rng.uniform(0, 6))
    sea_side = Polygon(np.column_stack([np.r_[xs, 12, -12], np.r_[coast_y, -12, -12]]))
    bay = Point(1.2, 4.9).buffer(1.5, quad_segs=16)
    return shapely.make_valid(land.intersection(sea_side).difference(bay)).buffer(0)


def _random_points_in(poly: Polygon, n: int, rng: np.random.Generator) -> np.ndarray:
    """n uniform random points (x, y) inside a polygon, by rejection sampling (vectorised)."""
    minx, miny, maxx, maxy = poly.bounds
    out = np.empty((0, 2))
    while len(out) < n:
        cand = rng.uniform([minx, miny], [maxx, maxy], size=(4 * n + 16, 2))
        out = np.vstack([out, cand[shapely.contains_xy(poly, cand[:, 0], cand[:, 1])]])
    return out[:n]


def _voronoi_cells(seeds: np.ndarray, outline: Polygon) -> np.ndarray:
    """Voronoi cells of the seeds clipped to the outline, in seed order (array of geometries)."""
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=outline.buffer(5))
    parts = np.array(shapely.get_parts(cells))
    # voronoi_polygons does not keep input order: match each cell to the seed inside it
    pts = shapely.points(seeds)
    order = np.array([np.flatnonzero(shapely.contains(parts, p))[0] for p in pts])
    return shapely.intersection(parts[order], outline)


def _relaxed_seeds(outline: Polygon, n: int, rng: np.random.Generator, iterations: int = 8) -> np.ndarray:
    """Seed points spread evenly by Lloyd relaxation, with a mild density gradient (smaller kelurahan in
    the old town near the harbour)."""
    seeds = _random_points_in(outline, n, rng)
    for _ in range(iterations):
        cells = _voronoi_cells(seeds, outline)
        cent = shapely.get_coordinates(shapely.centroid(cells))
        # pull slightly towards the harbour so central cells are smaller
        seeds = cent + 0.04 * (np.array([1.2, 3.2]) - cent)
        inside = shapely.contains_xy(outline, seeds[:, 0], seeds[:, 1])
        seeds[~inside] = cent[~inside]
    return seeds


def _shared_lengths(cells: np.ndarray) -> np.ndarray:
    """Matrix of shared boundary length (km) between every pair of cells."""
    n = len(cells)
    i, j = np.triu_indices(n, 1)
    lengths = shapely.length(shapely.intersection(shapely.boundary(cells[i]), shapely.boundary(cells[j])))
    out = np.zeros((n, n))
    out[i, j] = lengths
    out[j, i] = lengths
    return out


def _single_part_cells(cells: np.ndarray) -> np.ndarray:
    """Give every detached piece of a cell to the neighbour it shares most edge with, so each cell is one
    polygon (a clipped Voronoi cell can fall in two pieces at the bay)."""
    cells = cells.copy()
    for _ in range(5):
        multi = [k for k, c in enumerate(cells) if isinstance(c, MultiPolygon)]
        if not multi:
            break
        for k in multi:
            parts = sorted(shapely.get_parts(cells[k]), key=lambda p: -p.area)
            cells[k] = parts[0]
            for piece in parts[1:]:
                shared = shapely.length(shapely.intersection(shapely.boundary(cells), piece.boundary))
                shared[k] = -1
                best = int(np.argmax(shared))
                cells[best] = shapely.union(cells[best], piece)
    return cells


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 30) -> np.ndarray:
    """Cluster labels 0..k-1 of points by plain k-means (deterministic for the generator)."""
    centres = points[rng.choice(len(points), k, replace=False)]
    for _ in range(iterations):
        labels = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
        for c in range(k):
            if np.any(labels == c):
                centres[c] = points[labels == c].mean(axis=0)
    return labels


def _contiguous_groups(cells: np.ndarray, labels: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Make each group (kecamatan) one connected piece: a cell cut off from the rest of its group moves
    to the neighbouring group it shares most edge with."""
    labels = labels.copy()
    for _ in range(20):
        changed = False
        for g in np.unique(labels):
            members = np.flatnonzero(labels == g)
            comps = _components(members, shared)
            if len(comps) <= 1:
                continue
            comps.sort(key=len, reverse=True)
            for comp in comps[1:]:
                for m in comp:
                    border = shared[m].copy()
                    border[labels == g] = 0
                    labels[m] = labels[int(np.argmax(border))]
                    changed = True
        if not changed:
            break
    return labels


def _components(members: np.ndarray, shared: np.ndarray) -> list[list[int]]:
    """Connected components (by shared edge length > 1 m) among the given cell indices."""
    todo, comps = set(members.tolist()), []
    while todo:
        stack, comp = [todo.pop()], []
        while stack:
            m = stack.pop()
            comp.append(m)
            for nb in np.flatnonzero(shared[m] > 1e-3):
                if nb in todo:
                    todo.remove(nb)
                    stack.append(nb)
        comps.append(sorted(comp))
    return comps


def _to_degrees(geom):
    """A geometry in the local km plane mapped to longitude/latitude, snapped to a 1e-7 degree grid."""
    def transform(coords: np.ndarray) -> np.ndarray:
        lon, lat = km_to_lonlat(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.set_precision(shapely.transform(geom, transform), GRID_DEG)


def _name_kelurahan(kec_of: np.ndarray, rng: np.random.Generator) -> list[str]:
    """One name per kelurahan, unique within its kecamatan; two names are reused in a second kecamatan and
    the first kelurahan of a kecamatan often carries the kecamatan's own name (as in real life)."""
    pool = list(rng.permutation(KELURAHAN_NAMES))
    names = [str(pool.pop()) for _ in kec_of]
    # real life: names are not keys. Reuse two names in a different kecamatan.
    first_of = {k: int(np.flatnonzero(kec_of == k)[0]) for k in np.unique(kec_of)}
    kecs = sorted(first_of)
    names[first_of[kecs[2]]] = KECAMATAN_NAMES[2]           # kelurahan Sukamaju in kecamatan Sukamaju
    names[first_of[kecs[3]]] = KECAMATAN_NAMES[3]           # kelurahan Karangrejo in kecamatan Karangrejo
    shared_a, shared_b = names[first_of[kecs[0]] + 1], names[first_of[kecs[1]] + 1]
    names[int(np.flatnonzero(kec_of == kecs[5])[1])] = shared_a
    names[int(np.flatnonzero(kec_of == kecs[6])[1])] = shared_b
    return names


def make_places(rng: np.random.Generator) -> Places:
    """Outline, ~60 kelurahan in ~8 kecamatan, and the puskesmas of each kecamatan."""
    outline_km = _outline_km(rng)
    seeds = _relaxed_seeds(outline_km, N_KELURAHAN, rng)
    cells = _single_part_cells(_voronoi_cells(seeds, outline_km))
    shared = _shared_lengths(cells)
    cent = shapely.get_coordinates(shapely.centroid(cells))
    labels = _contiguous_groups(cells, _kmeans(cent, N_KECAMATAN, rng), shared)

    # kecamatan codes: 01 = the old town nearest the harbour, then outward
    harbour = np.array([1.2, 3.5])
    groups = np.unique(labels)
    kec_centre = {g: cent[labels == g].mean(axis=0) for g in groups}
    kec_order = sorted(groups, key=lambda g: float(np.hypot(*(kec_centre[g] - harbour))))
    kec_num = {g: i + 1 for i, g in enumerate(kec_order)}

    rows = []
    for g in kec_order:
        members = np.flatnonzero(labels == g)
        members = members[np.argsort(np.hypot(*(cent[members] - kec_centre[g]).T), kind="stable")]
        for d, m in enumerate(members):
            rows.append((kec_num[g], d + 1, m))
    kec_of = np.array([r[0] for r in rows])
    names = _name_kelurahan(kec_of, rng)
    idx = np.array([r[2] for r in rows])

    kel = pd.DataFrame({
        "kode": [f"{KOTA_CODE}.{k:02d}.1{d:03d}" for k, d, _ in rows],
        "nama": names,
        "kecamatan": [KECAMATAN_NAMES[k - 1] for k in kec_of],
        "kode_kecamatan": [f"{KOTA_CODE}.{k:02d}" for k in kec_of],
        "cx_km": cent[idx, 0],
        "cy_km": cent[idx, 1],
        "area_km2": shapely.area(cells[idx]),
    })
    kel["geometry"] = [_to_degrees(c) for c in cells[idx]]
    outline = shapely.coverage_union_all(np.array(kel["geometry"].tolist()))  # exactly the cells' union
    return Places(outline=outline, kelurahan=kel, puskesmas=_puskesmas(kel))


def _puskesmas(kel: pd.DataFrame) -> pd.DataFrame:
    """Puskesmas per kelurahan: one per kecamatan, two (I and II, split west/east) where a kecamatan has
    9 or more kelurahan. Returns kel's kode with the puskesmas name."""
    out = []
    for kode_kec, grp in kel.groupby("kode_kecamatan", sort=True):
        name = grp["kecamatan"].iloc[0]
        if len(grp) >= 9:
            west = grp["cx_km"] <= grp["cx_km"].median()
            for kode, w in zip(grp["kode"], west):
                out.append((kode, f"Puskesmas {name} {'I' if w else 'II'}", kode_kec))
        else:
            out.extend((kode, f"Puskesmas {name}", kode_kec) for kode in grp["kode"])
    return pd.DataFrame(out, columns=["kode", "puskesmas", "kode_kecamatan"])


def kelurahan_geojson(places: Places) -> dict:
    """The kelurahan as a GeoJSON FeatureCollection (dict) with the shared boundary files' properties."""
    features = []
    for row in places.kelurahan.itertuples(index=False):
        geom = shapely.geometry.mapping(row.geometry)
        features.append({
            "type": "Feature",
            "properties": {
                "kode": row.kode, "nama": row.nama, "kecamatan": row.kecamatan,
                "kode_kecamatan": row.kode_kecamatan, "kabupaten_kota": KOTA_NAME,
                "kode_kabupaten_kota": KOTA_CODE, "provinsi": PROVINCE_NAME, "kode_provinsi": PROVINCE_CODE,
                "jenis": "kelurahan", "fiktif": True,
            },
            "geometry": _round_coords(geom),
        })
    return {
        "type": "FeatureCollection",
        "name": "kota_contoh_fiktif_kelurahan",
        "description": "FIKTIF / FICTIONAL demo city generated by peta-stunting; matches no real area.",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }


def _round_coords(geom: dict) -> dict:
    """GeoJSON geometry dict with coordinates as nested lists rounded to 7 decimals (about 1 cm)."""
    def walk(c):
        if isinstance(c, (tuple, list)) and c and isinstance(c[0], (int, float)):
            return [round(float(v), 7) for v in c]
        return [walk(x) for x in c]

    return {"type": geom["type"], "coordinates": walk(geom["coordinates"])}


FLOWERS = [
    "Melati", "Mawar", "Anggrek", "Kenanga", "Dahlia", "Flamboyan", "Cempaka", "Teratai", "Seruni",
    "Bougenville", "Kamboja", "Nusa Indah", "Asoka", "Matahari", "Tulip", "Sakura", "Lily", "Wijaya Kusuma",
]
INNER_MARGIN_DEG = 0.0008     # posyandu points stay about 90 m inside their kelurahan
N_OUTSIDE_NEIGHBOUR = 4       # posyandu deliberately placed in a neighbouring kelurahan
N_OUTSIDE_CITY = 1            # posyandu deliberately placed just outside the city
N_NO_COORDS = 2               # posyandu with empty coordinates


def _points_in(poly, n: int, rng: np.random.Generator) -> np.ndarray:
    """n random (lon, lat) points inside a polygon in degrees (rejection sampling)."""
    return _random_points_in(poly, n, rng)


def make_posyandu(places: Places, per_kelurahan: np.ndarray, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The posyandu list and the truth of the ones placed outside their declared kelurahan.

    per_kelurahan: number of posyandu in each kelurahan (same order as places.kelurahan).
    Returns (posyandu, outside): posyandu has posyandu_id, nama, kode, kel_nama, kecamatan, puskesmas,
    rw, lon, lat (NaN when empty); outside has posyandu_id, kode_declared, kode_actual ('' when outside
    every kelurahan), lon, lat.
    """
    kel = places.kelurahan
    pusk = dict(zip(places.puskesmas["kode"], places.puskesmas["puskesmas"]))
    rows = []
    for k, row in enumerate(kel.itertuples(index=False)):
        n = int(per_kelurahan[k])
        inner = row.geometry.buffer(-INNER_MARGIN_DEG)
        pts = _points_in(inner if not inner.is_empty else row.geometry, n, rng)
        flowers = rng.choice(FLOWERS, n, replace=False)
        for j in range(n):
            rows.append({
                "posyandu_id": f"P-{row.kode}-{j + 1:02d}", "nama": f"Posyandu {flowers[j]} {j + 1}",
                "kode": row.kode, "kel_nama": row.nama, "kecamatan": row.kecamatan,
                "puskesmas": pusk[row.kode], "rw": j + 1,
                "lon": round(float(pts[j, 0]), 6), "lat": round(float(pts[j, 1]), 6),
            })
    pos = pd.DataFrame(rows)
    outside = _misplace(places, pos, rng)
    blank = rng.choice(np.setdiff1d(np.arange(len(pos)), outside.index.to_numpy()), N_NO_COORDS, replace=False)
    pos.loc[blank, ["lon", "lat"]] = np.nan
    return pos, outside.reset_index(drop=True)


def _misplace(places: Places, pos: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Move a few posyandu out of their declared kelurahan (in place) and return the truth rows, indexed
    like `pos`: most into a neighbouring kelurahan a few hundred metres over the border, one just outside
    the city."""
    kel = places.kelurahan
    geoms = np.array(kel["geometry"].tolist())
    chosen_kel = list(rng.choice(len(kel), N_OUTSIDE_NEIGHBOUR, replace=False))
    on_land_edge = np.flatnonzero(shapely.intersects(geoms, places.outline.boundary) & (kel["cy_km"].to_numpy() < 0))
    chosen_kel += list(rng.choice(np.setdiff1d(on_land_edge, chosen_kel), N_OUTSIDE_CITY, replace=False))
    out = {}
    for n, k in enumerate(chosen_kel):
        idx = int(rng.choice(np.flatnonzero(pos["kode"].to_numpy() == kel["kode"].iloc[k])))
        near = geoms[k].buffer(0.004)  # about 450 m around the declared kelurahan
        if n < N_OUTSIDE_NEIGHBOUR:
            touching = np.flatnonzero(shapely.intersects(geoms, geoms[k]) & (np.arange(len(geoms)) != k))
            nb = int(rng.choice(touching))
            target = near.intersection(geoms[nb].buffer(-INNER_MARGIN_DEG))
            actual = kel["kode"].iloc[nb]
        else:
            target = near.difference(places.outline.buffer(0.001))
            actual = ""
        pt = _points_in(target, 1, rng)[0]
        pos.loc[idx, ["lon", "lat"]] = [round(float(pt[0]), 6), round(float(pt[1]), 6)]
        out[idx] = {"posyandu_id": pos.at[idx, "posyandu_id"], "kode_declared": pos.at[idx, "kode"],
                    "kode_actual": actual, "lon": pos.at[idx, "lon"], "lat": pos.at[idx, "lat"]}
    return pd.DataFrame.from_dict(out, orient="index")
