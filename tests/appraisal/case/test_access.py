"""Who may do what to a case (appraisal.case.access): the one rule, every route, the refusal's sentence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.case.access import (
    ANYONE,
    EDITOR_ONLY_ROUTES,
    MAX_DISPLAY_NAME,
    OWN_SET_ROUTES,
    VIEW,
    WORKSHOP_SUBMIT,
    clean_display_name,
    is_editor,
    may_change,
    provider_name,
    refusal,
)
from appraisal.case.changes import ROUTES, Actor

ANN = Actor("Ann Smith", "Ann.Smith@Council.gov.uk", verified=True)
BOB = Actor("Bob Jones", "bob@council.gov.uk", verified=True)
TYPED = Actor("Ann")                                  # a display name typed into a session
NO_EMAIL = Actor("Cara", None, verified=True)        # signed in, the provider sent no address
EDITORS = ["  ann.smith@council.gov.uk ", "dee@council.gov.uk"]
ALL_ROUTES = sorted({*ROUTES, *ANYONE})


def test_every_route_is_either_editor_only_or_a_persons_own_set() -> None:
    assert set(ROUTES) == EDITOR_ONLY_ROUTES | OWN_SET_ROUTES
    assert not EDITOR_ONLY_ROUTES & OWN_SET_ROUTES
    assert {"save-as", "elicitation"} == OWN_SET_ROUTES
    assert {"case-data", "reimport", "restore", "rename", "remove", "snapshot", "adopt", "consensus",
            "consensus-path"} <= EDITOR_ONLY_ROUTES


@pytest.mark.parametrize("route", ALL_ROUTES)
@pytest.mark.parametrize("actor", [None, TYPED, ANN, BOB, NO_EMAIL])
def test_without_sign_in_everyone_may_do_everything(route: str, actor: Actor | None) -> None:
    assert may_change(actor, EDITORS, route, sign_in_configured=False)
    assert refusal(route, actor, EDITORS, sign_in_configured=False) == ""


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_anyone_may_view_and_submit_workshop_weights(route: str) -> None:
    allowed = may_change(None, EDITORS, route, sign_in_configured=True)
    assert allowed == (route in {VIEW, WORKSHOP_SUBMIT})
    assert may_change(TYPED, EDITORS, route, sign_in_configured=True) == allowed, "a typed name is not a sign-in"


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_signed_in_with_no_editors_list_may_do_everything(route: str) -> None:
    for editors in ([], (), ["", "  "]):
        assert may_change(BOB, editors, route, sign_in_configured=True)
        assert may_change(NO_EMAIL, editors, route, sign_in_configured=True)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_with_an_editors_list_only_editors_take_editor_only_routes(route: str) -> None:
    assert may_change(ANN, EDITORS, route, sign_in_configured=True), "an editor, address in another case"
    own = route in OWN_SET_ROUTES
    assert may_change(BOB, EDITORS, route, sign_in_configured=True) == own
    assert may_change(NO_EMAIL, EDITORS, route, sign_in_configured=True) == own


def test_an_unverified_actor_with_an_editors_address_is_not_an_editor() -> None:
    forged = Actor("Ann Smith", "ann.smith@council.gov.uk", verified=False)
    assert not is_editor(forged, EDITORS)
    assert not may_change(forged, EDITORS, "remove", sign_in_configured=True)
    assert is_editor(ANN, EDITORS) and not is_editor(BOB, EDITORS) and not is_editor(None, EDITORS)


def test_an_unknown_route_is_an_error_not_a_silent_yes() -> None:
    with pytest.raises(ValueError, match="unknown route 'delete'"):
        may_change(ANN, EDITORS, "delete", sign_in_configured=False)


def test_refusal_of_a_signed_in_non_editor_names_them_and_the_editors() -> None:
    text = refusal("remove", BOB, EDITORS, sign_in_configured=True)
    assert text.startswith("Only the case's editors can remove a weight set.")
    assert "You are signed in as Bob Jones (bob@council.gov.uk)" in text
    assert "ann.smith@council.gov.uk or dee@council.gov.uk" in text
    assert "You can still save your own weight set." in text


def test_refusal_without_an_address_and_with_many_editors() -> None:
    many = [f"e{i}@council.gov.uk" for i in range(5)]
    text = refusal("case-data", NO_EMAIL, many, sign_in_configured=True)
    assert "Cara (your account sent no e-mail address)" in text
    assert "(e0@council.gov.uk, e1@council.gov.uk, e2@council.gov.uk and 2 more)" in text
    single = refusal("rename", NO_EMAIL, ["x@council.gov.uk"], sign_in_configured=True)
    assert "ask the case's editor (x@council.gov.uk)" in single


def test_refusal_when_not_signed_in_asks_to_sign_in() -> None:
    own = refusal("save-as", None, EDITORS, sign_in_configured=True)
    assert own.startswith("Sign in with your council account to save a weight set.")
    open_case = refusal("remove", TYPED, [], sign_in_configured=True)
    assert open_case.startswith("Sign in with your council account to remove a weight set.")
    locked = refusal("restore", None, EDITORS, sign_in_configured=True)
    assert locked.startswith("Only the case's editors can restore an old version. Sign in")
    assert refusal("remove", ANN, EDITORS, sign_in_configured=True) == ""


@pytest.mark.parametrize(("typed", "kept"), [
    ("  Ann   Smith ", "Ann Smith"),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ('=HYPERLINK("x")', '=HYPERLINK("x")'),
    ("x" * MAX_DISPLAY_NAME, "x" * MAX_DISPLAY_NAME),
])
def test_display_names_are_kept_as_typed_tidied(typed: str, kept: str) -> None:
    assert clean_display_name(typed) == kept


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Please type your name"),
    ("   ", "Please type your name"),
    ("x" * (MAX_DISPLAY_NAME + 1), "at most 200 fit"),
    ("Ann\nSmith", "contains a control character"),
    ("Ann\x1b[31m", "contains a control character"),
    ("Ann\u2028Smith", "contains a control character"),
])
def test_display_names_refused_with_a_sentence(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        clean_display_name(typed)


@given(st.text(max_size=400))
def test_a_providers_name_is_always_one_capped_line(text: str) -> None:
    name = provider_name(text)
    assert len(name) <= MAX_DISPLAY_NAME
    assert name == name.strip()
    assert not any(c in name for c in "\n\r\t\x00\x1b\u2028\u2029\x85")
