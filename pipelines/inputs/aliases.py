"""Accepted column headers per input format: canonical name -> headers that mean it.

Headers are matched case-, space- and underscore-insensitively (`pipelines.inputs.tabular.normalise_header`):
`Tgl Lahir`, `TGL LAHIR`, `tgl_lahir` are one header. The canonical name itself is always accepted,
so a file written with the project's own column names (`birth_date`, `weight_kg`...) reads too.
Columns not listed here are ignored and never copied into the database.

The e-PPGBM export writes `Pukesmas` (sic); both spellings are accepted.
"""
from __future__ import annotations

# e-PPGBM export (one row per child per measurement). Identifying columns (nik, nama) are read only to
# build the keyed child hash and are never stored; Nama Ortu, Alamat, RT, RW are not read at all.
MEASUREMENT_ALIASES: dict[str, list[str]] = {
    "nik": ["NIK", "NIK Anak", "No NIK", "Nomor NIK", "child_nik"],
    "nama": ["Nama", "Nama Anak", "Nama Balita", "child_name"],
    "sex": ["JK", "Jenis Kelamin", "L/P", "Kelamin", "gender"],
    "birth_date": ["Tgl Lahir", "Tanggal Lahir", "Tgl. Lahir", "dob", "tgl_lahir"],
    "kecamatan": ["Kec", "Kecamatan", "Kec.", "kecamatan_nama"],
    "puskesmas": ["Pukesmas", "Puskesmas"],
    "desa": ["Desa/Kel", "Desa/Kelurahan", "Kelurahan/Desa", "Kel/Desa", "Desa", "Kelurahan", "Kode Desa/Kel",
             "kode", "kode_desa", "kelurahan_kode"],
    "posyandu": ["Posyandu", "Nama Posyandu", "posyandu_id", "Kode Posyandu"],
    "age_text": ["Usia Saat Ukur", "Umur Saat Ukur", "Usia"],
    "measure_date": ["Tanggal Pengukuran", "Tgl Pengukuran", "Tgl Ukur", "Tanggal Ukur", "Tanggal Penimbangan"],
    "weight_kg": ["Berat", "BB", "Berat Badan", "BB (kg)", "Berat (kg)"],
    "height_cm": ["Tinggi", "TB", "Tinggi Badan", "TB (cm)", "Tinggi (cm)", "Panjang/Tinggi Badan", "PB/TB"],
    "measured": ["Cara Ukur", "Posisi Ukur", "Cara Pengukuran"],
    "export_waz": ["ZS BB/U", "ZS BBU", "Z-Score BB/U"],
    "export_haz": ["ZS TB/U", "ZS TBU", "ZS PB/U", "Z-Score TB/U"],
    "export_whz": ["ZS BB/TB", "ZS BBTB", "ZS BB/PB", "Z-Score BB/TB"],
}
MEASUREMENT_REQUIRED = ("sex", "birth_date", "measure_date", "desa")
# The header each canonical column is known by in the export, for messages shown to users.
MEASUREMENT_LABELS: dict[str, str] = {k: v[0] for k, v in MEASUREMENT_ALIASES.items()}

# Posyandu register.
POSYANDU_ALIASES: dict[str, list[str]] = {
    "posyandu_id": ["Kode Posyandu", "ID Posyandu", "No Posyandu"],
    "nama": ["Nama Posyandu", "Posyandu", "Nama"],
    "kode": ["Kode Desa/Kel", "Kode Desa", "Kode Kelurahan", "Kode Kel", "kode_desa"],
    "desa": ["Desa/Kel", "Desa", "Kelurahan", "Desa/Kelurahan"],
    "kecamatan": ["Kecamatan", "Kec"],
    "puskesmas": ["Puskesmas", "Pukesmas"],
    "lon": ["Longitude", "Bujur", "Lon", "Long", "X", "lng"],
    "lat": ["Latitude", "Lintang", "Lat", "Y"],
}
POSYANDU_REQUIRED = ("nama",)
POSYANDU_LABELS: dict[str, str] = {k: v[0] for k, v in POSYANDU_ALIASES.items()}

# Sasaran: target children 0-59 months per kelurahan and year.
SASARAN_ALIASES: dict[str, list[str]] = {
    "kode": ["Kode Desa/Kel", "Kode Desa", "Kode Kelurahan", "kode_desa"],
    "desa": ["Desa/Kel", "Desa", "Kelurahan"],
    "kecamatan": ["Kecamatan", "Kec"],
    "year": ["Tahun", "Thn"],
    "target_children": ["Sasaran Balita", "Sasaran", "Jumlah Sasaran", "Jumlah Balita", "Sasaran 0-59 Bulan"],
    # optional age bands (Dua Angka, docs/dua-angka.md): used as given instead of the uniform-by-month split
    "target_0_5": ["Sasaran 0-5 Bulan", "Sasaran 0-5 bln"],
    "target_6_11": ["Sasaran 6-11 Bulan", "Sasaran 6-11 bln"],
    "target_12_23": ["Sasaran 12-23 Bulan", "Sasaran 12-23 bln"],
    "target_24_59": ["Sasaran 24-59 Bulan", "Sasaran 24-59 bln"],
}
SASARAN_REQUIRED = ("year", "target_children")
SASARAN_LABELS: dict[str, str] = {k: v[0] for k, v in SASARAN_ALIASES.items()}
