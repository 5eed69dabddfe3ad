"""Issue 17: workshops that can't be stuffed, stores that fail loudly.

Server-issued participant tokens, one name per person, slowed-down and locked-out guessing, the list
of codes for the facilitator only, removing a ballot; a damaged, read-only or full store each refused
with its own message, and every store error logged without weights or keys.
"""

from __future__ import annotations

import logging
import os
import shutil
import time

import pytest
from sqlalchemy import create_engine, event, text

from appraisal.store import repository as repo
from appraisal.store.errors import (
    InvalidInput,
    NotAuthorised,
    StoreDamaged,
    StoreFull,
    StoreReadOnly,
    TooManyAttempts,
    UnknownParticipant,
    WorkshopNotFound,
)
from appraisal.store.keys import new_participant_token, token_hash
from appraisal.store.repository import Store
from tests.postgres import private_schema, schema_url, unavailable_reason
from tests.store_workers import weights_for

from .test_repository import case_data, store, url  # noqa: F401 - fixtures


@pytest.fixture
def workshop(store: Store, case_data: dict):  # noqa: F811
    return store.create_workshop("data:sample", case_data)


# Tokens: issued by the server, bound to the device, never chosen by the client. ----------------
def test_a_made_up_token_creates_no_ballot(store: Store, workshop) -> None:  # noqa: F811
    code, criteria = workshop.workshop.code, workshop.workshop.criterion_ids
    for made_up in (new_participant_token(), "p" * 20, "aaaaaaaaaaaaaaaa"):
        with pytest.raises(UnknownParticipant, match="not issued by this server"):
            store.submit(code, made_up, "breckland", "Stuffer", weights_for(criteria, 1))
    assert store.count(code) == 0
    other = store.create_workshop("data:sample", case_data_of(workshop))
    foreign = store.issue_participant(other.workshop.code)  # issued, but for another workshop
    with pytest.raises(UnknownParticipant):
        store.submit(code, foreign, "breckland", "Stuffer", weights_for(criteria, 1))
    assert store.count(code) == 0


def case_data_of(new) -> dict:
    return new.workshop.case_data


def test_issued_tokens_are_unguessable_and_stored_only_as_hashes(store: Store, workshop) -> None:  # noqa: F811
    code = workshop.workshop.code
    tokens = {store.issue_participant(code, device="10.0.0.5|Phone") for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 32 for t in tokens)
    with store.engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM oas_participants"))]
        blob = " ".join(str(r) for r in conn.execute(text("SELECT * FROM oas_participants")))
    assert sorted(stored) == sorted(token_hash(t) for t in tokens)
    assert not any(t in blob for t in tokens) and "10.0.0.5|Phone" not in blob


def test_a_token_resumes_on_its_own_device_only(store: Store, workshop) -> None:  # noqa: F811
    code, criteria = workshop.workshop.code, workshop.workshop.criterion_ids
    mine = store.issue_participant(code, device="192.168.1.20|Mozilla/5.0 (iPhone)", origin="192.168.1.20")
    store.submit(code, mine, "breckland", "Cllr Able", weights_for(criteria, 1))
    assert store.resume_participant(code, mine, "192.168.1.20|Mozilla/5.0 (iPhone)")
    assert not store.resume_participant(code, mine, "192.168.1.21|Mozilla/5.0 (Android)"), "a copied link elsewhere"
    assert not store.resume_participant(code, mine, ""), "no device description, no resuming"
    assert not store.resume_participant(code, new_participant_token(), "192.168.1.20|Mozilla/5.0 (iPhone)")
    no_device = store.issue_participant(code)
    assert not store.resume_participant(code, no_device, "anything")


def test_the_same_display_name_is_refused_for_someone_else(store: Store, workshop) -> None:  # noqa: F811
    code, criteria = workshop.workshop.code, workshop.workshop.criterion_ids
    first = store.issue_participant(code)
    store.submit(code, first, "breckland", "Cllr Able", weights_for(criteria, 1))
    for same in ("Cllr Able", "cllr  able", "CLLR ABLE", "Cllr\u200b Able", "Ｃｌｌｒ Able"):
        with pytest.raises(InvalidInput, match="already uses the name"):
            store.submit(code, store.issue_participant(code), "south_holland", same, weights_for(criteria, 2))
    store.submit(code, first, "breckland", "cllr able", weights_for(criteria, 3))  # my own revision is fine
    store.submit(code, store.issue_participant(code), "breckland", "Cllr Able B.", weights_for(criteria, 4))
    assert store.count(code) == 2


def test_the_facilitator_sees_where_ballots_came_from_and_can_remove_one(store: Store, workshop) -> None:  # noqa: F811
    code, key, criteria = workshop.workshop.code, workshop.facilitator_key, workshop.workshop.criterion_ids
    for i in range(3):  # one phone reloading three times and voting each time
        t = store.issue_participant(code, device="10.1.1.9|Same phone", origin="10.1.1.9")
        store.submit(code, t, "breckland", f"Sock {i}", weights_for(criteria, i))
    honest = store.issue_participant(code, device="10.1.1.10|Other phone", origin="10.1.1.10")
    store.submit(code, honest, "south_holland", "Honest", weights_for(criteria, 9))
    store.submit(code, honest, "south_holland", "Honest", weights_for(criteria, 8))
    origins = store.ballot_origins(code, key)
    assert [(o.origin, o.places, o.ballots, o.submissions) for o in origins] == [("10.1.1.9", 3, 3, 3), ("10.1.1.10", 1, 1, 2)]
    with pytest.raises(NotAuthorised):
        store.ballot_origins(code, "WRONG-WRONG-WRONG")
    named = store.submissions(code, key)
    sock = next(s for s in named if s.display_name == "Sock 1")
    assert sock.origin == "10.1.1.9" and sock.device and sock.ballot
    assert all(s.ballot == 0 and not s.origin for s in store.submissions(code)), "the shared screen knows nothing of it"
    with pytest.raises(NotAuthorised):
        store.remove_ballot(code, "WRONG-WRONG-WRONG", sock.ballot)
    store.remove_ballot(code, key, sock.ballot, by="Facilitator Jo")
    assert store.count(code) == 3
    trail = store.audit_trail("data:sample")
    assert trail[0].action == "remove ballot" and trail[0].author == "Facilitator Jo" and code in trail[0].reference


def test_codes_are_listed_to_their_facilitator_only(store: Store, workshop, case_data: dict) -> None:  # noqa: F811
    other = store.create_workshop("data:sample", case_data)
    assert store.workshops_for_case("data:sample") == []
    assert store.workshops_for_case("data:sample", {workshop.workshop.code: "WRONG-WRONG-WRONG"}) == []
    mine = store.workshops_for_case("data:sample", {workshop.workshop.code: workshop.facilitator_key})
    assert [w.code for w in mine] == [workshop.workshop.code]
    both = store.workshops_for_case("data:sample", {workshop.workshop.code: workshop.facilitator_key,
                                                    other.workshop.code: other.facilitator_key})
    assert {w.code for w in both} == {workshop.workshop.code, other.workshop.code}


# Guessing: slowed down, then locked out, across servers, and logged. ---------------------------
def test_wrong_codes_are_slowed_then_locked_out_across_servers(url: str, workshop, caplog) -> None:  # noqa: F811
    one, two = Store(url), Store(url)  # two app servers on one store
    one.delay_base_s = two.delay_base_s = 0.02
    who = ("session:abc", "address:10.9.9.9")
    caplog.set_level(logging.WARNING, "appraisal.store")
    times = []
    for i in range(repo.LOCK_AFTER):
        server = (one, two)[i % 2]
        t = time.perf_counter()
        with pytest.raises(WorkshopNotFound):
            server.get_workshop(f"ZZZZ{i:02d}", attempt=who)
        times.append(time.perf_counter() - t)
    delays = [0.02 * 2 ** (n - repo.FREE_TRIES - 1) for n in range(1, repo.LOCK_AFTER + 1) if n > repo.FREE_TRIES]
    assert times[-1] >= delays[-1] and times[-1] > 5 * max(times[: repo.FREE_TRIES]), times  # slower and slower
    with pytest.raises(TooManyAttempts, match="Too many wrong workshop codes"):
        one.get_workshop(workshop.workshop.code, attempt=who)  # even the right code, while locked
    with pytest.raises(TooManyAttempts):
        two.get_workshop(workshop.workshop.code, attempt=("session:abc",))  # the same session on the other server
    # A room may share one address: another session there is not locked out by ten failures…
    assert two.get_workshop(workshop.workshop.code, attempt=("session:new-tab", "address:10.9.9.9"))
    for i in range(repo.LOCK_AFTER * 4):  # …but fifty are
        with pytest.raises((WorkshopNotFound, TooManyAttempts)):
            two.get_workshop(f"YYYY{i:02d}", attempt=(f"session:s{i}", "address:10.9.9.9"))
    with pytest.raises(TooManyAttempts):
        two.get_workshop(workshop.workshop.code, attempt=("session:fresh", "address:10.9.9.9"))
    assert two.get_workshop(workshop.workshop.code, attempt=("session:x", "address:10.0.0.1")).code == workshop.workshop.code
    assert sum("wrong code" in r.getMessage() for r in caplog.records) >= repo.LOCK_AFTER
    one.dispose()
    two.dispose()


def test_wrong_keys_are_slowed_locked_out_per_code_and_never_logged(store: Store, workshop, caplog) -> None:  # noqa: F811
    store.delay_base_s = 0.01
    code, key = workshop.workshop.code, workshop.facilitator_key
    caplog.set_level(logging.DEBUG, "appraisal.store")
    for i in range(repo.LOCK_AFTER):  # from ten different sessions: the code itself is protected
        assert not store.check_key(code, f"GUESS-{i:04d}-XXXX", attempt=(f"session:{i}",))
    with pytest.raises(TooManyAttempts, match="facilitator keys"):
        store.check_key(code, key, attempt=("session:facilitator",))
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "wrong key" in logged and code in logged
    assert "GUESS" not in logged and key not in logged


# Faults: each its own message, logged, no traceback. --------------------------------------------
def _sqlite_with_data(tmp_path, case_data: dict):  # noqa: F811
    path = tmp_path / "store.sqlite3"
    s = Store(f"sqlite:///{path}")
    new = s.create_workshop("data:sample", case_data)
    criteria = new.workshop.criterion_ids
    for i in range(200):  # enough rows for pages in the middle of the file
        s.submit(new.workshop.code, s.issue_participant(new.workshop.code), "breckland", f"Member {i}",
                 weights_for(criteria, i), inputs={"pad": "x" * 400})
    s.save_snapshot("data:sample", "Before", "Officer", [{"id": "a", "name": "A", "weights": {"finance": 1}}])
    with s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    s.dispose()
    return path, new


def damage(path, page_size: int = 4096) -> None:
    """Overwrite pages in the middle of an SQLite file with rubbish (a disk fault, a bad copy)."""
    size = path.stat().st_size
    pages = size // page_size
    assert pages >= 8, pages
    with open(path, "r+b") as fh:
        for page in range(pages // 3, pages // 3 + 3):
            fh.seek(page * page_size)
            fh.write(os.urandom(page_size))


def test_a_damaged_store_is_refused_and_says_restore(tmp_path, case_data: dict, caplog) -> None:  # noqa: F811
    path, new = _sqlite_with_data(tmp_path, case_data)
    damage(path)
    before = path.read_bytes()
    caplog.set_level(logging.INFO, "appraisal.store")
    s = Store(f"sqlite:///{path}")
    for call in (lambda: s.list_snapshots("data:sample"), lambda: s.get_workshop(new.workshop.code),
                 lambda: s.submit(new.workshop.code, "a" * 32, "breckland", "Late", {"finance": 1}),
                 lambda: s.create_workshop("data:sample", case_data)):
        with pytest.raises(StoreDamaged, match="damaged") as info:
            call()
        assert "restore" in str(info.value) and "backup" in str(info.value)
        assert "cannot be reached" not in str(info.value)
    assert path.read_bytes() == before, "nothing written to a damaged store"
    assert any("integrity check failed" in r.getMessage() for r in caplog.records)
    s.dispose()


def test_a_read_only_store_says_so(tmp_path, case_data: dict, caplog) -> None:  # noqa: F811
    path, new = _sqlite_with_data(tmp_path, case_data)
    ro = Store(f"sqlite:///file:{path}?mode=ro&uri=true")  # root ignores chmod: the URI makes it read-only
    caplog.set_level(logging.INFO, "appraisal.store")
    assert ro.list_snapshots("data:sample")[0].name == "Before", "reading still works"
    with pytest.raises(StoreReadOnly, match="read-only") as info:
        ro.issue_participant(new.workshop.code)
    with pytest.raises(StoreReadOnly):
        ro.save_snapshot("data:sample", "After", "Officer", [{"id": "a", "name": "A", "weights": {"finance": 2}}])
    assert "cannot be reached" not in str(info.value)
    rec = [r for r in caplog.records if "read-only" in r.getMessage()]
    assert rec and "data:sample" in " ".join(r.getMessage() for r in rec) and rec[0].levelno == logging.ERROR
    ro.dispose()


def test_a_full_disk_says_so(tmp_path, case_data: dict, caplog) -> None:  # noqa: F811
    path, new = _sqlite_with_data(tmp_path, case_data)
    s = Store(f"sqlite:///{path}")

    @event.listens_for(s.engine, "connect")
    def _tiny(dbapi_connection, _record) -> None:  # no room for one more page: SQLITE_FULL
        cur = dbapi_connection.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")
        cur.close()

    caplog.set_level(logging.INFO, "appraisal.store")
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    with pytest.raises(StoreFull, match="full") as info:
        for i in range(50):
            s.save_snapshot("data:sample", f"Big {i}", "Officer",
                            [{"id": f"s{k}", "name": "S" * 150, "weights": weights_for(criteria, k)} for k in range(60)],
                            note="n" * 9000)
    assert "cannot be reached" not in str(info.value) and "free space" in str(info.value)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "full" in logged and "data:sample" in logged and "SQLITE_FULL" in logged
    assert s.count(code) == 200, "reading still works, nothing lost"
    s.dispose()


def test_errors_are_logged_with_case_and_workshop_never_weights_or_keys(tmp_path, case_data: dict, caplog) -> None:  # noqa: F811
    path, new = _sqlite_with_data(tmp_path, case_data)
    ro = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    caplog.set_level(logging.INFO, "appraisal.store")
    with pytest.raises(StoreReadOnly):
        ro.close_workshop(new.workshop.code, new.facilitator_key)
    with pytest.raises(StoreReadOnly):
        ro.issue_participant(new.workshop.code, device="10.0.0.1|Secret phone")
    with pytest.raises(StoreReadOnly):
        ro.save_snapshot("data:sample", "Secret Name", "Officer", [{"id": "a", "name": "A", "weights": {"finance": 123.456}}])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert new.workshop.code in logged and "close_workshop" in logged and "issue_participant" in logged
    assert "case_key='data:sample'" in logged and "Secret phone" not in logged
    assert new.facilitator_key not in logged and "123.456" not in logged and "Secret Name" not in logged
    ro.dispose()


@pytest.mark.postgres
def test_a_read_only_postgresql_store_says_so(case_data: dict) -> None:  # noqa: F811
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    with private_schema() as (base, schema):
        rw = Store(schema_url(base, schema))
        new = rw.create_workshop("data:sample", case_data)
        rw.dispose()
        ro = Store(schema_url(base, schema, "-cdefault_transaction_read_only=on"))
        assert ro.get_workshop(new.workshop.code).code == new.workshop.code
        with pytest.raises(StoreReadOnly, match="read-only"):
            ro.close_workshop(new.workshop.code, new.facilitator_key)
        ro.dispose()


def test_an_existing_store_file_gains_the_new_tables(tmp_path, case_data: dict) -> None:  # noqa: F811
    """A store made before issue 17 (no participants or failures tables) keeps working."""
    path, new = _sqlite_with_data(tmp_path, case_data)
    old = tmp_path / "old.sqlite3"
    shutil.copy(path, old)
    eng = create_engine(f"sqlite:///{old}")
    with eng.begin() as conn:
        conn.execute(text("DROP TABLE oas_participants"))
        conn.execute(text("DROP TABLE oas_failures"))
    eng.dispose()
    s = Store(f"sqlite:///{old}")
    assert s.count(new.workshop.code) == 200
    t = s.issue_participant(new.workshop.code)
    s.submit(new.workshop.code, t, "breckland", "New one", {"finance": 1})
    assert s.count(new.workshop.code) == 201
    s.dispose()
