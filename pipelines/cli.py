"""The `peta-stunting` command: demo, build, dashboard, zscore, template, export."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

DEFAULT_DEMO_DIR = Path("data/demo")
DEFAULT_DEMO_DB = Path("data/demo.duckdb")
EXPORT_DOCUMENTS = {
    "lokus": "lokus selection tables (XLSX, CSV) with weights, method and reasons",
    "aksi7": "Aksi 7 publication tables per desa/kelurahan and kecamatan (XLSX, CSV)",
}


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
    demo.add_argument("--port", type=int, default=8501)

    build = sub.add_parser("build", help="import your files (boundaries, e-PPGBM, posyandu, sasaran, 1000-HPK) into a database")
    build.add_argument("--boundaries", type=Path, required=True, help="kelurahan/desa polygons: GeoJSON, Shapefile (.shp or .zip), GeoPackage, GeoParquet")
    build.add_argument("--boundary-code-col", help="column holding the Kemendagri code (detected when omitted)")
    build.add_argument("--boundary-name-col", help="column holding the kelurahan/desa name (detected when omitted)")
    build.add_argument("--boundary-crs", help="CRS of a boundary file that has none, e.g. EPSG:4326")
    build.add_argument("--boundary-layer", help="layer of a GeoPackage")
    build.add_argument("--measurements", type=Path, nargs="+", default=[], help="e-PPGBM exports (CSV, XLSX or Parquet), one per puskesmas")
    build.add_argument("--posyandu", type=Path, help="posyandu list (CSV/XLSX) with declared kelurahan and coordinates")
    build.add_argument("--sasaran", type=Path, help="target children 0-59 months per kelurahan and year (CSV/XLSX)")
    build.add_argument("--services", type=Path, nargs="*", default=[], help="1000-HPK service registers (CSV/XLSX)")
    build.add_argument("--config", type=Path, help="settings TOML (rounds, 1000-HPK packages, small-number threshold)")
    build.add_argument("--db", type=Path, required=True, help="database file to write (replaced atomically)")

    dash = sub.add_parser("dashboard", help="open the dashboard (Streamlit) on a database")
    dash.add_argument("--db", type=Path, default=DEFAULT_DEMO_DB, help="database file (default data/demo.duckdb)")
    dash.add_argument("--port", type=int, default=8501)

    zscore = sub.add_parser("zscore", help="WHO 2006 z-scores for a CSV of children (sex, birth_date, measure_date, weight_kg, height_cm, measured)")
    zscore.add_argument("input", type=Path)
    zscore.add_argument("output", type=Path)

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
        doc.add_argument("out", type=Path, help="output folder")

    template = sub.add_parser("template", help="write an empty input template with Indonesian headers")
    template.add_argument("kind", choices=["services"], help="services: 1000-HPK service register")
    template.add_argument("output", type=Path, help="file to write (.csv or .xlsx)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except _user_errors() as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 2


def _user_errors() -> tuple[type[BaseException], ...]:
    """Errors that are the input's fault: print the message, no stack trace."""
    from geo.boundaries import BoundaryError
    from pipelines.inputs.tabular import FileError

    return (FileNotFoundError, ValueError, FileError, BoundaryError)


def _cmd_demo(args) -> int:
    from pipelines.demo.city import demo_files, generate_demo

    files = demo_files(args.dir)
    if args.rebuild or not files.complete():
        print(f"Membuat data demo Kota Contoh (fiktif) di {args.dir} ...")
        files = generate_demo(args.dir)
    if args.rebuild or not args.db.exists() or args.db.stat().st_mtime < files.newest_mtime():
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
        boundary_code_col=args.boundary_code_col,
        boundary_name_col=args.boundary_name_col,
        boundary_crs=args.boundary_crs,
        boundary_layer=args.boundary_layer,
    )
    _run_build(inputs, args.db, Settings.from_toml(args.config))
    return 0


def _run_build(inputs, db: Path, settings) -> None:
    from pipelines.build import build_database
    from pipelines.inputs.readers import format_report

    def progress(step: int, total: int, label: str) -> None:
        print(f"[{step}/{total}] {label}", flush=True)

    result = build_database(inputs, db, settings, progress=progress)
    print(format_report(result.reports))
    print(f"Selesai dalam {result.seconds:.1f} detik: {result.db_path}")


def _serve(db: Path, port: int) -> int:
    from pipelines.upload import MAX_FILE_MB

    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    env = dict(os.environ, PETA_STUNTING_DB=str(Path(db).resolve()))
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.enableStaticServing", "true",
        "--browser.gatherUsageStats", "false",
        "--server.maxUploadSize", str(MAX_FILE_MB),  # the Impor Data page's limit per file
    ]
    print(f"Dasbor: http://localhost:{port}  (Ctrl+C untuk berhenti)", flush=True)
    return subprocess.call(command, env=env)


def _cmd_dashboard(args) -> int:
    if not args.db.exists():
        raise FileNotFoundError(f"basis data {args.db} tidak ada; jalankan 'peta-stunting demo' atau 'peta-stunting build'")
    return _serve(args.db, args.port)


def _cmd_zscore(args) -> int:
    from pipelines.growth.zscore_file import zscore_csv

    rows = zscore_csv(args.input, args.output)
    print(f"{rows} baris ditulis ke {args.output}")
    return 0


def _cmd_export(args) -> int:
    import duckdb

    from pipelines.outputs import files

    if not args.db.exists():
        raise FileNotFoundError(f"basis data {args.db} tidak ada; jalankan 'peta-stunting demo' atau 'peta-stunting build'")
    if args.logo is not None and not args.logo.is_file():
        raise FileNotFoundError(f"berkas logo {args.logo} tidak ada")
    writers = {"lokus": files.write_lokus, "aksi7": files.write_publication_tables}
    with duckdb.connect(str(args.db), read_only=True) as con:
        written = writers[args.document](con, args.period, args.out, lang=args.lang, csv_format=args.csv_format,
                                         logo=args.logo)
    for path in written:
        print(f"ditulis: {path}")
    return 0


def _cmd_template(args) -> int:
    from pipelines.services.registers import write_template

    write_template(args.output)
    print(f"Templat ditulis ke {args.output}")
    return 0


_COMMANDS = {
    "demo": _cmd_demo,
    "build": _cmd_build,
    "dashboard": _cmd_dashboard,
    "zscore": _cmd_zscore,
    "template": _cmd_template,
    "export": _cmd_export,
}

if __name__ == "__main__":
    sys.exit(main())
