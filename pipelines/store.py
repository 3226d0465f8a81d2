"""The input store of a database: every imported file kept, builds previewed before they serve, history, undo.

Where it lives: a folder beside the database, `<db>.store/` (`data/kab.duckdb` -> `data/kab.duckdb.store/`):
- `catalog.sqlite`: table `files` (one row per distinct file content: sha256, kind, original name, puskesmas,
  periods covered, rows read/accepted/quarantined/superseded, who and when) and table `events` (every build,
  import and undo: time, user, files added/replaced/removed, the set of files in force after it, rows, the
  kabupaten stunting figure, its snapshot);
- `files/<id>_<safe name>`: the imported files themselves (an identical file is kept once);
- `builds/<event id>.duckdb`: the databases of the last `KEEP_BUILDS` events, hard links of the served file
  (no copy while a build is the one served; each older build costs its own file size).
Disk cost: the imported files once, plus up to `KEEP_BUILDS` databases.

An import *adds* files. An e-PPGBM export whose puskesmas and periods equal those of a file in force is offered
as its replacement (`replacement_candidates`; the caller confirms); a boundary, posyandu or sasaran file
replaces the one in force (a build reads one of each). When several files hold the same measurement (child,
date, posyandu), the newest import wins and the older copies are recorded as superseded (table `superseded`
in the database, `rows_superseded` per file), not as quarantine errors.

Every change goes through `prepare` (a complete build into a pending file beside the database; the served
file untouched) and `commit` (refused by `Consequence.refusals` unless forced; then an atomic swap). The
old database keeps serving until the swap. `undo` puts the previous build's file back, byte for byte.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import build as _build  # build_database looked up at call time (tests replace it)
from pipelines.build import BuildInputs, BuildResult, _fault_point
from pipelines.inputs.errors import InputError
from pipelines.inputs.tabular import file_sha256
from pipelines.present.messages import said
from pipelines.settings import Settings

KEEP_BUILDS = 5
MIN_KEPT_SHARE = 0.90      # a build leaving fewer of the places that had values with values is refused
SINGLE_KINDS = ("boundaries", "posyandu", "sasaran", "survey")
MULTI_KINDS = ("measurements", "services")
KINDS = ("boundaries", "posyandu", "sasaran", "measurements", "services", "survey")
TIMEOUT_S = 30.0
#: how a boundary file is read (BuildInputs fields; CLI --boundary-*, Impor Data's boundary fields)
BOUNDARY_OPTIONS = ("boundary_code_col", "boundary_name_col", "boundary_crs", "boundary_layer")
WAIT_S = 3600.0            # how long the command line waits for another build's swap

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    puskesmas TEXT NOT NULL DEFAULT '[]',
    periods TEXT NOT NULL DEFAULT '[]',
    rows_read INTEGER,
    rows_accepted INTEGER,
    rows_quarantined INTEGER,
    rows_superseded INTEGER,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (sha256, kind)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    added TEXT NOT NULL DEFAULT '[]',
    replaced TEXT NOT NULL DEFAULT '[]',
    removed TEXT NOT NULL DEFAULT '[]',
    active TEXT,
    inputs TEXT,
    rows_read INTEGER,
    rows_accepted INTEGER,
    headline REAL,
    headline_period TEXT,
    snapshot TEXT,
    parent INTEGER,
    restored INTEGER,
    forced INTEGER NOT NULL DEFAULT 0
);
"""


class StoreError(InputError, ValueError):
    """A store operation the user cannot do now (nothing to undo, a stale preview, a refused build)."""


# --- where things are ----------------------------------------------------------------------------------


def store_dir(db_path: Path | str) -> Path:
    """The input store of a database: `<db>.store/`."""
    return Path(str(db_path) + ".store")


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def _connect(db_path: Path) -> sqlite3.Connection:
    root = store_dir(db_path)
    (root / "files").mkdir(parents=True, exist_ok=True)
    (root / "builds").mkdir(exist_ok=True)
    con = sqlite3.connect(str(root / "catalog.sqlite"), timeout=TIMEOUT_S)
    con.row_factory = sqlite3.Row
    con.executescript(_SCHEMA)
    _migrate(con)
    return con


def _migrate(con: sqlite3.Connection) -> None:
    """Stores written before the headline figure's columns were named for what they hold (any headline
    indicator, not one key) get them renamed in place."""
    columns = {row[1] for row in con.execute("PRAGMA table_info(events)")}
    for old, new in (("stunting", "headline"), ("stunting_period", "headline_period")):
        if old in columns and new not in columns:
            con.execute(f"ALTER TABLE events RENAME COLUMN {old} TO {new}")
    con.commit()


@contextmanager
def _catalog(db_path: Path):
    con = _connect(Path(db_path))
    try:
        with con:
            yield con
    finally:
        con.close()


# --- files ---------------------------------------------------------------------------------------------


@dataclass
class StoredFile:
    id: int
    kind: str
    original_name: str
    path: Path
    sha256: str
    puskesmas: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    rows_read: int | None = None
    rows_accepted: int | None = None
    rows_quarantined: int | None = None
    rows_superseded: int | None = None
    added_by: str = ""
    added_at: str = ""


def _file_of(db_path: Path, row: sqlite3.Row) -> StoredFile:
    return StoredFile(
        id=row["id"], kind=row["kind"], original_name=row["original_name"],
        path=store_dir(db_path) / "files" / row["stored_name"], sha256=row["sha256"],
        puskesmas=json.loads(row["puskesmas"]), periods=json.loads(row["periods"]),
        rows_read=row["rows_read"], rows_accepted=row["rows_accepted"], rows_quarantined=row["rows_quarantined"],
        rows_superseded=row["rows_superseded"], added_by=row["added_by"], added_at=row["added_at"])


def describe_measurements(path: Path) -> tuple[list[str], list[str]]:
    """The puskesmas named in an e-PPGBM export and the calendar months (YYYY-MM) of its measurement dates.

    Read with the import's own header aliases and date parser; a file the readers refuse raises their FileError.
    """
    from pipelines.inputs import aliases as A
    from pipelines.inputs.tabular import is_parquet, stage_file
    from pipelines.sqlfiles import run_sql

    with duckdb.connect(":memory:") as con:
        run_sql(con, "import_macros")
        stage_file(con, Path(path), "d", A.MEASUREMENT_ALIASES, A.MEASUREMENT_REQUIRED, Path(path).name,
                   A.MEASUREMENT_LABELS, as_view=is_parquet(Path(path)))
        puskesmas = [r[0] for r in con.execute(
            "SELECT DISTINCT trim(puskesmas) AS p FROM d WHERE nullif(trim(puskesmas), '') IS NOT NULL ORDER BY p"
        ).fetchall()]
        periods = [r[0] for r in con.execute(
            "SELECT DISTINCT strftime(date_in_bounds(parse_date_any(trim(measure_date))), '%Y-%m') AS p FROM d "
            "WHERE p IS NOT NULL ORDER BY p").fetchall()]
    return puskesmas, periods


def add_file(db_path: Path, kind: str, path: Path, original_name: str | None = None, user: str = "cli") -> StoredFile:
    """Copy a file into the store (once per content and kind) and describe it; returns its catalog entry.

    The served database's own files are taken over first (`ensure_tracked`), so that they count as older
    imports than this one (the newest import wins a duplicate measurement).
    """
    ensure_tracked(db_path, user)
    return _add_file(db_path, kind, path, original_name, user)


def _add_file(db_path: Path, kind: str, path: Path, original_name: str | None, user: str) -> StoredFile:
    from pipelines.upload import safe_name

    if kind not in KINDS:
        raise said(StoreError, "sterr_unknown_kind", kind=kind, kinds=", ".join(KINDS))
    path = Path(path)
    if not path.is_file():
        raise said(StoreError, "sterr_file_missing", path=path)
    original_name = original_name or path.name
    sha = file_sha256(path)
    with _catalog(db_path) as con:
        row = con.execute("SELECT * FROM files WHERE sha256 = ? AND kind = ?", (sha, kind)).fetchone()
        if row is not None and (store_dir(db_path) / "files" / row["stored_name"]).is_file():
            # uploaded again: an unconfirmed copy's day (prune_unconfirmed) starts anew
            os.utime(store_dir(db_path) / "files" / row["stored_name"])
            return _file_of(db_path, row)
    puskesmas, periods = describe_measurements(path) if kind == "measurements" else ([], [])
    with _catalog(db_path) as con:
        cur = con.execute(
            "INSERT INTO files (sha256, kind, original_name, stored_name, puskesmas, periods, added_by, added_at)"
            " VALUES (?, ?, ?, '', ?, ?, ?, ?) ON CONFLICT (sha256, kind) DO UPDATE SET original_name = excluded.original_name"
            " RETURNING id",
            (sha, kind, original_name, json.dumps(puskesmas), json.dumps(periods), user, _now()))
        file_id = int(cur.fetchone()[0])
        stored = safe_name(original_name, file_id)
        target = store_dir(db_path) / "files" / stored
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
        con.execute("UPDATE files SET stored_name = ? WHERE id = ?", (stored, file_id))
        row = con.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
    return _file_of(db_path, row)


def files_by_id(db_path: Path, ids: Sequence[int]) -> list[StoredFile]:
    """Catalog entries of `ids`, in that order."""
    with _catalog(db_path) as con:
        rows = {r["id"]: r for r in con.execute(
            f"SELECT * FROM files WHERE id IN ({','.join('?' * len(ids))})", [int(i) for i in ids]).fetchall()} \
            if ids else {}
    return [_file_of(db_path, rows[int(i)]) for i in ids if int(i) in rows]


# --- events (history) ----------------------------------------------------------------------------------


def events(db_path: Path) -> pd.DataFrame:
    """Every build, import and undo, newest first (columns of table `events`)."""
    if not (store_dir(db_path) / "catalog.sqlite").exists():
        return pd.DataFrame(columns=["id", "at", "user", "action", "added", "replaced", "removed", "rows_read",
                                     "rows_accepted", "headline", "headline_period", "snapshot", "restored",
                                     "forced"])
    with _catalog(db_path) as con:
        return pd.read_sql_query("SELECT * FROM events ORDER BY id DESC", con)


def _current(con: sqlite3.Connection) -> sqlite3.Row | None:
    return con.execute("SELECT * FROM events ORDER BY id DESC LIMIT 1").fetchone()


def current_event_id(db_path: Path) -> int | None:
    with _catalog(db_path) as con:
        row = _current(con)
    return int(row["id"]) if row else None


def active_files(db_path: Path) -> list[StoredFile]:
    """The files in force (those the served database was built from), bringing a database built outside the
    store in first (`ensure_tracked`)."""
    ensure_tracked(db_path)
    with _catalog(db_path) as con:
        row = _current(con)
    ids = json.loads(row["active"]) if row and row["active"] else []
    return files_by_id(db_path, ids)


def ensure_tracked(db_path: Path, user: str = "cli") -> None:
    """Make the store know the served database: its input files (meta `inputs`) copied in and in force.

    Needed once for a database built by `peta-stunting build` or the demo, whose files live elsewhere.
    """
    from pipelines.upload import previous_inputs

    db_path = Path(db_path)
    with _catalog(db_path) as con:
        row = _current(con)
    if row is not None and row["active"] is not None:
        return
    previous = previous_inputs(db_path)
    if previous is None:
        return
    ids: list[int] = []
    for kind in KINDS:
        value = getattr(previous, kind)
        paths = [value] if isinstance(value, (str, Path)) else list(value or [])
        for path in paths:
            if path and Path(path).is_file():
                ids.append(_add_file(db_path, kind, Path(path), Path(path).name, user).id)
    _fill_counts(db_path, db_path, ids)
    options = _options_of(previous)
    with _catalog(db_path) as con:
        if row is None:
            headline, period = _kabupaten_figure(db_path)
            cur = con.execute(
                "INSERT INTO events (at, user, action, added, active, inputs, headline, headline_period) "
                "VALUES (?, ?, 'build', ?, ?, ?, ?, ?)",
                (_now(), user, json.dumps(ids), json.dumps(ids), json.dumps(options), headline, period))
            event_id = int(cur.lastrowid)
            con.execute("UPDATE events SET snapshot = ? WHERE id = ?",
                        (_keep_snapshot(db_path, event_id), event_id))
        else:
            con.execute("UPDATE events SET active = ?, inputs = ? WHERE id = ?",
                        (json.dumps(ids), json.dumps(options), row["id"]))


def _options_of(inputs: BuildInputs | None) -> dict:
    if inputs is None:
        return {}
    return {k: getattr(inputs, k) for k in BOUNDARY_OPTIONS}


def _keep_snapshot(db_path: Path, event_id: int) -> str | None:
    """Keep the served file as the snapshot of `event_id` (a hard link; a copy across file systems)."""
    if not Path(db_path).exists():
        return None
    target = store_dir(db_path) / "builds" / f"{event_id}.duckdb"
    target.unlink(missing_ok=True)
    try:
        os.link(db_path, target)
    except OSError:
        shutil.copyfile(db_path, target)
    return target.name


def _prune_snapshots(con: sqlite3.Connection, db_path: Path) -> None:
    rows = con.execute("SELECT id, snapshot FROM events WHERE snapshot IS NOT NULL ORDER BY id DESC").fetchall()
    for row in rows[KEEP_BUILDS:]:
        (store_dir(db_path) / "builds" / row["snapshot"]).unlink(missing_ok=True)
        con.execute("UPDATE events SET snapshot = NULL WHERE id = ?", (row["id"],))


# --- what a build changes ------------------------------------------------------------------------------


def _kabupaten_figure(db_path: Path) -> tuple[float | None, str | None]:
    """The kabupaten's headline figure (catalogue.HEADLINE, share 0..1) in its newest period, and that period."""
    from pipelines.indicators import catalogue

    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            row = con.execute(
                "SELECT value, period FROM indicators WHERE level = 'kabupaten' AND indicator = ? "
                "ORDER BY period DESC LIMIT 1", [catalogue.HEADLINE]).fetchone()
    except duckdb.Error:
        return None, None
    return (float(row[0]) if row and row[0] is not None else None, row[1] if row else None)


def _place_values(db_path: Path | None, indicator: str) -> pd.DataFrame:
    columns = ["level", "kode", "period", "numerator", "denominator", "value"]
    if db_path is None or not Path(db_path).exists():
        return pd.DataFrame(columns=columns)
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            return con.execute(
                "SELECT level, kode, period, numerator, denominator, value FROM indicators "
                "WHERE indicator = ? AND level IN ('kecamatan', 'kelurahan') AND value IS NOT NULL",
                [indicator]).df()
    except duckdb.Error:
        return pd.DataFrame(columns=columns)


def _places(db_path: Path) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as con:
        kel = con.execute("SELECT 'kelurahan' AS level, kode, nama, kecamatan_nama FROM kelurahan").df()
        kec = con.execute("SELECT 'kecamatan' AS level, kode, nama, nama AS kecamatan_nama FROM kecamatan").df()
    return pd.concat([kec, kel], ignore_index=True)


@dataclass
class Consequence:
    """What a pending build changes, per kecamatan and kelurahan, and why it would be refused."""

    period: str | None
    places: pd.DataFrame       # level, kode, nama, kecamatan_nama, n_before, value_before, n_after, value_after, lost
    had_values: int            # kelurahan with a value (any period) before
    kept_values: int           # of those, with a value after
    rows_read: int
    rows_accepted: int
    refusals: list[str] = field(default_factory=list)

    @property
    def lost(self) -> pd.DataFrame:
        return self.places[self.places["lost"] & (self.places["level"] == "kelurahan")]


def compare(old_db: Path | None, new_db: Path, reports: Sequence = (), lang: str = "id") -> Consequence:
    """Per kecamatan and kelurahan: headline indicator n and value before -> after (newest period of the new
    database), the kelurahan that lose every value, and the refusals (`MIN_KEPT_SHARE`, 0 rows accepted)."""
    from pipelines.indicators import catalogue
    from pipelines.present.format import number, percent
    from pipelines.present.glossary import text

    indicator = catalogue.HEADLINE
    before, after = _place_values(old_db, indicator), _place_values(new_db, indicator)
    periods = sorted(set(after["period"]) | set(before["period"]))
    period = max(after["period"]) if len(after) else (periods[-1] if periods else None)
    places = _places(new_db)
    if old_db is not None and Path(old_db).exists():
        try:
            places = pd.concat([places, _places(old_db)], ignore_index=True).drop_duplicates(["level", "kode"])
        except duckdb.Error:
            pass

    def at_period(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
        chosen = frame[frame["period"] == period][["level", "kode", "denominator", "value"]]
        return chosen.rename(columns={"denominator": f"n_{suffix}", "value": f"value_{suffix}"})

    table = places.merge(at_period(before, "before"), on=["level", "kode"], how="left") \
                  .merge(at_period(after, "after"), on=["level", "kode"], how="left")
    had = set(zip(before["level"], before["kode"]))
    has = set(zip(after["level"], after["kode"]))
    table["lost"] = [(lv, k) in had and (lv, k) not in has for lv, k in zip(table["level"], table["kode"])]
    table["changed"] = ~((table["n_before"].fillna(-1) == table["n_after"].fillna(-1))
                         & ((table["value_before"] - table["value_after"]).abs().fillna(0) < 1e-12)
                         & (table["value_before"].isna() == table["value_after"].isna()))
    table = table.sort_values(["lost", "changed", "level", "kecamatan_nama", "nama"],
                              ascending=[False, False, True, True, True]).reset_index(drop=True)
    had_kel = {k for lv, k in had if lv == "kelurahan"}
    kept_kel = {k for k in had_kel if ("kelurahan", k) in has}
    measurement_reports = [r for r in reports if getattr(r, "kind", "") == "measurement"]
    read = sum(r.rows_read for r in measurement_reports)
    accepted = sum(r.rows_accepted for r in measurement_reports)
    refusals: list[str] = []
    if measurement_reports and accepted == 0:
        reasons: dict[str, int] = {}
        for r in measurement_reports:
            for code, n in r.by_reason.items():
                reasons[code] = reasons.get(code, 0) + n
        top = max(reasons, key=reasons.get) if reasons else ""
        key = "store_refuse_no_place" if top in ("unknown_kelurahan", "ambiguous_kelurahan") else "store_refuse_no_rows"
        refusals.append(text(key, lang, read=number(read, lang=lang)))
    if had_kel and len(kept_kel) < MIN_KEPT_SHARE * len(had_kel):
        refusals.append(text("store_refuse_lost", lang, lost=number(len(had_kel) - len(kept_kel), lang=lang),
                             had=number(len(had_kel), lang=lang),
                             share=percent(len(kept_kel) / len(had_kel), 0, lang=lang),
                             limit=percent(MIN_KEPT_SHARE, 0, lang=lang)))
    return Consequence(period, table, len(had_kel), len(kept_kel), read, accepted, refusals)


# --- prepare, commit, undo -----------------------------------------------------------------------------


@dataclass
class Pending:
    """A finished build waiting beside the database for its confirmation."""

    path: Path
    base_event: int | None
    added: list[int]
    replaced: list[int]
    removed: list[int]
    active: list[int]
    inputs: BuildInputs
    result: BuildResult
    consequence: Consequence


def replacement_candidates(db_path: Path, new: StoredFile) -> list[StoredFile]:
    """Files in force that `new` would replace: same kind and, for e-PPGBM exports, the same puskesmas and
    the same periods; the one boundary/posyandu/sasaran file in force. Service registers only add."""
    current = [f for f in active_files(db_path) if f.kind == new.kind and f.id != new.id]
    if new.kind in SINGLE_KINDS:
        return current
    if new.kind == "measurements" and new.puskesmas and new.periods:
        return [f for f in current if f.puskesmas == new.puskesmas and f.periods == new.periods]
    return []


def inputs_for(db_path: Path, active: Sequence[int], options: dict | None = None) -> BuildInputs:
    """BuildInputs from the store's files `active` (oldest import first; the newest wins a duplicate)."""
    files = sorted(files_by_id(db_path, active), key=lambda f: f.id)
    by_kind = {k: [f.path for f in files if f.kind == k] for k in KINDS}
    missing = [f.original_name for f in files if not f.path.is_file()]
    if missing:
        raise said(StoreError, "sterr_store_lost", names=", ".join(missing))
    if not by_kind["boundaries"]:
        raise said(StoreError, "sterr_no_boundaries")
    options = options or {}
    return BuildInputs(
        boundaries=by_kind["boundaries"][-1], measurements=by_kind["measurements"],
        posyandu=by_kind["posyandu"][-1] if by_kind["posyandu"] else None,
        sasaran=by_kind["sasaran"][-1] if by_kind["sasaran"] else None,
        services=by_kind["services"], survey=by_kind["survey"][-1] if by_kind["survey"] else None, newer_wins=True,
        **{k: options.get(k) for k in BOUNDARY_OPTIONS})


def prepare(db_path: Path, add: Sequence[int] = (), replace: dict[int, Sequence[int]] | None = None,
            remove: Sequence[int] = (), settings: Settings | None = None, progress=None,
            lang: str = "id", boundary_options: dict | None = None) -> Pending:
    """Build the database the change would give into a pending file (the served one untouched) and compare.

    `add`: store file ids to put in force; `replace`: new id -> ids it replaces (confirmed by the user);
    `remove`: ids to take out. A new boundary/posyandu/sasaran file always replaces the one in force.
    `boundary_options`: how to read the boundary file (`boundary_code_col`, `boundary_name_col`,
    `boundary_crs`, `boundary_layer`; the Impor Data page's fields); the ones given (not empty) override the
    options in force, which a new boundary file resets.
    """
    from pipelines.upload import previous_settings

    db_path = Path(db_path)
    ensure_tracked(db_path)
    with _catalog(db_path) as con:
        row = _current(con)
    base = int(row["id"]) if row else None
    active = list(json.loads(row["active"])) if row and row["active"] else []
    options = json.loads(row["inputs"]) if row and row["inputs"] else {}
    replaced: list[int] = [int(i) for ids in (replace or {}).values() for i in ids]
    added = [int(i) for i in add if int(i) not in active]
    for new in files_by_id(db_path, added):
        if new.kind in SINGLE_KINDS:
            replaced += [f.id for f in files_by_id(db_path, active) if f.kind == new.kind]
            if new.kind == "boundaries":
                options = {}
    options.update({k: v for k, v in (boundary_options or {}).items() if k in BOUNDARY_OPTIONS and v})
    removed = [int(i) for i in remove if int(i) in active]
    gone = set(replaced) | set(removed)
    new_active = [i for i in active if i not in gone] + added
    inputs = inputs_for(db_path, new_active, options)
    settings = settings or (previous_settings(db_path) if db_path.exists() else Settings())
    result = _build.build_database(inputs, db_path, settings, progress=progress, swap=False, lang=lang)
    try:
        _record_counts(db_path, new_active, result)
        consequence = compare(db_path if db_path.exists() else None, result.db_path, result.reports, lang)
    except BaseException:
        discard_path(result.db_path)
        raise
    return Pending(result.db_path, base, added, sorted(set(replaced) & set(active)), removed, new_active, inputs,
                   result, consequence)


def _record_counts(db_path: Path, active: Sequence[int], result: BuildResult) -> None:
    """Rows read/accepted/quarantined/superseded per stored file, from the build's reports (by file name)."""
    by_name = {r.file_name: r for r in result.reports}
    with _catalog(db_path) as con:
        for f in files_by_id(db_path, active):
            r = by_name.get(f.path.name)
            if r is not None:
                con.execute("UPDATE files SET rows_read = ?, rows_accepted = ?, rows_quarantined = ?, "
                            "rows_superseded = ? WHERE id = ?",
                            (r.rows_read, r.rows_accepted, r.rows_quarantined, getattr(r, "rows_superseded", 0), f.id))


def _fill_counts(db_path: Path, built: Path, ids: Sequence[int]) -> None:
    """Counts of files taken over from a database built outside the store (its `sources` table)."""
    try:
        with duckdb.connect(str(built), read_only=True) as con:
            rows = con.execute("SELECT file_name, sha256, rows_read, rows_accepted, rows_quarantined FROM sources").fetchall()
    except duckdb.Error:
        return
    by_sha = {r[1]: r for r in rows}
    with _catalog(db_path) as con:
        for f in files_by_id(db_path, ids):
            r = by_sha.get(f.sha256)
            if r is not None:
                con.execute("UPDATE files SET rows_read = ?, rows_accepted = ?, rows_quarantined = ?, "
                            "rows_superseded = 0 WHERE id = ?", (r[2], r[3], r[4], f.id))


# --- what a user left unconfirmed -----------------------------------------------------------------------
# A raw export holds names and NIKs: only a confirmed import may keep it. An upload whose preview is cancelled
# or replaced is forgotten at once (`forget_unconfirmed`); one left behind when a user closed the tab, and a
# pending build nobody confirmed, go after a day (`prune_unconfirmed`, run when Impor Data opens and before a
# command-line import).

UNCONFIRMED_MAX_AGE = dt.timedelta(days=1)


def _used_ids(con: sqlite3.Connection) -> set[int]:
    """Ids of files any recorded build, import or undo added, replaced, removed or had in force."""
    ids: set[int] = set()
    for row in con.execute("SELECT added, replaced, removed, active FROM events").fetchall():
        for value in row:
            if value:
                ids.update(int(i) for i in json.loads(value))
    return ids


def _forget(con: sqlite3.Connection, db_path: Path, rows: Sequence[sqlite3.Row]) -> list[Path]:
    removed = []
    for row in rows:
        path = store_dir(db_path) / "files" / row["stored_name"]
        if row["stored_name"]:
            for p in (path, path.with_name(path.name + ".part")):
                if p.exists():
                    p.unlink()
                    removed.append(p)
        con.execute("DELETE FROM files WHERE id = ?", (row["id"],))
    return removed


def forget_unconfirmed(db_path: Path, ids: Sequence[int]) -> list[Path]:
    """Delete the store's copies of `ids` that no build ever used (an upload whose preview was cancelled or
    replaced); files a build used stay (history and undo need them). Returns the deleted paths."""
    db_path = Path(db_path)
    if not ids or not (store_dir(db_path) / "catalog.sqlite").exists():
        return []
    with _catalog(db_path) as con:
        used = _used_ids(con)
        rows = con.execute(f"SELECT * FROM files WHERE id IN ({','.join('?' * len(ids))})",
                           [int(i) for i in ids]).fetchall()
        return _forget(con, db_path, [r for r in rows if int(r["id"]) not in used])


def _older(path: Path, limit: float) -> bool:
    try:
        return path.lstat().st_mtime < limit
    except FileNotFoundError:
        return False


def prune_unconfirmed(db_path: Path, older_than: dt.timedelta = UNCONFIRMED_MAX_AGE) -> list[Path]:
    """Delete what was left unconfirmed for longer than `older_than` (a day): pending builds beside the database
    (`.<db>.pending-*` with their `.wal` and spill folder), store files no build ever used (by the file's
    modification time: an upload never confirmed), and browser upload folders (`uploads/`) the served build
    does not read. Returns the deleted paths."""
    from pipelines.upload import previous_inputs, prune_uploads, uploads_root

    db_path = Path(db_path)
    limit = time.time() - older_than.total_seconds()
    removed: list[Path] = []
    if db_path.parent.is_dir():
        for path in sorted(db_path.parent.glob(f".{db_path.name}.pending-*")):
            if _older(path, limit):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed.append(path)
    if (store_dir(db_path) / "catalog.sqlite").exists():
        with _catalog(db_path) as con:
            used = _used_ids(con)
            added_before = dt.datetime.fromtimestamp(limit).replace(microsecond=0).isoformat(sep=" ")

            def unconfirmed_long(row: sqlite3.Row) -> bool:
                path = store_dir(db_path) / "files" / row["stored_name"]
                if row["stored_name"] and path.is_file():
                    return _older(path, limit)  # the newest upload of this content counts (add_file touches it)
                return row["added_at"] < added_before
            stale = [r for r in con.execute("SELECT * FROM files").fetchall()
                     if int(r["id"]) not in used and unconfirmed_long(r)]
            removed += _forget(con, db_path, stale)
    try:
        keep = previous_inputs(db_path) if db_path.exists() else None
    except Exception:  # noqa: BLE001 - a damaged database: its uploads are still kept, only old folders go
        keep = None
    removed += prune_uploads(uploads_root(db_path), keep, older_than)
    return removed


def discard_path(path: Path) -> None:
    for p in (Path(path), Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)


def discard(pending: Pending) -> None:
    """Delete a pending build that will not be used."""
    discard_path(pending.path)


def _lock(db_path: Path, wait: bool = False):
    """One writer at a time per database: the build lock (pipelines.buildlock when present, else the upload
    module's). `wait`: wait for another writer to finish (the command line) instead of raising BuildBusy."""
    try:
        from pipelines import buildlock  # noqa: PLC0415 - the shared build lock, when it has landed
        return buildlock.hold(db_path, by="peta-stunting import")
    except ImportError:
        pass
    from pipelines.upload import BuildBusy, build_lock

    if not wait:
        return build_lock(db_path)

    @contextmanager
    def waiting():
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                with build_lock(db_path):
                    yield
                return
            except BuildBusy:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    return waiting()


def commit(db_path: Path, pending: Pending, user: str = "cli", force: bool = False, action: str = "import",
           wait: bool = False, lang: str = "id") -> int:
    """Swap the pending build in (atomic rename) and record the event; returns its id.

    Refused (StoreError, the pending file deleted, the old database serving) when the consequence has
    refusals and `force` is False, or when another change was committed since `prepare`.
    """
    from pipelines import accounts

    db_path = Path(db_path)
    if pending.consequence.refusals and not force:
        discard(pending)
        raise StoreError(" ".join(pending.consequence.refusals))
    with _lock(db_path, wait):
        with _catalog(db_path) as con:
            row = _current(con)
            if (int(row["id"]) if row else None) != pending.base_event:
                discard(pending)
                raise said(StoreError, "sterr_stale_preview")
        if not pending.path.exists() or len(files_by_id(db_path, pending.active)) != len(pending.active):
            discard(pending)  # left unconfirmed for over a day and pruned (prune_unconfirmed)
            raise said(StoreError, "store_pending_expired")
        os.replace(pending.path, db_path)
        _fsync_dir(db_path.parent)
        headline, period = _kabupaten_figure(db_path)
        reports = pending.result.reports
        with _catalog(db_path) as con:
            cur = con.execute(
                "INSERT INTO events (at, user, action, added, replaced, removed, active, inputs, rows_read, "
                "rows_accepted, headline, headline_period, parent, forced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_now(), user, action, json.dumps(pending.added), json.dumps(pending.replaced),
                 json.dumps(pending.removed), json.dumps(pending.active), json.dumps(_options_of(pending.inputs)),
                 sum(r.rows_read for r in reports), sum(r.rows_accepted for r in reports), headline, period,
                 pending.base_event, int(bool(force))))
            event_id = int(cur.lastrowid)
            con.execute("UPDATE events SET snapshot = ? WHERE id = ?", (_keep_snapshot(db_path, event_id), event_id))
            _prune_snapshots(con, db_path)
    names = [f.original_name for f in files_by_id(db_path, pending.added)]
    accounts.audit(db_path, user, action, f"#{event_id}: +{len(pending.added)} ~{len(pending.replaced)} "
                   f"-{len(pending.removed)} {', '.join(names)[:500]}" + (" (dipaksa)" if force else ""))
    return event_id


def record_build(db_path: Path, user: str = "cli") -> None:
    """After `peta-stunting build` swapped in a database from files outside the store: history and snapshot
    (so it can be undone); the store takes its files over at the next import (`ensure_tracked`)."""
    db_path = Path(db_path)
    headline, period = _kabupaten_figure(db_path)
    with _catalog(db_path) as con:
        row = _current(con)
        cur = con.execute(
            "INSERT INTO events (at, user, action, active, headline, headline_period, parent) "
            "VALUES (?, ?, 'build', NULL, ?, ?, ?)", (_now(), user, headline, period, row["id"] if row else None))
        event_id = int(cur.lastrowid)
        con.execute("UPDATE events SET snapshot = ? WHERE id = ?", (_keep_snapshot(db_path, event_id), event_id))
        _prune_snapshots(con, db_path)


def keep_before_build(db_path: Path, user: str = "cli") -> None:
    """Before a `build` replaces a database the store has never seen: record it, so undo can bring it back."""
    db_path = Path(db_path)
    if not db_path.exists():
        return
    with _catalog(db_path) as con:
        if _current(con) is not None:
            return
        headline, period = _kabupaten_figure(db_path)
        cur = con.execute("INSERT INTO events (at, user, action, active, headline, headline_period) "
                          "VALUES (?, ?, 'build', NULL, ?, ?)", (_now(), user, headline, period))
        event_id = int(cur.lastrowid)
        con.execute("UPDATE events SET snapshot = ? WHERE id = ?", (_keep_snapshot(db_path, event_id), event_id))


def undo(db_path: Path, user: str = "cli", wait: bool = False) -> int:
    """Put back the database the current one replaced (its kept file, byte for byte) and the files that were
    in force then; recorded as an `undo` event (another undo goes one step further back)."""
    from pipelines import accounts

    db_path = Path(db_path)
    with _lock(db_path, wait):
        with _catalog(db_path) as con:
            row = _current(con)
            target = con.execute("SELECT * FROM events WHERE id = ?", (row["parent"],)).fetchone() \
                if row is not None and row["parent"] is not None else None
        if target is None:
            raise said(StoreError, "sterr_nothing_to_undo")
        kept = store_dir(db_path) / "builds" / (target["snapshot"] or "")
        if not target["snapshot"] or not kept.is_file():
            raise said(StoreError, "sterr_build_gone", id=target["id"], keep=KEEP_BUILDS)
        tmp = db_path.parent / f".{db_path.name}.undo-{os.getpid()}"
        shutil.copyfile(kept, tmp)
        os.replace(tmp, db_path)
        _fsync_dir(db_path.parent)
        with _catalog(db_path) as con:
            cur = con.execute(
                "INSERT INTO events (at, user, action, active, inputs, rows_read, rows_accepted, headline, "
                "headline_period, parent, restored) VALUES (?, ?, 'undo', ?, ?, ?, ?, ?, ?, ?, ?)",
                (_now(), user, target["active"], target["inputs"], target["rows_read"], target["rows_accepted"],
                 target["headline"], target["headline_period"], target["parent"], target["id"]))
            event_id = int(cur.lastrowid)
            con.execute("UPDATE events SET snapshot = ? WHERE id = ?", (_keep_snapshot(db_path, event_id), event_id))
            _prune_snapshots(con, db_path)
    accounts.audit(db_path, user, "undo", f"#{event_id}: kembali ke build #{target['id']}")
    return event_id


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def disk_usage(db_path: Path) -> dict[str, int]:
    """Bytes the store uses: imported files and kept builds (hard links to the served file count once)."""
    root = store_dir(db_path)
    served = os.stat(db_path).st_ino if Path(db_path).exists() else None
    files = sum(p.stat().st_size for p in (root / "files").glob("*") if p.is_file())
    builds = sum(p.stat().st_size for p in (root / "builds").glob("*.duckdb")
                 if p.is_file() and p.stat().st_ino != served)
    return {"files": files, "builds": builds}


def build_and_swap(inputs: BuildInputs, db_path: Path, settings: Settings | None = None, user: str = "cli",
                   force: bool = False, progress=None, lang: str = "id") -> tuple[BuildResult, Consequence]:
    """`peta-stunting build`: a database from exactly `inputs`, refused like an import (`compare`) unless
    forced; the replaced database is kept for undo and the build recorded in the history."""
    db_path = Path(db_path)
    result = _build.build_database(inputs, db_path, settings, progress=progress, swap=False, lang=lang)
    try:
        consequence = compare(db_path if db_path.exists() else None, result.db_path, result.reports, lang)
        if consequence.refusals and not force:
            raise StoreError(" ".join(consequence.refusals))
        with _lock(db_path, wait=True):
            keep_before_build(db_path, user)
            os.replace(result.db_path, db_path)
            _fault_point("after_swap")  # the fault tests kill here (tests/test_build_faults.py)
            _fsync_dir(db_path.parent)
            record_build(db_path, user)
    finally:
        discard_path(result.db_path)
    result.db_path = db_path
    return result, consequence
