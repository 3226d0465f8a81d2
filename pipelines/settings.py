"""One settings object for a build, with the defaults a kabupaten can override in a TOML file.

Example `peta-stunting.toml`:

    [rounds]                 # group months into weighing rounds (bulan timbang); default: calendar month
    "2" = [1, 2, 3, 4, 5, 6]      # Jan-Jun measurements belong to the February round (period YYYY-02)
    "8" = [7, 8, 9, 10, 11, 12]   # Jul-Dec measurements belong to the August round (period YYYY-08)

    [services]
    packages = "my-packages.toml" # 1000-HPK package definitions (default: the shipped pipelines/services/packages.toml)
    unrecorded = "missing"        # "missing" (default) or "exclude": how an empty service cell counts

    [display]
    small_n = 10                  # rates on fewer children are marked and can be hidden

    [dua_angka]                   # reconciliation with survey figures (docs/dua-angka.md)
    sasaran_male_share = 0.512    # boys among the sasaran when it has no sex split
    haz_sd_expected = [1.35, 1.95]   # expected SD of HAZ (default WHO-UNICEF); the quality grade uses it too
    unmeasured_rr = [1.5, 2.0]    # sensitivity: the unmeasured rr times as often stunted
    benchmark_method = "logit"    # "logit" (logit shift) or "ratio"
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.quality.standards import SD_RANGE


def default_packages_path() -> Path:
    return Path(__file__).resolve().parent / "services" / "packages.toml"  # also when `pipelines` resolves as a namespace package


@dataclass
class Settings:
    # month (1..12) -> month of the round it belongs to; empty = each calendar month is its own period
    rounds: dict[int, int] = field(default_factory=dict)
    packages_path: Path = field(default_factory=default_packages_path)
    unrecorded: str = "missing"  # "missing" | "exclude"
    small_n: int = 10
    # lokus (Aksi 1): national practice, 10 priority desa per kabupaten (2018: 1,000 desa in 100 kabupaten)
    lokus_n: int = 10
    # dua angka (pipelines/reconcile, docs/dua-angka.md): assumptions written next to every number they make
    sasaran_male_share: float = 0.512        # boys among target children (sex ratio at birth ~105:100)
    # expected SD of HAZ (the WHO-UNICEF range, pipelines.quality.standards.SD_RANGE, unless the TOML overrides it):
    # the quality grade's rule sd_haz_high and Dua Angka's SD adjustment both use this one value
    haz_sd_expected: tuple[float, float] = SD_RANGE["haz"]
    unmeasured_rr: tuple[float, ...] = (1.5, 2.0)  # sensitivity: unmeasured children RR times as often stunted
    benchmark_method: str = "logit"          # "logit" (logit shift) or "ratio" (ratio benchmarking)

    @classmethod
    def from_toml(cls, path: Path | None) -> "Settings":
        """Settings from a TOML file (see module docstring); defaults when `path` is None."""
        settings = cls()
        if path is None:
            return settings
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        for round_month, months in data.get("rounds", {}).items():
            for month in months:
                if not 1 <= int(month) <= 12:
                    raise ValueError(f"{path}: [rounds] month {month} is not 1..12")
                settings.rounds[int(month)] = int(round_month)
        services = data.get("services", {})
        if "packages" in services:
            settings.packages_path = (Path(path).parent / services["packages"]).resolve()
        if "unrecorded" in services:
            if services["unrecorded"] not in ("missing", "exclude"):
                raise ValueError(f"{path}: [services] unrecorded must be 'missing' or 'exclude'")
            settings.unrecorded = services["unrecorded"]
        settings.small_n = int(data.get("display", {}).get("small_n", settings.small_n))
        dua = data.get("dua_angka", {})
        if "sasaran_male_share" in dua:
            settings.sasaran_male_share = float(dua["sasaran_male_share"])
            if not 0.3 <= settings.sasaran_male_share <= 0.7:
                raise ValueError(f"{path}: [dua_angka] sasaran_male_share must be between 0.3 and 0.7")
        if "haz_sd_expected" in dua:
            low, high = (float(v) for v in dua["haz_sd_expected"])
            if not 0.5 <= low <= high <= 3:
                raise ValueError(f"{path}: [dua_angka] haz_sd_expected must be [low, high] within 0.5..3")
            settings.haz_sd_expected = (low, high)
        if "unmeasured_rr" in dua:
            settings.unmeasured_rr = tuple(float(v) for v in dua["unmeasured_rr"])
            if not all(1 <= v <= 10 for v in settings.unmeasured_rr):
                raise ValueError(f"{path}: [dua_angka] unmeasured_rr values must be between 1 and 10")
        if "benchmark_method" in dua:
            if dua["benchmark_method"] not in ("logit", "ratio"):
                raise ValueError(f"{path}: [dua_angka] benchmark_method must be 'logit' or 'ratio'")
            settings.benchmark_method = dua["benchmark_method"]
        return settings

    def round_table(self) -> list[tuple[int, int]]:
        """(month, round month) pairs for all 12 months, for a SQL join."""
        return [(m, self.rounds.get(m, m)) for m in range(1, 13)]
