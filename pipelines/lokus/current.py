"""The lokus selection a document reports, made from the database alone (no page open).

`current_selection(con, period)` takes the newest saved selection of that period (pipelines.lokus.selections:
its weights, N, prevalence method and the reason of every manual change) and recomputes the ranking on the
database's numbers; with no saved selection it uses the default weights and N and says so (`saved_name` is
None). Hot spots (Gi* of the prevalence, geo.hotspots) are always computed: the Aksi 1 pack shows them.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from pipelines.lokus import ranking

HOTSPOT_SETTINGS = {"input": "prevalence", "weights": "queen", "permutations": 999, "seed": 12345, "alpha": 0.05}


@dataclass
class LokusResult:
    """A selection with everything a report needs: `selection` (ranking.select output with hotspot columns),
    `lights` (traffic light), `method` (ranking.method_summary), `saved_name` (None = defaults)."""

    selection: pd.DataFrame
    lights: pd.DataFrame
    method: dict
    saved_name: str | None
    saved_at: str | None


def _saved_for(con: duckdb.DuckDBPyConnection, period: str):
    """The newest saved selection of `period`, or None (no store, or none for that period)."""
    from pipelines.lokus import selections

    db = selections.database_file(con)
    if db is None:
        return None
    path = selections.store_path(db)
    if not path.exists():
        return None
    saved = selections.list_selections(path)
    if saved.empty or "period" not in saved:
        return None
    mine = saved[saved["period"] == period]
    if mine.empty:
        return None
    return selections.load_selection(path, int(mine["id"].iloc[0]))


def current_selection(con: duckdb.DuckDBPyConnection, period: str, *, n: int | None = None,
                      use_saved: bool = True) -> LokusResult:
    """The lokus of `period`: the newest saved selection's settings and reasons, else the defaults."""
    from geo.hotspots import hotspots, read_places

    periods = ranking.query_periods(con)
    if period not in periods:
        raise ValueError(f"periode {period} tidak ada di basis data (ada: {', '.join(periods) or 'tidak ada'})")
    saved = _saved_for(con, period) if use_saved else None
    weights = dict(ranking.DEFAULT_WEIGHTS)
    eb, prior = False, "kecamatan"
    compare = ranking.comparison_period(periods, period)
    overrides = ranking.Overrides()
    if saved is not None:
        weights = {k: float(v) for k, v in saved.method.get("weights", {}).items() if k in ranking.CRITERIA} or weights
        prevalence = str(saved.method.get("prevalence", "crude"))
        eb = prevalence.startswith("empirical")
        prior = "kabupaten" if prevalence.endswith("kabupaten") else "kecamatan"
        compare = saved.method.get("compare_period", compare)
        items = saved.items
        overrides = ranking.Overrides(
            added=dict(zip(items.loc[items["how"] == "added", "kode"], items.loc[items["how"] == "added", "reason"])),
            removed=dict(zip(items.loc[items["how"] == "removed", "kode"], items.loc[items["how"] == "removed", "reason"])))
    criteria = ranking.load_criteria(con, period, compare, eb=eb, eb_prior=prior)
    places = read_places(con)
    values = criteria.set_index("kode")["prevalence"].dropna()
    hot = hotspots(places[places.geometry.notna()].reset_index(drop=True), values)
    criteria = ranking.add_hotspot(criteria, hot)
    ranked = ranking.rank(criteria, weights)
    count = int(n or (saved.n if saved is not None else min(ranking.DEFAULT_N, len(ranked))))
    count = max(1, min(count, len(ranked)))
    top = set(ranked.loc[(ranked["rank"] <= count) & ranked["score"].notna(), "kode"])
    # a saved change that no longer applies (the numbers moved it) is dropped, as on the page
    overrides.removed = {k: r for k, r in overrides.removed.items() if k in top}
    overrides.added = {k: r for k, r in overrides.added.items() if k not in top and k in set(ranked["kode"])}
    selection = ranking.select(ranked, count, overrides)
    lights = ranking.traffic_light(selection, ranking.DEFAULT_THRESHOLDS)
    method = ranking.method_summary(weights, n=count, period=period, compare_period=compare, eb=eb, eb_prior=prior,
                                    hotspot=HOTSPOT_SETTINGS)
    return LokusResult(selection, lights, method, saved.name if saved is not None else None,
                       str(saved.created_at) if saved is not None else None)


def why_lokus(selection: pd.DataFrame, lang: str = "id") -> pd.Series:
    """Per kelurahan of the selection, why it is (or is no longer) a lokus, in words: its rank and heaviest
    criteria for a top-N lokus, the planner's reason for one added or removed by hand, '' for the others."""
    from pipelines.present.glossary import text

    reasons = top_reasons(selection, lang)
    how = selection["how"] if "how" in selection.columns else pd.Series("top_n", index=selection.index)
    out = []
    for i, row in selection.iterrows():
        if how.loc[i] in ("added", "removed"):
            out.append(text("a1_reason_manual", lang, reason=row.get("reason", "")))
        elif bool(row.get("selected", False)) and pd.notna(row.get("rank")):
            out.append(text("a1_reason_top", lang, rank=int(row["rank"]), criteria=reasons.loc[i]))
        else:
            out.append("")
    return pd.Series(out, index=selection.index, dtype=object)


def top_reasons(selection: pd.DataFrame, lang: str = "id", k: int = 2) -> pd.Series:
    """Per kelurahan, the `k` criteria that contribute most to its score, in words
    ('Prevalensi stunting, Jumlah balita stunting'): why a top-N lokus was chosen."""
    from pipelines.present.glossary import text

    contrib = [c for c in selection.columns if c.startswith("contrib_")]
    if not contrib:
        return pd.Series("", index=selection.index)
    values = selection[contrib].to_numpy(dtype=float)
    out = []
    for row in values:
        order = [i for i in np.argsort(-np.nan_to_num(row, nan=-1)) if np.isfinite(row[i]) and row[i] > 0][:k]
        out.append(", ".join(text(f"crit_{contrib[i][8:]}", lang) if not contrib[i][8:].startswith("extra_")
                             else contrib[i][8:] for i in order))
    return pd.Series(out, index=selection.index)
