"""Map classification: class breaks, colours and legend rows for one indicator's values.

Methods
- `who`: the WHO/UNICEF prevalence thresholds the indicator catalogue holds (`pipelines/indicators/catalogue.py`:
  de Onis et al. 2019 for stunting, wasting and overweight; WHO 1995 for underweight). Lower bound inclusive:
  10 % stunting is "medium".
- `quantiles`, `equal_interval`, `natural_breaks` (Fisher-Jenks, deterministic): mapclassify; upper bound
  inclusive, as mapclassify counts.
- `change`: fixed percentage-point steps for the change between two periods (diverging, centred on 0).

Colours are ColorBrewer schemes that stay readable for colour-blind viewers; which one follows the catalogue's
direction: YlOrRd where a higher value is worse (prevalence), YlGnBu where higher is better (coverage, access),
RdBu for change (blue = better).
Values are shares 0..1 (changes: differences of shares); labels show percent / percentage points.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.indicators import catalogue
from pipelines.present import format

WHO_CLASS_KEYS = {
    5: ("class_very_low", "class_low", "class_medium", "class_high", "class_very_high"),
    4: ("class_low", "class_medium", "class_high", "class_very_high"),
}
CHANGE_BREAKS = (-0.10, -0.05, -0.01, 0.01, 0.05, 0.10)

NO_DATA_COLOUR = "#d9d9d9"
HIDDEN_COLOUR = "#969696"

# ColorBrewer (Cynthia Brewer, colorbrewer2.org), colour-blind safe
_SCHEMES: dict[str, dict[int, tuple[str, ...]]] = {
    "YlOrRd": {
        3: ("#ffeda0", "#feb24c", "#f03b20"),
        4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
        5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
        6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
        7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
    },
    "YlGnBu": {
        3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
        4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
        5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
        6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
        7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    },
    # RdBu reversed: blue (decrease) ... red (increase)
    "BuRd": {
        3: ("#67a9cf", "#f7f7f7", "#ef8a62"),
        4: ("#0571b0", "#92c5de", "#f4a582", "#ca0020"),
        5: ("#0571b0", "#92c5de", "#f7f7f7", "#f4a582", "#ca0020"),
        6: ("#2166ac", "#67a9cf", "#d1e5f0", "#fddbc7", "#ef8a62", "#b2182b"),
        7: ("#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"),
    },
}

def _entry(indicator: str):
    """The catalogue entry, or None for a key the catalogue does not know (e.g. an uploaded criterion)."""
    try:
        return catalogue.indicator(indicator)
    except KeyError:
        return None


def _higher_is_better(indicator: str) -> bool:
    entry = _entry(indicator)
    return entry is not None and not entry.higher_is_worse


def who_thresholds(indicator: str) -> tuple[float, ...] | None:
    """WHO/UNICEF class breaks (shares) of `indicator` from the catalogue; None where it has none."""
    entry = _entry(indicator)
    return entry.thresholds if entry is not None else None


def default_method(indicator: str, change: bool = False) -> str:
    if change:
        return "change"
    return "who" if who_thresholds(indicator) else "quantiles"


def methods_for(indicator: str, change: bool = False) -> tuple[str, ...]:
    """Methods that make sense for this indicator (WHO classes only where the catalogue has thresholds)."""
    if change:
        return ("change", "quantiles", "equal_interval", "natural_breaks")
    if who_thresholds(indicator):
        return ("who", "quantiles", "equal_interval", "natural_breaks")
    return ("quantiles", "equal_interval", "natural_breaks")


@dataclass(frozen=True)
class Classes:
    breaks: tuple[float, ...]       # inner bounds between classes, ascending (len = classes - 1)
    colours: tuple[str, ...]        # hex colour per class
    closed: str = "left"            # "left": [a, b) (WHO); "right": (a, b] (mapclassify)
    minimum: float | None = None    # smallest value classified (for the first label)
    maximum: float | None = None    # largest value classified (for the last label)
    names: tuple[str, ...] = ()     # glossary keys naming the classes (WHO), else empty
    change: bool = False            # values are differences (percentage points)

    @property
    def k(self) -> int:
        return len(self.colours)

    def index(self, values: pd.Series) -> pd.Series:
        """Class index (0..k-1) of each value; -1 for missing."""
        values = pd.to_numeric(values, errors="coerce")
        result = pd.Series(-1, index=values.index, dtype="int64")
        present = values.notna()
        v = values[present].to_numpy(dtype=float)
        edges = np.asarray(self.breaks, dtype=float)
        side = "right" if self.closed == "left" else "left"
        result[present] = np.searchsorted(edges, v, side=side) if len(edges) else 0
        return result

    def counts(self, values: pd.Series) -> list[int]:
        index = self.index(values)
        return [int((index == i).sum()) for i in range(self.k)]

    def bounds(self) -> list[tuple[float | None, float | None]]:
        """(lower, upper) of each class; None where open-ended."""
        edges = [self.minimum, *self.breaks, self.maximum]
        if not self.names and not self.change:
            return list(zip(edges[:-1], edges[1:]))
        return [(None if i == 0 else edges[i], None if i == self.k - 1 else edges[i + 1]) for i in range(self.k)]


def _scheme(name: str, k: int) -> tuple[str, ...]:
    return _SCHEMES[name][max(3, min(7, k))]


def _mapclassify_breaks(values: np.ndarray, method: str, k: int) -> tuple[float, ...]:
    import mapclassify

    unique = np.unique(values)
    k = max(1, min(k, len(unique)))
    if k < 2:
        return ()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "quantiles":
            classifier = mapclassify.Quantiles(values, k=k)
        elif method == "equal_interval":
            classifier = mapclassify.EqualInterval(values, k=k)
        else:
            classifier = mapclassify.FisherJenks(values, k=k)
    bins = [float(b) for b in classifier.bins[:-1]]
    return tuple(sorted(set(bins)))


def make_classes(values: pd.Series, method: str, indicator: str, k: int = 5, change: bool = False) -> Classes:
    """Classes for `values` (shares 0..1, or differences when `change`)."""
    present = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    low = float(present.min()) if len(present) else None
    high = float(present.max()) if len(present) else None
    thresholds = who_thresholds(indicator)
    if method == "who" and thresholds and not change:
        return Classes(thresholds, _scheme(catalogue.indicator(indicator).palette, len(thresholds) + 1), "left",
                       low, high, WHO_CLASS_KEYS[len(thresholds) + 1])
    if method == "change" or (method == "who" and change):
        breaks = CHANGE_BREAKS
        colours = _scheme(catalogue.CHANGE_PALETTE, len(breaks) + 1)
        if _higher_is_better(indicator):
            colours = tuple(reversed(colours))
        return Classes(breaks, colours, "left", low, high, (), True)
    breaks = _mapclassify_breaks(present, method, k) if len(present) else ()
    n_classes = len(breaks) + 1
    if change:
        colours = _scheme(catalogue.CHANGE_PALETTE, 7)
        colours = tuple(reversed(colours)) if _higher_is_better(indicator) else colours
        positions = np.linspace(0, 6, n_classes).round().astype(int) if n_classes > 1 else [3]
        colours = tuple(colours[i] for i in positions)
    else:
        palette = catalogue.BETTER_PALETTE if _higher_is_better(indicator) else catalogue.WORSE_PALETTE
        scheme = _scheme(palette, max(n_classes, 3))
        colours = scheme[-n_classes:] if n_classes < 3 else scheme
    return Classes(breaks, colours, "right", low, high, (), change)


def class_labels(classes: Classes, name_of=lambda key: key, lang: str = "id") -> list[str]:
    """One label per class with its bounds, numbers in `lang` (pipelines.present.format).

    WHO/change classes (lower bound inclusive): '< 2,5 %', '10,0 % – <20,0 %', '≥ 30,0 %'.
    mapclassify classes (upper bound inclusive): '3,1 % – 12,0 %', '>12,0 % – 18,5 %'.
    """
    def fmt(value):
        return format.points(value, lang=lang) if classes.change else format.percent(value, lang=lang)

    labels = []
    for i, (low, high) in enumerate(classes.bounds()):
        if classes.closed == "left":
            if low is None and high is None:
                text = "–"
            elif low is None:
                text = f"< {fmt(high)}"
            elif high is None:
                text = f"≥ {fmt(low)}"
            else:
                text = f"{fmt(low)} – <{fmt(high)}"
        else:
            text = f"{fmt(low)} – {fmt(high)}" if i == 0 else f">{fmt(low)} – {fmt(high)}"
        if classes.names:
            text = f"{name_of(classes.names[i])} ({text})"
        labels.append(text)
    return labels
