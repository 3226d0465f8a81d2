"""Impor Data: upload input files, see the validation summary, confirm, and rebuild the database.

The browser is the second front door to the same import as `peta-stunting build` (pipelines.upload for the
files, limits and preview; pipelines.build.build_database for the build). Steps:
1. choose files per kind (limits and file types stated on the page, enforced again on the server);
2. "Periksa berkas": the files are saved to `<db dir>/uploads/<timestamp>-<random>/` under safe names and run
   through the readers into a scratch database; the page shows, per file, rows read / accepted / quarantined
   by reason with the first 3 examples of each reason (row, column, cell, hint: never a name or NIK), and
   which kinds are replaced and which are kept from the previous import;
3. "Setujui dan bangun ulang": build_database writes the served file (new file, atomic swap) with a
   progress bar; every page picks up the new database at its next run.
Nothing a file holds is rendered as Markdown or HTML: names go to tables, messages are escaped.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data
from pipelines.present.glossary import t
from pipelines import buildlock, upload
from pipelines.inputs.reasons import reason_text

STATE = "import_state"  # session key: {"signature", "folder", "saved", "plan", "preview"}


def plain(text: object) -> str:
    """Text safe to pass to a Markdown element: every Markdown/HTML special character escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])", r"\\\1", str(text))


def _lang() -> str:
    return st.session_state.get("lang", "id")


st.title(t("page_import"))
st.markdown(t("import_intro"))

with st.expander(t("import_limits_title"), expanded=False):
    st.markdown(t("import_limits", mb=upload.MAX_FILE_MB, rows=f"{upload.MAX_ROWS:,}".replace(",", "."),
                  files=upload.MAX_FILES, features=f"{upload.MAX_BOUNDARY_FEATURES:,}".replace(",", "."),
                  unzipped=upload.MAX_UNZIPPED_BYTES // 1024 ** 3))

db_file = data.db_path()
previous = upload.previous_inputs(db_file)
# uploads never confirmed (a closed tab, an abandoned preview) hold names and NIKs: gone after a day
upload.prune_uploads(upload.uploads_root(db_file), previous)
if data.db_version() is not None:
    try:
        built = data.meta().get("built_at", "–")
    except Exception:  # noqa: BLE001 - an old database without meta: still importable
        built = "–"
    st.caption(t("import_current", name=plain(db_file.name), built=plain(built)))
else:
    st.info(t("import_no_db"))

# --- 1. files -------------------------------------------------------------------------------------------
chosen: dict[str, list] = {}
for kind in upload.KIND_ORDER:
    spec = upload.KINDS[kind]
    value = st.file_uploader(
        t(f"import_kind_{kind}"), type=list(spec.extensions), accept_multiple_files=spec.multiple,
        key=f"import_up_{kind}", max_upload_size=upload.MAX_FILE_MB,
        help=t("import_types", types=", ".join("." + e for e in spec.extensions)),
    )
    files = value if isinstance(value, list) else ([value] if value is not None else [])
    chosen[kind] = files

# how to read the boundary file, when the file alone does not say (the same as the CLI's --boundary-* flags;
# messages about the boundary file name these fields)
with st.expander(t("import_boundary_options"), expanded=False):
    b1, b2, b3, b4 = st.columns(4)
    boundary_options = {
        "boundary_crs": b1.text_input(t("import_boundary_crs"), key="import_boundary_crs", placeholder="EPSG:4326"),
        "boundary_code_col": b2.text_input(t("import_boundary_code_col"), key="import_boundary_code_col"),
        "boundary_name_col": b3.text_input(t("import_boundary_name_col"), key="import_boundary_name_col"),
        "boundary_layer": b4.text_input(t("import_boundary_layer"), key="import_boundary_layer"),
    }
    boundary_options = {k: v.strip() for k, v in boundary_options.items() if v and v.strip()}

signature = tuple((kind, f.name, f.size) for kind in upload.KIND_ORDER for f in chosen[kind]) \
    + tuple(sorted(boundary_options.items()))
state = st.session_state.get(STATE)
if state and state["signature"] != signature:
    st.warning(t("import_stale"))

c1, c2 = st.columns([1, 1])
check = c1.button(t("import_check"), key="import_check", type="secondary")
if state and c2.button(t("import_cancel"), key="import_cancel"):
    shutil.rmtree(state["folder"], ignore_errors=True)
    st.session_state.pop(STATE, None)
    st.info(t("import_cancelled"))
    state = None

if check:
    st.session_state.pop("import_last_done", None)
    if not signature:
        st.warning(t("import_no_files"))
    else:
        if state:
            shutil.rmtree(state["folder"], ignore_errors=True)
            st.session_state.pop(STATE, None)
            state = None
        try:
            with st.spinner(t("import_checking")):
                saved = upload.save_uploads(upload.uploads_root(db_file),
                                            {k: [(f.name, f) for f in v] for k, v in chosen.items() if v})
                plan = upload.plan_import(previous, saved)
                if plan.inputs is not None:  # options typed here win over the previous import's
                    for option, value in boundary_options.items():
                        setattr(plan.inputs, option, value)
                preview = upload.preview_import(plan, upload.previous_settings(db_file))
            state = {"signature": signature, "folder": saved.folder, "saved": saved, "plan": plan,
                     "preview": preview}
            if not (plan.ready and preview.ok):
                shutil.rmtree(saved.folder, ignore_errors=True)  # refused: nothing is kept
            st.session_state[STATE] = state
        except upload.UploadError as exc:
            st.error(t("import_refused") + "\n\n" + "\n".join(f"- {plain(m)}" for m in exc.messages))
        except Exception as exc:  # noqa: BLE001 - a message, never a stack trace, for anything a file causes
            print(f"impor: pemeriksaan gagal: {type(exc).__name__}", file=sys.stderr)
            st.error(t("import_unexpected", error=plain(type(exc).__name__)))


def _display_name(path: Path, saved: upload.SavedUpload) -> str:
    return saved.original_names.get(Path(path).name, Path(path).name)


# --- 2. validation summary ------------------------------------------------------------------------------
def show_preview(state: dict) -> bool:
    """The plan and the validation summary; True when the build may run."""
    saved: upload.SavedUpload = state["saved"]
    plan: upload.ImportPlan = state["plan"]
    preview: upload.Preview = state["preview"]

    st.subheader(t("import_plan_title"))
    st.caption(t("import_plan_note"))
    st.dataframe(pd.DataFrame({
        t("import_col_kind"): [t(f"import_kind_{k}") for k in upload.KIND_ORDER],
        t("import_col_status"): [t(f"import_status_{plan.status[k]}") for k in upload.KIND_ORDER],
        t("import_col_files"): [", ".join(_display_name(p, saved) for p in plan.files[k]) or "–"
                                for k in upload.KIND_ORDER],
    }), hide_index=True, key="import_plan_table")

    st.subheader(t("import_preview_title"))
    if preview.boundary:
        st.markdown(t("import_boundary_summary", file=plain(_display_name(Path(preview.boundary["file"]), saved)),
                      kelurahan=preview.boundary["kelurahan"], kecamatan=preview.boundary["kecamatan"]))
    problems = plan.problems + preview.errors
    if problems:
        st.error(t("import_not_ready") + "\n\n" + "\n".join(f"- {plain(m)}" for m in problems))
    reports = preview.reports
    if reports:
        st.dataframe(pd.DataFrame({
            t("import_col_file"): [_display_name(Path(r.file_name), saved) for r in reports],
            t("import_col_kind"): [t(f"import_kind_{preview.kinds.get(r.file_name, 'measurements')}") for r in reports],
            t("import_col_read"): [r.rows_read for r in reports],
            t("import_col_accepted"): [r.rows_accepted for r in reports],
            t("import_col_quarantined"): [r.rows_quarantined for r in reports],
        }), hide_index=True, key="import_summary_table")
        read = sum(r.rows_read for r in reports)
        accepted = sum(r.rows_accepted for r in reports)
        st.markdown(t("import_totals", read=read, accepted=accepted, quarantined=read - accepted))
        examples = preview.examples
        for number, report in enumerate(reports):
            if not report.by_reason:
                continue
            with st.expander(f"{plain(_display_name(Path(report.file_name), saved))}: "
                             f"{report.rows_quarantined} {t('import_col_quarantined').lower()}"):
                st.markdown(f"**{t('import_examples')}**")
                reasons = sorted(report.by_reason.items(), key=lambda kv: (-kv[1], kv[0]))
                st.dataframe(pd.DataFrame({
                    t("import_col_reason"): [reason_text(code, _lang()) for code, _ in reasons],
                    t("import_col_rows"): [n for _, n in reasons],
                }), hide_index=True, key=f"import_reasons_{number}")
                mine = examples[examples["source_file"] == report.file_name] if len(examples) else examples
                if len(mine):
                    st.dataframe(pd.DataFrame({
                        t("import_col_reason"): [reason_text(c, _lang()) for c in mine["reason_code"]],
                        t("import_col_row"): mine["source_row"].astype("Int64").to_numpy(),
                        t("import_col_column"): mine["column_name"].to_numpy(),
                        t("import_col_value"): mine["value"].to_numpy(),
                        t("import_col_hint"): mine["hint"].to_numpy(),
                    }), hide_index=True, key=f"import_examples_{number}")
    return plan.ready and preview.ok


# --- 3. confirm and build -------------------------------------------------------------------------------
def run_build(state: dict) -> None:
    from pipelines.build import build_database
    from pipelines.inputs.tabular import FileError

    plan: upload.ImportPlan = state["plan"]
    bar = st.progress(0.0, text=t("import_building"))

    def progress(step: int, total: int, label: str) -> None:
        bar.progress(min(max((step - 1) / total, 0.0), 1.0), text=t("import_step", step=step, total=total, label=label))

    from geo.boundaries import BoundaryError

    user_errors: tuple[type[BaseException], ...] = (FileError, BoundaryError, FileNotFoundError, ValueError)
    try:
        with upload.build_lock(db_file):
            result = build_database(plan.inputs, db_file, upload.previous_settings(db_file), progress=progress)
    except upload.BuildBusy as exc:
        bar.empty()
        st.warning(plain(buildlock.busy_message(db_file, exc.holder, _lang())))
        return
    except user_errors as exc:
        bar.empty()
        st.error(t("import_failed") + "\n\n" + plain(exc))
        return
    except Exception as exc:  # noqa: BLE001 - a message, never a stack trace
        from pipelines.faults import system_fault

        bar.empty()
        print(f"impor: pembangunan gagal: {type(exc).__name__}", file=sys.stderr)
        fault = system_fault(exc, db_file, _lang())  # a full disk, a read-only folder, no permission
        st.error(plain(fault) if fault else t("import_unexpected", error=plain(type(exc).__name__)))
        return
    bar.progress(1.0, text=t("import_step", step=1, total=1, label="OK"))
    upload.prune_uploads(upload.uploads_root(db_file), plan.inputs)
    st.session_state.pop(STATE, None)
    st.session_state["import_last_done"] = {"seconds": round(result.seconds, 1), "files": len(result.reports)}
    st.rerun()


if state:
    ready = show_preview(state)
    stale = state["signature"] != signature
    st.caption(t("import_confirm_note"))
    if st.button(t("import_confirm"), key="import_confirm", type="primary", disabled=not ready or stale):
        run_build(state)

done = st.session_state.get("import_last_done")
if done and STATE not in st.session_state:
    st.success(t("import_done", seconds=done["seconds"], files=done["files"]))
