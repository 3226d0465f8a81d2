"""Quarantine reasons: one English code, one plain Indonesian message (and its English twin) each.

Every row the import rejects lands in the `quarantine` table with one of these codes.
"""
from __future__ import annotations

REASONS: dict[str, tuple[str, str]] = {
    # code: (Indonesian, English)
    "unparseable_date": ("Tanggal tidak terbaca", "Date cannot be read"),
    "missing_value": ("Nilai wajib kosong", "Required value is empty"),
    "birth_after_measurement": ("Tanggal lahir sesudah tanggal pengukuran", "Birth date after measurement date"),
    "age_over_59_months": ("Umur saat ukur lebih dari 59 bulan", "Age at measurement over 59 months"),
    "height_out_of_range": ("Tinggi/panjang badan di luar rentang yang mungkin", "Height/length outside the possible range"),
    "weight_out_of_range": ("Berat badan di luar rentang yang mungkin", "Weight outside the possible range"),
    "height_weight_swapped": ("Berat dan tinggi tampaknya tertukar", "Weight and height look swapped"),
    "unknown_sex": ("Jenis kelamin tidak dikenal", "Unknown sex"),
    "unknown_kelurahan": ("Kelurahan/desa tidak dikenal", "Unknown kelurahan/desa"),
    "ambiguous_kelurahan": ("Nama kelurahan/desa tidak unik di kecamatan ini", "Kelurahan/desa name is ambiguous"),
    "unknown_posyandu": ("Posyandu tidak dikenal", "Unknown posyandu"),
    "duplicate": ("Baris ganda (anak, tanggal dan posyandu sama)", "Duplicate row (same child, date and posyandu)"),
    "unknown_target_type": ("Jenis sasaran tidak dikenal", "Unknown target type"),
    "invalid_service_value": ("Isian layanan bukan ya/tidak/kosong", "Service value is not yes/no/empty"),
    "age_out_of_range": ("Umur di luar rentang sasaran", "Age outside the target range"),
    "invalid_period": ("Periode bukan YYYY-MM", "Period is not YYYY-MM"),
    "invalid_coordinates": ("Koordinat tidak valid", "Invalid coordinates"),
    "invalid_number": ("Angka tidak terbaca", "Number cannot be read"),
}
# reasons added since (issues 16, 22): their texts are glossary keys `reason_<code>` (pipelines/present/labels/
# inputs.py), and a reason that reads differently per input kind has `reason_<code>_<kind>` there too
NEW_REASONS = ("column_count", "birth_after_period")
KINDS = ("measurement", "service", "posyandu", "sasaran")


def _glossary(key: str) -> tuple[str, str] | None:
    from pipelines.present.glossary import LABELS

    return LABELS.get(key)


for _code in NEW_REASONS:
    REASONS[_code] = _glossary(f"reason_{_code}") or (_code, _code)


def reason_text(code: str, lang: str = "id", kind: str | None = None) -> str:
    """The message for a reason code (for one input kind when it reads differently there), Indonesian by
    default; an unknown code is shown as itself."""
    pair = (_glossary(f"reason_{code}_{kind}") if kind else None) or REASONS.get(code) or (code, code)
    return pair[0] if lang == "id" else pair[1]


def reasons_frame(kind: str | None = None):
    """All reasons as a DataFrame (`reason_code, reason, reason_en`) for one input kind, for joining in SQL."""
    import pandas as pd

    return pd.DataFrame(
        [(code, reason_text(code, "id", kind), reason_text(code, "en", kind)) for code in REASONS],
        columns=["reason_code", "reason", "reason_en"],
    )
