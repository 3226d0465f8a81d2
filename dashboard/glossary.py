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
