"""The read model of a built database: what the dashboard, lokus, slides, PDFs, exports, the upload preview and
Profil read, each function taking a `duckdb.DuckDBPyConnection` (read-only is enough).

One definition per question:
- indicator values per level and period (`indicator_values`), the periods (`periods`), the headline period;
- the comparison period (`comparison_period`): **the same month one year earlier when that period has values,
  else the latest earlier period** (a year-on-year comparison removes the season: weighing months differ in
  who comes; the fallback keeps a trend for data of less than a year). Peta, slides and lokus all use it and
  say so (glossary `compare_rule`);
- settings and `meta` (`meta`, `small_n`: the build's value, else the `Settings` default; `sd_expected`: the
  expected SD ranges of the z-scores the build graded with);
- per-posyandu shares (`posyandu_shares`): a child of a posyandu in a period is the child at its latest
  measurement of the period with a valid (non-NULL, unflagged) z, stunted when that z is below the catalogue's
  cut-off, exactly as `pipelines/sql/indicators/growth_children.sql` and `growth_counts.sql` count it;
- `table_exists` (the one implementation lives in `pipelines.sqlfiles`);
- the sources as a person reads them (`sources_summary`: "e-PPGBM, 10 puskesmas, Agustus 2025");
- whether the places are desa, kelurahan or both (`place_kind`, from the Kemendagri codes).
"""
from __future__ import annotations

import json

import duckdb
import pandas as pd

from geo.codes import place_kind as _place_word
from pipelines.indicators import catalogue
from pipelines.present import format as fmt
from pipelines.present.glossary import text
from pipelines.quality.standards import sd_ranges
from pipelines.settings import Settings
from pipelines.sqlfiles import table_exists

__all__ = [
    "table_exists", "indicator_names", "periods", "latest_period", "comparison_period", "indicator_values",
    "publication_values", "meta", "meta_value", "small_n", "sd_expected", "posyandu_shares", "kabupaten_name", "sources_summary",
    "place_kind",
]

LEVELS = ("kelurahan", "kecamatan", "kabupaten")


def indicator_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Indicator keys present in `indicators`, in catalogue order (stunting first)."""
    if not table_exists(con, "indicators"):
        return []
    return catalogue.ordered_keys(r[0] for r in con.execute("SELECT DISTINCT indicator FROM indicators").fetchall())


def periods(con: duckdb.DuckDBPyConnection, indicator: str | None = None, level: str = "kelurahan") -> list[str]:
    """Periods ('YYYY-MM') with values at `level` (of `indicator`, or of any indicator), newest first."""
    if not table_exists(con, "indicators"):
        return []
    rows = con.execute(
        "SELECT DISTINCT period FROM indicators WHERE level = $level AND ($ind IS NULL OR indicator = $ind)"
        " ORDER BY period DESC", {"level": level, "ind": indicator}).fetchall()
    return [r[0] for r in rows]


def latest_period(con: duckdb.DuckDBPyConnection, indicator: str = catalogue.HEADLINE) -> str | None:
    """The newest period with values of `indicator` (default: the headline indicator), or None."""
    found = periods(con, indicator)
    return found[0] if found else None


def comparison_period(available: list[str], period: str) -> str | None:
    """The period `period` is compared with (module docstring): the same month a year earlier when it is among
    `available`, else the latest of `available` before `period`; None when there is none."""
    earlier = sorted((p for p in available if p < period), reverse=True)
    if not earlier:
        return None
    try:
        year_before = f"{int(period[:4]) - 1:04d}{period[4:]}"
    except ValueError:
        year_before = ""
    return year_before if year_before in earlier else earlier[0]


def indicator_values(con: duckdb.DuckDBPyConnection, indicator: str, period: str,
                     level: str = "kelurahan") -> pd.DataFrame:
    """kode, numerator, denominator, value (share 0..1), ci_low, ci_high of one indicator, level and period."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    return con.execute(
        "SELECT kode, numerator, denominator, value, ci_low, ci_high FROM indicators"
        " WHERE level = $level AND indicator = $ind AND period = $period ORDER BY kode",
        {"level": level, "ind": indicator, "period": period}).df()


def publication_values(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    """Kelurahan-level indicators of one period with place names (long form, for the Aksi 7 table)."""
    return con.execute(
        """SELECT k.kode, k.nama, k.kecamatan_nama, i.indicator, i.numerator, i.denominator, i.value, i.ci_low, i.ci_high
           FROM kelurahan k JOIN indicators i ON i.kode = k.kode AND i.level = 'kelurahan' AND i.period = $p
           ORDER BY k.kode, i.indicator""", {"p": period}).df()


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The build's `meta` table as a dict (empty when absent)."""
    if not table_exists(con, "meta"):
        return {}
    return dict(con.execute("SELECT key, value FROM meta").fetchall())


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    return meta(con).get(key)


def small_n(con: duckdb.DuckDBPyConnection) -> int:
    """Rates on fewer children/targets than this are marked: the build's setting (meta `small_n`), else the
    `Settings` default."""
    value = meta_value(con, "small_n")
    return int(value) if value and value.isdigit() else Settings().small_n


def sd_expected(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, float]]:
    """Expected SD range per z-score ('haz', 'waz', 'whz') the build used: its `Settings.haz_sd_expected`
    (meta 'reconcile') for HAZ, the published ranges otherwise (`pipelines.quality.standards.SD_RANGE`)."""
    try:
        haz = json.loads(meta_value(con, "reconcile") or "{}").get("haz_sd_expected")
        return sd_ranges(tuple(haz) if haz else None)
    except (ValueError, TypeError, AttributeError):
        return sd_ranges()


def posyandu_shares(con: duckdb.DuckDBPyConnection, period: str, kode: str | None = None,
                    with_coordinates: bool = False) -> pd.DataFrame:
    """Per posyandu (of kelurahan `kode`, or all): posyandu_id, nama, kode, lon, lat, children (children whose
    latest measurement of `period` was there), valid (children whose latest valid z of the headline indicator
    was there) and stunted (of those, z below the catalogue cut-off): the growth SQL's definition, the
    measurements `measured_children` chose (pipelines.growth.measured; a database built before it has none)."""
    ind = catalogue.indicator(catalogue.HEADLINE)
    z, op = ind.z_column, "<" if ind.below else ">"
    cut = round(ind.cutoff * 100)
    if not all(table_exists(con, t) for t in ("posyandu", "measurements", "measured_children")):
        return pd.DataFrame(columns=["posyandu_id", "nama", "kode", "lon", "lat", "children", "valid", "stunted"])
    where = ["($kode IS NULL OR p.kode = $kode)"]
    if with_coordinates:
        where.append("p.lon IS NOT NULL AND p.lat IS NOT NULL")
    return con.execute(
        f"""
        WITH latest AS (
            SELECT m.child_id, any_value(m.posyandu_id) FILTER (WHERE c.latest) AS posyandu_any,
                   any_value(m.posyandu_id) FILTER (WHERE c.latest_{z}) AS posyandu_valid,
                   any_value(({z} * 100)::BIGINT) FILTER (WHERE c.latest_{z}) AS zc
            FROM measured_children c JOIN measurements m USING (measurement_id)
            WHERE m.period = $period GROUP BY m.child_id
        )
        SELECT p.posyandu_id, p.nama, p.kode, p.lon, p.lat,
               (SELECT count(*) FROM latest l WHERE l.posyandu_any = p.posyandu_id) AS children,
               (SELECT count(*) FROM latest l WHERE l.posyandu_valid = p.posyandu_id) AS valid,
               (SELECT count(*) FROM latest l WHERE l.posyandu_valid = p.posyandu_id AND l.zc {op} {cut}) AS stunted
        FROM posyandu p WHERE {' AND '.join(where)}
        ORDER BY p.nama, p.posyandu_id
        """, {"period": period, "kode": kode}).df()


def kabupaten_name(con: duckdb.DuckDBPyConnection) -> str:
    """Name(s) of the kabupaten/kota in the database."""
    if table_exists(con, "kabupaten"):
        names = [r[0] for r in con.execute("SELECT nama FROM kabupaten ORDER BY kode").fetchall() if r[0]]
        if names:
            return ", ".join(names)
    names = [r[0] for r in con.execute("SELECT DISTINCT kabupaten_nama FROM kelurahan ORDER BY 1").fetchall() if r[0]]
    return ", ".join(names)


def place_kind(con: duckdb.DuckDBPyConnection) -> str:
    """'desa', 'kelurahan' or 'desa/kelurahan': what the loaded villages are, from their Kemendagri codes
    (the fourth part starts with 1 for a kelurahan, 2 for a desa; `kelurahan.jenis`)."""
    if not table_exists(con, "kelurahan"):
        return "desa/kelurahan"
    return _place_word(r[0] for r in con.execute("SELECT DISTINCT jenis FROM kelurahan").fetchall())


def sources_summary(con: duckdb.DuckDBPyConnection, lang: str = "id") -> str:
    """The data behind the numbers as a person names it: 'e-PPGBM, 10 puskesmas, Agustus 2025 · register
    1000 HPK, 3 berkas · daftar posyandu · sasaran balita' (no file names, no internal kinds)."""
    if not table_exists(con, "sources"):
        return fmt.DASH
    counts = dict(con.execute("SELECT kind, count(*) FROM sources GROUP BY kind").fetchall())
    parts = []
    if counts.get("measurement"):
        span = ""
        if table_exists(con, "measurements"):
            first, last = con.execute("SELECT min(period), max(period) FROM measurements").fetchall()[0]
            if last:
                span = fmt.period_words(last, lang) if first == last else \
                    f"{fmt.period_words(first, lang)}–{fmt.period_words(last, lang)}"
        parts.append(text("source_eppgbm", lang, n=counts["measurement"], periods=span).rstrip(", "))
    if counts.get("service"):
        parts.append(text("source_services", lang, n=counts["service"]))
    if counts.get("posyandu"):
        parts.append(text("source_posyandu", lang))
    if counts.get("sasaran"):
        parts.append(text("source_sasaran", lang))
    if counts.get("survey"):
        parts.append(text("source_survey", lang))
    return " · ".join(parts) or fmt.DASH
