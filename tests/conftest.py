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
