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

# why each default traffic-light threshold (pipelines.lokus.ranking.DEFAULT_THRESHOLDS) is what it is
LABELS.update({
    "threshold_why_prevalence": ("kelas WHO/UNICEF 2018: tinggi/sangat tinggi (≥ 20 %) merah, sedang (10–20 %) kuning",
                                 "WHO/UNICEF 2018 classes: high/very high (≥ 20 %) red, medium (10–20 %) yellow"),
    "threshold_why_burden": ("bawaan proyek: ≥ 20 balita stunting merah, ≥ 10 kuning",
                             "project default: ≥ 20 stunted children red, ≥ 10 yellow"),
    "threshold_why_severe": ("bawaan proyek: ≥ 5 % merah, ≥ 2,5 % kuning", "project default: ≥ 5 % red, ≥ 2.5 % yellow"),
    "threshold_why_hpk_gap": ("Perpres 72/2021 menargetkan cakupan layanan ~90 %: akses < 70 % merah, < 90 % kuning",
                              "Perpres 72/2021 targets ~90 % coverage: access < 70 % red, < 90 % yellow"),
    "threshold_why_coverage_gap": ("target yang sama: cakupan < 70 % merah, < 90 % kuning",
                                   "same targets: coverage < 70 % red, < 90 % yellow"),
    "threshold_why_trend": ("bawaan proyek: memburuk ≥ 2 poin merah, ≥ 0,5 poin kuning",
                            "project default: worsening ≥ 2 points red, ≥ 0.5 points yellow"),
    "threshold_why_hotspot": ("Gi* z ≥ 1,96 (p < 0,05) merah, ≥ 1,645 (p < 0,10) kuning",
                              "Gi* z ≥ 1.96 (p < 0.05) red, ≥ 1.645 (p < 0.10) yellow"),
})
