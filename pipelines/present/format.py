"""Numbers and dates as users read them: Indonesian decimal comma and thousands dot, month names in words.

One place for the locale, used by the dashboard, the exports, the PDFs and the slides. Shares are 0..1;
changes are differences of shares shown as percentage points ("poin persen", "pp").
"""
from __future__ import annotations

import datetime as dt
import math

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
DASH = "–"  # shown for a missing value


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value: float | int | None, decimals: int = 0, lang: str = "id", sign: bool = False) -> str:
    """`1234.5` -> '1.234,5' (id) or '1,234.5' (en); `sign` adds + to positive values."""
    if _missing(value):
        return DASH
    text = f"{float(value):{'+' if sign else ''},.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share: float | None, decimals: int = 1, lang: str = "id") -> str:
    """A share 0..1 as '22,8 %' (id) / '22.8 %' (en)."""
    return DASH if _missing(share) else f"{number(share * 100, decimals, lang)} %"


def points(change: float | None, decimals: int = 1, lang: str = "id") -> str:
    """A difference of shares as signed percentage points: '+3,1 pp'."""
    return DASH if _missing(change) else f"{number(change * 100, decimals, lang, sign=True)} pp"


def share_range(low: float | None, high: float | None, decimals: int = 1, lang: str = "id") -> str:
    """A 95 % interval of shares: '18,2–27,9 %'."""
    if _missing(low) or _missing(high):
        return DASH
    return f"{number(low * 100, decimals, lang)}–{number(high * 100, decimals, lang)} %"


def period_words(period: str | None, lang: str = "id") -> str:
    """'2025-08' -> 'Agustus 2025' / 'August 2025'; anything else is returned as it is."""
    if not period:
        return DASH
    try:
        year, month = str(period).split("-")[:2]
        return f"{MONTHS[lang][int(month) - 1]} {int(year)}"
    except (ValueError, IndexError):
        return str(period)


def date_words(value: dt.date | dt.datetime | str | None, lang: str = "id") -> str:
    """A date as '2 Desember 2026' / '2 December 2026'."""
    if value is None or value == "":
        return DASH
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def datetime_words(value: dt.datetime | str | None, lang: str = "id") -> str:
    """A time stamp to the minute as '1 September 2025 08.30' (id) / '1 September 2025 08:30' (en)."""
    if value is None or value == "":
        return DASH
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip()[:19])
        except ValueError:
            return value
    clock = f"{value.hour:02d}.{value.minute:02d}" if lang == "id" else f"{value.hour:02d}:{value.minute:02d}"
    return f"{date_words(value, lang)} {clock}"


def csv_options(lang: str = "id") -> dict[str, str]:
    """pandas `to_csv` options Excel opens correctly in that locale: `;` and decimal comma for id."""
    return {"sep": ";", "decimal": ","} if lang == "id" else {"sep": ",", "decimal": "."}


def vega_locale(lang: str = "id") -> dict:
    """Vega/Altair number locale (`Chart.configure(locale={"number": ...})`): chart axes and tooltips write
    numbers as `number` does."""
    if lang == "id":
        return {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}
