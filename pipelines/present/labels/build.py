"""Words of the build: the progress label of each declared step (pipelines/build.py `STEPS`)."""
LABELS: dict[str, tuple[str, str]] = {
    "build_step_boundaries": ("Batas wilayah", "Boundaries"),
    "build_step_posyandu": ("Daftar posyandu", "Posyandu list"),
    "build_step_sasaran": ("Sasaran balita", "Target children (sasaran)"),
    "build_step_measurements": ("Data e-PPGBM dan z-skor WHO", "e-PPGBM data and WHO z-scores"),
    "build_step_indicators": ("Indikator gizi", "Nutrition indicators"),
    "build_step_quality": ("Kualitas data", "Data quality"),
    "build_step_reconcile": ("Dua angka: sel, alur anak, 2T", "Two figures: cells, child flows, 2T"),
    "build_step_survey": ("Angka survei", "Survey figures"),
    "build_step_services": ("Layanan 1000 HPK", "1000-HPK services"),
    "build_step_save": ("Menyimpan", "Saving"),
}
