"""The `peta-stunting` command: demo, build, import, history, undo, user, dashboard, export, zscore, template."""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path

DEFAULT_DEMO_DIR = Path("data/demo")
DEFAULT_DEMO_DB = Path("data/demo.duckdb")
DEFAULT_PORT = 8501
DEFAULT_HOST = "127.0.0.1"
FORCE_HELP = ("build even when the result would be refused (0 rows accepted, or fewer than 90 %% of the "
              "kelurahan that had values keep values)")
PORT_HELP = "TCP port of the dashboard (default 8501); the address is printed once the port is free"
EXPORT_DOCUMENTS = {
    "aksi1": "Paket Aksi 1: editable DOCX report, XLSX (Tabel 1.1, 1.2, 1.3) and the lokus map",
    "aksi7": "Publikasi Aksi 7: A4 PDF, XLSX and CSV per kecamatan and desa/kelurahan",
    "lokus": "lokus selection tables (XLSX, CSV) with weights, method and reasons",
    "scorecard": "Scorecard Konvergensi Desa: ZIP of one-page PDFs (or one desa with --desa)",
    "profil": "Profil desa/kelurahan PDF (--desa KODE; default the desa with the most stunted children)",
    "slides": "the panel deck: PNG 1920x1080 per slide and one PDF (--indicators to choose the map slides)",
    "samples": "every document above for one period (the README's samples)",
    "kualitas": "Laporan kualitas data (Aksi 6, DOCX) per kabupaten/kota or puskesmas (OUT: a .docx file, or a "
                "folder with --per-puskesmas)",
}


def _boundary_options(parser: argparse.ArgumentParser, note: str = "") -> None:
    """How to read a boundary file (the Impor Data page has the same four fields)."""
    parser.add_argument("--boundary-code-col", help="column holding the Kemendagri code (detected when omitted)" + note)
    parser.add_argument("--boundary-name-col", help="column holding the kelurahan/desa name (detected when omitted)" + note)
    parser.add_argument("--boundary-crs", help="CRS of a boundary file that has none, e.g. EPSG:4326" + note)
    parser.add_argument("--boundary-layer", help="layer of a GeoPackage, or the file inside a zip" + note)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peta-stunting",
        description="Peta stunting per kelurahan/desa: import e-PPGBM data, build the database, open the dashboard.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="generate the fictional demo city (Kota Contoh), build its database, optionally serve it")
    demo.add_argument("--dir", type=Path, default=DEFAULT_DEMO_DIR, help="where the demo input files go (default data/demo)")
    demo.add_argument("--db", type=Path, default=DEFAULT_DEMO_DB, help="database file to build (default data/demo.duckdb)")
    demo.add_argument("--rebuild", action="store_true", help="regenerate the inputs and rebuild even if they exist")
    demo.add_argument("--serve", action="store_true", help="start the dashboard afterwards")
    demo.add_argument("--port", type=int, default=DEFAULT_PORT, help=PORT_HELP)

    build = sub.add_parser("build", help="import your files (boundaries, e-PPGBM, posyandu, sasaran, 1000-HPK) into a database")
    build.add_argument("--boundaries", type=Path, required=True, help="kelurahan/desa polygons: GeoJSON, Shapefile (.shp or .zip), GeoPackage, GeoParquet")
    _boundary_options(build)
    build.add_argument("--measurements", type=Path, nargs="+", default=[], help="e-PPGBM exports (CSV, XLSX or Parquet), one per puskesmas")
    build.add_argument("--posyandu", type=Path, help="posyandu list (CSV/XLSX) with declared kelurahan and coordinates")
    build.add_argument("--sasaran", type=Path, help="target children 0-59 months per kelurahan and year (CSV/XLSX)")
    build.add_argument("--services", type=Path, nargs="*", default=[], help="1000-HPK service registers (CSV/XLSX)")
    build.add_argument("--survey", type=Path, help="survey figures (SSGI/SKI...) CSV/XLSX; template: peta-stunting template survei FILE")
    build.add_argument("--config", type=Path, help="settings TOML (rounds, 1000-HPK packages, small-number threshold)")
    build.add_argument("--db", type=Path, required=True, help="database file to write (replaced atomically)")
    build.add_argument("--wait", action="store_true", help="when another build of this database runs, wait for it instead of stopping")
    build.add_argument("--force", action="store_true", help=FORCE_HELP)

    imp = sub.add_parser("import", help="add files to a database's input store and rebuild it (the other files stay)")
    imp.add_argument("files", type=Path, nargs="*", metavar="FILE", help="files to add (kind set by --kind)")
    imp.add_argument("--db", type=Path, required=True, help="database to update (its store is <db>.store/)")
    imp.add_argument("--kind", default="measurements",
                     choices=["measurements", "posyandu", "sasaran", "services", "boundaries", "survey"],
                     help="what the files are (default measurements: e-PPGBM exports, one per puskesmas)")
    imp.add_argument("--replace", action="store_true",
                     help="confirm: a file with the same puskesmas and periods as one in force replaces it")
    imp.add_argument("--keep-both", action="store_true",
                     help="add such a file beside the one in force (the newer copy of a measurement wins)")
    imp.add_argument("--remove", type=int, nargs="+", default=[], metavar="ID",
                     help="take files out of the build by their id (see 'peta-stunting history --files')")
    imp.add_argument("--user", default=os.environ.get("USER", "cli"), help="name recorded in the history")
    imp.add_argument("--force", action="store_true", help=FORCE_HELP)
    _boundary_options(imp, " (with --kind boundaries; kept for later imports)")

    hist = sub.add_parser("history", help="every import, build and undo of a database, newest first")
    hist.add_argument("--db", type=Path, required=True)
    hist.add_argument("--files", action="store_true", help="also list the files in force with their ids")

    undo = sub.add_parser("undo", help="put back the database the last import or build replaced (exactly)")
    undo.add_argument("--db", type=Path, required=True)
    undo.add_argument("--user", default=os.environ.get("USER", "cli"), help="name recorded in the history")

    dash = sub.add_parser("dashboard", help="open the dashboard (Streamlit) on a database")
    dash.add_argument("--db", type=Path, default=DEFAULT_DEMO_DB, help="database file (default data/demo.duckdb)")
    dash.add_argument("--port", type=int, default=DEFAULT_PORT, help=PORT_HELP)
    dash.add_argument("--host", default=DEFAULT_HOST,
                      help="address to listen on (default 127.0.0.1: this computer only); 0.0.0.0 serves the LAN "
                           "and needs an admin account ('peta-stunting user add NAME --role admin --db DB')")
    dash.add_argument("--kiosk", action="store_true",
                      help="read-only exhibition: only the Peta and Mode Presentasi pages, no login, nothing changes")

    user = sub.add_parser("user", help="manage the dashboard's accounts (viewer, analyst, admin) of a database "
                                       "(admins can do the same on the dashboard's Pengguna page)")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    roles = ["admin", "analyst", "viewer"]  # pipelines.accounts.ROLES (not imported here: it loads pandas)
    roles_help = ("viewer: browse and download; analyst: also save lokus selections; "
                  "admin: also import, undo and manage users")
    password_stdin_help = "read the password from the first line of standard input instead of a prompt"
    user_add = user_sub.add_parser("add", help="create an account or change its role and password")
    user_add.add_argument("name", help="user name (2-40 letters, digits, . _ -)")
    user_add.add_argument("--role", required=True, choices=roles, help=roles_help)
    user_add.add_argument("--password-stdin", action="store_true", help=password_stdin_help)
    user_list = user_sub.add_parser("list", help="list the accounts (role, lock, last login)")
    user_role = user_sub.add_parser("role", help="give an account another role (the last admin stays admin)")
    user_role.add_argument("name")
    user_role.add_argument("--role", required=True, choices=roles, help=roles_help)
    user_password = user_sub.add_parser("password", help="set a new password for an account (also unlocks it)")
    user_password.add_argument("name")
    user_password.add_argument("--password-stdin", action="store_true", help=password_stdin_help)
    user_unlock = user_sub.add_parser("unlock", help="end the lock after repeated wrong passwords now")
    user_unlock.add_argument("name")
    user_remove = user_sub.add_parser("remove", help="delete an account (never the last admin)")
    user_remove.add_argument("name")
    for action in (user_add, user_list, user_role, user_password, user_unlock, user_remove):
        action.add_argument("--db", type=Path, default=DEFAULT_DEMO_DB,
                            help="database whose accounts these are (default data/demo.duckdb)")

    zscore = sub.add_parser("zscore", help="WHO 2006 z-scores for a CSV or Parquet file of children (sex, birth_date, measure_date, weight_kg, height_cm, measured)")
    zscore.add_argument("input", type=Path, help="CSV (comma or semicolon) or Parquet (.parquet)")
    zscore.add_argument("output", type=Path, help="CSV, or Parquet when the name ends in .parquet")
    zscore.add_argument("--who-strict", action=argparse.BooleanOptionalAction, default=True,
                        help="WHO anthro's values for weights and lengths of 0 or below (default); "
                             "--no-who-strict: the build's e-PPGBM rules (weight 0 = not weighed)")

    export = sub.add_parser("export", help="write the documents the TPPS hands in (Aksi 1 pack, Aksi 7 publication, "
                                           "scorecards, profiles, slides, lokus tables)")
    documents = export.add_subparsers(dest="document", required=True, metavar="DOCUMENT")
    for name, help_text in EXPORT_DOCUMENTS.items():
        doc = documents.add_parser(name, help=help_text)
        doc.add_argument("--db", type=Path, default=DEFAULT_DEMO_DB, help="database file (default data/demo.duckdb)")
        doc.add_argument("--period", help="period YYYY-MM (default: the newest)")
        doc.add_argument("--lang", choices=["id", "en"], default="id", help="language of the document (default id)")
        doc.add_argument("--csv-format", choices=["id", "en"], default=None,
                         help="CSV: id = ';' and decimal comma (Excel in Indonesia), en = ',' and dot (default: as --lang)")
        doc.add_argument("--logo", type=Path, help="logo image (PNG/JPG) printed on every output")
        if name in ("scorecard", "profil"):
            doc.add_argument("--desa", help="Kemendagri code of one desa/kelurahan, e.g. 99.71.01.1001")
        if name == "kualitas":
            doc.add_argument("--puskesmas", help="one puskesmas (as named in the posyandu list) instead of the whole kabupaten/kota")
            doc.add_argument("--per-puskesmas", action="store_true", help="the kabupaten/kota's report and one per puskesmas")
        if name == "slides":
            doc.add_argument("--indicators", nargs="+", help="indicators with a map slide (default stunting hpk_complete_access); give OUT before this option")
        doc.add_argument("out", type=Path, help="output folder")

    template = sub.add_parser("template", help="write an empty input template with Indonesian headers")
    template.add_argument("kind", choices=["services", "survei"],
                          help="services: 1000-HPK service register; survei: survey figures (SSGI/SKI) for Dua Angka")
    template.add_argument("output", type=Path, help="file to write (.csv or .xlsx)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    from pipelines.inputs.errors import InputError

    try:
        return _COMMANDS[args.command](args)
    except InputError as exc:  # a file or an entry the user gave is wrong: its message, no stack trace
        print(f"Gagal: {exc}", file=sys.stderr)
        return 2
    except _request_errors() as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a full disk, a read-only folder: one sentence, no stack trace
        from pipelines.faults import system_fault

        sentence = system_fault(exc, getattr(args, "db", None))
        if sentence is None and not os.environ.get("PETA_STUNTING_DEBUG"):
            from pipelines.present.glossary import text

            sentence = text("fault_unexpected", error=f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:200]}"
                            if str(exc).strip() else type(exc).__name__)
        if sentence is None:
            raise
        print(f"Gagal: {sentence}", file=sys.stderr)
        return 3


def _request_errors() -> tuple[type[BaseException], ...]:
    """What the command was asked cannot be done, though no input file is wrong (those are `InputError`):
    another build runs, an argument names a missing database or an unknown period or indicator, an account
    rule. The message says what to do; no stack trace."""
    from pipelines.buildlock import BuildBusy

    return (BuildBusy, FileNotFoundError, ValueError)


def _cmd_demo(args) -> int:
    from pipelines.demo.city import demo_files, generate_demo

    files = demo_files(args.dir)
    if args.rebuild or not files.complete():
        print(f"Membuat data demo Kota Contoh (fiktif) di {args.dir} ...")
        files = generate_demo(args.dir)
    from pipelines.build import DATABASE_LAYOUT, database_layout

    if args.rebuild or not args.db.exists() or args.db.stat().st_mtime < files.newest_mtime():
        _run_build(files.build_inputs(), args.db, None)
    elif database_layout(args.db) != DATABASE_LAYOUT:
        print(f"Basis data {args.db} dibangun oleh versi sebelumnya; membangun ulang ...")
        _run_build(files.build_inputs(), args.db, None)
    else:
        print(f"Basis data {args.db} sudah ada; memakai yang ada (--rebuild untuk membangun ulang).")
    if args.serve:
        return _serve(args.db, args.port)
    return 0


def _cmd_build(args) -> int:
    from pipelines.build import BuildInputs
    from pipelines.settings import Settings

    inputs = BuildInputs(
        boundaries=args.boundaries,
        measurements=args.measurements,
        posyandu=args.posyandu,
        sasaran=args.sasaran,
        services=args.services,
        survey=args.survey,
        boundary_code_col=args.boundary_code_col,
        boundary_name_col=args.boundary_name_col,
        boundary_crs=args.boundary_crs,
        boundary_layer=args.boundary_layer,
    )
    _run_build(inputs, args.db, Settings.from_toml(args.config), force=args.force, wait=args.wait)
    return 0


def _progress(step: int, total: int, label: str) -> None:
    print(f"[{step}/{total}] {label}", flush=True)


def _run_build(inputs, db: Path, settings, force: bool = False, wait: bool = False) -> None:
    from pipelines import buildlock, store
    from pipelines.inputs.readers import format_report
    from pipelines.present.glossary import text

    holder, alive = buildlock.status(db)
    if wait and alive and holder is not None:
        print(text("lock_waiting", path=str(db), since=holder.since.strftime("%H:%M"), who=holder.words()), flush=True)
    # the lock for the whole import (the store takes it again inside: re-entrant); --wait waits for another build
    with buildlock.hold(db, by=text("build_by_cli"), wait=wait) as lease:
        try:
            result, _ = store.build_and_swap(inputs, db, settings, force=force, progress=_progress)
        except store.StoreError as exc:
            raise store.StoreError(f"{exc} Basis data lama tetap dipakai; --force untuk tetap membangun.") from exc
    if lease.stale is not None:
        print(text("lock_stale", who=lease.stale.words(), since=lease.stale.since.strftime("%Y-%m-%d %H:%M")))
    if lease.removed:
        print(text("lock_removed", files=", ".join(p.name for p in lease.removed)))
    print(format_report(result.reports))
    print(format_boundary_checks(getattr(result, "boundary_checks", [])))
    print(f"Selesai dalam {result.seconds:.1f} detik: {result.db_path}")


def _cmd_import(args) -> int:
    from pipelines import store
    from pipelines.inputs.readers import format_report

    if not args.files and not args.remove:
        raise ValueError("tidak ada berkas untuk diimpor atau dikeluarkan")
    if not args.db.exists() and args.kind != "boundaries" and not store.active_files(args.db):
        raise FileNotFoundError(f"basis data {args.db} belum ada: bangun dulu dengan 'peta-stunting build', "
                                "atau impor batas wilayah dengan --kind boundaries")
    store.ensure_tracked(args.db, args.user)
    store.prune_unconfirmed(args.db)
    added, replace = [], {}
    options = {k: getattr(args, k) for k in store.BOUNDARY_OPTIONS}
    try:
        for path in args.files:
            new = store.add_file(args.db, args.kind, path, path.name, args.user)
            added.append(new.id)
            matches = store.replacement_candidates(args.db, new) if args.kind == "measurements" else []
            if matches and not (args.replace or args.keep_both):
                names = ", ".join(f"#{m.id} {m.original_name}" for m in matches)
                raise ValueError(f"{path.name} berisi puskesmas dan periode yang sama dengan {names}: ulangi dengan "
                                 "--replace untuk menggantinya, atau --keep-both untuk menambah keduanya")
            if matches and args.replace:
                replace[new.id] = [m.id for m in matches]
        pending = store.prepare(args.db, added, replace, args.remove, progress=_progress, boundary_options=options)
        print(format_report(pending.result.reports))
        for refusal in pending.consequence.refusals:
            print(f"Peringatan: {refusal}", file=sys.stderr)
        try:
            event = store.commit(args.db, pending, args.user, force=args.force, wait=True)
        except store.StoreError as exc:
            raise store.StoreError(f"{exc} Basis data lama tetap dipakai; --force untuk tetap membangun.") from exc
    except BaseException:
        store.forget_unconfirmed(args.db, added)  # a refused import keeps no copy of its raw files
        raise
    c = pending.consequence
    print(f"Impor #{event}: {len(pending.added)} berkas ditambah, {len(pending.replaced)} diganti, "
          f"{len(pending.removed)} dikeluarkan; {c.kept_values} dari {c.had_values} kelurahan/desa yang punya "
          f"nilai tetap punya nilai. Basis data: {args.db}")
    return 0


def _cmd_history(args) -> int:
    from pipelines import store
    from pipelines.indicators import catalogue
    from pipelines.present.format import percent

    headline = catalogue.indicator(catalogue.HEADLINE).text("short").lower()
    history = store.events(args.db)
    if history.empty:
        print(f"Belum ada riwayat impor untuk {args.db}.")
    for row in history.itertuples(index=False):
        action = f"undo -> #{int(row.restored)}" if row.action == "undo" else row.action
        counts = "" if row.action in ("undo", "build") else (
            f" +{len(json.loads(row.added))} ~{len(json.loads(row.replaced))} -{len(json.loads(row.removed))}")
        rows = "" if pd_isna(row.rows_accepted) else f"  {int(row.rows_accepted)} baris diterima"
        figure = "" if pd_isna(row.headline) else f"  {headline} {percent(row.headline)} ({row.headline_period})"
        kept = "  [tersimpan]" if isinstance(row.snapshot, str) and row.snapshot else ""
        forced = "  [dipaksa]" if row.forced else ""
        print(f"#{int(row.id):<4} {row.at}  {row.user:<12} {action}{counts}{rows}{figure}{kept}{forced}")
    if args.files:
        print("Berkas yang dipakai:")
        for f in store.active_files(args.db):
            extra = f"  {', '.join(f.puskesmas)}  {f.periods[0]}..{f.periods[-1]}" if f.periods else ""
            print(f"  #{f.id:<4} {f.kind:<13} {f.original_name}{extra}")
    return 0


def pd_isna(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _cmd_undo(args) -> int:
    from pipelines import store

    event = store.undo(args.db, args.user, wait=True)
    restored = store.events(args.db).set_index("id").loc[event, "restored"]
    print(f"Basis data {args.db} dikembalikan ke build #{int(restored)} (riwayat #{event}).")
    return 0


def _port_problem(host: str, port: int) -> str | None:
    """Why the dashboard cannot listen on host:port (busy, not allowed), or None when it can."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            return str(exc.strerror or exc)
    return None


def format_boundary_checks(checks: list) -> str:
    """The boundary file's report: what was read and kept, then every repair, drop and duplicate (plain words)."""
    lines = [c.detail for c in checks if c.name in ("features_read", "features_kept")]
    found = [c for c in checks if c.count and c.name not in ("features_read", "features_kept")]
    lines[:1] = [f"Batas wilayah: {lines[0]}"] if lines else ["Batas wilayah:"]
    lines += [f"  - {c.detail}" for c in found]
    return "\n".join(lines)


def _serve(db: Path, port: int, host: str = DEFAULT_HOST, kiosk: bool = False) -> int:
    from pipelines.accounts import has_admin
    from pipelines.upload import MAX_FILE_MB

    if host not in ("127.0.0.1", "localhost", "::1") and not has_admin(db):
        print(f"Gagal: --host {host} membuka dasbor untuk jaringan, tetapi basis data {db} belum punya akun admin.\n"
              f"Buat dulu: peta-stunting user add NAMA --role admin --db {db}\n"
              "(serving a network or an exhibition needs an admin account first)",
              file=sys.stderr)
        return 2
    problem = _port_problem(host, port)
    if problem:
        print(f"Gagal: port {port} di {host} tidak bisa dipakai ({problem}): mungkin dasbor lain sudah berjalan. "
              f"Pilih port lain, mis. --port {port + 1} (atau PORT={port + 1} make demo).", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parent.parent
    app = root / "dashboard" / "app.py"
    (root / "dashboard" / "static").mkdir(exist_ok=True)  # static serving warns when its folder is absent
    env = dict(os.environ, PETA_STUNTING_DB=str(Path(db).resolve()))
    if kiosk:
        env["PETA_STUNTING_KIOSK"] = "1"
    else:
        env.pop("PETA_STUNTING_KIOSK", None)
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.address", host,
        "--server.headless", "true",
        "--server.enableStaticServing", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",  # no Deploy button or developer menu: they mean nothing to users
        "--server.maxUploadSize", str(MAX_FILE_MB),  # the Impor Data page's limit per file
    ]
    shown = "localhost" if host in ("127.0.0.1", "localhost", "::1") else host
    mode = "  [kios: hanya baca]" if kiosk else ""
    print(f"Dasbor: http://{shown}:{port}{mode}  (Ctrl+C untuk berhenti)", flush=True)
    import subprocess  # here: the other commands (zscore, called once per file) start without it

    return subprocess.call(command, env=env)


def _cmd_dashboard(args) -> int:
    if not args.db.exists():
        raise FileNotFoundError(f"basis data {args.db} tidak ada; jalankan 'peta-stunting demo' atau 'peta-stunting build'")
    return _serve(args.db, args.port, args.host, args.kiosk)


def _read_password(from_stdin: bool) -> tuple[str, str | None]:
    """The password and, when it was prompted for, its repetition (`accounts.check_password` compares them)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n"), None
    import getpass

    return getpass.getpass("Kata sandi: "), getpass.getpass("Ulangi kata sandi: ")


def _cmd_user(args) -> int:
    from pipelines import accounts

    if args.user_command == "add":
        password, repeat = _read_password(args.password_stdin)
        user = accounts.add_user(args.db, args.name, args.role, password, repeat=repeat)
        print(f"Akun {user.name} ({user.role}) disimpan di {accounts.accounts_path(args.db)}")
    elif args.user_command == "role":
        user = accounts.set_role(args.db, args.name, args.role)
        print(f"Peran {user.name} sekarang {user.role}")
    elif args.user_command == "password":
        password, repeat = _read_password(args.password_stdin)
        accounts.set_password(args.db, args.name, password, repeat=repeat)
        print(f"Kata sandi {args.name} diganti (kuncinya, bila ada, dibuka)")
    elif args.user_command == "unlock":
        accounts.unlock(args.db, args.name)
        print(f"Kunci akun {args.name} dibuka")
    elif args.user_command == "remove":
        accounts.remove_user(args.db, args.name)
        print(f"Akun {args.name} dihapus")
    else:
        users = accounts.list_users(args.db)
        if users.empty:
            print(f"Belum ada akun untuk {args.db} (dasbor terbuka hanya di komputer ini).")
        for row in users.itertuples(index=False):
            locked = f"  terkunci sampai {row.locked_until}" if row.locked else ""
            last = f"  terakhir masuk {row.last_login}" if isinstance(row.last_login, str) else ""
            print(f"{row.name:<24} {row.role:<8} dibuat {row.created_at}{last}{locked}")
    return 0


def _cmd_zscore(args) -> int:
    from pipelines.growth.zscore_file import zscore_file

    rows = zscore_file(args.input, args.output, who_strict=args.who_strict)
    # written here, not taken from the glossary: loading it (every label module) would add ~25 ms to a command
    # other tools call once per file, most of a small file's run; its refusals do come from the glossary
    print(f"{rows} baris ditulis ke {args.output}")
    return 0


def _cmd_export(args) -> int:
    import duckdb

    from pipelines.outputs import files

    if not args.db.exists():
        raise FileNotFoundError(f"basis data {args.db} tidak ada; jalankan 'peta-stunting demo' atau 'peta-stunting build'")
    if args.logo is not None and not args.logo.is_file():
        raise FileNotFoundError(f"berkas logo {args.logo} tidak ada")
    if args.document == "kualitas":
        from pipelines.outputs.quality_report import write_quality_reports

        with duckdb.connect(str(args.db), read_only=True) as con:
            period = args.period or files.newest_period(con)   # the report itself says which periods exist
        for path in write_quality_reports(args.db, args.out, period, args.puskesmas, args.per_puskesmas, args.lang):
            print(f"Laporan ditulis ke {path}")
        return 0
    writers = {"aksi1": files.write_aksi1, "aksi7": files.write_publication, "lokus": files.write_lokus,
               "scorecard": files.write_scorecards, "profil": files.write_profile, "slides": files.write_slides,
               "samples": files.write_samples}
    extra = {}
    if getattr(args, "desa", None):
        extra["desa"] = args.desa
    if getattr(args, "indicators", None):
        from pipelines.indicators import catalogue

        for key in args.indicators:
            try:
                catalogue.indicator(key)
            except KeyError:
                raise ValueError(f"indikator {key!r} tidak dikenal (contoh: stunting, wasting, coverage, "
                                 "hpk_complete_access, konvergensi)") from None
        extra["indicators"] = args.indicators
    with duckdb.connect(str(args.db), read_only=True) as con:
        written = writers[args.document](con, args.period, args.out, lang=args.lang, csv_format=args.csv_format,
                                         logo=args.logo, **extra)
    for path in written:
        print(f"ditulis: {path}")
    return 0


def _cmd_template(args) -> int:
    if args.kind == "survei":
        from pipelines.reconcile.survey import write_template
    else:
        from pipelines.services.registers import write_template

    write_template(args.output)
    print(f"Templat ditulis ke {args.output}")
    return 0


_COMMANDS = {
    "demo": _cmd_demo,
    "build": _cmd_build,
    "dashboard": _cmd_dashboard,
    "user": _cmd_user,
    "export": _cmd_export,
    "import": _cmd_import,
    "history": _cmd_history,
    "undo": _cmd_undo,
    "zscore": _cmd_zscore,
    "template": _cmd_template,
}


def run() -> None:
    """The console script: `main`, then exit with its code. Once the command is done nothing needs the
    garbage collector: frozen objects are skipped by the interpreter's last collection at exit (~15 ms of
    the z-score command's whole-process time)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
