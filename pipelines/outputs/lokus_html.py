"""The lokus map as one standalone HTML page (folium, offline; geo.folium_map draws it).

Every desa/kelurahan is named in its tooltip (and popup, for a tap) with kecamatan, rank, score, prevalence
and, for a lokus or a desa taken out by hand, why (pipelines.lokus.current.why_lokus: rank and heaviest
criteria, or the planner's reason). The title box carries the kabupaten/kota, the period in words, the source
and the data date (the DocContext title block), and the name of the saved selection when there is one.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.lokus.current import why_lokus
from pipelines.lokus.ranking import query_places
from pipelines.outputs.document import DocContext
from pipelines.present import format as fmt
from pipelines.present.glossary import text


def lokus_html(con: duckdb.DuckDBPyConnection, selection: pd.DataFrame, ctx: DocContext, *, name: str = "",
               hotspots: pd.DataFrame | None = None, places: pd.DataFrame | None = None) -> bytes:
    """The lokus map page (UTF-8 HTML) of `selection` (pipelines.lokus.ranking.select output) for `ctx`'s
    period; `hotspots` (kode, gi_class) adds the Gi* hot-spot outline layer; `places` (query_places) when the
    caller has them already."""
    from geo.folium_map import lokus_map_html

    lang = ctx.lang
    places = query_places(con) if places is None else places
    why = why_lokus(selection, lang)
    reasons = {k: w for k, w in zip(selection["kode"], why) if w}
    words = {"lokus": text("legend_lokus", lang), "other": text("lokus_other", lang),
             "rank": text("lokus_rank", lang), "score": text("lokus_score", lang),
             "prevalence": text("crit_prevalence", lang), "hotspot": text("hot_hot", lang),
             "kecamatan": text("kecamatan", lang), "reason": text("lokus_reason", lang),
             "removed": text("how_removed", lang)}
    lines = [f"{label}: {value}" for label, value in ctx.lines(method="")]
    if name:
        lines.append(text("lokus_html_saved", lang, name=name))
    title = text("lokus_html_title", lang, kabupaten=ctx.kabupaten, period=ctx.period_text)
    return lokus_map_html(places, selection, title=title, subtitle=lines, labels=words, reasons=reasons,
                          hotspots=hotspots, percent=lambda v: fmt.percent(v, 1, lang),
                          score=lambda v: fmt.number(v, 3, lang)).encode("utf-8")
