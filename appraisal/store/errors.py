"""Store errors: every one carries a sentence a member can read."""

from __future__ import annotations


# Errors: every one carries a sentence a member can read. ----------------------------------------
class StoreError(Exception):
    """Base for store problems; ``str(exc)`` is a plain sentence fit to show on screen."""


class StoreUnavailable(StoreError):
    """The database cannot be reached (stopped, network, locked too long). Nothing was changed."""


class WorkshopNotFound(StoreError):
    pass


class WorkshopClosed(StoreError):
    pass


class NotAuthorised(StoreError):
    """A facilitator action without the right facilitator key."""


class InvalidInput(StoreError):
    pass


class SnapshotNotFound(StoreError):
    pass
