"""Every file `peta-stunting export` writes on the demo city, in both languages, speaks to people: no internal
identifier (snake_case) and no raw indicator key in any header or cell, and in Indonesian none of the English
words that leaked before. XLSX through openpyxl, CSV with the separator of its locale (`--csv-format` follows `--lang`), PDF text through pypdf (slides
included: their PDF carries the text), DOCX through python-docx, the scorecard ZIP file by file."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import duckdb
import pypdf
import pytest
from openpyxl import load_workbook

from paths import ROOT
from pipelines.present.format import csv_options
from visible_words import problems

PERIOD = "2025-08"


def _export(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pipelines.cli", "export", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr


def _cells(name: str, data: bytes, sep: str) -> Iterator[tuple[str, bool]]:
    """(text, is a whole cell) of one file: a cell of a table, or a line of a PDF's text (a line may be part of a
    cell that wraps, so only cells are compared with the indicator keys)."""
    suffix = Path(name).suffix
    if suffix == ".xlsx":
        for sheet in load_workbook(io.BytesIO(data)):
            yield sheet.title, True
            for row in sheet.iter_rows(values_only=True):
                yield from ((value, True) for value in row if isinstance(value, str))
    elif suffix == ".csv":
        text = data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        assert max(len(row) for row in rows) > 5, name    # split by the right separator: a table, not lines
        for row in rows:
            yield from ((cell, True) for cell in row)
    elif suffix == ".pdf":
        for page in pypdf.PdfReader(io.BytesIO(data)).pages:
            yield from ((line, False) for line in (page.extract_text() or "").splitlines())
    elif suffix == ".docx":
        document = docx.Document(io.BytesIO(data))
        yield from ((p.text, False) for p in document.paragraphs)
        for table in document.tables:
            for row in table.rows:
                yield from ((cell.text, True) for cell in row.cells)
    elif suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _cells(member, archive.read(member), sep)


@pytest.fixture(scope="module", params=["id", "en"])
def exported(request, demo_build, tmp_path_factory) -> tuple[str, Path]:
    lang = request.param
    out = tmp_path_factory.mktemp(f"export_words_{lang}")
    db = str(demo_build.db)
    _export("samples", "--db", db, "--period", PERIOD, "--lang", lang, str(out))
    _export("kualitas", "--db", db, "--period", PERIOD, "--lang", lang, str(out / f"kualitas_{PERIOD}.docx"))
    return lang, out


def test_every_export_carries_labels_not_keys(exported, demo_build):
    lang, out = exported
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        keys = {key for (key,) in con.execute("SELECT DISTINCT indicator FROM indicators").fetchall()}
    assert "stunting" in keys and any("_" in key for key in keys)   # the keys a leak would show
    files = sorted(p for p in out.rglob("*") if p.suffix in (".xlsx", ".csv", ".pdf", ".docx", ".zip"))
    kinds = {p.suffix for p in files}
    assert kinds == {".xlsx", ".csv", ".pdf", ".docx", ".zip"}, kinds
    assert any(p.name.startswith("slides_") for p in files) and any(p.name.startswith("kualitas_") for p in files)
    found = []
    for path in files:
        cells = list(_cells(path.name, path.read_bytes(), csv_options(lang)["sep"]))
        assert len(cells) > 20, path.name        # the file was really read
        found += [f"{path.name}: {p}" for p in problems([text for text, _ in cells], lang)]
        found += [f"{path.name}: raw key {text!r}" for text, whole in cells if whole and text.strip() in keys]
    assert found == []
