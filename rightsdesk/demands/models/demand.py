"""A demand and who may read it.

Each demand has its own X25519 key pair, like a case or an assessment: everything typed about it
(who exactly asks, the laws cited, what exactly is asked, the accounts and pages concerned, the
cases they link to, the demand's text as received, notes) is sealed to its public key and bound
to the row (rightsdesk.demands.keys); its private key is wrapped to each holder of the
`handle_demands` permission with a key (`DemandWrap`) and to the escrow key when one is set.
Clear columns are listed in docs/security/crypto.md with their reasons: the rules, the clock and
the transparency statistics run on them without a key.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.demands.vocabulary import (
    Channel,
    Decision,
    DelayReason,
    Instrument,
    Notify,
    RequesterKind,
    State,
)

_USER = settings.AUTH_USER_MODEL


class Demand(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester_kind = models.CharField(_("who asks"), max_length=20, choices=RequesterKind.choices)
    # ISO 3166-1 alpha-2, for the statistics by country (and region).
    country = models.CharField(_("country"), max_length=2)
    instrument = models.CharField(_("instrument"), max_length=30, choices=Instrument.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    gag_order = models.BooleanField(_("gag order"), default=False)
    gag_until = models.DateField(_("gag order ends"), null=True, blank=True)
    # Ask codes (vocabulary.Ask): user data (content, non-content), content change or removal.
    asks = models.JSONField(default=list)
    # How many accounts the demand names (potentially affected) and, once acted on, how many
    # were actually affected and notified: the transparency report's three counts.
    accounts_named = models.PositiveIntegerField(default=0)
    accounts_affected = models.PositiveIntegerField(default=0)
    accounts_notified = models.PositiveIntegerField(default=0)
    # Whether laws were cited (their text is sealed): rule 3 asks without a key.
    has_laws = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED)
    state_since = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    # Emergency fast path: decided without the review, which is owed afterwards.
    fast_path = models.BooleanField(default=False)
    emergency_reviewed_at = models.DateTimeField(null=True, blank=True)
    notify = models.CharField(max_length=10, choices=Notify.choices, blank=True)
    delay_reason = models.CharField(max_length=20, choices=DelayReason.choices, blank=True)
    notify_review_on = models.DateField(null=True, blank=True)
    user_notified_at = models.DateTimeField(null=True, blank=True)
    # The clock's reminders: kind -> the day it last told the readers (once a day at most).
    told_on = models.JSONField(default=dict)
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    public_key = models.BinaryField()
    # Sealed JSON {"requester_name", "reference", "laws", "summary", "text", "accounts",
    # "pages", "cases"}, bound to (uid, "body").
    body = models.BinaryField()
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-received_on", "-id")
        permissions = (("handle_demands", "Can handle government demands"),)

    def __str__(self) -> str:
        return f"demand {self.uid}"


class DemandWrap(models.Model):
    """The demand's private key sealed to one reader (kind USER) or to the escrow key."""

    class Kind(models.TextChoices):
        USER = "user", _("Team member")
        ESCROW = "escrow", _("Escrow")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="wraps")
    user = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.CASCADE, related_name="demand_wraps"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wrap = models.BinaryField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("demand", "user"), name="demands_one_wrap_each"),
        )

    def __str__(self) -> str:
        return f"wrap of {self.demand_id} for {self.user_id or self.kind}"
