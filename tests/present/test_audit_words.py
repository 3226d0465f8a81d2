"""Every action the code writes to the audit log has words (glossary `audit_<action>`), so the Pengguna and
Riwayat Impor pages never show a bare code such as `survey_add`."""
from __future__ import annotations

import re
from pathlib import Path

from pipelines.present.glossary import LABELS

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"\b_?audit\((?P<args>[^()]*(?:\([^()]*\)[^()]*)*)\)")
ACTION = re.compile(r"""(?<![f\w[])["']([a-z]+(?:_[a-z]+)*)["']""")


def _written_actions() -> set[str]:
    actions = set()
    for folder in ("pipelines", "dashboard"):
        for path in (ROOT / folder).rglob("*.py"):
            for call in CALL.finditer(path.read_text(encoding="utf-8")):
                actions.update(ACTION.findall(call.group("args")))
    return actions


def test_every_audit_action_has_words():
    actions = _written_actions()
    assert {"user_add", "user_role", "survey_add", "selection_save", "undo"} <= actions  # the scan finds them
    missing = sorted(a for a in actions if f"audit_{a}" not in LABELS)
    assert not missing, f"audit actions without words: {missing}"
