"""The build is one declared list of steps: a build runs the steps whose inputs are given, in order, and its
progress labels come from the glossary in the language asked for."""
from __future__ import annotations

import dataclasses

import duckdb

from pipelines import build
from pipelines.present.glossary import text


def test_a_build_in_english_reports_english_steps_in_order(demo_build, tmp_path):
    """Boundaries and e-PPGBM only: the optional steps (posyandu, sasaran, survey, services) do not run."""
    inputs = dataclasses.replace(demo_build.files.build_inputs(), posyandu=None, sasaran=None, services=(),
                                 survey=None)
    seen: list[tuple[int, int, str]] = []
    result = build.build_database(inputs, tmp_path / "kota.duckdb", progress=lambda *a: seen.append(a),
                                  swap=False, lang="en")
    assert seen == [(1, 6, "Boundaries"), (2, 6, "e-PPGBM data and WHO z-scores"), (3, 6, "Nutrition indicators"),
                    (4, 6, "Data quality"), (5, 6, "Two figures: cells, child flows, 2T"), (6, 6, "Saving")]
    with duckdb.connect(str(result.db_path), read_only=True) as con:
        kinds = {k for (k,) in con.execute("SELECT DISTINCT kind FROM sources").fetchall()}
        assert kinds == {"measurement"}
        assert con.execute("SELECT count(*) FROM indicators WHERE indicator = 'coverage'").fetchone()[0] == 0
    assert result.boundary_checks is not None
    result.db_path.unlink()


def test_every_step_of_a_full_import_is_declared_once_with_labels_in_both_languages(demo_build):
    inputs = demo_build.files.build_inputs()
    steps = build.steps_for(inputs)
    assert [s.kind for s in steps] == [s.kind for s in build.STEPS if s.needs is None or getattr(inputs, s.needs)]
    assert len({s.kind for s in build.STEPS}) == len(build.STEPS)
    for step in (*build.STEPS, build.Step("save", build.SAVE_LABEL, None)):
        words_id, words_en = text(step.label, "id"), text(step.label, "en")
        assert words_id and words_en and words_id != step.label and words_en != step.label
    assert text("build_step_boundaries", "id") == "Batas wilayah"
    assert text("build_step_boundaries", "en") == "Boundaries"
