"""The evaluation queue's rules, pure (no database): which decisions exist, which state each
leads to, which decided states allow removal on the wiki and with which neutral reason.

A finding starts NEW. Any decision may be taken on a NEW finding; a decided finding may be
decided again (a correction: "false positive" turned "doxxing" once the context was read), but
never to the state it is already in, and never back to NEW (the history stays in the
decisions). `tests/wikisafety/test_queue_rules.py` checks these with hypothesis.
"""

from __future__ import annotations

from rightsdesk.wikisafety.models_queue import Finding

State = Finding.State

DECISIONS: tuple[str, ...] = (
    State.FALSE_POSITIVE,
    State.DOXXING,
    State.HARASSMENT,
    State.NOT_OURS,
)
# Decided states in which the team removes the revision on the wiki, and the neutral reason the
# wiki logs for each (mediawiki.services.REASONS' codes).
REMOVABLE: dict[str, str] = {
    State.DOXXING: "personal-data",
    State.HARASSMENT: "harassment",
}


class RuleBroken(ValueError):
    """A move the rules do not allow; `reason` says which rule ("unknown", "same")."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def next_state(current: str, decision: str) -> str:
    """The finding's state after `decision`; RuleBroken when it is not a decision or would not
    change anything."""
    if decision not in DECISIONS:
        raise RuleBroken("unknown")
    if decision == current:
        raise RuleBroken("same")
    return decision


def may_remove(state: str) -> bool:
    """Whether a finding in `state` may be removed on the wiki: only once confirmed as doxxing
    or other harassment (a false positive or someone else's business stays)."""
    return state in REMOVABLE


def reason_for(state: str) -> str:
    """The default neutral reason code for removing a finding in `state`."""
    return REMOVABLE.get(state, "other")
