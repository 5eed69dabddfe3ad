"""Who may do what to a case: the one rule, pure (no Streamlit, no store).

Three situations (docs/sign-in.md says the same to a council):

* **Sign-in not configured** (no ``[auth]`` in ``.streamlit/secrets.toml``): everyone may do everything,
  as before sign-in existed. A change is recorded with the display name typed into the session,
  marked "not verified".
* **Sign-in configured, the case has no editors list**: any signed-in person may change the case.
* **Sign-in configured, the case has an editors list** (e-mail addresses): only a signed-in person
  whose e-mail is in the list (case ignored) may take an editor-only route; every signed-in person may
  still save their own weight set (``save-as``, ``elicitation``).

Viewing and submitting workshop weights (a participant joins with the workshop's code) never need
sign-in. A visitor who is not signed in, where sign-in is configured, may do nothing else.

Routes are :data:`appraisal.case.changes.ROUTES` (how a version came about) plus the two actions that
are not changes: :data:`VIEW` and :data:`WORKSHOP_SUBMIT`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from appraisal.case.changes import ROUTES, Actor
from appraisal.case.types import NAME_CONTROL
from appraisal.errors import shorten, visible

# Actions that are not changes to the case: open to anyone, signed in or not.
VIEW = "view"
WORKSHOP_SUBMIT = "workshop-submit"
ANYONE: frozenset[str] = frozenset({VIEW, WORKSHOP_SUBMIT})

# A person's own weight set, saved under their name: open to every signed-in (or, without sign-in,
# named) person. Elicitation builds one person's weights from their own judgements, so it counts.
OWN_SET_ROUTES: frozenset[str] = frozenset({"save-as", "elicitation"})

# Everything that speaks for the case or alters what is already in it: editors only. "import" (a new
# case from a file) and "seed" (the shipped samples) are here too; a new case has no editors yet, so
# with an empty list any signed-in person may open one.
EDITOR_ONLY_ROUTES: frozenset[str] = frozenset(ROUTES) - OWN_SET_ROUTES

# What each route does, for the sentence that refuses it ("Only the case's editors can …").
ACTIONS: dict[str, str] = {
    "import": "open a new case from a file",
    "seed": "load the sample cases",
    "case-data": "change the case data",
    "reimport": "re-import the case file",
    "restore": "restore an old version",
    "save-as": "save a weight set",
    "consensus": "save a consensus of weight sets",
    "elicitation": "save a weight set built by elicitation",
    "consensus-path": "save a weight set from the path between the cabinets",
    "adopt": "adopt a workshop result",
    "rename": "rename a weight set",
    "remove": "remove a weight set",
    "snapshot": "restore weight sets from a snapshot",
}

MAX_DISPLAY_NAME = 200   # the case's Name limit (appraisal.case.types.Name)
_EDITORS_SHOWN = 3


def _known(route: str) -> None:
    if route not in ROUTES and route not in ANYONE:
        raise ValueError(f"unknown route {route!r}: expected one of {sorted({*ROUTES, *ANYONE})}")


def email_key(email: str) -> str:
    """What makes two e-mail addresses the same for the editors list: spacing and case ignored."""
    return str(email or "").strip().casefold()


def editor_keys(editors: Iterable[str]) -> frozenset[str]:
    """The editors list as comparable keys (blank entries dropped)."""
    return frozenset(k for k in (email_key(e) for e in editors or ()) if k)


def is_editor(actor: Actor | None, editors: Iterable[str]) -> bool:
    """Whether ``actor`` is a signed-in person whose e-mail is in ``editors`` (case ignored)."""
    if actor is None or not actor.verified or not actor.email:
        return False
    return email_key(actor.email) in editor_keys(editors)


def may_change(actor: Actor | None, editors: Sequence[str], route: str, sign_in_configured: bool) -> bool:
    """Whether ``actor`` may take ``route`` on a case whose editors list is ``editors``.

    ``actor`` None: nobody signed in and no display name given. Without sign-in configured everyone may
    do everything (the app asks for a display name before recording a change). With sign-in configured
    only a signed-in (``verified``) actor may change anything; an editor-only route needs an empty
    editors list or the actor's e-mail in it. Raises ValueError for a route that does not exist.
    """
    _known(route)
    if route in ANYONE or not sign_in_configured:
        return True
    if actor is None or not actor.verified:
        return False
    if route in OWN_SET_ROUTES:
        return True
    keys = editor_keys(editors)
    return not keys or is_editor(actor, editors)


def _editors_phrase(editors: Sequence[str]) -> str:
    shown = [str(e).strip() for e in editors if str(e).strip()]
    if not shown:
        return "the person who looks after this case"
    if len(shown) > _EDITORS_SHOWN:
        more = len(shown) - _EDITORS_SHOWN
        return f"one of the case's editors ({', '.join(shown[:_EDITORS_SHOWN])} and {more} more)"
    if len(shown) == 1:
        return f"the case's editor ({shown[0]})"
    return f"one of the case's editors ({', '.join(shown[:-1])} or {shown[-1]})"


def refusal(route: str, actor: Actor | None = None, editors: Sequence[str] = (), sign_in_configured: bool = True) -> str:
    """The plain sentence shown instead of a refused action's button ('' when it is allowed).

    It carries names and e-mail addresses people typed or their provider sent: escape it before
    Markdown (``ui.components.text.md``).
    """
    if may_change(actor, editors, route, sign_in_configured):
        return ""
    what = ACTIONS.get(route, route)
    signed_in = actor is not None and actor.verified
    if not signed_in:
        if route in OWN_SET_ROUTES or not editor_keys(editors):
            return f"Sign in with your council account to {what}. Without signing in you can view the case and " \
                   "submit weights in a workshop."
        return f"Only the case's editors can {what}. Sign in with your council account; if you are not one of " \
               f"its editors, ask {_editors_phrase(editors)}."
    assert actor is not None
    who = actor.label if actor.email else f"{actor.name} (your account sent no e-mail address)"
    return f"Only the case's editors can {what}. You are signed in as {who}; ask {_editors_phrase(editors)} " \
           "to add you to the editors or to do it for you. You can still save your own weight set."


def clean_display_name(text: str) -> str:
    """A display name typed into a session, made one tidy line: spacing collapsed, at most
    :data:`MAX_DISPLAY_NAME` characters. Raises ValueError with the sentence to show when it is empty,
    too long or has a control character (the same rules as a name in the case)."""
    raw = str(text or "")
    found = NAME_CONTROL.search(raw)
    if found:
        raise ValueError(f"The name '{shorten(visible(raw))}' contains a control character ({visible(found.group())}): "
                         "a name is one line of plain text. Delete it and try again.")
    name = " ".join(raw.split())
    if not name:
        raise ValueError("Please type your name: it is recorded with every change you make.")
    if len(name) > MAX_DISPLAY_NAME:
        raise ValueError(f"The name is {len(name)} characters long; at most {MAX_DISPLAY_NAME} fit. Shorten it.")
    return name


def provider_name(text: object, limit: int = MAX_DISPLAY_NAME) -> str:
    """A name from the identity provider, made one line (control characters become spaces) and capped:
    unlike a typed name it cannot be refused, only tidied."""
    return " ".join(NAME_CONTROL.sub(" ", str(text or "")).split())[:limit].strip()
