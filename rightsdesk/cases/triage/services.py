"""Writes of triage: the classification, and the vetting and mandate steps (audited).

Nothing here checks permissions: call after `access_case`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.editing import CaseEdit, EditRefused, StaleEdit, case_edit
from rightsdesk.cases.models import Case, TriageStep
from rightsdesk.cases.services import message_post
from rightsdesk.cases.vocabulary import (
    ActorType,
    Affected,
    Mandate,
    Right,
    Status,
    TargetReason,
    ThreatType,
    Vetting,
)
from rightsdesk.core.db import write_transaction

NOTE_MAX = 2_000

REFERRAL_MAX = 5_000

# Shipped texts mark what a handler must fill in as [[...]] (rightsdesk.cases.replies); a referral
# that still has one would tell a person in danger "[[name of the organisation]]".
UNFILLED = re.compile(r"\[\[.*?\]\]", re.DOTALL)


class TriageRefused(EditRefused):
    """A step that cannot be recorded as asked; `message` says why, nothing was written."""


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise TriageRefused(_("The note is too long (at most 2,000 characters)."))
    return note


def _record(*, case: Case, kind: str, outcome: str, note: str, actor: User) -> TriageStep:
    """Write the step and its audit entry; the caller holds the transaction."""
    step = TriageStep(case=case, kind=kind, outcome=outcome, author=actor, at=timezone.now())
    if note:
        step.body = sealed.seal_triage_note(note, bytes(case.public_key), str(step.uid))
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


@dataclass(frozen=True)
class ClassificationEdit:
    """A whole classification, as the handler left the form (empty lists clear a field)."""

    version: int
    threat_types: list[str]
    rights: list[str]
    actor_types: list[str]
    reasons: list[str]
    affected: list[str]


def _codes(values: list[str], allowed: list[str]) -> list[str]:
    chosen = sorted(set(values))
    if not set(chosen) <= set(allowed):
        raise EditRefused(_("Choose only from the lists shown."))
    return chosen


def case_classify(*, case: Case, edit: ClassificationEdit, actor: User) -> Case:
    """Store the classification if the case is still at `edit.version`; returns the fresh case.

    Raises EditRefused (an unknown code) or StaleEdit (someone changed the case first); in both
    cases nothing is written. The audit entry names the action, never the values chosen.
    """
    threat_types = _codes(edit.threat_types, ThreatType.values)
    rights = _codes(edit.rights, Right.values)
    classification = sealed.Classification(
        actor_types=_codes(edit.actor_types, ActorType.values),
        reasons=_codes(edit.reasons, TargetReason.values),
        affected=_codes(edit.affected, Affected.values),
    )
    ciphertext = sealed.seal_classification(classification, bytes(case.public_key), case.number)
    with write_transaction():
        updated = Case.objects.filter(pk=case.pk, version=edit.version).update(
            threat_types=threat_types,
            rights=rights,
            classification=ciphertext,
            version=F("version") + 1,
            updated_on=timezone.now().date(),
        )
        if not updated:
            raise StaleEdit(
                _(
                    "Someone changed this case in the meantime. Check the current "
                    "state and try again."
                )
            )
        audit_record(
            actor=actor_label(actor),
            action="case.classify",
            target_type="case",
            target_id=case.number,
        )
    return Case.objects.get(pk=case.pk)
