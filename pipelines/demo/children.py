"""Children and their growth measurements for the fictional demo city (Kota Contoh).

Model (all vectorised):
- Stunting prevalence p[k, r] per kelurahan k and round r is a smooth field over the kelurahan centroids
  (east-west gradient + two hotspots) scaled to about 6.5 %..40 %, improving 3 % (relative) per round.
- A child's HAZ in round r is mu[k, r] + 1.1 * z[r], z a standard-normal AR(1) series over rounds
  (correlation 0.85: a child's z drifts slowly), mu chosen so that P(HAZ < -2) = p[k, r] exactly.
  WHZ likewise with SD 1.0, correlation 0.6 and wasting prevalence 5..12 %.
- Length/height (cm) = WHO LMS at the child's age in days: y = M * (1 + L*S*z)^(1/L); weight (kg) from
  weight-for-length (< 731 days) or weight-for-height (>= 731 days) at the position-adjusted height.
"""
from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from pipelines.growth.who_tables import read_table

ROUNDS: list[tuple[int, int]] = [(2024, 2), (2024, 8), (2025, 2), (2025, 8)]   # (year, month)
PERIODS: list[str] = [f"{y}-{m:02d}" for y, m in ROUNDS]
HAZ_SD = 1.1
WHZ_SD = 1.0
HAZ_RHO = 0.85
WHZ_RHO = 0.6
STUNTING_RANGE = (0.065, 0.40)   # first-round prevalence, min and max over kelurahan
STUNTING_TREND = 0.03            # relative improvement per round
WASTING_RANGE = (0.05, 0.12)
BIRTH_FIRST = np.datetime64("2019-02-20")
BIRTH_LAST = np.datetime64("2025-08-28")
MAX_AGE_DAYS = 1826              # 59 months (days / 30.4375 < 60)
MIN_AGE_DAYS = 7                 # newborns are not weighed at the posyandu in their first week

FIRST_NAMES_M = [
    "Ahmad", "Muhammad", "Rizky", "Fajar", "Dimas", "Arka", "Bima", "Raka", "Gilang", "Hafiz", "Ilham",
    "Yusuf", "Zidan", "Alif", "Rafa", "Azka", "Daffa", "Farel", "Kenzo", "Naufal", "Satria", "Bagas",
    "Adit", "Galih", "Rendra", "Wahyu", "Arga", "Athar", "Fathan", "Ibrahim",
]
FIRST_NAMES_F = [
    "Putri", "Siti", "Aisyah", "Nabila", "Zahra", "Aulia", "Citra", "Dinda", "Alya", "Keisha", "Naura",
    "Salsabila", "Syifa", "Anindya", "Kirana", "Laras", "Maharani", "Nayla", "Qiana", "Rara", "Sekar",
    "Tiara", "Azzahra", "Khanza", "Fatimah", "Humaira", "Inayah", "Larasati", "Mutiara", "Wulan",
]
SECOND_NAMES = [
    "Pratama", "Saputra", "Ramadhan", "Putra", "Hidayat", "Nugroho", "Wijaya", "Santoso", "Kurniawan",
    "Setiawan", "Lestari", "Anggraini", "Rahmawati", "Maulida", "Permata", "Safitri", "Wulandari", "Azizah",
    "Firmansyah", "Prasetyo", "Al Fatih", "Khairunnisa", "Ayu", "Nur",
]
MOTHER_NAMES = [
    "Sri Wahyuni", "Dewi Lestari", "Siti Aminah", "Nur Hidayah", "Rina Marlina", "Yuliana", "Endang Susanti",
    "Ratna Sari", "Sulastri", "Tri Handayani", "Eka Putri", "Fitri Yani", "Ani Rahayu", "Wiwik Setyowati",
    "Novi Andriani", "Indah Permatasari", "Lina Marlina", "Umi Kulsum", "Sumiyati", "Rohmah", "Mega Sari",
    "Dian Puspita", "Yanti Susilowati", "Heni Purwanti", "Nining Kurniasih", "Puji Astuti", "Ida Farida",
]
STREETS = [
    "Jl. Kenanga", "Jl. Mawar", "Jl. Pemuda", "Jl. Pahlawan", "Gg. Mushola", "Gg. Melati", "Jl. Merdeka",
    "Jl. Kartini", "Gg. Kelapa", "Jl. Sultan Agung", "Jl. Diponegoro", "Gg. Masjid", "Jl. Raya Pantura",
    "Jl. Kali Baru", "Gg. Sawo", "Jl. Sidomukti", "Jl. Tambak", "Gg. Bandeng",
]


def _unit(v: np.ndarray) -> np.ndarray:
    """Scale values linearly to 0..1."""
    return (v - v.min()) / (v.max() - v.min())


def prevalence_fields(cx_km: np.ndarray, cy_km: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Expected stunting and wasting prevalence (0..1), arrays (n_kelurahan, n_rounds).

    Smooth over the centroids (km): a gradient rising to the south-east, a hotspot in the crowded
    harbour quarter and one on the south-eastern fringe, plus a little kelurahan noise.
    """
    hot1 = np.exp(-((cx_km + 1.0) ** 2 + (cy_km - 3.0) ** 2) / (2 * 1.5 ** 2))
    hot2 = np.exp(-((cx_km - 4.5) ** 2 + (cy_km + 3.5) ** 2) / (2 * 2.0 ** 2))
    field = 0.35 * _unit(cx_km - 0.6 * cy_km) + 1.0 * hot1 + 0.8 * hot2 + rng.normal(0, 0.04, len(cx_km))
    lo, hi = STUNTING_RANGE
    stunting0 = lo + (hi - lo) * _unit(field)
    trend = 1 - STUNTING_TREND * np.arange(len(ROUNDS))
    stunting = stunting0[:, None] * trend[None, :]

    other = np.sin(cx_km / 3.0) + 0.5 * np.cos(cy_km / 2.5)
    lo, hi = WASTING_RANGE
    wasting0 = lo + (hi - lo) * _unit(0.6 * _unit(field) + 0.4 * _unit(other))
    wasting = wasting0[:, None] * (1 - 0.02 * np.arange(len(ROUNDS)))[None, :]
    return stunting, wasting


def _probit(p: np.ndarray) -> np.ndarray:
    """Inverse standard normal CDF, element-wise."""
    inv = NormalDist().inv_cdf
    return np.vectorize(inv)(p)


def _ar1(n: int, rounds: int, rho: float, rng: np.random.Generator) -> np.ndarray:
    """n standard-normal AR(1) series of length `rounds`, correlation rho between successive rounds."""
    z = np.empty((n, rounds))
    z[:, 0] = rng.standard_normal(n)
    for r in range(1, rounds):
        z[:, r] = rho * z[:, r - 1] + np.sqrt(1 - rho ** 2) * rng.standard_normal(n)
    return z


def _nik(kode_kec: np.ndarray, birth: np.ndarray, sex: np.ndarray) -> np.ndarray:
    """Fictional 16-digit NIK: '9971' + kecamatan 2 digits + DDMMYY of birth (DD + 40 for girls) + serial.

    Starts with '99' (no real province). Serial numbers count per (kecamatan, birth date, sex) from 0001.
    """
    b = pd.DatetimeIndex(birth)
    day = b.day.to_numpy() + np.where(sex == 2, 40, 0)
    stem = pd.Series([f"{k[:2]}{k[3:5]}{k[6:8]}" for k in kode_kec]) + pd.Series(
        [f"{d:02d}{m:02d}{y % 100:02d}" for d, m, y in zip(day, b.month, b.year)])
    serial = stem.groupby(stem).cumcount() + 1
    return (stem + serial.map(lambda s: f"{s:04d}")).to_numpy()


def make_children(posyandu: pd.DataFrame, kel_of_pos: np.ndarray, kode_kec_of_pos: np.ndarray,
                  children_per_pos: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """One row per child: child (0..n-1), pos (posyandu row), kel (kelurahan row), nik, nama, nama_ortu,
    sex (1/2), birth (datetime64[D]), rt, alamat, bb_lahir (kg, NaN = not recorded), tb_lahir (cm)."""
    pos = np.repeat(np.arange(len(posyandu)), children_per_pos)
    n = len(pos)
    sex = rng.integers(1, 3, n)
    span = int((BIRTH_LAST - BIRTH_FIRST).astype(int))
    birth = BIRTH_FIRST + rng.integers(0, span + 1, n).astype("timedelta64[D]")
    first = np.where(sex == 1, rng.choice(FIRST_NAMES_M, n), rng.choice(FIRST_NAMES_F, n))
    second = rng.choice(SECOND_NAMES, n)
    nama = np.where(rng.random(n) < 0.8, np.char.add(np.char.add(first.astype(str), " "), second), first)
    bb = np.round(np.clip(rng.normal(3.1, 0.45, n), 1.8, 4.6), 2)
    tb = np.round(np.clip(rng.normal(49.0, 2.0, n), 43.0, 54.0), 1)
    missing = rng.random(n) < 0.08
    bb[missing] = np.nan
    tb[missing] = np.nan
    return pd.DataFrame({
        "child": np.arange(n), "pos": pos, "kel": kel_of_pos[pos],
        "nik": _nik(kode_kec_of_pos[pos], birth, sex), "nama": nama,
        "nama_ortu": rng.choice(MOTHER_NAMES, n), "sex": sex, "birth": birth,
        "rt": rng.integers(1, 13, n), "alamat": [f"{s} No. {h}" for s, h in zip(rng.choice(STREETS, n), rng.integers(1, 120, n))],
        "bb_lahir": bb, "tb_lahir": tb,
    })


def _lms_rows(table: str, sex: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L, M, S arrays for each (sex, index) pair; index = age in days or tenths of cm above the first row."""
    frame = read_table(table)
    per_sex = len(frame) // 2
    pos = (sex - 1) * per_sex + index
    return frame["l"].to_numpy()[pos], frame["m"].to_numpy()[pos], frame["s"].to_numpy()[pos]


def lms_value(l: np.ndarray, m: np.ndarray, s: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The measurement at z-score z: M * (1 + L*S*z)^(1/L) (L = 0 never occurs in these tables)."""
    return m * (1 + l * s * z) ** (1 / l)


def lms_z(l: np.ndarray, m: np.ndarray, s: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The z-score of measurement y: ((y/M)^L - 1) / (L*S)."""
    return ((y / m) ** l - 1) / (l * s)


def make_measurements(children: pd.DataFrame, n_posyandu: int, stunting: np.ndarray, wasting: np.ndarray,
                      attendance: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """One row per child per round attended (age 7..1826 days at the posyandu day).

    Columns: child, round, date, age_days, sex, kel, pos, measured ('L'/'H'), height_cm (as recorded,
    0.1 cm), weight_kg (0.1 kg), haz_export, waz_export, whz_export (rough export z-scores).
    attendance: probability (0..1) that a child of each kelurahan comes to a round.
    """
    n, n_rounds = len(children), len(ROUNDS)
    z_haz = _ar1(n, n_rounds, HAZ_RHO, rng)
    z_whz = _ar1(n, n_rounds, WHZ_RHO, rng)
    day = rng.integers(1, 29, size=(n_posyandu, n_rounds))  # each posyandu's weighing day per round
    frames = []
    kel = children["kel"].to_numpy()
    for r, (year, month) in enumerate(ROUNDS):
        d = day[children["pos"].to_numpy(), r]
        sweep = rng.random(n) < 0.1                     # some children come on another day of the month
        d = np.where(sweep, rng.integers(1, 29, n), d)
        date = np.datetime64(f"{year}-{month:02d}-01") + (d - 1).astype("timedelta64[D]")
        age = (date - children["birth"].to_numpy()).astype("timedelta64[D]").astype(int)
        come = (age >= MIN_AGE_DAYS) & (age <= MAX_AGE_DAYS) & (rng.random(n) < attendance[kel])
        idx = np.flatnonzero(come)
        mu_h = -2 - HAZ_SD * _probit(stunting[kel[idx], r])
        mu_w = -2 - WHZ_SD * _probit(wasting[kel[idx], r])
        frames.append(pd.DataFrame({
            "child": idx, "round": r, "date": date[idx], "age_days": age[idx],
            "haz": np.clip(mu_h + HAZ_SD * z_haz[idx, r], -4.8, 3.5),
            "whz": np.clip(mu_w + WHZ_SD * z_whz[idx, r], -3.9, 3.0),
        }))
    m = pd.concat(frames, ignore_index=True)
    m["sex"] = children["sex"].to_numpy()[m["child"]]
    m["kel"] = kel[m["child"]]
    m["pos"] = children["pos"].to_numpy()[m["child"]]
    return _anthropometry(m, rng)


def _anthropometry(m: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Add measured position, recorded height (cm), weight (kg) and the export's z-scores."""
    sex, age = m["sex"].to_numpy(), m["age_days"].to_numpy()
    l, mm, s = _lms_rows("who_lhfa", sex, age)
    true_h = lms_value(l, mm, s, m["haz"].to_numpy())       # length < 731 days, height from 731 days
    lying_expected = age < 731
    odd = rng.random(len(m)) < 0.03                          # a few realistic exceptions
    standing_young = odd & lying_expected & (age >= 300)     # measured standing at 10-23 months
    lying_old = odd & ~lying_expected                        # measured lying from 24 months
    measured_lying = (lying_expected & ~standing_young) | lying_old
    # a standing height is ~0.7 cm less than the lying length (WHO); the import adds/subtracts it back
    recorded = np.round(true_h - 0.7 * standing_young + 0.7 * lying_old, 1)
    adjusted = np.round(recorded + 0.7 * standing_young - 0.7 * lying_old, 1)

    table = np.where(lying_expected, 0, 1)
    wfl_i = np.clip(np.round((adjusted - 45.0) * 10).astype(int), 0, 650)
    wfh_i = np.clip(np.round((adjusted - 65.0) * 10).astype(int), 0, 550)
    l1, m1, s1 = _lms_rows("who_wfl", sex, wfl_i)
    l2, m2, s2 = _lms_rows("who_wfh", sex, wfh_i)
    lw, mw, sw = np.where(table == 0, l1, l2), np.where(table == 0, m1, m2), np.where(table == 0, s1, s2)
    weight = np.clip(np.round(lms_value(lw, mw, sw, m["whz"].to_numpy()), 1), 1.0, 29.5)

    la, ma, sa = _lms_rows("who_wfa", sex, age)
    m["measured"] = np.where(measured_lying, "L", "H")
    m["height_cm"] = recorded
    m["weight_kg"] = weight
    m["haz_export"] = np.round(lms_z(l, mm, s, adjusted), 2)
    m["waz_export"] = np.round(lms_z(la, ma, sa, weight), 2)
    in_table = np.where(lying_expected, (adjusted >= 45) & (adjusted <= 110), (adjusted >= 65) & (adjusted <= 120))
    m["whz_export"] = np.where(in_table, np.round(lms_z(lw, mw, sw, weight), 2), np.nan)
    return m
