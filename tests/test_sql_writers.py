"""One writer per table: every table (or view) the build's SQL creates, inserts into, updates, deletes from or
alters is written by one file under pipelines/sql, named after it. Read from the SQL text itself."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

SQL = Path(__file__).resolve().parents[1] / "pipelines" / "sql"

_WRITE = re.compile(
    r"\b(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+|TEMPORARY\s+)?(?:TABLE|VIEW)(?:\s+IF\s+NOT\s+EXISTS)?"
    r"|INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE|ALTER\s+TABLE)\s+([A-Za-z_][A-Za-z0-9_]*)", re.I)


def _writers() -> dict[str, set[str]]:
    writers: dict[str, set[str]] = defaultdict(set)
    for path in SQL.rglob("*.sql"):
        text = "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())
        for match in _WRITE.finditer(text):
            writers[match.group(1).lower()].add(path.stem)
    return writers


def test_indicators_has_exactly_one_writer_named_after_it():
    writers = _writers()
    assert writers["indicators"] == {"indicators"}
    assert writers["indicators_growth"] == {"indicators_growth"}
    assert writers["indicators_services"] == {"indicators_services"}


def test_no_table_has_two_writers():
    """Also the tables every loader reports into: each loader stages its rows in a TEMP table named after its
    file, and quarantine.sql / import_notes.sql write them (coverage_counts.sql stages for growth_counts.sql)."""
    shared = {table: sorted(files) for table, files in _writers().items() if len(files) > 1}
    assert shared == {}


def test_the_scanner_sees_writers():
    """Not empty by accident: known writers are found."""
    writers = _writers()
    assert "measurements" in writers and "flag_counts" in writers["flag_counts"]
    assert writers["quarantine"] == {"quarantine"} and writers["import_notes"] == {"import_notes"}
    assert writers["growth_counts"] == {"growth_counts"} and writers["measured_children"] == {"measured_children"}
