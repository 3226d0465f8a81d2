"""Kemendagri area codes and place names: normalise them so that files from different sources join.

A desa/kelurahan code is `PP.KK.CC.DDDD` (13 characters): province, kabupaten/kota, kecamatan, village.
The village part starts with 1 for a kelurahan and 2 for a desa. The undotted 10-digit form
(`1771011001`) is accepted everywhere and stored dotted. A BPS 10-digit code (`1771010001`, kecamatan
`010`, village `001`) has a village part that starts with 0 and is therefore refused, not misread; a BPS
code of a split kecamatan (`1771011001`, kecamatan `011`) cannot be told apart one code at a time, so
`geo.boundaries.read_boundaries` refuses a whole code column that looks like BPS.

Names are not keys; `normalise_name` only makes a name comparable *within one kecamatan*.
"""
from __future__ import annotations

import math
import re
import unicodedata
from numbers import Integral, Real

import pandas as pd

# two digits province, two kabupaten/kota, two kecamatan, four village (first digit 1 or 2);
# the groups may be separated by '.', '-', '/', '_' or spaces, or not at all.
_SEP = r"[.\-/_\s]?"
_KODE_RE = re.compile(rf"^(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}([12]\d{{3}})$")
_KEC_RE = re.compile(rf"^(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}})$")
_KAB_RE = re.compile(rf"^(\d{{2}}){_SEP}(\d{{2}})$")

# prefixes a register or export writes before a village name (after casefolding)
_NAME_PREFIX_RE = re.compile(r"^(?:kelurahan|kel\.?|desa|ds\.?)(?:\s+|(?<=\.))")


def _as_text(value: object) -> str | None:
    """A code cell as text: ints and integral floats (1771011001.0 from a spreadsheet) as digits."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        if math.isnan(value) or not float(value).is_integer():
            return None
        return str(int(value))
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value).strip()


def normalise_kode(value: object) -> str | None:
    """Desa/kelurahan code in Kemendagri dotted form `PP.KK.CC.DDDD`, or None when it is not one.

    Accepts '17.71.01.1001', '1771011001', ' 17.71.01.1001 ', 1771011001 and 1771011001.0.
    """
    text = _as_text(value)
    if not text:
        return None
    match = _KODE_RE.match(text)
    return ".".join(match.groups()) if match else None


def normalise_kode_series(values: pd.Series) -> pd.Series:
    """Vectorised `normalise_kode` for a whole column (None where a value is not a village code)."""
    s = pd.Series(values, copy=False)
    if pd.api.types.is_float_dtype(s.dtype):
        integral = s.notna() & (s % 1 == 0)
        text = s.where(integral).astype("Int64").astype("string")
    elif s.dtype == object:  # mixed cells (text and spreadsheet numbers): each as `normalise_kode` reads it
        text = s.map(_as_text).astype("string")
    else:
        text = s.astype("string")
    parts = text.str.strip().str.extract(_KODE_RE)
    dotted = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3]
    return dotted.astype(object).where(dotted.notna(), None)


def kecamatan_of(kode: object) -> str | None:
    """Kecamatan code `PP.KK.CC` of a village code (or of a kecamatan code itself); None if invalid."""
    village = normalise_kode(kode)
    if village:
        return village[:8]
    text = _as_text(kode)
    match = _KEC_RE.match(text) if text else None
    return ".".join(match.groups()) if match else None


def kabupaten_of(kode: object) -> str | None:
    """Kabupaten/kota code `PP.KK` of a village or kecamatan code (or of itself); None if invalid."""
    kecamatan = kecamatan_of(kode)
    if kecamatan:
        return kecamatan[:5]
    text = _as_text(kode)
    match = _KAB_RE.match(text) if text else None
    return ".".join(match.groups()) if match else None


def jenis_of(kode: object) -> str | None:
    """'kelurahan' when the village part starts with 1, 'desa' when with 2, None for an invalid code."""
    village = normalise_kode(kode)
    if village is None:
        return None
    return "kelurahan" if village[9] == "1" else "desa"


def place_kind(kinds) -> str:
    """The word for the villages of a data set from their kinds (`jenis_of` values): 'desa' when all are desa,
    'kelurahan' when all are kelurahan, 'desa/kelurahan' when both (or none) occur."""
    found = {k for k in kinds if k in ("desa", "kelurahan")}
    return found.pop() if len(found) == 1 else "desa/kelurahan"


def normalise_name(name: object) -> str:
    """A village name made comparable within a kecamatan.

    Unicode NFKC, casefold, `Kel.`/`Kelurahan`/`Desa`/`Ds.` prefix removed, apostrophes removed,
    other punctuation turned into spaces, spaces collapsed. 'Kel. Pagar  Dewa' -> 'pagar dewa'.
    An empty or missing name gives ''.
    """
    if name is None or (isinstance(name, float) and math.isnan(name)) or name is pd.NA:
        return ""
    text = unicodedata.normalize("NFKC", str(name)).casefold().strip()
    text = re.sub(r"['`’‘]", "", text)
    text = re.sub(r"\s+", " ", text)
    text = _NAME_PREFIX_RE.sub("", text, count=1)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def normalise_name_series(names: pd.Series) -> pd.Series:
    """Vectorised `normalise_name` for a whole column."""
    text = pd.Series(names, copy=False).astype("string").fillna("")
    text = text.map(lambda v: unicodedata.normalize("NFKC", v)).str.casefold().str.strip()
    text = text.str.replace(r"['`’‘]", "", regex=True).str.replace(r"\s+", " ", regex=True)
    text = text.str.replace(_NAME_PREFIX_RE, "", regex=True)
    text = text.str.replace(r"[^\w\s]|_", " ", regex=True).str.replace(r"\s+", " ", regex=True).str.strip()
    return text.astype(object)
