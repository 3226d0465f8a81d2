"""Property: random and mutated e-PPGBM rows and files never crash the import, and for every file
rows read = rows accepted + rows quarantined (and the tables agree with the reports)."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.inputs.readers import load_measurements
from pipelines.inputs.tabular import FileError
from readers_fixture import HASH_KEY, HEADERS, make_db, row, write_xlsx

# Values a field might hold in a real or hostile export.
NASTY = st.sampled_from([
    "", " ", "0", "8888", "9999", "-1", "NaN", "inf", "1e400", "12,5", "12.5", "1.234,5", "86,1", "861", "0,86",
    "31/02/2022", "05/03/2022", "2022-03-05", "44625", "44625.0", "10/03/2024", "2024-03-10T08:00", "03/25/2024",
    "L", "P", "X", "Laki-laki", "Terlentang", "Berdiri", "Sukamaju", "Kel. Sukamaju", "99.71.01.1001", "9971011001",
    "Ratu Agung", "Gading Cempaka", "Mawar", "Melati", "=1+1", "<img src=x onerror=alert(1)>", "'3271000000000001",
    "2 Tahun - 3 Bulan", "\"", ";", ",", "a\nb", "NULL", "é", "\u200b", "9" * 40,
])
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12)
KEYS = ["NIK", "Nama", "JK", "Tgl Lahir", "Kec", "Desa/Kel", "Posyandu", "Usia Saat Ukur", "Tanggal Pengukuran",
        "Berat", "Tinggi", "Cara Ukur", "ZS TB/U"]


@st.composite
def mutated_rows(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    rows = []
    for i in range(n):
        base = row(draw(st.integers(min_value=1, max_value=6)))  # repeats make duplicates
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=4)):
            base[key] = draw(st.one_of(NASTY, ANY_TEXT))
        rows.append(base)
    return rows


def _csv_bytes(rows, delimiter, bom):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(HEADERS)
    for r in rows:
        w.writerow([r[h] for h in HEADERS])
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def _check(con, reports, files):
    assert len(reports) == len(files)
    for r in reports:
        assert r.rows_read == r.rows_accepted + r.rows_quarantined
        assert sum(r.by_reason.values()) == r.rows_quarantined
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == sum(r.rows_accepted for r in reports)
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == sum(r.rows_quarantined for r in reports)
    # every accepted row satisfies the contract's bounds
    bad = con.execute("""SELECT count(*) FROM measurements WHERE sex NOT IN (1, 2) OR birth_date > measure_date
                         OR measure_date - birth_date > 1826 OR NOT coalesce(height_cm BETWEEN 38 AND 130, true)
                         OR NOT coalesce(weight_kg BETWEEN 0.5 AND 40, true) OR kode IS NULL OR child_id IS NULL""").fetchone()[0]
    assert bad == 0


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(mutated_rows(), min_size=1, max_size=3), delimiter=st.sampled_from([";", ","]),
       bom=st.booleans(), posyandu=st.booleans())
def test_mutated_csv_rows(tmp_path_factory, files, delimiter, bom, posyandu):
    d = tmp_path_factory.mktemp("prop")
    paths = []
    for i, rows in enumerate(files):
        p = d / f"f{i}.csv"
        p.write_bytes(_csv_bytes(rows, delimiter, bom))
        paths.append(p)
    con = make_db(with_posyandu=posyandu)
    reports = load_measurements(con, paths, HASH_KEY)
    assert [r.rows_read for r in reports] == [len(rows) for rows in files]  # no row lost or invented
    _check(con, reports, paths)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=mutated_rows(), typed=st.booleans())
def test_mutated_xlsx_rows(tmp_path_factory, rows, typed):
    d = tmp_path_factory.mktemp("propx")
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # a worksheet cannot hold control characters

    safe = [{k: (ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v) for k, v in r.items()} for r in rows]
    p = write_xlsx(d / "f.xlsx", safe, typed=typed)
    con = make_db()
    _check(con, load_measurements(con, [p], HASH_KEY), [p])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), header=st.booleans())
def test_random_bytes_never_crash(tmp_path_factory, data, header):
    d = tmp_path_factory.mktemp("bytes")
    p = d / "acak.csv"
    p.write_bytes((";".join(HEADERS).encode() + b"\n" if header else b"") + data)
    con = make_db()
    try:
        reports = load_measurements(con, [p], HASH_KEY)
    except FileError as exc:
        assert "acak.csv" in str(exc)
        return
    _check(con, reports, [p])
