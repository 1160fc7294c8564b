"""Classifying a case with the team's vocabulary (DESIGN.md section 4).

Threat types and rights affected are clear metadata (section 3): they sort the queues and feed the
public reports. Actors, why the person was targeted and who is affected are not: they can point at
a person ("a fellow contributor", "a child", "because I am LGBTQ+"), so they are sealed to the case
as one JSON value in `Case.classification`, bound to the case number and the field.

An edit applies only if the case is still at the `version` the handler saw, exactly like
`rightsdesk.cases.editing.case_edit`; a stale form raises `StaleEdit` and changes nothing. Nothing
here checks permissions: call after `access_case`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.editing import EditRefused, StaleEdit
from rightsdesk.cases.models import Case
from rightsdesk.cases.vocabulary import ActorType, Affected, Right, TargetReason, ThreatType
from rightsdesk.core.db import write_transaction


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


def classification_of(case: Case, key: PrivateKey) -> sealed.Classification | None:
    """The sealed classification of `case`, or None while nobody has classified it.

    Opens with the case key the caller unlocked (after `access_case`); part of reading the case,
    which `case_open` audits.
    """
    if not bytes(case.classification):
        return None
    return sealed.open_classification(bytes(case.classification), key, case.number)


def classification_initial(
    case: Case, key: PrivateKey, report: sealed.ReportContent
) -> dict[str, object]:
    """What the classification form starts from: the team's last classification, or, before
    anyone classified the case, the reporter's own answers (actors, why they were targeted)."""
    current = classification_of(case, key)
    chosen = current or sealed.Classification(
        actor_types=list(report.actor_types), reasons=list(report.reasons)
    )
    return {
        "version": case.version,
        "threat_types": list(case.threat_types),
        "rights": list(case.rights),
        "actor_types": chosen.actor_types,
        "reasons": chosen.reasons,
        "affected": chosen.affected,
    }
