"""Every page with any subset of the optional inputs: the demo city built without its sasaran, without its
posyandu list, without its 1000-HPK registers, with one period only, and with all of these left out. Each
page renders in AppTest without an exception, and says what is missing and how to add it."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from paths import APP

# every page of the navigation (dashboard/app.py PAGES), read from the file so a new page is walked too
PAGES = ["views/" + name for name in re.findall(r'\("(\w+\.py)", "page_', (APP.parent / "app.py").read_text())]
VARIANTS = {
    "no_sasaran": dict(sasaran=None),
    "no_posyandu": dict(posyandu=None),
    "no_registers": dict(services=[]),
    "one_period": dict(one_period=True),
    "none": dict(sasaran=None, posyandu=None, services=[], one_period=True),
}


def one_period_exports(measurements: list[Path], folder: Path) -> list[Path]:
    """The exports with their August 2025 rows only (one round)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in measurements:
        if path.suffix != ".csv":
            continue
        text = path.read_text(encoding="utf-8-sig")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        col = rows[0].index("Tanggal Pengukuran")
        kept = [rows[0]] + [r for r in rows[1:] if r and (r[col].endswith("/08/2025") or r[col].startswith("2025-08"))]
        assert len(kept) > 100, path.name
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(kept)
        target = folder / path.name
        target.write_text(buf.getvalue(), encoding="utf-8")
        out.append(target)
    return out


@pytest.fixture(scope="module", params=list(VARIANTS))
def variant_db(request, demo_build, tmp_path_factory):
    from pipelines.build import build_database

    options = dict(VARIANTS[request.param])
    folder = tmp_path_factory.mktemp(request.param)
    inputs = demo_build.files.build_inputs()
    measurements = [p for p in inputs.measurements if p.suffix == ".csv"][:3]  # three puskesmas: quicker
    if options.pop("one_period", False):
        measurements = one_period_exports(measurements, folder / "eppgbm")
    inputs = replace(inputs, measurements=measurements, **options)
    db = folder / "kota.duckdb"
    build_database(inputs, db)
    return request.param, db


def every_text(at: AppTest) -> str:
    parts = [e.value for e in [*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success]]
    return "\n".join(str(p) for p in parts)


def test_every_page_renders_without_an_exception(variant_db, monkeypatch):
    name, db = variant_db
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=240)
    at.run()
    assert not at.exception, (name, at.exception)
    texts = {}
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (name, page, [e.message for e in at.exception])
        texts[page] = every_text(at)
    if name in ("no_sasaran", "none"):
        assert "sasaran" in texts["views/kualitas.py"].lower() and "--kind sasaran" in texts["views/kualitas.py"]
    if name in ("no_posyandu", "none"):
        assert "--kind posyandu" in texts["views/kualitas.py"]
