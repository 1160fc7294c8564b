"""Writes for protected volunteers: register (`protect`), withdraw (`protection_withdraw`).

The values a handler types (a name, an address, a number) are hashed in memory and dropped:
only keyed digests reach the database, and the audit line names the case and the kinds, never a
value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.models import Case
from rightsdesk.cases.vocabulary import Status
from rightsdesk.core.refusals import Refused
from rightsdesk.wikisafety.detection.protected import ProtectedKind, phrase_digests
from rightsdesk.wikisafety.keys import protected_digester
from rightsdesk.wikisafety.models import ProtectedPhrase, ProtectedVolunteer
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind

__all__ = ["Consent", "ProtectedEntry", "WikisafetyRefused", "protect", "protection_withdraw"]

# A case in one of these states protects no one any more.
ENDED = frozenset({Status.CLOSED, Status.RESOLVED, Status.DUPLICATE, Status.OUT_OF_MANDATE})
MAX_ENTRIES = 40
MAX_VALUE_LENGTH = 300


class WikisafetyRefused(Refused):
    """A wikisafety step that cannot be taken (400 "wikisafety_refused"); nothing changed."""

    code = "wikisafety_refused"


@dataclass(frozen=True, slots=True)
class ProtectedEntry:
    """One value to protect, as typed: its kind and the text (held in memory only)."""

    kind: PhraseKind
    value: str


@dataclass(frozen=True, slots=True)
class Consent:
    """The volunteer's consent: when they gave it and how (the actor records it)."""

    given_at: datetime
    means: ConsentMeans


def protect(
    *, case: Case, actor: User, entries: Sequence[ProtectedEntry], consent: Consent
) -> ProtectedVolunteer:
    """Register a volunteer's identifiers for the watcher, as keyed digests only, and audit it.

    Call after `rightsdesk.cases.access.access_case(actor, case.number)`: this checks that the
    actor is an active team member, the case is open and the consent is recorded, not that the
    actor may read the case. Phone numbers are read with the case's country as the region when
    they are not written in international format. Raises WikisafetyRefused (nothing stored)
    when an entry yields nothing to match (an empty name, a number no region makes valid); the
    message names the entry by its position, never by its value.
    """
    if not (actor.is_active and actor.is_team):
        raise WikisafetyRefused(_("Only an active member of the team can do this."))
    if case.status in ENDED:
        raise WikisafetyRefused(_("Only a volunteer in an open case can be protected."))
    if consent.means not in ConsentMeans.values:
        raise WikisafetyRefused(_("Record how the volunteer gave their consent."))
    now = timezone.now()
    if consent.given_at > now + timedelta(minutes=5):
        raise WikisafetyRefused(_("The volunteer's consent cannot be dated in the future."))
    if not entries:
        raise WikisafetyRefused(_("Enter at least one thing to protect."))
    if len(entries) > MAX_ENTRIES:
        raise WikisafetyRefused(
            _("Enter at most %(count)d things to protect at once.") % {"count": MAX_ENTRIES}
        )
    digester = protected_digester()
    regions = (case.country.upper(),) if case.country else ()
    planned = []
    for number, entry in enumerate(entries, start=1):
        if entry.kind not in PhraseKind.values or len(entry.value) > MAX_VALUE_LENGTH:
            raise WikisafetyRefused(_("Entry %(number)d is not valid.") % {"number": number})
        digests = phrase_digests(ProtectedKind(entry.kind), entry.value, digester, regions)
        if not digests:
            if entry.kind == PhraseKind.PHONE:
                message = _("Entry %(number)d is not a valid phone number.")
            else:
                message = _("Entry %(number)d has no words to look for.")
            raise WikisafetyRefused(message % {"number": number})
        planned.append((PhraseKind(entry.kind), digests))
    with transaction.atomic():
        volunteer = ProtectedVolunteer.objects.create(
            case=case,
            consent_recorded_by=actor,
            consent_given_at=consent.given_at,
            consent_means=consent.means,
            registered_at=now,
            kinds=sorted({kind.value for kind, _digests in planned}),
        )
        ProtectedPhrase.objects.bulk_create(
            ProtectedPhrase(
                volunteer=volunteer,
                phrase=phrase,
                kind=kind,
                digest=digest.digest.hex(),
                part=digest.part,
                parts=digest.parts,
            )
            for phrase, (kind, digests) in enumerate(planned)
            for digest in digests
        )
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.protect",
            target_type="case",
            target_id=f"{case.number}:protected:{volunteer.pk}",
        )
    return volunteer


def protection_withdraw(*, volunteer: ProtectedVolunteer, actor: User) -> None:
    """Stop protecting: the digests are deleted, the row stays (withdrawn) for the audit.

    Call after `access_case(actor, volunteer.case.number)`. Idempotent."""
    if not (actor.is_active and actor.is_team):
        raise WikisafetyRefused(_("Only an active member of the team can do this."))
    with transaction.atomic():
        locked = ProtectedVolunteer.objects.select_for_update().get(pk=volunteer.pk)
        if locked.withdrawn_at is not None:
            return
        ProtectedPhrase.objects.filter(volunteer=locked).delete()
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.protect_withdraw",
            target_type="case",
            target_id=f"{locked.case.number}:protected:{locked.pk}",
        )
    volunteer.withdrawn_at = locked.withdrawn_at
