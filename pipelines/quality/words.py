"""Grades and reasons in words, for the dashboard, the lokus ranking and the Laporan kualitas data.

A reason is a struct {code, severity, value} from `quality_grades.reasons`; its text is the glossary's
`qreason_<code>` with the value formatted for the language (SD with 2 decimals, DPS with 1, shares as %).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from pipelines.present import format as fmt
from pipelines.present.glossary import text

GRADE_ORDER = {"bermasalah": 0, "perhatian": 1, "baik": 2, "kurang_data": 3}
GRADE_COLOURS = {  # RGBA for maps; red / orange / green / grey
    "bermasalah": [202, 0, 32, 255],
    "perhatian": [244, 165, 30, 255],
    "baik": [26, 150, 65, 255],
    "kurang_data": [160, 160, 160, 255],
}
_SD = ("sd_haz_high", "sd_whz_high", "sd_waz_high")
_SCORE = ("dps_height", "dps_weight")
_COUNT = ("smart_problematic", "over_59")


def value_text(code: str, value: float | None, lang: str = "id") -> str:
    """The value of a reason as its text shows it."""
    if code in _SD:
        return fmt.number(value, 2, lang)
    if code in _SCORE:
        return fmt.number(value, 1, lang)
    if code in _COUNT:
        return fmt.number(value, 0, lang)
    return fmt.percent(value, 1, lang)


def reason_text(reason: Mapping, lang: str = "id") -> str:
    """'SD TB/U 2,30: kemungkinan kesalahan pengukuran panjang badan'."""
    return text(f"qreason_{reason['code']}", lang, value=value_text(reason["code"], reason.get("value"), lang))


def reasons_text(reasons: Iterable[Mapping] | None, lang: str = "id", sep: str = "; ") -> str:
    """All reasons of a unit, problems first, in one line ('' when none)."""
    items = sorted(list(reasons if reasons is not None else []), key=lambda r: -int(r["severity"]))
    return sep.join(reason_text(r, lang) for r in items)


def todo_text(code: str, lang: str = "id") -> str:
    """What to do about a reason."""
    return text(f"qtodo_{code}", lang)


def ranges_text(ranges: Mapping[str, tuple[float, float]], lang: str = "id") -> str:
    """'TB/U 1,35–1,95; BB/U 1,17–1,46; BB/TB 1,08–1,50': expected SD ranges (`standards.sd_ranges`) in words."""
    return text("qstd_sd_ranges", lang, **{z: f"{fmt.number(lo, 2, lang)}–{fmt.number(hi, 2, lang)}"
                                           for z, (lo, hi) in ranges.items()})


def grade_text(grade: str | None, lang: str = "id") -> str:
    return fmt.DASH if not grade else text(f"qgrade_{grade}", lang)


def smart_text(grade: str | None, lang: str = "id") -> str:
    return fmt.DASH if not grade else text(f"smart_{grade}", lang)
