"""Import notes: what the import changed or guessed in a row it kept (`import_notes.note_code`), and the words
of the import summary the terminal prints (`pipelines.inputs.readers.format_report`), and the hints stored
with a quarantined row."""

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
    # how to fix a quarantined e-PPGBM row (stored with the row in `quarantine.hint`, in Indonesian)
    "qhint_no_weight_height": ("Berat dan tinggi kosong atau berisi kode kosong (8888/9999/0)",
                               "Weight and height are empty or hold a placeholder (8888/9999/0)"),
    "qhint_swapped": ("Berat {weight} dan tinggi {height} tampak tertukar; tukar isi kedua kolom",
                      "Weight {weight} and height {height} look swapped; swap the two columns"),
    "qhint_millimetres": ("Tampaknya dalam milimeter; isi dalam cm", "Looks like millimetres; enter cm"),
    "qhint_metres": ("Tampaknya dalam meter; isi dalam cm", "Looks like metres; enter cm"),
    "qhint_grams": ("Tampaknya dalam gram; isi dalam kg", "Looks like grams; enter kg"),
    "qhint_no_child_id": ("NIK tidak sah dan nama kosong: anak tidak dapat dikenali",
                          "No valid NIK and no name: the child cannot be identified"),
}
