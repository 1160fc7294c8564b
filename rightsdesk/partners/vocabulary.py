"""The partner network's vocabulary. Codes are stored and exchanged (API, HSDS); labels translate.

Codes are stable identifiers: never rename one. The referral states follow the closed-loop task of
HL7 FHIR SDOH (requested, received, accepted or rejected, in progress, completed, failed,
cancelled) with the states consent adds (awaiting consent, withdrawn by the volunteer, expired).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Service(models.TextChoices):
    LEGAL = "legal", _("Legal support")
    DIGITAL_SECURITY = "digital_security", _("Digital security help")
    THREAT_MONITORING = "threat_monitoring", _("Threat monitoring")
    TRANSLATION = "translation", _("Translation")
    COUNSELLING = "counselling", _("Counselling")
    SUPPORT_GROUP = "support_group", _("Support group")
    PHYSICAL_SECURITY = "physical_security", _("Physical security")
    RELOCATION = "relocation", _("Relocation")
    ADVOCACY = "advocacy", _("Advocacy")
    EMERGENCY_FUNDS = "emergency_funds", _("Emergency funds")


class Beneficiary(models.TextChoices):
    """Who an organisation serves (its constituency)."""

    CONTRIBUTORS = "contributors", _("Open-knowledge contributors")
    JOURNALISTS = "journalists", _("Journalists and media workers")
    DEFENDERS = "defenders", _("Human-rights defenders and activists")
    WOMEN = "women", _("Women")
    LGBTQ = "lgbtq", _("LGBTQ+ people")
    YOUTH = "youth", _("Young people")
    MINORITIES = "minorities", _("Ethnic, religious and linguistic minorities")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisations")
    ANYONE = "anyone", _("Anyone")


class State(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting the volunteer's consent")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a second approval (without consent)")
    SENT = "sent", _("Sent")
    RECEIVED = "received", pgettext_lazy("referral state", "Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    WITHDRAWN = "withdrawn", _("Withdrawn by the volunteer")
    EXPIRED = "expired", _("Expired")


# The states a referral may move to from each state. Everything else is refused. Closed states
# (no way out) keep their record; `WITHDRAWN`, `CANCELLED` and `EXPIRED` also delete the packet.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFTED: frozenset(
        {State.AWAITING_CONSENT, State.AWAITING_APPROVAL, State.SENT, State.CANCELLED}
    ),
    # The volunteer's "no" ends a referral as withdrawn; the partner never saw it.
    State.AWAITING_CONSENT: frozenset(
        {State.SENT, State.WITHDRAWN, State.AWAITING_APPROVAL, State.CANCELLED, State.EXPIRED}
    ),
    State.AWAITING_APPROVAL: frozenset({State.SENT, State.CANCELLED, State.EXPIRED}),
    State.SENT: frozenset(
        {State.RECEIVED, State.ACCEPTED, State.DECLINED, State.CANCELLED, State.WITHDRAWN}
        | {State.EXPIRED}
    ),
    State.RECEIVED: frozenset(
        {State.ACCEPTED, State.DECLINED, State.CANCELLED, State.WITHDRAWN, State.EXPIRED}
    ),
    State.ACCEPTED: frozenset(
        {State.IN_PROGRESS, State.COMPLETED, State.FAILED, State.CANCELLED}
        | {State.WITHDRAWN, State.EXPIRED}
    ),
    State.IN_PROGRESS: frozenset(
        {State.COMPLETED, State.FAILED, State.CANCELLED, State.WITHDRAWN, State.EXPIRED}
    ),
    State.DECLINED: frozenset(),
    State.COMPLETED: frozenset(),
    State.FAILED: frozenset(),
    State.CANCELLED: frozenset(),
    State.WITHDRAWN: frozenset(),
    State.EXPIRED: frozenset(),
}

CLOSED = frozenset(state for state, nexts in TRANSITIONS.items() if not nexts)
# A referral in one of these states holds a packet the partner can open.
DELIVERED = frozenset({State.SENT, State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS})
# Before the packet goes: nothing has left the team yet.
PENDING = frozenset({State.DRAFTED, State.AWAITING_CONSENT, State.AWAITING_APPROVAL})
# What a partner's user may move a referral to (the rest is the team's or the volunteer's).
PARTNER_MOVES = frozenset(
    {State.RECEIVED, State.ACCEPTED, State.DECLINED, State.IN_PROGRESS}
    | {State.COMPLETED, State.FAILED}
)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity at the moment")
    OUT_OF_SCOPE = "out_of_scope", _("Outside what we do")
    LANGUAGE = "language", _("We do not work in the volunteer's language")
    REGION = "region", _("We do not work in the volunteer's country or region")
    CONFLICT = "conflict", _("Conflict of interest")
    SAFETY = "safety", _("Taking it on would put someone at risk")
    OTHER = "other", _("Another reason (explained in an update)")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("The need was met")
    PARTLY = "partly", _("The need was partly met")
    NOT_MET = "not_met", _("The need could not be met")
    UNREACHABLE = "unreachable", _("The volunteer could not be reached")
    DECLINED_BY_VOLUNTEER = "declined_by_volunteer", _("The volunteer no longer wanted help")
    REFERRED_ON = "referred_on", _("Referred on to another organisation")


class Piece(models.TextChoices):
    """What of a case can go in a referral packet. Messages and files are chosen one by one
    (`message:<uid>`, `file:<uid>`); these are the rest."""

    NARRATIVE = "narrative", _("What happened, in the volunteer's words")
    CONTACT = "contact", _("How to reach the volunteer")
    COUNTRY = "country", _("Country")
    THREAT_TYPES = "threat_types", _("Kinds of threat")
    SUMMARY = "summary", _("A summary written by the team")


class ConsentChannel(models.TextChoices):
    """How a consent decision reached the ledger."""

    INBOX = "inbox", _("In the volunteer's inbox")
    PHONE = "phone", _("By phone, recorded by a team member")
    MESSENGER = "messenger", _("By a messenger app, recorded by a team member")
    EMAIL = "email", _("By e-mail, recorded by a team member")
    IN_PERSON = "in_person", _("In person, recorded by a team member")
    OVERRIDE = "override", _("Without consent, approved by two team members")


class ConsentDecision(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OVERRIDDEN = "overridden", _("Referred without consent")


# The version of the consent text a volunteer is shown (templates/partners/consent/*.html). Change
# it whenever that text changes: the ledger records which version each decision was made on.
CONSENT_TEXT_VERSION = "2026-12-1"
