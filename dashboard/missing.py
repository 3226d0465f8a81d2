"""Which data a partial build lacks, said at the top of a page.

A build from boundaries alone, or from boundaries and 1000-HPK registers before any e-PPGBM export, is valid:
every page names the data it is missing (and where to add them) instead of failing or saying only "no data".
"""
from __future__ import annotations

import streamlit as st

from dashboard import data
from pipelines.indicators import catalogue
from pipelines.present.glossary import t

#: the indicator each kind of input gives; a database that holds it lacks nothing of that kind (a database made
#: from figures, without the rows behind them, still has the numbers to show)
GIVES = {"measurements": catalogue.HEADLINE, "services": "hpk_complete_access"}


def lacking(needs: tuple[str, ...] = ("measurements",)) -> list[str]:
    """The kinds in `needs` ('measurements', 'services') this build has neither rows nor indicators of."""
    names = set(data.indicator_names())
    return [kind for kind in data.missing_inputs() if kind in needs and GIVES[kind] not in names]


def say_missing(needs: tuple[str, ...] = ("measurements",)) -> list[str]:
    """Show one message per kind in `needs` this build lacks (`lacking`); returns those kinds (empty when the
    build has them all)."""
    missing = lacking(needs)
    for kind in missing:
        st.info(t(f"missing_{kind}"))
    return missing
