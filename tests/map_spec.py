"""Reading a Peta deck as the browser gets it: layers, their features (inline, or from the view file the layer's
URL names, in dashboard/static/layers/) and each feature's fill colour (a `properties.fill` accessor, or the
`i<N?[..]:[..]` expression a view file is recoloured with); numbers as a locale writes them."""
from __future__ import annotations

import json
import re
from pathlib import Path

from paths import ROOT

LAYER_DIR = ROOT / "dashboard" / "static" / "layers"


def layer(spec: dict, layer_id: str) -> dict | None:
    return next((item for item in spec["layers"] if item["id"] == layer_id), None)


def features(item: dict) -> list[dict]:
    """The layer's GeoJSON features: inline, or read from the view file its URL names."""
    data = item["data"]
    if isinstance(data, str):
        return json.loads((LAYER_DIR / Path(data).name).read_text(encoding="utf-8"))["features"]
    if isinstance(data, dict):
        return data["features"]
    return data


def _parse(expression: str):
    """The conditional tree of a fill expression as nested tuples ('<', n, left, right) or a colour list."""
    position = 0

    def node():
        nonlocal position
        if expression.startswith("i<", position):
            match = re.match(r"i<(\d+)\?", expression[position:])
            position += match.end()
            left = node()
            assert expression[position] == ":"
            position += 1
            right = node()
            return ("<", int(match.group(1)), left, right)
        end = expression.index("]", position) + 1
        colour = json.loads(expression[position:end])
        position = end
        return colour

    tree = node()
    assert position == len(expression), expression[position:position + 40]
    return tree


def _evaluate(tree, i: int) -> list[int]:
    while isinstance(tree, tuple):
        tree = tree[2] if i < tree[1] else tree[3]
    return tree


def fills(item: dict) -> dict[str, list[int]]:
    """kode -> RGBA of every feature of a choropleth layer, as deck.gl will colour it."""
    accessor = item.get("_subLayerProps", {}).get("polygons-fill", {}).get("getFillColor", item.get("getFillColor"))
    result = {}
    if isinstance(accessor, str) and accessor.startswith("@@=properties.fill"):
        for feature in features(item):
            result[feature["properties"]["kode"]] = feature["properties"]["fill"]
        return result
    tree = _parse(accessor[3:] if isinstance(accessor, str) else json.dumps(accessor))
    for feature in features(item):
        result[feature["properties"]["kode"]] = _evaluate(tree, feature["i"])
    return result


def tooltip_text(template: str, feature: dict) -> str:
    """The tooltip deck.gl shows for `feature` (Streamlit fills `{key}` from the object or its properties)."""
    properties = feature.get("properties", {})
    return re.sub(r"{(.*?)}", lambda m: str(properties.get(m.group(1), feature.get(m.group(1), m.group(0)))), template)


# a number as a person reads it: digits with thousands and decimal separators
NUMBER = re.compile(r"(?<![\w.,])[-+−]?\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?(?![\w])|(?<![\w.,])[-+]?\d+(?:[.,]\d+)?(?![\w])")


def wrong_separators(text: str, lang: str) -> list[str]:
    """Numbers in `text` written with the other locale's decimal separator: in id '22.8' (a decimal dot), in en
    '22,8' (a decimal comma). Codes (17.71.01.1001), periods (2025-08) and integers are not numbers to check."""
    text = re.sub(r"\b\d{2}\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?\b", " ", text)   # Kemendagri codes
    text = re.sub(r"\b\d{4}-\d{2}(?:-\d{2})?\b", " ", text)                  # periods and dates
    wrong = []
    for match in re.finditer(r"(?<![\w.,])\d+([.,])(\d+)(?![\d])", text):
        separator, digits = match.group(1), match.group(2)
        if len(digits) == 3:   # a thousands separator or a decimal with three places: ambiguous, skip
            continue
        if (lang == "id" and separator == ".") or (lang == "en" and separator == ","):
            wrong.append(match.group(0))
    return wrong
