"""Scorecard Konvergensi Desa: one A4 page per desa/kelurahan and period, in the layout of the official form,
and a ZIP of every desa's PDF for the Dana Desa documents.

The four parts (DESIGN.md "What the aksi expect"):
- T1 sasaran 1000 HPK: ibu hamil (and how many KEK/risiko tinggi), anak 0–23 bulan (and how many gizi
  buruk/kurang/stunting), anak 2–6 tahun, from the 1000-HPK registers (`service_targets`); the risk markers
  are the packages' (`service_packages.risk`);
- T2 hasil pengukuran: children measured and their length/height-for-age in three colours, as the growth mat
  (tikar pertumbuhan) shows them: hijau = normal (TB/U ≥ -2 SD), kuning = pendek (-3 SD ≤ TB/U < -2 SD),
  merah = sangat pendek (TB/U < -3 SD), from the indicators `stunting` and `severe_stunting`;
- T3 layanan: for each service of each target type, the targets that should have received it (applicable)
  and those that did (`service_status`);
- T4 tingkat konvergensi: services received ÷ services that should have been received, per target type and
  in total (the `konvergensi[_<type>]` indicators).
A scorecard is the desa's own working document, so counts are printed as they are (no small-number
suppression); it holds aggregates only.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.indicators import catalogue
from pipelines.outputs.document import DocContext
from pipelines.outputs.pdfpage import Page, pdf_bytes
from pipelines.present import format as fmt
from pipelines.present.glossary import text

TARGET_ORDER = ("ibu_hamil", "anak_0_23", "anak_2_6")


@dataclass
class ScorecardData:
    """Everything one period's scorecards need, read once for every desa."""

    places: pd.DataFrame        # kode, nama, kecamatan_nama
    targets: pd.DataFrame       # kode, target_type, targets, <risk marker columns: count>
    risks: dict[str, list[str]]  # target type -> risk marker columns that apply to it
    services: pd.DataFrame      # kode, target_type, service, label, ordinal, should, received
    growth: pd.DataFrame        # kode, measured, stunted, severe
    convergence: pd.DataFrame   # kode, indicator, numerator, denominator, value


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def read_scorecard_data(con: duckdb.DuckDBPyConnection, period: str) -> ScorecardData:
    tables = _tables(con)
    places = con.execute("SELECT kode, nama, kecamatan_nama FROM kelurahan ORDER BY kecamatan_nama, nama, kode").df()
    risks: dict[str, list[str]] = {}
    targets = pd.DataFrame(columns=["kode", "target_type", "targets"])
    services = pd.DataFrame(columns=["kode", "target_type", "service", "label", "ordinal", "should", "received"])
    if {"service_targets", "service_packages", "service_status"} <= tables:
        for target_type, risk in con.execute(
                "SELECT DISTINCT target_type, risk FROM service_packages WHERE risk IS NOT NULL ORDER BY 1, 2").fetchall():
            risks.setdefault(target_type, []).append(f"risk_{risk}")
        columns = {c for (c,) in con.execute("SELECT column_name FROM information_schema.columns"
                                             " WHERE table_name = 'service_targets'").fetchall()}
        markers = sorted({m for ms in risks.values() for m in ms if m in columns})
        risk_sql = "".join(f", count(*) FILTER (WHERE \"{m}\") AS \"{m}\"" for m in markers)
        targets = con.execute(f"SELECT kode, target_type, count(*) AS targets{risk_sql} FROM service_targets"
                              " WHERE period = ? GROUP BY ALL", [period]).df()
        services = con.execute(
            """SELECT s.kode, s.target_type, s.service, p.label, p.ordinal,
                      count(*) FILTER (WHERE s.status <> 'not_applicable') AS should,
                      count(*) FILTER (WHERE s.status = 'received') AS received
               FROM service_status s JOIN service_packages p ON p.service = s.service AND p.target_type = s.target_type
               WHERE s.period = ? GROUP BY ALL""", [period]).df()
    growth = con.execute(
        """SELECT kode, max(denominator) FILTER (WHERE indicator = $headline) AS measured,
                  max(numerator) FILTER (WHERE indicator = $headline) AS stunted,
                  max(numerator) FILTER (WHERE indicator = $severe) AS severe
           FROM indicators WHERE level = 'kelurahan' AND period = $period AND indicator IN ($headline, $severe)
           GROUP BY kode""", {"headline": catalogue.HEADLINE, "severe": catalogue.HEADLINE_SEVERE, "period": period}).df()
    convergence = con.execute(
        """SELECT kode, indicator, numerator, denominator, value FROM indicators
           WHERE level = 'kelurahan' AND period = ? AND (indicator = 'konvergensi' OR indicator LIKE 'konvergensi\\_%' ESCAPE '\\')""",
        [period]).df()
    return ScorecardData(places, targets, risks, services, growth, convergence)


def _n(value, lang: str) -> str:
    return fmt.DASH if value is None or pd.isna(value) else fmt.number(value, 0, lang)


def _risk_label(marker: str, lang: str) -> str:
    return text(f"sc_{marker}", lang) if f"sc_{marker}" in _known() else marker.removeprefix("risk_").replace("_", " ")


def _known() -> set[str]:
    from pipelines.present.glossary import LABELS

    return set(LABELS)


def scorecard_page(data: ScorecardData, kode: str, ctx: DocContext) -> Page:
    """The scorecard of one desa/kelurahan (one A4 page)."""
    lang = ctx.lang
    place = data.places.set_index("kode").loc[kode]
    page = Page(ctx, text("sc_title", lang), text("sc_subtitle", lang, desa=place["nama"], kecamatan=place["kecamatan_nama"]))

    # T1 sasaran
    page.heading(text("sc_t1", lang))
    mine = data.targets[data.targets["kode"] == kode].set_index("target_type")
    rows = []
    for target_type in [t for t in TARGET_ORDER if t in set(data.targets["target_type"]) or t in data.risks] or TARGET_ORDER:
        total = mine["targets"].get(target_type) if len(mine) else None
        rows.append([catalogue.target_label(target_type, lang).capitalize(), _n(total or 0, lang)])
        for marker in data.risks.get(target_type, []):
            value = mine[marker].get(target_type) if marker in mine.columns else None
            rows.append([f"    {_risk_label(marker, lang)}", _n(value or 0, lang)])
    page.table([text("sc_col_target", lang), text("sc_col_count", lang)], rows, [0.7, 0.3], align=["l", "r"])

    # T2 growth result
    page.heading(text("sc_t2", lang))
    growth = data.growth.set_index("kode")
    if kode in growth.index and not pd.isna(growth.at[kode, "measured"]):
        measured, stunted = growth.at[kode, "measured"], growth.at[kode, "stunted"] or 0
        severe = growth.at[kode, "severe"] if not pd.isna(growth.at[kode, "severe"]) else 0
        cells = [_n(measured, lang), _n(measured - stunted, lang), _n(stunted - severe, lang), _n(severe, lang)]
    else:
        cells = [fmt.DASH] * 4
    page.table([text("sc_col_measured", lang), text("sc_green", lang), text("sc_yellow", lang), text("sc_red", lang)],
               [cells], [0.25, 0.25, 0.25, 0.25], align=["r"] * 4,
               fills=[[None, "green", "yellow", "red"]])
    page.text(text("sc_t2_note", lang), size=7, color="#505050")

    # T3 services
    page.heading(text("sc_t3", lang))
    svc = data.services[data.services["kode"] == kode]
    if svc.empty:
        page.text(text("no_services", lang), italic=True)
    else:
        rows, bold = [], []
        number = 0
        for target_type in [t for t in TARGET_ORDER if t in set(svc["target_type"])] + sorted(set(svc["target_type"]) - set(TARGET_ORDER)):
            bold.append(len(rows))
            rows.append([catalogue.target_label(target_type, lang).capitalize(), "", "", ""])
            for _, r in svc[svc["target_type"] == target_type].sort_values("ordinal").iterrows():
                number += 1
                share = r["received"] / r["should"] if r["should"] else float("nan")
                rows.append([f"{number}. {r['label']}", _n(r["should"], lang), _n(r["received"], lang),
                             fmt.percent(share, 1, lang)])
        page.table([text("sc_col_service", lang), text("sc_col_should", lang), text("sc_col_received", lang),
                    text("sc_col_pct", lang)], rows, [0.58, 0.14, 0.14, 0.14], size=7, bold_rows=bold)

    # T4 convergence
    page.heading(text("sc_t4", lang))
    conv = data.convergence[data.convergence["kode"] == kode].set_index("indicator")
    rows = []
    for key in [f"konvergensi_{t}" for t in TARGET_ORDER] + ["konvergensi"]:
        if key in conv.index:
            r = conv.loc[key]
            name = catalogue.target_label(key.removeprefix("konvergensi_"), lang).capitalize() if key != "konvergensi" \
                else text("sc_total", lang)
            rows.append([name, _n(r["numerator"], lang), _n(r["denominator"], lang), fmt.percent(r["value"], 1, lang)])
    if rows:
        page.table([text("sc_col_group", lang), text("sc_col_received_services", lang), text("sc_col_should_services", lang),
                    text("sc_col_level", lang)], rows, [0.4, 0.2, 0.2, 0.2], bold_rows=[len(rows) - 1])
        page.text(text("sc_t4_note", lang), size=7, color="#505050")
    else:
        page.text(text("no_services", lang), italic=True)
    return page


def file_name(kode: str, nama: str, period: str) -> str:
    """'scorecard_2025-08_99.71.01.1001_sekaran.pdf'."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(nama).lower()).strip("-") or "desa"
    return f"scorecard_{period}_{kode}_{slug}.pdf"


def scorecard_pdf(con: duckdb.DuckDBPyConnection, kode: str, period: str, ctx: DocContext,
                  data: ScorecardData | None = None) -> bytes:
    """One desa's scorecard as a one-page PDF."""
    data = data or read_scorecard_data(con, period)
    if kode not in set(data.places["kode"]):
        raise ValueError(f"kode desa/kelurahan {kode} tidak ada di basis data")
    return pdf_bytes([scorecard_page(data, kode, ctx)], text("sc_title", ctx.lang))


def scorecards_zip(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext) -> bytes:
    """A ZIP with one scorecard PDF per desa/kelurahan of the kabupaten/kota."""
    data = read_scorecard_data(con, period)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kode, nama in zip(data.places["kode"], data.places["nama"]):
            archive.writestr(file_name(kode, nama, period), scorecard_pdf(con, kode, period, ctx, data))
    return buffer.getvalue()
