"""e-PPGBM export tables for the demo city: one table per puskesmas, with the export's own columns filled
realistically and 1-3 % dirty rows (each recorded with its quarantine reason code).

Tables stay typed here (dates as datetime64, numbers as floats); pipelines.demo.city formats them per file
flavour (CSV comma + ISO dates, CSV semicolon + decimal comma + dd/mm/yyyy + BOM, XLSX).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.demo.places import KOTA_NAME, PROVINCE_NAME

EPPGBM_COLUMNS = [
    "NIK", "Nama", "JK", "Tgl Lahir", "BB Lahir", "TB Lahir", "Nama Ortu", "Prov", "Kab/Kota", "Kec",
    "Pukesmas", "Desa/Kel", "Posyandu", "RT", "RW", "Alamat", "Usia Saat Ukur", "Tanggal Pengukuran",
    "Bulan Pengukuran", "Status Bulan", "status tahun", "Berat", "Tinggi", "Cara Ukur", "LiLA", "BB/U",
    "ZS BB/U", "TB/U", "ZS TB/U", "BB/TB", "ZS BB/TB", "Naik Berat Badan", "PMT Diterima (kg)",
    "Jml Vit A", "KPSP", "KIA", "Detail Status", "status desa",
]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember"]
DIRTY_SHARE = (0.015, 0.025)     # share of dirty rows per file (drawn per file)
DIRTY_WEIGHTS = {                # reason code -> share among the dirty rows
    "birth_after_measurement": 0.2,
    "height_out_of_range": 0.25,     # height typed in millimetres
    "height_weight_swapped": 0.2,
    "duplicate": 0.2,                # exact copy of a clean row, written later in the file
    "unknown_sex": 0.15,
}


def _categories(z: np.ndarray, cuts: list[float], labels: list[str]) -> np.ndarray:
    """Permenkes 2/2020 category labels for z-scores (cuts ascending; NaN -> '')."""
    out = np.array(labels, dtype=object)[np.searchsorted(cuts, z, side="right")]
    out[np.isnan(z)] = ""
    return out


def usia_text(birth: np.ndarray, measured: np.ndarray) -> np.ndarray:
    """Age as e-PPGBM writes it: 'Y Tahun - M Bulan - D Hari' (calendar difference; '' when negative)."""
    b, d = pd.DatetimeIndex(birth), pd.DatetimeIndex(measured)
    years = d.year.to_numpy() - b.year.to_numpy()
    months = d.month.to_numpy() - b.month.to_numpy()
    days = d.day.to_numpy() - b.day.to_numpy()
    prev_month_len = (d - pd.to_timedelta(d.day, unit="D")).day.to_numpy()   # days in the month before d
    borrow = days < 0
    days = np.where(borrow, days + prev_month_len, days)
    months = months - borrow
    years = years - (months < 0)
    months = np.where(months < 0, months + 12, months)
    text = pd.Series(years).astype(str) + " Tahun - " + pd.Series(months).astype(str) + " Bulan - " + \
        pd.Series(days).astype(str) + " Hari"
    return np.where(years < 0, "", text.to_numpy())


def eppgbm_table(m: pd.DataFrame, children: pd.DataFrame, posyandu: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """All measurement rows in e-PPGBM columns (typed), plus helper columns `_pkm` (puskesmas name),
    `_round` and `_kode` (kelurahan code) for sorting. Clean: every row passes the import's rules."""
    c = children.iloc[m["child"].to_numpy()].reset_index(drop=True)
    p = posyandu.iloc[m["pos"].to_numpy()].reset_index(drop=True)
    n = len(m)
    age = m["age_days"].to_numpy()
    date = m["date"].to_numpy()
    month = pd.DatetimeIndex(date).month.to_numpy()
    year = pd.DatetimeIndex(date).year.to_numpy()
    waz, haz, whz = (m[k].to_numpy() for k in ("waz_export", "haz_export", "whz_export"))
    weight = m["weight_kg"].to_numpy()
    prev_weight = m.sort_values(["child", "round"]).groupby("child")["weight_kg"].shift().reindex(m.index).to_numpy()
    naik = np.where(np.isnan(prev_weight), "B", np.where(weight > prev_weight, "N", "T"))
    lila = np.round(14.6 + 0.7 * np.nan_to_num(whz) + 0.004 * age / 30 + rng.normal(0, 0.5, n), 1)
    lila[(age < 183) | (rng.random(n) < 0.5)] = np.nan
    thin = (np.nan_to_num(whz) < -2) | (waz < -2)
    pmt = np.where(thin & (rng.random(n) < 0.7), np.round(rng.uniform(0.5, 3.0, n), 1), np.nan)
    frame = pd.DataFrame({
        "NIK": c["nik"], "Nama": c["nama"], "JK": np.where(c["sex"] == 1, "L", "P"),
        "Tgl Lahir": c["birth"], "BB Lahir": c["bb_lahir"], "TB Lahir": c["tb_lahir"], "Nama Ortu": c["nama_ortu"],
        "Prov": PROVINCE_NAME, "Kab/Kota": KOTA_NAME, "Kec": p["kecamatan"], "Pukesmas": p["puskesmas"],
        "Desa/Kel": p["kel_nama"], "Posyandu": p["nama"],
        "RT": [f"{v:03d}" for v in c["rt"]], "RW": [f"{v:03d}" for v in p["rw"]], "Alamat": c["alamat"],
        "Usia Saat Ukur": usia_text(c["birth"].to_numpy(), date), "Tanggal Pengukuran": date,
        "Bulan Pengukuran": np.array(MONTHS_ID, dtype=object)[month - 1], "Status Bulan": month.astype(str),
        "status tahun": year.astype(str), "Berat": weight, "Tinggi": m["height_cm"].to_numpy(),
        "Cara Ukur": np.where(m["measured"] == "L", "Terlentang", "Berdiri"), "LiLA": lila,
        "BB/U": _categories(waz, [-3, -2, 1], ["Berat Badan Sangat Kurang", "Berat Badan Kurang",
                                              "Berat Badan Normal", "Risiko Berat Badan Lebih"]),
        "ZS BB/U": waz,
        "TB/U": _categories(haz, [-3, -2, 3], ["Sangat Pendek", "Pendek", "Normal", "Tinggi"]),
        "ZS TB/U": haz,
        "BB/TB": _categories(whz, [-3, -2, 1, 2, 3], ["Gizi Buruk", "Gizi Kurang", "Gizi Baik",
                                                    "Berisiko Gizi Lebih", "Gizi Lebih", "Obesitas"]),
        "ZS BB/TB": whz, "Naik Berat Badan": naik, "PMT Diterima (kg)": pmt,
        "Jml Vit A": np.where(age >= 183, np.where(rng.random(n) < 0.9, "1", "0"), "0"),
        "KPSP": np.where(rng.random(n) < 0.93, "Sesuai", "Meragukan"),
        "KIA": np.where(rng.random(n) < 0.88, "Ya", "Tidak"),
        "Detail Status": np.where(age < 731, "Baduta", "Balita"), "status desa": "Kelurahan",
    })
    frame["_pkm"] = p["puskesmas"].to_numpy()
    frame["_round"] = m["round"].to_numpy()
    frame["_kode"] = p["kode"].to_numpy()
    return frame


def split_and_dirty(table: pd.DataFrame, rng: np.random.Generator) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Split the table per puskesmas (sorted like an export: round, kelurahan, posyandu, name), make 1-3 %
    of each file's rows dirty, and return ({puskesmas: table}, truth with puskesmas, row, reason_code)."""
    files, truth = {}, []
    for pkm, part in table.groupby("_pkm", sort=True):
        part = part.sort_values(["_round", "_kode", "Posyandu", "Nama", "NIK"], kind="stable")
        part = part.drop(columns=["_pkm", "_round", "_kode"]).reset_index(drop=True)
        dirty, rows = _make_dirty(part, rng)
        files[pkm] = dirty
        truth.extend((pkm, r, code) for r, code in rows)
    return files, pd.DataFrame(truth, columns=["puskesmas", "row", "reason_code"])


def _millimetres(height_cm: np.ndarray) -> np.ndarray:
    """Heights typed in millimetres (e.g. 87.5 cm -> 875.0). A repdigit such as 888 or 999 reads as a
    missing-value code in many exports, so those become one more (889, 1000): never ambiguous."""
    mm = np.round(height_cm * 10).astype(int)
    repdigit = np.array([len(set(str(v))) == 1 for v in mm], dtype=bool)
    return (mm + repdigit).astype(float)


def _make_dirty(part: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Apply the faults to randomly chosen distinct rows; return the new table and [(spreadsheet row,
    reason)], header = row 1, first data row = row 2."""
    n = len(part)
    n_dirty = int(round(rng.uniform(*DIRTY_SHARE) * n))
    codes = list(DIRTY_WEIGHTS)
    counts = rng.multinomial(n_dirty, list(DIRTY_WEIGHTS.values()))
    chosen = rng.choice(n, n_dirty, replace=False)
    reason = np.full(n, "", dtype=object)
    start = 0
    for code, k in zip(codes, counts):
        reason[chosen[start:start + k]] = code
        start += k
    part = part.copy()
    sel = reason == "birth_after_measurement"
    part.loc[sel, "Tgl Lahir"] = part.loc[sel, "Tanggal Pengukuran"] + pd.to_timedelta(rng.integers(1, 366, sel.sum()), unit="D")
    part.loc[sel, "Usia Saat Ukur"] = ""
    sel = reason == "height_out_of_range"
    part.loc[sel, "Tinggi"] = _millimetres(part.loc[sel, "Tinggi"].to_numpy())
    sel = reason == "height_weight_swapped"
    part.loc[sel, ["Berat", "Tinggi"]] = part.loc[sel, ["Tinggi", "Berat"]].to_numpy()
    sel = reason == "unknown_sex"
    part.loc[sel, "JK"] = ""

    # exact duplicates: a copy written 1..30 rows after the original (the copy is the dirty one)
    dup = np.flatnonzero(reason == "duplicate")
    key = np.arange(n, dtype=float)
    copies = part.iloc[dup]
    copy_key = np.minimum(dup + rng.integers(1, 31, len(dup)), n - 1) + 0.5
    out = pd.concat([part, copies], ignore_index=True)
    order = np.argsort(np.r_[key, copy_key], kind="stable")
    out = out.iloc[order].reset_index(drop=True)
    out_reason = np.r_[np.where(reason == "duplicate", "", reason), np.full(len(dup), "duplicate")][order]
    rows = [(int(i) + 2, str(r)) for i, r in enumerate(out_reason) if r]
    return out, rows
