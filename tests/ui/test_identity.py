"""Who is using the app (ui.identity), in AppTest: without sign-in, a display name asked once per session,
shown literally and marked "not verified"; with sign-in configured (an ``[auth]`` section in the secrets),
the provider's name and e-mail through ``AppTest.user`` — Streamlit's own seam for ``st.user``, no patching.
The real sign-in against an OpenID Connect provider is tests/browser/test_sign_in.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui.components.text import md

HOSTILE = ["<img src=x onerror=alert(1)>", '=HYPERLINK("x")', "**bold** [link](http://evil.example) $x$"]
AUTH: dict[str, Any] = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-string-for-tests-only",
    "client_id": "appraisal",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _script() -> None:
    import streamlit as st

    from ui.identity import can_change, current_actor, identity_sidebar, refusal_text, require_actor, sign_in_configured

    identity_sidebar()
    st.text(f"configured: {sign_in_configured()}")
    actor = require_actor("save this weight set")
    if actor is not None:
        st.text(f"actor: {actor.label}")
        st.button("Save", key="save")
    st.text(f"may remove: {can_change(['ann@council.gov.uk'], 'remove')}")
    st.text(f"refusal: {refusal_text(['ann@council.gov.uk'], 'remove')}")
    st.text(f"current: {current_actor()!r}")


def _app(secrets: dict[str, Any] | None = None, user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    if secrets:
        at.secrets.update(secrets)
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> dict[str, str]:
    return {k: v.strip() for k, _, v in (t.value.partition(":") for t in at.text)}


def _sidebar_markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.sidebar.markdown]


def _set_name(at: AppTest, name: str, key: str = "identity_sidebar_name_box", button: str = "Set name") -> None:
    at.text_input(key=key).input(name)
    next(b for b in at.button if b.label == button).click()
    at.run()
    assert not at.exception, at.exception


def test_without_sign_in_the_name_is_asked_in_the_sidebar_and_inline() -> None:
    at = _app()
    texts = _texts(at)
    assert texts["configured"] == "False"
    assert texts["current"] == "None"
    assert texts["may remove"] == "True", "without sign-in everyone may do everything, as before"
    assert texts["refusal"] == ""
    assert "actor" not in texts and not [b for b in at.button if b.key == "save"]
    labels = [t.label for t in at.text_input]
    assert labels.count("Your name") == 2, "one box in the sidebar, one in place of the action"
    assert [t.label for t in at.sidebar.text_input] == ["Your name"]
    assert any("not verified" in m.value and "save this weight set" in m.value for m in at.markdown)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_name_is_asked_once_per_session_and_shown_literally(name: str) -> None:
    at = _app()
    _set_name(at, name)
    assert f"You are: **{md(name)}** (not verified)" in _sidebar_markdown(at)
    assert not any(re.search(r"(?<!\\)<", m) for m in _sidebar_markdown(at)), "never raw HTML"
    assert _texts(at)["actor"] == f"{name} (not verified)"
    assert not at.text_input, "no more asking once the name is given"
    for _ in range(2):  # later runs of the session: still known, never asked again
        at.run()
        assert not at.text_input and _texts(at)["actor"] == f"{name} (not verified)"
    assert [b.label for b in at.sidebar.button] == ["Change name"]


def test_the_inline_prompt_records_the_name_for_the_session() -> None:
    at = _app()
    box = next(t for t in at.main.text_input if t.label == "Your name")
    _set_name(at, "  Cllr   Able ", key=box.key, button="Use this name")
    assert _texts(at)["actor"] == "Cllr Able (not verified)"
    assert "You are: **Cllr Able** (not verified)" in _sidebar_markdown(at)
    assert [b.key for b in at.button if b.key == "save"] == ["save"]


def test_change_name_shows_the_box_again_with_the_name_in_it() -> None:
    at = _app()
    _set_name(at, "Ann")
    at.sidebar.button[0].click()
    at.run()
    box = at.text_input(key="identity_sidebar_name_box")
    assert box.value == "Ann"
    _set_name(at, "Ann Smith")
    assert _texts(at)["actor"] == "Ann Smith (not verified)"


@pytest.mark.parametrize(("typed", "message"), [
    ("Ann\x1b[31m", "contains a control character"),
    ("   ", "Please type your name"),
])
def test_a_bad_name_is_refused_with_a_message(typed: str, message: str) -> None:
    at = _app()
    _set_name(at, typed)
    assert at.error and message in at.error[0].value.replace("\\", "")
    assert _texts(at)["current"] == "None"
    _set_name(at, "Ann")
    assert not at.error and _texts(at)["actor"] == "Ann (not verified)"


def test_configured_but_not_signed_in_offers_sign_in_and_refuses_changes() -> None:
    at = _app({"auth": AUTH}, user={"is_logged_in": False})
    texts = _texts(at)
    assert texts["configured"] == "True"
    assert texts["current"] == "None"
    assert texts["may remove"] == "False"
    assert texts["refusal"].replace("\\", "").startswith("Only the case's editors can remove a weight set. Sign in")
    assert not at.text_input, "where sign-in is configured a typed name does not count"
    assert [b.label for b in at.sidebar.button] == ["Sign in"]
    assert [b.label for b in at.main.button] == ["Sign in"]
    assert any("Sign in with your council account to save this weight set" in i.value for i in at.info)


def test_signed_in_editor_and_non_editor() -> None:
    at = _app({"auth": AUTH}, user={"is_logged_in": True, "name": "Ann Smith", "email": "Ann@Council.gov.uk"})
    texts = _texts(at)
    assert texts["actor"] == "Ann Smith (Ann@Council.gov.uk)"
    assert texts["may remove"] == "True" and texts["refusal"] == ""
    assert "Signed in as **Ann Smith** (Ann@Council\\.gov\\.uk)".replace("@", "@\u2060") in _sidebar_markdown(at)
    assert [b.label for b in at.sidebar.button] == ["Sign out"]

    at = _app({"auth": AUTH}, user={"is_logged_in": True, "name": "Bob <b>Jones</b>", "email": "bob@council.gov.uk"})
    texts = _texts(at)
    assert texts["may remove"] == "False"
    refusal = texts["refusal"].replace("\\", "").replace("\u2060", "")
    assert refusal.startswith("Only the case's editors can remove a weight set. You are signed in as Bob <b>Jones</b>")
    assert "ask the case's editor (ann@council.gov.uk)" in refusal
    assert any(m.startswith("Signed in as **Bob \\<b\\>Jones\\</b\\>**") for m in _sidebar_markdown(at))


def test_sign_out_leaves_the_session_signed_out() -> None:
    at = _app({"auth": AUTH}, user={"is_logged_in": True, "name": "Ann Smith", "email": "ann@council.gov.uk"})
    at.button(key="identity_sign_out").click()
    at.run()
    assert _texts(at)["current"] == "None"
    assert [b.label for b in at.sidebar.button] == ["Sign in"]


@pytest.mark.parametrize(("claims", "label"), [
    ({"preferred_username": "ann@council.onmicrosoft.com"}, "ann@council.onmicrosoft.com (ann@council.onmicrosoft.com)"),
    ({"given_name": "Ann", "family_name": "Smith", "email": "ann@council.gov.uk"}, "Ann Smith (ann@council.gov.uk)"),
    ({"name": "Ann\nSmith" + "x" * 300, "email": "ann@council.gov.uk", "email_verified": False}, "Ann Smith" + "x" * 191),
    ({"sub": "abc123"}, "abc123"),
])
def test_a_providers_claims_make_a_tidy_actor(claims: dict[str, Any], label: str) -> None:
    at = _app({"auth": AUTH}, user={"is_logged_in": True, **claims})
    assert _texts(at)["actor"] == label


@pytest.mark.parametrize(("auth", "configured"), [
    ({}, False),
    ({**AUTH, "cookie_secret": ""}, False),
    ({k: v for k, v in AUTH.items() if k != "server_metadata_url"}, False),
    ({"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x" * 32,
      "microsoft": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}}, True),
    ({"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x" * 32,
      "my_idp": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}}, False),
])
def test_sign_in_is_configured_only_with_what_st_login_needs(auth: dict[str, Any], configured: bool) -> None:
    at = _app({"auth": auth, "other": 1})
    assert _texts(at)["configured"] == str(configured)
