"""DuckDB's memory limit for a build or the `zscore` command: the caller's default unless the environment sets
PETA_STUNTING_MEMORY_LIMIT (a size DuckDB reads: 2GB, 500MB, 1.5GiB). A value DuckDB cannot read is reported
by pipelines.faults as one sentence naming the variable."""
from __future__ import annotations

import os

MEMORY_LIMIT_ENV = "PETA_STUNTING_MEMORY_LIMIT"
#: what DuckDB says of a memory size it cannot read (connect fails with a parser error)
UNREADABLE_SIZE = ("memory must have a number", "unknown unit for memory")


def memory_limit(default: str) -> str:
    """PETA_STUNTING_MEMORY_LIMIT when set, else `default` (e.g. "3GB")."""
    return os.environ.get(MEMORY_LIMIT_ENV, default)
