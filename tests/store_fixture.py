"""Files for input-store tests, made from the generated demo city: a served copy of the demo database, one
puskesmas' export for a new round, a corrected re-export, and another kabupaten's boundaries."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pipelines.privacy import key_path_for

PUSKESMAS_FILE = "pkm_pelabuhan"   # the demo export these tests change


def served_copy(demo_build, folder: Path) -> Path:
    """A copy of the demo database and its hash key, as a team would serve it."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "kota.duckdb"
    db.write_bytes(demo_build.db.read_bytes())
    key_path_for(db).write_bytes(key_path_for(demo_build.db).read_bytes())
    return db


def export_of(demo_build, part: str = PUSKESMAS_FILE) -> Path:
    return next(p for p in demo_build.files.measurements if part in p.name and p.suffix == ".csv")


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a demo export (semicolon, dd/mm/yyyy dates: the pelabuhan export)."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = next(reader)
    return header, [r for r in reader if r]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def next_round(demo_build, out: Path) -> Path:
    """The puskesmas' August 2025 rows measured again in February 2026 (same children, same posyandu)."""
    header, rows = _rows(export_of(demo_build))
    col = header.index("Tanggal Pengukuran")
    chosen = []
    for row in rows:
        day, month, year = (row[col].split("/") + ["", "", ""])[:3]
        if month == "08" and year == "2025":
            chosen.append([*row[:col], f"{day}/02/2026", *row[col + 1:]])
    return _write(out, header, chosen)


def corrected(source: Path, out: Path, every: int = 5, cm: float = -4.0) -> Path:
    """A re-export of `source` with the height of every `every`-th row corrected by `cm`."""
    header, rows = _rows(source)
    col = header.index("Tinggi")
    for number, row in enumerate(rows):
        if number % every == 0 and row[col]:
            try:
                row[col] = f"{float(row[col].replace(',', '.')) + cm:.1f}".replace(".", ",")
            except ValueError:
                pass
    return _write(out, header, rows)


def other_kabupaten(demo_build, out: Path) -> Path:
    """The demo's boundaries under another kabupaten's codes and names (99.72): no e-PPGBM row matches them."""
    data = json.loads(demo_build.files.boundaries.read_text(encoding="utf-8"))
    for feature in data["features"]:
        props = feature["properties"]
        for key, value in list(props.items()):
            if isinstance(value, str) and value.startswith("99.71"):
                props[key] = "99.72" + value[5:]
            elif key in ("nama", "kecamatan", "kabupaten_kota"):
                props[key] = "Lain " + value
    out.write_text(json.dumps(data), encoding="utf-8")
    return out
