"""Words of the lokus method line (the page footer and the exports' method sheet)."""
LABELS: dict[str, tuple[str, str]] = {
    "lokus_method_text": (
        "kriteria dinormalkan min–maks antar kelurahan/desa yang punya nilai (kriteria tanpa beda = 0); skor = "
        "Σ bobot × nilai normal ÷ Σ bobot atas kriteria yang punya nilai (0–1); prevalensi: {prevalence}",
        "criteria normalised min–max over the places with a value (a criterion without contrast = 0); score = "
        "Σ weight × normalised value ÷ Σ weight over the criteria with a value (0–1); prevalence: {prevalence}",
    ),
    "lokus_method_crude": ("kasar (apa adanya)", "crude (as measured)"),
    "lokus_method_eb": ("empiris-Bayes (beta-binomial, metode momen), acuan: {prior}",
                        "empirical Bayes (beta-binomial, method of moments), prior: {prior}"),
}
