"""Text from a file (a desa's name, a kecamatan) shown exactly as written inside Streamlit Markdown elements."""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=])")


def literal(text: object) -> str:
    """`text` with every Markdown special character backslash-escaped: no link, emphasis, heading, HTML entity,
    Streamlit directive (`:red[...]`) or raw HTML can come from a name, and quotes stay quotes (never `&quot;`)."""
    return _SPECIAL.sub(r"\\\1", str(text))
