"""A4 pages drawn with matplotlib for the printed documents (Aksi 7 publication, desa scorecard, desa profile).

A `Page` is an A4 figure (portrait 8.27 × 11.69 in, or landscape) with the document's header (title, subtitle,
kabupaten/kota and period in words, optional logo at the top right) and footer (source in words, build and
print dates, page number), and a cursor `y` (figure fraction, top = 1) that text blocks, tables and axes
move down. Sizes are in points and inches, so a page prints the same on any printer. Text stays text
(matplotlib's Type 3 fonts: a PDF reader and a text extractor find the words; TrueType embedding was 2.4 times
slower per page, which counts for a ZIP of every desa's scorecard).
"""
from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Sequence

import matplotlib
import matplotlib.lines
import matplotlib.patches
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from pipelines.outputs.document import DocContext

A4_PORTRAIT = (8.27, 11.69)                   # inches
MARGIN_IN = 0.55
TEXT = "#202020"
MUTED = "#505050"
HEADER_FILL = "#dde4ee"
RULE = "#a0a0a0"
LIGHT_COLOURS = {"red": "#f4a6a6", "yellow": "#fbe08a", "green": "#a8d5a2"}


class Page:
    """One A4 page with header and footer; draw on it from the top down."""

    def __init__(self, ctx: DocContext, title: str, subtitle: str = "", *, landscape: bool = False,
                 dpi: int = 150):
        self.ctx = ctx
        size = A4_PORTRAIT[::-1] if landscape else A4_PORTRAIT
        self.width_in, self.height_in = size
        self.figure = Figure(figsize=size, dpi=dpi, facecolor="white")
        self.left = MARGIN_IN / self.width_in
        self.right = 1 - MARGIN_IN / self.width_in
        self.bottom = (MARGIN_IN + 0.45) / self.height_in     # room for the footer
        self.y = 1 - MARGIN_IN / self.height_in
        logo_room = 0.0
        if ctx.logo is not None:
            logo_room = self._logo(ctx.logo)
        self.text(title, size=15, bold=True, width_frac=self.right - self.left - logo_room)
        if subtitle:
            self.text(subtitle, size=10.5, color=MUTED, width_frac=self.right - self.left - logo_room)
        self.text(f"{ctx.kabupaten} · {ctx.period_text}", size=10.5, bold=True,
                  width_frac=self.right - self.left - logo_room)
        self.rule()
        self.footer_text = ctx.footer()

    # --- layout -----------------------------------------------------------------------------------------
    def _frac_h(self, inches: float) -> float:
        return inches / self.height_in

    def space(self, inches: float = 0.08) -> None:
        self.y -= self._frac_h(inches)

    def room(self) -> float:
        """Height left above the footer, in inches."""
        return (self.y - self.bottom) * self.height_in

    def rule(self) -> None:
        self.space(0.04)
        self.figure.add_artist(matplotlib.lines.Line2D([self.left, self.right], [self.y, self.y], color=RULE,
                                                       linewidth=0.6, transform=self.figure.transFigure))
        self.space(0.1)

    def text(self, content: str, *, size: float = 9, bold: bool = False, color: str = TEXT, italic: bool = False,
             width_frac: float | None = None, indent_in: float = 0.0) -> None:
        """A paragraph wrapped to the page width (or `width_frac` of the figure width)."""
        width_in = (width_frac if width_frac is not None else self.right - self.left) * self.width_in - indent_in
        chars = max(20, int(width_in * 72 / (size * (0.6 if bold else 0.55))))      # average glyph ≈ 0.5 em
        lines = []
        for paragraph in str(content).split("\n"):
            lines += textwrap.wrap(paragraph, chars) or [""]
        line_h = size * 1.32 / 72
        for line in lines:
            self.figure.text(self.left + indent_in / self.width_in, self.y, line, fontsize=size, color=color,
                             fontweight="bold" if bold else "normal", style="italic" if italic else "normal",
                             va="top", ha="left")
            self.y -= self._frac_h(line_h)
        self.space(0.04)

    def heading(self, content: str) -> None:
        self.space(0.06)
        self.text(content, size=11.5, bold=True)

    def axes(self, height_in: float, *, left_frac: float = 0.0, width_frac: float = 1.0):
        """An axes `height_in` tall across the text width (or a part of it), below the cursor."""
        width = (self.right - self.left) * width_frac
        ax = self.figure.add_axes((self.left + (self.right - self.left) * left_frac, self.y - self._frac_h(height_in),
                                   width, self._frac_h(height_in)))
        return ax

    def advance(self, height_in: float) -> None:
        self.y -= self._frac_h(height_in)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *,
              size: float = 7.5, align: Sequence[str] | None = None, fills: Sequence[Sequence[str | None]] | None = None,
              bold_rows: Sequence[int] = ()) -> list:
        """A ruled table at the cursor. `widths` are fractions of the text width; `align` 'l'/'r'/'c' per
        column; `fills` a colour name or hex per cell (traffic light). Long cell texts wrap. Rows that do not
        fit above the footer are not drawn and are returned (draw them on the next page)."""
        align = align or ["l"] + ["r"] * (len(header) - 1)
        text_w = (self.right - self.left) * self.width_in
        wrap = [max(4, int(w * text_w * 72 / (size * 0.56)) - 1) for w in widths]
        line_h = size * 1.25 / 72
        all_rows = [list(header)] + [list(r) for r in rows]
        x0 = self.left
        for r, row in enumerate(all_rows):
            cells = [textwrap.wrap(str(v), wrap[c] - (2 if r == 0 else 0)) or [""] for c, v in enumerate(row)]
            height = max(len(c) for c in cells) * line_h + 0.06
            top = self.y
            bottom = top - self._frac_h(height)
            if r > 0 and bottom < self.bottom:
                self.space(0.08)
                return [list(x) for x in rows[r - 1:]]
            x = x0
            for c, lines in enumerate(cells):
                w = widths[c] * (self.right - self.left)
                colour = HEADER_FILL if r == 0 else None
                if fills is not None and r > 0 and fills[r - 1][c]:
                    colour = LIGHT_COLOURS.get(fills[r - 1][c], fills[r - 1][c])
                rect = matplotlib.patches.Rectangle((x, bottom), w, top - bottom, transform=self.figure.transFigure,
                                                    facecolor=colour or "white", edgecolor=RULE, linewidth=0.4)
                self.figure.add_artist(rect)
                a = align[c] if r > 0 else "c"
                tx = {"l": x + 0.004, "r": x + w - 0.004, "c": x + w / 2}[a]
                self.figure.text(tx, top - self._frac_h(0.03), "\n".join(lines), fontsize=size, va="top",
                                 ha={"l": "left", "r": "right", "c": "center"}[a], color=TEXT, linespacing=1.1,
                                 fontweight="bold" if r == 0 or (r - 1) in bold_rows else "normal")
                x += w
            self.y = bottom
        self.space(0.08)
        return []

    def row_height_in(self, size: float = 7.5) -> float:
        return size * 1.25 / 72 + 0.06

    def _logo(self, path: Path) -> float:
        """The logo at the top right, 0.75 in tall; returns the width fraction it takes."""
        from matplotlib.image import imread

        image = imread(str(path))
        h_in = 0.75
        w_in = h_in * image.shape[1] / max(image.shape[0], 1)
        ax = self.figure.add_axes((self.right - w_in / self.width_in, self.y - h_in / self.height_in,
                                   w_in / self.width_in, h_in / self.height_in))
        ax.imshow(image)
        ax.set_axis_off()
        return w_in / self.width_in + 0.02

    def finish(self, number: int, total: int) -> Figure:
        """Footer with the page number; returns the figure."""
        foot_y = (MARGIN_IN + 0.38) / self.height_in
        self.figure.add_artist(matplotlib.lines.Line2D([self.left, self.right], [foot_y, foot_y], color=RULE,
                                                       linewidth=0.5, transform=self.figure.transFigure))
        width_chars = int((self.right - self.left) * self.width_in * 72 / (6.5 * 0.5)) - 14
        lines = textwrap.wrap(self.footer_text, width_chars)[:3]
        self.figure.text(self.left, foot_y - 0.006, "\n".join(lines), fontsize=6.5, color=MUTED, va="top", ha="left")
        self.figure.text(self.right, foot_y - 0.006, f"{number}/{total}", fontsize=7, color=MUTED, va="top", ha="right")
        return self.figure


def pdf_bytes(pages: Sequence[Page], title: str = "") -> bytes:
    """The pages as one PDF (page numbers added)."""
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": title, "Creator": "peta-stunting"}) as pdf:
        for number, page in enumerate(pages, start=1):
            pdf.savefig(page.finish(number, len(pages)))
    return buffer.getvalue()


def table_pages(ctx: DocContext, title: str, subtitle: str, first: "Page", header, rows, widths, *, heading: str = "",
                **options) -> list["Page"]:
    """Draw `rows` on `first` and as many new pages as they need (header repeated); returns the new pages."""
    pages = []
    rest = first.table(header, rows, widths, **options)
    while rest:
        page = Page(ctx, title, subtitle)
        if heading:
            page.heading(heading)
        pages.append(page)
        before = len(rest)
        rest = page.table(header, rest, widths, **options)
        if len(rest) == before:        # a single row taller than a page: stop rather than loop
            break
    return pages


def chunks(rows: list, first: int, rest: int) -> list[list]:
    """`rows` split into pages: `first` rows on the first page, `rest` on each next one."""
    if len(rows) <= first:
        return [rows]
    out = [rows[:first]]
    for start in range(first, len(rows), rest):
        out.append(rows[start:start + rest])
    return out
