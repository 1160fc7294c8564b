"""Exports: the redacted notice holds no planted phone number, e-mail address or ID and is
exported only after a second person approves it; the DSA statement validates against the
schema kept in the repo, and a broken one is refused."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.accounts.models import User
from rightsdesk.crypto import unlock_with_password
from rightsdesk.demands.access import unlock_demand
from rightsdesk.demands.models import Demand
from rightsdesk.demands.redaction import MASK, redact
from rightsdesk.demands.services.common import DemandRefused
from rightsdesk.demands.services.exports import (
    DsaValues,
    ExportRefused,
    check_statement,
    dsa_problems,
    dsa_statement,
    notice_approve,
    notice_export,
    notice_prepare,
)
from tests.factories import DEFAULT_PASSWORD, StaffAccount, demand_made, demand_permission

PHONE, EMAIL, SSN, TCKN = (
    "+90 532 123 45 67",
    "ayse.private@example.org",
    "123-45-6789",
    "10000000146",
)
LOCAL_PHONE = "(202) 555-0143"
TEXT = (
    f"To the Foundation. Give us everything about Ayşe Demir, reachable at {PHONE} or "
    f"{LOCAL_PHONE}, mail {EMAIL}, identity number {TCKN}, US SSN {SSN}. Deadline 2026-12-20."
)


def test_redaction_masks_each_kind() -> None:
    result = redact(TEXT, names=["Ayşe Demir"], country="TR")
    for planted in (PHONE, LOCAL_PHONE, EMAIL, SSN, TCKN, "Ayşe Demir", "5321234567"):
        assert planted not in result.text
    digits = "".join(c for c in result.text if c.isdigit())
    assert "5321234567" not in digits
    assert "123456789" not in digits
    assert result.text.startswith("To the Foundation.")
    assert "2026-12-20" in result.text  # dates are not masked
    assert result.masked == {"name": 1, "phone": 2, "email": 1, "id": 2}


@given(st.text(alphabet="abc def.,;:\n", max_size=40), st.text(alphabet="xyz .,\n", max_size=40))
def test_redaction_finds_a_planted_email_and_phone_anywhere(before: str, after: str) -> None:
    text = f"{before} {EMAIL} {after} {PHONE} {before}"
    result = redact(text, country="TR")
    assert EMAIL not in result.text
    assert "532 123 45 67" not in result.text
    assert result.text.count(MASK) >= 2


@pytest.fixture
def two(handler: StaffAccount, other_handler: StaffAccount) -> tuple[User, User]:
    demand_permission(handler)
    demand_permission(other_handler)
    return User.objects.get(pk=handler.user.pk), User.objects.get(pk=other_handler.user.pk)


def _key(user: User, demand: Demand):  # type: ignore[no-untyped-def]
    return unlock_demand(
        demand, user, unlock_with_password(user.keyring.bundle(), DEFAULT_PASSWORD)
    )


@pytest.mark.django_db
def test_the_notice_is_redacted_reviewed_then_exported(two: tuple[User, User]) -> None:
    hana, omar = two
    demand = demand_made(hana, text=TEXT, requester_kind="court", instrument="court_order")
    key = _key(hana, demand)
    with pytest.raises(DemandRefused):
        notice_export(demand=demand, key=key, actor=hana)  # nothing prepared
    notice_prepare(demand=demand, key=key, actor=hana, names=["Ayşe Demir"], now=timezone.now())
    with pytest.raises(ExportRefused, match="approved"):
        notice_export(demand=demand, key=key, actor=hana)
    with pytest.raises(DemandRefused, match="other than"):
        notice_approve(demand=demand, actor=hana, now=timezone.now())
    notice_approve(demand=demand, actor=omar, now=timezone.now())
    exported = notice_export(demand=demand, key=key, actor=hana)
    body = exported["body"]
    for planted in (PHONE, LOCAL_PHONE, EMAIL, SSN, TCKN, "Ayşe Demir"):
        assert planted not in str(exported)
    assert MASK in body
    assert exported["type"] == "GovernmentRequest"
    # The original stays sealed with the demand, whole.
    from rightsdesk.demands.services.demands import demand_text  # noqa: PLC0415

    assert demand_text(Demand.objects.get(), key)["text"] == TEXT
    # Preparing again takes the approval back.
    notice_prepare(demand=demand, key=key, actor=hana, names=[], now=timezone.now())
    with pytest.raises(ExportRefused):
        notice_export(demand=demand, key=key, actor=hana)


VALUES = DsaValues(
    decision_visibility=["DECISION_VISIBILITY_CONTENT_DISABLED"],
    decision_ground="DECISION_GROUND_ILLEGAL_CONTENT",
    category="STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    content_type=["CONTENT_TYPE_TEXT"],
    territorial_scope=["DE"],
    content_date="2026-11-01",
    legal_ground="Court order under the German Civil Code, section 823",
    explanation="A court found the passage unlawfully disclosed a private address.",
    facts="Access to one revision was disabled in Germany after a court order.",
)


@pytest.mark.django_db
def test_the_dsa_statement_validates_and_a_broken_one_is_refused(two: tuple[User, User]) -> None:
    hana, _omar = two
    demand = demand_made(hana, asks=["content_removal"], instrument="court_order")
    with pytest.raises(ExportRefused, match="content changed or removed"):
        dsa_statement(demand=demand, actor=hana, values=VALUES)  # not decided yet
    Demand.objects.filter(pk=demand.pk).update(decision="partly", decided_at=timezone.now())
    demand.refresh_from_db()
    statement = dsa_statement(demand=demand, actor=hana, values=VALUES)
    assert dsa_problems(statement) == []
    assert statement["puid"] == str(demand.uid)
    assert statement["source_type"] == "SOURCE_TYPE_OTHER_NOTIFICATION"
    assert statement["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    for broken in (
        replace(VALUES, decision_visibility=[]),
        replace(VALUES, category="STATEMENT_CATEGORY_DOXXING"),
        replace(VALUES, territorial_scope=["US"]),
        replace(VALUES, facts=""),
        replace(VALUES, content_date="1 Nov 2026"),
        # a category the database's current list no longer has
        replace(VALUES, category="STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT"),
        # "other" needs its free text, which the export does not send
        replace(VALUES, decision_visibility=["DECISION_VISIBILITY_OTHER"]),
        replace(VALUES, content_type=["CONTENT_TYPE_OTHER"]),
    ):
        with pytest.raises(ExportRefused, match="schema"):
            dsa_statement(demand=demand, actor=hana, values=broken)
    with pytest.raises(ExportRefused):
        check_statement({k: v for k, v in statement.items() if k != "decision_ground"})
    with pytest.raises(ExportRefused):
        check_statement({**statement, "illegal_content_legal_ground": ""})
    # the fields and codes of the database's own validation rules (docs/demands.md)
    check_statement({**statement, "category": "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"})
    check_statement(
        {
            **statement,
            "decision_visibility": ["DECISION_VISIBILITY_OTHER"],
            "decision_visibility_other": "Hidden from search in one country",
            "category_addition": ["STATEMENT_CATEGORY_CONSUMER_INFORMATION"],
            "end_date_visibility_restriction": "2027-01-01",
        }
    )
    with pytest.raises(ExportRefused):  # the "other" text without "other"
        check_statement({**statement, "decision_visibility_other": "x"})
