"""Why a 1000-HPK packages file (`pipelines/services/packages.toml` or a kabupaten's own) cannot be used
(`pipelines/services/registers.py`). Raised through `pipelines.present.messages.said`."""

LABELS: dict[str, tuple[str, str]] = {
    "pkg_bad_ident": ("{where}: {what} {name} tidak sah: pakai huruf kecil, angka dan _, diawali huruf, maks. 40 "
                      "karakter",
                      "{where}: {what} {name} is not valid: use lower-case letters, digits and _, starting with a "
                      "letter, at most 40 characters"),
    "pkg_not_whole": ("{where}: {what} harus bilangan bulat >= 0", "{where}: {what} must be a whole number >= 0"),
    "pkg_ages": ("{where}: target_types.{code}: isi age_from dan age_to, age_from <= age_to",
                 "{where}: target_types.{code}: give age_from and age_to, age_from <= age_to"),
    "pkg_targets": ("{where}: layanan {code}: targets {targets} harus jenis sasaran yang ada {types}",
                    "{where}: service {code}: targets {targets} must be target types that exist {types}"),
    "pkg_risk": ("{where}: layanan {code}: risk {risk} bukan penanda risiko yang ada {markers}",
                 "{where}: service {code}: risk {risk} is not one of the risk markers {markers}"),
    "pkg_months": ("{where}: layanan {code}: from_months > to_months", "{where}: service {code}: from_months > to_months"),
    "pkg_empty": ("{where}: paket harus memuat target_types dan services",
                  "{where}: the packages must hold target_types and services"),
    "pkg_duplicate": ("{where}: kode ganda {codes}", "{where}: duplicate codes {codes}"),
    "pkg_reserved": ("{where}: kode {codes} dipakai untuk kolom lain", "{where}: codes {codes} name other columns"),
    "pkg_type_unused": ("{where}: jenis sasaran {types} tanpa layanan", "{where}: target types {types} have no service"),
    "ident_target_type": ("jenis sasaran", "target type"),
    "ident_risk_marker": ("penanda risiko", "risk marker"),
    "ident_service": ("kode layanan", "service code"),
}
