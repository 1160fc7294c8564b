"""Recorded triage steps: vetting a report, and checking it is within the team's mandate.

Each step is a `TriageStep` row (kind, outcome, who, when) with an optional internal note sealed to
the case and bound to the step's uid. A mandate check that finds the case OUT of mandate is not
just a record: the person still needs help, so it requires a referral text (where they can get help
instead) and, in one transaction, records the step, sends that text to the reporter as a team
message and moves the case to `out_of_mandate` through `case_edit` (same optimistic lock, same
audit). If any part fails, nothing happened.

Nothing here checks permissions: call after `access_case`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.editing import CaseEdit, EditRefused, case_edit
from rightsdesk.cases.models import Case, TriageStep
from rightsdesk.cases.services import message_post
from rightsdesk.cases.vocabulary import Mandate, Status, Vetting
from rightsdesk.core.db import write_transaction

NOTE_MAX = 2_000
REFERRAL_MAX = 5_000
# Shipped texts mark what a handler must fill in as [[...]] (rightsdesk.cases.replies); a referral
# that still has one would tell a person in danger "[[name of the organisation]]".
UNFILLED = re.compile(r"\[\[.*?\]\]", re.DOTALL)


class TriageRefused(EditRefused):
    """A step that cannot be recorded as asked; `message` says why, nothing was written."""


@dataclass(frozen=True)
class OpenedStep:
    kind: str
    kind_label: str
    outcome: str
    outcome_label: str
    by: str
    at: datetime
    note: str


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise TriageRefused(_("The note is too long (at most 2,000 characters)."))
    return note


def _record(*, case: Case, kind: str, outcome: str, note: str, actor: User) -> TriageStep:
    """Write the step and its audit entry; the caller holds the transaction."""
    step = TriageStep(case=case, kind=kind, outcome=outcome, by=actor, at=timezone.now())
    if note:
        step.note = sealed.seal_triage_note(note, bytes(case.public_key), str(step.uid))
    step.save()
    audit_record(
        actor=actor_label(actor),
        action=f"case.triage.{kind}",
        target_type="case",
        target_id=case.number,
    )
    return step


def vetting_record(*, case: Case, outcome: str, note: str, actor: User) -> TriageStep:
    """Record how the report was vetted (`Vetting`). Raises TriageRefused; nothing written."""
    if outcome not in Vetting.values:
        raise TriageRefused(_("Choose a vetting outcome."))
    note = _note(note)
    with write_transaction():
        return _record(
            case=case, kind=TriageStep.Kind.VETTING, outcome=outcome, note=note, actor=actor
        )


def mandate_record(
    *, case: Case, outcome: str, note: str, referral: str, version: int, actor: User
) -> TriageStep:
    """Record the mandate check (`Mandate`).

    OUT needs `referral` (1 to 5,000 characters, every [[...]] filled in): it is sent to the
    reporter, and the case moves to out of mandate from `version` (StaleEdit if someone changed
    the case since). Raises TriageRefused or StaleEdit; in every refusal nothing is written.
    """
    if outcome not in Mandate.values:
        raise TriageRefused(_("Choose whether the case is within our mandate."))
    note = _note(note)
    if outcome == Mandate.IN:
        with write_transaction():
            return _record(
                case=case, kind=TriageStep.Kind.MANDATE, outcome=outcome, note=note, actor=actor
            )
    referral = referral.strip()
    if not referral:
        raise TriageRefused(
            _(
                "Out of mandate needs a referral: tell the person where they can get help "
                "instead. It is sent to them."
            )
        )
    if len(referral) > REFERRAL_MAX:
        raise TriageRefused(_("The referral is too long (at most 5,000 characters)."))
    if UNFILLED.search(referral):
        raise TriageRefused(
            _("The referral still has parts in [[double brackets]]: fill them in before sending.")
        )
    with write_transaction():
        # The status first: a stale version refuses before anything else is written.
        case_edit(
            case=case,
            edit=CaseEdit(
                version=version,
                status=Status.OUT_OF_MANDATE,
                # An unacknowledged P1 closes only with a reason: the recorded check is one.
                reason="mandate check: out of mandate",
            ),
            actor=actor,
        )
        step = _record(
            case=case, kind=TriageStep.Kind.MANDATE, outcome=outcome, note=note, actor=actor
        )
        message_post(case=case, body=referral, author=actor)
    return step


def steps_opened(case: Case, key: PrivateKey) -> list[OpenedStep]:
    """The recorded steps of `case`, oldest first, notes opened with the case key.

    Call after `access_case`/`unlock_case`, while reading the case (which `case_open` audits).
    """
    labels: dict[str, dict[str, str]] = {
        TriageStep.Kind.VETTING: {code: str(label) for code, label in Vetting.choices},
        TriageStep.Kind.MANDATE: {code: str(label) for code, label in Mandate.choices},
    }
    kinds = {code: str(label) for code, label in TriageStep.Kind.choices}
    return [
        OpenedStep(
            kind=step.kind,
            kind_label=kinds.get(step.kind, step.kind),
            outcome=step.outcome,
            outcome_label=labels.get(step.kind, {}).get(step.outcome, step.outcome),
            by=step.by.username if step.by else "",
            at=step.at,
            note=(
                sealed.open_triage_note(bytes(step.note), key, str(step.uid))
                if bytes(step.note)
                else ""
            ),
        )
        for step in case.triage_steps.select_related("by")
    ]
