"""Reading and verifying the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from rightsdesk.audit.chain import GENESIS, entry_mac
from rightsdesk.audit.models import AuditEntry


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: `first_bad` is the seq where the chain first fails."""

    checked: int
    first_bad: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_bad is None


def chain_head() -> tuple[int, str]:
    """The newest entry's (seq, mac), to be copied somewhere the database's holder cannot reach."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "mac").first()
    return (last[0], last[1]) if last else (0, GENESIS)


def verify_chain(*, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk every entry in order and recompute its MAC.

    A deleted row shows as a gap in `seq` (or as a broken `prev_mac` link), an edited row as a MAC
    mismatch. Deleting the newest rows leaves a shorter but valid chain; `anchor`, a head recorded
    earlier elsewhere, catches that.
    """
    prev_mac = GENESIS
    expected_seq = 1
    checked = 0
    seen_anchor = anchor is None
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, "missing entry")
        if entry.prev_mac != prev_mac:
            return ChainReport(checked, entry.seq, "link to the previous entry is broken")
        recomputed = entry_mac(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            prev_mac=entry.prev_mac,
        )
        if recomputed != entry.mac:
            return ChainReport(checked, entry.seq, "entry was altered")
        if anchor is not None and entry.seq == anchor[0]:
            if entry.mac != anchor[1]:
                return ChainReport(checked, entry.seq, "entry differs from the recorded anchor")
            seen_anchor = True
        prev_mac = entry.mac
        expected_seq += 1
        checked += 1
    if not seen_anchor and anchor is not None:
        return ChainReport(checked, expected_seq, "entries up to the recorded anchor are missing")
    return ChainReport(checked)
