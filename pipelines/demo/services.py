"""1000-HPK service registers for the demo city: one row per target per period (the four round months).

Targets: pregnant women (ibu_hamil, ~10 per kelurahan per period, a quarter carried over to the next round),
every measured child 0-23 months (anak_0_23, ID Sasaran = the child's NIK) and a few children 2-6 years
(anak_2_6). Per kelurahan and period a base probability q that any applicable service was received falls
from ~0.985 where stunting is lowest to ~0.82 where it is highest; each service has its own weakness
factor (jamban, kelas_parenting, paud are the usual bottlenecks) with kelurahan-level variation, so that
complete access (every applicable service) is much lower where stunting is higher.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.demo.children import PERIODS, ROUNDS

ID_COLUMNS = ["Jenis Sasaran", "ID Sasaran", "Kode Desa/Kel", "Posyandu", "Periode", "Usia (bulan)",
              "Tgl Lahir", "KEK/Risti", "Gizi Buruk/Kurang/Stunting"]
SERVICES: dict[str, list[str]] = {
    "ibu_hamil": ["anc_4x", "ttd_90", "nifas_3x", "konseling_gizi_ibu", "kunjungan_rumah_ibu", "air_minum",
                  "jamban", "jkn"],
    "anak_0_23": ["imunisasi_dasar", "timbang_bulanan", "ukur_panjang_2x", "konseling_gizi_ortu",
                  "kunjungan_rumah_anak", "air_minum", "jamban", "akta_lahir", "jkn", "kelas_parenting"],
    "anak_2_6": ["paud"],
}
SERVICE_COLUMNS = list(dict.fromkeys(s for group in SERVICES.values() for s in group))
WEAKNESS = {  # how much more often than the base rate a service is missed
    "anc_4x": 1.0, "ttd_90": 1.6, "nifas_3x": 1.2, "konseling_gizi_ibu": 1.3, "kunjungan_rumah_ibu": 1.5,
    "air_minum": 1.2, "jamban": 2.0, "jkn": 1.4, "imunisasi_dasar": 1.0, "timbang_bulanan": 0.6,
    "ukur_panjang_2x": 0.8, "konseling_gizi_ortu": 1.3, "kunjungan_rumah_anak": 1.6, "akta_lahir": 1.5,
    "kelas_parenting": 1.8, "paud": 3.0,
}
UNRECORDED = 0.015        # share of applicable service cells left empty
IBU_PER_KELURAHAN = 10    # mean pregnant women per kelurahan per period
ANAK_2_6_PER_KELURAHAN = 3
DAYS_PER_MONTH = 30.4375


def service_base(stunting: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Base probability (0..1) that an applicable service was received, per kelurahan and round:
    0.985 at the lowest stunting, 0.815 at the highest, +0.01 per round (services improve)."""
    s0 = stunting[:, 0]
    s = (s0 - s0.min()) / (s0.max() - s0.min()) + rng.normal(0, 0.03, len(s0))
    q = 0.985 - 0.17 * np.clip(s, 0, 1)
    return np.clip(q[:, None] + 0.01 * np.arange(len(ROUNDS))[None, :], 0.5, 0.99)


def _month_bounds(r: int) -> tuple[np.datetime64, np.datetime64]:
    """First and last day of round r's month."""
    year, month = ROUNDS[r]
    first = np.datetime64(f"{year}-{month:02d}-01")
    return first, (first.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1


def _child_targets(m: pd.DataFrame, children: pd.DataFrame, posyandu: pd.DataFrame, kode: np.ndarray,
                   rng: np.random.Generator) -> pd.DataFrame:
    """anak_0_23: every measured child aged 0-23 months throughout the period month; anak_2_6: a few
    children aged 24-59 months throughout the month. Age (months) = days / 30.4375, floored."""
    birth = children["birth"].to_numpy().astype("datetime64[D]")[m["child"].to_numpy()]
    out = []
    for r in range(len(ROUNDS)):
        first, last = _month_bounds(r)
        mr = m[m["round"].to_numpy() == r]
        b = birth[m["round"].to_numpy() == r]
        at_first = (first - b).astype("timedelta64[D]").astype(int)     # age in days
        at_last = (last - b).astype("timedelta64[D]").astype(int)
        months_last = np.floor(at_last / DAYS_PER_MONTH)
        young = (at_first >= 0) & (months_last <= 23)
        older = (np.floor(at_first / DAYS_PER_MONTH) >= 24) & (months_last <= 59)
        older_idx = np.flatnonzero(older)
        keep_older = older_idx[rng.random(len(older_idx)) < ANAK_2_6_PER_KELURAHAN * len(kode) / max(len(older_idx), 1)]
        for jenis, idx in (("anak_0_23", np.flatnonzero(young)), ("anak_2_6", keep_older)):
            rows = mr.iloc[idx]
            out.append(pd.DataFrame({
                "Jenis Sasaran": jenis, "ID Sasaran": children["nik"].to_numpy()[rows["child"].to_numpy()],
                "_kel": rows["kel"].to_numpy(), "Posyandu": posyandu["nama"].to_numpy()[rows["pos"].to_numpy()],
                "_round": r, "Usia (bulan)": np.floor(rows["age_days"].to_numpy() / DAYS_PER_MONTH).astype(int),
                "Tgl Lahir": b[idx], "KEK/Risti": "",
                "Gizi Buruk/Kurang/Stunting": np.where((rows["haz"].to_numpy() < -2) | (rows["whz"].to_numpy() < -2), "ya", "tidak"),
            }))
    return pd.concat(out, ignore_index=True)


def _mother_targets(kel_kode_kec: np.ndarray, posyandu: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """ibu_hamil rows: Poisson(10) women per kelurahan per period, a quarter of them carried over from the
    previous period (same ID). ID Sasaran: a fictional 16-digit NIK starting '99' (born 1986-2004)."""
    pos_of_kel = [np.flatnonzero(posyandu["kel"].to_numpy() == k) for k in range(len(kel_kode_kec))]
    serial = 0
    rows, previous = [], pd.DataFrame()
    for r in range(len(ROUNDS)):
        counts = rng.poisson(IBU_PER_KELURAHAN, len(kel_kode_kec))
        new = []
        for k, c in enumerate(counts):
            for _ in range(c):
                serial += 1
                dd, mm, yy = rng.integers(1, 29) + 40, rng.integers(1, 13), rng.integers(86, 105) % 100
                kec = kel_kode_kec[k].replace(".", "")
                new.append({"ID Sasaran": f"{kec}{dd:02d}{mm:02d}{yy:02d}{serial % 10000:04d}", "_kel": k,
                            "Posyandu": posyandu["nama"].iloc[int(rng.choice(pos_of_kel[k]))],
                            "KEK/Risti": "ya" if rng.random() < 0.15 else "tidak"})
        cur = pd.DataFrame(new)
        if len(previous):
            carried = previous[rng.random(len(previous)) < 0.25]
            cur = pd.concat([carried, cur], ignore_index=True)
        cur["_round"] = r
        rows.append(cur)
        previous = cur.drop(columns="_round")
    out = pd.concat(rows, ignore_index=True)
    out["Jenis Sasaran"] = "ibu_hamil"
    out["Usia (bulan)"] = np.nan
    out["Tgl Lahir"] = np.datetime64("NaT")
    out["Gizi Buruk/Kurang/Stunting"] = ""
    return out


def _fill_services(reg: pd.DataFrame, base: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Service columns: 'ya'/'tidak' where applicable (a few left empty: unrecorded), '' where not."""
    kel, rnd = reg["_kel"].to_numpy(), reg["_round"].to_numpy()
    miss_base = 1 - base[kel, rnd]
    n_kel = base.shape[0]
    for svc in SERVICE_COLUMNS:
        factor = WEAKNESS[svc] * rng.lognormal(0, 0.35, n_kel)           # kelurahan-level bottlenecks
        p_yes = np.clip(1 - miss_base * factor[kel], 0.05, 1)
        value = np.where(rng.random(len(reg)) < p_yes, "ya", "tidak").astype(object)
        applicable = reg["Jenis Sasaran"].isin([j for j, s in SERVICES.items() if svc in s]).to_numpy().copy()
        if svc == "kunjungan_rumah_ibu":
            applicable &= reg["KEK/Risti"].to_numpy() == "ya"
        if svc == "kunjungan_rumah_anak":
            applicable &= reg["Gizi Buruk/Kurang/Stunting"].to_numpy() == "ya"
        if svc == "imunisasi_dasar":
            applicable &= np.nan_to_num(reg["Usia (bulan)"].to_numpy(dtype=float), nan=0) >= 12
        value[~applicable | (rng.random(len(reg)) < UNRECORDED)] = ""
        reg[svc] = value
    return reg


def make_registers(m: pd.DataFrame, children: pd.DataFrame, posyandu: pd.DataFrame, kel: pd.DataFrame,
                   stunting: np.ndarray, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """All register rows (typed; helper columns `_kel`, `_round`, `_kec`) and the base service rates
    (n_kelurahan, n_rounds)."""
    base = service_base(stunting, rng)
    kode = kel["kode"].to_numpy()
    reg = pd.concat([_mother_targets(kel["kode_kecamatan"].to_numpy(), posyandu, rng),
                     _child_targets(m, children, posyandu, kode, rng)], ignore_index=True)
    reg = _fill_services(reg, base, rng)
    reg["Kode Desa/Kel"] = kode[reg["_kel"].to_numpy()]
    reg["Periode"] = np.array(PERIODS, dtype=object)[reg["_round"].to_numpy()]
    reg["_kec"] = kel["kode_kecamatan"].to_numpy()[reg["_kel"].to_numpy()]
    order = {"ibu_hamil": 0, "anak_0_23": 1, "anak_2_6": 2}
    reg["_type"] = reg["Jenis Sasaran"].map(order)
    reg = reg.sort_values(["_round", "Kode Desa/Kel", "_type", "Posyandu", "ID Sasaran"], kind="stable")
    reg = reg.drop(columns="_type").reset_index(drop=True)
    return reg[ID_COLUMNS + SERVICE_COLUMNS + ["_kel", "_round", "_kec"]], base


DIRTY_SERVICE = {
    "unknown_target_type": ["balita", "ibu_menyusui", "remaja_putri", "bumil"],
    "invalid_service_value": ["mungkin", "belum", "ragu", "?"],
    "unknown_kelurahan": ["99.71.09.1001", "99.71.01.1099", "99.71.1.1001", "99.71.08.2999"],
}


def dirty_registers(files: dict[str, pd.DataFrame], known_kode: set[str], rng: np.random.Generator) -> pd.DataFrame:
    """Spoil a handful of register rows in place (4 per reason, spread over the files); return the truth
    (file key, spreadsheet row, reason_code). Spoiled rows are existing rows, not extra ones."""
    keys = sorted(files)
    truth = []
    used: set[tuple[str, int]] = set()
    for code, values in DIRTY_SERVICE.items():
        for value in values:
            if code == "unknown_kelurahan":
                assert value not in known_kode
            while True:
                key = keys[int(rng.integers(len(keys)))]
                i = int(rng.integers(len(files[key])))
                if (key, i) not in used:
                    break
            used.add((key, i))
            frame = files[key]
            if code == "unknown_target_type":
                frame.iat[i, frame.columns.get_loc("Jenis Sasaran")] = value
            elif code == "unknown_kelurahan":
                frame.iat[i, frame.columns.get_loc("Kode Desa/Kel")] = value
            else:
                column = {"ibu_hamil": "anc_4x", "anak_0_23": "timbang_bulanan", "anak_2_6": "paud"}[
                    frame.iat[i, frame.columns.get_loc("Jenis Sasaran")]]
                frame.iat[i, frame.columns.get_loc(column)] = value
            truth.append((key, i + 2, code))
    return pd.DataFrame(truth, columns=["file_key", "row", "reason_code"])
