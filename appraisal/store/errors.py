"""Store errors: every one carries a sentence a member can read.

Each fault class has its own type and its own words, so the screen (and the log) says what happened:
the database cannot be reached, the disk is full, the store is read-only, the store file is damaged,
the store is busy, too many wrong codes or keys.
"""

from __future__ import annotations

RESTORE_HINT = ("An administrator should restore it from the latest backup "
                "(python -m appraisal store restore, see docs/deploy.md)")


# Errors: every one carries a sentence a member can read. ----------------------------------------
class StoreError(Exception):
    """Base for store problems; ``str(exc)`` is a plain sentence fit to show on screen."""

    #: A short name of the fault class for the log ("unreachable", "full", ...).
    fault = "error"


class StoreUnavailable(StoreError):
    """The database cannot be reached (stopped, network, locked too long). Nothing was changed."""

    fault = "unreachable"


class StoreFull(StoreUnavailable):
    """The disk (or the database's size limit) is full: nothing new can be saved."""

    fault = "full"


class StoreReadOnly(StoreUnavailable):
    """The store can be read but not written (file permissions, a read-only mount or replica)."""

    fault = "read-only"


class StoreDamaged(StoreUnavailable):
    """The store file is damaged (failed its integrity check): nothing is read from or written to it."""

    fault = "damaged"


class StoreBusy(StoreUnavailable):
    """Another process held the store's lock for longer than the wait allows."""

    fault = "busy"


class WorkshopNotFound(StoreError):
    fault = "no such workshop"


class WorkshopClosed(StoreError):
    fault = "closed"


class NotAuthorised(StoreError):
    """A facilitator action without the right facilitator key."""

    fault = "not authorised"


class TooManyAttempts(NotAuthorised):
    """Too many wrong workshop codes or facilitator keys in a short time: locked out for a while."""

    fault = "locked out"


class InvalidInput(StoreError):
    fault = "invalid input"


class UnknownParticipant(InvalidInput):
    """A participant token this store never issued for this workshop (made up, or from another workshop)."""

    fault = "unknown participant"


class SnapshotNotFound(StoreError):
    fault = "no such snapshot"


class CaseNotFound(StoreError):
    """No case with this id in the case library."""

    fault = "no such case"


class VersionNotFound(StoreError):
    """The case exists but not this version of it."""

    fault = "no such version"


class StaleVersion(StoreError):
    """A change that replaces the case, made on a version that is no longer the latest: refused (never
    silently overwriting someone else's work); the sentence names who changed the case since, and when.
    ``head_version`` is the latest version, to reload."""

    fault = "stale version"

    def __init__(self, message: str, head_version: int = 0) -> None:
        super().__init__(message)
        self.head_version = head_version
