"""The one SQL runner: load `pipelines/sql/**/<name>.sql` by name and run it statement by statement.

Files live in stage folders (`staging/`, `growth/`, `indicators/`, `services/`, ...); a name is unique across
them, so callers name the table a file writes, not its folder.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent / "sql"  # by path: works in editable installs too


@lru_cache(maxsize=1)
def _index() -> dict[str, Path]:
    paths: dict[str, Path] = {}
    for path in sorted(SQL_DIR.rglob("*.sql")):
        if path.stem in paths:
            raise RuntimeError(f"two SQL files are named {path.stem}: {paths[path.stem]} and {path}")
        paths[path.stem] = path
    return paths


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    """Text of the SQL file `<name>.sql` under `pipelines/sql/`."""
    return _index()[name].read_text(encoding="utf-8")


def run_sql(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: Mapping[str, object] | None = None,
    fill: Mapping[str, str] | None = None,
) -> None:
    """Run every statement of `<name>.sql`; `params` are bound as `$name` parameters, `fill` replaces
    `{placeholders}` with SQL built by the caller from validated identifiers only."""
    run_script(con, filled(name, fill), params)


def filled(name: str, fill: Mapping[str, str] | None = None) -> str:
    """Text of `<name>.sql` with its `{placeholders}` replaced by `fill` (SQL built by the caller from validated
    identifiers and constants only); a file holding one query is run by the caller as it needs."""
    text = sql(name)
    for key, value in (fill or {}).items():
        text = text.replace("{" + key + "}", value)
    return text


def run_script(con: duckdb.DuckDBPyConnection, text: str, params: Mapping[str, object] | None = None) -> None:
    """Run a multi-statement SQL text; each statement gets only the `$name` parameters it uses.

    (DuckDB binds prepared parameters to one statement at a time.)
    """
    params = dict(params or {})
    for statement in _split_sql(text):
        used = {k: v for k, v in params.items() if re.search(r"\$" + re.escape(k) + r"\b", statement)}
        if used:
            con.execute(statement, used)
        else:
            con.execute(statement)


def _split_sql(text: str) -> list[str]:
    """Split SQL on `;` outside quotes and `--` comments."""
    out, buf, quote, i = [], [], None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            buf.append(ch)
        elif ch == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif ch == ";":
            stmt = "".join(buf).strip()
            if stmt:
                out.append(stmt)
            buf = []
        else:
            buf.append(ch)
        i += 1
    stmt = "".join(buf).strip()
    if stmt:
        out.append(stmt)
    return out


def quote_ident(name: str) -> str:
    """`name` as a SQL identifier in double quotes (an inner `"` doubled), safe for any header text."""
    return '"' + str(name).replace('"', '""') + '"'


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the database (not the connection's temporary objects) has a table or view called `name`."""
    rows = con.execute(
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = $n AND NOT temporary)"
        " + (SELECT count(*) FROM duckdb_views() WHERE view_name = $n AND NOT internal AND NOT temporary)",
        {"n": name}).fetchall()
    return rows[0][0] > 0


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the shared macros (Wilson interval...) in a connection."""
    run_sql(con, "macros")
