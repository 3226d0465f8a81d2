"""Register ages (issue 22): a child born after the end of the period month is no target (quarantine
`birth_after_period` with the row, the date and the period), ages are whole completed months, and a register
duplicate says what a register duplicate is (same target, period and ID)."""
from __future__ import annotations

from openpyxl import load_workbook

from pipelines.services.registers import write_template
from test_services import ANAK, A, all_ya, build, indicator, row

PERIOD = "2025-08"


def _child(nik: str, birth: str) -> dict:
    return row("anak_0_23", nik, A, period=PERIOD, birth=birth, gizi="tidak",
               services=all_ya(ANAK, imunisasi_dasar="", kunjungan_rumah_anak=""))


def test_births_after_the_period_month_are_quarantined_and_not_counted(tmp_path):
    rows = [
        _child("3271010000000101", "2025-08-01"),  # born on the period's first day: 0 months, a target
        _child("3271010000000102", "2025-08-31"),  # born on its last day: 0 months, a target
        _child("3271010000000103", "2025-09-01"),  # the 1st of the next month: not born in the period
        _child("3271010000000104", "30/09/2025"),  # the last day of the next month
        _child("3271010000000105", "2025-07-31"),  # a month's end: 1 month on 31 August
    ]
    con, (report,) = build(tmp_path, rows)
    assert (report.rows_read, report.rows_accepted, report.by_reason) == (5, 3, {"birth_after_period": 2})
    quarantined = con.execute(
        "SELECT source_row, column_name, value, reason_code, reason, hint FROM quarantine ORDER BY source_row").fetchall()
    assert [(r[0], r[1], r[2], r[3]) for r in quarantined] == [
        (4, "Tgl Lahir", "2025-09-01", "birth_after_period"), (5, "Tgl Lahir", "30/09/2025", "birth_after_period")]
    assert quarantined[0][4] == "Tanggal lahir sesudah akhir bulan periode"
    assert quarantined[0][5].startswith("Lahir 01/09/2025, sesudah akhir periode 2025-08 (31/08/2025)")
    ages = dict(con.execute("SELECT source_row, age_months FROM service_targets").fetchall())
    assert ages == {2: 0, 3: 0, 6: 1}
    # the unborn children are in no denominator: 3 targets, all with every applicable service
    assert indicator(con, "hpk_complete_access", period=PERIOD) == (3, 3)
    assert indicator(con, "hpk_complete_access", level="kabupaten", kode="99.71", period=PERIOD) == (3, 3)


def test_ages_are_whole_completed_months_at_a_months_end_and_on_29_february(tmp_path):
    rows = [
        row("anak_0_23", "3271010000000201", A, period="2024-02", birth="2024-01-31"),  # 1 (29 Feb completes it)
        row("anak_0_23", "3271010000000202", A, period="2025-02", birth="2024-02-29"),  # 12 (28 Feb 2025)
        row("anak_0_23", "3271010000000203", A, period="2024-03", birth="2024-02-29"),  # 1 (29 Mar 2024)
        row("anak_0_23", "3271010000000204", A, period="2025-03", birth="2025-01-15"),  # 2
    ]
    con, (report,) = build(tmp_path, rows)
    assert report.rows_accepted == 4
    assert dict(con.execute("SELECT source_row, age_months FROM service_targets").fetchall()) == {2: 1, 3: 12, 4: 1, 5: 2}


def test_register_duplicate_reason_names_target_period_and_id(tmp_path):
    rows = [_child("3271010000000301", "2025-02-10"), _child("3271010000000301", "2025-02-10")]
    con, (report,) = build(tmp_path, rows)
    assert report.by_reason == {"duplicate": 1}
    row_number, reason, hint = con.execute("SELECT source_row, reason, hint FROM quarantine").fetchone()
    assert (row_number, reason) == (3, "Baris ganda (sasaran, periode dan ID sama)")
    assert "baris 2" in hint


def test_template_petunjuk_states_the_age_rule_with_month_end_and_29_february(tmp_path):
    path = tmp_path / "layanan.xlsx"
    write_template(path)
    sheet = load_workbook(path, read_only=True)["Petunjuk"]
    text = " ".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r if c)
    assert "bulan penuh" in text and "hari terakhir bulan Periode" in text
    assert "lahir 31/01/2024, Periode 2024-02: 1 bulan" in text
    assert "lahir 29/02/2024, Periode 2025-02: 12 bulan" in text
    assert "lahir 01/09/2025, Periode 2025-08: belum lahir" in text
