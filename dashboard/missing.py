"""Which data a partial build lacks, said at the top of a page.

A build from boundaries alone, or from boundaries and 1000-HPK registers before any e-PPGBM export, is valid:
every page names the data it is missing (and where to add them) instead of failing or saying only "no data".
"""
from __future__ import annotations

import streamlit as st

from dashboard import data
from pipelines.present.glossary import t


def say_missing(needs: tuple[str, ...] = ("measurements",)) -> list[str]:
    """Show one message per kind in `needs` ('measurements', 'services') this build has no rows of; returns
    those kinds (empty when the build has them all)."""
    missing = [kind for kind in data.missing_inputs() if kind in needs]
    for kind in missing:
        st.info(t(f"missing_{kind}"))
    return missing
