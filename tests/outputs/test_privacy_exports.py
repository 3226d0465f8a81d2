"""Privacy of everything that leaves the database: every export (publication CSV/XLSX, lokus selection
CSV/XLSX/HTML map, the quarantine CSV, slide and summary-PDF pages) made from the demo build carries no child
name, parent name, address, NIK or child id from the inputs, and neither exports nor logs (the CLI build, the
import page) ever show the NIK hash key. tests/test_demo_build.py scans the database itself."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.outputs import document, exports
from pipelines.lokus import ranking as lokus
from pipelines.privacy import key_path_for
from paths import ROOT



def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=str)
    return pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")


@pytest.fixture(scope="module")
def identities(demo_build) -> dict[str, set[str]]:
    """What must never leave: NIKs, names, addresses (from the inputs), child ids and the hash key."""
    niks, names, addresses = set(), set(), set()
    for path in demo_build.files.measurements:
        frame = _read(path)
        niks |= set(frame["NIK"].dropna())
        names |= set(frame["Nama"].dropna()) | set(frame["Nama Ortu"].dropna())
        addresses |= set(frame["Alamat"].dropna())
    for path in demo_build.files.services:
        niks |= set(_read(path)["ID Sasaran"].dropna())
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        child_ids = {r[0] for r in con.execute("SELECT DISTINCT child_id FROM measurements").fetchall()}
    key = key_path_for(demo_build.db).read_text().strip()
    return {"nik": {n for n in niks if len(n) >= 10}, "name": {n for n in names if len(n) >= 4},
            "address": {a for a in addresses if len(a) >= 8}, "child_id": child_ids, "key": {key}}


@pytest.fixture(scope="module")
def made(demo_build) -> dict[str, bytes | list[str]]:
    """Every export the dashboard offers, made from the demo build the way its pages make them."""
    from geo.folium_map import lokus_map_html
    from pipelines.outputs.slides import build_slides
    from pipelines.outputs.summary_pdf import summary_figures

    out: dict[str, bytes | list[str]] = {}
    with duckdb.connect(str(demo_build.db), read_only=True) as con:
        period = lokus.query_periods(con)[0]  # newest
        long = exports.query_publication(con, period)
        criteria = lokus.load_criteria(con, period, None)
        places = lokus.query_places(con)
        quarantine = con.execute("SELECT kind, source_file, source_row, column_name, value, reason_code, reason, hint"
                                 " FROM quarantine ORDER BY kind, source_file, source_row").df()
        slides = build_slides(con, period)
        pages = summary_figures(con, period)
        ctx = document.context(con, period)
        every = sorted(long["indicator"].unique())
        out["publication.csv"] = exports.publication_csv(con, period, ctx, indicators=every)
        out["publication.xlsx"] = exports.publication_xlsx(con, period, ctx, indicators=every)
    ranking = lokus.rank(criteria, lokus.DEFAULT_WEIGHTS | {"hotspot": 0})
    selection = lokus.select(ranking, 10, lokus.Overrides(added={ranking["kode"].iloc[20]: "usulan musrenbang"}))
    method = lokus.method_summary(lokus.DEFAULT_WEIGHTS, n=10, period=period, compare_period=None, eb=False,
                                  eb_prior="kecamatan")
    out["lokus.csv"] = exports.selection_csv(selection, method, ctx=ctx, name="uji", created_at="2025-01-01")
    out["lokus.xlsx"] = exports.selection_xlsx(selection, method, ctx=ctx, name="uji", created_at="2025-01-01")
    out["lokus.html"] = lokus_map_html(places, selection, title="Lokus", subtitle="uji").encode("utf-8")
    out["karantina.csv"] = exports.csv_bytes(quarantine)  # the quarantine rows the Kualitas page offers
    out["slides.txt"] = [t.get_text() for s in slides for t in s.figure.findobj(lambda o: hasattr(o, "get_text"))]
    out["summary.txt"] = [t.get_text() for f in pages for t in f.findobj(lambda o: hasattr(o, "get_text"))]
    return out


def _csv(name: str, content: bytes) -> pd.DataFrame:
    """A CSV export as text cells: report CSVs (title block, `;`) through the reader that skips the block."""
    if name == "karantina.csv":
        return pd.read_csv(io.BytesIO(content), dtype=str, encoding="utf-8-sig")
    return document.read_csv_table(content)


def _cells(name: str, content: bytes | list[str]) -> set[str]:
    """Every cell / text piece of an export, stripped."""
    if isinstance(content, list):
        return {str(t).strip() for t in content}
    if name.endswith(".csv"):
        frame = _csv(name, content)
        return {str(v).strip().lstrip("'") for v in frame.to_numpy().ravel() if isinstance(v, str)} | set(frame.columns)
    if name.endswith(".xlsx"):
        book = pd.read_excel(io.BytesIO(content), sheet_name=None, dtype=str)
        return {str(v).strip().lstrip("'") for f in book.values() for v in f.to_numpy().ravel() if isinstance(v, str)}
    return set()


def _text(name: str, content: bytes | list[str]) -> str:
    """The whole export as text (XLSX: every XML part of the zip)."""
    if isinstance(content, list):
        return "\n".join(map(str, content))
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def test_every_export_is_made_and_not_empty(made):
    assert set(made) == {"publication.csv", "publication.xlsx", "lokus.csv", "lokus.xlsx", "lokus.html",
                         "karantina.csv", "slides.txt", "summary.txt"}
    assert all(len(v) > 0 for v in made.values())


def test_no_identity_in_any_export(made, identities):
    assert len(identities["nik"]) > 15000 and len(identities["name"]) > 100 and len(identities["child_id"]) > 15000
    sixteen = re.compile(r"(?<!\d)\d{16}(?!\d)")
    hex32 = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
    for name, content in made.items():
        cells = _cells(name, content)
        text = _text(name, content)
        for what in ("nik", "name", "address", "child_id"):
            hits = cells & identities[what]
            assert not hits, f"{name} holds a {what} from the inputs: {sorted(hits)[:3]}"
        assert not set(sixteen.findall(text)) & identities["nik"], f"{name} holds a NIK inside a text"
        assert not set(hex32.findall(text)) & identities["child_id"], f"{name} holds a child id"
        full_names = [n for n in identities["name"] if " " in n]
        found = [n for n in full_names if n in text]
        assert not found, f"{name} holds a full name from the inputs: {found[:3]}"
        assert not [a for a in identities["address"] if a in text], f"{name} holds an address"
        assert next(iter(identities["key"])) not in text, f"{name} holds the hash key"


def test_exports_neutralise_formulas(made):
    for name in ("publication.csv", "lokus.csv", "karantina.csv"):
        frame = _csv(name, made[name])
        for value in frame.to_numpy().ravel():
            if isinstance(value, str) and value[:1] in ("=", "+", "@"):
                raise AssertionError(f"{name}: a cell starts with a formula character: {value!r}")
            if isinstance(value, str) and value.startswith("-"):
                float(value.replace(",", "."))  # only negative numbers may start with '-'


def test_build_log_shows_no_key_and_no_identity(demo_build, identities, tmp_path):
    """The CLI build's whole output (progress, import summary, errors) on the real inputs."""
    files = demo_build.files
    db = tmp_path / "log.duckdb"
    key_path_for(db).write_bytes(key_path_for(demo_build.db).read_bytes())
    measurements = [p for p in files.measurements if p.suffix == ".csv"][:2]
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "build", "--boundaries", str(files.boundaries), "--posyandu",
         str(files.posyandu), "--services", str(files.services[0]), "--measurements", *map(str, measurements),
         "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert "dikarantina" in log
    assert next(iter(identities["key"])) not in log
    assert not set(re.findall(r"(?<!\d)\d{16}(?!\d)", log)) & identities["nik"]
    assert not [n for n in identities["name"] if " " in n and n in log]
    with duckdb.connect(str(db), read_only=True) as con:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    assert next(iter(identities["key"])) not in " ".join(meta.values())
