"""Words of the read model: the sources line, the comparison rule, the place word (desa/kelurahan)."""
LABELS: dict[str, tuple[str, str]] = {
    "source_eppgbm": ("e-PPGBM, {n} puskesmas, {periods}", "e-PPGBM, {n} puskesmas, {periods}"),
    "source_services": ("register 1000 HPK, {n} berkas", "1000-HPK registers, {n} files"),
    "source_posyandu": ("daftar posyandu", "posyandu list"),
    "source_sasaran": ("sasaran balita", "target children"),
    "source_survey": ("angka survei (SSGI/SKI)", "survey figures (SSGI/SKI)"),
    "compare_rule": (
        "Dibandingkan dengan bulan yang sama setahun sebelumnya bila ada datanya, selain itu dengan periode "
        "sebelumnya yang terakhir.",
        "Compared with the same month a year earlier when it has data, else with the latest earlier period.",
    ),
    "place_desa": ("desa", "village (desa)"),
    "place_kelurahan": ("kelurahan", "kelurahan"),
    "place_desa/kelurahan": ("desa/kelurahan", "desa/kelurahan"),
}
