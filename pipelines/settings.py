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
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


def default_packages_path() -> Path:
    return Path(__file__).resolve().parent / "services" / "packages.toml"  # also when `pipelines` resolves as a namespace package


@dataclass
class Settings:
    # month (1..12) -> month of the round it belongs to; empty = each calendar month is its own period
    rounds: dict[int, int] = field(default_factory=dict)
    packages_path: Path = field(default_factory=default_packages_path)
    unrecorded: str = "missing"  # "missing" | "exclude"
    small_n: int = 10

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
        return settings

    def round_table(self) -> list[tuple[int, int]]:
        """(month, round month) pairs for all 12 months, for a SQL join."""
        return [(m, self.rounds.get(m, m)) for m in range(1, 13)]
