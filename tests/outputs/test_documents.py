"""The documents a TPPS hands in, opened with the library that reads each file: the Paket Aksi 1 DOCX
(python-docx) and XLSX (openpyxl), the Aksi 7 publication PDF (pypdf), the desa scorecards (one PDF page
per desa in a ZIP). Made from the demo city built through the normal import path."""
from __future__ import annotations

import io
import re
import shutil
import zipfile

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.lokus import selections
from pipelines.lokus.current import current_selection
from pipelines.outputs import aksi1, aksi7, document, scorecard

pypdf = pytest.importorskip("pypdf")
PERIOD = "2025-08"
A4_PT = (595, 842)
REASON = "Usulan musrenbang: air bersih belum masuk"


def _pdf_text(data: bytes) -> tuple[list[str], list]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages], reader.pages


@pytest.fixture(scope="module")
def db(demo_build, tmp_path_factory):
    """A copy of the demo database with a saved lokus selection: one desa added by hand with a reason."""
    path = tmp_path_factory.mktemp("docs") / "demo.duckdb"
    shutil.copy(demo_build.db, path)
    with duckdb.connect(str(path), read_only=True) as con:
        result = current_selection(con, PERIOD)
    sel = result.selection
    added = sel.loc[sel["rank"] == 15, "kode"].iloc[0]
    from pipelines.lokus import ranking

    ranked = sel.drop(columns=["selected", "how", "reason"])
    chosen = ranking.select(ranked, 10, ranking.Overrides(added={added: REASON}))
    saved = selections.from_ranking("Lokus 2026", chosen, result.method)
    selections.save_selection(selections.store_path(path), saved)
    return {"path": path, "added": added, "added_name": sel.loc[sel["kode"] == added, "nama"].iloc[0]}


@pytest.fixture(scope="module")
def pack(db):
    with duckdb.connect(str(db["path"]), read_only=True) as con:
        ctx = document.context(con, PERIOD)
        built = aksi1.build_aksi1(con, PERIOD, ctx)
    return built


def test_aksi1_docx_has_the_official_tables_and_figures(pack, db):
    from docx import Document

    doc = Document(io.BytesIO(aksi1.aksi1_docx(pack)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    for title in ("Tabel 1.1 Cakupan layanan intervensi per desa/kelurahan",
                  "Tabel 1.2 Matriks prioritas desa/kelurahan lokasi fokus (traffic light)",
                  "Gambar 1.1 Prevalensi stunting per kecamatan dan hot spot",
                  "Gambar 1.2 Jumlah kasus stunting per kecamatan",
                  "Gambar 1.3 Peta desa/kelurahan lokasi fokus",
                  "Tabel 1.3 Daftar desa/kelurahan lokasi fokus dan alasannya", "Metode"):
        assert title in headings, (title, headings)
    assert len(doc.inline_shapes) == 3                                        # the three figures
    block = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert block["Kabupaten/Kota"] == "Kota Contoh (fiktif)" and block["Periode"] == "Agustus 2025"
    assert block["Sumber data"].startswith("e-PPGBM, 10 puskesmas, ")
    coverage = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kode")
    assert len(coverage.rows) == 61                                           # 60 desa/kelurahan + header
    header = [c.text for c in coverage.rows[0].cells]
    assert "Cakupan penimbangan" in header and "ANC ≥ 4 kali" in header and "Imunisasi dasar lengkap" in header
    assert not [h for h in header if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", h)]
    assert re.fullmatch(r"\d+,\d %", coverage.rows[1].cells[header.index("Cakupan penimbangan")].text)
    matrix = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["Peringkat", "Desa/Kelurahan"])
    shading = re.findall(r'w:fill="([0-9A-F]{6})"', matrix._tbl.xml)
    assert {"F4A6A6", "FBE08A", "A8D5A2"} <= set(shading)                     # red, yellow, green cells
    lokus = next(t for t in doc.tables if t.rows[0].cells[0].text == "No.")
    rows = [[c.text for c in r.cells] for r in lokus.rows]
    col = {h: i for i, h in enumerate(rows[0])}
    added = next(r for r in rows[1:] if r[col["Desa/Kelurahan"]] == db["added_name"])
    assert added[col["Perubahan manual"]] == "Ya" and REASON in added[col["Alasan"]]
    assert sum(r[col["Lokus"]] == "Ya" for r in rows[1:]) == 11              # 10 by score + 1 added by hand
    method = " ".join(p.text for p in doc.paragraphs)
    assert "Bobot kriteria" in method and "Getis-Ord Gi*" in method and "merah mulai 20,0 %" in method


def test_aksi1_workbook_sheets_and_formats(pack):
    book = load_workbook(io.BytesIO(aksi1.aksi1_xlsx(pack)))
    assert book.sheetnames[:3] == ["Tabel 1.1 Cakupan", "Matriks prioritas", "Tabel 1.3 Lokus"]
    sheet = book["Tabel 1.1 Cakupan"]
    assert sheet["A1"].value == "Tabel 1.1 Cakupan layanan intervensi per desa/kelurahan"
    top = int(re.sub(r"\D", "", sheet.freeze_panes)) - 1
    header = [c.value for c in sheet[top]]
    assert sheet.cell(row=top + 1, column=header.index("Cakupan penimbangan") + 1).number_format == "0.0%"
    assert book["Matriks prioritas"]["A1"].value.startswith("Tabel 1.2 Matriks prioritas")


def test_aksi1_map_marks_manual_changes(pack):
    from PIL import Image

    image = Image.open(io.BytesIO(pack.figures["peta_lokus"]))
    assert image.size == (1920, 1080)
    assert (26, 152, 80) in {c for _, c in image.convert("RGB").getcolors(1 << 20)}   # the green dashes


def test_aksi7_pdf_states_the_rule_and_prints_on_a4(db):
    with duckdb.connect(str(db["path"]), read_only=True) as con:
        ctx = document.context(con, PERIOD)
        data = aksi7.aksi7_pdf(con, PERIOD, ctx)
    texts, pages = _pdf_text(data)
    assert len(pages) >= 2
    assert all(tuple(round(float(v)) for v in p.mediabox[2:]) == A4_PT for p in pages)
    first = " ".join(texts[0].split())
    assert "Publikasi Data Stunting per Desa/Kelurahan (Aksi 7)" in first
    assert "Kota Contoh (fiktif)" in first and "Agustus 2025" in first
    assert "kurang dari 10 anak" in first                   # the small-number rule in words
    assert "Balita diukur (n)" in first and "IK 95 %" in first
    everything = " ".join(texts)
    assert re.search(r"\d+,\d–\d+,\d %", everything)                          # intervals in Indonesian format
    assert "dicetak" in everything and "basis data" in everything             # build and print dates
    desa_rows = sum(len(re.findall(r"\d+,\d %", t)) for t in texts[1:])
    assert desa_rows >= 60                                                     # every desa's rate and interval


def test_scorecard_zip_has_one_single_page_pdf_per_desa(db):
    with duckdb.connect(str(db["path"]), read_only=True) as con:
        ctx = document.context(con, PERIOD)
        data = scorecard.scorecards_zip(con, PERIOD, ctx)
        n_desa = con.execute("SELECT count(*) FROM kelurahan").fetchone()[0]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert len(names) == n_desa == 60
        first = archive.read(sorted(names)[0])
    texts, pages = _pdf_text(first)
    assert len(pages) == 1
    words = " ".join(texts[0].split())
    for part in ("Scorecard Konvergensi Desa", "1. Sasaran 1000 HPK", "2. Hasil pengukuran", "3. Layanan yang diterima",
                 "4. Tingkat konvergensi desa", "Seharusnya menerima", "Kota Contoh (fiktif)", "Agustus 2025"):
        assert part in words, part


def test_logo_on_the_outputs(db, tmp_path):
    from PIL import Image

    from pipelines.outputs import exports
    from pipelines.outputs.slides import build_slides

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (0, 90, 160)).save(logo)
    with duckdb.connect(str(db["path"]), read_only=True) as con:
        ctx = document.context(con, PERIOD, logo=logo)
        card = scorecard.scorecard_pdf(con, "99.71.01.1001", PERIOD, ctx)
        book = load_workbook(io.BytesIO(exports.publication_xlsx(con, PERIOD, ctx)))
        title = build_slides(con, PERIOD, keys=("title",), logo=logo, figsize_px=(960, 540), dpi=50)[0]
    _, pages = _pdf_text(card)
    assert len(pages[0].images) >= 1
    assert all(len(sheet._images) == 1 for sheet in book.worksheets)
    assert any(ax.images for ax in title.figure.axes)
    with pytest.raises(FileNotFoundError):
        document.context(duckdb.connect(), PERIOD, logo=tmp_path / "tidak-ada.png")
