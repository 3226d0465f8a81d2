"""Words about inputs and builds: the build lock, encodings, refused files, repairs (issue 16 and 22)."""
LABELS: dict[str, tuple[str, str]] = {
    # the build lock (pipelines/buildlock.py)
    "lock_holder": ("{by} (pengguna {user}, proses {pid})", "{by} (user {user}, process {pid})"),
    "lock_busy": (
        "Basis data {path} sedang dibangun sejak {since} oleh {who}; tunggu sampai selesai, lalu coba lagi "
        "(di terminal: tambahkan --wait untuk menunggu otomatis).",
        "Database {path} is being built since {since} by {who}; wait until it is done and try again "
        "(in a terminal: add --wait to wait automatically).",
    ),
    "lock_busy_unknown": (
        "Basis data {path} sedang dibangun oleh proses lain; tunggu sampai selesai, lalu coba lagi "
        "(di terminal: tambahkan --wait untuk menunggu otomatis).",
        "Database {path} is being built by another process; wait until it is done and try again "
        "(in a terminal: add --wait to wait automatically).",
    ),
    "lock_waiting": (
        "Menunggu: basis data {path} sedang dibangun sejak {since} oleh {who} ...",
        "Waiting: database {path} is being built since {since} by {who} ...",
    ),
    "lock_stale": (
        "Pembangunan sebelumnya ({who}, mulai {since}) terhenti tanpa selesai; basis data lama tetap dipakai.",
        "An earlier build ({who}, started {since}) stopped before finishing; the old database kept serving.",
    ),
    "lock_removed": (
        "Berkas sisa pembangunan yang terhenti dihapus: {files}",
        "Files left by an interrupted build removed: {files}",
    ),
    "build_by_cli": ("peta-stunting build", "peta-stunting build"),
    "build_by_browser": ("halaman Impor Data", "the Impor Data page"),
    # quarantine reasons added by issues 16 and 22 (pipelines/inputs/reasons.py reads them), and the
    # reasons that read differently per input kind (`reason_<code>_<kind>`)
    "reason_column_count": (
        "Jumlah sel baris tidak sama dengan baris judul (isian bergeser; tidak ada isian yang disimpan)",
        "The row's cell count differs from the header (cells shifted; no cell kept)",
    ),
    "reason_birth_after_period": ("Tanggal lahir sesudah akhir bulan periode", "Birth date after the end of the period month"),
    "reason_duplicate_measurement": ("Baris ganda (anak, tanggal dan posyandu sama)",
                                     "Duplicate row (same child, date and posyandu)"),
    "reason_duplicate_service": ("Baris ganda (sasaran, periode dan ID sama)", "Duplicate row (same target, period and ID)"),
    "reason_duplicate_posyandu": ("Posyandu ganda (kode posyandu sama)", "Duplicate posyandu (same posyandu code)"),
    "reason_duplicate_sasaran": ("Baris ganda (kelurahan dan tahun sama)", "Duplicate row (same kelurahan and year)"),
    "hint_column_count": (
        "Baris ini berisi lebih banyak sel daripada baris judul (ada pemisah ; atau , di dalam isian, misalnya di "
        "nama); perbaiki baris ini di Excel lalu simpan ulang",
        "This row has more cells than the header (a ; or , inside a cell, e.g. in a name); fix the row in Excel "
        "and save again",
    ),
    # the register template's Petunjuk sheet: how an age comes from Tgl Lahir (service_staging.sql)
    "template_age_rule": (
        "Bila Usia (bulan) kosong, umur dihitung dari Tgl Lahir dalam bulan penuh yang sudah dijalani pada hari "
        "terakhir bulan Periode. Satu bulan genap pada tanggal yang sama di bulan berikutnya, atau pada hari "
        "terakhir bulan itu bila bulannya lebih pendek. Anak yang lahir sesudah akhir bulan Periode belum menjadi "
        "sasaran: barisnya dikarantina (birth_after_period).",
        "When Usia (bulan) is empty, the age is the whole months completed from Tgl Lahir to the last day of the "
        "Periode month. A month is complete on the same day of a later month, or on that month's last day when "
        "the month is shorter. A child born after the end of the Periode month is no target yet: the row is "
        "quarantined (birth_after_period).",
    ),
    "template_age_example_plain": ("Contoh: lahir 15/01/2025, Periode 2025-03: 2 bulan (genap 2 bulan pada 15/03/2025).",
                                   "Example: born 15/01/2025, Periode 2025-03: 2 months (complete on 15/03/2025)."),
    "template_age_example_month_end": (
        "Contoh akhir bulan: lahir 31/01/2024, Periode 2024-02: 1 bulan (Februari lebih pendek; genap pada 29/02/2024). "
        "Lahir 31/03/2025, Periode 2025-04: 1 bulan (genap pada 30/04/2025).",
        "Month's end: born 31/01/2024, Periode 2024-02: 1 month (February is shorter; complete on 29/02/2024). "
        "Born 31/03/2025, Periode 2025-04: 1 month (complete on 30/04/2025).",
    ),
    "template_age_example_leap": (
        "Contoh 29 Februari: lahir 29/02/2024, Periode 2025-02: 12 bulan (genap pada 28/02/2025); Periode 2024-03: "
        "1 bulan (genap pada 29/03/2024).",
        "29 February: born 29/02/2024, Periode 2025-02: 12 months (complete on 28/02/2025); Periode 2024-03: 1 month "
        "(complete on 29/03/2024).",
    ),
    "template_age_example_unborn": (
        "Contoh: lahir 01/09/2025, Periode 2025-08: belum lahir pada periode itu, baris dikarantina. Lahir 31/08/2025, "
        "Periode 2025-08: 0 bulan, diterima.",
        "Example: born 01/09/2025, Periode 2025-08: not yet born in that period, the row is quarantined. Born "
        "31/08/2025, Periode 2025-08: 0 months, accepted.",
    ),
    # a database the dashboard cannot serve (dashboard/data.py check_database): one sentence, path and what to do
    "db_empty": (
        "Basis data {path} kosong (0 byte); bangun ulang dengan peta-stunting build --db {path} atau lewat halaman "
        "Impor Data.",
        "Database {path} is empty (0 bytes); rebuild it with peta-stunting build --db {path} or on the Impor Data page.",
    ),
    "db_corrupt": (
        "Berkas {path} bukan basis data peta-stunting yang utuh (rusak atau berkas lain); bangun ulang dengan "
        "peta-stunting build --db {path} atau pulihkan salinan cadangannya.",
        "File {path} is not an intact peta-stunting database (damaged or another file); rebuild it with "
        "peta-stunting build --db {path} or restore its backup.",
    ),
    "db_truncated": (
        "Basis data {path} terpotong ({size} dari {expected} byte, misalnya disk penuh saat menyalin); salin ulang "
        "berkas yang utuh atau bangun ulang dengan peta-stunting build --db {path}.",
        "Database {path} is truncated ({size} of {expected} bytes, e.g. a full disk while copying); copy the whole "
        "file again or rebuild it with peta-stunting build --db {path}.",
    ),
    "db_outdated": (
        "Basis data {path} dibangun oleh versi peta-stunting sebelumnya, jadi beberapa angka (mis. jumlah anak per "
        "posyandu) belum ada; bangun ulang dengan peta-stunting build --db {path} atau lewat halaman Impor Data.",
        "Database {path} was built by an earlier version of peta-stunting, so some figures (e.g. children per "
        "posyandu) are missing; rebuild it with peta-stunting build --db {path} or on the Impor Data page.",
    ),
    "db_permission": (
        "Basis data {path} tidak boleh dibaca oleh pengguna yang menjalankan dasbor (izin ditolak); beri izin baca "
        "(chmod o+r) atau jalankan dasbor sebagai pemilik berkas.",
        "Database {path} may not be read by the user running the dashboard (permission denied); grant read access "
        "(chmod o+r) or run the dashboard as the file's owner.",
    ),
    "db_unreadable": (
        "Basis data {path} tidak dapat dibuka ({error}); periksa berkasnya atau bangun ulang dengan peta-stunting "
        "build --db {path}.",
        "Database {path} cannot be opened ({error}); check the file or rebuild it with peta-stunting build --db {path}.",
    ),
    "db_not_ours": (
        "Berkas {path} bukan basis data peta-stunting (tabel kelurahan atau meta tidak ada); pilih berkas lain dengan "
        "--db atau bangun dengan peta-stunting build.",
        "File {path} is not a peta-stunting database (no kelurahan or meta table); choose another file with --db or "
        "build one with peta-stunting build.",
    ),
    # which data a build has none of (dashboard/data.py missing_inputs)
    "missing_measurements": (
        "Belum ada data pengukuran (ekspor e-PPGBM): indikator gizi belum dapat dihitung; unggah di halaman Impor "
        "Data atau jalankan peta-stunting build --measurements.",
        "No measurement data yet (e-PPGBM exports): growth indicators cannot be computed; upload them on the Impor "
        "Data page or run peta-stunting build --measurements.",
    ),
    "missing_services": (
        "Belum ada register layanan 1000 HPK: akses layanan dan hambatannya belum dapat dihitung; tambahkan di "
        "halaman Impor Data (Register layanan 1000 HPK) atau dengan peta-stunting import --kind services.",
        "No 1000-HPK service registers yet: service access and its bottlenecks cannot be computed; add them on the "
        "Impor Data page (1000-HPK service registers) or with peta-stunting import --kind services.",
    ),
    # Kualitas Data: refused files and the boundary file's findings
    "refused_title": ("Berkas yang ditolak (berkas lain tetap diimpor)", "Files refused (the other files were imported)"),
    "col_file": ("Berkas", "File"),
    "col_message": ("Alasan dan yang perlu dilakukan", "Reason and what to do"),
    "boundary_findings_title": ("Batas wilayah: perbaikan, fitur dibuang dan fitur kembar",
                                "Boundaries: repairs, dropped and duplicate features"),
    "boundary_findings_none": ("Berkas batas wilayah dipakai apa adanya: tidak ada perbaikan atau fitur yang dibuang.",
                               "The boundary file was used as it is: nothing repaired or dropped."),
    "col_check": ("Pemeriksaan", "Check"),
    "col_detail": ("Rincian", "Detail"),
    # an unknown desa name: the closest names (pipelines/inputs/readers.py _suggest_places)
    "hint_closest_in_kecamatan": ("Nama terdekat di kecamatan {kecamatan}: {names}",
                                  "Closest names in kecamatan {kecamatan}: {names}"),
    "hint_closest": ("Nama terdekat: {names}", "Closest names: {names}"),
    # system faults (pipelines/faults.py): one sentence, the path, what to do
    "fault_disk_full": (
        "Disk penuh saat menulis {path}; kosongkan ruang di {folder} (pembangunan perlu kira-kira dua kali ukuran "
        "basis data) lalu ulangi; basis data lama tetap dipakai.",
        "The disk is full while writing {path}; free space in {folder} (a build needs about twice the database's "
        "size) and try again; the old database keeps serving.",
    ),
    "fault_read_only": (
        "Folder {folder} hanya-baca, {path} tidak dapat ditulis; pilih folder lain dengan --db atau pasang disknya "
        "dengan izin tulis.",
        "Folder {folder} is read-only, {path} cannot be written; choose another folder with --db or mount the disk "
        "writable.",
    ),
    "fault_permission": (
        "Tidak ada izin untuk {path}; jalankan sebagai pengguna pemilik folder {folder} (atau beri izin dengan chmod/"
        "chown), atau pilih folder lain dengan --db.",
        "No permission for {path}; run as the user who owns {folder} (or grant access with chmod/chown), or choose "
        "another folder with --db.",
    ),
    "fault_memory_limit": (
        "Batas memori {env}={value} tidak dikenali; tulis ukurannya seperti 2GB, 500MB atau 1.5GiB, atau hapus "
        "variabel itu untuk memakai batas bawaan.",
        "The memory limit {env}={value} is not understood; write a size such as 2GB, 500MB or 1.5GiB, or unset "
        "the variable to use the default limit.",
    ),
    "fault_unexpected": (
        "Kesalahan tak terduga ({error}); basis data lama tetap dipakai. Jalankan lagi dengan PETA_STUNTING_DEBUG=1 "
        "untuk rinciannya dan laporkan.",
        "Unexpected error ({error}); the old database keeps serving. Run again with PETA_STUNTING_DEBUG=1 for the "
        "details and report it.",
    ),
    # Impor Data: how to read the boundary file (the names geo.boundaries.OPTION_WAYS quotes in its messages)
    "import_boundary_options": ("Pilihan berkas batas wilayah (bila berkasnya tidak menyebutkan)",
                                "Boundary file options (when the file does not say)"),
    "import_boundary_crs": ("CRS batas wilayah", "CRS batas wilayah (boundary CRS)"),
    "import_boundary_code_col": ("Kolom kode batas", "Kolom kode batas (code column)"),
    "import_boundary_name_col": ("Kolom nama batas", "Kolom nama batas (name column)"),
    "import_boundary_layer": ("Lapisan batas", "Lapisan batas (layer)"),
    "import_boundary_help": (
        "Isi hanya bila berkasnya tidak menyebutkan atau pemeriksaan memintanya; kosong = dikenali otomatis.",
        "Fill in only when the file does not say or the check asks for it; empty = detected automatically."),
    "import_boundary_crs_help": ("Untuk berkas tanpa sistem koordinat (shapefile tanpa .prj), mis. EPSG:4326 atau "
                                 "EPSG:32748 (UTM 48S).",
                                 "For a file without a coordinate system (shapefile without .prj), e.g. EPSG:4326 or "
                                 "EPSG:32748 (UTM 48S)."),
    "import_boundary_code_col_help": ("Nama kolom berisi kode Kemendagri desa/kelurahan, mis. KODE_DESA.",
                                      "Name of the column holding the Kemendagri village code, e.g. KODE_DESA."),
    "import_boundary_name_col_help": ("Nama kolom berisi nama desa/kelurahan, mis. NAMOBJ.",
                                      "Name of the column holding the village name, e.g. NAMOBJ."),
    "import_boundary_layer_help": ("Lapisan GeoPackage atau nama berkas di dalam zip (tanpa .shp).",
                                   "GeoPackage layer or file name inside the zip (without .shp)."),
    "import_boundary_asked": ("Isi kolom di bawah yang diminta pesan di atas, lalu tekan lagi \"{check}\".",
                              "Fill in the field below that the message above asks for, then press \"{check}\" again."),
    "store_pending_expired": (
        "Pratinjau ini sudah kedaluwarsa (dibiarkan lebih dari sehari dan dihapus); periksa ulang berkasnya.",
        "This preview has expired (left for more than a day and deleted); check the files again."),
    # the boundary file's checks (geo.boundaries.Check names) as Kualitas Data shows them
    "boundary_check_crs_ignored": ("CRS yang disebutkan diabaikan", "Stated CRS ignored"),
    "boundary_check_outside_indonesia": ("Di luar Indonesia", "Outside Indonesia"),
    "boundary_check_empty_geometries": ("Geometri kosong dibuang", "Empty geometries dropped"),
    "boundary_check_invalid_repaired": ("Poligon tidak sah diperbaiki", "Invalid polygons repaired"),
    "boundary_check_no_polygon": ("Fitur tanpa poligon dibuang", "Features without a polygon dropped"),
    "boundary_check_invalid_codes": ("Kode tidak sah, fitur dibuang", "Invalid codes, features dropped"),
    "boundary_check_duplicate_codes": ("Fitur kembar dipakai sekali", "Identical duplicates kept once"),
    "boundary_check_missing_names": ("Tanpa nama (kode dipakai)", "No name (code shown)"),
    "boundary_check_inconsistent_kecamatan_names": ("Nama kecamatan tidak seragam", "Kecamatan names differ"),
    "boundary_check_inconsistent_kabupaten_names": ("Nama kabupaten tidak seragam", "Kabupaten names differ"),
    "boundary_check_kecamatan_code_mismatch": ("Kode kecamatan berbeda dari awalan kode",
                                               "Kecamatan code differs from the code prefix"),
}
