"""The boundary datasets the project knows: `boundaries/manifest.toml` (source, vintage, code scheme, counts).

`load_manifest()` reads the TOML into `BoundaryDataset` entries; `BoundaryDataset.resolve(...)` gives the
file's path: under the `../shared` folder for real datasets (`location = "shared"`), under a demo
out_dir for the generated demo (`location = "generated"`). The manifest is data beside the code, not
package data: it is found relative to the repository.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

MANIFEST_PATH = Path(__file__).resolve().parents[1] / "boundaries" / "manifest.toml"
LOCATIONS = ("shared", "generated")
LEVELS = ("kelurahan", "kecamatan")


@dataclass(frozen=True)
class BoundaryDataset:
    """One dataset of the manifest. Counts are of features in the file (`features`) and, for village
    layers, of distinct kecamatan codes, kelurahan (1xxx) and desa (2xxx); None where not stated."""

    id: str
    name: str
    kode: str
    level: str
    location: str
    file: str
    code_scheme: str
    crs: str
    licence: str
    vintage: str
    features: int
    layer: str | None = None
    kecamatan: int | None = None
    kabupaten: int | None = None
    kelurahan: int | None = None
    desa: int | None = None
    invalid: int | None = None
    fictional: bool = False
    generator: str | None = None
    seed: int | None = None
    source_repository: str | None = None
    source_commit: str | None = None
    source_path: str | None = None
    purpose: str | None = None
    notes: str | None = None
    defects: tuple[str, ...] = field(default_factory=tuple)

    def resolve(self, shared_dir: str | Path | None = None, demo_dir: str | Path | None = None) -> Path | None:
        """The dataset's path: `shared_dir / file` for a shared dataset, `demo_dir / file` for the
        generated demo; None when the folder it needs is not given."""
        base = shared_dir if self.location == "shared" else demo_dir
        return None if base is None else Path(base) / self.file


def load_manifest(path: str | Path = MANIFEST_PATH) -> list[BoundaryDataset]:
    """The manifest's datasets in file order. Raises ValueError naming the entry for an unknown or
    missing field, a duplicate id, or an unknown location/level."""
    path = Path(path)
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    known = {f.name for f in fields(BoundaryDataset)}
    out: list[BoundaryDataset] = []
    for i, entry in enumerate(data.get("dataset", []), start=1):
        where = f"{path.name}: dataset {i} ({entry.get('id', '?')})"
        unknown = sorted(set(entry) - known)
        if unknown:
            raise ValueError(f"{where}: unknown fields {', '.join(unknown)}")
        try:
            item = BoundaryDataset(**{**entry, "defects": tuple(entry.get("defects", ()))})
        except TypeError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        if item.location not in LOCATIONS:
            raise ValueError(f"{where}: location must be one of {LOCATIONS}, not {item.location!r}")
        if item.level not in LEVELS:
            raise ValueError(f"{where}: level must be one of {LEVELS}, not {item.level!r}")
        if any(d.id == item.id for d in out):
            raise ValueError(f"{where}: duplicate id")
        out.append(item)
    return out


