"""Paket Aksi 1 (analisis situasi): an editable DOCX report and its XLSX, in one ZIP or as files.

Contents, titled as the Aksi 1 guidance lays them out:
- Tabel 1.1 cakupan layanan intervensi per desa/kelurahan (measurement coverage, every 1000-HPK service,
  complete access, konvergensi, stunting);
- Tabel 1.2 matriks prioritas (traffic light: rows desa/kelurahan, columns criteria, cell colour + value);
- Gambar 1.1 prevalensi stunting per kecamatan with the desa/kelurahan hot spots (Gi*);
- Gambar 1.2 jumlah kasus stunting per kecamatan;
- Gambar 1.3 peta lokasi fokus (kabupaten/kota, legend, north arrow, scale, source; lokus added or removed
  by hand marked);
- Tabel 1.3 daftar lokasi fokus with the reason of each (the criteria that weigh most for a top-N lokus, the
  planner's reason for a manual change, marked as such);
- the method in plain Indonesian (weights, normalisation, shrinkage, hot-spot settings, thresholds).
The lokus are the newest saved selection of the period (Pemilihan Lokus), else the default weights and N.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.indicators import catalogue
from pipelines.lokus import ranking
from pipelines.lokus.current import LokusResult, current_selection, why_lokus
from pipelines.outputs import charts, exports
from pipelines.outputs.document import Col, DocContext, Table, xlsx_bytes
from pipelines.present import format as fmt
from pipelines.present.glossary import text

#: short names of the default package's services for narrow table columns; others use the package label
SERVICE_ORDER_SQL = "SELECT service, min(ordinal) AS ordinal, any_value(label) AS label FROM service_packages GROUP BY service ORDER BY 2"


@dataclass
class Aksi1:
    """Everything of the pack: context, lokus result, the tables and the figures (PNG bytes)."""

    ctx: DocContext
    lokus: LokusResult
    coverage: Table
    matrix: Table
    lokus_list: Table
    kecamatan: Table
    method: Table
    figures: dict[str, bytes]


def _service_columns(con: duckdb.DuckDBPyConnection, lang: str) -> list[tuple[str, str]]:
    """(indicator key, header) of each 1000-HPK service present, in package order."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "service_packages" not in tables:
        return []
    out = []
    from pipelines.present.glossary import LABELS

    for service, _, label in con.execute(SERVICE_ORDER_SQL).fetchall():
        key = f"svc_short_{service}"
        out.append((f"svc_{service}", text(key, lang) if key in LABELS else str(label)))
    return out


def coverage_table(con: duckdb.DuckDBPyConnection, period: str, lang: str = "id") -> Table:
    """Tabel 1.1: per desa/kelurahan the coverage of measurement and of every 1000-HPK service (shares)."""
    wide = con.execute(
        """SELECT k.kode, k.nama, k.kecamatan_nama, i.indicator, i.value, i.denominator
           FROM kelurahan k LEFT JOIN indicators i ON i.kode = k.kode AND i.level = 'kelurahan' AND i.period = ?
           ORDER BY k.kecamatan_nama, k.nama, k.kode""", [period]).df()
    places = wide[["kode", "nama", "kecamatan_nama"]].drop_duplicates("kode").reset_index(drop=True)
    values = wide.dropna(subset=["indicator"]).pivot_table(index="kode", columns="indicator", values="value", aggfunc="first")
    counts = wide[wide["indicator"] == catalogue.HEADLINE].set_index("kode")["denominator"]
    frame = places.copy()
    frame["children"] = frame["kode"].map(counts)
    columns = [Col("kode", text("col_kode", lang)), Col("nama", text("doc_desa", lang)),
               Col("kecamatan_nama", text("kecamatan", lang)), Col("children", text("lokus_children", lang), "int")]
    wanted = [(catalogue.COVERAGE.key, text("a1_col_coverage", lang)), (catalogue.HEADLINE, text("crit_prevalence", lang))]
    wanted += _service_columns(con, lang)
    wanted += [("hpk_complete_access", text("a1_col_complete", lang)), ("konvergensi", catalogue.indicator("konvergensi").text("label", lang))]
    for key, header in wanted:
        if key in values.columns:
            frame[key] = frame["kode"].map(values[key])
            columns.append(Col(key, header, "pct"))
    notes = [text("a1_coverage_note", lang)]
    return Table(text("a1_sheet_coverage", lang), text("a1_title_coverage", lang), frame, columns, notes)


def lokus_list_table(result: LokusResult, lang: str = "id") -> Table:
    """Tabel 1.3: the lokus (and the desa removed by hand) with the reason of each."""
    sel = result.selection
    frame = sel.loc[sel["selected"] | (sel["how"] == "removed")].copy()
    frame["why"] = why_lokus(frame, lang)
    frame["how_words"] = frame["how"].map(lambda h: text(f"how_{h}", lang) if h else "")
    frame["manual"] = frame["how"].isin(["added", "removed"])
    frame = frame.sort_values(["selected", "rank"], ascending=[False, True]).reset_index(drop=True)
    frame.insert(0, "number", range(1, len(frame) + 1))
    columns = [Col("number", text("a1_col_number", lang), "int"), Col("nama", text("doc_desa", lang)),
               Col("kecamatan_nama", text("kecamatan", lang)), Col("selected", text("doc_lokus", lang), "bool"),
               Col("rank", text("lokus_rank", lang), "int"), Col("score", text("lokus_score", lang), "num3"),
               Col("children", text("lokus_children", lang), "int"), Col("stunted", text("col_stunted", lang), "int"),
               Col("prevalence_crude", text("crit_prevalence", lang), "pct"),
               Col("how_words", text("doc_how", lang)), Col("manual", text("a1_col_manual", lang), "bool"),
               Col("why", text("a1_col_why", lang))]
    notes = [text("a1_lokus_note", lang, n=result.method.get("n", ""))]
    if result.saved_name:
        notes.append(text("a1_saved", lang, name=result.saved_name, created=str(result.saved_at)[:10]))
    else:
        notes.append(text("a1_defaults", lang))
    return Table(text("a1_sheet_lokus", lang), text("a1_title_lokus", lang), frame, columns, notes)


def kecamatan_table(con: duckdb.DuckDBPyConnection, period: str, lang: str = "id") -> Table:
    """Stunting per kecamatan: measured, stunted, prevalence with CI (the numbers behind Gambar 1.1 and 1.2)."""
    frame = charts.kecamatan_rates(con, period)
    columns = [Col("kode", text("col_kode", lang)), Col("nama", text("kecamatan", lang)),
               Col("denominator", text("lokus_children", lang), "int"), Col("numerator", text("col_stunted", lang), "int"),
               Col("value", text("crit_prevalence", lang), "pct"), Col("ci_low", text("col_ci_low_share", lang), "pct"),
               Col("ci_high", text("col_ci_high_share", lang), "pct")]
    return Table(text("a1_sheet_kecamatan", lang), text("a1_title_kecamatan", lang), frame, columns)


def threshold_sentences(lang: str = "id") -> list[str]:
    """The traffic-light thresholds in words, one line per criterion."""
    out = []
    for key, th in ranking.DEFAULT_THRESHOLDS.items():
        kind = exports.CRITERION_KINDS.get(key, "num2")
        def show(v: float) -> str:
            if kind == "pct":
                return fmt.percent(v, 1, lang)
            if kind == "pp":
                return fmt.points(v, 1, lang)
            return fmt.number(v, 0 if kind == "int" else 2, lang)
        out.append(text("a1_threshold", lang, criterion=text(f"crit_{key}", lang), red=show(th.red), yellow=show(th.yellow)))
    return out


def _hot_codes(con: duckdb.DuckDBPyConnection, selection: pd.DataFrame) -> list[str]:
    """Desa/kelurahan hot spots (Gi* of the crude prevalence): from the selection when it has them, else computed."""
    if "hotspot_class" in selection and selection["hotspot_class"].isin(["hot", "cold", "ns"]).any():
        return selection.loc[selection["hotspot_class"] == "hot", "kode"].tolist()
    from geo.hotspots import hotspots, read_places

    places = read_places(con)
    values = selection.set_index("kode")["prevalence_crude"].dropna()
    hot = hotspots(places[places.geometry.notna()].reset_index(drop=True), values)
    return hot.loc[hot["gi_class"] == "hot", "kode"].tolist()


def build_aksi1(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext, result: LokusResult | None = None) -> Aksi1:
    """The pack for `period`; `result` is the lokus to report (default: pipelines.lokus.current.current_selection)."""
    lang = ctx.lang
    result = result or current_selection(con, period)
    method_table = exports.weights_table(result.method, lang)
    method_table.notes += threshold_sentences(lang)
    matrix = exports.priority_matrix(result.selection, result.lights, lang, title=text("a1_title_matrix", lang))
    hot = _hot_codes(con, result.selection)
    figures = {
        "prevalensi_kecamatan": charts.png(charts.prevalence_kecamatan_map(con, period, ctx, hotspot_codes=hot)),
        "kasus_kecamatan": charts.png(charts.cases_per_kecamatan(con, period, ctx)),
        "peta_lokus": charts.png(charts.lokus_map(con, result.selection, ctx, title=text("a1_fig_lokus", lang),
                                                  subtitle=text("a1_fig_lokus_sub", lang, period=ctx.period_text),
                                                  note=text("a1_lokus_note", lang, n=result.method.get("n", "")))),
    }
    return Aksi1(ctx, result, coverage_table(con, period, lang), matrix, lokus_list_table(result, lang),
                 kecamatan_table(con, period, lang), method_table, figures)


# --- XLSX --------------------------------------------------------------------------------------------------

def aksi1_xlsx(pack: Aksi1) -> bytes:
    return xlsx_bytes([pack.coverage, pack.matrix, pack.lokus_list, pack.kecamatan, pack.method], pack.ctx)


# --- DOCX --------------------------------------------------------------------------------------------------

def _shade(cell, hex_colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _docx_table(doc, table: Table, *, font_pt: float = 7.5, max_rows: int | None = None) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Pt

    from pipelines.outputs.document import LIGHT_FILLS, csv_value

    frame = table.frame.reset_index(drop=True)
    if max_rows is not None:
        frame = frame.head(max_rows)
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, col in enumerate(table.columns):
        cell = grid.rows[0].cells[c]
        cell.text = ""
        run = cell.paragraphs[0].add_run(col.header)
        run.bold = True
        run.font.size = Pt(font_pt)
        _shade(cell, "DDE4EE")
    # the header row repeats on every page
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header_props = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    fills = table.fills.reset_index(drop=True) if table.fills is not None else None
    for i in range(len(frame)):
        cells = grid.add_row().cells
        for c, col in enumerate(table.columns):
            raw = frame.at[i, col.key] if col.key in frame.columns else None
            value = csv_value(raw, col.kind, table_lang(table), "," if table_lang(table) == "id" else ".")
            if col.kind == "pct" and value:
                value += " %"
            if col.kind == "int" and value:
                value = fmt.number(float(value), 0, table_lang(table))
            paragraph = cells[c].paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(font_pt)
            if col.kind not in ("text", "bool"):
                paragraph.alignment = 2   # right
            if fills is not None and col.key in fills.columns:
                colour = LIGHT_FILLS.get(str(fills.at[i, col.key]))
                if colour:
                    _shade(cells[c], colour)


def table_lang(table: Table) -> str:
    return getattr(table, "lang", "id")


def _landscape(doc, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if landscape != (width > height):
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = height, width


def aksi1_docx(pack: Aksi1) -> bytes:
    """The editable Aksi 1 report (python-docx): title block, tables, figures, lokus with reasons, method."""
    from docx import Document
    from docx.shared import Cm, Pt

    ctx, lang = pack.ctx, pack.ctx.lang
    for table in (pack.coverage, pack.matrix, pack.lokus_list, pack.kecamatan, pack.method):
        table.lang = lang
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for s in doc.sections:
        s.left_margin = s.right_margin = Cm(2.0)
        s.top_margin = s.bottom_margin = Cm(1.8)
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    footer = section.footer.paragraphs[0]
    footer.text = ctx.footer()
    footer.runs[0].font.size = Pt(7.5)
    if ctx.logo is not None:
        doc.add_picture(str(ctx.logo), height=Cm(2.0))
    doc.add_heading(text("a1_doc_title", lang), level=0)
    doc.add_paragraph(text("a1_doc_subtitle", lang, kabupaten=ctx.kabupaten, period=ctx.period_text))
    block = doc.add_table(rows=0, cols=2)
    block.style = "Table Grid"
    for label, value in ctx.lines(text("a1_method_short", lang)):
        cells = block.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
        cells[0].width, cells[1].width = Cm(4.0), Cm(13.0)

    doc.add_heading(text("a1_h_summary", lang), level=1)
    sel = pack.lokus.selection
    kab = pack.kecamatan.frame
    total_k, total_n = kab["numerator"].sum(), kab["denominator"].sum()
    top_kec = kab.sort_values("value", ascending=False).head(3)["nama"].tolist()
    doc.add_paragraph(text("a1_summary", lang, kabupaten=ctx.kabupaten, period=ctx.period_text,
                           n=fmt.number(total_n, 0, lang), k=fmt.number(total_k, 0, lang),
                           rate=fmt.percent(total_k / total_n if total_n else float("nan"), 1, lang),
                           kecamatan=", ".join(top_kec), lokus=int(sel["selected"].sum()),
                           manual=int(sel["how"].isin(["added", "removed"]).sum())))

    doc.add_heading(text("a1_title_fig_prevalence", lang), level=2)
    doc.add_picture(io.BytesIO(pack.figures["prevalensi_kecamatan"]), width=Cm(17))
    doc.add_paragraph(text("a1_fig_prevalence_caption", lang), style="Caption")
    doc.add_heading(text("a1_title_fig_cases", lang), level=2)
    doc.add_picture(io.BytesIO(pack.figures["kasus_kecamatan"]), width=Cm(17))
    doc.add_paragraph(text("a1_fig_cases_caption", lang), style="Caption")

    _landscape(doc, True)
    doc.add_heading(pack.coverage.title, level=2)
    for note in pack.coverage.notes:
        doc.add_paragraph(note, style="Caption")
    _docx_table(doc, pack.coverage, font_pt=6.0)
    doc.add_heading(pack.matrix.title, level=2)
    for note in pack.matrix.notes:
        doc.add_paragraph(note, style="Caption")
    _docx_table(doc, pack.matrix, font_pt=7.0)
    doc.add_heading(text("a1_title_fig_lokus", lang), level=2)
    doc.add_picture(io.BytesIO(pack.figures["peta_lokus"]), width=Cm(24))
    doc.add_heading(pack.lokus_list.title, level=2)
    for note in pack.lokus_list.notes:
        doc.add_paragraph(note, style="Caption")
    _docx_table(doc, pack.lokus_list, font_pt=7.5)

    _landscape(doc, False)
    doc.add_heading(text("a1_h_method", lang), level=1)
    for sentence in exports.method_sentences(pack.lokus.method, lang):
        doc.add_paragraph(sentence, style="List Bullet")
    doc.add_paragraph(text("a1_thresholds_intro", lang))
    for sentence in threshold_sentences(lang):
        doc.add_paragraph(sentence, style="List Bullet")
    _docx_table(doc, pack.method, font_pt=8.5)
    doc.add_paragraph(text("a1_data_note", lang))
    doc.core_properties.title = text("a1_doc_title", lang)
    doc.core_properties.author = "peta-stunting"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def file_names(period: str) -> dict[str, str]:
    return {"docx": f"paket_aksi1_{period}.docx", "xlsx": f"paket_aksi1_{period}.xlsx",
            "png": f"paket_aksi1_{period}_peta_lokus.png"}


def aksi1_files(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext,
                result: LokusResult | None = None) -> dict[str, bytes]:
    """File name -> bytes of the pack: DOCX, XLSX and the lokus map as PNG."""
    pack = build_aksi1(con, period, ctx, result)
    names = file_names(period)
    return {names["docx"]: aksi1_docx(pack), names["xlsx"]: aksi1_xlsx(pack), names["png"]: pack.figures["peta_lokus"]}


def aksi1_zip(con: duckdb.DuckDBPyConnection, period: str, ctx: DocContext, result: LokusResult | None = None) -> bytes:
    """The pack as one ZIP (one download on the page)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in aksi1_files(con, period, ctx, result).items():
            archive.writestr(name, data)
    return buffer.getvalue()


