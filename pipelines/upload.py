"""Imports from the browser: save uploaded files safely, enforce limits, read what the previous build used.

The dashboard's Impor Data page (`dashboard/views/impor.py`) is the second front door to the same import as
`peta-stunting build`: the files are saved to disk, put into the input store (`pipelines/store.py`), built by
`pipelines.build.build_database(swap=False)` into a pending file, previewed (before -> after) and swapped in
only when confirmed. This module holds what of that page is not UI and not the store:

- `KINDS` and the limits (`MAX_FILE_MB` per file, allowed extensions per kind, `MAX_ROWS` rows per table file,
  `MAX_FILES` files per kind, `MAX_UNZIPPED_BYTES` inside an XLSX or ZIP, `MAX_BOUNDARY_FEATURES`);
- `save_uploads`: writes the files to `<db dir>/uploads/<timestamp>-<random>/<kind>/NN_<safe name>`; the
  uploaded name is never used as a path (`safe_name`), every file is checked (`check_file`) and a refused
  upload leaves nothing behind;
- `previous_inputs` / `previous_settings`: the previous build's inputs and settings (meta keys), so an import
  keeps what the user did not change;
- `query_quarantine_examples`: the first quarantined rows of each file and reason (row, column, value, hint:
  quarantine never holds a name or NIK);
- `build_lock`: the database's build lock (`pipelines.buildlock`, shared with the CLI).

Errors a user can cause raise `UploadError` with plain Indonesian messages (English in parentheses), one per
refused file, naming it.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from pipelines import buildlock
from pipelines.build import BuildInputs
from pipelines.inputs.errors import InputError
from pipelines.present.messages import spoken
from pipelines.settings import Settings

MAX_FILE_MB = 200                       # per file; also streamlit's server.maxUploadSize (pipelines/cli.py)
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 5_000_000                    # data rows per table file (CSV/XLSX/Parquet)
MAX_FILES = 100                         # files per kind in one upload (e-PPGBM: one per puskesmas)
MAX_UNZIPPED_BYTES = 2 * 1024 ** 3      # uncompressed content of one XLSX or ZIP (zip bombs)
MAX_BOUNDARY_FEATURES = 100_000         # Indonesia has about 84,000 desa/kelurahan
EXAMPLES_PER_REASON = 3
NAME_MAX_CHARS = 80
_BLOCK = 1 << 20


@dataclass(frozen=True)
class UploadKind:
    """One kind of input file the import takes."""

    key: str                      # BuildInputs field name
    extensions: tuple[str, ...]   # lower case, without dot
    multiple: bool                # several files (one per puskesmas / per year) or one
    tabular: bool                 # read by pipelines.inputs.tabular (rows counted and limited)


KINDS: dict[str, UploadKind] = {
    "measurements": UploadKind("measurements", ("csv", "xlsx", "parquet"), True, True),
    "posyandu": UploadKind("posyandu", ("csv", "xlsx"), False, True),
    "sasaran": UploadKind("sasaran", ("csv", "xlsx"), False, True),
    "services": UploadKind("services", ("csv", "xlsx"), True, True),
    # a shapefile comes as one .zip holding .shp, .shx, .dbf (and .prj)
    "boundaries": UploadKind("boundaries", ("geojson", "json", "zip", "gpkg", "parquet"), False, False),
}
KIND_ORDER = ("boundaries", "posyandu", "sasaran", "measurements", "services")  # the build's order


class UploadError(InputError, ValueError):
    """Files the import refuses; `messages` holds one plain message per refused file."""

    def __init__(self, messages: Sequence[str]):
        super().__init__(list(messages))


# --- names and limits ----------------------------------------------------------------------------------


def safe_name(name: str, index: int = 0) -> str:
    """A file name safe to create inside an upload folder: `NN_<letters, digits, . _ ->.<ext>`.

    Only the last path component of `name` is kept (both `/` and `\\` count as separators), accents are
    folded to ASCII, every other character becomes `_`, the stem is cut to `NAME_MAX_CHARS`, the extension
    is lower case, and the `NN_` index prefix makes names unique and never hidden (no leading dot).
    """
    base = re.split(r"[\\/]", str(name))[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")[:NAME_MAX_CHARS] or "berkas"
    ext = re.sub(r"[^a-z0-9]+", "", ext.lower())[:10]
    return f"{index:02d}_{stem}" + (f".{ext}" if ext else "")


def extension(name: str) -> str:
    """Lower-case extension of a file name, without the dot ('' when none)."""
    base = re.split(r"[\\/]", str(name))[-1]
    return base.rpartition(".")[2].lower() if "." in base else ""


def _shown(name: str) -> str:
    """An uploaded name as it may appear in a message: printable, at most 120 characters."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(name))
    return text[:120]


def _thousands(n: int) -> str:
    """A count with Indonesian thousands separators: 5000000 -> '5.000.000'."""
    return f"{int(n):,}".replace(",", ".")


def check_name_and_size(kind: str, name: str, size: int) -> None:
    """Refuse a file by its extension or size (before anything is written)."""
    spec = KINDS[kind]
    ext = extension(name)
    if ext not in spec.extensions:
        allowed = ", ".join("." + e for e in spec.extensions)
        raise UploadError([spoken("up_type", name=_shown(name), ext=ext or "?", kind=spoken(f"import_kind_{kind}"),
                                  allowed=allowed)])
    if size <= 0:
        raise UploadError([spoken("up_empty", name=_shown(name))])
    if size > MAX_FILE_BYTES:
        raise UploadError([spoken("up_too_large", name=_shown(name), mb=f"{size / 1024 ** 2:.0f}", limit=MAX_FILE_MB)])


def count_csv_rows(path: Path) -> int:
    """Data rows of a CSV as an upper bound: line breaks after the header (blank lines included)."""
    lines = 0
    last = b"\n"
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            lines += block.count(b"\n")
            last = block[-1:]
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)


def _zip_uncompressed(path: Path, label: str) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError([spoken("up_damaged_archive", name=label)]) from exc


def count_rows(path: Path, label: str | None = None) -> int:
    """Data rows of a table file (upper bound for CSV, sheet dimensions for XLSX, metadata for Parquet).

    Raises UploadError when the content does not match the extension.
    """
    path = Path(path)
    label = label or path.name
    ext = path.suffix.lower().lstrip(".")
    if ext == "csv":
        return count_csv_rows(path)
    if ext == "xlsx":
        if not zipfile.is_zipfile(path):
            raise UploadError([spoken("up_not_xlsx", name=label)])
        if _zip_uncompressed(path, label) > MAX_UNZIPPED_BYTES:
            raise UploadError([spoken("up_xlsx_expands", name=label)])
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any openpyxl failure means an unreadable workbook
            raise UploadError([spoken("up_unreadable_xlsx", name=label)]) from exc
        try:
            return max((max((ws.max_row or 0) - 1, 0) for ws in book.worksheets), default=0)
        finally:
            book.close()
    if ext == "parquet":
        try:
            return int(parquet_rows(path))
        except duckdb.Error as exc:
            raise UploadError([spoken("up_not_parquet", name=label)]) from exc
    raise UploadError([spoken("up_unknown_type", name=label)])


def parquet_rows(path: Path) -> int:
    """Rows of a Parquet file from its footer (no data read)."""
    with duckdb.connect() as con:
        return con.execute("SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata($path)",
                           {"path": str(path)}).fetchone()[0]


def check_file(kind: str, path: Path, label: str | None = None) -> int:
    """Check a saved file's content against the limits; returns its data rows (0 for boundary files)."""
    path = Path(path)
    label = label or path.name
    ext = path.suffix.lower().lstrip(".")
    if KINDS[kind].tabular:
        rows = count_rows(path, label)
        if rows > MAX_ROWS:
            raise UploadError([spoken("up_too_many_rows", name=label, rows=_thousands(rows), limit=_thousands(MAX_ROWS))])
        return rows
    if ext == "zip":
        if not zipfile.is_zipfile(path):
            raise UploadError([spoken("up_not_zip", name=label)])
        if _zip_uncompressed(path, label) > MAX_UNZIPPED_BYTES:
            raise UploadError([spoken("up_zip_expands", name=label)])
    return 0


# --- saving --------------------------------------------------------------------------------------------


@dataclass
class SavedUpload:
    """Files of one upload as saved: kind -> paths (in upload order), and the original names for display."""

    folder: Path
    files: dict[str, list[Path]] = field(default_factory=dict)
    original_names: dict[str, str] = field(default_factory=dict)  # saved file name -> uploaded name
    rows: dict[str, int] = field(default_factory=dict)            # saved file name -> data rows (tabular)

    def kinds(self) -> list[str]:
        return [k for k in KIND_ORDER if self.files.get(k)]


def uploads_root(db_path: Path) -> Path:
    """Where browser uploads of a database are kept: `<db dir>/uploads/`."""
    return Path(db_path).resolve().parent / "uploads"


def _size_of(content: bytes | BinaryIO) -> int:
    if isinstance(content, (bytes, bytearray, memoryview)):
        return len(content)
    if hasattr(content, "size"):
        return int(content.size)  # streamlit UploadedFile
    position = content.tell()
    content.seek(0, os.SEEK_END)
    size = content.tell()
    content.seek(position)
    return size


def _write(target: Path, content: bytes | BinaryIO) -> None:
    """Write bytes or a file-like object, never more than MAX_FILE_BYTES (exclusive create)."""
    written = 0
    with open(target, "xb") as out:
        if isinstance(content, (bytes, bytearray, memoryview)):
            chunks: Iterator[bytes] = iter([bytes(content)])
        else:
            content.seek(0)
            chunks = iter(lambda: content.read(_BLOCK), b"")
        for chunk in chunks:
            written += len(chunk)
            if written > MAX_FILE_BYTES:
                raise UploadError([spoken("up_too_large_written", name=target.name, limit=MAX_FILE_MB)])
            out.write(chunk)


def save_uploads(
    root: Path,
    uploads: Mapping[str, Sequence[tuple[str, bytes | BinaryIO]]],
    now: dt.datetime | None = None,
) -> SavedUpload:
    """Save uploaded files under `root/<YYYYmmdd-HHMMSS>-<random>/<kind>/` with safe names and check them.

    `uploads`: kind (a key of KINDS) -> [(uploaded name, bytes or file-like)]. Every file is checked (type,
    size, content, rows); when any is refused, nothing is kept and UploadError lists every refused file.
    """
    unknown = [k for k in uploads if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown upload kinds: {unknown}")
    errors: list[str] = []
    for kind, items in uploads.items():
        spec = KINDS[kind]
        if len(items) > (MAX_FILES if spec.multiple else 1):
            errors.append(spoken("up_too_many_files", kind=spoken(f"import_kind_{kind}"), n=len(items),
                                 limit=MAX_FILES if spec.multiple else 1))
        for name, content in items:
            try:
                check_name_and_size(kind, name, _size_of(content))
            except UploadError as exc:
                errors.extend(exc.messages)
    if errors:
        raise UploadError(errors)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = Path(root) / f"{stamp}-{secrets.token_hex(3)}"
    folder.mkdir(parents=True, mode=0o700)
    saved = SavedUpload(folder)
    try:
        for kind in KIND_ORDER:
            items = uploads.get(kind) or ()
            if not items:
                continue
            (folder / kind).mkdir(mode=0o700)
            for index, (name, content) in enumerate(items, start=1):
                target = folder / kind / safe_name(name, index)
                try:
                    _write(target, content)
                    rows = check_file(kind, target, label=_shown(name))
                except UploadError as exc:
                    errors.extend(exc.messages)
                    continue
                saved.files.setdefault(kind, []).append(target)
                saved.original_names[target.name] = _shown(name)
                saved.rows[target.name] = rows
        if errors:
            raise UploadError(errors)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return saved


def prune_uploads(root: Path, keep: BuildInputs | None, older_than: dt.timedelta = dt.timedelta(days=1)) -> list[Path]:
    """Remove upload folders older than `older_than` that no file of `keep` (the current build) uses."""
    root = Path(root)
    if not root.is_dir():
        return []
    used = {Path(p).resolve() for p in _input_paths(keep)} if keep else set()
    limit = dt.datetime.now().timestamp() - older_than.total_seconds()
    removed = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.stat().st_mtime > limit:
            continue
        if any(folder.resolve() in p.parents for p in used):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


# --- the previous build -------------------------------------------------------------------


def query_meta_inputs(con: duckdb.DuckDBPyConnection) -> str | None:
    """The `inputs` value of the meta table (JSON text of BuildInputs.to_json), or None."""
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0]
    if not found:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = $key", {"key": "inputs"}).fetchone()
    return row[0] if row else None


def query_meta_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The settings keys of the meta table (rounds, unrecorded, small_n) that exist."""
    rows = con.execute("SELECT key, value FROM meta WHERE list_contains($keys, key)",
                       {"keys": ["rounds", "unrecorded", "small_n"]}).fetchall()
    return dict(rows)


def previous_inputs(db_path: Path) -> BuildInputs | None:
    """The inputs of the build that wrote `db_path` (meta key `inputs`), or None without a usable database."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            text = query_meta_inputs(con)
    except duckdb.Error:
        return None
    if not text:
        return None
    try:
        return BuildInputs.from_json(json.loads(text))
    except (ValueError, KeyError, TypeError):
        return None


def previous_settings(db_path: Path) -> Settings:
    """The settings the previous build used (rounds, unrecorded, small_n), so a browser import keeps them."""
    settings = Settings()
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            values = query_meta_settings(con)
    except duckdb.Error:
        return settings
    try:
        if "rounds" in values:
            settings.rounds = {int(k): int(v) for k, v in json.loads(values["rounds"]).items()}
        if values.get("unrecorded") in ("missing", "exclude"):
            settings.unrecorded = values["unrecorded"]
        if "small_n" in values:
            settings.small_n = min(max(int(values["small_n"]), 1), 1000)
    except (ValueError, TypeError, AttributeError):
        return Settings()
    return settings


def _input_paths(inputs: BuildInputs) -> list[Path]:
    paths = [inputs.boundaries, inputs.posyandu, inputs.sasaran, *inputs.measurements, *inputs.services]
    return [Path(p) for p in paths if p]


# --- quarantine examples -------------------------------------------------------------------------------------------


def query_quarantine_examples(con: duckdb.DuckDBPyConnection, per_reason: int = EXAMPLES_PER_REASON) -> pd.DataFrame:
    """The first `per_reason` quarantined rows of each file and reason (row order): no identity columns."""
    return con.execute(
        """
        SELECT kind, source_file, reason_code, source_row, column_name, value, reason, hint
        FROM quarantine
        QUALIFY row_number() OVER (PARTITION BY kind, source_file, reason_code ORDER BY source_row) <= $n
        ORDER BY source_file, reason_code, source_row
        """,
        {"n": int(per_reason)},
    ).df()


# --- one import at a time ------------------------------------------------------------------------------

BuildBusy = buildlock.BuildBusy  # the same lock as `peta-stunting build` (pipelines/buildlock.py)


@contextmanager
def build_lock(db_path: Path) -> Iterator[buildlock.Lease]:
    """Hold the database's build lock for a browser import (shared with the CLI); BuildBusy when taken."""
    with buildlock.hold(db_path, by=buildlock.text("build_by_browser")) as lease:
        yield lease
