"""Numbers in one locale (issue 18): every number Peta, Profil and Kualitas show on the demo (text, captions,
markdown, metrics, table headers and text cells) uses the separators of the chosen language: decimal comma and
thousands dot in Indonesian ("12,5 %", "1.234"), the opposite in English ("12.5 %", "1,234"). A table column
left numeric is drawn by Streamlit in its own format, whatever the language, so it may hold only small whole
numbers (below 1000, where no separator is written)."""
from __future__ import annotations

import re

import pytest
from pandas.api.types import is_numeric_dtype
from streamlit.testing.v1 import AppTest

from paths import APP

PAGES = ("views/peta.py", "views/profil.py", "views/kualitas.py")
#: what is not a quantity: the name "1000 HPK", the codes 8888/9999 typed for "not measured", Kemendagri codes
#: (99.71.01.1001), periods and dates (2025-08, 2025-08-31), and years written alone
NOT_A_NUMBER = re.compile(r"\b1000[- ]HPK\b|\b(?:8888|9999)\b|\b\d{2}(?:\.\d{2}){1,2}(?:\.\d{4})?\b"
                          r"|\b\d{4}-\d{2}(?:-\d{2})?\b|\b(?:19|20)\d{2}\b")
# A thousands separator never follows a lone 0 ("0,001" is a decimal in id), so only 1-999 before it counts.
WRONG = {
    "id": (re.compile(r"\d\.\d{1,2}(?!\d)"), re.compile(r"(?<![\d.,])[1-9]\d{0,2},\d{3}(?!\d)")),
    "en": (re.compile(r"\d,\d{1,2}(?!\d)"), re.compile(r"(?<![\d.,])[1-9]\d{0,2}\.\d{3}(?!\d)")),
}
UNGROUPED = re.compile(r"(?<![\d.,])\d{4,}(?![\d.,])")   # 1234 written without its thousands separator


def _texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    for kind in ("selectbox", "radio", "multiselect"):
        for widget in getattr(at, kind):
            out += [str(widget.label), *(str(o) for o in widget.options)]
    for frame in at.dataframe:
        table = frame.value
        out += [str(c) for c in table.columns]
        for column in table.columns:
            if not is_numeric_dtype(table[column]):
                out += [str(v) for v in table[column].dropna()]
    return out


def _numeric_cells(at: AppTest) -> list[str]:
    """Numeric table columns holding a fraction or a number of 1000 or more: Streamlit would write those in its
    own locale."""
    found = []
    for frame in at.dataframe:
        table = frame.value
        for column in table.columns:
            if is_numeric_dtype(table[column]) and table[column].dtype != bool:
                values = table[column].dropna()
                odd = values[(values.abs() >= 1000) | (values != values.round())]
                if len(odd):
                    found.append(f"numeric column {column!r}: {odd.head(3).tolist()}")
    return found


def _wrong_numbers(texts: list[str], lang: str) -> list[str]:
    found = []
    for text in texts:
        plain = NOT_A_NUMBER.sub(" ", re.sub(r"<[^>]+>", " ", text))
        for pattern in (*WRONG[lang], UNGROUPED):
            found += [f"{m.group()!r} in {text[max(0, m.start() - 40):m.end() + 40]!r}" for m in pattern.finditer(plain)]
    return found


def test_the_checks_know_both_locales():
    assert _wrong_numbers(["12,5 %", "1.234 balita", "0,001", "99.71.01.1001", "Agustus 2025", "2025-08"], "id") == []
    assert _wrong_numbers(["12.5 %", "1,234 children", "0.001", "99.71.01.1001"], "en") == []
    assert len(_wrong_numbers(["12.5 %", "1,234 balita", "1234 balita"], "id")) == 3
    assert len(_wrong_numbers(["12,5 %", "1.234 children", "12345"], "en")) == 3


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_number_uses_the_locale(lang, demo_build, monkeypatch):
    monkeypatch.setenv("PETA_STUNTING_DB", str(demo_build.db))
    problems = []
    for page in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state["lang"] = lang
        at.session_state["map_show_table"] = True    # Peta's table of values, shown
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, at.exception)
        texts = _texts(at)
        assert sum(len(re.findall(r"\d", t)) for t in texts) > 200, page   # the page drew its numbers
        problems += [f"{page}: {p}" for p in _wrong_numbers(texts, lang) + _numeric_cells(at)]
    assert problems == []
