"""Pengguna (admins only): the accounts of this database (role, lock, last login), forms to add a user, change a
role, set a password, unlock and remove, and the recent audit log.

Every change goes through `pipelines.accounts` (the same functions as `peta-stunting user ...`), audited with the
acting admin's name; its refusals (a short password, the last admin) are shown as their sentence in the reader's
language. The page is not in the navigation of other roles (`dashboard.auth.PAGE_PERMISSION`) and refuses them if
run anyway. Without any account (the dashboard open on this computer) only the first admin can be added.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import auth, data
from pipelines import accounts
from pipelines.accounts import User
from pipelines.present.format import datetime_words
from pipelines.present.glossary import t, text
from pipelines.present.messages import message

DONE_KEY = "users_done"   # session state: (glossary key, params) of the last change, shown after the rerun
AUDIT_ROWS = 100          # the newest audit records shown


def _lang() -> str:
    return st.session_state.get("lang", "id")


def _role(role: str) -> str:
    return t(f"role_{role}")


def _role_words() -> Callable[[str], str]:
    """A role's label in the language of this run, kept for when Streamlit formats the choice later."""
    lang = _lang()
    return lambda role: text(f"role_{role}", lang)


def _allowed() -> User:
    """The acting admin; anyone else gets one sentence and nothing of the page."""
    user = auth.current_user()
    if auth.kiosk() or not user.can("manage_users"):
        st.error(t("not_allowed"))
        st.stop()
    return user


def _change(action: Callable[[], object], done: str, clear: tuple[str, ...] = (), **params) -> None:
    """Run one change; a refusal or an unwritable accounts file is one sentence (the form keeps what was typed),
    a success clears the form's fields and is announced after the rerun that shows the new state."""
    try:
        action()
    except accounts.AccountError as exc:
        st.error(message(exc, _lang()))
        return
    except (sqlite3.Error, OSError) as exc:   # a locked or read-only accounts file: nothing changed
        st.error(t("users_store_failed", path=accounts.accounts_path(data.db_path()),
                   error=str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__))
        return
    for key in clear:
        st.session_state.pop(key, None)
    st.session_state[DONE_KEY] = (done, params)
    st.rerun()


def _users_table(users: pd.DataFrame, me: User) -> None:
    lang = _lang()

    def state(row) -> str:
        if row.locked:
            return t("users_state_locked", until=datetime_words(row.locked_until, lang))
        if row.failures:
            return t("users_state_failures", n=int(row.failures))
        return t("users_state_active")

    st.subheader(t("users_list"))
    st.dataframe(pd.DataFrame({
        t("users_col_name"): [t("users_you", name=n) if n == me.name else n for n in users["name"]],
        t("users_col_role"): users["role"].map(_role),
        t("users_col_state"): [state(row) for row in users.itertuples()],
        t("users_col_created"): [datetime_words(v, lang) for v in users["created_at"]],
        t("users_col_last_login"): [datetime_words(v, lang) if isinstance(v, str) else t("users_never")
                                    for v in users["last_login"]],
    }), hide_index=True, key="users_table")


def _add_form(db, me: User, first: bool) -> None:
    """Name, role, password typed twice. The first account of an open dashboard must be an admin, and the person
    adding it continues as that admin (everyone logs in from then on)."""
    st.subheader(t("users_add"))
    with st.form("users_add_form"):
        name = st.text_input(t("users_name"), key="users_add_name", help=t("users_name_help"))
        role = st.selectbox(t("users_role"), ("admin",) if first else accounts.ROLES, key="users_add_role",
                            format_func=_role_words())
        password = st.text_input(t("users_password"), type="password", key="users_add_password",
                                 help=t("users_password_help", n=accounts.MIN_PASSWORD_CHARS))
        repeat = st.text_input(t("users_repeat"), type="password", key="users_add_repeat")
        submitted = st.form_submit_button(t("users_add_submit"), key="users_add_submit")
    if submitted:
        def add() -> None:
            user = accounts.add_user(db, name, role, password, by=me.name, repeat=repeat, replace=False)
            if first:
                st.session_state[auth.USER_KEY] = user

        _change(add, "users_done_add", ("users_add_name", "users_add_password", "users_add_repeat"),
                name=str(name).strip(), role=_role(role))


def _role_form(db, me: User, roles: dict[str, str]) -> None:
    """`roles`: each account's role as the table above shows it."""
    names = list(roles)
    st.subheader(t("users_role_change"))
    with st.form("users_role_form"):
        name = st.selectbox(t("users_who"), names, key="users_role_name")
        role = st.selectbox(t("users_role_new"), accounts.ROLES, key="users_role_role", format_func=_role_words())
        submitted = st.form_submit_button(t("users_role_submit"), key="users_role_submit")
    if submitted:
        same = roles.get(name) == role
        _change(lambda: accounts.set_role(db, name, role, by=me.name),
                "users_done_role_same" if same else "users_done_role", name=name, role=_role(role))


def _password_form(db, me: User, names: list[str]) -> None:
    st.subheader(t("users_password_set"))
    st.caption(t("users_password_note"))
    with st.form("users_password_form"):
        name = st.selectbox(t("users_who"), names, key="users_password_name")
        password = st.text_input(t("users_password_new"), type="password", key="users_password_password",
                                 help=t("users_password_help", n=accounts.MIN_PASSWORD_CHARS))
        repeat = st.text_input(t("users_repeat"), type="password", key="users_password_repeat")
        submitted = st.form_submit_button(t("users_password_submit"), key="users_password_submit")
    if submitted:
        _change(lambda: accounts.set_password(db, name, password, by=me.name, repeat=repeat), "users_done_password",
                ("users_password_password", "users_password_repeat"), name=name)


def _unlock_form(db, me: User, locked: list[str]) -> None:
    st.subheader(t("users_unlock"))
    st.caption(t("users_unlock_note", minutes=accounts.LOCK_MINUTES, n=accounts.LOCK_AFTER))
    if not locked:
        st.caption(t("users_unlock_none"))
        return
    with st.form("users_unlock_form"):
        name = st.selectbox(t("users_who"), locked, key="users_unlock_name")
        submitted = st.form_submit_button(t("users_unlock_submit"), key="users_unlock_submit")
    if submitted:
        _change(lambda: accounts.unlock(db, name, by=me.name), "users_done_unlock", name=name)


def _remove_form(db, me: User, names: list[str]) -> None:
    st.subheader(t("users_remove"))
    with st.form("users_remove_form"):
        name = st.selectbox(t("users_who"), names, key="users_remove_name")
        sure = st.checkbox(t("users_remove_confirm"), key="users_remove_confirm")
        submitted = st.form_submit_button(t("users_remove_submit"), key="users_remove_submit")
    if submitted:
        if not sure:
            st.warning(t("users_remove_unconfirmed", name=name))
        else:
            _change(lambda: accounts.remove_user(db, name, by=me.name), "users_done_remove", ("users_remove_confirm",),
                    name=name)


def _audit(db) -> None:
    st.subheader(t("users_audit"))
    log = accounts.audit_log(db, limit=AUDIT_ROWS)
    if log.empty:
        st.caption(t("users_audit_empty"))
        return
    st.dataframe(pd.DataFrame({
        t("users_audit_col_at"): [datetime_words(v, _lang()) for v in log["at"]],
        t("users_audit_col_user"): log["user"],
        t("users_audit_col_action"): log["action"].map(lambda a: t(f"audit_{a}")),
        t("users_audit_col_detail"): log["detail"],
    }), hide_index=True, key="users_audit_table")


me = _allowed()
db_file = data.db_path()
st.title(t("page_users"))
st.markdown(t("users_intro"))
if DONE_KEY in st.session_state:
    key, params = st.session_state.pop(DONE_KEY)
    st.success(t(key, **params))

users = accounts.list_users(db_file)
if users.empty:
    st.info(t("users_open"))
    _add_form(db_file, me, first=True)
else:
    _users_table(users, me)
    names = users["name"].tolist()
    left, right = st.columns(2)
    with left:
        _add_form(db_file, me, first=False)
        _role_form(db_file, me, dict(zip(users["name"], users["role"])))
        _unlock_form(db_file, me, users.loc[users["locked"] | (users["failures"] > 0), "name"].tolist())
    with right:
        _password_form(db_file, me, names)
        _remove_form(db_file, me, names)
_audit(db_file)
