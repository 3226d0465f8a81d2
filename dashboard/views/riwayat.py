"""Riwayat Impor: every import, build and undo of the database (time, user, files added/replaced/removed, rows,
the kabupaten stunting figure), the undo button (admin), the store's disk use and the audit log (admin)."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from dashboard import auth, data
from pipelines import accounts, store, upload
from pipelines.inputs.errors import InputError
from pipelines.present.format import number, percent
from pipelines.present.glossary import t
from pipelines.present.messages import message


def _lang() -> str:
    return st.session_state.get("lang", "id")


def _names(ids_json: str, catalog: dict[int, str]) -> str:
    ids = json.loads(ids_json or "[]")
    return ", ".join(catalog.get(int(i), f"#{i}") for i in ids) or "–"


def _action(row) -> str:
    if row.action == "undo":
        return t("history_action_undo", target=int(row.restored))
    return t(f"history_action_{row.action}")


db_file = data.db_path()
user = auth.current_user()
st.title(t("page_history"))
st.markdown(t("history_intro", keep=store.KEEP_BUILDS))

history = store.events(db_file)
if history.empty:
    st.info(t("history_empty"))
else:
    ids = sorted({int(i) for col in ("added", "replaced", "removed") for v in history[col] for i in json.loads(v or "[]")})
    catalog = {f.id: f.original_name for f in store.files_by_id(db_file, ids)}
    st.dataframe(pd.DataFrame({
        "#": history["id"].astype(int),
        t("history_col_at"): history["at"],
        t("history_col_user"): history["user"],
        t("history_col_action"): [_action(r) for r in history.itertuples()],
        t("history_col_added"): [_names(v, catalog) for v in history["added"]],
        t("history_col_replaced"): [_names(v, catalog) for v in history["replaced"]],
        t("history_col_removed"): [_names(v, catalog) for v in history["removed"]],
        t("history_col_rows"): [number(v, lang=_lang()) for v in history["rows_accepted"]],
        t("history_col_stunting"): [f"{percent(v, lang=_lang())} ({p})" if pd.notna(v) else "–"
                                    for v, p in zip(history["headline"], history["headline_period"])],
        t("history_col_kept"): history["snapshot"].notna(),
    }), hide_index=True, key="history_table")
    usage = store.disk_usage(db_file)
    st.caption(t("history_disk", files=f"{usage['files'] / 1024 ** 2:.1f} MB", builds=f"{usage['builds'] / 1024 ** 2:.1f} MB"))
    if user.can("undo"):
        if st.button(t("history_undo"), key="history_undo"):
            try:
                event = store.undo(db_file, user.name)
                target = int(store.events(db_file).set_index("id").loc[event, "restored"])
                st.session_state["history_undone"] = target
                st.rerun()
            except InputError as exc:  # nothing to undo, a build no longer kept
                st.error(message(exc, _lang()))
            except upload.BuildBusy:
                st.warning(t("import_busy"))
        if "history_undone" in st.session_state:
            st.success(t("history_undo_done", target=st.session_state.pop("history_undone")))

if user.can("manage_users"):
    log = accounts.audit_log(db_file)
    if len(log):
        st.subheader(t("history_audit"))
        st.dataframe(pd.DataFrame({
            t("history_col_at"): log["at"], t("history_col_user"): log["user"],
            t("history_col_action"): log["action"].map(lambda a: t(f"audit_{a}")), "": log["detail"],
        }), hide_index=True, key="history_audit_table")
