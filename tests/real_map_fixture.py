"""A database built through the normal build from real desa boundaries (../shared/data/boundaries) and a small
generated e-PPGBM export: every desa gets children measured in one period, with a desa-level mean height-for-age
so that the map has several classes; every ninth desa has fewer than ten children (small n)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from readers_fixture import row, write_csv


def build_real_db(boundaries: Path, out_dir: Path, children: int = 14, seed: int = 18) -> Path:
    """Build `out_dir/real.duckdb` from `boundaries` (a GeoJSON of desa with `kode`) and generated children."""
    import pyogrio

    from pipelines.build import BuildInputs, build_database

    places = pyogrio.read_dataframe(boundaries, read_geometry=False, columns=["kode"])
    rng = np.random.default_rng(seed)
    rows = []
    number = 0
    for index, kode in enumerate(sorted(places["kode"])):
        mean_z = rng.uniform(-2.3, -0.2)
        for child in range(4 if index % 9 == 0 else children):
            number += 1
            z = rng.normal(mean_z, 1.0)
            boy = number % 2 == 1
            height = (87.1 if boy else 85.7) + 3.2 * z        # 24 months, WHO median and about one SD
            rows.append(row(number, **{
                "JK": "L" if boy else "P", "Desa/Kel": kode, "Kec": "", "Posyandu": "", "Tgl Lahir": "05/03/2022",
                "Tanggal Pengukuran": "10/03/2024", "Tinggi": f"{height:.1f}".replace(".", ","),
                "Berat": f"{12.2 + 0.4 * z:.1f}".replace(".", ","), "ZS BB/U": "", "ZS TB/U": "", "ZS BB/TB": ""}))
    export = write_csv(out_dir / "pkm_generated.csv", rows)
    db = out_dir / "real.duckdb"
    build_database(BuildInputs(boundaries=boundaries, measurements=[export]), db)
    return db
