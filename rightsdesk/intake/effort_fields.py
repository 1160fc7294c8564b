"""The report form's side of admission by effort: the puzzle a page carries, what a send proves.

Three hidden fields travel with every step: `effort_seed` (the signed challenge), `effort_nonce`
and `effort` (filled by the browser's worker, static intake/effort.js). A solution already made
for this form's ticket at the effort aimed for now is carried to the next step unchanged, so the
worker does not start again; checking that costs one HMAC. Only the send verifies the scrypt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.templatetags.static import static

from rightsdesk.intake import effort
from rightsdesk.intake.gauge import gauge

FIELDS = ("effort_seed", "effort_nonce", "effort")


def _posted(posted: Mapping[str, Any] | None) -> tuple[str, str, str]:
    if posted is None:
        return "", "", ""
    values = [posted.get(name, "") for name in FIELDS]
    seed, nonce, claimed = (value if isinstance(value, str) else "" for value in values)
    return seed, nonce, claimed


def _carried(seed: str, nonce: str, claimed: str, ticket: str, target: int) -> bool:
    if len(nonce) != effort.NONCE_BYTES * 2 or not claimed.isascii() or not claimed.isdigit():
        return False
    if len(claimed) > effort.MAX_EFFORT_CHARS or int(claimed) < target:
        return False
    return len(seed) <= effort.MAX_CHALLENGE_CHARS and effort.seed_matches(seed, ticket)


def effort_puzzle(posted: Mapping[str, Any] | None, ticket: str) -> dict[str, Any]:
    """The template's `puzzle`: the challenge, what to aim for, and any solution carried."""
    target = gauge().target()
    seed, nonce, claimed = _posted(posted)
    if not (seed and _carried(seed, nonce, claimed, ticket, target)):
        seed, nonce, claimed = effort.issue_challenge(ticket, target).seed, "", ""
    return {
        "seed": seed,
        "nonce": nonce,
        "effort": claimed,
        "target": target,
        "n": effort.SCRYPT_N,
        "r": effort.SCRYPT_R,
        "p": effort.SCRYPT_P,
        "salt": effort.SCRYPT_SALT.decode("ascii"),
        "worker": static("intake/effort-worker.js"),
    }


def posted_effort(posted: Mapping[str, Any], ticket: str) -> int:
    """The effort the posted solution proves for `ticket` (0 when none or wrong)."""
    seed, nonce, claimed = _posted(posted)
    if not (seed and nonce and claimed):
        return 0
    return effort.verified_effort(ticket, seed, nonce, claimed)
