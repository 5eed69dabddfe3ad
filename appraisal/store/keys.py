"""Workshop codes, facilitator keys (stored only as a PBKDF2 hash) and participant tokens."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
KEY_GROUPS, KEY_GROUP_LEN = 3, 4
PBKDF2_ROUNDS = 20_000


# Keys and codes. -------------------------------------------------------------------------------
def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", str(code).upper())[:16]


def new_facilitator_key() -> str:
    """Three groups of four characters (60 bits): typed from a sheet of paper if need be."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(KEY_GROUP_LEN)) for _ in range(KEY_GROUPS))
    return "-".join(groups)


def _key_material(key: str) -> bytes:
    return re.sub(r"[^A-Z0-9]", "", str(key).upper()).encode()


def hash_key(key: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", _key_material(key), salt, PBKDF2_ROUNDS)
    return f"pbkdf2_sha256${PBKDF2_ROUNDS}${salt.hex()}${digest.hex()}"


def verify_key(key: str | None, stored: str) -> bool:
    if not key:
        return False
    try:
        _, rounds, salt_hex, digest_hex = stored.split("$")
        digest = hashlib.pbkdf2_hmac("sha256", _key_material(key), bytes.fromhex(salt_hex), int(rounds))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def new_participant_token() -> str:
    """A random 192-bit token (32 URL-safe characters). Issued by the store only
    (:meth:`~appraisal.store.repository.Store.issue_participant`), which keeps just its hash."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """The stored form of a participant token (a random 192-bit token needs no salt or stretching)."""
    return hashlib.sha256(str(token).encode()).hexdigest()


def subject_hash(subject: str) -> str:
    """A session id, address or device description as stored (never in the clear)."""
    return hashlib.sha256(f"oas-subject:{subject}".encode()).hexdigest()
