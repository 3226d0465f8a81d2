"""Why the input store refuses an import, a swap or an undo now (`pipelines/store.py`), and what to do. Raised
through `pipelines.present.messages.said`."""

LABELS: dict[str, tuple[str, str]] = {
    "sterr_unknown_kind": ("jenis berkas '{kind}' tidak dikenal; pilih {kinds}",
                           "file kind '{kind}' is not known; choose {kinds}"),
    "sterr_file_missing": ("berkas {path} tidak ada", "file {path} does not exist"),
    "sterr_store_lost": ("berkas di penyimpanan impor hilang: {names}", "files missing from the import store: {names}"),
    "sterr_no_boundaries": ("Belum ada batas wilayah: unggah atau impor berkas batas {place} dulu",
                            "No boundaries yet: upload or import the {place} boundary file first"),
    "sterr_stale_preview": ("basis data sudah berubah sejak pratinjau ini; periksa ulang berkasnya",
                            "the database has changed since this preview; check the files again"),
    "sterr_nothing_to_undo": ("tidak ada build sebelumnya untuk dikembalikan", "there is no earlier build to put back"),
    "sterr_build_gone": ("build #{id} sudah tidak disimpan (hanya {keep} build terakhir disimpan)",
                         "build #{id} is no longer kept (only the last {keep} builds are kept)"),
}
