"""Exports in the field's formats: a content-alteration decision as an EU DSA statement of
reasons (validated against the schema kept in rightsdesk/demands/schemas, refused when it does
not validate), and a Lumen-style notice whose body is redacted for publication while the
original stays sealed, approved by a second person before it can be exported."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.demands import keys
from rightsdesk.demands.models import Demand, PublicNotice
from rightsdesk.demands.redaction import redact
from rightsdesk.demands.services.common import DemandRefused, audit, require_handler
from rightsdesk.demands.services.demands import demand_text
from rightsdesk.demands.vocabulary import (
    CONTENT_ALTERATION,
    DISCLOSING,
    GOVERNMENT,
    Decision,
    NoticeState,
)

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "dsa_statement.schema.json"


class ExportRefused(DemandRefused):
    code = "export_refused"


@cache
def dsa_validator() -> Any:
    return jsonschema_rs.validator_for(json.loads(SCHEMA.read_text()))


def dsa_problems(statement: dict[str, Any]) -> list[str]:
    """What the schema finds wrong with `statement` ([] when it validates)."""
    return sorted(
        f"{'/'.join(str(p) for p in error.instance_path) or '(statement)'}: {error.message}"
        for error in dsa_validator().iter_errors(statement)
    )


@dataclass(frozen=True)
class DsaValues:
    """What the handler adds to the demand's clear metadata (the form's cleaned data)."""

    decision_visibility: list[str]
    decision_ground: str
    category: str
    content_type: list[str]
    territorial_scope: list[str]
    content_date: str
    legal_ground: str
    explanation: str
    facts: str


def dsa_statement(*, demand: Demand, actor: User, values: DsaValues) -> dict[str, Any]:
    """The statement of reasons for a content change or removal done on a demand (decided to
    comply, in whole or in part), validated; `ExportRefused` names what failed. Audited."""
    require_handler(actor)
    if not set(demand.asks) & CONTENT_ALTERATION or demand.decision not in DISCLOSING:
        raise ExportRefused(
            _("A statement of reasons is made for content changed or removed on a demand.")
        )
    ground = values.decision_ground
    statement: dict[str, Any] = {
        "decision_visibility": values.decision_visibility,
        "decision_ground": ground,
        "category": values.category,
        "content_type": values.content_type,
        "content_date": values.content_date,
        "application_date": (demand.decided_at or demand.state_since).date().isoformat(),
        "decision_facts": values.facts,
        "source_type": "SOURCE_TYPE_OTHER_NOTIFICATION",
        "automated_detection": "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "puid": str(demand.uid),
    }
    if values.territorial_scope:
        statement["territorial_scope"] = values.territorial_scope
    if ground == "DECISION_GROUND_ILLEGAL_CONTENT":
        statement["illegal_content_legal_ground"] = values.legal_ground
        statement["illegal_content_explanation"] = values.explanation
    else:
        statement["incompatible_content_ground"] = values.legal_ground
        statement["incompatible_content_explanation"] = values.explanation
        statement["incompatible_content_illegal"] = "Yes"
    check_statement(statement)
    audit(demand, "export.dsa", actor)
    return statement


def check_statement(statement: dict[str, Any]) -> None:
    problems = dsa_problems(statement)
    if problems:
        raise ExportRefused(
            _("The statement of reasons does not pass the schema: %(problems)s")
            % {"problems": "; ".join(problems[:5])}
        )


def notice_prepare(
    *, demand: Demand, key: PrivateKey, actor: User, names: list[str], now: datetime
) -> PublicNotice:
    """Redact the demand's text as received (phones, e-mail addresses, national IDs and the
    `names` of private people) into a draft notice; the original stays in the demand's sealed
    body. Preparing again replaces the draft and takes any approval back. Call after
    `unlock_demand`."""
    require_handler(actor)
    original = str(demand_text(demand, key).get("text", ""))
    if not original.strip():
        raise DemandRefused(_("Record the demand's text as received first."))
    result = redact(original, names=names, country=demand.country)
    with write_transaction():
        notice = PublicNotice.objects.select_for_update().filter(demand=demand).first()
        notice = notice or PublicNotice(demand=demand, prepared_at=now)
        notice.state, notice.prepared_by, notice.prepared_at = NoticeState.DRAFT, actor, now
        notice.approved_by, notice.approved_at = None, None
        notice.masked = result.masked
        notice.body = keys.seal_json(
            {"redacted": result.text, "names": names},
            bytes(demand.public_key),
            table=keys.NOTICE,
            row=str(notice.uid),
        )
        notice.version += 1
        notice.save()
        audit(demand, "notice.prepare", actor)
    return notice


def notice_approve(*, demand: Demand, actor: User, now: datetime) -> None:
    """A second person approves the redacted text for publication (not who prepared it)."""
    require_handler(actor)
    with write_transaction():
        notice = PublicNotice.objects.select_for_update().filter(demand=demand).first()
        if notice is None:
            raise DemandRefused(_("Prepare the redacted notice first."))
        if notice.prepared_by_id == actor.pk:
            raise DemandRefused(
                _("Someone other than who prepared the redacted notice must approve it.")
            )
        notice.state, notice.approved_by, notice.approved_at = NoticeState.APPROVED, actor, now
        notice.version += 1
        notice.save()
        audit(demand, "notice.approve", actor)


ACTION_TAKEN: dict[str, str] = {
    Decision.COMPLY: "Yes",
    Decision.PARTLY: "Partial",
    Decision.REFUSE: "No",
}


def notice_export(*, demand: Demand, key: PrivateKey, actor: User) -> dict[str, Any]:
    """The approved notice in Lumen's shape (its `notices` fields): the redacted body only,
    never the original. Refused until a second person approved it. Call after `unlock_demand`."""
    require_handler(actor)
    notice = PublicNotice.objects.filter(demand=demand).first()
    if notice is None or notice.state != NoticeState.APPROVED:
        raise ExportRefused(_("The redacted notice must be approved before it is exported."))
    opened = keys.open_json(bytes(notice.body), key, table=keys.NOTICE, row=str(notice.uid))
    kind = "GovernmentRequest" if demand.requester_kind in GOVERNMENT else "Other"
    audit(demand, "export.notice", actor)
    return {
        "type": kind,
        "title": f"{demand.get_instrument_display()} ({demand.country})",
        "body": opened.get("redacted", ""),
        "date_sent": demand.sent_on.isoformat() if demand.sent_on else None,
        "date_received": demand.received_on.isoformat(),
        "request_type": demand.instrument,
        "jurisdiction_list": [demand.country],
        "action_taken": ACTION_TAKEN.get(demand.decision, "Unspecified"),
        "sender_role": demand.requester_kind,
        "recipient": "rightsdesk",
        "redactions": notice.masked,
    }
