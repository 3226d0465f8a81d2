"""Planted data-quality faults of the demo city (issue 20), kept apart from the rest of the generator.

Three faults a data-quality review must find, and nothing else:
- posyandu "heaping": a kader who rounds length/height and weight to whole or half units (.0 and .5) and
  measures carelessly (a length error of about 8 cm SD, which inflates the SD of HAZ well above 1.95);
- posyandu "position": a kader who measures every child from 9 months standing (written `Berdiri`, the reading
  ~0.7 cm below the lying length, as a standing height is), with the same careless length error;
- puskesmas "zeros": the puskesmas that enters e-PPGBM with 0 for "not measured": a length of 0 in about 12 %
  of its rows and a weight of 0 in about 3 % (never both, so the row is kept with a note, not quarantined).

The faults use their own random stream (seed + 20), so planting them changes no other value of the demo. The
rows they touch get e-PPGBM's own z-scores and status columns recomputed from the values as entered (as
e-PPGBM would), and 0-coded rows get them blank. Truth: `_truth/quality_faults.csv` (level, unit, fault).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.demo import children as dc
from pipelines.demo import eppgbm as de

STREAM = 20                        # the faults' random stream: np.random.default_rng([seed, STREAM])
LENGTH_ERROR_CM = 8.0              # SD of the careless length/height error at the two bad posyandu
HEAPED_WHOLE, HEAPED_HALF = 0.55, 0.30   # shares of readings rounded to a whole / to the nearest half unit
ZERO_LENGTH_SHARE = 0.12           # rows entered with length 0 at the zeros puskesmas
ZERO_WEIGHT_SHARE = 0.03           # rows entered with weight 0 there (other rows)
STANDING_FROM_DAYS = 274           # the position habit: standing from 9 months
HEIGHT_LIMITS = (45.0, 125.0)      # careless readings stay physically possible (the import's range is 38-130 cm)


@dataclass(frozen=True)
class QualityFaults:
    """Where the faults are planted: posyandu as (kelurahan kode, posyandu name, posyandu id)."""

    heaping: tuple[str, str, str]
    position: tuple[str, str, str]
    zeros_puskesmas: str

    def truth(self) -> pd.DataFrame:
        return pd.DataFrame([
            ("posyandu", self.heaping[2], "heaping_and_sd"),
            ("posyandu", self.position[2], "position_and_sd"),
            ("puskesmas", self.zeros_puskesmas, "zeros"),
        ], columns=["level", "unit", "fault"])


def rng_for(seed: int) -> np.random.Generator:
    """The faults' own random stream."""
    return np.random.default_rng([seed, STREAM])


def choose(posyandu: pd.DataFrame, children_per_pos: np.ndarray, outside_ids: set[str]) -> QualityFaults:
    """The zeros puskesmas = the one with the most children; the two bad posyandu = the posyandu with the most
    children in the 2nd and in the 3rd largest puskesmas (registered where they lie: not among `outside_ids`)."""
    pos = posyandu.assign(children=children_per_pos)
    sizes = pos.groupby("puskesmas")["children"].sum().sort_values(ascending=False, kind="stable")
    ranked = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    zeros_pkm, second, third = ranked[0][0], ranked[1][0], ranked[2][0]

    def biggest(pkm: str) -> tuple[str, str, str]:
        cand = pos[(pos["puskesmas"] == pkm) & ~pos["posyandu_id"].isin(outside_ids)]
        row = cand.sort_values(["children", "posyandu_id"], ascending=[False, True], kind="stable").iloc[0]
        return row["kode"], row["nama"], row["posyandu_id"]

    return QualityFaults(heaping=biggest(second), position=biggest(third), zeros_puskesmas=zeros_pkm)


def _export_zscores(frame: pd.DataFrame) -> pd.DataFrame:
    """e-PPGBM's ZS and status columns recomputed from the values as entered (WHO LMS, whole days)."""
    age = (pd.to_datetime(frame["Tanggal Pengukuran"]) - pd.to_datetime(frame["Tgl Lahir"])).dt.days.to_numpy()
    sex = np.where(frame["JK"].to_numpy() == "L", 1, 2)
    h = frame["Tinggi"].to_numpy(dtype=float)
    w = frame["Berat"].to_numpy(dtype=float)
    standing = frame["Cara Ukur"].to_numpy() == "Berdiri"
    lying_expected = age < 731
    adjusted = h + np.where(standing & lying_expected & (age >= STANDING_FROM_DAYS), 0.7, 0) \
        - np.where(~standing & ~lying_expected, 0.7, 0)
    l, m, s = dc._lms_rows("who_lhfa", sex, age)
    haz = np.round(dc.lms_z(l, m, s, adjusted), 2)
    la, ma, sa = dc._lms_rows("who_wfa", sex, age)
    waz = np.round(dc.lms_z(la, ma, sa, w), 2)
    wfl_i = np.clip(np.round((adjusted - 45.0) * 10).astype(int), 0, 650)
    wfh_i = np.clip(np.round((adjusted - 65.0) * 10).astype(int), 0, 550)
    l1, m1, s1 = dc._lms_rows("who_wfl", sex, wfl_i)
    l2, m2, s2 = dc._lms_rows("who_wfh", sex, wfh_i)
    lw, mw, sw = np.where(lying_expected, l1, l2), np.where(lying_expected, m1, m2), np.where(lying_expected, s1, s2)
    in_table = np.where(lying_expected, (adjusted >= 45) & (adjusted <= 110), (adjusted >= 65) & (adjusted <= 120))
    whz = np.where(in_table, np.round(dc.lms_z(lw, mw, sw, w), 2), np.nan)
    out = frame.copy()
    out["ZS TB/U"], out["ZS BB/U"], out["ZS BB/TB"] = haz, waz, whz
    out["TB/U"] = de._categories(haz, [-3, -2, 3], ["Sangat Pendek", "Pendek", "Normal", "Tinggi"])
    out["BB/U"] = de._categories(waz, [-3, -2, 1], ["Berat Badan Sangat Kurang", "Berat Badan Kurang",
                                                   "Berat Badan Normal", "Risiko Berat Badan Lebih"])
    out["BB/TB"] = de._categories(whz, [-3, -2, 1, 2, 3], ["Gizi Buruk", "Gizi Kurang", "Gizi Baik",
                                                          "Berisiko Gizi Lebih", "Gizi Lebih", "Obesitas"])
    return out


def _heap(values: np.ndarray, draw: np.ndarray) -> np.ndarray:
    """Readings rounded to a whole unit (draw < HEAPED_WHOLE) or to the nearest half (next HEAPED_HALF)."""
    whole = draw < HEAPED_WHOLE
    half = ~whole & (draw < HEAPED_WHOLE + HEAPED_HALF)
    return np.where(whole, np.round(values), np.where(half, np.round(values * 2) / 2, values))


def plant_posyandu_faults(table: pd.DataFrame, faults: QualityFaults, rng: np.random.Generator) -> pd.DataFrame:
    """The two bad posyandu's rows of the (clean, typed) e-PPGBM table, changed as the module says."""
    table = table.copy()
    for (kode, nama, _), habit in ((faults.heaping, "heaping"), (faults.position, "position")):
        sel = ((table["_kode"] == kode) & (table["Posyandu"] == nama)).to_numpy()
        part = table.loc[sel]
        h = part["Tinggi"].to_numpy(dtype=float) + rng.normal(0, LENGTH_ERROR_CM, len(part))
        w = part["Berat"].to_numpy(dtype=float)
        if habit == "heaping":
            h = _heap(h, rng.random(len(part)))
            w = _heap(w, rng.random(len(part)))
        else:
            age = (pd.to_datetime(part["Tanggal Pengukuran"]) - pd.to_datetime(part["Tgl Lahir"])).dt.days.to_numpy()
            now_standing = (age >= STANDING_FROM_DAYS) & (part["Cara Ukur"].to_numpy() == "Terlentang")
            h = h - 0.7 * now_standing                      # a standing height reads ~0.7 cm below the length
            part = part.assign(**{"Cara Ukur": np.where(age >= STANDING_FROM_DAYS, "Berdiri", part["Cara Ukur"])})
        part = part.assign(Tinggi=np.round(np.clip(h, *HEIGHT_LIMITS), 1), Berat=np.round(np.clip(w, 1.0, 29.5), 1))
        table.loc[sel] = _export_zscores(part)[table.columns].to_numpy()
    return table


def plant_zeros(per_pkm: dict[str, pd.DataFrame], dirty: pd.DataFrame, faults: QualityFaults,
                rng: np.random.Generator) -> None:
    """0 for "not measured" in the zeros puskesmas' export (in place), on rows the import keeps (not the planted
    dirty rows, whose faults must stay what they are, nor a row that has an exact duplicate)."""
    frame = per_pkm[faults.zeros_puskesmas]
    spoiled = set(dirty.loc[dirty["puskesmas"] == faults.zeros_puskesmas, "row"] - 2)
    copied = np.flatnonzero(frame.duplicated(keep=False).to_numpy())   # a duplicate stays an exact copy
    spoiled |= set(copied.tolist())
    clean = np.array([i for i in range(len(frame)) if i not in spoiled])
    draw = rng.random(len(clean))
    no_length = clean[draw < ZERO_LENGTH_SHARE]
    no_weight = clean[(draw >= ZERO_LENGTH_SHARE) & (draw < ZERO_LENGTH_SHARE + ZERO_WEIGHT_SHARE)]
    col = frame.columns.get_loc
    frame.iloc[no_length, col("Tinggi")] = 0.0
    for c in ("ZS TB/U", "ZS BB/TB"):
        frame.iloc[no_length, col(c)] = np.nan
    for c in ("TB/U", "BB/TB"):
        frame.iloc[no_length, col(c)] = ""
    frame.iloc[no_weight, col("Berat")] = 0.0
    for c in ("ZS BB/U", "ZS BB/TB"):
        frame.iloc[no_weight, col(c)] = np.nan
    for c in ("BB/U", "BB/TB", "Naik Berat Badan"):
        frame.iloc[no_weight, col(c)] = ""


def write_truth(faults: QualityFaults, path: Path) -> None:
    """`_truth/quality_faults.csv`: level, unit (posyandu id or puskesmas name), fault."""
    faults.truth().to_csv(path, index=False, lineterminator="\n")
