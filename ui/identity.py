"""Who is using the app: a person signed in through the council's identity provider (Streamlit's own
``st.login``, OpenID Connect — Microsoft Entra ID, Google Workspace…), or, where sign-in is not
configured, a display name typed once per session and recorded as "not verified".

Sign-in is configured by an ``[auth]`` section in ``.streamlit/secrets.toml`` (docs/sign-in.md;
``.streamlit/secrets.toml.example``). Who may do what is :mod:`appraisal.case.access`; this module
supplies the current person and draws the sidebar's "who you are", the inline name prompt and the
"Sign in" button. Every name shown here is user text, escaped with :func:`md`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from appraisal.case.access import clean_display_name, may_change, provider_name, refusal
from appraisal.case.changes import Actor
from ui.components.text import md, note

AUTH_SECTION = "auth"
SHARED_KEYS = ("redirect_uri", "cookie_secret")               # every provider needs these in [auth]
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
NAME_KEY = "identity_name"                 # this session's display name (sign-in not configured)
_PROBLEM_KEY = "_identity_name_problem"    # {prompt key: the sentence refusing what was typed}
_EDITING_KEY = "_identity_editing"         # the sidebar shows the name box again ("Change")


# Configuration. -------------------------------------------------------------------------------------
def _auth_section() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get(AUTH_SECTION)
    except Exception:  # no secrets file at all: Streamlit raises rather than returning None
        return None
    return section if isinstance(section, Mapping) else None


def _has(section: Mapping[str, Any], keys: Sequence[str]) -> bool:
    return all(str(section.get(k) or "").strip() for k in keys)


def login_provider() -> str | None:
    """The provider ``st.login`` should use: '' for the one configured in ``[auth]`` itself, a name for
    the first ``[auth.<name>]`` section, None when sign-in is not (completely) configured."""
    section = _auth_section()
    if section is None or not _has(section, SHARED_KEYS):
        return None
    if _has(section, PROVIDER_KEYS):
        return ""
    for name, sub in section.items():
        if isinstance(sub, Mapping) and "_" not in str(name) and _has(sub, PROVIDER_KEYS):
            return str(name)
    return None


def sign_in_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` has an ``[auth]`` section with everything ``st.login`` needs
    (redirect_uri, cookie_secret, and client_id, client_secret, server_metadata_url in it or in one
    ``[auth.<provider>]``). Never raises, with or without a secrets file."""
    return login_provider() is not None


def _sign_in() -> None:
    provider = login_provider()
    if provider is not None:
        st.login(provider or None)


# Who. -------------------------------------------------------------------------------------------------
def _user() -> Mapping[str, Any]:
    try:
        return st.user.to_dict()
    except Exception:
        return {}


def _signed_in(user: Mapping[str, Any]) -> Actor:
    """The actor from the identity token's claims. Microsoft Entra ID may send no ``email`` (an account
    without a mailbox): its ``preferred_username`` (the sign-in address) stands in. An address the
    provider says is not verified (``email_verified`` false) is not used for the editors list."""
    email = str(user.get("email") or "").strip()
    preferred = str(user.get("preferred_username") or "").strip()
    if not email and "@" in preferred:
        email = preferred
    if user.get("email_verified") is False:
        email = ""
    given = " ".join(str(user.get(k) or "") for k in ("given_name", "family_name"))
    name = next((provider_name(n) for n in (user.get("name"), given, preferred, email, user.get("sub"))
                 if provider_name(n)), "Signed-in user")
    return Actor(name, provider_name(email) or None, verified=True)


def current_actor() -> Actor | None:
    """The person using this session: signed in (name and e-mail from the provider, verified), else the
    display name given in this session (not verified), else None. Where sign-in is configured, a
    visitor who has not signed in is None: a typed name does not count there."""
    if sign_in_configured():
        user = _user()
        return _signed_in(user) if user.get("is_logged_in") else None
    name = st.session_state.get(NAME_KEY)
    return Actor(str(name)) if name else None


def can_change(editors: Sequence[str], route: str) -> bool:
    """Whether the current person may take ``route`` on a case with this editors list."""
    return may_change(current_actor(), editors, route, sign_in_configured())


def refusal_text(editors: Sequence[str], route: str) -> str:
    """The sentence refusing ``route`` to the current person ('' when allowed), escaped for Markdown."""
    return md(refusal(route, current_actor(), editors, sign_in_configured()))


# Asking for a name. -------------------------------------------------------------------------------------
def _save_name(box_key: str, prompt_key: str) -> None:
    problems = st.session_state.setdefault(_PROBLEM_KEY, {})
    try:
        st.session_state[NAME_KEY] = clean_display_name(st.session_state.get(box_key, ""))
    except ValueError as exc:
        problems[prompt_key] = str(exc)
        return
    problems.pop(prompt_key, None)
    st.session_state[_EDITING_KEY] = False


def _name_form(key: str, label: str, button: str, help_text: str) -> None:
    box = f"{key}_box"
    with st.form(key, border=False, enter_to_submit=True):
        st.text_input(label, key=box, max_chars=200, help=help_text, value=st.session_state.get(NAME_KEY) or "")
        st.form_submit_button(button, on_click=_save_name, args=(box, key))
    problem = st.session_state.get(_PROBLEM_KEY, {}).get(key)
    if problem:
        st.error(md(problem), icon=":material/error:")


def _sign_in_button(key: str, purpose: str = "") -> None:
    if purpose:
        st.info(f"Sign in with your council account to {md(purpose)}.", icon=":material/login:")
    st.button("Sign in", key=key, icon=":material/login:", on_click=_sign_in)


def require_actor(purpose: str, *, key: str | None = None) -> Actor | None:
    """The current person, or — when there is none yet — a prompt in place: the display name box (sign-in
    not configured; the name is kept for the session) or a "Sign in" button (sign-in configured). Returns
    None while nobody is known; call it before drawing the action's button and draw the button only
    when it returns an actor. ``purpose`` finishes "… to …" (e.g. "save this weight set")."""
    actor = current_actor()
    if actor is not None:
        return actor
    key = key or "identity_ask_" + hashlib.sha1(purpose.encode()).hexdigest()[:10]
    if sign_in_configured():
        _sign_in_button(f"{key}_sign_in", purpose)
        return None
    st.markdown(f"Your name is recorded with the change (not verified). Type it to {md(purpose)}.")
    _name_form(key, "Your name", "Use this name", "Kept for this session only; recorded as not verified.")
    return None


# The sidebar. -----------------------------------------------------------------------------------------
def _edit_name() -> None:
    st.session_state[_EDITING_KEY] = True


def identity_sidebar() -> None:
    """Who you are, in the sidebar: "Signed in as Ann Smith (ann@…)" and Sign out, or a Sign in button
    (sign-in configured); "You are: Ann (not verified)" and Change, or the name box (not configured)."""
    with st.sidebar:
        actor = current_actor()
        if sign_in_configured():
            if actor is not None:
                who = f"**{md(actor.name)}**" + (f" ({md(actor.email)})" if actor.email else "")
                st.markdown(f"Signed in as {who}")
                # A callback, so the whole run that follows sees the session signed out.
                st.button("Sign out", key="identity_sign_out", icon=":material/logout:", on_click=st.logout)
            else:
                note("Sign in with your council account to change a case or save your own weight set.")
                _sign_in_button("identity_sign_in")
            return
        if actor is not None and not st.session_state.get(_EDITING_KEY):
            st.markdown(f"You are: **{md(actor.name)}** (not verified)")
            st.button("Change name", key="identity_change", on_click=_edit_name, type="tertiary")
            return
        _name_form("identity_sidebar_name", "Your name", "Set name",
                   "Recorded with the changes you make in this session; not verified.")
