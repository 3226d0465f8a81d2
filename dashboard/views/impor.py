"""Impor Data (admin): add files to the database's input store, see the consequence, confirm.

The browser is the second front door to the same import as `peta-stunting import` (pipelines.upload for the
upload limits and safe saving, pipelines.store for the store, the pending build and the swap). Steps:
1. the files in force are listed (puskesmas, periods, rows, who and when); some can be taken out;
2. "Periksa berkas": the uploads are checked against the limits, copied into the store, and an e-PPGBM export
   with the same puskesmas and periods as a file in force is offered as its replacement (ticked: replace);
3. the whole database is built into a pending file beside the served one (which keeps serving), and the page
   shows per file rows read / accepted / quarantined / superseded with examples, and per kecamatan and
   kelurahan the stunting n and value before -> after, the places that would lose every value first, in red;
   a build that accepts 0 rows or leaves fewer than 90 % of the places with values is refused unless forced;
4. "Setujui dan bangun ulang": the pending file is swapped in (atomic rename); Riwayat Impor can undo it.
Nothing a file holds is rendered as Markdown or HTML: names go to tables, messages are escaped.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import auth, data
from geo.boundaries import OPTION_WAYS, asked_options
from pipelines import store, upload
from pipelines.inputs.errors import InputError
from pipelines.inputs.reasons import reason_text
from pipelines.present.format import percent
from pipelines.present.glossary import t
from pipelines.present.messages import message, speaking

READER_KINDS = {"measurement": "measurements", "service": "services"}  # a report's kind -> upload kind
STATE = "import_state"  # session key: {"signature", "new", "offers", "pending", "names", "boundary_options"}
BOUNDARY_ASK = "import_boundary_ask"  # session key: the boundary options the last refusal asked for


def plain(text: object) -> str:
    """Text safe to pass to a Markdown element: every Markdown/HTML special character escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])", r"\\\1", str(text))


def _lang() -> str:
    return st.session_state.get("lang", "id")


user = auth.current_user()
if not user.can("import"):  # the navigation hides this page; a direct run still refuses
    st.error(t("not_allowed"))
    st.stop()

st.title(t("page_import"))
st.markdown(t("import_intro"))

with st.expander(t("import_limits_title"), expanded=False):
    st.markdown(t("import_limits", mb=upload.MAX_FILE_MB, rows=f"{upload.MAX_ROWS:,}".replace(",", "."),
                  files=upload.MAX_FILES, features=f"{upload.MAX_BOUNDARY_FEATURES:,}".replace(",", "."),
                  unzipped=upload.MAX_UNZIPPED_BYTES // 1024 ** 3))

db_file = data.db_path()
if data.db_version() is not None:
    try:
        built = data.meta().get("built_at", "–")
    except Exception:  # noqa: BLE001 - an old database without meta: still importable
        built = "–"
    st.caption(t("import_current", name=plain(db_file.name), built=plain(built)))
else:
    st.info(t("import_no_db"))

state = st.session_state.get(STATE)


def _drop_state() -> None:
    """Cancel or replace the preview: its pending build and the uploads no build used are deleted."""
    old = st.session_state.pop(STATE, None)
    if old and old.get("pending") is not None:
        store.discard(old["pending"])
    if old and old.get("new"):
        store.forget_unconfirmed(db_file, old["new"])


def boundary_option_values() -> dict[str, str]:
    """The boundary fields as `store.prepare` takes them (`boundary_crs` ...), the filled ones only."""
    values = {f"boundary_{option}": str(st.session_state.get(f"import_boundary_{option}") or "").strip()
              for option in OPTION_WAYS}
    return {k: v for k, v in values.items() if v}


def show_boundary_options(asked: list[str]) -> None:
    """The four ways to read a boundary file, as the command line's --boundary-* flags; `asked`: the options the
    last refusal named (told above the fields)."""
    with st.container(border=True):
        st.markdown(f"**{t('import_boundary_options')}**")
        st.caption(t("import_boundary_help"))
        if asked:
            st.info(t("import_boundary_asked", check=t("import_check")))
        for column, option in zip(st.columns(len(OPTION_WAYS)), OPTION_WAYS):
            column.text_input(t(f"import_boundary_{option}"), key=f"import_boundary_{option}",
                              help=t(f"import_boundary_{option}_help"))


def _as_uploaded(words: str, ids) -> str:
    """A message about a stored file (`<id>_<safe name>`) with the name the user uploaded it under."""
    for f in store.files_by_id(db_file, list(ids)):
        words = words.replace(f.path.name, f.original_name)
    return words


def _messages(exc: InputError) -> str:
    """An input error for the page: its message in the page's language, one item per refused file."""
    if len(exc.messages) > 1:
        return "\n".join(f"- {plain(m)}" for m in exc.messages)
    return plain(message(exc, _lang()))


def _build_pending(add, replace, remove) -> None:
    """Run the pending build with a progress bar; keep it (or the message why not) in the session state."""
    bar = st.progress(0.0, text=t("import_building"))

    def progress(step: int, total: int, label: str) -> None:
        bar.progress(min(max((step - 1) / total, 0.0), 1.0), text=t("import_step", step=step, total=total, label=label))

    from geo.boundaries import BoundaryError

    options = st.session_state[STATE].get("boundary_options") or {}
    try:
        with upload.build_lock(db_file):
            with speaking(_lang()):   # a refused file's message in the reader's language
                pending = store.prepare(db_file, add, replace, remove, progress=progress, lang=_lang(),
                                        boundary_options=options)
    except upload.BuildBusy:
        st.warning(t("import_busy"))
        return
    except BoundaryError as exc:
        # the message names the --boundary-* flag and this page's field; the fields are shown below it
        st.session_state[BOUNDARY_ASK] = asked_options(str(exc))
        st.error(t("import_failed") + "\n\n" + plain(_as_uploaded(message(exc, _lang()), add)))
        return
    except InputError as exc:
        st.error(t("import_failed") + "\n\n" + _as_uploaded(_messages(exc), add))
        return
    except Exception as exc:  # noqa: BLE001 - a message, never a stack trace
        print(f"impor: pratinjau gagal: {type(exc).__name__}", file=sys.stderr)
        st.error(t("import_unexpected", error=plain(type(exc).__name__)))
        return
    finally:
        bar.empty()
    st.session_state.pop(BOUNDARY_ASK, None)
    st.session_state[STATE]["pending"] = pending


# --- 1. files in force ----------------------------------------------------------------------------------
in_force = store.active_files(db_file) if db_file.exists() else []
if "import_pruned" not in st.session_state:  # once per session: what others left unconfirmed for over a day
    st.session_state["import_pruned"] = len(store.prune_unconfirmed(db_file))
names = {f.path.name: f.original_name for f in in_force}
if in_force:
    st.subheader(t("store_files_title"))
    st.dataframe(pd.DataFrame({
        "#": [f.id for f in in_force],
        t("import_col_kind"): [t(f"import_kind_{f.kind}") for f in in_force],
        t("import_col_file"): [f.original_name for f in in_force],
        t("store_col_puskesmas"): [", ".join(f.puskesmas) for f in in_force],
        t("store_col_periods"): [f"{f.periods[0]} – {f.periods[-1]} ({len(f.periods)})" if f.periods else ""
                                 for f in in_force],
        t("import_col_read"): pd.array([f.rows_read for f in in_force], dtype="Int64"),
        t("import_col_accepted"): pd.array([f.rows_accepted for f in in_force], dtype="Int64"),
        t("import_col_quarantined"): pd.array([f.rows_quarantined for f in in_force], dtype="Int64"),
        t("store_col_superseded"): pd.array([f.rows_superseded for f in in_force], dtype="Int64"),
        t("store_col_added"): [f.added_at for f in in_force],
        t("store_col_by"): [f.added_by for f in in_force],
    }), hide_index=True, key="import_files_table")
    labels = {f.id: f"#{f.id} {f.original_name}" for f in in_force if f.kind in store.MULTI_KINDS}
    r1, r2 = st.columns([3, 1])
    to_remove = r1.multiselect(t("store_remove_pick"), list(labels), format_func=lambda i: labels[i],
                               key="import_remove_pick")
    if r2.button(t("store_remove"), key="import_remove", disabled=not to_remove):
        _drop_state()
        st.session_state[STATE] = {"signature": ("remove", tuple(to_remove)), "new": [], "offers": {},
                                   "remove": list(to_remove), "pending": None,
                                   "boundary_options": boundary_option_values()}
        state = st.session_state[STATE]
        _build_pending([], {}, list(to_remove))

# --- 2. new files ---------------------------------------------------------------------------------------
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

# how to read the boundary file: shown with a boundary upload or when a refusal asked (filled in after the
# checks below, so that a refusal of this very run shows them at once)
options_slot = st.container()
signature = tuple((kind, f.name, f.size) for kind in upload.KIND_ORDER for f in chosen[kind]) \
    + tuple(sorted(boundary_option_values().items()))
state = st.session_state.get(STATE)
if state and state["new"] and state["signature"] != signature:
    st.warning(t("import_stale"))

c1, c2 = st.columns([1, 1])
check = c1.button(t("import_check"), key="import_check", type="secondary")
cancel_slot = c2.empty()  # filled after the check below, so the preview it starts can be cancelled at once

if check:
    st.session_state.pop("import_last_done", None)
    if not signature:
        st.warning(t("import_no_files"))
    else:
        _drop_state()
        state = None
        saved = None
        try:
            with st.spinner(t("import_checking")), speaking(_lang()):   # refusals in the reader's language
                saved = upload.save_uploads(upload.uploads_root(db_file),
                                            {k: [(f.name, f) for f in v] for k, v in chosen.items() if v})
                new_ids: list[int] = []
                offers: dict[int, list[int]] = {}
                for kind in saved.kinds():
                    for path in saved.files[kind]:
                        stored = store.add_file(db_file, kind, path, saved.original_names[path.name], user.name)
                        new_ids.append(stored.id)
                        if kind == "measurements":
                            matches = store.replacement_candidates(db_file, stored)
                            if matches:
                                offers[stored.id] = [m.id for m in matches]
            state = {"signature": signature, "new": new_ids, "offers": offers, "remove": [], "pending": None,
                     "boundary_options": boundary_option_values()}
            st.session_state[STATE] = state
            if not offers:
                _build_pending(new_ids, {}, [])
        except InputError as exc:
            st.error(t("import_refused") + "\n\n" + _messages(exc))
        except Exception as exc:  # noqa: BLE001 - a message, never a stack trace, for anything a file causes
            print(f"impor: pemeriksaan gagal: {type(exc).__name__}", file=sys.stderr)
            st.error(t("import_unexpected", error=plain(type(exc).__name__)))
        finally:
            if saved is not None:
                shutil.rmtree(saved.folder, ignore_errors=True)  # the store keeps its own copy


if st.session_state.get(STATE) and cancel_slot.button(t("import_cancel"), key="import_cancel"):
    _drop_state()
    st.info(t("import_cancelled"))
    state = None

if chosen["boundaries"] or st.session_state.get(BOUNDARY_ASK):
    with options_slot:
        show_boundary_options(st.session_state.get(BOUNDARY_ASK) or [])


# --- 3. replacement offers ------------------------------------------------------------------------------
def show_offers(state: dict) -> None:
    """Each new export that matches a file in force: a ticked box to replace it; then build the preview."""
    catalog = {f.id: f for f in store.files_by_id(db_file, [*state["new"], *[i for ids in state["offers"].values()
                                                                            for i in ids]])}
    for new_id, old_ids in state["offers"].items():
        for old_id in old_ids:
            new, old = catalog[new_id], catalog[old_id]
            st.markdown(t("store_replace_offer", new=plain(new.original_name), old=plain(old.original_name),
                          at=plain(old.added_at), id=old.id))
            # the label names the file by its number only: a widget label is Markdown, a file name is not trusted
            st.checkbox(t("store_replace_yes", id=old.id), value=True, key=f"import_replace_{new_id}_{old_id}")
    if st.button(t("import_preview"), key="import_preview", type="secondary"):
        if state.get("pending") is not None:
            store.discard(state["pending"])
            state["pending"] = None
        replace = {new_id: [o for o in old_ids if st.session_state.get(f"import_replace_{new_id}_{o}", True)]
                   for new_id, old_ids in state["offers"].items()}
        _build_pending(state["new"], replace, [])


# --- 4. validation and consequence ----------------------------------------------------------------------
def show_reports(pending: store.Pending, shown: dict[str, str]) -> None:
    reports = pending.result.reports
    st.subheader(t("import_preview_title"))
    if not reports:
        return
    st.dataframe(pd.DataFrame({
        t("import_col_file"): [shown.get(r.file_name, r.file_name) for r in reports],
        t("import_col_kind"): [t(f"import_kind_{READER_KINDS.get(r.kind, r.kind)}") for r in reports],
        t("import_col_read"): [r.rows_read for r in reports],
        t("import_col_accepted"): [r.rows_accepted for r in reports],
        t("import_col_quarantined"): [r.rows_quarantined for r in reports],
        t("store_col_superseded"): [getattr(r, "rows_superseded", 0) for r in reports],
    }), hide_index=True, key="import_summary_table")
    read = sum(r.rows_read for r in reports)
    accepted = sum(r.rows_accepted for r in reports)
    st.markdown(t("import_totals", read=read, accepted=accepted,
                  quarantined=sum(r.rows_quarantined for r in reports)))
    try:
        with duckdb.connect(str(pending.path), read_only=True) as con:
            examples = upload.query_quarantine_examples(con)
    except duckdb.Error:
        examples = pd.DataFrame(columns=["source_file", "reason_code", "source_row", "column_name", "value", "hint"])
    for number, report in enumerate(reports):
        if not report.by_reason:
            continue
        with st.expander(f"{plain(shown.get(report.file_name, report.file_name))}: "
                         f"{report.rows_quarantined} {t('import_col_quarantined').lower()}"):
            st.markdown(f"**{t('import_examples')}**")
            mine = examples[examples["source_file"] == report.file_name] if len(examples) else examples
            reasons = sorted(report.by_reason.items(), key=lambda kv: (-kv[1], kv[0]))
            st.dataframe(pd.DataFrame({
                t("import_col_reason"): [reason_text(code, _lang()) for code, _ in reasons],
                t("import_col_rows"): [n for _, n in reasons],
            }), hide_index=True, key=f"import_reasons_{number}")
            if len(mine):
                st.dataframe(pd.DataFrame({
                    t("import_col_reason"): [reason_text(c, _lang()) for c in mine["reason_code"]],
                    t("import_col_row"): mine["source_row"].astype("Int64").to_numpy(),
                    t("import_col_column"): mine["column_name"].to_numpy(),
                    t("import_col_value"): mine["value"].to_numpy(),
                    t("import_col_hint"): mine["hint"].to_numpy(),
                }), hide_index=True, key=f"import_examples_{number}")


def _red_lost(row: pd.Series) -> list[str]:
    return ["color: #b00020; font-weight: 600" if row.iloc[-1] else "" for _ in row]


def show_consequence(pending: store.Pending) -> bool:
    """Before -> after per kecamatan and kelurahan, lost places first in red; True when the build may go."""
    c = pending.consequence
    st.subheader(t("store_consequence_title", period=c.period or "–"))
    places = c.places
    changed = places[places["changed"] | places["lost"]]
    st.markdown(t("store_consequence_summary", kept=c.kept_values, had=c.had_values, changed=len(changed)))
    lost = c.lost
    if len(lost):
        st.error(t("store_lost_title", n=len(lost)) + "\n\n"
                 + ", ".join(plain(n) for n in lost["nama"].astype(str).head(60))
                 + (" …" if len(lost) > 60 else ""))
    if len(changed):
        table = pd.DataFrame({
            t("store_col_level"): changed["level"].to_numpy(),
            t("col_kode"): changed["kode"].to_numpy(),
            t("col_nama"): changed["nama"].astype(str).to_numpy(),
            t("kecamatan"): changed["kecamatan_nama"].astype(str).to_numpy(),
            t("store_col_n_before"): pd.array(changed["n_before"], dtype="Int64"),
            t("store_col_value_before"): (changed["value_before"] * 100).round(1).to_numpy(),
            t("store_col_n_after"): pd.array(changed["n_after"], dtype="Int64"),
            t("store_col_value_after"): (changed["value_after"] * 100).round(1).to_numpy(),
            t("store_col_lost"): changed["lost"].to_numpy(),
        })
        st.dataframe(table.style.apply(_red_lost, axis=1), hide_index=True, key="import_consequence_table")
    else:
        st.info(t("store_no_change"))
    if c.refusals:
        st.error(t("store_refused_title") + "\n\n" + "\n".join(f"- {plain(m)}" for m in c.refusals))
        return st.checkbox(t("store_force"), key="import_force", value=False)
    return True


def run_commit(pending: store.Pending, force: bool) -> None:
    try:
        event = store.commit(db_file, pending, user.name, force=force, lang=_lang())
    except upload.BuildBusy:
        st.warning(t("import_busy"))
        return
    except InputError as exc:
        st.session_state[STATE]["pending"] = None
        st.error(t("store_refused_title") + "\n\n" + _messages(exc))
        return
    st.session_state.pop(STATE, None)
    st.session_state["import_last_done"] = {"seconds": round(pending.result.seconds, 1),
                                            "files": len(pending.added), "event": event}
    st.rerun()


state = st.session_state.get(STATE)
if state:
    if state["offers"]:
        show_offers(state)
    pending = state.get("pending")
    if pending is not None:
        catalog = store.files_by_id(db_file, pending.active)
        shown = {f.path.name: f.original_name for f in catalog}
        show_reports(pending, shown)
        may_build = show_consequence(pending)
        st.caption(t("import_confirm_note"))
        stale = bool(state["new"]) and state["signature"] != signature
        if st.button(t("import_confirm"), key="import_confirm", type="primary", disabled=not may_build or stale):
            run_commit(pending, force=bool(pending.consequence.refusals))

done = st.session_state.get("import_last_done")
if done and STATE not in st.session_state:
    st.success(t("import_done", seconds=done["seconds"], files=done["files"]))
