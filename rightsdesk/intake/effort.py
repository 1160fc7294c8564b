"""Admission by effort: a small memory-hard puzzle a browser solves while its person fills the form.

Modelled on Tor's proof of work for onion services (proposal 327, "PoW v1"; docs/security/
effort.md) with scrypt (RFC 7914) in place of Equi-X, because Python's `hashlib.scrypt` verifies
it and a browser computes it from WebCrypto's PBKDF2 plus a small Salsa20/8 (static
rightsdesk/effort-worker.js).

The server hands out a *challenge*: a signed seed bound to the report form's ticket, with its issue
time and the effort suggested then. The client searches a 16-byte nonce such that, with

    R = first 4 bytes (big-endian) of scrypt(challenge || nonce || effort_be32, SALT, N, r, p)

`R * effort <= 2**32 - 1` (Tor's rule): about `effort` evaluations on average. The solution is
single-use because the ticket it is bound to is spent in the transaction that stores the report.

`verified_effort` costs at most one scrypt evaluation (~3 ms, 1 MiB) whatever the claim, reads
only bounded inputs, and answers 0 for anything wrong: it never raises.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

SALT_SIGNING = "rightsdesk.intake.effort"
# The puzzle's scrypt parameters: 1 MiB and ~3 ms a evaluation with hashlib on one core here.
# The browser script reads them from the page, so they can change without a script change.
SCRYPT_N = 2**10
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_SALT = b"rightsdesk-effort-v1"
MAX_EFFORT = 2**32 - 1
NONCE_BYTES = 16
# A solved challenge is good for this long: a person takes a while on the form, and a stale
# challenge only costs the browser one more solve at the level suggested now.
MAX_AGE = timedelta(hours=2)
# Bounds read before anything else: a signed challenge is ~150 characters.
MAX_CHALLENGE_CHARS = 400
MAX_EFFORT_CHARS = 10


@dataclass(frozen=True)
class Challenge:
    """What the page carries for the browser: the signed seed and the effort to aim for."""

    seed: str
    suggested: int


def _ticket_tag(ticket: str) -> str:
    return hashlib.sha256(b"effort\0" + ticket.encode("utf-8", "replace")).hexdigest()[:32]


def issue_challenge(ticket: str, suggested: int) -> Challenge:
    """A challenge for the form holding `ticket`, at the effort suggested now."""
    payload = {
        "k": _ticket_tag(ticket),
        "s": secrets.token_urlsafe(12),
        "t": int(time.time()),
        "e": int(suggested),
    }
    return Challenge(seed=signing.dumps(payload, salt=SALT_SIGNING), suggested=int(suggested))


def puzzle_input(seed: str, nonce: bytes, effort: int) -> bytes:
    """The scrypt password for one attempt (the browser builds the same bytes)."""
    return seed.encode("ascii") + nonce + effort.to_bytes(4, "big")


def evaluate(seed: str, nonce: bytes, effort: int) -> int:
    """R: the first 32 bits of the puzzle's scrypt output, big-endian."""
    digest = hashlib.scrypt(
        puzzle_input(seed, nonce, effort),
        salt=SCRYPT_SALT,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=32,
    )
    return int.from_bytes(digest[:4], "big")


def meets(value: int, effort: int) -> bool:
    """Tor's rule: R * E <= 2**32 - 1."""
    return value * effort <= MAX_EFFORT


def solve(seed: str, effort: int, *, start: int = 0) -> bytes:
    """Search a nonce for `effort` (benches and tests; the browser has its own copy)."""
    counter = start
    while True:
        nonce = counter.to_bytes(NONCE_BYTES, "big")
        if meets(evaluate(seed, nonce, effort), effort):
            return nonce
        counter += 1


def seed_matches(seed: str, ticket: str) -> bool:
    """Whether `seed` is a challenge we signed, not too old, for the form holding `ticket` (cheap:
    one HMAC, no scrypt)."""
    try:
        payload = signing.loads(seed, salt=SALT_SIGNING, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return False
    return isinstance(payload, dict) and payload.get("k") == _ticket_tag(ticket)


def _well_formed(
    ticket: object, seed: object, nonce: object, effort: object
) -> tuple[str, str, str, str] | None:
    """Types and sizes, read before anything costs: four bounded ASCII strings, or None."""
    if not (
        isinstance(ticket, str)
        and isinstance(seed, str)
        and isinstance(nonce, str)
        and isinstance(effort, str)
    ):
        return None
    ok = (
        bool(ticket)
        and 0 < len(seed) <= MAX_CHALLENGE_CHARS
        and seed.isascii()
        and len(nonce) == NONCE_BYTES * 2
        and 0 < len(effort) <= MAX_EFFORT_CHARS
        and effort.isascii()
        and effort.isdigit()
    )
    return (ticket, seed, nonce, effort) if ok else None


def verified_effort(ticket: object, seed: object, nonce: object, effort: object) -> int:
    """The effort a posted solution proves for `ticket`, or 0 for anything wrong.

    Takes the raw posted values (any type). The caller must still spend the ticket in the
    transaction that stores the report: that is what makes a solution single-use.
    """
    try:
        parts = _well_formed(ticket, seed, nonce, effort)
        if parts is None:
            return 0
        form_ticket, signed_seed, nonce_hex, effort_digits = parts
        claimed = int(effort_digits)
        raw = bytes.fromhex(nonce_hex)
        if not 1 <= claimed <= MAX_EFFORT or not seed_matches(signed_seed, form_ticket):
            return 0
        return claimed if meets(evaluate(signed_seed, raw, claimed), claimed) else 0
    except (ValueError, TypeError, UnicodeError, OverflowError, MemoryError):
        return 0
