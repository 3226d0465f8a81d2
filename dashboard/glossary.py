"""Every label a user sees, in Bahasa Indonesia (default) and English.

Code uses English keys; users read the Indonesian (or English) text. Pages call `t("key")`.
"""
from __future__ import annotations

LANGS = ("id", "en")

LABELS: dict[str, tuple[str, str]] = {
    # navigation and common
    "app_title": ("Peta Stunting", "Stunting Map"),
    "language": ("Bahasa", "Language"),
    "page_map": ("Peta", "Map"),
    "period": ("Periode", "Period"),
    "indicator": ("Indikator", "Indicator"),
    "kelurahan": ("Kelurahan/Desa", "Kelurahan/Village"),
    "kecamatan": ("Kecamatan", "District (kecamatan)"),
    "all": ("Semua", "All"),
    "value": ("Nilai", "Value"),
    "children": ("balita", "children"),
    "legend": ("Legenda", "Legend"),
    "no_data": ("Tidak ada data", "No data"),
    "source": ("Sumber", "Source"),
    "imported": ("diimpor", "imported"),
    "db_missing": (
        "Basis data belum ada. Jalankan `make demo` atau `peta-stunting build`.",
        "No database yet. Run `make demo` or `peta-stunting build`.",
    ),
    "small_n_note": ("n < {n}: angka kurang stabil", "n < {n}: unstable rate"),
    # indicators
    "ind_stunting": ("Stunting (TB/U < -2 SD)", "Stunting (HAZ < -2)"),
    "ind_severe_stunting": ("Stunting berat (TB/U < -3 SD)", "Severe stunting (HAZ < -3)"),
    "ind_underweight": ("Berat badan kurang (BB/U < -2 SD)", "Underweight (WAZ < -2)"),
    "ind_wasting": ("Gizi kurang/wasting (BB/TB < -2 SD)", "Wasting (WHZ < -2)"),
    "ind_severe_wasting": ("Gizi buruk (BB/TB < -3 SD)", "Severe wasting (WHZ < -3)"),
    "ind_overweight": ("Gizi lebih (BB/TB > +2 SD)", "Overweight (WHZ > +2)"),
    "ind_coverage": ("Cakupan penimbangan balita", "Measurement coverage"),
    "ind_hpk_complete_access": ("Sasaran 1000 HPK dengan layanan lengkap", "1000-HPK targets with complete access"),
    "ind_konvergensi": ("Tingkat konvergensi", "Convergence level"),
    # WHO/UNICEF prevalence classes
    "class_very_low": ("Sangat rendah", "Very low"),
    "class_low": ("Rendah", "Low"),
    "class_medium": ("Sedang", "Medium"),
    "class_high": ("Tinggi", "High"),
    "class_very_high": ("Sangat tinggi", "Very high"),
    # presentation mode (Mode Presentasi), slides and the Aksi 7 kecamatan summary
    "page_presentation": ("Mode Presentasi", "Presentation mode"),
    "slide_prev": ("Sebelumnya", "Previous"),
    "slide_next": ("Berikutnya", "Next"),
    "slide_counter": ("Slide {i} dari {n}", "Slide {i} of {n}"),
    "keyboard_hint": (
        "Tombol panah kiri/kanan untuk berpindah slide; arahkan tetikus ke bawah layar untuk tombol dan unduhan.",
        "Left/right arrow keys step through the slides; move the mouse to the bottom of the screen for buttons and downloads.",
    ),
    "download_png_zip": ("Unduh semua slide (PNG, zip)", "Download all slides (PNG, zip)"),
    "download_pdf": ("Unduh slide (PDF)", "Download slides (PDF)"),
    "download_summary_pdf": ("Ringkasan per kecamatan (PDF)", "Summary per kecamatan (PDF)"),
    "no_periods": ("Belum ada indikator stunting di basis data.", "The database has no stunting indicators yet."),
    "files_unit": ("berkas", "files"),
    "db_built": ("basis data dibangun", "database built"),
    "printed": ("dicetak", "printed"),
    "aggregates_only": ("hanya angka agregat per kelurahan", "aggregate figures per kelurahan only"),
    "small_n_legend": ("Dihitung dari < {n} balita (kurang stabil)", "Based on < {n} children (unstable)"),
    "small_n_legend_targets": ("Dihitung dari < {n} sasaran (kurang stabil)", "Based on < {n} targets (unstable)"),
    "north": ("U", "N"),
    "overall": ("Seluruh wilayah", "Overall"),
    "targets": ("sasaran", "targets"),
    "stunting_definition": ("Balita dengan TB/U < −2 SD (standar WHO 2006)", "Children with HAZ < −2 SD (WHO 2006 standard)"),
    "slide_prevalence": ("Prevalensi stunting per kelurahan", "Stunting prevalence per kelurahan"),
    "legend_who_classes": ("Prevalensi (kelas WHO/UNICEF 2018)", "Prevalence (WHO/UNICEF 2018 classes)"),
    "slide_trend": ("Perubahan prevalensi stunting", "Change in stunting prevalence"),
    "trend_subtitle": ("Selisih prevalensi {period} dibanding {previous}, dalam poin persen",
                       "Prevalence {period} minus {previous}, in percentage points"),
    "trend_no_previous": ("Belum ada periode sebelumnya untuk dibandingkan", "No earlier period to compare with"),
    "legend_change": ("Perubahan (poin persen)", "Change (percentage points)"),
    "slide_burden": ("Jumlah balita stunting per kelurahan", "Stunted children per kelurahan"),
    "burden_subtitle": ("Luas lingkaran sebanding dengan jumlah balita stunting", "Circle area proportional to the number of stunted children"),
    "burden_note": ("Total {total} balita stunting di {kelurahan} kelurahan", "{total} stunted children in {kelurahan} kelurahan"),
    "legend_stunted_children": ("Balita stunting", "Stunted children"),
    "slide_hpk": ("Akses lengkap layanan 1000 HPK", "Complete access to 1000-HPK services"),
    "hpk_definition": ("Sasaran yang menerima semua layanan paketnya", "Targets who received every service of their package"),
    "hpk_missing": ("Data layanan 1000 HPK belum diimpor untuk periode ini", "No 1000-HPK service data imported for this period"),
    "legend_hpk": ("Sasaran dengan akses lengkap", "Targets with complete access"),
    "slide_lokus": ("Kelurahan lokus stunting", "Stunting lokus kelurahan"),
    "legend_lokus": ("Kelurahan lokus", "Lokus kelurahan"),
    "lokus_saved": ("Lokus: pilihan tersimpan \"{name}\" ({n} kelurahan)", "Lokus: saved selection \"{name}\" ({n} kelurahan)"),
    "lokus_given": ("Lokus: {n} kelurahan terpilih", "Lokus: {n} selected kelurahan"),
    "lokus_top_n": (
        "Belum ada pilihan lokus tersimpan: ditampilkan {n} kelurahan dengan prevalensi tertinggi (≥ {small_n} balita diukur)",
        "No saved lokus selection yet: showing the {n} kelurahan with the highest prevalence (≥ {small_n} children measured)",
    ),
    "summary_title": ("Ringkasan stunting Kecamatan {name}", "Stunting summary, Kecamatan {name}"),
    "summary_suppressed": (
        "* angka dari < {n} balita/sasaran tidak ditampilkan (terlalu sedikit untuk dipublikasikan)",
        "* rates on fewer than {n} children/targets are not shown (too few to publish)",
    ),
    "col_children_measured": ("Balita diukur", "Children measured"),
    "col_stunting": ("Stunting", "Stunting"),
    "col_severe": ("Stunting berat", "Severe stunting"),
    "col_coverage": ("Cakupan", "Coverage"),
    "col_hpk": ("Akses 1000 HPK", "1000-HPK access"),
    "total_kecamatan": ("Kecamatan", "Kecamatan"),
}


def text(key: str, lang: str = "id", **fmt) -> str:
    """Label for `key` in `lang`; unknown keys are shown as the key so a missing label is visible."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    label = pair[0] if lang == "id" else pair[1]
    return label.format(**fmt) if fmt else label


def current_lang() -> str:
    """Language chosen in the sidebar (session state), Indonesian by default."""
    import streamlit as st

    return st.session_state.get("lang", "id")


def t(key: str, **fmt) -> str:
    """Label for `key` in the current session's language."""
    return text(key, current_lang(), **fmt)


def indicator_label(indicator: str) -> str:
    """User-facing name of an indicator code (`stunting`, `svc_anc_4x`, ...)."""
    key = f"ind_{indicator}"
    if key in LABELS:
        return t(key)
    return indicator
