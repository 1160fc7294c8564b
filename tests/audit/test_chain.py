"""The audit chain: append-only in the ORM, and any edit or deletion found by the verifier."""

from __future__ import annotations

import hashlib
import io
import itertools
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rightsdesk.audit.models import AppendOnlyError, AuditEntry
from rightsdesk.audit.selectors import chain_head, verify_chain
from rightsdesk.audit.services import audit_record


@pytest.fixture
def five_entries(db: None) -> list[AuditEntry]:
    return [
        audit_record(actor=f"user:{i}", action="case.read", target_type="case", target_id=i)
        for i in range(1, 6)
    ]


def verify_cli(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def raw_sql(sql: str, params: list[Any]) -> None:
    """What an intruder with database access does: bypass the ORM's guards."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_intact_chain_verifies(five_entries: list[AuditEntry]) -> None:
    assert verify_chain().intact
    assert "intact: 5 entries" in verify_cli()


def test_entries_link_and_number_in_order(five_entries: list[AuditEntry]) -> None:
    assert [e.seq for e in five_entries] == [1, 2, 3, 4, 5]
    for earlier, later in itertools.pairwise(five_entries):
        assert later.prev_mac == earlier.mac


def test_orm_refuses_updates_and_deletes(five_entries: list[AuditEntry]) -> None:
    entry = five_entries[0]
    entry.action = "case.delete"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=1).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize("column", ["actor", "action", "target_type", "target_id"])
def test_edited_row_is_found(five_entries: list[AuditEntry], column: str) -> None:
    raw_sql(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = 3", ["tampered"])  # noqa: S608 - column from a fixed list
    report = verify_chain()
    assert report.first_bad == 3
    with pytest.raises(CommandError, match="broken at entry 3") as excinfo:
        verify_cli()
    assert excinfo.value.returncode == 1


def test_edited_time_is_found(five_entries: list[AuditEntry]) -> None:
    raw_sql("UPDATE audit_auditentry SET at = %s WHERE seq = 2", [five_entries[0].at])
    assert verify_chain().first_bad == 2


def test_recomputed_plain_hash_does_not_help_the_intruder(five_entries: list[AuditEntry]) -> None:
    # An intruder who edits a row and fixes its MAC with an unkeyed hash still fails.
    raw_sql(
        "UPDATE audit_auditentry SET action = %s, mac = %s WHERE seq = 4",
        ["case.nothing", hashlib.sha256(b"forged").hexdigest()],
    )
    assert verify_chain().first_bad == 4


def test_deleted_middle_row_is_found(five_entries: list[AuditEntry]) -> None:
    raw_sql("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    report = verify_chain()
    assert report.first_bad == 2
    assert report.reason == "missing entry"
    with pytest.raises(CommandError, match="broken at entry 2"):
        verify_cli()


def test_deleted_first_row_is_found(five_entries: list[AuditEntry]) -> None:
    raw_sql("DELETE FROM audit_auditentry WHERE seq = %s", [1])
    assert verify_chain().first_bad == 1


def test_renumbered_rows_after_deletion_are_found(five_entries: list[AuditEntry]) -> None:
    raw_sql("DELETE FROM audit_auditentry WHERE seq = %s", [3])
    raw_sql("UPDATE audit_auditentry SET seq = seq - 1 WHERE seq > %s", [3])
    assert verify_chain().first_bad == 3


def test_cut_tail_is_found_against_an_anchor(five_entries: list[AuditEntry]) -> None:
    seq, mac = chain_head()
    assert seq == 5
    raw_sql("DELETE FROM audit_auditentry WHERE seq >= %s", [4])
    assert verify_chain().intact  # a shorter chain is self-consistent...
    report = verify_chain(anchor=(seq, mac))  # ...but not with the recorded head
    assert not report.intact
    with pytest.raises(CommandError):
        verify_cli("--anchor", f"{seq}:{mac}")


def test_head_command_prints_the_anchor(five_entries: list[AuditEntry]) -> None:
    out = io.StringIO()
    call_command("audit", "head", stdout=out)
    assert out.getvalue().strip() == f"5:{five_entries[-1].mac}"
    assert "intact" in verify_cli("--anchor", out.getvalue().strip())


def test_empty_chain_is_intact(db: None) -> None:
    assert verify_chain().intact
