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
from pipelines.memory_limit import memory_limit
from pipelines.privacy import key_fingerprint, load_or_create_key
from pipelines.settings import Settings
from pipelines.sqlfiles import install_macros

Progress = Callable[[int, int, str], None]  # (step number from 1, total steps, step label)

#: DuckDB memory limit of a build (env PETA_STUNTING_MEMORY_LIMIT overrides: pipelines.memory_limit). Beyond it
#: DuckDB spills to a temporary directory beside the database. Peak RSS of a build stays under about limit +
#: 0.7 GB whatever the row count (benchmarks/pipeline_scale.py, 25 M e-PPGBM rows with this 3 GB limit: 3.2-3.5 GB
#: from Parquet, 3.7 GB from CSV; a 2 GB limit spills more and was slower), inside the 4 GB a build may use. The
#: 15 GB once reported for 25 M rows was the benchmark's own generator, counted through ru_maxrss, which Linux
#: carries across exec.
BUILD_MEMORY_LIMIT = "3GB"


def connect_build(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection for a build: bounded memory, spilling to `<path>.tmp/` beside the file."""
    path = Path(path)
    return duckdb.connect(str(path), config={
        "memory_limit": memory_limit(BUILD_MEMORY_LIMIT),
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
    lang: str = "id",
) -> BuildResult:
    """Run every import step into a fresh file, then atomically replace `db_path` with it.

    Holds the database's build lock throughout (`pipelines.buildlock.hold`): `wait` False refuses with
    `BuildBusy` when another build runs, True (or a number of seconds) waits; `by` names the builder in the
    lock ("peta-stunting build", "halaman Impor Data"). With `swap=False` the finished file is left beside
    `db_path` under `pending_path(db_path)` (returned as `result.db_path`) and `db_path` is not touched: the
    input store previews it, then swaps it in or deletes it. `progress` gets each step's label in `lang`.
    """
    db_path = Path(db_path)
    with buildlock.hold(db_path, by=by or buildlock.text("build_by_cli"), wait=wait) as lease:
        result = _build_locked(inputs, db_path, settings, progress, swap, lang)
    result.lease = lease
    return result


@dataclass
class BuildRun:
    """What the steps of one build share: its inputs and settings, the hash key, the file reports so far and
    the boundaries once read (the posyandu check needs them)."""

    inputs: BuildInputs
    settings: Settings
    hash_key: str
    reports: list = field(default_factory=list)
    boundaries: object = None  # geo.boundaries.Boundaries


@dataclass(frozen=True)
class Step:
    """One step of the build: what it reads or makes (`kind`), its progress label (a glossary key,
    pipelines/present/labels/build.py), the function that runs it into the building file, and the
    `BuildInputs` field that must be given for it to run (None: always runs)."""

    kind: str
    label: str
    load: Callable[[BuildRun, duckdb.DuckDBPyConnection], None]
    needs: str | None = None


def _load_places(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from geo.boundaries import read_boundaries
    from geo.store import write_places

    inputs = run.inputs
    run.boundaries = read_boundaries(inputs.boundaries, code_col=inputs.boundary_code_col,
                                     name_col=inputs.boundary_name_col, crs=inputs.boundary_crs,
                                     layer=inputs.boundary_layer)
    write_places(con, run.boundaries)


def _load_posyandu(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from geo.posyandu import reconcile_posyandu
    from pipelines.inputs import readers

    path = Path(run.inputs.posyandu)
    try:
        run.reports.append(readers.load_posyandu(con, path, hash_key=run.hash_key))
    except readers.FileError as exc:  # refused by name; the other files of the import still import
        run.reports.append(readers.refused_report(path.name, "posyandu", path, exc))
        return
    table = con.sql("SELECT posyandu_id, nama, kode, lon, lat FROM posyandu").df()
    recon = reconcile_posyandu(table, run.boundaries.kelurahan)  # noqa: F841 (read by the SQL below)
    con.execute("CREATE OR REPLACE TABLE posyandu_reconciliation AS SELECT * FROM recon")


def _load_sasaran(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.inputs import readers

    path = Path(run.inputs.sasaran)
    try:
        run.reports.append(readers.load_sasaran(con, path))
    except readers.FileError as exc:  # refused by name; the other files of the import still import
        run.reports.append(readers.refused_report(path.name, "sasaran", path, exc))


def _load_measurements(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.inputs import readers

    run.reports.extend(readers.load_measurements(
        con, [Path(p) for p in run.inputs.measurements], hash_key=run.hash_key, settings=run.settings,
        newer_wins=run.inputs.newer_wins))


def _growth_indicators(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.indicators.growth import build_growth_indicators

    build_growth_indicators(con, run.settings)


def _quality(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.quality.checks import build_quality

    build_quality(con, run.settings)


def _reconcile(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines import reconcile

    reconcile.build_reconcile(con, run.settings)


def _load_survey(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.reconcile import survey

    run.reports.append(survey.load_survey(con, Path(run.inputs.survey)))


def _services(run: BuildRun, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.services import registers

    run.reports.extend(registers.load_registers(
        con, [Path(p) for p in run.inputs.services], hash_key=run.hash_key, settings=run.settings))
    registers.build_service_indicators(con, run.settings)


#: The build, in order: every database is made by running these steps (those whose input is given) into a
#: fresh file, then saving its sources and meta (`SAVE_LABEL`). The CLI build, `peta-stunting import` and the
#: browser's Impor Data all run this list (through `build_database`).
STEPS: tuple[Step, ...] = (
    Step("boundaries", "build_step_boundaries", _load_places),
    Step("posyandu", "build_step_posyandu", _load_posyandu, needs="posyandu"),
    Step("sasaran", "build_step_sasaran", _load_sasaran, needs="sasaran"),
    Step("measurements", "build_step_measurements", _load_measurements),
    Step("indicators", "build_step_indicators", _growth_indicators),
    Step("quality", "build_step_quality", _quality),
    Step("reconcile", "build_step_reconcile", _reconcile),
    Step("survey", "build_step_survey", _load_survey, needs="survey"),
    Step("services", "build_step_services", _services, needs="services"),
)
SAVE_LABEL = "build_step_save"


def steps_for(inputs: BuildInputs) -> list[Step]:
    """The steps a build of `inputs` runs: every step whose input is given."""
    return [step for step in STEPS if step.needs is None or getattr(inputs, step.needs)]


def _build_locked(inputs: BuildInputs, db_path: Path, settings: Settings | None, progress: Progress | None,
                  swap: bool = True, lang: str = "id") -> BuildResult:
    from pipelines.present.glossary import text

    settings = settings or Settings()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now()
    hash_key = load_or_create_key(db_path)
    tmp = building_path(db_path)
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)

    run = BuildRun(inputs, settings, hash_key)
    steps = steps_for(inputs)
    total = len(steps) + 1  # and saving
    con = connect_build(tmp)
    try:
        install_macros(con)
        for number, step in enumerate(steps, start=1):
            if progress:
                progress(number, total, text(step.label, lang))
            step.load(run, con)
        if progress:
            progress(total, total, text(SAVE_LABEL, lang))
        _write_sources(con, run.reports)
        _write_refused(con, run.reports)
        _write_meta(con, inputs, settings, hash_key, started)
        con.execute("CHECKPOINT")
        con.close()
        _fsync(tmp)
        _fault_point("before_swap")
        if not swap:
            target = pending_path(db_path)
            os.replace(tmp, target)
            return BuildResult(target, run.reports, (dt.datetime.now() - started).total_seconds(),
                               boundary_checks=list(run.boundaries.report))
        os.replace(tmp, db_path)  # atomic on one filesystem: readers see the old file or the new one
        _fault_point("after_swap")
        _fsync(db_path.parent)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    return BuildResult(db_path, run.reports, (dt.datetime.now() - started).total_seconds(),
                       boundary_checks=list(run.boundaries.report))


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


#: the layout of the database this version writes (its tables and what they hold), in meta as `layout`. Raise it
#: when a table is added or changes meaning: `peta-stunting demo` then rebuilds an older file and the dashboard
#: asks for a rebuild instead of showing what an older build lacks (e.g. `measured_children`: no posyandu counts).
DATABASE_LAYOUT = "2026-12-03"


def database_layout(db: Path) -> str | None:
    """The `layout` a database file was built with; None when it has none (built before it) or cannot be read."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def _write_meta(con, inputs: BuildInputs, settings: Settings, hash_key: str, started: dt.datetime) -> None:
    meta = {
        "layout": DATABASE_LAYOUT,
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
