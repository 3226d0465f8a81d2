"""Shared fixtures: the ../shared reference folder and one demo database built per test session."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# tests in sub-folders import the shared helpers beside this file (paths, fixtures, browser support); appended,
# so that the product packages always win over a test folder of the same name
sys.path.append(str(Path(__file__).resolve().parent))

from paths import SHARED  # noqa: E402


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project root; tests that need it skip with a reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (reference material for tests lives beside the project root)")
    return SHARED


@dataclass
class DemoBuild:
    files: object   # pipelines.demo.city.DemoFiles
    db: Path


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> DemoBuild:
    """The demo city generated and built through the normal import path, once per session."""
    from pipelines.build import build_database
    from pipelines.demo.city import generate_demo

    root = tmp_path_factory.mktemp("demo")
    files = generate_demo(root / "inputs")
    db = root / "demo.duckdb"
    build_database(files.build_inputs(), db)
    return DemoBuild(files, db)


@pytest.fixture(scope="session", autouse=True)
def _who_cache_in_a_test_folder(tmp_path_factory):
    """The `zscore` command's prepared WHO database (pipelines.growth.who_cache) goes to a folder of this
    session, not the user's ~/.cache; commands run in a subprocess inherit the setting."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PETA_STUNTING_CACHE_DIR", str(tmp_path_factory.mktemp("who-cache")))
        yield
