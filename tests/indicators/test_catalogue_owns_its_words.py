"""What the catalogue knows is written only there: no module outside pipelines/indicators/catalogue.py names the
headline indicator by its key or writes the WHO/UNICEF stunting class breaks again. Read from the source."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "pipelines" / "indicators" / "catalogue.py"
#: the input store's migration renames its old `stunting` columns (a column name of old stores, not a key)
ALLOWED = {("pipelines/store.py", 'for old, new in (("stunting", "headline"), ("stunting_period", "headline_period")):')}


def _lines(pattern: re.Pattern) -> list[tuple[str, str]]:
    found = []
    for package in ("pipelines", "geo", "dashboard"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == CATALOGUE:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if pattern.search(line):
                    found.append((str(path.relative_to(ROOT)), line.strip()))
    return found


def test_no_module_names_the_headline_indicator_by_its_key():
    found = _lines(re.compile(r"""['"]stunting['"]"""))
    assert set(found) - ALLOWED == set()


def test_no_module_writes_the_who_stunting_breaks_again():
    found = _lines(re.compile(r"0\.025,\s*0\.10?,\s*0\.20?,\s*0\.30?"))
    assert found == []


def test_the_scan_sees_the_catalogue():
    """The patterns match what the catalogue itself writes (the scan is not blind)."""
    text = CATALOGUE.read_text(encoding="utf-8")
    assert re.search(r"""['"]stunting['"]""", text) and re.search(r"0\.025,\s*0\.10?,\s*0\.20?,\s*0\.30?", text)
