"""The directory of partner organisations, their vetting, and the people who sign in for them.

What an organisation offers (services, languages, countries and regions, who it serves, hours,
committed response time, capacity, contact channels, an OpenPGP key) is clear: it is the team's
address book of organisations, not a record about a person at risk, and matching filters on it in
SQL; organisations that agree to be public are listed on the public site anyway. What the team
learned while vetting (who vouched, the evidence) and its own notes about an organisation are
sealed under the directory key (rightsdesk.partners.keys). docs/security/crypto.md lists each
column.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """An organisation the team refers volunteers to."""

    # Stable across exports and imports (the HSDS organization id).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("what they do"), max_length=2000, blank=True)
    services = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    countries = models.JSONField(default=list)
    regions = models.JSONField(default=list)
    worldwide = models.BooleanField(_("works worldwide"), default=False)
    serves = models.JSONField(default=list)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    response_hours = models.PositiveIntegerField(_("committed response time (hours)"), default=48)
    capacity = models.PositiveIntegerField(_("open referrals they can take"), default=0)
    capacity_confirmed_on = models.DateField(_("capacity last confirmed"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    signal = models.CharField(_("Signal"), max_length=60, blank=True)
    openpgp_key = models.TextField(_("OpenPGP public key"), max_length=100_000, blank=True)
    openpgp_fingerprint = models.CharField(max_length=40, blank=True)
    # Agreed to appear in the public list of support organisations.
    public = models.BooleanField(_("listed publicly"), default=False)
    # A conflict of interest or a reason not to refer anyone there for now (reason in `notes`).
    do_not_refer = models.BooleanField(_("do not refer"), default=False)
    # The team's own notes about the organisation: sealed under the directory key.
    notes = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def vetting_valid_on(self, day: date) -> bool:
        """Whether a vetting covers `day` (uses prefetched `vettings` when present)."""
        return any(v.vetted_on <= day <= v.expires_on for v in self.vettings.all())


class Vetting(models.Model):
    """One vetting of a partner: when, until when, recorded by whom; who vouched for it and the
    evidence are sealed (`body`, JSON under the directory key, bound to `uid`). A partner with
    no vetting covering today receives no referral."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="vettings")
    vetted_on = models.DateField(_("vetted on"))
    expires_on = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.BinaryField()

    class Meta:
        ordering = ("-expires_on", "-id")

    def __str__(self) -> str:
        return f"vetting of {self.partner_id} until {self.expires_on}"


class PartnerMember(models.Model):
    """A user (role `partner`) who signs in for a partner organisation. One organisation each."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )

    def __str__(self) -> str:
        return f"user {self.user_id} of partner {self.partner_id}"
