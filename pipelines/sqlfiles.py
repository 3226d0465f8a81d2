"""Load and run the SQL files in `pipelines/sql/` (one file per table or step, named after it)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_SQL_DIR = Path(__file__).resolve().parent / "sql"  # works whether `pipelines` is a regular or namespace package


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    """Text of `pipelines/sql/<name>.sql`."""
    return (_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_sql(con, name: str, params: dict | None = None) -> None:
    """Run every statement of `pipelines/sql/<name>.sql`; `params` are bound as $name parameters."""
    text = sql(name)
    if params:
        con.execute(text, params)
    else:
        con.execute(text)


def install_macros(con) -> None:
    """Create the shared macros (Wilson interval...) in a connection."""
    run_sql(con, "macros")
