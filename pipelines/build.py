"""Build one DuckDB database from input files: boundaries, posyandu, sasaran, e-PPGBM, 1000-HPK registers.

The build writes a new file beside the target (`.<name>.building-<pid>`) and swaps it in with an atomic
rename only when every step succeeded. A build that fails or is killed midway leaves the old database
serving, unchanged; readers never see a half-built file. One build at a time per database
(`pipelines.buildlock`, shared with the browser's import): a second one is refused (or waits), and files a
killed build left behind are removed by the next one.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines import buildlock
from pipelines.privacy import key_fingerprint, load_or_create_key
from pipelines.settings import Settings
from pipelines.sqlfiles import install_macros

Progress = Callable[[int, int, str], None]  # (step number from 1, total steps, step label)

#: DuckDB memory limit of a build (env PETA_STUNTING_MEMORY_LIMIT overrides). Beyond it DuckDB spills to a
#: temporary directory beside the database. Peak RSS of a build stays under about limit + 0.7 GB whatever the
#: row count (benchmarks/pipeline_scale.py, 25 M e-PPGBM rows with this 3 GB limit: 3.2-3.5 GB from Parquet,
#: 3.7 GB from CSV; a 2 GB limit spills more and was slower), inside the 4 GB a build may use. The 15 GB once
#: reported for 25 M rows was the benchmark's own generator, counted through ru_maxrss, which Linux carries
#: across exec.
BUILD_MEMORY_LIMIT = "3GB"


def connect_build(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection for a build: bounded memory, spilling to `<path>.tmp/` beside the file."""
    path = Path(path)
    return duckdb.connect(str(path), config={
        "memory_limit": os.environ.get("PETA_STUNTING_MEMORY_LIMIT", BUILD_MEMORY_LIMIT),
        "temp_directory": str(path.parent / f"{path.name}.tmp"),
        # no step relies on a table's physical row order (ids come from file and row numbers; readers sort
        # explicitly): DuckDB may then stream and spill without buffering rows to keep their order
        "preserve_insertion_order": False,
    })


@dataclass
class BuildInputs:
    """The files of one import. Paths may be CSV, XLSX or Parquet unless stated."""

    boundaries: Path                      # GeoJSON / Shapefile (zip) / GeoPackage / GeoParquet
    measurements: Sequence[Path] = ()     # e-PPGBM exports, one per puskesmas
    posyandu: Path | None = None
    sasaran: Path | None = None
    services: Sequence[Path] = ()         # 1000-HPK service registers
    survey: Path | None = None            # survey figures (SSGI/SKI...), pipelines.reconcile.survey
    boundary_code_col: str | None = None
    boundary_name_col: str | None = None
    boundary_crs: str | None = None
    boundary_layer: str | None = None
    # builds from the input store (pipelines/store.py): measurements listed oldest import first, and a
    # measurement held by several files is kept from the newest (older copies recorded as superseded)
    newer_wins: bool = False

    def to_json(self) -> dict:
        """Absolute paths and options, so a later import (e.g. from the browser) can rebuild with them."""
        def absolute(path):
            return str(Path(path).resolve()) if path else None

        return {
            "boundaries": absolute(self.boundaries),
            "measurements": [absolute(p) for p in self.measurements],
            "posyandu": absolute(self.posyandu),
            "sasaran": absolute(self.sasaran),
            "services": [absolute(p) for p in self.services],
            "survey": absolute(self.survey),
            "boundary_code_col": self.boundary_code_col,
            "boundary_name_col": self.boundary_name_col,
            "boundary_crs": self.boundary_crs,
            "boundary_layer": self.boundary_layer,
            "newer_wins": self.newer_wins,
        }

    @classmethod
    def from_json(cls, data: dict) -> "BuildInputs":
        return cls(
            boundaries=Path(data["boundaries"]),
            measurements=[Path(p) for p in data.get("measurements", [])],
            posyandu=Path(data["posyandu"]) if data.get("posyandu") else None,
            sasaran=Path(data["sasaran"]) if data.get("sasaran") else None,
            services=[Path(p) for p in data.get("services", [])],
            survey=Path(data["survey"]) if data.get("survey") else None,
            boundary_code_col=data.get("boundary_code_col"),
            boundary_name_col=data.get("boundary_name_col"),
            boundary_crs=data.get("boundary_crs"),
            boundary_layer=data.get("boundary_layer"),
            newer_wins=bool(data.get("newer_wins", False)),
        )


@dataclass
class BuildResult:
    db_path: Path
    reports: list = field(default_factory=list)  # pipelines.inputs.readers.FileReport per input file
    seconds: float = 0.0
    lease: buildlock.Lease | None = None         # the lock held: a dead build found, orphan files removed
    boundary_checks: list = field(default_factory=list)  # geo.boundaries.Check: repairs, drops, duplicates


def pending_path(db_path: Path) -> Path:
    """Where a build that is not swapped in yet waits for its confirmation (`build_database(swap=False)`)."""
    return db_path.parent / f".{db_path.name}.pending-{os.getpid()}-{os.urandom(3).hex()}"


def building_path(db_path: Path) -> Path:
    """The temporary file a build writes before the swap."""
    return db_path.parent / f".{db_path.name}.building-{os.getpid()}"


def build_database(
    inputs: BuildInputs,
    db_path: Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
    wait: bool | float = False,
    by: str | None = None,
    swap: bool = True,
) -> BuildResult:
    """Run every import step into a fresh file, then atomically replace `db_path` with it.

    Holds the database's build lock throughout (`pipelines.buildlock.hold`): `wait` False refuses with
    `BuildBusy` when another build runs, True (or a number of seconds) waits; `by` names the builder in the
    lock ("peta-stunting build", "halaman Impor Data"). With `swap=False` the finished file is left beside
    `db_path` under `pending_path(db_path)` (returned as `result.db_path`) and `db_path` is not touched: the
    input store previews it, then swaps it in or deletes it.
    """
    db_path = Path(db_path)
    with buildlock.hold(db_path, by=by or buildlock.text("build_by_cli"), wait=wait) as lease:
        result = _build_locked(inputs, db_path, settings, progress, swap)
    result.lease = lease
    return result


def _build_locked(inputs: BuildInputs, db_path: Path, settings: Settings | None, progress: Progress | None,
                  swap: bool = True) -> BuildResult:
    from geo.boundaries import read_boundaries
    from geo.posyandu import reconcile_posyandu
    from geo.store import write_places
    from pipelines.indicators import growth as indicators
    from pipelines.inputs import readers
    from pipelines.quality.checks import build_quality
    from pipelines import reconcile
    from pipelines.reconcile import survey
    from pipelines.services import registers as services

    settings = settings or Settings()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now()
    hash_key = load_or_create_key(db_path)
    tmp = building_path(db_path)
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)

    steps: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], object]]] = []
    reports: list = []

    def step_places(con):
        boundaries = read_boundaries(
            inputs.boundaries,
            code_col=inputs.boundary_code_col,
            name_col=inputs.boundary_name_col,
            crs=inputs.boundary_crs,
            layer=inputs.boundary_layer,
        )
        write_places(con, boundaries)
        step_places.boundaries = boundaries

    steps.append(("Batas wilayah", step_places))
    if inputs.posyandu:
        def step_posyandu(con):
            try:
                reports.append(readers.load_posyandu(con, Path(inputs.posyandu), hash_key=hash_key))
            except readers.FileError as exc:  # refused by name; the other files of the import still import
                reports.append(readers.refused_report(Path(inputs.posyandu).name, "posyandu", Path(inputs.posyandu), exc))
                return
            table = con.sql("SELECT posyandu_id, nama, kode, lon, lat FROM posyandu").df()
            recon = reconcile_posyandu(table, step_places.boundaries.kelurahan)  # noqa: F841
            con.execute("CREATE OR REPLACE TABLE posyandu_reconciliation AS SELECT * FROM recon")
        steps.append(("Daftar posyandu", step_posyandu))
    if inputs.sasaran:
        def step_sasaran(con):
            try:
                reports.append(readers.load_sasaran(con, Path(inputs.sasaran)))
            except readers.FileError as exc:  # refused by name; the other files of the import still import
                reports.append(readers.refused_report(Path(inputs.sasaran).name, "sasaran", Path(inputs.sasaran), exc))
        steps.append(("Sasaran balita", step_sasaran))
    steps.append(("Data e-PPGBM dan z-skor WHO", lambda con: reports.extend(
        readers.load_measurements(con, [Path(p) for p in inputs.measurements], hash_key=hash_key,
                                  settings=settings, newer_wins=inputs.newer_wins))))
    steps.append(("Indikator gizi", lambda con: indicators.build_growth_indicators(con, settings)))
    steps.append(("Kualitas data", lambda con: build_quality(con, settings)))
    steps.append(("Dua angka: sel, alur anak, 2T", lambda con: reconcile.build_reconcile(con, settings)))
    if inputs.survey:
        steps.append(("Angka survei", lambda con: reports.append(survey.load_survey(con, Path(inputs.survey)))))
    if inputs.services:
        def step_services(con):
            reports.extend(services.load_registers(
                con, [Path(p) for p in inputs.services], hash_key=hash_key, settings=settings))
            services.build_service_indicators(con, settings)
        steps.append(("Layanan 1000 HPK", step_services))

    con = connect_build(tmp)
    try:
        install_macros(con)
        for number, (label, run) in enumerate(steps, start=1):
            if progress:
                progress(number, len(steps) + 1, label)
            run(con)
        if progress:
            progress(len(steps) + 1, len(steps) + 1, "Menyimpan")
        _write_sources(con, reports)
        _write_refused(con, reports)
        _write_meta(con, inputs, settings, hash_key, started)
        con.execute("CHECKPOINT")
        con.close()
        _fsync(tmp)
        _fault_point("before_swap")
        if not swap:
            target = pending_path(db_path)
            os.replace(tmp, target)
            return BuildResult(target, reports, (dt.datetime.now() - started).total_seconds())
        os.replace(tmp, db_path)  # atomic on one filesystem: readers see the old file or the new one
        _fault_point("after_swap")
        _fsync(db_path.parent)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    result = BuildResult(db_path, reports, (dt.datetime.now() - started).total_seconds())
    result.boundary_checks = list(getattr(step_places, "boundaries", None).report)
    return result


def _write_sources(con, reports: list) -> None:
    imported_at = dt.datetime.now().replace(microsecond=0)
    rows = [
        (r.file_name, r.kind, r.sha256, r.rows_read, r.rows_accepted, r.rows_quarantined,
         getattr(r, "rows_superseded", 0), imported_at)
        for r in reports
    ]
    con.execute(
        "CREATE OR REPLACE TABLE sources (file_name VARCHAR, kind VARCHAR, sha256 VARCHAR, rows_read BIGINT,"
        " rows_accepted BIGINT, rows_quarantined BIGINT, rows_superseded BIGINT, imported_at TIMESTAMP)"
    )
    if rows:
        con.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _write_refused(con, reports: list) -> None:
    """Table `refused_files(file_name, kind, message)`: files refused as a whole (the others imported)."""
    con.execute("CREATE OR REPLACE TABLE refused_files (file_name VARCHAR, kind VARCHAR, message VARCHAR)")
    rows = [(r.file_name, r.kind, r.refused) for r in reports if getattr(r, "refused", None)]
    if rows:
        con.executemany("INSERT INTO refused_files VALUES (?, ?, ?)", rows)


def _write_meta(con, inputs: BuildInputs, settings: Settings, hash_key: str, started: dt.datetime) -> None:
    meta = {
        "built_at": started.replace(microsecond=0).isoformat(sep=" "),
        "boundaries_file": Path(inputs.boundaries).name,
        "inputs": json.dumps(inputs.to_json()),
        "hash_key_fingerprint": key_fingerprint(hash_key),
        "rounds": json.dumps(settings.rounds),
        "unrecorded": settings.unrecorded,
        "small_n": str(settings.small_n),
        "reconcile": json.dumps({"sasaran_male_share": settings.sasaran_male_share,
                                 "haz_sd_expected": list(settings.haz_sd_expected),
                                 "unmeasured_rr": list(settings.unmeasured_rr),
                                 "benchmark_method": settings.benchmark_method}),
    }
    con.execute("CREATE OR REPLACE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))


#: environment variable naming a point where a build kills itself (SIGKILL), for the fault tests of the swap
FAULT_ENV = "PETA_STUNTING_KILL_AT"


def _fault_point(name: str) -> None:
    """Die here, as a power cut or `kill -9` would, when the fault tests ask for it (never otherwise)."""
    if os.environ.get(FAULT_ENV) == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _fsync(path: Path) -> None:
    """Flush a file (or a directory entry) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
