"""Words about inputs and builds: the build lock, encodings, refused files, repairs (issue 16 and 22)."""
LABELS: dict[str, tuple[str, str]] = {
    # the build lock (pipelines/buildlock.py)
    "lock_holder": ("{by} (pengguna {user}, proses {pid})", "{by} (user {user}, process {pid})"),
    "lock_busy": (
        "Basis data {path} sedang dibangun sejak {since} oleh {who}; tunggu sampai selesai, lalu coba lagi "
        "(di terminal: tambahkan --wait untuk menunggu otomatis).",
        "Database {path} is being built since {since} by {who}; wait until it is done and try again "
        "(in a terminal: add --wait to wait automatically).",
    ),
    "lock_busy_unknown": (
        "Basis data {path} sedang dibangun oleh proses lain; tunggu sampai selesai, lalu coba lagi "
        "(di terminal: tambahkan --wait untuk menunggu otomatis).",
        "Database {path} is being built by another process; wait until it is done and try again "
        "(in a terminal: add --wait to wait automatically).",
    ),
    "lock_waiting": (
        "Menunggu: basis data {path} sedang dibangun sejak {since} oleh {who} ...",
        "Waiting: database {path} is being built since {since} by {who} ...",
    ),
    "lock_stale": (
        "Pembangunan sebelumnya ({who}, mulai {since}) terhenti tanpa selesai; basis data lama tetap dipakai.",
        "An earlier build ({who}, started {since}) stopped before finishing; the old database kept serving.",
    ),
    "lock_removed": (
        "Berkas sisa pembangunan yang terhenti dihapus: {files}",
        "Files left by an interrupted build removed: {files}",
    ),
    "build_by_cli": ("peta-stunting build", "peta-stunting build"),
    "build_by_browser": ("halaman Impor Data", "the Impor Data page"),
}
