"""Every label a user sees, in Bahasa Indonesia (default) and English.

Code uses English keys; users read the Indonesian (or English) text. Pages call `t("key")`.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from pipelines.indicators import catalogue

LANGS = ("id", "en")

LABELS: dict[str, tuple[str, str]] = {
    # navigation and common
    "app_title": ("Peta Stunting", "Stunting Map"),
    "language": ("Bahasa", "Language"),
    "page_map": ("Peta", "Map"),
    "period": ("Periode", "Period"),
    "indicator": ("Indikator", "Indicator"),
    "kelurahan": ("{Place}", "{Place}"),
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
    "page_profile": ("Profil {Place}", "{Place} profile"),
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
    "layer_labels": ("Nama {place}", "{Place} names"),
    "basemap": ("Peta dasar (butuh internet)", "Basemap (needs internet)"),
    "hide_small_n": ("Sembunyikan angka {place} dengan n < {n}", "Hide rates of {place} with n < {n}"),
    "small_n_marked": (
        "garis putus-putus + lingkaran putih: kurang dari {n} balita, angka kurang stabil",
        "dashed outline + white ring: fewer than {n} children, unstable rate",
    ),
    "hidden_small_n": ("disembunyikan (n < {n})", "hidden (n < {n})"),
    "posyandu_legend": ("posyandu; luas lingkaran sebanding jumlah balita diukur (maks. {max})",
                        "posyandu; circle area proportional to children measured (max {max})"),
    "burden_legend": ("balita stunting; luas lingkaran sebanding jumlahnya (maks. {max})",
                      "stunted children; circle area proportional to the count (max {max})"),
    "map_level": ("Tingkat peta", "Map level"),
    "tt_static": ("Klik untuk nilai; nilai juga di tabel di bawah", "Click for the value; values are also in the table below"),
    "kelurahan_shown": ("{shown} {place} ditampilkan, {with_value} dengan nilai", "{shown} {place} shown, {with_value} with a value"),
    "caption_map": ("{source}: {files} · diimpor {imported} · {period_label} {period}",
                    "{source}: {files} · imported {imported} · {period_label} {period}"),
    "tt_value": ("Nilai", "Value"),
    "tt_ci": ("IK 95 %", "95 % CI"),
    "tt_children": ("balita", "children"),
    "tt_hidden": ("disembunyikan: n < {n}", "hidden: n < {n}"),
    "open_profile": ("Buka profil {name}", "Open the profile of {name}"),
    "click_hint": ("Klik {place} di peta untuk memilihnya, lalu buka profilnya.",
                   "Click a {place} on the map to select it, then open its profile."),
    "table_values": ("Tampilkan tabel nilai per {place}", "Show the values per {place}"),
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
    "col_sd_flag": ("SD di luar rentang harapan", "SD outside the expected range"),
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
    "col_declared": ("{Place} terdaftar", "Declared {place}"),
    "col_spatial": ("{Place} menurut koordinat", "{Place} by coordinates"),
    "col_distance": ("Jarak (m)", "Distance (m)"),
    "col_level": ("Wilayah", "Area"),
    "level_kelurahan": ("{Place}", "{Place}"),
    "level_kecamatan": ("Kecamatan", "Kecamatan"),
    "level_kabupaten": ("Kabupaten/Kota", "Kabupaten/kota"),
    # profile
    "choose_kelurahan": ("Pilih {place}", "Choose a {place}"),
    "profile_indicators": ("Semua indikator ({period})", "All indicators ({period})"),
    "rank_note": ("Peringkat 1 = nilai tertinggi di antara {place} yang punya nilai.",
                  "Rank 1 = highest value among {place} with a value."),
    "profile_trend": ("Tren", "Trend"),
    "trend_indicator": ("Indikator tren", "Trend indicator"),
    "profile_posyandu": ("Posyandu di {place} ini ({period})", "Posyandu in this {place} ({period})"),
    "profile_services": ("Layanan 1000 HPK yang menghambat akses lengkap ({period})",
                         "1000-HPK services blocking complete access ({period})"),
    "bottleneck_main": ("Hambatan utama: {service} ({blocked} dari {targets} sasaran tidak menerima)",
                        "Main bottleneck: {service} ({blocked} of {targets} targets did not receive it)"),
    "no_services": ("Belum ada data layanan 1000 HPK untuk {place} dan periode ini.",
                    "No 1000-HPK service data for this {place} and period."),
    "no_posyandu": ("Tidak ada posyandu terdaftar di {place} ini.", "No posyandu registered in this {place}."),
    "back_to_map": ("Kembali ke peta", "Back to the map"),
    # quality
    "quality_intro": (
        "Pemeriksaan mutu data seperti WHO Anthro Survey Analyser. SD z-skor yang diharapkan (51 survei DHS): "
        "{ranges}; skor preferensi digit < 8 sangat baik, 8–12 baik, 12–20 cukup, ≥ 20 bermasalah (SMART); rasio "
        "penumpukan umur ≈ 1 wajar.",
        "Data quality checks as in WHO's Anthro Survey Analyser. Expected z-score SD (51 DHS surveys): {ranges}; "
        "digit preference score < 8 excellent, 8–12 good, 12–20 acceptable, ≥ 20 problematic (SMART); age heaping "
        "ratio ≈ 1 is fine.",
    ),
    "quality_group": ("Per", "Per"),
    "group_kelurahan": ("{Place}", "{Place}"),
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
    "recon_title": ("Posyandu di luar {place} terdaftarnya", "Posyandu outside their declared {place}"),
    "recon_empty": ("Semua titik posyandu berada di {place} terdaftarnya.", "Every posyandu point lies in its declared {place}."),
    "status_outside_declared": ("Di luar {place} terdaftar", "Outside declared {place}"),
    "status_outside_all": ("Di luar semua {place}", "Outside every {place}"),
    "status_no_coordinates": ("Tanpa koordinat", "No coordinates"),
    "kind_measurement": ("Pengukuran e-PPGBM", "e-PPGBM measurement"),
    "kind_service": ("Register layanan 1000 HPK", "1000-HPK register"),
    "kind_posyandu": ("Daftar posyandu", "Posyandu list"),
    "kind_sasaran": ("Sasaran balita", "Target children"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
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
    "aggregates_only": ("hanya angka agregat per {place}", "aggregate figures per {place} only"),
    "small_n_legend": ("Dihitung dari < {n} balita (kurang stabil)", "Based on < {n} children (unstable)"),
    "small_n_legend_targets": ("Dihitung dari < {n} sasaran (kurang stabil)", "Based on < {n} targets (unstable)"),
    "north": ("U", "N"),
    "overall": ("Seluruh wilayah", "Overall"),
    "targets": ("sasaran", "targets"),
    "stunting_definition": ("Balita dengan TB/U < −2 SD (standar WHO 2006)", "Children with HAZ < −2 SD (WHO 2006 standard)"),
    "slide_prevalence": ("Prevalensi stunting per {place}", "Stunting prevalence per {place}"),
    "legend_who_classes": ("Prevalensi (kelas WHO/UNICEF 2018)", "Prevalence (WHO/UNICEF 2018 classes)"),
    "slide_trend": ("Perubahan prevalensi stunting", "Change in stunting prevalence"),
    "trend_subtitle": ("Selisih prevalensi {period} dibanding {previous}, dalam poin persen",
                       "Prevalence {period} minus {previous}, in percentage points"),
    "trend_no_previous": ("Belum ada periode sebelumnya untuk dibandingkan", "No earlier period to compare with"),
    "legend_change": ("Perubahan (poin persen)", "Change (percentage points)"),
    "slide_burden": ("Jumlah balita stunting per {place}", "Stunted children per {place}"),
    "burden_subtitle": ("Luas lingkaran sebanding dengan jumlah balita stunting", "Circle area proportional to the number of stunted children"),
    "burden_note": ("Total {total} balita stunting di {kelurahan} {place}", "{total} stunted children in {kelurahan} {place}"),
    "legend_stunted_children": ("Balita stunting", "Stunted children"),
    "slide_hpk": ("Akses lengkap layanan 1000 HPK", "Complete access to 1000-HPK services"),
    "hpk_definition": ("Sasaran yang menerima semua layanan paketnya", "Targets who received every service of their package"),
    "hpk_missing": ("Data layanan 1000 HPK belum diimpor untuk periode ini", "No 1000-HPK service data imported for this period"),
    "legend_hpk": ("Sasaran dengan akses lengkap", "Targets with complete access"),
    "slide_lokus": ("{Place} lokus stunting", "Stunting lokus {place}"),
    "legend_lokus": ("{Place} lokus", "Lokus {place}"),
    "lokus_saved": ("Lokus: pilihan tersimpan \"{name}\" ({n} {place})", "Lokus: saved selection \"{name}\" ({n} {place})"),
    "lokus_given": ("Lokus: {n} {place} terpilih", "Lokus: {n} selected {place}"),
    "lokus_top_n": (
        "Belum ada pilihan lokus tersimpan: ditampilkan {n} {place} dengan prevalensi tertinggi (≥ {small_n} balita diukur)",
        "No saved lokus selection yet: showing the {n} {place} with the highest prevalence (≥ {small_n} children measured)",
    ),
    "summary_title": ("Ringkasan stunting Kecamatan {name}", "Stunting summary, Kecamatan {name}"),
    "summary_suppressed": (
        "* angka dari < {n} balita/sasaran tidak ditampilkan (terlalu sedikit untuk dipublikasikan)",
        "* rates on fewer than {n} children/targets are not shown (too few to publish)",
    ),
    "col_children_measured": ("Balita diukur", "Children measured"),
    "total_kecamatan": ("Kecamatan", "Kecamatan"),
    "suppressed_legend": ("Tidak ditampilkan: < {n} balita", "Not shown: < {n} children"),
}


#: what the loaded villages are called (`pipelines.readmodel.place_kind`: from the Kemendagri codes) -> the words
#: a label's `{place}` / `{Place}` becomes, per language
PLACE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "desa": {"id": ("desa", "Desa"), "en": ("village", "Village")},
    "kelurahan": {"id": ("kelurahan", "Kelurahan"), "en": ("kelurahan", "Kelurahan")},
    "desa/kelurahan": {"id": ("desa/kelurahan", "Desa/kelurahan"), "en": ("village/kelurahan", "Village/kelurahan")},
}
_PLACE: ContextVar[str] = ContextVar("place_kind", default="desa/kelurahan")
_SERVED_PLACE = ["desa/kelurahan"]   # the dashboard serves one database: its word, set by the app at each run


def set_served_place(kind: str) -> None:
    """The dashboard's database has places of `kind` (`pipelines.readmodel.place_kind`); `t` labels say so."""
    _SERVED_PLACE[0] = kind if kind in PLACE_WORDS else "desa/kelurahan"


@contextmanager
def place_kind(kind: str):
    """Labels made inside this block say `kind` ('desa', 'kelurahan', 'desa/kelurahan') for `{place}` (outputs
    wrap their drawing in it with `pipelines.readmodel.place_kind(con)`)."""
    token = _PLACE.set(kind if kind in PLACE_WORDS else "desa/kelurahan")
    try:
        yield
    finally:
        _PLACE.reset(token)


def text(key: str, lang: str = "id", **fmt) -> str:
    """Label for `key` in `lang`; unknown keys are shown as the key so a missing label is visible.

    `{place}` / `{Place}` in a label become the word for the loaded villages (desa, kelurahan or both; the
    `place` parameter or the `place_kind` block, else 'desa/kelurahan')."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    label = pair[0] if lang == "id" else pair[1]
    if "{place}" in label or "{Place}" in label:
        words = PLACE_WORDS[fmt.pop("place", None) or _PLACE.get()][lang if lang in LANGS else "id"]
        fmt = {**fmt, "place": words[0], "Place": words[1]}
    return label.format(**fmt) if fmt else label


def current_lang() -> str:
    """Language chosen in the sidebar (session state), Indonesian by default."""
    import streamlit as st

    return st.session_state.get("lang", "id")


def t(key: str, **fmt) -> str:
    """Label for `key` in the current session's language, `{place}` for the served database (`set_served_place`,
    called by the app from the read model at each run)."""
    fmt.setdefault("place", _SERVED_PLACE[0])
    return text(key, current_lang(), **fmt)


def service_label(service: str) -> str:
    """User-facing short name of a 1000-HPK service code (`anc_4x`), from the catalogue (packages.toml)."""
    return catalogue.service_name(service, current_lang())


def indicator_label(indicator: str) -> str:
    """User-facing name of an indicator key (`stunting`, `svc_anc_4x`, ...), from the indicator catalogue."""
    return catalogue.label(indicator, current_lang())


def indicator_choice(indicator: str) -> str:
    """An indicator as a selector shows it: group, then label (catalogue order keeps each group together)."""
    return catalogue.choice_label(indicator, current_lang())


def indicator_noun(indicator: str) -> str:
    """Who the indicator's denominator counts ('balita', 'ibu hamil', ...) in the session's language."""
    return catalogue.noun(indicator, current_lang())


# --- Pemilihan Lokus (Aksi 1) and publication table (owned by the lokus page) -----------------------------
LABELS.update({
    "page_lokus": ("Pemilihan Lokus", "Lokus selection"),
    "lokus_title": ("Pemilihan Lokus (Aksi 1)", "Lokus selection (Aksi 1)"),
    "lokus_defaults_title": ("Nilai bawaan dan alasannya", "Defaults and their rationale"),
    "lokus_defaults_intro": (
        "Tidak ada rumus nasional untuk jumlah lokus maupun bobot kriteria: keduanya pengaturan. Bawaan: **{n}** "
        "{place} (praktik lokus nasional 2018: 10 desa per kabupaten) dan bobot di bawah (prevalensi dan jumlah "
        "balita stunting = 50, kesenjangan layanan = 25, sisanya 25). Ubah sesuai anggaran dan kesepakatan TPPS.",
        "No national formula fixes the number of lokus or the weights: both are settings. Defaults: **{n}** {place} "
        "(national lokus practice 2018: 10 villages per kabupaten) and the weights below (prevalence and number of "
        "stunted children = 50, service gaps = 25, the rest 25). Change them to fit the budget and the TPPS agreement.",
    ),
    "lokus_method_note": (
        "Setiap kriteria dinormalkan 0–1 (min–maks antar {place}; arah menentukan nilai mana yang prioritas). "
        "Skor = Σ bobot × nilai normal / Σ bobot (kriteria tanpa data dilewati). Prevalensi empiris-Bayes menarik "
        "angka {place} kecil ke arah angka kecamatan (beta-binomial, metode momen). Hot spot: Getis-Ord Gi* dan "
        "Moran lokal, ketetanggaan queen, 999 permutasi, seed 12345, α = 0,05.",
        "Each criterion is normalised 0–1 (min–max across {place}; the direction says which values mean priority). "
        "Score = Σ weight × normalised value / Σ weight (criteria without data are skipped). The empirical-Bayes "
        "prevalence pulls small {place} toward their kecamatan rate (beta-binomial, method of moments). Hot spots: "
        "Getis-Ord Gi* and local Moran's I, queen contiguity, 999 permutations, seed 12345, α = 0.05.",
    ),
    "lokus_criterion": ("Kriteria", "Criterion"),
    "lokus_direction": ("Arah", "Direction"),
    "lokus_weight": ("Bobot bawaan", "Default weight"),
    "lokus_rationale": ("Alasan", "Rationale"),
    "dir_higher": ("makin tinggi makin prioritas", "higher = more priority"),
    "dir_lower": ("makin rendah makin prioritas", "lower = more priority"),
    "crit_prevalence": ("Prevalensi stunting", "Stunting prevalence"),
    "crit_burden": ("Jumlah balita stunting", "Number of stunted children"),
    "crit_severe": ("Prevalensi stunting berat", "Severe stunting prevalence"),
    "crit_hpk_gap": ("Kesenjangan akses lengkap 1000 HPK", "Gap in complete 1000-HPK access"),
    "crit_coverage_gap": ("Kesenjangan cakupan penimbangan", "Measurement coverage gap"),
    "crit_trend": ("Tren (memburuk, poin %)", "Trend (worsening, % points)"),
    "crit_hotspot": ("Hot spot (Gi* z)", "Hot spot (Gi* z)"),
    "why_prevalence": ("seberapa berat stunting di tempat anak tinggal", "how serious stunting is where children live"),
    "why_burden": ("di mana sebagian besar balita stunting berada", "where most stunted children are"),
    "why_severe": ("kasus paling mendesak", "the most urgent cases"),
    "why_hpk_gap": ("konvergensi: yang dapat ditutup intervensi Aksi 1", "convergence: what Aksi 1 interventions can close"),
    "why_coverage_gap": ("balita tidak diukur: angka di sana paling tidak pasti", "children not measured: figures least known there"),
    "why_trend": ("memburuk sejak periode pembanding", "worsening since the comparison period"),
    "why_hotspot": ("bagian dari klaster prevalensi tinggi", "part of a cluster of high prevalence"),
    "lokus_compare_period": ("Periode pembanding (tren)", "Comparison period (trend)"),
    "lokus_no_trend": ("(tanpa tren)", "(no trend)"),
    "lokus_n": ("Jumlah lokus (N)", "Number of lokus (N)"),
    "lokus_eb": ("Prevalensi empiris-Bayes", "Empirical-Bayes prevalence"),
    "lokus_eb_help": (
        "{Place} dengan sedikit balita: angka ditarik ke arah angka kecamatan, agar 3 dari 6 balita tidak "
        "mengalahkan 90 dari 300 karena kebetulan. Kedua angka ditampilkan.",
        "{Place} with few children: the rate is pulled toward the kecamatan rate so that 3 of 6 does not outrank "
        "90 of 300 by chance. Both figures are shown.",
    ),
    "lokus_eb_prior": ("Acuan EB", "EB prior"),
    "prior_kecamatan": ("Kecamatan", "Kecamatan"),
    "prior_kabupaten": ("Kabupaten/kota", "Kabupaten/city"),
    "lokus_hot_layer": ("Lapisan hot spot", "Hot-spot layer"),
    "lokus_hot_input": ("Hot spot dihitung dari", "Hot spots computed on"),
    "lokus_hot_note": ("Hot spot (Gi*, p < 0,05) dari: {input}", "Hot spots (Gi*, p < 0.05) of: {input}"),
    "hot_hot": ("Hot spot (Gi*)", "Hot spot (Gi*)"),
    "hot_cold": ("Cold spot (Gi*)", "Cold spot (Gi*)"),
    "lokus_upload_title": ("Kriteria tambahan (CSV)", "Extra criteria (CSV)"),
    "lokus_upload_help": (
        "CSV dengan kolom `kode` (kode Kemendagri {place}) dan satu kolom angka per kriteria (mis. kemiskinan, "
        "akses air). Maks. 2 MB, 20.000 baris, 10 kriteria.",
        "CSV with a `kode` column (Kemendagri {place} code) and one numeric column per criterion (e.g. poverty, "
        "water access). At most 2 MB, 20,000 rows, 10 criteria.",
    ),
    "lokus_upload": ("Unggah CSV kriteria", "Upload criteria CSV"),
    "lokus_upload_ok": ("{n} {place}, {k} kriteria dibaca", "{n} {place}, {k} criteria read"),
    "lokus_weights": ("Bobot kriteria", "Criterion weights"),
    "lokus_weights_zero": ("Setidaknya satu bobot harus di atas 0.", "At least one weight must be above 0."),
    "lokus_overrides_dropped": (
        "Perubahan manual yang tidak berlaku lagi (N atau bobot berubah) dihapus: {codes}",
        "Manual changes that no longer apply (N or weights changed) were dropped: {codes}",
    ),
    "lokus_thresholds_title": ("Ambang matriks lampu lalu lintas", "Traffic-light thresholds"),
    "lokus_thresholds_help": (
        "Merah bila nilai ≥ ambang merah, kuning bila ≥ ambang kuning, selain itu hijau. Persen untuk angka prevalensi/kesenjangan; poin % untuk tren.",
        "Red when the value ≥ the red threshold, yellow when ≥ the yellow one, else green. Percent for rates and gaps; % points for the trend.",
    ),
    "light_red": ("Merah", "Red"),
    "light_yellow": ("Kuning", "Yellow"),
    "lokus_summary": (
        "**{n}** dari {total} {place} terpilih ({added} ditambah, {removed} dikeluarkan secara manual).",
        "**{n}** of {total} {place} selected ({added} added, {removed} removed by hand).",
    ),
    "lokus_tab_rank": ("Peringkat", "Ranking"),
    "lokus_tab_breakdown": ("Rincian skor", "Score breakdown"),
    "lokus_tab_light": ("Matriks prioritisasi", "Prioritisation matrix"),
    "lokus_tab_map": ("Peta lokus", "Lokus map"),
    "lokus_rank": ("Peringkat", "Rank"),
    "lokus_selected": ("Lokus", "Lokus"),
    "lokus_how": ("Cara", "How"),
    "how_top_n": ("N teratas", "Top N"),
    "how_added": ("Ditambah manual", "Added by hand"),
    "how_removed": ("Dikeluarkan manual", "Removed by hand"),
    "lokus_score": ("Skor", "Score"),
    "lokus_children": ("Balita diukur", "Children measured"),
    "lokus_criteria_used": ("Kriteria berdata", "Criteria with data"),
    "lokus_prev_crude": ("Prevalensi (%)", "Prevalence (%)"),
    "lokus_prev_eb": ("Prevalensi EB (%)", "EB prevalence (%)"),
    "lokus_reason": ("Alasan", "Reason"),
    "lokus_rank_note": (
        "Skor 0–1, makin tinggi makin prioritas; peringkat sama dipecah menurut kode.",
        "Score 0–1, higher = more priority; ties are broken by code.",
    ),
    "lokus_breakdown_note": (
        "Sumbangan tiap kriteria ke skor (bobot × nilai normal / Σ bobot); jumlahnya = skor.",
        "Contribution of each criterion to the score (weight × normalised value / Σ weight); they add up to the score.",
    ),
    "lokus_sort": ("Urutkan", "Sort"),
    "sort_n_red": ("Jumlah merah", "Number of reds"),
    "sort_rank": ("Peringkat", "Rank"),
    "lokus_n_red": ("Jumlah merah", "Reds"),
    "lokus_light_note": (
        "Matriks Prioritisasi (Traffic Light Tool) Aksi 1: warna menurut ambang di atas; kolom dapat diurutkan.",
        "Aksi 1 prioritisation matrix (traffic light tool): colours by the thresholds above; columns are sortable.",
    ),
    "lokus_other": ("Bukan lokus", "Not lokus"),
    "lokus_manual": ("Perubahan manual", "Manual changes"),
    "lokus_action": ("Tindakan", "Action"),
    "action_add": ("Tambah", "Add"),
    "action_remove": ("Keluarkan", "Remove"),
    "lokus_apply": ("Terapkan", "Apply"),
    "lokus_pick_first": ("Pilih {place} dulu.", "Pick a {place} first."),
    "lokus_reason_required": (
        "Setiap penambahan atau pengeluaran manual wajib diberi alasan (maks. {n} karakter).",
        "Every manual addition or removal needs a reason (at most {n} characters).",
    ),
    "lokus_undo_all": ("Batalkan semua perubahan manual", "Undo all manual changes"),
    "lokus_saved_title": ("Pilihan tersimpan", "Saved selections"),
    "lokus_store_note": (
        "Disimpan di berkas pendamping {path} (tetap ada saat basis data dibangun ulang).",
        "Stored in the companion file {path} (kept when the database is rebuilt).",
    ),
    "lokus_save_name": ("Nama pilihan", "Selection name"),
    "lokus_save": ("Simpan", "Save"),
    "lokus_saved_ok": ("Tersimpan: \"{name}\" (#{id})", "Saved: \"{name}\" (#{id})"),
    "lokus_save_failed": ("Gagal menyimpan", "Could not save"),
    "lokus_saved_pick": ("Pilihan tersimpan", "Saved selection"),
    "lokus_open": ("Buka", "Open"),
    "lokus_opened_note": ("Dibuka: \"{name}\" (bobot, N dan alasan dipulihkan)", "Opened: \"{name}\" (weights, N and reasons restored)"),
    "lokus_compare_toggle": ("Bandingkan", "Compare"),
    "lokus_compare_summary": (
        "Dibanding \"{name}\": {both} tetap, {new} baru, {dropped} keluar.",
        "Compared with \"{name}\": {both} kept, {new} new, {dropped} dropped.",
    ),
    "cmp_both": ("Tetap", "Kept"),
    "cmp_new": ("Baru", "New"),
    "cmp_dropped": ("Keluar", "Dropped"),
    "lokus_export": ("Ekspor", "Export"),
    "lokus_dl_xlsx": ("Unduh XLSX", "Download XLSX"),
    "lokus_dl_csv": ("Unduh CSV", "Download CSV"),
    "lokus_dl_png": ("Unduh peta PNG", "Download PNG map"),
    "lokus_dl_html": ("Unduh peta HTML", "Download HTML map"),
    "lokus_map_title": ("{Place} lokus stunting {period}", "Stunting lokus {place} {period}"),
    "lokus_png_source": ("Sumber: e-PPGBM (agregat) · dicetak {date}", "Source: e-PPGBM (aggregates) · printed {date}"),
    "lokus_png_note": ("{n} lokus menurut skor tertimbang; perubahan manual disertai alasan", "{n} lokus by weighted score; manual changes carry a reason"),
    "lokus_footer": ("Metode: {method}", "Method: {method}"),
    "pub_title": ("Tabel publikasi (Aksi 7)", "Publication table (Aksi 7)"),
    "pub_help": (
        "Indikator per {place} untuk publikasi. Angka pada kurang dari N balita dikosongkan dan ditandai.",
        "Indicators per {place} for publication. Rates on fewer than N children are blanked and marked.",
    ),
    "pub_small_n": ("Sembunyikan angka bila balita kurang dari", "Blank rates on fewer children than"),
    "pub_dl_xlsx": ("Unduh tabel XLSX", "Download table XLSX"),
    "pub_dl_csv": ("Unduh tabel CSV", "Download table CSV"),
})


# --- Impor Data (owned by the import page, dashboard/views/impor.py) ---------------------------------------
LABELS.update({
    "page_import": ("Impor Data", "Import data"),
    "import_intro": (
        "Unggah ekspor e-PPGBM, daftar posyandu, sasaran balita, register layanan 1000 HPK dan batas wilayah. "
        "Berkas diperiksa dulu dengan pembaca yang sama seperti `peta-stunting build`; basis data baru dibangun "
        "hanya setelah Anda menyetujui ringkasan pemeriksaan.",
        "Upload e-PPGBM exports, the posyandu list, target children, 1000-HPK service registers and boundaries. "
        "Files are checked first by the same readers as `peta-stunting build`; the database is rebuilt only "
        "after you confirm the validation summary.",
    ),
    "import_limits_title": ("Batas unggahan", "Upload limits"),
    "import_limits": (
        "Paling besar {mb} MB per berkas; paling banyak {rows} baris data per berkas tabel; paling banyak {files} "
        "berkas per jenis; batas wilayah paling banyak {features} kelurahan/desa; isi XLSX/ZIP setelah diekstrak "
        "paling besar {unzipped} GB.",
        "At most {mb} MB per file; at most {rows} data rows per table file; at most {files} files per kind; "
        "boundaries with at most {features} kelurahan/desa; XLSX/ZIP content at most {unzipped} GB once unpacked.",
    ),
    "import_types": ("Jenis berkas: {types}", "File types: {types}"),
    "import_kind_boundaries": ("Batas kelurahan/desa (shapefile sebagai .zip)", "Kelurahan/desa boundaries (shapefile as .zip)"),
    "import_kind_measurements": ("Ekspor e-PPGBM (satu per puskesmas)", "e-PPGBM exports (one per puskesmas)"),
    "import_kind_posyandu": ("Daftar posyandu", "Posyandu list"),
    "import_kind_sasaran": ("Sasaran balita per kelurahan", "Target children per kelurahan"),
    "import_kind_services": ("Register layanan 1000 HPK", "1000-HPK service registers"),
    "import_current": ("Basis data sekarang: {name}, dibangun {built}", "Current database: {name}, built {built}"),
    "import_no_db": (
        "Belum ada basis data: unggah batas wilayah dan minimal satu ekspor e-PPGBM untuk membangunnya.",
        "No database yet: upload boundaries and at least one e-PPGBM export to build it.",
    ),
    "import_plan_title": ("Yang diganti dan yang dipertahankan", "What is replaced and what is kept"),
    "import_plan_note": (
        "Jenis berkas yang tidak Anda unggah memakai berkas impor sebelumnya.",
        "Kinds you do not upload reuse the files of the previous import.",
    ),
    "import_status_replaced": ("Diganti dengan unggahan baru", "Replaced by the new upload"),
    "import_status_kept": ("Dipertahankan dari impor sebelumnya", "Kept from the previous import"),
    "import_status_none": ("Tidak ada", "None"),
    "import_col_kind": ("Jenis berkas", "File kind"),
    "import_col_status": ("Status", "Status"),
    "import_col_files": ("Berkas", "Files"),
    "import_col_file": ("Berkas", "File"),
    "import_col_read": ("Baris dibaca", "Rows read"),
    "import_col_accepted": ("Diterima", "Accepted"),
    "import_col_quarantined": ("Dikarantina", "Quarantined"),
    "import_col_reason": ("Alasan karantina", "Quarantine reason"),
    "import_col_rows": ("Baris", "Rows"),
    "import_col_row": ("Baris ke-", "Row"),
    "import_col_column": ("Kolom", "Column"),
    "import_col_value": ("Isi sel", "Cell value"),
    "import_col_hint": ("Cara memperbaiki", "How to fix"),
    "import_check": ("Periksa berkas", "Check files"),
    "import_checking": ("Memeriksa berkas ...", "Checking files ..."),
    "import_no_files": ("Pilih berkas dulu.", "Choose files first."),
    "import_refused": ("Berkas ditolak; tidak ada yang berubah:", "Files refused; nothing changed:"),
    "import_preview_title": ("Hasil pemeriksaan (belum ada yang berubah)", "Validation summary (nothing has changed yet)"),
    "import_boundary_summary": (
        "Batas wilayah {file}: {kelurahan} kelurahan/desa di {kecamatan} kecamatan.",
        "Boundaries {file}: {kelurahan} kelurahan/desa in {kecamatan} kecamatan.",
    ),
    "import_totals": (
        "Total: {read} baris dibaca, {accepted} diterima, {quarantined} dikarantina.",
        "Total: {read} rows read, {accepted} accepted, {quarantined} quarantined.",
    ),
    "import_examples": ("Alasan dan contoh (3 baris pertama per alasan)", "Reasons and examples (first 3 rows per reason)"),
    "import_no_quarantine": ("Semua baris diterima.", "Every row accepted."),
    "import_confirm": ("Setujui dan bangun ulang basis data", "Confirm and rebuild the database"),
    "import_confirm_note": (
        "Basis data lama tetap dipakai sampai yang baru selesai dibangun; bila pembangunan gagal, yang lama tetap.",
        "The old database keeps serving until the new one is complete; if the build fails, the old one stays.",
    ),
    "import_cancel": ("Batalkan unggahan", "Discard the upload"),
    "import_cancelled": ("Unggahan dibuang.", "Upload discarded."),
    "import_not_ready": ("Belum dapat dibangun:", "Cannot build yet:"),
    "import_stale": ("Pilihan berkas berubah sejak diperiksa: periksa lagi.", "The files changed since the check: check again."),
    "import_building": ("Membangun basis data ...", "Building the database ..."),
    "import_step": ("Langkah {step} dari {total}: {label}", "Step {step} of {total}: {label}"),
    "import_done": (
        "Selesai dalam {seconds} detik: {files} berkas diimpor. Semua halaman kini memakai data baru.",
        "Done in {seconds} s: {files} files imported. Every page now shows the new data.",
    ),
    "import_failed": ("Impor gagal; basis data lama tetap dipakai.", "Import failed; the old database keeps serving."),
    "import_unexpected": (
        "Kesalahan tak terduga ({error}); basis data lama tetap dipakai.",
        "Unexpected error ({error}); the old database keeps serving.",
    ),
    "import_busy": (
        "Impor lain sedang membangun basis data ini; coba lagi setelah selesai.",
        "Another import is rebuilding this database; try again when it is done.",
    ),
})


def _merge_label_areas() -> None:
    """Add the labels of every module in `pipelines/present/labels/` (one module per area)."""
    import importlib
    import pkgutil

    from pipelines.present import labels

    for info in sorted(pkgutil.iter_modules(labels.__path__), key=lambda m: m.name):
        area = importlib.import_module(f"{labels.__name__}.{info.name}")
        clash = sorted(LABELS.keys() & area.LABELS.keys())
        if clash:
            raise RuntimeError(f"glossary keys defined twice ({info.name}): {', '.join(clash[:5])}")
        LABELS.update(area.LABELS)


_merge_label_areas()
