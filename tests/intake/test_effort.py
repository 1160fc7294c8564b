"""The effort puzzle's rule (rightsdesk.intake.effort): what verifies, what never does."""

from __future__ import annotations

import functools
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.intake import effort

TICKET = "a-ticket-from-the-form"
EFFORT = 8


@functools.cache
def solved(ticket: str = TICKET, claimed: int = EFFORT) -> tuple[str, str, str]:
    seed = effort.issue_challenge(ticket, claimed).seed
    return seed, effort.solve(seed, claimed).hex(), str(claimed)


def flip(text: str, index: int, alphabet: str) -> str:
    """`text` with the character at `index` replaced by another from `alphabet`."""
    index %= len(text)
    other = next(c for c in alphabet if c != text[index])
    return text[:index] + other + text[index + 1 :]


def test_a_solution_verifies_at_its_effort() -> None:
    seed, nonce, claimed = solved()
    assert effort.verified_effort(TICKET, seed, nonce, claimed) == EFFORT
    # The rule itself: R * E <= 2**32 - 1.
    value = effort.evaluate(seed, bytes.fromhex(nonce), EFFORT)
    assert value * EFFORT <= 2**32 - 1


def test_a_nonce_that_misses_the_rule_proves_nothing() -> None:
    seed = effort.issue_challenge(TICKET, 1000).seed
    misses = next(
        nonce
        for nonce in (i.to_bytes(16, "big") for i in range(100))
        if not effort.meets(effort.evaluate(seed, nonce, 1000), 1000)
    )
    assert effort.verified_effort(TICKET, seed, misses.hex(), "1000") == 0


def test_the_solution_matches_scrypt_from_hashlib() -> None:
    """The puzzle is plain RFC 7914 scrypt over the documented input (the browser's contract)."""
    import hashlib  # noqa: PLC0415 - only to restate the contract here

    seed, nonce, claimed = solved()
    out = hashlib.scrypt(
        seed.encode() + bytes.fromhex(nonce) + int(claimed).to_bytes(4, "big"),
        salt=b"rightsdesk-effort-v1",
        n=1024,
        r=8,
        p=1,
        dklen=32,
    )
    assert int.from_bytes(out[:4], "big") == effort.evaluate(seed, bytes.fromhex(nonce), EFFORT)


@settings(max_examples=60)
@given(index=st.integers(min_value=0, max_value=10_000))
def test_any_altered_seed_ticket_or_effort_proves_nothing(index: int) -> None:
    seed, nonce, claimed = solved()
    b64 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:"
    assert effort.verified_effort(TICKET, flip(seed, index, b64), nonce, claimed) == 0
    assert effort.verified_effort(flip(TICKET, index, b64), seed, nonce, claimed) == 0
    other = (index % 4000) + 1
    if other != EFFORT:  # another claimed effort is another puzzle input: the rule decides
        value = effort.evaluate(seed, bytes.fromhex(nonce), other)
        expected = other if effort.meets(value, other) else 0
        assert effort.verified_effort(TICKET, seed, nonce, str(other)) == expected


@settings(max_examples=60)
@given(index=st.integers(min_value=0, max_value=31), digit=st.sampled_from("0123456789abcdef"))
def test_an_altered_nonce_verifies_only_if_it_meets_the_rule(index: int, digit: str) -> None:
    seed, nonce, claimed = solved()
    altered = nonce[:index] + digit + nonce[index + 1 :]
    value = effort.evaluate(seed, bytes.fromhex(altered), EFFORT)
    expected = EFFORT if effort.meets(value, EFFORT) else 0
    assert effort.verified_effort(TICKET, seed, altered, claimed) == expected


anything = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.text(max_size=600),
    st.binary(max_size=60),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300)
@given(ticket=anything, seed=anything, nonce=anything, claimed=anything)
def test_garbage_of_any_type_is_zero_effort(
    ticket: Any, seed: Any, nonce: Any, claimed: Any
) -> None:
    assert effort.verified_effort(ticket, seed, nonce, claimed) == 0


@settings(max_examples=100)
@given(
    nonce=st.text(max_size=40),
    claimed=st.text(max_size=14),
)
def test_garbage_beside_a_good_seed_is_zero_effort(nonce: str, claimed: str) -> None:
    seed, good_nonce, good_claimed = solved()
    if (nonce, claimed) == (good_nonce, good_claimed):
        return
    result = effort.verified_effort(TICKET, seed, nonce, claimed)
    assert result == 0 or (claimed.isdigit() and result == int(claimed))


@pytest.mark.parametrize("claimed", ["0", "-1", "4294967296", "99999999999", " 8", "8 ", "٨"])
def test_out_of_range_or_odd_effort_is_zero(claimed: str) -> None:
    seed, nonce, _ = solved()
    assert effort.verified_effort(TICKET, seed, nonce, claimed) == 0


def test_a_stale_challenge_proves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    seed, nonce, claimed = solved()
    later = time.time() + effort.MAX_AGE.total_seconds() + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert effort.verified_effort(TICKET, seed, nonce, claimed) == 0
