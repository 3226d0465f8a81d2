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
    "page_profile": ("Profil Kelurahan", "Kelurahan profile"),
    "page_quality": ("Kualitas Data", "Data quality"),
    "change": ("Perubahan", "Change"),
    "map_mode": ("Tampilan", "Show"),
    "mode_level": ("Nilai satu periode", "Value in one period"),
    "mode_change": ("Perubahan antar dua periode", "Change between two periods"),
    "period_from": ("Dari periode", "From period"),
    "period_to": ("Ke periode", "To period"),
    "classification": ("Klasifikasi", "Classification"),
    "n_classes": ("Jumlah kelas", "Number of classes"),
    "method_who": ("Kelas prevalensi WHO/UNICEF", "WHO/UNICEF prevalence classes"),
    "method_quantiles": ("Kuantil (jumlah sama per kelas)", "Quantiles (equal counts)"),
    "method_equal_interval": ("Interval sama", "Equal intervals"),
    "method_natural_breaks": ("Natural breaks (Jenks)", "Natural breaks (Jenks)"),
    "method_change": ("Perubahan tetap (poin persen)", "Fixed steps (percentage points)"),
    "layers": ("Lapisan peta", "Map layers"),
    "layer_kecamatan": ("Batas dan nama kecamatan", "Kecamatan outlines and names"),
    "layer_posyandu": ("Posyandu (ukuran = balita diukur)", "Posyandu (size = children measured)"),
    "layer_burden": ("Jumlah balita stunting (lingkaran)", "Stunted children (circles)"),
    "layer_labels": ("Nama kelurahan", "Kelurahan names"),
    "basemap": ("Peta dasar (butuh internet)", "Basemap (needs internet)"),
    "hide_small_n": ("Sembunyikan angka kelurahan dengan n < {n}", "Hide rates of kelurahan with n < {n}"),
    "small_n_marked": (
        "garis putus-putus + lingkaran putih: kurang dari {n} balita, angka kurang stabil",
        "dashed outline + white ring: fewer than {n} children, unstable rate",
    ),
    "hidden_small_n": ("disembunyikan (n < {n})", "hidden (n < {n})"),
    "posyandu_legend": ("posyandu; luas lingkaran sebanding jumlah balita diukur (maks. {max})",
                        "posyandu; circle area proportional to children measured (max {max})"),
    "burden_legend": ("balita stunting; luas lingkaran sebanding jumlahnya (maks. {max})",
                      "stunted children; circle area proportional to the count (max {max})"),
    "kelurahan_shown": ("{shown} kelurahan ditampilkan, {with_value} dengan nilai", "{shown} kelurahan shown, {with_value} with a value"),
    "caption_map": ("{source}: {files} · diimpor {imported} · {period_label} {period}",
                    "{source}: {files} · imported {imported} · {period_label} {period}"),
    "tt_value": ("Nilai", "Value"),
    "tt_ci": ("IK 95 %", "95 % CI"),
    "tt_children": ("balita", "children"),
    "tt_hidden": ("disembunyikan: n < {n}", "hidden: n < {n}"),
    "open_profile": ("Buka profil {name}", "Open the profile of {name}"),
    "click_hint": ("Klik kelurahan di peta untuk memilihnya, lalu buka profilnya.",
                   "Click a kelurahan on the map to select it, then open its profile."),
    "table_values": ("Tabel nilai per kelurahan", "Values per kelurahan"),
    "col_kode": ("Kode", "Code"),
    "col_nama": ("Nama", "Name"),
    "col_value": ("Nilai (%)", "Value (%)"),
    "col_change": ("Perubahan (poin %)", "Change (% points)"),
    "col_ci": ("IK 95 %", "95 % CI"),
    "col_ci_low": ("IK 95 % bawah (%)", "95 % CI low (%)"),
    "col_ci_high": ("IK 95 % atas (%)", "95 % CI high (%)"),
    "col_numerator": ("Pembilang", "Numerator"),
    "col_denominator": ("Penyebut", "Denominator"),
    "col_rank_kab": ("Peringkat di kab/kota", "Rank in kabupaten"),
    "col_rank_kec": ("Peringkat di kecamatan", "Rank in kecamatan"),
    "col_indicator": ("Indikator", "Indicator"),
    "col_period": ("Periode", "Period"),
    "col_posyandu": ("Posyandu", "Posyandu"),
    "col_children": ("Balita diukur", "Children measured"),
    "col_stunted": ("Balita stunting", "Stunted children"),
    "col_stunting_pct": ("Stunting (%)", "Stunting (%)"),
    "col_service": ("Layanan", "Service"),
    "col_coverage_pct": ("Cakupan (%)", "Coverage (%)"),
    "col_targets_blocked": ("Sasaran terhambat", "Targets blocked"),
    "col_targets": ("Sasaran", "Targets"),
    "col_target_children": ("Sasaran balita", "Target children"),
    "col_measurements": ("Pengukuran", "Measurements"),
    "col_implausible": ("Z-skor tidak masuk akal (%)", "Implausible z-scores (%)"),
    "col_sd_haz": ("SD TB/U", "SD HAZ"),
    "col_sd_waz": ("SD BB/U", "SD WAZ"),
    "col_sd_whz": ("SD BB/TB", "SD WHZ"),
    "col_sd_flag": ("SD di luar 0,8–1,2", "SD outside 0.8–1.2"),
    "col_missing_position": ("Cara ukur kosong (%)", "Position missing (%)"),
    "col_height_0": ("Tinggi berakhiran ,0 (%)", "Height ending in .0 (%)"),
    "col_weight_0": ("Berat berakhiran ,0 (%)", "Weight ending in .0 (%)"),
    "col_dps_height": ("Skor preferensi digit tinggi", "Digit preference score, height"),
    "col_dps_weight": ("Skor preferensi digit berat", "Digit preference score, weight"),
    "col_age_heaping": ("Penumpukan umur (rasio)", "Age heaping (ratio)"),
    "col_kind": ("Jenis data", "Data kind"),
    "col_reason": ("Alasan", "Reason"),
    "col_rows": ("Baris", "Rows"),
    "col_status": ("Status", "Status"),
    "col_declared": ("Kelurahan terdaftar", "Declared kelurahan"),
    "col_spatial": ("Kelurahan menurut koordinat", "Kelurahan by coordinates"),
    "col_distance": ("Jarak (m)", "Distance (m)"),
    "col_level": ("Wilayah", "Area"),
    "level_kelurahan": ("Kelurahan", "Kelurahan"),
    "level_kecamatan": ("Kecamatan", "Kecamatan"),
    "level_kabupaten": ("Kabupaten/Kota", "Kabupaten/kota"),
    # profile
    "choose_kelurahan": ("Pilih kelurahan/desa", "Choose a kelurahan/village"),
    "profile_indicators": ("Semua indikator ({period})", "All indicators ({period})"),
    "rank_note": ("Peringkat 1 = nilai tertinggi di antara kelurahan yang punya nilai.",
                  "Rank 1 = highest value among kelurahan with a value."),
    "profile_trend": ("Tren", "Trend"),
    "trend_indicator": ("Indikator tren", "Trend indicator"),
    "profile_posyandu": ("Posyandu di kelurahan ini ({period})", "Posyandu in this kelurahan ({period})"),
    "profile_services": ("Layanan 1000 HPK yang menghambat akses lengkap ({period})",
                         "1000-HPK services blocking complete access ({period})"),
    "bottleneck_main": ("Hambatan utama: {service} ({blocked} dari {targets} sasaran tidak menerima)",
                        "Main bottleneck: {service} ({blocked} of {targets} targets did not receive it)"),
    "no_services": ("Belum ada data layanan 1000 HPK untuk kelurahan dan periode ini.",
                    "No 1000-HPK service data for this kelurahan and period."),
    "no_posyandu": ("Tidak ada posyandu terdaftar di kelurahan ini.", "No posyandu registered in this kelurahan."),
    "back_to_map": ("Kembali ke peta", "Back to the map"),
    # quality
    "quality_intro": (
        "Pemeriksaan mutu data seperti WHO Anthro Survey Analyser. SD z-skor yang wajar 0,8–1,2; skor preferensi "
        "digit 0–7 sangat baik, 8–12 baik, 13–20 cukup, > 20 bermasalah; rasio penumpukan umur ≈ 1 wajar.",
        "Data quality checks as in WHO's Anthro Survey Analyser. A plausible z-score SD is 0.8–1.2; digit "
        "preference score 0–7 excellent, 8–12 good, 13–20 acceptable, > 20 problematic; age heaping ratio ≈ 1 is fine.",
    ),
    "quality_group": ("Per", "Per"),
    "group_kelurahan": ("Kelurahan", "Kelurahan"),
    "group_posyandu": ("Posyandu", "Posyandu"),
    "all_periods": ("Semua periode", "All periods"),
    "quality_coverage": ("Cakupan penimbangan terhadap sasaran balita", "Measurement coverage against target children"),
    "quality_table": ("Pemeriksaan per {group}", "Checks per {group}"),
    "digits_title": ("Sebaran digit desimal terakhir", "Terminal decimal digit distribution"),
    "digit": ("Digit", "Digit"),
    "height": ("Tinggi/panjang", "Height/length"),
    "weight": ("Berat", "Weight"),
    "age_title": ("Sebaran umur (bulan)", "Age distribution (months)"),
    "age_months": ("Umur (bulan)", "Age (months)"),
    "quarantine_title": ("Karantina impor: baris yang ditolak per alasan", "Import quarantine: rejected rows per reason"),
    "quarantine_download": ("Unduh baris karantina (CSV, tanpa nama/NIK)", "Download quarantined rows (CSV, no names/NIK)"),
    "quarantine_empty": ("Tidak ada baris yang dikarantina.", "No quarantined rows."),
    "recon_title": ("Posyandu di luar kelurahan terdaftarnya", "Posyandu outside their declared kelurahan"),
    "recon_empty": ("Semua titik posyandu berada di kelurahan terdaftarnya.", "Every posyandu point lies in its declared kelurahan."),
    "status_outside_declared": ("Di luar kelurahan terdaftar", "Outside declared kelurahan"),
    "status_outside_all": ("Di luar semua kelurahan", "Outside every kelurahan"),
    "status_no_coordinates": ("Tanpa koordinat", "No coordinates"),
    "kind_measurement": ("Pengukuran e-PPGBM", "e-PPGBM measurement"),
    "kind_service": ("Register layanan 1000 HPK", "1000-HPK register"),
    "kind_posyandu": ("Daftar posyandu", "Posyandu list"),
    "kind_sasaran": ("Sasaran balita", "Target children"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
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
    "svc_anc_4x": ("Pemeriksaan kehamilan ≥ 4 kali", "Antenatal care ≥ 4 visits"),
    "svc_ttd_90": ("Tablet tambah darah ≥ 90", "Iron-folic acid ≥ 90 tablets"),
    "svc_nifas_3x": ("Pemeriksaan nifas ≥ 3 kali", "Postnatal care ≥ 3 visits"),
    "svc_konseling_gizi_ibu": ("Konseling gizi / kelas ibu hamil", "Nutrition counselling / pregnancy class"),
    "svc_kunjungan_rumah_ibu": ("Kunjungan rumah ibu hamil KEK/risti", "Home visit (KEK/high-risk pregnancy)"),
    "svc_air_minum": ("Air minum layak", "Safe drinking water"),
    "svc_jamban": ("Jamban sehat", "Improved latrine"),
    "svc_jkn": ("Jaminan kesehatan (JKN)", "Health insurance (JKN)"),
    "svc_imunisasi_dasar": ("Imunisasi dasar lengkap", "Complete basic immunisation"),
    "svc_timbang_bulanan": ("Ditimbang tiap bulan", "Weighed monthly"),
    "svc_ukur_panjang_2x": ("Diukur panjang ≥ 2 kali setahun", "Length measured ≥ 2 times a year"),
    "svc_konseling_gizi_ortu": ("Konseling gizi orang tua", "Parent nutrition counselling"),
    "svc_kunjungan_rumah_anak": ("Kunjungan rumah anak gizi buruk/kurang/stunting", "Home visit (undernourished child)"),
    "svc_akta_lahir": ("Akta kelahiran", "Birth certificate"),
    "svc_kelas_parenting": ("Kelas pengasuhan (parenting)", "Parenting class"),
    "svc_paud": ("PAUD", "Early childhood education (PAUD)"),
    "target_ibu_hamil": ("ibu hamil", "pregnant women"),
    "target_anak_0_23": ("anak 0–23 bulan", "children 0–23 months"),
    "target_anak_2_6": ("anak 2–6 tahun", "children 2–6 years"),
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
    "suppressed_legend": ("Tidak ditampilkan: < {n} balita", "Not shown: < {n} children"),
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


def service_label(service: str) -> str:
    """User-facing name of a 1000-HPK service code (`anc_4x`)."""
    key = f"svc_{service}"
    return t(key) if key in LABELS else service


def indicator_label(indicator: str) -> str:
    """User-facing name of an indicator code (`stunting`, `svc_anc_4x`, `hpk_complete_access_ibu_hamil`...)."""
    key = f"ind_{indicator}"
    if key in LABELS:
        return t(key)
    if indicator.startswith("svc_") and indicator in LABELS:
        return f"{t('col_service')}: {t(indicator)}"
    for base in ("hpk_complete_access", "konvergensi"):
        prefix = base + "_"
        if indicator.startswith(prefix) and f"target_{indicator[len(prefix):]}" in LABELS:
            return f"{t('ind_' + base)} – {t('target_' + indicator[len(prefix):])}"
    return indicator
