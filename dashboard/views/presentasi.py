"""Mode Presentasi: the slides full screen, stepped with the arrow keys or the buttons, no controls in view.

What is shown is the exported PNG itself (pipelines.outputs.slides renders 1920 x 1080 px with matplotlib), so the
slide on the screen, the PNG in the ZIP and the PDF page are the same picture.

Keyboard: the previous/next buttons carry Streamlit's own keyboard shortcuts (`st.button(shortcut="Left")`
and `"Right"`, Streamlit >= 1.52), so the arrow keys work. The control bar (buttons, period, indicators,
downloads, exit) is a fixed strip at the bottom of the screen, transparent while presenting; any key press or
mouse movement shows it for a few seconds (a small script in a zero-height component adds a class to it), and
it stays while the mouse is over it or a control has the focus. The sidebar and Streamlit's header are hidden
with CSS on this page only.

Fit: the slide (16:9) is letterboxed and centred in the window whatever its size: its width is
min(100vw, 100vh × 16/9), fixed in the middle of the viewport, so nothing is cut and nothing scrolls.
"""
from __future__ import annotations

import html
import os

import streamlit as st

from dashboard import data
from dashboard.missing import say_missing
from pipelines.outputs.slides import DEFAULT_INDICATORS
from pipelines.present import format as fmt
from pipelines.present.glossary import current_lang, t

STATE_KEY = "presentation_slide"

# Hide the sidebar, its expand button and Streamlit's header/toolbar; let the slide use the whole window.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {
  display: none !important;
}
[data-testid="stMainBlockContainer"], .block-container { padding: 0 !important; max-width: 100% !important; }
[data-testid="stAppViewContainer"] > .main, [data-testid="stMain"] { padding: 0 !important; }
html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  overflow: hidden !important; background: #1b1b1b !important;
}
.st-key-presentation_slide_view [data-testid="stImage"] img,
.st-key-presentation_slide_view img {
  position: fixed !important; left: 50% !important; top: 50% !important; transform: translate(-50%, -50%);
  width: min(100vw, calc(100vh * 16 / 9)) !important; height: min(100vh, calc(100vw * 9 / 16)) !important;
  max-width: none !important; object-fit: contain; z-index: 10; margin: 0 !important;
}
.st-key-presentation_slide_view [data-testid="stImageToolbar"], .st-key-presentation_slide_view [data-testid="stElementToolbar"] {
  display: none !important;
}
.st-key-presentation_keys, .st-key-presentation_keys iframe { height: 0 !important; min-height: 0 !important; border: 0; }
.st-key-presentation_controls {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000; padding: 0.5rem 1rem;
  background: rgba(255, 255, 255, 0.96); border-top: 1px solid #ccc;
  opacity: 0; transition: opacity 0.2s ease-in-out;
}
.st-key-presentation_controls:hover, .st-key-presentation_controls:focus-within,
.st-key-presentation_controls.presentation-controls-visible { opacity: 1; }
.st-key-presentation_title, .presentation-sr-only {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
</style>
"""


def _selections_version() -> str:
    """Identity of the saved-selections file beside the database: the lokus slide outlines the newest saved
    selection, so saving one on Pemilihan Lokus must not leave an older rendering in the cache."""
    from pipelines.lokus.selections import store_path

    try:
        info = os.stat(store_path(data.db_path()))
    except OSError:
        return ""
    return f"{info.st_ino}-{info.st_mtime_ns}-{info.st_size}"


# Shows the control bar for a few seconds after any key press or mouse movement in the page (the component's
# iframe has the page's origin, so it can reach the parent document); registered once per browser tab.
KEYS_SCRIPT = """
<script>
const doc = window.parent.document;
const win = window.parent;
if (!win.__presentationKeys) {
  win.__presentationKeys = true;
  let timer = null;
  const show = () => {
    const bar = doc.querySelector('.st-key-presentation_controls');
    if (!bar) return;
    bar.classList.add('presentation-controls-visible');
    clearTimeout(timer);
    timer = setTimeout(() => bar.classList.remove('presentation-controls-visible'), 3500);
  };
  doc.addEventListener('keydown', show, true);
  doc.addEventListener('mousemove', show, true);
}
</script>
"""


@st.cache_data(max_entries=8, show_spinner=False)
def _rendered(version: str, period: str, lang: str, selections: str = "",
              indicators: tuple[str, ...] = DEFAULT_INDICATORS) -> dict[str, list]:
    """{'keys', 'titles', 'subtitles', 'pngs'}: the slides as PNG bytes (1920 x 1080 px), one list entry per slide.

    A plain dict (not a dataclass of this script) so that st.cache_data can pickle it. `selections` is only
    part of the cache key (see _selections_version).
    """
    from geo.render import png_bytes
    from pipelines.outputs.slides import available_keys, build_slides

    with data.connect() as con:
        slides = build_slides(con, period, lang=lang, indicators=indicators, keys=available_keys(con, indicators))
    return {"keys": [s.key for s in slides], "titles": [s.title for s in slides],
            "subtitles": [s.subtitle for s in slides], "pngs": [png_bytes(s.figure) for s in slides]}


@st.cache_data(max_entries=4, show_spinner=False)
def _pdf(version: str, period: str, lang: str, selections: str = "",
         indicators: tuple[str, ...] = DEFAULT_INDICATORS) -> bytes:
    from pipelines.outputs.slides import available_keys, build_slides, pdf_bytes

    with data.connect() as con:
        return pdf_bytes(build_slides(con, period, lang=lang, indicators=indicators,
                                     keys=available_keys(con, indicators)))


@st.cache_data(max_entries=4, show_spinner=False)
def _summary_pdf(version: str, period: str, lang: str) -> bytes:
    from pipelines.outputs.summary_pdf import summary_pdf_bytes

    with data.connect() as con:
        return summary_pdf_bytes(con, period, lang=lang)


def _zip(rendered: dict[str, list]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number, (key, png) in enumerate(zip(rendered["keys"], rendered["pngs"]), start=1):
            archive.writestr(f"{number:02d}_{key}.png", png)
    return buffer.getvalue()


def _indicator_choices(names: tuple[str, ...]) -> tuple[str, ...]:
    """Indicators a slide can show (catalogue order): growth, coverage, complete access and konvergensi."""
    from pipelines.indicators import catalogue

    wanted = [i for i in names if not i.startswith(("svc_", "hpk_incomplete"))]
    return tuple(i.key for i in catalogue.ordered(wanted))


def _indicator_label(key: str) -> str:
    from pipelines.indicators import catalogue

    return catalogue.indicator(key).text("label", current_lang())


def _step(delta: int, count: int) -> None:
    st.session_state[STATE_KEY] = min(max(st.session_state.get(STATE_KEY, 0) + delta, 0), count - 1)


st.html(CSS)

if data.db_version() is None:
    st.error(t("db_missing"))
    st.stop()
if say_missing():  # a partial build: the panel deck is about e-PPGBM numbers
    st.stop()
periods = data.periods()
if not periods:
    st.error(t("no_periods"))
    st.stop()

lang = current_lang()
period = st.session_state.get("presentation_period") or periods[0]
if period not in periods:
    period = periods[0]
version = data.db_version() or ""
selections_version = _selections_version()
available = _indicator_choices(tuple(data.indicator_names()))
chosen = tuple(i for i in st.session_state.get("presentation_indicators", DEFAULT_INDICATORS) if i in available) \
    or tuple(i for i in DEFAULT_INDICATORS if i in available) or available[:1]
with st.spinner(t("page_presentation")):
    rendered = _rendered(version, period, lang, selections_version, chosen)
count = len(rendered["pngs"])
index = min(max(int(st.session_state.get(STATE_KEY, 0)), 0), count - 1)
st.session_state[STATE_KEY] = index

# the slide title and subtitle as text for screen readers and tests; the picture carries the visible ones
title = rendered["titles"][index]
subtitle = rendered["subtitles"][index]
with st.container(key="presentation_title"):   # visually hidden (CSS): the picture carries the visible title
    st.title(title, anchor=False)
st.markdown(f"<p class='presentation-sr-only'>{html.escape(subtitle)}</p>", unsafe_allow_html=True)
with st.container(key="presentation_slide_view"):
    st.image(rendered["pngs"][index], width=1920)  # an int: Streamlit keeps the 1920 px (it shrinks "stretch" to 1460); CSS fits it

with st.container(key="presentation_controls"):
    # the buttons in one row, the indicators and the period in a second: in one row of eight, a 1280-1366 px
    # projector cut off the buttons' words (test_presentation_browser: nothing cut off at 1280 x 720)
    columns = st.columns([1.4, 1.0, 1.4, 2.1, 1.55, 2.2, 0.8], vertical_alignment="center")
    columns[0].button("◀ " + t("slide_prev"), key="presentation_prev", shortcut="Left",
                      on_click=_step, args=(-1, count), width="stretch")
    columns[1].markdown(f"**{t('slide_counter', i=index + 1, n=count)}**")
    columns[2].button(t("slide_next") + " ▶", key="presentation_next", shortcut="Right",
                      on_click=_step, args=(1, count), width="stretch")
    columns[3].download_button(t("download_png_zip"), data=lambda: _zip(rendered), file_name=f"slide-{period}.zip",
                               mime="application/zip", key="presentation_zip", on_click="ignore", width="stretch")
    columns[4].download_button(t("download_pdf"), data=lambda: _pdf(version, period, lang, selections_version, chosen),
                               file_name=f"slide-{period}.pdf", mime="application/pdf", key="presentation_pdf",
                               on_click="ignore", width="stretch")
    columns[5].download_button(t("download_summary_pdf"), data=lambda: _summary_pdf(version, period, lang),
                               file_name=f"ringkasan-kecamatan-{period}.pdf", mime="application/pdf",
                               key="presentation_summary_pdf", on_click="ignore", width="stretch")
    columns[6].page_link("views/peta.py", label=t("page_map"), icon=":material/close:")
    chosen_column, period_column = st.columns([5, 1.3], vertical_alignment="bottom")
    chosen_column.multiselect(t("deck_indicators"), list(available), default=list(chosen),
                              key="presentation_indicators", format_func=_indicator_label)
    period_column.selectbox(t("period"), periods, index=periods.index(period), key="presentation_period",
                            format_func=lambda p: fmt.period_words(p, lang))
    st.caption(t("deck_controls_hint"))
with st.container(key="presentation_keys"):
    import streamlit.components.v1 as components

    components.html(KEYS_SCRIPT, height=0)
