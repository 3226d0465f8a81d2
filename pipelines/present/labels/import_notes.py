"""Import notes: what the import changed or guessed in a row it kept (`import_notes.note_code`), and the words
of the import summary the terminal prints (`pipelines.inputs.readers.format_report`)."""

LABELS: dict[str, tuple[str, str]] = {
    "note_age_text_mismatch": ("Usia Saat Ukur tidak sesuai tanggal", "Age at measurement disagrees with the dates"),
    "note_unknown_position": ("Cara Ukur tidak dikenal", "Measuring position not recognised"),
    "note_sentinel_value": ("Kode kosong 8888/9999/0 dibaca sebagai tidak diukur",
                            "Placeholder 8888/9999/0 read as not measured"),
    "note_nik_fallback": ("Tanpa NIK sah: anak dikenali dari nama+tgl lahir+JK",
                          "No valid NIK: child identified by name + birth date + sex"),
    "note_invalid_nik": ("NIK rusak (notasi ilmiah/digit hilang): anak dikenali dari nama+tgl lahir+JK",
                         "Damaged NIK (scientific notation/lost digits): child identified by name + birth date + sex"),
    "note_invalid_coordinates": ("Koordinat posyandu tidak valid, dikosongkan",
                                 "Invalid posyandu coordinates, left empty"),
    "report_note": ("catatan", "note"),
}
