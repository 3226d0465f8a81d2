"""1000-HPK services: registers -> service_targets/service_status -> indicators and bottlenecks.

The registers are small and hand-checked; every expected number below is worked out in the comments.
Package (default packages.toml):
  ibu_hamil  anc_4x ttd_90 nifas_3x konseling_gizi_ibu kunjungan_rumah_ibu(if KEK/Risti) air_minum jamban jkn
  anak_0_23  imunisasi_dasar(from 12 m) timbang_bulanan ukur_panjang_2x konseling_gizi_ortu
             kunjungan_rumah_anak(if gizi) air_minum jamban akta_lahir jkn kelas_parenting
  anak_2_6   paud
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import pytest

from pipelines.privacy import hash_id
from pipelines.services.registers import (
    build_service_indicators,
    load_packages,
    load_registers,
    register_columns,
    write_template,
)
from pipelines.settings import Settings
from paths import ROOT

KEY = "ab" * 32
A, B, C = "99.71.01.1001", "99.71.01.1002", "99.71.02.1001"   # A, B in kecamatan 99.71.01; C in 99.71.02
IBU = ["anc_4x", "ttd_90", "nifas_3x", "konseling_gizi_ibu", "kunjungan_rumah_ibu", "air_minum", "jamban", "jkn"]
ANAK = ["imunisasi_dasar", "timbang_bulanan", "ukur_panjang_2x", "konseling_gizi_ortu", "kunjungan_rumah_anak",
        "air_minum", "jamban", "akta_lahir", "jkn", "kelas_parenting"]
HEADERS = [h for h, _ in register_columns(load_packages()).values()]


def row(kind: str, nik: str, kode: str, period: str = "2025-03", services: dict | None = None, **extra) -> dict:
    """One register row (template headers); `services` maps service code -> cell text."""
    out = {"Jenis Sasaran": kind, "ID Sasaran": nik, "Kode Desa/Kel": kode, "Posyandu": "Mawar", "Periode": period}
    names = {"age": "Usia (bulan)", "birth": "Tgl Lahir", "kek": "KEK/Risti", "gizi": "Gizi Buruk/Kurang/Stunting"}
    out.update({names[k]: v for k, v in extra.items()})
    out.update(services or {})
    return out


def all_ya(codes: list[str], **changes: str) -> dict:
    cells = {c: "ya" for c in codes}
    cells.update(changes)
    return cells


def write_csv(path: Path, rows: list[dict], headers: list[str] = HEADERS) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, headers, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


# Kelurahan A, 2025-03 (7 targets):
#   M1 ibu_hamil, KEK tidak, 7 services ya, home visit empty (not applicable)  applicable 7, received 7, complete
#   M2 ibu_hamil, KEK ya, home visit tidak                                      applicable 8, received 7
#   C1 anak 6 m, gizi tidak, imunisasi 'tidak' (not due before 12 m)            applicable 8, received 8, complete
#   C2 anak 15 m, gizi ya, imunisasi tidak, home visit ya                        applicable 10, received 9
#   C3 anak 18 m, gizi tidak, imunisasi tidak, akta_lahir empty (unrecorded)     applicable 9, received 7, unrec. 1
#   P1 anak_2_6 36 m, paud ya                                                     applicable 1, received 1, complete
#   P2 anak_2_6 from birth date 2022-01-15 (38 m at 2025-03-31), paud tidak       applicable 1, received 0
# Kelurahan B: C4 anak exactly 12 m, gizi tidak, all ya (imunisasi due and given): 9/9, complete.
# Kelurahan C: M3 ibu_hamil, KEK empty (= tidak), all 7 applicable tidak: 0/7.
SCENARIO = [
    row("ibu_hamil", "3271010000000001", A, kek="tidak", services=all_ya(IBU, kunjungan_rumah_ibu="")),
    row("ibu_hamil", "3271010000000002", A, kek="ya", services=all_ya(IBU, kunjungan_rumah_ibu="tidak")),
    row("anak_0_23", "3271010000000003", A, age="6", gizi="tidak",
        services=all_ya(ANAK, imunisasi_dasar="tidak", kunjungan_rumah_anak="")),
    row("anak_0_23", "3271010000000004", A, age="15", gizi="ya", services=all_ya(ANAK, imunisasi_dasar="tidak")),
    row("anak_0_23", "3271010000000005", A, age="18", gizi="tidak",
        services=all_ya(ANAK, imunisasi_dasar="tidak", kunjungan_rumah_anak="", akta_lahir="")),
    row("anak_2_6", "3271010000000006", A, age="36", services={"paud": "ya"}),
    row("anak_2_6", "3271010000000007", A, birth="2022-01-15", services={"paud": "tidak"}),
    row("anak_0_23", "3271010000000008", B, age="12", gizi="tidak", services=all_ya(ANAK, kunjungan_rumah_anak="")),
    row("ibu_hamil", "3271010000000009", C, services={c: "tidak" for c in IBU if c != "kunjungan_rumah_ibu"}),
]


def new_con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE kelurahan AS SELECT * FROM (VALUES ('{A}'), ('{B}'), ('{C}')) t(kode)")
    return con


def indicator(con, name: str, kode: str = A, level: str = "kelurahan", period: str = "2025-03"):
    got = con.execute(
        "SELECT numerator, denominator FROM indicators WHERE level = ? AND kode = ? AND period = ? AND indicator = ?",
        [level, kode, period, name],
    ).fetchall()
    return got[0] if got else None


def build(tmp_path: Path, rows: list[dict] = SCENARIO, unrecorded: str = "missing", copies: int = 1):
    path = write_csv(tmp_path / "register.csv", rows)
    con = new_con()
    settings = Settings(unrecorded=unrecorded)
    reports = load_registers(con, [path] * copies, hash_key=KEY, settings=settings)
    build_service_indicators(con, settings)
    return con, reports


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    con, reports = build(tmp_path_factory.mktemp("svc"))
    yield con, reports
    con.close()


def test_scenario_imports_every_row(scenario):
    con, (report,) = scenario
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (9, 9, 0)
    assert report.kind == "service" and len(report.sha256) == 64
    assert con.execute("SELECT count(*) FROM service_targets").fetchall() == [(9,)]


def test_complete_access_counts_only_targets_with_every_applicable_service(scenario):
    con, _ = scenario
    assert indicator(con, "hpk_complete_access") == (3, 7)            # M1, C1, P1
    assert indicator(con, "hpk_complete_access_ibu_hamil") == (1, 2)
    assert indicator(con, "hpk_complete_access_anak_0_23") == (1, 3)
    assert indicator(con, "hpk_complete_access_anak_2_6") == (1, 2)
    assert indicator(con, "hpk_complete_access", B) == (1, 1)
    assert indicator(con, "hpk_complete_access", C) == (0, 1)
    complete = dict(con.execute("SELECT target_id, complete FROM service_targets").fetchall())
    assert complete[hash_id("3271010000000001", KEY)] is True
    assert complete[hash_id("3271010000000002", KEY)] is False


def test_risk_and_age_conditional_services_ignored_where_they_do_not_apply(scenario):
    con, _ = scenario
    status = {
        (t, s): st for t, s, st in con.execute("SELECT target_id, service, status FROM service_status").fetchall()
    }
    h = lambda n: hash_id(f"32710100000000{n:02d}", KEY)  # noqa: E731
    assert status[(h(1), "kunjungan_rumah_ibu")] == "not_applicable"   # KEK tidak
    assert status[(h(2), "kunjungan_rumah_ibu")] == "not_received"     # KEK ya
    assert status[(h(9), "kunjungan_rumah_ibu")] == "not_applicable"   # KEK empty counts as tidak
    assert status[(h(3), "imunisasi_dasar")] == "not_applicable"       # 6 months, 'tidak' ignored
    assert status[(h(8), "imunisasi_dasar")] == "received"             # due from exactly 12 months
    assert status[(h(4), "kunjungan_rumah_anak")] == "received"        # gizi ya
    assert status[(h(5), "akta_lahir")] == "unrecorded"
    assert indicator(con, "svc_imunisasi_dasar") == (0, 2)             # C2, C3 only
    assert indicator(con, "svc_kunjungan_rumah_ibu") == (0, 1)         # M2 only
    assert indicator(con, "svc_kunjungan_rumah_anak") == (1, 1)        # C2 only
    assert indicator(con, "svc_air_minum") == (5, 5)                   # shared by mothers and children
    assert indicator(con, "svc_paud") == (1, 2)
    wide = con.execute(
        "SELECT age_months, risk_gizi, imunisasi_dasar, paud FROM service_targets WHERE target_id = ?", [h(3)]
    ).fetchall()
    assert wide == [(6, False, "not_applicable", "not_applicable")]
    # age from the birth date: 2022-01-15 -> 38 whole months on 2025-03-31
    assert con.execute("SELECT age_months FROM service_targets WHERE target_id = ?", [h(7)]).fetchall() == [(38,)]


def test_konvergensi_equals_scorecard_ratio(scenario):
    con, _ = scenario
    # received 7+7+8+9+7+1+0 = 39 of applicable 7+8+8+10+9+1+1 = 44 (Tabel 4: layanan diterima / seharusnya)
    assert indicator(con, "konvergensi") == (39, 44)
    assert indicator(con, "konvergensi_ibu_hamil") == (14, 15)
    assert indicator(con, "konvergensi_anak_0_23") == (24, 27)
    assert indicator(con, "konvergensi_anak_2_6") == (1, 2)
    value, low, high = con.execute(
        "SELECT value, ci_low, ci_high FROM indicators WHERE level = 'kelurahan' AND kode = ? "
        "AND indicator = 'konvergensi'", [A]).fetchall()[0]
    assert value == pytest.approx(39 / 44)
    z, n, p = 1.959964, 44, 39 / 44
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert (low, high) == pytest.approx(((centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)))


def test_rollups_to_kecamatan_and_kabupaten(scenario):
    con, _ = scenario
    assert indicator(con, "hpk_complete_access", "99.71.01", "kecamatan") == (4, 8)
    assert indicator(con, "hpk_complete_access", "99.71.02", "kecamatan") == (0, 1)
    assert indicator(con, "hpk_complete_access", "99.71", "kabupaten") == (4, 9)
    assert indicator(con, "konvergensi", "99.71", "kabupaten") == (39 + 9, 44 + 9 + 7)


def test_incomplete_records_share(scenario):
    con, _ = scenario
    assert indicator(con, "hpk_incomplete_records") == (1, 7)          # C3's akta_lahir
    assert indicator(con, "hpk_incomplete_records", C) == (0, 1)


def test_unrecorded_missing_counts_as_not_received(scenario):
    con, _ = scenario
    assert indicator(con, "svc_akta_lahir") == (2, 3)                  # C3 empty counts against


def test_unrecorded_exclude_drops_targets_with_gaps(tmp_path):
    con, _ = build(tmp_path, unrecorded="exclude")
    assert indicator(con, "hpk_complete_access") == (3, 6)             # C3 out of the denominator
    assert indicator(con, "konvergensi") == (39 - 7, 44 - 9)
    assert indicator(con, "hpk_complete_access_anak_0_23") == (1, 2)
    assert indicator(con, "svc_akta_lahir") == (2, 2)
    assert indicator(con, "svc_imunisasi_dasar") == (0, 2)             # C3's imunisasi cell was filled
    assert indicator(con, "hpk_incomplete_records") == (1, 7)          # the setting does not hide gaps


def test_bottleneck_is_the_service_blocking_most_targets(scenario):
    con, _ = scenario
    # Without complete access in A: M2 (home visit), C2 (imunisasi), C3 (imunisasi, akta_lahir), P2 (paud)
    got = con.execute(
        "SELECT service, targets_blocked, rank FROM service_bottleneck WHERE level = 'kelurahan' AND kode = ? "
        "ORDER BY rank", [A]).fetchall()
    assert got == [("imunisasi_dasar", 2, 1), ("kunjungan_rumah_ibu", 1, 2), ("akta_lahir", 1, 3), ("paud", 1, 4)]
    assert con.execute(
        "SELECT service FROM service_bottleneck WHERE level = 'kelurahan' AND kode = ? AND rank = 1", [C]
    ).fetchall() == [("anc_4x",)]                                      # all tied at 1: package order
    assert con.execute("SELECT count(*) FROM service_bottleneck WHERE kode = ?", [B]).fetchall() == [(0,)]


def test_bottleneck_exclude_mode_leaves_out_incomplete_records(tmp_path):
    con, _ = build(tmp_path, unrecorded="exclude")
    # C3 left out: imunisasi, home visit and paud each block one target; package order puts the home visit first
    got = con.execute(
        "SELECT service, targets_blocked FROM service_bottleneck WHERE level = 'kelurahan' AND kode = ? "
        "ORDER BY rank", [A]).fetchall()
    assert got == [("kunjungan_rumah_ibu", 1), ("imunisasi_dasar", 1), ("paud", 1)]


def test_reimporting_a_register_does_not_double_count(tmp_path):
    con, reports = build(tmp_path, copies=2)
    assert [(r.rows_read, r.rows_accepted, r.rows_quarantined) for r in reports] == [(9, 9, 0), (9, 0, 9)]
    assert reports[1].by_reason == {"duplicate": 9}
    assert indicator(con, "hpk_complete_access") == (3, 7)
    assert indicator(con, "konvergensi") == (39, 44)
    dup = con.execute("SELECT source_row, column_name, value, hint FROM quarantine WHERE reason_code = 'duplicate' "
                      "ORDER BY source_row").fetchall()
    assert dup[0][:3] == (2, "ID Sasaran", None) and "baris 2" in dup[0][3]


def test_rebuild_is_idempotent_and_leaves_growth_indicators_alone(tmp_path):
    con, _ = build(tmp_path)
    con.execute("CREATE TABLE indicators_growth AS SELECT * FROM indicators WHERE false")
    con.execute("INSERT INTO indicators_growth VALUES ('kelurahan', ?, '2025-03', 'stunting', 3, 10, 0.3, 0.1, 0.6)",
                [A])
    build_service_indicators(con, Settings())
    before = con.execute("SELECT count(*) FROM indicators").fetchall()
    build_service_indicators(con, Settings())
    assert con.execute("SELECT count(*) FROM indicators").fetchall() == before
    assert indicator(con, "stunting") == (3, 10)
    assert indicator(con, "hpk_complete_access") == (3, 7)


BAD_ROWS = [
    row("ibu_hamil", "3271020000000001", A, services=all_ya(IBU)),                          # 2 ok
    row("balita", "3271020000000002", A, services=all_ya(IBU)),                             # 3 unknown type
    row("ibu_hamil", "3271020000000003", "99.71.09.9999", services=all_ya(IBU)),            # 4 unknown kelurahan
    row("ibu_hamil", "3271020000000004", A, services=all_ya(IBU, ttd_90="mungkin")),        # 5 bad value
    row("anak_0_23", "3271020000000005", A, age="30", services=all_ya(ANAK)),               # 6 age out of range
    row("anak_0_23", "3271020000000006", A, period="2025-13", age="3", services=all_ya(ANAK)),  # 7 bad period
    row("anak_0_23", "3271020000000007", A, period="Maret 2025", age="3"),                  # 8 bad period
    row("anak_0_23", "", A, age="3", services=all_ya(ANAK)),                                # 9 no id
    row("anak_0_23", "3271020000000009", A, birth="31/02/2024"),                            # 10 bad birth date
    row("anak_2_6", "3271020000000010", A, age="20", services={"paud": "ya"}),              # 11 age out of range
    row("Anak 0-23", "3271020000000011", A, age="5", services={"timbang_bulanan": "1", "jkn": "0", "paud": "x"}),
    row("anak_0_23", "3271020000000012", A, age="8", gizi="mungkin"),                       # 13 bad risk marker
    row("ibu_hamil", "3271020000000013", A, period="2025/4", services={"anc_4x": "YA"}),    # 14 ok, 2025-04
]


def test_bad_rows_go_to_quarantine_and_no_valid_row_is_lost(tmp_path):
    con, (report,) = build(tmp_path, rows=BAD_ROWS)
    got = con.execute(
        "SELECT source_row, column_name, value, reason_code FROM quarantine WHERE kind = 'service' ORDER BY source_row"
    ).fetchall()
    assert got == [
        (3, "Jenis Sasaran", "balita", "unknown_target_type"),
        (4, "Kode Desa/Kel", "99.71.09.9999", "unknown_kelurahan"),
        (5, "ttd_90", "mungkin", "invalid_service_value"),
        (6, "Usia (bulan)", "30", "age_out_of_range"),
        (7, "Periode", "2025-13", "invalid_period"),
        (8, "Periode", "Maret 2025", "invalid_period"),
        (9, "ID Sasaran", None, "missing_value"),
        (10, "Tgl Lahir", "31/02/2024", "unparseable_date"),
        (11, "Usia (bulan)", "20", "age_out_of_range"),
        (13, "Gizi Buruk/Kurang/Stunting", "mungkin", "invalid_service_value"),
    ]
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (13, 3, 10)
    assert report.rows_read == report.rows_accepted + report.rows_quarantined
    assert report.by_reason["invalid_period"] == 2 and report.by_reason["age_out_of_range"] == 2
    reasons = con.execute("SELECT DISTINCT reason FROM quarantine WHERE reason_code = 'invalid_period'").fetchall()
    assert reasons == [("Periode bukan YYYY-MM",)]
    kept = con.execute("SELECT target_type, period, source_row FROM service_targets ORDER BY source_row").fetchall()
    # row 12: 'Anak 0-23' normalises to anak_0_23; 'x' in paud is outside its package and ignored
    assert kept == [("ibu_hamil", "2025-03", 2), ("anak_0_23", "2025-03", 12), ("ibu_hamil", "2025-04", 14)]
    status = dict(con.execute(
        "SELECT service, status FROM service_status WHERE target_type = 'anak_0_23'").fetchall())
    assert status["timbang_bulanan"] == "received" and status["jkn"] == "not_received"
    assert status["akta_lahir"] == "unrecorded"


def test_target_ids_never_stored_in_clear(tmp_path):
    con, _ = build(tmp_path, rows=SCENARIO + BAD_ROWS)
    niks = {r["ID Sasaran"] for r in SCENARIO + BAD_ROWS if r["ID Sasaran"]}
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        text = " ".join(str(v) for r in con.execute(f'SELECT * FROM "{table}"').fetchall() for v in r)
        assert not any(n in text for n in niks), table


def test_custom_packages_file(tmp_path):
    packages = tmp_path / "paket.toml"
    packages.write_text(
        '[target_types.anak_2_6]\nlabel = "Anak 2-6"\nage_from = 24\nage_to = 83\n'
        '[[services]]\ncode = "paud"\nlabel = "PAUD"\ntargets = ["anak_2_6"]\nfrom_months = 37\n'
    )
    path = write_csv(tmp_path / "r.csv", [r for r in SCENARIO if r["Jenis Sasaran"] == "anak_2_6"])
    con = new_con()
    settings = Settings(packages_path=packages)
    load_registers(con, [path], hash_key=KEY, settings=settings)
    build_service_indicators(con, settings)
    assert indicator(con, "svc_paud") == (0, 1)            # P1 (36 m) not yet due; P2 (38 m) tidak
    assert indicator(con, "hpk_complete_access") == (0, 1)  # P1 has no applicable service: counted nowhere


@pytest.mark.parametrize("bad", ['code = "DROP TABLE x"', 'code = "target_id"', 'code = "Paud"'])
def test_packages_file_codes_are_validated(tmp_path, bad):
    packages = tmp_path / "paket.toml"
    packages.write_text(f'[target_types.anak_2_6]\nlabel = "x"\n[[services]]\n{bad}\nlabel = "x"\ntargets = ["anak_2_6"]\n')
    with pytest.raises(ValueError):
        load_packages(packages)


def test_default_packages_are_the_scorecard():
    packages = load_packages()
    assert sorted(s.code for s in packages.services_for("ibu_hamil")) == sorted(IBU)        # 8
    assert sorted(s.code for s in packages.services_for("anak_0_23")) == sorted(ANAK)       # 10
    conditional = {s.code: (s.from_months, s.risk) for s in packages.services if s.from_months or s.risk}
    assert conditional == {"kunjungan_rumah_ibu": (None, "kek_risti"), "imunisasi_dasar": (12, None),
                           "kunjungan_rumah_anak": (None, "gizi")}
    assert [s.code for s in packages.services_for("anak_2_6")] == ["paud"]


def test_template_round_trips_xlsx(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "register_1000hpk.xlsx"
    write_template(path)
    wb = load_workbook(path)
    sheet, help_sheet = wb["Register"], wb["Petunjuk"]
    headers = [c.value for c in sheet[1]]
    assert headers == HEADERS
    assert headers[:5] == ["Jenis Sasaran", "ID Sasaran", "Kode Desa/Kel", "Posyandu", "Periode"]
    explained = [r[0] for r in help_sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    assert set(HEADERS) <= set(explained)
    assert any("ya / tidak / kosong" in str(r[1]) for r in help_sheet.iter_rows(values_only=True))
    for values in (SCENARIO[0], SCENARIO[7]):
        sheet.append([values.get(h) for h in headers])
    wb.save(path)
    con = new_con()
    (report,) = load_registers(con, [path], hash_key=KEY, settings=Settings())
    assert (report.rows_read, report.rows_accepted) == (2, 2)
    build_service_indicators(con, Settings())
    assert indicator(con, "hpk_complete_access") == (1, 1)
    assert indicator(con, "konvergensi", B) == (9, 9)


def test_template_csv(tmp_path):
    path = tmp_path / "register.csv"
    write_template(path)
    assert path.read_text(encoding="utf-8-sig").strip().split(",") == HEADERS
    with open(path, "a", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, HEADERS)
        writer.writerows([SCENARIO[5], SCENARIO[6]])
    con = new_con()
    (report,) = load_registers(con, [path], hash_key=KEY, settings=Settings())
    assert report.rows_accepted == 2
    with pytest.raises(ValueError):
        write_template(tmp_path / "register.txt")


def test_register_without_a_required_column_is_refused(tmp_path):
    from pipelines.inputs.tabular import FileError

    path = write_csv(tmp_path / "no_period.csv", [SCENARIO[0]], [h for h in HEADERS if h != "Periode"])
    with pytest.raises(FileError, match="Periode"):
        load_registers(new_con(), [path], hash_key=KEY, settings=Settings())


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory):
    """The demo city's registers imported on their own (boundary codes from its GeoJSON, no full build)."""
    import json

    demo = pytest.importorskip("pipelines.demo.city")
    files = demo.demo_files(ROOT / "data" / "demo")  # `make demo` output, if any
    if not (files.complete() and files.services):
        files = demo.generate_demo(tmp_path_factory.mktemp("svc_demo"))
    features = json.loads(Path(files.boundaries).read_text(encoding="utf-8"))["features"]
    con = duckdb.connect()
    con.execute("CREATE TABLE kelurahan AS SELECT unnest($codes) AS kode",
                {"codes": [f["properties"]["kode"] for f in features]})
    reports = load_registers(con, list(files.services), hash_key=KEY, settings=Settings())
    build_service_indicators(con, Settings())
    yield con, reports, files
    con.close()


def test_demo_registers_quarantine_exactly_the_planted_bad_rows(demo_services):
    import pandas as pd

    con, reports, files = demo_services
    truth = pd.read_csv(files.truth_dirty).query("kind == 'service'")
    planted = {(f, int(r), c) for f, r, c in truth[["file", "row", "reason_code"]].itertuples(index=False)}
    got = set(con.execute("SELECT source_file, source_row, reason_code FROM quarantine").fetchall())
    assert got == planted
    assert all(r.rows_read == r.rows_accepted + r.rows_quarantined for r in reports)


def test_demo_complete_access_is_lower_where_stunting_is_higher(demo_services):
    import pandas as pd

    con, _, files = demo_services
    truth = pd.read_csv(files.truth_prevalence)
    got = con.execute("SELECT kode, period, indicator, value FROM indicators WHERE level = 'kelurahan' "
                      "AND indicator IN ('hpk_complete_access', 'konvergensi')").df()
    for name in ("hpk_complete_access", "konvergensi"):
        merged = got[got.indicator == name].merge(truth, on=["kode", "period"])
        assert len(merged) >= 100
        assert merged["value"].corr(merged["stunting_expected"], method="spearman") < -0.6, name


def test_rollups_follow_the_kelurahan_table_when_it_names_kecamatan(tmp_path):
    path = write_csv(tmp_path / "register.csv", SCENARIO)
    con = duckdb.connect()
    con.execute("CREATE TABLE kelurahan (kode VARCHAR, kecamatan_kode VARCHAR, kabupaten_kode VARCHAR)")
    con.execute("INSERT INTO kelurahan VALUES (?, 'KEC-1', 'KAB'), (?, 'KEC-2', 'KAB'), (?, 'KEC-2', 'KAB')", [A, B, C])
    load_registers(con, [path], hash_key=KEY, settings=Settings())
    build_service_indicators(con, Settings())
    assert indicator(con, "hpk_complete_access", "KEC-1", "kecamatan") == (3, 7)
    assert indicator(con, "hpk_complete_access", "KEC-2", "kecamatan") == (1, 2)
    assert indicator(con, "hpk_complete_access", "KAB", "kabupaten") == (4, 9)
    assert indicator(con, "hpk_complete_access", "99.71.01", "kecamatan") is None


def test_target_id_hash_matches_the_measurement_child_id(tmp_path):
    rows = [row("anak_0_23", "'3271 0100 0000 0003", A, age="6", services={"timbang_bulanan": "ya"})]
    con, _ = build(tmp_path, rows=rows)
    # same normalisation as the e-PPGBM reader (spaces and the Excel apostrophe dropped), same keyed hash
    assert con.execute("SELECT target_id FROM service_targets").fetchall() == [(hash_id("3271010000000003", KEY),)]
