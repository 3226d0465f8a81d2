"""Saved lokus selections: named, dated, with weights, method, N and the reason of every manual change.

Where they live: in a small SQLite file beside the analytic database, `<db>.lokus.sqlite`
(`data/demo.duckdb` → `data/demo.duckdb.lokus.sqlite`). The DuckDB file is rebuilt from the inputs and
swapped in atomically at every import, and the dashboard opens it read-only; a selection stored inside it
would be lost at the next rebuild and would need a writer lock on a file many readers hold open. SQLite
(stdlib `sqlite3`) handles several dashboard processes writing now and then: each save is one short
transaction, and a busy file is waited for (`timeout`). A selection stores its own copy of the ranking
(codes, names, ranks, scores, criteria), so it can be reopened and compared with a later one (last year's
lokus) even after the kelurahan data have changed.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

MAX_NAME_CHARS = 120
TIMEOUT_S = 10.0
ITEM_COLUMNS = ("kode", "nama", "kecamatan_nama", "rank", "score", "selected", "how", "reason")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS selections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    period TEXT NOT NULL,
    n INTEGER NOT NULL,
    method_json TEXT NOT NULL,
    criteria_json TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS selection_items (
    selection_id INTEGER NOT NULL REFERENCES selections(id) ON DELETE CASCADE,
    kode TEXT NOT NULL,
    nama TEXT,
    kecamatan_nama TEXT,
    rank INTEGER,
    score REAL,
    selected INTEGER NOT NULL,
    how TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (selection_id, kode)
);
"""


@dataclass
class Selection:
    """One saved selection. `items` has ITEM_COLUMNS, one row per kelurahan ranked; `criteria` holds
    the raw criterion values per kode (column → {kode: value}) as they were when saved."""

    name: str
    period: str
    n: int
    method: dict
    items: pd.DataFrame
    created_at: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    criteria: dict = field(default_factory=dict)
    id: int | None = None
    author: str = ""  # the account that saved it ('' before accounts existed)

    @property
    def selected_codes(self) -> list[str]:
        return self.items.loc[self.items["selected"], "kode"].tolist()

    @property
    def codes(self) -> list[str]:
        """Codes of the selected kelurahan (alias used by the presentation slides)."""
        return self.selected_codes


def store_path(db_path: Path | str) -> Path:
    """The selection store of a database: `<db>.lokus.sqlite`."""
    return Path(str(db_path) + ".lokus.sqlite")


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=TIMEOUT_S)
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(_SCHEMA)
    columns = {row[1] for row in con.execute("PRAGMA table_info(selections)")}
    if "author" not in columns:  # a store written before selections had an author
        con.execute("ALTER TABLE selections ADD COLUMN author TEXT NOT NULL DEFAULT ''")
    return con


def from_ranking(name: str, selection: pd.DataFrame, method: dict, *, criteria_columns: list[str] | None = None) -> Selection:
    """A Selection from pipelines.lokus.ranking.select output and method_summary."""
    items = selection[list(ITEM_COLUMNS)].copy().reset_index(drop=True)
    criteria = {}
    for column in criteria_columns or []:
        if column in selection.columns:
            values = selection.set_index("kode")[column]
            criteria[column] = {k: (None if pd.isna(v) else float(v)) for k, v in values.items()}
    return Selection(name=name, period=str(method.get("period", "")), n=int(method["n"]), method=dict(method), items=items, criteria=criteria)


def clean_name(name: object) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise ValueError("a selection needs a name")
    if len(text) > MAX_NAME_CHARS:
        raise ValueError(f"a selection name may have at most {MAX_NAME_CHARS} characters")
    return text


def save_selection(path: Path, selection: Selection) -> int:
    """Store `selection` in the SQLite file `path` (created when absent); returns its id."""
    name = clean_name(selection.name)
    con = _connect(Path(path))
    try:
        with con:
            cur = con.execute(
                "INSERT INTO selections (name, created_at, period, n, method_json, criteria_json, author)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, selection.created_at, selection.period, int(selection.n),
                 json.dumps(selection.method, ensure_ascii=False, sort_keys=True),
                 json.dumps(selection.criteria, ensure_ascii=False, sort_keys=True), str(selection.author or "")),
            )
            selection_id = int(cur.lastrowid)
            con.executemany(
                "INSERT INTO selection_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (selection_id, str(r.kode), None if pd.isna(r.nama) else str(r.nama),
                     None if pd.isna(r.kecamatan_nama) else str(r.kecamatan_nama),
                     None if pd.isna(r.rank) else int(r.rank), None if pd.isna(r.score) else float(r.score),
                     int(bool(r.selected)), str(r.how or ""), str(r.reason or ""))
                    for r in selection.items.itertuples(index=False)
                ],
            )
    finally:
        con.close()
    selection.id = selection_id
    return selection_id


def list_selections(path: Path) -> pd.DataFrame:
    """id, name, created_at, period, n, selected (count), author of every saved selection, newest first."""
    if not Path(path).exists():
        return pd.DataFrame(columns=["id", "name", "created_at", "period", "n", "selected", "author"])
    con = _connect(Path(path))
    try:
        return pd.read_sql_query(
            """SELECT s.id, s.name, s.created_at, s.period, s.n,
                      (SELECT count(*) FROM selection_items i WHERE i.selection_id = s.id AND i.selected = 1) AS selected,
                      s.author
               FROM selections s ORDER BY s.created_at DESC, s.id DESC""",
            con,
        )
    finally:
        con.close()


def load_selection(path: Path, selection_id: int) -> Selection:
    """The selection with this id (KeyError when there is none)."""
    con = _connect(Path(path))
    try:
        row = con.execute(
            "SELECT id, name, created_at, period, n, method_json, criteria_json, author FROM selections WHERE id = ?",
            (int(selection_id),),
        ).fetchone()
        if row is None:
            raise KeyError(f"no saved selection with id {selection_id}")
        items = pd.read_sql_query(
            "SELECT kode, nama, kecamatan_nama, rank, score, selected, how, reason FROM selection_items WHERE selection_id = ? ORDER BY rank, kode",
            con,
            params=(int(selection_id),),
        )
    finally:
        con.close()
    items["selected"] = items["selected"].astype(bool)
    items["rank"] = items["rank"].astype("int64")
    return Selection(name=row[1], created_at=row[2], period=row[3], n=int(row[4]), method=json.loads(row[5]),
                     criteria=json.loads(row[6]), items=items, id=int(row[0]), author=row[7] or "")


def database_file(con) -> Path | None:
    """The file behind a DuckDB connection (None for an in-memory database)."""
    for _, name, file in con.execute("PRAGMA database_list").fetchall():
        if name == con.execute("SELECT current_database()").fetchall()[0][0] and file:
            return Path(file)
    return None


def latest_selection(source) -> Selection | None:
    """The newest saved selection of a database, given its DuckDB connection or its path; None when there is none."""
    db = source if isinstance(source, (str, Path)) else database_file(source)
    if db is None:
        return None
    path = store_path(db)
    saved = list_selections(path)
    if saved.empty:
        return None
    return load_selection(path, int(saved["id"].iloc[0]))


def compare(current: Selection | pd.DataFrame, other: Selection) -> pd.DataFrame:
    """Kelurahan in either selection: kode, nama, in_current, in_other, status
    ('both' / 'new' = only in current / 'dropped' = only in other), rank_current, rank_other."""
    items = current.items if isinstance(current, Selection) else current
    a = items[["kode", "nama", "rank", "selected"]].rename(columns={"rank": "rank_current", "selected": "in_current"})
    b = other.items[["kode", "nama", "rank", "selected"]].rename(columns={"rank": "rank_other", "selected": "in_other", "nama": "nama_other"})
    merged = a.merge(b, on="kode", how="outer")
    merged["nama"] = merged["nama"].fillna(merged["nama_other"])
    merged["in_current"] = merged["in_current"].fillna(False).astype(bool)
    merged["in_other"] = merged["in_other"].fillna(False).astype(bool)
    merged = merged[merged["in_current"] | merged["in_other"]].copy()
    merged["status"] = [
        "both" if x and y else "new" if x else "dropped" for x, y in zip(merged["in_current"], merged["in_other"])
    ]
    order = {"both": 0, "new": 1, "dropped": 2}
    merged = merged.sort_values(by=["status", "rank_current", "kode"], key=lambda s: s.map(order) if s.name == "status" else s)
    return merged[["kode", "nama", "status", "in_current", "in_other", "rank_current", "rank_other"]].reset_index(drop=True)
