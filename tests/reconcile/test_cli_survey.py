"""`peta-stunting template survei FILE` and a bad survey file's message on the command line."""
from __future__ import annotations

from pipelines import cli
from pipelines.reconcile import survey as sv


def test_template_survei_writes_the_headers(tmp_path, capsys):
    target = tmp_path / "survei.csv"
    assert cli.main(["template", "survei", str(target)]) == 0
    assert target.read_text(encoding="utf-8-sig").strip().split(",") == sv.HEADERS
    assert cli.main(["template", "survei", str(tmp_path / "survei.xlsx")]) == 0
    assert (tmp_path / "survei.xlsx").stat().st_size > 0


def test_a_survey_error_is_a_user_error_without_traceback(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "survei.csv"
    bad.write_text("Sumber,Tahun,Tingkat,Kode Wilayah,Prevalensi Stunting (%)\nSSGI 2024,2024,kabupaten,35.07,21.6\n")

    def build(inputs, db, settings, progress=None, **options):  # options: swap (the CLI builds, then compares)
        sv.read_figures(inputs.survey.read_bytes(), inputs.survey.name)   # the build's survey step

    monkeypatch.setattr("pipelines.build.build_database", build)
    code = cli.main(["build", "--boundaries", str(tmp_path / "b.geojson"), "--survey", str(bad),
                     "--db", str(tmp_path / "x.duckdb")])
    err = capsys.readouterr().err
    assert code == 2 and "survei.csv, baris 2" in err and "SE (%)" in err and "Traceback" not in err
