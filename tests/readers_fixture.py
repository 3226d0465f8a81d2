"""Small, real-shaped inputs for the reader tests: a tiny kelurahan table and e-PPGBM export writers.

Kelurahan (Kota Contoh, province 99): 'Sukamaju' exists in two kecamatan (Ratu Agung and Gading Cempaka),
so a name match must use `Kec`.
"""
from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import duckdb

HASH_KEY = "0" * 63 + "1"

KELURAHAN = [
    # kode, nama, kecamatan_kode, kecamatan_nama
    ("99.71.01.1001", "Sukamaju", "99.71.01", "Ratu Agung"),
    ("99.71.01.1002", "Kebun Jeruk", "99.71.01", "Ratu Agung"),
    ("99.71.01.2003", "Pasar Baru", "99.71.01", "Ratu Agung"),
    ("99.71.02.1001", "Sukamaju", "99.71.02", "Gading Cempaka"),
    ("99.71.02.1002", "Lingkar Timur", "99.71.02", "Gading Cempaka"),
]
POSYANDU = [
    # posyandu_id, nama, kode, lon, lat, puskesmas
    ("P001", "Mawar", "99.71.01.1001", 102.26, -3.79, "PKM Ratu Agung"),
    ("P002", "Melati", "99.71.02.1001", 102.30, -3.80, "PKM Gading"),
    ("P003", "Anggrek", "99.71.01.1002", None, None, "PKM Ratu Agung"),
]

HEADERS = [
    "NIK", "Nama", "JK", "Tgl Lahir", "BB Lahir", "TB Lahir", "Nama Ortu", "Prov", "Kab/Kota", "Kec", "Pukesmas",
    "Desa/Kel", "Posyandu", "RT", "RW", "Alamat", "Usia Saat Ukur", "Tanggal Pengukuran", "Bulan Pengukuran",
    "Status Bulan", "status tahun", "Berat", "Tinggi", "Cara Ukur", "LiLA", "BB/U", "ZS BB/U", "TB/U", "ZS TB/U",
    "BB/TB", "ZS BB/TB", "Naik Berat Badan", "PMT Diterima (kg)", "Jml Vit A", "KPSP", "KIA", "Detail Status",
    "status desa",
]


def make_db(with_posyandu: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory database with `kelurahan` (and `posyandu` when asked)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE kelurahan (kode VARCHAR, nama VARCHAR, jenis VARCHAR, kecamatan_kode VARCHAR, "
                "kecamatan_nama VARCHAR, kabupaten_kode VARCHAR, kabupaten_nama VARCHAR)")
    con.executemany("INSERT INTO kelurahan VALUES (?, ?, 'kelurahan', ?, ?, '99.71', 'Kota Contoh')", KELURAHAN)
    if with_posyandu:
        con.execute("CREATE TABLE posyandu (posyandu_id VARCHAR, nama VARCHAR, kode VARCHAR, lon DOUBLE, lat DOUBLE, "
                    "puskesmas VARCHAR)")
        con.executemany("INSERT INTO posyandu VALUES (?, ?, ?, ?, ?, ?)", POSYANDU)
    return con


def row(i: int = 1, **over) -> dict:
    """One valid e-PPGBM row (child number i), with fields overridden by header name (spaces as '_')."""
    r = {h: "" for h in HEADERS}
    r.update({
        "NIK": f"3271{i:012d}", "Nama": f"Anak Nomor{i} Budiman", "JK": "L" if i % 2 else "P",
        "Tgl Lahir": "05/03/2022", "BB Lahir": "3,1", "TB Lahir": "49", "Nama Ortu": f"Ibu Rahasia{i}",
        "Prov": "CONTOH", "Kab/Kota": "KOTA CONTOH", "Kec": "RATU AGUNG", "Pukesmas": "PKM RATU AGUNG",
        "Desa/Kel": "SUKAMAJU", "Posyandu": "MAWAR", "RT": "001", "RW": "002", "Alamat": f"Jl. Kenanga No {i}",
        "Usia Saat Ukur": "2 Tahun - 0 Bulan - 5 Hari", "Tanggal Pengukuran": "10/03/2024",
        "Bulan Pengukuran": "Maret", "Berat": "12,5", "Tinggi": "86,1", "Cara Ukur": "Berdiri",
        "ZS BB/U": "-0,52", "ZS TB/U": "-0,40", "ZS BB/TB": "-0,41", "status desa": "Lokus",
    })
    for k, v in over.items():
        r[k.replace("_", " ") if k.replace("_", " ") in r else k] = v
    return r


def write_csv(path: Path, rows: list[dict], delimiter: str = ";", bom: bool = True, decimal: str = ",",
              headers: list[str] | None = None, encoding: str = "utf-8") -> Path:
    """Write rows as an e-PPGBM CSV; decimal='.' turns decimal commas into points."""
    headers = headers or HEADERS
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding=("utf-8-sig" if bom and encoding == "utf-8" else encoding)) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(headers)
        for r in rows:
            vals = [str(r.get(h, "")) for h in headers]
            if decimal == ".":
                vals = [v.replace(",", ".") if h in ("Berat", "Tinggi", "BB Lahir", "ZS BB/U", "ZS TB/U", "ZS BB/TB")
                        else v for h, v in zip(headers, vals)]
            w.writerow(vals)
    return path


def write_xlsx(path: Path, rows: list[dict], title_rows: list[list] = (), typed: bool = True,
               headers: list[str] | None = None, trailing_blank: int = 0) -> Path:
    """Write rows as an e-PPGBM XLSX; with `typed`, dates become real date cells and numbers floats."""
    from openpyxl import Workbook

    headers = headers or HEADERS
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for t in title_rows:
        ws.append(list(t))
    ws.append(headers)
    for r in rows:
        vals = []
        for h in headers:
            v = r.get(h, "")
            if typed and isinstance(v, str) and h in ("Tgl Lahir", "Tanggal Pengukuran"):
                try:
                    v = datetime.strptime(v, "%d/%m/%Y")
                except ValueError:
                    pass
            elif typed and isinstance(v, str) and h in ("Berat", "Tinggi"):
                try:
                    f = float(v.replace(",", "."))
                    v = f if f == f and abs(f) != float("inf") else v  # openpyxl drops inf/nan: keep the text
                except ValueError:
                    pass
            vals.append(None if v == "" else v)
        ws.append(vals)
    for _ in range(trailing_blank):
        ws.append([None] * len(headers))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def excel_serial(d: date) -> int:
    """Excel's serial day number of a date (days since 1899-12-30)."""
    return (d - date(1899, 12, 30)).days


def all_text(con) -> str:
    """Every VARCHAR cell of every table and view (temp included) concatenated, for privacy scans."""
    parts = []
    for schema, table in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() UNION ALL "
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal").fetchall():
        cols = [c for c, t in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = $s AND table_name = $t",
            {"s": schema, "t": table}).fetchall()]
        for c in cols:
            q = f'SELECT string_agg("{c}"::VARCHAR, chr(10)) FROM "{schema}"."{table}"'
            v = con.execute(q).fetchone()[0]
            if v:
                parts.append(v)
    return "\n".join(parts)
