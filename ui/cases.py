"""Which case is open, and the one way the app changes it: cases live in the store's case library.

The address says which case (``?case=<id>``, and ``&v=<version>`` for an older one, read-only), so the
projector, a phone and the chair's laptop open the same case from a link; without it a page shows the
case this session last used, else the one changed most recently. Every change — an edit, a weight set
from any route, a re-import, a restore — goes through :func:`apply_change`, which the library writes as
a new version with its audit entry in one transaction. Slider edits stay in this session until saved.
When the store cannot be reached the shipped sample cases are shown read-only, and the page says so.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from appraisal.case.access import refusal
from appraisal.case.changes import Actor, AddWeightSet, Change, ReplaceCase
from appraisal.case.model import Case, WeightSet
from appraisal.errors import CaseError
from appraisal.fmt import uk_time
from appraisal.formats.load import load_case, load_case_bytes
from appraisal.formats.yaml_file import MAX_CASE_BYTES
from appraisal.report.history import made_from_line
from appraisal.store.errors import StoreError
from appraisal.store.library import CaseLibrary, CaseSummary, CaseVersion
from ui.components.text import md, note
from ui.identity import can_change, current_actor, sign_in_configured
from ui.store import get_store

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CASE = "shared_management_review.yaml"
CASE_KEY = "case_key"            # the picker's widget: a case id in the library
CHOICE_KEY = "case_choice"       # durable copy of the choice (widget values vanish)
PINNED_KEY = "case_pinned"       # {case id: version} — an older version opened read-only (?v=)
SEEN_KEY = "case_seen"           # {case id: version} — the version this session last drew
NOTICE_KEY = "_case_notice"      # a message for the next run ("Saved as version 5.")
RUN_KEY = "_open_case_run"       # (run id, OpenCase): worked out once per run
PICKER_DRAWN_KEY = "_case_picker_drawn"  # the picker's widget exists in this run: its key is read-only now
ANONYMOUS = Actor("Anonymous")
POLL_SECONDS = 2.0
COOKIE = "oas_case"   # the last case this browser opened (no personal data: a case id; 180 days)
REMEMBER_CASE_SCRIPT = (
    "<script>(() => { const id = new URLSearchParams(window.location.search).get('case');"
    " if (id && /^[a-z0-9_]{1,64}$/.test(id)) {"
    " document.cookie = 'oas_case=' + id + '; path=/; max-age=15552000; SameSite=Lax'; } })();</script>"
)


# Shipped sample cases (seeded into the library on first start). ----------------------------------
def shipped_cases() -> dict[str, Path]:
    """Shipped case files by library id (the file's stem), the default first."""
    return dict(_shipped_cases(DATA_DIR.stat().st_mtime_ns))


@functools.lru_cache(maxsize=4)
def _shipped_cases(folder_version: int) -> tuple[tuple[str, Path], ...]:
    del folder_version  # the cache key only
    files = sorted(DATA_DIR.glob("*.yaml"), key=lambda p: (p.name != DEFAULT_CASE, p.name))
    return tuple((p.stem, p) for p in files)


@st.cache_data(show_spinner=False)
def _load_shipped(path: str, mtime: float) -> Case:
    del mtime  # part of the cache key only
    return load_case(path)


def shipped_case(case_id: str) -> Case:
    path = shipped_cases()[case_id]
    return _load_shipped(str(path), path.stat().st_mtime)


_SEEDED: set[tuple[str, tuple[str, ...]]] = set()
_SEED_LOCK = threading.Lock()


def library() -> CaseLibrary:
    """The store's case library, with the shipped sample cases in it (once per process and store)."""
    lib = CaseLibrary(get_store())
    marker = (lib.store.url, tuple(shipped_cases()))
    if marker not in _SEEDED:
        with _SEED_LOCK:
            if marker not in _SEEDED:
                # The default case is created last, so on a new store it is the most recently changed one,
                # which a first visit opens.
                lib.seed({case_id: shipped_case(case_id) for case_id in reversed(shipped_cases())})
                _SEEDED.add(marker)
    return lib


# The open case. ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OpenCase:
    """What this run shows: the case, its version, whether it is the latest, and whether it can be saved."""

    case_id: str
    version: CaseVersion | None     # None: the store is unavailable (a shipped case, read-only)
    head: int
    problem: str | None = None      # why nothing can be saved (the store's own words)
    summaries: tuple[CaseSummary, ...] = ()  # the library's cases as this run read them (the picker lists them)

    @property
    def summary(self) -> CaseSummary | None:
        return next((s for s in self.summaries if s.id == self.case_id), None)

    @property
    def case(self) -> Case:
        return self.version.case if self.version else shipped_case(self.case_id)

    @property
    def number(self) -> int:
        return self.version.version if self.version else 0

    @property
    def is_latest(self) -> bool:
        return self.version is not None and self.version.version == self.head

    @property
    def read_only(self) -> bool:
        return not self.is_latest


def _summaries() -> list[CaseSummary]:
    return library().list_cases()


def _query(name: str) -> str | None:
    value = st.query_params.get(name)
    return str(value) if value else None


def _choose_id(known: list[str]) -> str:
    """The address first, then this session's choice, then the last case this browser opened (a
    cookie), then the most recently changed case."""
    wanted = _query("case")
    if wanted in known:
        return str(wanted)
    for candidate in (st.session_state.get(CASE_KEY), st.session_state.get(CHOICE_KEY), _device_case()):
        if candidate in known:
            return str(candidate)
    return known[0]


def _device_case() -> str | None:
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind this run (AppTest, bare mode)
        return None


def _remember_on_device(case_id: str) -> None:
    """Remember the open case on this browser (a cookie), so a page opened without ``?case=`` shows it.
    The script is constant: it copies the address's ``case`` (the server has just set it) if it is an id."""
    # The browser sends cookies with the page's first request only, so this session remembers what it set.
    if st.session_state.get("_cookie_case", _device_case()) == case_id:
        return
    st.session_state["_cookie_case"] = case_id
    st.html(REMEMBER_CASE_SCRIPT, unsafe_allow_javascript=True, width="content")


def _pinned_version(case_id: str, head: int) -> int | None:
    """An older version asked for by the address (``&v=``) or kept for this session."""
    asked = _query("v")
    pins = st.session_state.setdefault(PINNED_KEY, {})
    if asked and _query("case") == case_id:
        try:
            pins[case_id] = int(asked)
        except ValueError:
            pins.pop(case_id, None)
    version = pins.get(case_id)
    if version is None or not 1 <= version < head:
        pins.pop(case_id, None)
        return None
    return int(version)


def open_case() -> OpenCase:
    """The case this run shows (worked out once per run: the picker, every page and the poll share it)."""
    run_cache = st.session_state.get(RUN_KEY)
    if run_cache is not None and (run_cache[0] is _run_id() or _fragment_run()):
        return run_cache[1]  # a fragment (a slider move) redraws the case its page drew: no store read
    try:
        summaries = _summaries()
        known = [s.id for s in summaries]
        case_id = _choose_id(known)
        head = next(s.head_version for s in summaries if s.id == case_id)
        version = library().get(case_id, _pinned_version(case_id, head))
        opened = OpenCase(case_id, version, head, summaries=tuple(summaries))
    except StoreError as exc:
        known = list(shipped_cases())
        case_id = _choose_id(known)
        opened = OpenCase(case_id, None, 0, problem=str(exc))
    st.session_state[CHOICE_KEY] = opened.case_id
    if st.session_state.get(CASE_KEY) != opened.case_id and st.session_state.get(PICKER_DRAWN_KEY) is not _run_id():
        st.session_state[CASE_KEY] = opened.case_id  # only before the picker is drawn in this run
    st.session_state.setdefault(SEEN_KEY, {})[opened.case_id] = opened.head
    _set_address(opened)
    st.session_state[RUN_KEY] = (_run_id(), opened)
    return opened


def _fragment_run() -> bool:
    """Whether this run redraws fragments only (a slider move on a live page, the 2 s poll)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _run_id() -> object:
    """An object new with every script run: the run context's widget cursors (Streamlit makes a new dict
    on each run), compared by identity."""
    ctx = get_script_run_ctx()
    return ctx.cursors if ctx is not None else object()


def _set_address(opened: OpenCase) -> None:
    """Keep ``?case=`` (and ``&v=`` when an older version is open) in the address bar; other parameters
    (a workshop's ``code``, presentation mode) stay as they are."""
    wanted = {"case": opened.case_id}
    if opened.version is not None and not opened.is_latest:
        wanted["v"] = str(opened.number)
    for name in ("case", "v"):
        value = wanted.get(name)
        if value is None and name in st.query_params:
            del st.query_params[name]
        elif value is not None and st.query_params.get(name) != value:
            st.query_params[name] = value


def current_case_key() -> str:
    """The open case's id in the library (snapshots, workshops and slider edits are kept under it)."""
    return open_case().case_id


def current_case() -> Case:
    """The open case: the version the address names, else the latest."""
    return open_case().case


# Changing the case: the one way. ---------------------------------------------------------------------
class ChangeRefused(Exception):
    """A change this person may not make, or one made on an older version open read-only."""


def actor() -> Actor:
    """Who is changing the case: the signed-in person, else this session's display name, else Anonymous."""
    return current_actor() or ANONYMOUS


def apply_change(change: Change, reason: str = "", base_version: int | None = None) -> CaseVersion:
    """Write ``change`` as the open case's next version (with its audit entry, in one transaction).

    ``base_version``: the version the change was made on (default: the one on screen). Raises
    :class:`ChangeRefused`, :class:`StoreError` (e.g. ``StaleVersion``, naming who changed the case since)
    or :class:`CaseError` — each a sentence to show.
    """
    opened = open_case()
    if opened.version is None:
        raise ChangeRefused(f"Nothing can be saved while the store is unavailable: {opened.problem}")
    if not opened.is_latest:
        raise ChangeRefused(f"You are looking at version {opened.number}, an older version, which cannot be "
                            "changed. Open the latest version, or restore this one first.")
    editors = opened.summary.editors if opened.summary else ()
    if not can_change(editors, change.route):
        raise ChangeRefused(refusal(change.route, current_actor(), editors, sign_in_configured()))
    saved = library().apply(opened.case_id, change, opened.number if base_version is None else base_version,
                            actor(), reason)
    st.session_state.setdefault(SEEN_KEY, {})[opened.case_id] = saved.version
    st.session_state.pop(RUN_KEY, None)
    return saved


def add_weight_set(weight_set: WeightSet, route: str = "save-as", reason: str = "") -> CaseVersion:
    """Add a named weight set to the open case as a new version (consensus, elicited, path, adopted…)."""
    return apply_change(AddWeightSet(route, weight_set), reason)


def replace_current(case: Case, route: str = "case-data", reason: str = "", base_version: int | None = None,
                    what: str = "") -> CaseVersion:
    """Save an edited whole case as the next version (refused if the case changed since ``base_version``)."""
    return apply_change(ReplaceCase(route, case, what), reason, base_version)


def made_from() -> str | None:
    """The line a committee pack or briefing carries: which case and version it was made from."""
    opened = open_case()
    return made_from_line(opened.case_id, opened.number, opened.head) if opened.version is not None else None


def saved_message(saved: CaseVersion) -> str:
    """'saved as version 5 (added weight set “X”).' — plain text: the page escapes it."""
    return f"saved as version {saved.version} ({saved.summary})."


def change_problem(exc: Exception) -> str:
    """The sentence for a change that did not happen (Markdown-safe)."""
    text = exc.message if isinstance(exc, CaseError) else str(exc)
    return md(text)


# Opening files. --------------------------------------------------------------------------------------
def add_upload(name: str, data: bytes) -> CaseError | None:
    """Validate an uploaded case (YAML, or a workbook by its .xlsx name) and keep it in the library as
    a new case, then open it; a file with problems changes nothing. The same file opened again opens the
    case it made (at its latest version), not a copy."""
    try:
        case = load_case_bytes(data, name)
    except CaseError as exc:
        return exc
    lib = library()
    case_id = lib.find_first_saved(case)
    if case_id is None:
        case_id = lib.create(case, actor(), route="import", reason=f"opened from the file {name}"[:300]).case_id
    choose_case(case_id)
    st.session_state.setdefault(PINNED_KEY, {}).pop(case_id, None)
    st.session_state[NOTICE_KEY] = f"Opened **{md(case.title)}** and kept it in the shared case library."
    return None


def _on_upload() -> None:
    """Runs before the rerun, so it may switch the picker to the newly opened case."""
    upload = st.session_state.get("case_upload")
    if upload is None:
        st.session_state["_upload_error"] = None
        return
    try:
        error = add_upload(upload.name, upload.getvalue())
    except StoreError as exc:
        st.session_state["_upload_error"] = (upload.name, f"it could not be kept in the store: {exc}")
        return
    st.session_state["_upload_error"] = (upload.name, error.message) if error else None


def choose_case(case_id: str) -> None:
    """Open another case of the library (a callback: the address follows on the next run)."""
    st.session_state[CHOICE_KEY] = st.session_state[CASE_KEY] = case_id
    st.session_state.pop(RUN_KEY, None)
    _forget_address()


def _on_pick() -> None:
    choose_case(st.session_state[CASE_KEY])


def _forget_address() -> None:
    """The address no longer decides (the person chose another case or version here)."""
    for name in ("case", "v"):
        if name in st.query_params:
            del st.query_params[name]


def open_version(case_id: str, version: int | None) -> None:
    """Open an older version read-only (None: back to the latest). A callback."""
    pins = st.session_state.setdefault(PINNED_KEY, {})
    if version is None:
        pins.pop(case_id, None)
    else:
        pins[case_id] = int(version)
    _forget_address()
    st.session_state.pop(RUN_KEY, None)


def case_picker(watch: bool = True) -> None:
    """Sidebar: the cases in the library (title, last change, by whom), and opening a file. ``watch``:
    redraw the page when another device saves a newer version (off on pages that redraw themselves)."""
    opened = open_case()
    if opened.version is None:
        options = {case_id: shipped_case(case_id).title for case_id in shipped_cases()}
        st.sidebar.warning(f"The shared store is unavailable, so the sample cases are shown read-only and nothing "
                           f"is saved: {md(opened.problem or '')}", icon=":material/cloud_off:")
        summaries: dict[str, CaseSummary] = {}
    else:
        summaries = {s.id: s for s in opened.summaries}
        titles = [s.title for s in summaries.values()]
        # Title, last change and by whom; two cases with one title (two councils' "case.yaml") are told
        # apart by their ids.
        options = {case_id: s.title + (f" ({case_id})" if titles.count(s.title) > 1 else "")
                   + f" · {uk_time(s.updated_at)}, {s.updated_by}" for case_id, s in summaries.items()}
    st.sidebar.selectbox("Case", list(options), format_func=lambda k: options.get(k, k), key=CASE_KEY,
                         on_change=_on_pick)
    st.session_state[PICKER_DRAWN_KEY] = _run_id()
    summary = summaries.get(opened.case_id)
    if summary is not None:
        with st.sidebar:
            note(f"Version {summary.head_version} · last changed {uk_time(summary.updated_at)} by {summary.updated_by}")
    if opened.version is not None and opened.read_only:
        st.sidebar.info(f"You are looking at **version {opened.number}** of {opened.head}, read-only.",
                        icon=":material/history:")
        st.sidebar.button("Open the latest version", key="case_latest", on_click=open_version,
                          args=(opened.case_id, None))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.sidebar.success(notice, icon=":material/check_circle:")
    limit_mb = MAX_CASE_BYTES // (1024 * 1024)
    st.sidebar.file_uploader(
        f"Open a case file (YAML or Excel .xlsx, up to {limit_mb} MB)",
        type=["yaml", "yml", "xlsx"],
        max_upload_size=limit_mb,
        key="case_upload",
        on_change=_on_upload,
        help="See docs/case-format.md for the format. A file with problems is not opened; "
        "the case already open stays as it is. A file that opens is kept in the shared case library.",
    )
    refused = st.session_state.get("_upload_error")
    if refused:
        name, error_text = refused
        lines = "\n\n".join(md(line) for line in error_text.splitlines())
        still = f"The case open is still **{md(opened.case.title)}**."
        st.sidebar.error(f"**Not opened: {md(name)}** — it has problems:\n\n{lines}\n\n{still}", icon=":material/block:")
        st.error(f"**{md(name)} was not opened.** Each problem, with where to find it:\n\n{lines}\n\n{still}",
                 icon=":material/error:")
        st.button("Dismiss this message", key="upload_error_dismiss", on_click=_dismiss_upload_error)
    if opened.version is not None:
        with st.sidebar:
            if watch:
                watch_for_new_versions()
            _remember_on_device(opened.case_id)


def _dismiss_upload_error() -> None:
    st.session_state["_upload_error"] = None


@st.fragment(run_every=POLL_SECONDS)
def watch_for_new_versions() -> None:
    """Every 2 s: has another device saved a newer version of the open case? Then redraw the page with it
    (not when an older version is open on purpose)."""
    case_id = st.session_state.get(CHOICE_KEY)
    seen = st.session_state.get(SEEN_KEY, {}).get(case_id)
    if not case_id or seen is None or st.session_state.get(PINNED_KEY, {}).get(case_id):
        return
    try:
        head = library().head(case_id)
    except StoreError:
        return
    if head > seen:
        st.session_state.pop(RUN_KEY, None)
        st.rerun(scope="app")
