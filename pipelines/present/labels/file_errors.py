"""Why an input file is refused as a whole (tabular readers, `pipelines/inputs/`): each names the file and what to
do. Raised through `pipelines.present.messages.said`, shown through `message(exc, lang)`."""

LABELS: dict[str, tuple[str, str]] = {
    "ferr_not_found": ("Berkas {name} tidak ditemukan", "File {name} not found"),
    "ferr_empty": ("Berkas {name} kosong", "File {name} is empty"),
    "ferr_legacy_xls": (
        "Berkas {name}: format Excel lama (.xls) tidak didukung; buka di Excel dan simpan sebagai .xlsx",
        "File {name}: the old Excel format (.xls) is not supported; open it in Excel and save it as .xlsx",
    ),
    "ferr_unsupported": (
        "Berkas {name}: jenis berkas '{suffix}' tidak didukung; gunakan CSV, XLSX atau Parquet",
        "File {name}: file type '{suffix}' is not supported; use CSV, XLSX or Parquet",
    ),
    "ferr_missing_columns": (
        "Berkas {name}: kolom wajib {wanted} tidak ada di baris judul (baris {row}); kolom yang ada: {shown}",
        "File {name}: required column {wanted} is missing from the header (row {row}); columns found: {shown}",
    ),
    "ferr_binary": (
        "Berkas {name} bukan teks CSV; simpan ulang dari Excel sebagai 'CSV UTF-8'",
        "File {name} is not CSV text; save it again from Excel as 'CSV UTF-8'",
    ),
    "ferr_unreadable_text": (
        "Berkas {name} tidak dapat dibaca sebagai teks {encoding}; buka di Excel lalu simpan ulang sebagai 'CSV UTF-8'",
        "File {name} cannot be read as {encoding} text; open it in Excel and save it again as 'CSV UTF-8'",
    ),
    "ferr_unreadable_text_either": (
        "Berkas {name} tidak dapat dibaca sebagai teks {encoding} maupun UTF-8; buka di Excel lalu simpan ulang "
        "sebagai 'CSV UTF-8'",
        "File {name} cannot be read as {encoding} or UTF-8 text; open it in Excel and save it again as 'CSV UTF-8'",
    ),
    "ferr_unreadable_text_either_line": (
        "Berkas {name} (baris {line}) tidak dapat dibaca sebagai teks {encoding} maupun UTF-8; buka di Excel lalu "
        "simpan ulang sebagai 'CSV UTF-8'",
        "File {name} (line {line}) cannot be read as {encoding} or UTF-8 text; open it in Excel and save it again "
        "as 'CSV UTF-8'",
    ),
    "ferr_unreadable_line": (
        "Berkas {name}: baris {line} tidak dapat dibaca sebagai {encoding}; buka berkas di Excel lalu simpan ulang "
        "sebagai 'CSV UTF-8'",
        "File {name}: line {line} cannot be read as {encoding}; open the file in Excel and save it again as "
        "'CSV UTF-8'",
    ),
    "ferr_temp_copy": (
        "Berkas {name}: salinan UTF-8 sementara tidak dapat ditulis ({reason}); kosongkan ruang disk folder "
        "sementara lalu ulangi",
        "File {name}: the temporary UTF-8 copy cannot be written ({reason}); free disk space in the temporary "
        "folder and try again",
    ),
    "ferr_unreadable_csv": (
        "Berkas {name} tidak dapat dibaca sebagai CSV ({detail}); buka di Excel lalu simpan ulang sebagai 'CSV UTF-8'",
        "File {name} cannot be read as CSV ({detail}); open it in Excel and save it again as 'CSV UTF-8'",
    ),
    "ferr_not_xlsx": (
        "Berkas {name} tidak dapat dibaca sebagai XLSX (bukan XLSX); buka di Excel lalu simpan sebagai .xlsx",
        "File {name} cannot be read as XLSX (it is no XLSX); open it in Excel and save it as .xlsx",
    ),
    "ferr_not_xlsx_html": (
        "Berkas {name} tidak dapat dibaca sebagai XLSX (HTML); buka di Excel lalu simpan sebagai .xlsx",
        "File {name} cannot be read as XLSX (it is HTML); open it in Excel and save it as .xlsx",
    ),
    "ferr_unreadable_xlsx": (
        "Berkas {name} tidak dapat dibuka sebagai XLSX: {detail}",
        "File {name} cannot be opened as XLSX: {detail}",
    ),
    "ferr_empty_workbook": (
        "Berkas {name} kosong: tidak ada lembar berisi data",
        "File {name} is empty: no sheet holds data",
    ),
    "ferr_unreadable_parquet": (
        "Berkas {name} tidak dapat dibaca sebagai Parquet: {detail}",
        "File {name} cannot be read as Parquet: {detail}",
    ),
    "ferr_boundaries_first": (
        "Tabel {place} belum ada: impor batas wilayah dulu",
        "No {place} table yet: import the boundaries first",
    ),
    # the `zscore` command (pipelines/growth/zscore_file.py); it also says the ferr_* above
    "zerr_output_is_input": (
        "Berkas {name}: hasilnya akan menimpa berkas masukan; beri nama lain untuk berkas hasil",
        "File {name}: the output would overwrite the input; give the output another name",
    ),
    "zerr_no_folder": (
        "Folder {folder} untuk berkas hasil {name} tidak ada; buat dulu folder itu atau pilih folder lain",
        "The folder {folder} of the output {name} does not exist; create it first or choose another folder",
    ),
    "zerr_missing_columns": (
        "Berkas {name}: kolom wajib {missing} tidak ada di baris judul (kolom yang dibaca: {needed})",
        "File {name}: required column(s) {missing} missing from the header (the columns read: {needed})",
    ),
    "zerr_memory": (
        "Berkas {name}: memori tidak cukup ({detail}); naikkan {env} (sekarang {limit})",
        "File {name}: not enough memory ({detail}); raise {env} (now {limit})",
    ),
    "ferr_missing_place_code": (
        "Berkas {name}: kolom wajib {wanted} tidak ada",
        "File {name}: required column {wanted} is missing",
    ),
}
