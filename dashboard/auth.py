"""Who is using the dashboard: the login page, the current user and what their role lets them see.

Three ways the dashboard runs (decided per run of the script, from the environment `peta-stunting dashboard`
sets and the accounts file beside the database, `pipelines.accounts`):
- kiosk (`--kiosk`, env PETA_STUNTING_KIOSK=1): read-only exhibition, Peta and Mode Presentasi only, no login;
- accounts exist: everyone logs in; the pages a role may not use are not in the navigation, so their URL
  leads to the default page; the role is read again at every run, so an admin's change (Pengguna page, CLI)
  reaches sessions already open;
- no account at all (e.g. `make demo`, which listens on 127.0.0.1 only): open, as a local admin.
A login lives in the browser session (Streamlit's session state): reloading the page asks again.
"""
from __future__ import annotations

import os

import streamlit as st

from dashboard import data
from pipelines import accounts
from pipelines.accounts import User
from pipelines.present.glossary import t

KIOSK_ENV = "PETA_STUNTING_KIOSK"
USER_KEY = "auth_user"          # session state: the logged-in pipelines.accounts.User
LOCAL_USER = User("lokal", "admin")
KIOSK_USER = User("kios", "viewer")

#: url path of a page -> the permission it needs (pages not listed need 'browse')
PAGE_PERMISSION = {"impor": "import", "pengguna": "manage_users"}
KIOSK_PAGES = ("peta", "presentasi")


def kiosk() -> bool:
    return os.environ.get(KIOSK_ENV) == "1"


def refresh_user() -> None:
    """The logged-in account as the accounts file says now, at every run: an account an admin removed is logged
    out, a changed role takes effect at the next click (not only at the next login)."""
    user = st.session_state.get(USER_KEY)
    if user is None or kiosk():
        return
    now = accounts.find_user(data.db_path(), user.name)
    if now is None:
        st.session_state.pop(USER_KEY, None)
    elif now != user:
        st.session_state[USER_KEY] = now


def login_required() -> bool:
    """True when accounts exist and nobody has logged in in this session."""
    return not kiosk() and USER_KEY not in st.session_state and accounts.has_accounts(data.db_path())


def current_user() -> User:
    """The user of this session: the logged-in account, the kiosk visitor, or the local admin (no accounts)."""
    if kiosk():
        return KIOSK_USER
    user = st.session_state.get(USER_KEY)
    if user is not None:
        return user
    return LOCAL_USER if not accounts.has_accounts(data.db_path()) else User("", "none")


def can(permission: str) -> bool:
    return current_user().can(permission)


def page_allowed(url_path: str) -> bool:
    """May the current session open the page with this url path?"""
    if kiosk():
        return url_path in KIOSK_PAGES
    return can(PAGE_PERMISSION.get(url_path, "browse"))


def login_page() -> None:
    """The login form (Indonesian by default): name, password; wrong passwords slow down, then lock."""
    st.title(t("login_title"))
    st.caption(t("login_intro"))
    with st.form("login_form"):
        name = st.text_input(t("login_name"), key="login_name")
        password = st.text_input(t("login_password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("login_submit"))
    if submitted:
        result = accounts.login(data.db_path(), name.strip(), password)
        if result.user is not None:
            st.session_state[USER_KEY] = result.user
            st.rerun()
        elif result.reason == "locked":
            until = result.locked_until.strftime("%H:%M") if result.locked_until else "–"
            st.error(t("login_locked", until=until))
        else:
            st.error(t("login_wrong"))


def sidebar_user() -> None:
    """Who is logged in, and the logout button."""
    if kiosk():
        st.caption(t("kiosk_note"))
        return
    user = st.session_state.get(USER_KEY)
    if user is None:
        return
    st.caption(t("login_as", name=user.name, role=t(f"role_{user.role}")))
    if st.button(t("logout"), key="logout"):
        st.session_state.pop(USER_KEY, None)
        st.rerun()
