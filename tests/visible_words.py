"""What a user must never read, shared by the page walks (AppTest and browser) and the export checks: an internal
identifier (snake_case), raw JSON, and on Indonesian screens the English words that leaked before."""
from __future__ import annotations

import re

SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w./])")
FILE_NAME = re.compile(r"\S+\.(?:csv|tsv|txt|xlsx|xls|parquet|geojson|json|gpkg|zip|shp|docx|pdf|png)\b", re.I)
ENGLISH = ("measurement", "service", "status_ok", "value", "swap", "looks like", "rationale")


def problems(texts: list[str], lang: str, ignore: tuple[str, ...] = ()) -> list[str]:
    """Every identifier, JSON object and (in id) English word found in `texts`; markup, links, code spans and a
    user's own file names are not read, nor the exact words in `ignore` (e.g. Streamlit's icon ligatures)."""
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>", " ", text)   # markup of the legend is not read
        plain = re.sub(r"https?://\S+|`[^`]*`", " ", plain)
        plain = FILE_NAME.sub(" ", plain)       # a user's own file name is theirs to spell
        for word in ignore:
            plain = re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", " ", plain)
        found += [f"identifier {m!r} in {text[:80]!r}" for m in SNAKE.findall(plain)]
        if '{"' in plain:
            found.append(f"JSON in {text[:80]!r}")
        if lang == "id":
            found += [f"English {w!r} in {text[:80]!r}" for w in ENGLISH
                      if re.search(rf"\b{re.escape(w)}\b", plain, re.IGNORECASE)]
    return found
