"""The indicator catalogue: the one place that says what each indicator is.

Every other part (growth SQL cut-offs, selectors, legends, tooltips, profiles, exports, slides, lokus) reads
an indicator's label, group, population noun, cut-off, direction, WHO/UNICEF thresholds and palette from
here. Adding a growth indicator is one entry in `GROWTH` (and its test); the SQL counts are generated from
the entries (`growth_count_columns`).

Values of every indicator are shares 0..1 (`unit = "share"`); coverage may exceed 1 (more children measured
than the sasaran counts) and is never capped.

Three families have one entry per code found in the database, derived from the 1000-HPK packages:
`hpk_complete_access[_<target type>]`, `konvergensi[_<target type>]`, `hpk_incomplete_records[_<target type>]`
and `svc_<service>`; `indicator(key)` builds them on demand.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

# Groups in the order selectors show them; (id, en)
GROUPS: dict[str, tuple[str, str]] = {
    "gizi": ("Gizi balita", "Child nutrition"),
    "cakupan": ("Cakupan penimbangan", "Measurement coverage"),
    "hpk_ibu": ("1000 HPK ibu hamil", "1000-HPK pregnant women"),
    "hpk_anak": ("1000 HPK anak 0–23 bulan", "1000-HPK children 0–23 months"),
    "hpk_paud": ("1000 HPK anak 2–6 tahun", "1000-HPK children 2–6 years"),
    "konvergensi": ("Konvergensi", "Convergence"),
}

# Population nouns (id, en): what the numerator and denominator count
NOUNS: dict[str, tuple[str, str]] = {
    "balita": ("balita", "children"),
    "sasaran_balita": ("sasaran balita", "target children"),
    "ibu_hamil": ("ibu hamil", "pregnant women"),
    "anak_0_23": ("anak 0–23 bulan", "children 0–23 months"),
    "anak_2_6": ("anak 2–6 tahun", "children 2–6 years"),
    "sasaran": ("sasaran 1000 HPK", "1000-HPK targets"),
    "layanan": ("layanan", "services"),
}

# WHO/UNICEF prevalence thresholds (shares; lower bound inclusive), de Onis et al., Public Health Nutr 2019;
# underweight: WHO 1995 classes.
STUNTING_THRESHOLDS = (0.025, 0.10, 0.20, 0.30)
WASTING_THRESHOLDS = (0.025, 0.05, 0.10, 0.15)
UNDERWEIGHT_THRESHOLDS = (0.10, 0.20, 0.30)

# ColorBrewer scheme names (classify.py holds the colours)
WORSE_PALETTE = "YlOrRd"    # higher is worse
BETTER_PALETTE = "YlGnBu"   # higher is better
CHANGE_PALETTE = "BuRd"     # change between periods (diverging)


@dataclass(frozen=True)
class Indicator:
    """One indicator. Texts are (Indonesian, English)."""

    key: str
    group: str                              # key of GROUPS
    order: int                              # position within its group
    label: tuple[str, str]                  # full name, as in selectors and table titles
    short: tuple[str, str]                  # column header / chart label
    definition: tuple[str, str]             # one sentence: numerator over denominator
    noun: str                               # key of NOUNS: who the denominator counts
    higher_is_worse: bool = True
    z_column: str | None = None             # growth: z-score column of `measurements`
    cutoff: float | None = None             # growth: z cut-off (SD)
    below: bool = True                      # growth: counts z < cutoff (else z > cutoff)
    flag_column: str | None = None          # growth: implausible-value flag column
    thresholds: tuple[float, ...] | None = None   # WHO/UNICEF class breaks, shares
    unit: str = "share"

    @property
    def palette(self) -> str:
        return WORSE_PALETTE if self.higher_is_worse else BETTER_PALETTE

    @property
    def is_growth(self) -> bool:
        return self.z_column is not None

    def text(self, field: str, lang: str = "id") -> str:
        """`label`, `short` or `definition` in `lang`."""
        pair = getattr(self, field)
        return pair[0] if lang == "id" else pair[1]

    def noun_text(self, lang: str = "id") -> str:
        pair = NOUNS[self.noun]
        return pair[0] if lang == "id" else pair[1]

    def group_text(self, lang: str = "id") -> str:
        return group_label(self.group, lang)


def _growth(key, order, label, short, z, cutoff, below, thresholds=None) -> Indicator:
    sign = "<" if below else ">"
    index = {"haz": ("TB/U", "HAZ"), "waz": ("BB/U", "WAZ"), "whz": ("BB/TB", "WHZ")}[z]
    cut = f"{cutoff:+g}" if cutoff > 0 else f"{cutoff:g}"
    return Indicator(
        key=key, group="gizi", order=order, label=label, short=short,
        definition=(f"Balita dengan {index[0]} {sign} {cut} SD ÷ balita dengan {index[0]} valid",
                    f"Children with {index[1]} {sign} {cut} ÷ children with a valid {index[1]}"),
        noun="balita", z_column=z, cutoff=cutoff, below=below, flag_column=f"flag_{z}", thresholds=thresholds,
    )


#: The growth indicators, in display order. Stunting first: it is what the TPPS is scored on.
GROWTH: tuple[Indicator, ...] = (
    _growth("stunting", 1, ("Stunting (TB/U < -2 SD)", "Stunting (HAZ < -2)"), ("Stunting", "Stunting"),
            "haz", -2.0, True, STUNTING_THRESHOLDS),
    _growth("severe_stunting", 2, ("Stunting berat (TB/U < -3 SD)", "Severe stunting (HAZ < -3)"),
            ("Stunting berat", "Severe stunting"), "haz", -3.0, True),
    _growth("wasting", 3, ("Gizi kurang/wasting (BB/TB < -2 SD)", "Wasting (WHZ < -2)"),
            ("Wasting", "Wasting"), "whz", -2.0, True, WASTING_THRESHOLDS),
    _growth("severe_wasting", 4, ("Gizi buruk (BB/TB < -3 SD)", "Severe wasting (WHZ < -3)"),
            ("Gizi buruk", "Severe wasting"), "whz", -3.0, True),
    _growth("underweight", 5, ("Berat badan kurang (BB/U < -2 SD)", "Underweight (WAZ < -2)"),
            ("BB kurang", "Underweight"), "waz", -2.0, True, UNDERWEIGHT_THRESHOLDS),
    _growth("overweight", 6, ("Gizi lebih (BB/TB > +2 SD)", "Overweight (WHZ > +2)"),
            ("Gizi lebih", "Overweight"), "whz", 2.0, False, WASTING_THRESHOLDS),
)

COVERAGE = Indicator(
    key="coverage", group="cakupan", order=1,
    label=("Cakupan penimbangan balita", "Measurement coverage"), short=("Cakupan", "Coverage"),
    definition=("Balita diukur ÷ sasaran balita (bisa lebih dari 100 %)",
                "Children measured ÷ target children (may exceed 100 %)"),
    noun="sasaran_balita", higher_is_worse=False,
)

_TARGET_GROUP = {"ibu_hamil": "hpk_ibu", "anak_0_23": "hpk_anak", "anak_2_6": "hpk_paud"}

_FAMILIES: dict[str, Indicator] = {
    "hpk_complete_access": Indicator(
        key="hpk_complete_access", group="konvergensi", order=1,
        label=("Sasaran 1000 HPK dengan layanan lengkap", "1000-HPK targets with complete access"),
        short=("Akses lengkap", "Complete access"),
        definition=("Sasaran yang menerima semua layanan paketnya ÷ semua sasaran",
                    "Targets who received every service of their package ÷ all targets"),
        noun="sasaran", higher_is_worse=False),
    "konvergensi": Indicator(
        key="konvergensi", group="konvergensi", order=2,
        label=("Tingkat konvergensi", "Convergence level"), short=("Konvergensi", "Convergence"),
        definition=("Layanan yang diterima ÷ layanan yang seharusnya diterima",
                    "Services received ÷ services that should have been received"),
        noun="layanan", higher_is_worse=False),
    "hpk_incomplete_records": Indicator(
        key="hpk_incomplete_records", group="konvergensi", order=3,
        label=("Sasaran dengan catatan layanan belum lengkap", "Targets with unrecorded services"),
        short=("Catatan belum lengkap", "Incomplete records"),
        definition=("Sasaran dengan ≥ 1 layanan yang belum dicatat ÷ semua sasaran",
                    "Targets with at least one unrecorded service ÷ all targets"),
        noun="sasaran", higher_is_worse=True),
}

_BY_KEY: dict[str, Indicator] = {i.key: i for i in (*GROWTH, COVERAGE, *_FAMILIES.values())}


def target_label(target_type: str, lang: str = "id") -> str:
    """Population noun of a 1000-HPK target type (`ibu_hamil` -> 'ibu hamil')."""
    pair = NOUNS.get(target_type, (target_type.replace("_", " "), target_type.replace("_", " ")))
    return pair[0] if lang == "id" else pair[1]


@lru_cache(maxsize=8)
def _package_services(path: str | None) -> dict[str, tuple[tuple[str, str], tuple[str, ...]]]:
    """code -> ((name id, name en), target types) of the services in a packages TOML (default: the shipped one).

    Read here with tomllib rather than through `pipelines.services.registers` so that the catalogue stays at
    the bottom of the imports; the registers validate the same file when a build loads it.
    """
    file = Path(path) if path else Path(__file__).resolve().parents[1] / "services" / "packages.toml"
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    out = {}
    for spec in data.get("services", []):
        code = str(spec.get("code", ""))
        name = str(spec.get("name") or code.replace("_", " "))
        out[code] = ((name, str(spec.get("name_en") or name)), tuple(spec.get("targets", ())))
    return out


def service_name(code: str, lang: str = "id", packages: str | Path | None = None) -> str:
    """Short name of a 1000-HPK service code (`anc_4x` -> 'Pemeriksaan kehamilan ≥ 4 kali')."""
    found = _package_services(str(packages) if packages else None).get(code)
    if found is None:
        return code.replace("_", " ")
    return found[0][0] if lang == "id" else found[0][1]


def indicator(key: str, service_labels: dict[str, tuple[str, str]] | None = None,
              service_targets: dict[str, Iterable[str]] | None = None) -> Indicator:
    """The catalogue entry of `key`, including the per-target and per-service families.

    Service names and target types come from the shipped 1000-HPK packages (`pipelines/services/packages.toml`,
    keys `name`, `name_en`, `targets`); `service_labels` (service code -> (id, en)) and `service_targets`
    (service code -> target types) override them. An unknown key raises KeyError: a new indicator needs a
    catalogue entry.
    """
    if key in _BY_KEY:
        return _BY_KEY[key]
    for base, family in _FAMILIES.items():
        target = key[len(base) + 1:] if key.startswith(base + "_") else None
        if target and target in NOUNS:
            return replace(
                family, key=key, group=_TARGET_GROUP.get(target, family.group), order=family.order,
                label=(f"{family.label[0]} – {target_label(target, 'id')}",
                       f"{family.label[1]} – {target_label(target, 'en')}"),
                short=(f"{family.short[0]} – {target_label(target, 'id')}",
                       f"{family.short[1]} – {target_label(target, 'en')}"),
                noun=target if family.noun == "sasaran" else family.noun,
            )
    if key.startswith("svc_"):
        code = key[4:]
        shipped = _package_services(None).get(code)
        label = (service_labels or {}).get(code) or (shipped[0] if shipped else (code.replace("_", " "),) * 2)
        targets = list((service_targets or {}).get(code, shipped[1] if shipped else ()))
        group = _TARGET_GROUP.get(targets[0], "konvergensi") if len(targets) == 1 else "konvergensi"
        noun = targets[0] if len(targets) == 1 else "sasaran"
        return Indicator(
            key=key, group=group, order=100, label=(f"Layanan: {label[0]}", f"Service: {label[1]}"),
            short=label, definition=(f"Sasaran yang menerima layanan ini ÷ sasaran yang seharusnya menerimanya",
                                     "Targets who received this service ÷ targets to whom it applies"),
            noun=noun, higher_is_worse=False,
        )
    raise KeyError(f"indicator {key!r} has no catalogue entry (pipelines/indicators/catalogue.py)")


def label(key: str, lang: str = "id") -> str:
    """Full label of an indicator key; the key itself only for a key the catalogue does not know."""
    try:
        return indicator(key).text("label", lang)
    except KeyError:
        return key


def choice_label(key: str, lang: str = "id") -> str:
    """How a selector shows an indicator: its group, then its label ('Gizi balita › Stunting (TB/U < -2 SD)').

    Streamlit's select boxes have no option groups; the options come in catalogue order (`ordered`), so each
    group's entries stand together under the same prefix.
    """
    try:
        ind = indicator(key)
    except KeyError:
        return key
    return f"{ind.group_text(lang)} › {ind.text('label', lang)}"


def noun(key: str, lang: str = "id") -> str:
    """Who the denominator of `key` counts ('balita', 'ibu hamil', ...); 'balita' for an unknown key."""
    try:
        return indicator(key).noun_text(lang)
    except KeyError:
        return NOUNS["balita"][0 if lang == "id" else 1]


def sort_key(ind: Indicator) -> tuple[int, int, str]:
    """Display order: group order, then order within the group, then key."""
    return (list(GROUPS).index(ind.group), ind.order, ind.key)


def ordered(keys: Iterable[str], **kwargs) -> list[Indicator]:
    """Catalogue entries of `keys` (e.g. the indicators present in a database) in display order."""
    return sorted((indicator(k, **kwargs) for k in set(keys)), key=sort_key)


def ordered_keys(keys: Iterable[str]) -> list[str]:
    """`keys` in display order (stunting first); keys without a catalogue entry last, by name."""
    keys = set(keys)
    known, unknown = [], []
    for key in keys:
        try:
            known.append(indicator(key))
        except KeyError:
            unknown.append(key)
    return [i.key for i in sorted(known, key=sort_key)] + sorted(unknown)


def group_label(group: str, lang: str = "id") -> str:
    pair = GROUPS[group]
    return pair[0] if lang == "id" else pair[1]


def growth_keys() -> tuple[str, ...]:
    """The indicators the growth writer computes from measurements and sasaran (growth + coverage)."""
    return (*(i.key for i in GROWTH), COVERAGE.key)


def growth_count_columns() -> dict[str, list[tuple[str, str]]]:
    """Per z column, (indicator key, SQL condition on the rounded z times 100 `zc`) for the growth counts SQL.

    The conditions are generated from the catalogue's cut-offs, so the SQL holds no cut-off of its own.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for ind in GROWTH:
        op = "<" if ind.below else ">"
        out.setdefault(ind.z_column, []).append((ind.key, f"zc {op} {round(ind.cutoff * 100)}"))
    return out


HEADLINE = "stunting"   #: the indicator pages open on and slides lead with
HEADLINE_SEVERE = "severe_stunting"   #: its severe form (< -3 SD), beside it in tables and scorecards
