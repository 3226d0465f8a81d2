"""Messages for people are glossary keys with parameters: an error carries its key, a page shows it in the
reader's language, the terminal in Indonesian; no module that reads users' files keeps an "Indonesian (English)"
sentence, and every key a message names exists in the glossary."""
from __future__ import annotations

import ast
import re

import pytest

from paths import ROOT
from pipelines.inputs.tabular import FileError
from pipelines.present.glossary import LABELS
from pipelines.present.messages import Words, message, said, speaking, spoken

#: the modules whose words reach users when a file, a boundary or an upload is refused
SCANNED = ["pipelines/inputs", "geo/boundaries.py", "pipelines/upload.py", "pipelines/store.py", "pipelines/lokus",
           "pipelines/reconcile/survey.py", "dashboard/views"]
#: English in brackets after an Indonesian sentence, as the messages were written before
ENGLISH_IN_BRACKETS = re.compile(
    r"\((?:file|files|not|no|missing|unknown|empty|cannot|invalid|too|unreadable|unsupported|several|layer|zip|"
    r"incomplete|swap|looks|load|features|damaged|code|column|and \d|\w+ \w+ (?:dropped|kept|required))\b[^)]*\)")


def _sources() -> list:
    files = []
    for entry in SCANNED:
        path = ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _strings(tree: ast.AST) -> list[str]:
    """Every string literal, f-string parts included (docstrings and comments are not messages)."""
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def test_an_error_carries_its_key_and_speaks_both_languages():
    error = said(FileError, "ferr_missing_columns", name="pkm.csv", wanted="'Tgl Lahir'", row=3, shown="NIK, JK")
    assert str(error) == message(error, "id") and str(error).startswith("Berkas pkm.csv: kolom wajib 'Tgl Lahir'")
    assert message(error, "en").startswith("File pkm.csv: required column 'Tgl Lahir'")
    assert error.key == "ferr_missing_columns" and error.params["row"] == 3
    with speaking("en"):                      # what a page raises for an English reader
        assert str(said(FileError, "ferr_empty", name="a.csv")) == "File a.csv is empty"
        assert spoken("bnd_feature", n=2, code=Words("bnd_no_code")) == "feature 2 (no code)"
    assert spoken("bnd_feature", n=2, code=Words("bnd_no_code")) == "fitur ke-2 (tanpa kode)"
    assert message(ValueError("plain")) == "plain"          # an error without a key shows its own text


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_indonesian_english_pairs_left(path):
    leftovers = [s for s in _strings(ast.parse(path.read_text())) if ENGLISH_IN_BRACKETS.search(s)]
    assert leftovers == []


def test_every_key_a_message_names_exists():
    missing = []
    for path in [*ROOT.joinpath("pipelines").rglob("*.py"), *ROOT.joinpath("geo").rglob("*.py"),
                 *ROOT.joinpath("dashboard").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = node.args[1:] if node.func.id == "said" else node.args if node.func.id in ("spoken", "Words") else []
            if args and isinstance(args[0], ast.Constant) and args[0].value not in LABELS:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {args[0].value}")
    assert missing == []
