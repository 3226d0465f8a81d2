"""Words of the input store: the import preview (before -> after), refusals, Riwayat Impor and undo."""
LABELS: dict[str, tuple[str, str]] = {
    "store_refuse_no_place": (
        "0 dari {read} baris cocok dengan batas wilayah: apakah berkas batas wilayah milik kabupaten lain?",
        "0 of {read} rows match the boundaries: is the boundary file another kabupaten's?"),
    "store_refuse_no_rows": (
        "0 dari {read} baris e-PPGBM diterima: periksa alasan karantina sebelum membangun ulang.",
        "0 of {read} e-PPGBM rows accepted: check the quarantine reasons before rebuilding."),
    "store_refuse_lost": (
        "{lost} dari {had} kelurahan/desa yang punya nilai stunting akan kehilangan semua nilainya "
        "(tersisa {share}, batas {limit}).",
        "{lost} of {had} kelurahan/villages with stunting values would lose all of them "
        "({share} left, limit {limit})."),
    "store_refused_title": ("Impor ditolak; basis data lama tetap dipakai.",
                            "Import refused; the old database keeps serving."),
    "store_force": ("Saya mengerti akibatnya; tetap bangun ulang", "I understand the consequence; rebuild anyway"),
    "store_consequence_title": ("Akibat impor ini (stunting, periode {period})",
                                "Consequence of this import (stunting, period {period})"),
    "store_consequence_summary": (
        "{kept} dari {had} kelurahan/desa yang punya nilai tetap punya nilai; {changed} tempat berubah.",
        "{kept} of {had} kelurahan/villages with values keep values; {changed} places change."),
    "store_lost_title": ("Kelurahan/desa yang akan kehilangan semua nilainya: {n}",
                         "Kelurahan/villages that would lose all their values: {n}"),
    "store_col_level": ("Tingkat", "Level"),
    "store_col_n_before": ("n sebelum", "n before"),
    "store_col_value_before": ("Nilai sebelum (%)", "Value before (%)"),
    "store_col_n_after": ("n sesudah", "n after"),
    "store_col_value_after": ("Nilai sesudah (%)", "Value after (%)"),
    "store_col_lost": ("Kehilangan nilai", "Loses values"),
    "store_no_change": ("Tidak ada tempat yang nilainya berubah.", "No place changes its value."),
    "store_replace_offer": (
        "Berkas {new} berisi puskesmas dan periode yang sama dengan #{id} {old} (diimpor {at}). Gantikan?",
        "File {new} holds the same puskesmas and periods as #{id} {old} (imported {at}). Replace it?"),
    "import_preview": ("Lihat akibat impor", "Show the consequence"),
    "store_replace_yes": ("Ya, ganti berkas #{id}", "Yes, replace file #{id}"),
    "store_files_title": ("Berkas yang dipakai sekarang", "Files in force"),
    "store_remove": ("Keluarkan berkas terpilih", "Take the chosen files out"),
    "store_remove_pick": ("Berkas yang dikeluarkan", "Files to take out"),
    "store_col_puskesmas": ("Puskesmas", "Puskesmas"),
    "store_col_periods": ("Periode", "Periods"),
    "store_col_added": ("Diimpor", "Imported"),
    "store_col_by": ("Oleh", "By"),
    "store_col_superseded": ("Diganti impor lebih baru", "Superseded by a newer import"),
    "store_stale": ("Basis data sudah berubah sejak pratinjau ini; periksa ulang berkasnya.",
                    "The database changed since this preview; check the files again."),
    "page_history": ("Riwayat Impor", "Import history"),
    "history_intro": (
        "Setiap impor, build dan pembatalan, dengan waktu, pengguna, berkas dan angka stunting kabupaten. "
        "{keep} build terakhir disimpan dan dapat dikembalikan.",
        "Every import, build and undo, with time, user, files and the kabupaten stunting figure. "
        "The last {keep} builds are kept and can be restored."),
    "history_empty": ("Belum ada riwayat impor untuk basis data ini.", "No import history for this database yet."),
    "history_col_at": ("Waktu", "Time"),
    "history_col_user": ("Pengguna", "User"),
    "history_col_action": ("Tindakan", "Action"),
    "history_col_added": ("Ditambah", "Added"),
    "history_col_replaced": ("Diganti", "Replaced"),
    "history_col_removed": ("Dikeluarkan", "Removed"),
    "history_col_rows": ("Baris diterima", "Rows accepted"),
    "history_col_stunting": ("Stunting kabupaten", "Kabupaten stunting"),
    "history_col_kept": ("Dapat dikembalikan", "Restorable"),
    "history_action_import": ("impor", "import"),
    "history_action_build": ("build", "build"),
    "history_action_undo": ("batal (kembali ke #{target})", "undo (back to #{target})"),
    "history_action_remove": ("keluarkan berkas", "remove files"),
    "history_undo": ("Batalkan impor terakhir", "Undo the last import"),
    "history_undo_done": ("Basis data dikembalikan ke build #{target}.", "Database restored to build #{target}."),
    "history_disk": ("Ruang disk penyimpanan impor: berkas {files}, build tersimpan {builds}.",
                     "Disk used by the import store: files {files}, kept builds {builds}."),
    "history_audit": ("Log audit", "Audit log"),
    "missing_sasaran": (
        "Belum ada daftar sasaran balita, jadi cakupan penimbangan tidak dapat dihitung. Tambahkan di Impor Data "
        "(Sasaran balita per kelurahan) atau dengan `peta-stunting import --kind sasaran --db DB BERKAS`.",
        "No target-children (sasaran) list yet, so measurement coverage cannot be computed. Add one on Import data "
        "(Target children per kelurahan) or with `peta-stunting import --kind sasaran --db DB FILE`."),
    "missing_posyandu": (
        "Belum ada daftar posyandu, jadi pemeriksaan per posyandu dan letak posyandu tidak tersedia. Tambahkan di "
        "Impor Data (Daftar posyandu) atau dengan `peta-stunting import --kind posyandu --db DB BERKAS`.",
        "No posyandu list yet, so the checks per posyandu and the posyandu locations are not available. Add one on "
        "Import data (Posyandu list) or with `peta-stunting import --kind posyandu --db DB FILE`."),
    "missing_registers": (
        "Belum ada register layanan 1000 HPK. Tambahkan di Impor Data (Register layanan 1000 HPK) atau dengan "
        "`peta-stunting import --kind services --db DB BERKAS` (templat: `peta-stunting template services`).",
        "No 1000-HPK service registers yet. Add them on Import data (1000-HPK service registers) or with "
        "`peta-stunting import --kind services --db DB FILE` (template: `peta-stunting template services`)."),
    "audit_import": ("impor", "import"),
    "audit_remove_file": ("berkas dikeluarkan", "file removed"),
    "audit_undo": ("batal impor", "undo"),
    "audit_selection_save": ("pilihan lokus disimpan", "lokus selection saved"),
    "audit_selection_delete": ("pilihan lokus dihapus", "lokus selection deleted"),
    "audit_user_add": ("akun dibuat", "account created"),
    "audit_user_change": ("akun diubah", "account changed"),
    "audit_user_remove": ("akun dihapus", "account removed"),
    "audit_user_locked": ("akun dikunci", "account locked"),
}
