"""Data quality where maps and lokus are decided: the Peta control that shows, marks or hides desa whose data are
graded problematic, and the lokus acknowledgement. Both read `quality_desa` (pipelines/quality) and keep the
page edits to a few lines.
"""
from __future__ import annotations

import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import data
from pipelines.lokus.quality_gate import mark_and_hold, problem_in_top
from pipelines.present import format as fmt
from pipelines.present.glossary import current_lang, t
from pipelines.quality.standards import DESA_PROBLEM_SHARE

MODES = ("show", "mark", "hide")
MARK_LINE = [0, 0, 0, 255]


def problem_codes(period: str) -> set[str]:
    """Kelurahan/desa codes whose data are problematic in `period` (empty when the database has no grades)."""
    desa = data.quality_desa(period)
    return set(desa.loc[desa["problem"].astype(bool), "kode"]) if len(desa) else set()


# --- Peta --------------------------------------------------------------------------------------------------

def peta_control() -> str:
    """The Peta control (key `map_quality`): show / mark / hide desa with problematic data."""
    return st.radio(t("qpeta_mode"), MODES, format_func=lambda m: t(f"qpeta_{m}"), key="map_quality",
                    horizontal=True)


def peta_problem_mask(frame: pd.DataFrame, level: str, period: str) -> pd.Series:
    """True for the map's rows (kelurahan level only) whose data are problematic in `period`."""
    if level != "kelurahan" or frame.empty:
        return pd.Series(False, index=frame.index)
    return frame["kode"].isin(problem_codes(period))


def peta_layers(mode: str, frame: pd.DataFrame, problem: pd.Series, geometries: dict[str, dict]) -> list[pdk.Layer]:
    """A thick black outline around the problem desa when `mode` is 'mark'."""
    if mode != "mark" or not problem.any():
        return []
    feats = [{"type": "Feature", "geometry": geometries[k], "properties": {"nama": n}}
             for k, n in zip(frame.loc[problem, "kode"], frame.loc[problem, "nama"]) if k in geometries]
    return [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": feats}, id="quality_problem_outline",
                      stroked=True, filled=False, get_line_color=MARK_LINE, line_width_min_pixels=3,
                      pickable=False)]


def peta_legend(mode: str, problem: pd.Series) -> tuple[str, str] | None:
    """A legend row for the marked or hidden desa, with their count."""
    if mode == "show" or not problem.any():
        return None
    swatch = ('<span style="display:inline-block;width:14px;height:14px;border:3px solid #000;margin-right:6px;'
              'vertical-align:middle"></span>')
    share = fmt.percent(DESA_PROBLEM_SHARE, 0, current_lang())
    return swatch, t("qpeta_note", n=int(problem.sum()), share=share)


# --- lokus ---------------------------------------------------------------------------------------------------

def lokus_gate(selection: pd.DataFrame, period: str, n: int) -> pd.DataFrame:
    """Mark desa with problematic data in the ranking; keep those in the top N out until the planner ticks the
    acknowledgement (key `lokus_quality_ack`)."""
    codes = problem_codes(period)
    marked = mark_and_hold(selection, codes, acknowledged=True)
    in_top = problem_in_top(marked, n)
    if in_top.empty:
        return marked
    names = ", ".join(in_top["nama"].astype(str).tolist()[:10]) + (" …" if len(in_top) > 10 else "")
    st.warning(t("qlokus_warning", n=len(in_top), top=n, names=names))
    acknowledged = st.checkbox(t("qlokus_ack"), key="lokus_quality_ack")
    if not acknowledged:
        st.caption(t("qlokus_excluded", top=n))
    return mark_and_hold(selection, codes, acknowledged=acknowledged)
