"""Writes on the directory: organisations, their vetting, the users who sign in for them, and
who may ask to refer without consent. Admins and handlers keep the directory; adding a partner
user and granting the override permission are for admins (rightsdesk.accounts.policy)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.accounts.services import ProvisionedUser, user_create
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.refusals import Refused
from rightsdesk.partners import keys
from rightsdesk.partners.models import Partner, PartnerMember, Vetting
from rightsdesk.partners.remote import openpgp

# The clear fields a partner row has (the directory form and the HSDS import write these).
FIELDS = (
    "name", "description", "services", "languages", "countries", "regions", "worldwide",
    "serves", "hours", "time_zone", "response_hours", "capacity", "capacity_confirmed_on",
    "website", "email", "phone", "signal", "openpgp_key", "openpgp_fingerprint", "public",
    "do_not_refer",
)  # fmt: skip
VETTING_MAX_DAYS = 3 * 366


class DirectoryRefused(Refused):
    code = "directory_refused"


class DirectoryStale(DirectoryRefused):
    status = 409
    code = "directory_stale"
    keeps_input = False


def _audit(actor: User | None, action: str, partner: Partner) -> None:
    audit_record(
        actor=actor_label(actor, system="import"),
        action=f"partner.{action}",
        target_type="partner",
        target_id=str(partner.uid),
    )


def notes_open(partner: Partner) -> str:
    value = keys.open_directory(
        bytes(partner.notes), table="partners_partner", row=str(partner.uid), field="notes"
    )
    return str(value.get("text", ""))


def partner_save(
    *,
    actor: User | None,
    values: dict[str, Any],
    notes: str | None = None,
    partner: Partner | None = None,
    version: int | None = None,
    uid: uuid.UUID | None = None,
) -> Partner:
    """Create (`partner` None) or update a directory entry from cleaned `values` (the fields in
    FIELDS; forms.PartnerForm and the HSDS import clean them). `notes` (sealed) is left as it is
    when None. An update from an older version is refused. `uid` names a new entry (the HSDS
    import keeps the organisation's id); a fresh one otherwise."""
    if actor is not None and not actor.is_team:
        raise DirectoryRefused(_("Only the team keeps the directory."))
    values = _with_openpgp(values)
    with transaction.atomic():
        if partner is None:
            row = Partner() if uid is None else Partner(uid=uid)
            action = "create"
        else:
            row = Partner.objects.select_for_update().get(pk=partner.pk)
            if version is not None and version != row.version:
                raise DirectoryStale(
                    _("Someone changed this organisation meanwhile. Here it is as it is now.")
                )
            row.version += 1
            action = "edit"
        for name in FIELDS:
            if name in values:
                setattr(row, name, values[name])
        if Partner.objects.filter(name__iexact=row.name).exclude(pk=row.pk).exists():
            raise DirectoryRefused(_("An organisation with this name is already listed."))
        if notes is not None:
            row.notes = keys.seal_directory(
                {"text": notes}, table="partners_partner", row=str(row.uid), field="notes"
            )
        row.save()
        _audit(actor, action, row)
    return row


def _with_openpgp(values: dict[str, Any]) -> dict[str, Any]:
    """The key and the fingerprint to store, always together: the fingerprint is computed from
    the key (GnuPG, offline), and one given beside it must match. A fingerprint alone is never
    stored, so the one the OpenPGP referrals check against is always the saved key's own.
    Raises openpgp.KeyRefused for a key that cannot be used."""
    if "openpgp_key" not in values:
        return {name: value for name, value in values.items() if name != "openpgp_fingerprint"}
    key = str(values["openpgp_key"] or "").strip()
    if not key:
        return {**values, "openpgp_key": "", "openpgp_fingerprint": ""}
    found = openpgp.fingerprint_of(key)
    given = openpgp.normalised_fingerprint(str(values.get("openpgp_fingerprint") or ""))
    if given and given != found:
        raise openpgp.KeyRefused(
            _("The fingerprint does not match the key: check both with the organisation.")
        )
    return {**values, "openpgp_key": key, "openpgp_fingerprint": found}


@dataclass(frozen=True)
class OpenedVetting:
    vetting: Vetting
    vouched_by: str
    evidence: str


def vetting_record(
    *,
    actor: User | None,
    partner: Partner,
    vetted_on: date,
    expires_on: date,
    vouched_by: str,
    evidence: str,
    uid: uuid.UUID | None = None,
) -> Vetting:
    """Record a vetting; who vouched and the evidence are sealed under the directory key. `uid`
    names it (the HSDS import keeps the vetting's id); a fresh one otherwise."""
    if actor is not None and not actor.is_team:
        raise DirectoryRefused(_("Only the team keeps the directory."))
    if not vetted_on <= expires_on or (expires_on - vetted_on).days > VETTING_MAX_DAYS:
        raise DirectoryRefused(_("A vetting ends after it starts and lasts at most three years."))
    if not vouched_by.strip():
        raise DirectoryRefused(_("Say who vouched for the organisation."))
    with transaction.atomic():
        vetting = Vetting(
            partner=partner, vetted_on=vetted_on, expires_on=expires_on, recorded_by=actor
        )
        if uid is not None:
            vetting.uid = uid
        vetting.body = keys.seal_directory(
            {"vouched_by": vouched_by.strip(), "evidence": evidence.strip()},
            table="partners_vetting",
            row=str(vetting.uid),
            field="body",
        )
        vetting.save()
        _audit(actor, "vetting", partner)
    return vetting


def vetting_open(vetting: Vetting) -> OpenedVetting:
    value = keys.open_directory(
        bytes(vetting.body), table="partners_vetting", row=str(vetting.uid), field="body"
    )
    return OpenedVetting(
        vetting=vetting,
        vouched_by=str(value.get("vouched_by", "")),
        evidence=str(value.get("evidence", "")),
    )


def member_add(*, actor: User, partner: Partner, username: str, password: str) -> ProvisionedUser:
    """An admin creates a user who signs in for `partner` (role `partner`, a key pair and TOTP
    like the team). Raises ValidationError for a taken name or a weak password."""
    require_admin(actor)
    with transaction.atomic():
        provisioned = user_create(
            username=username, role=User.Role.PARTNER, password=password, actor=actor_label(actor)
        )
        PartnerMember.objects.create(partner=partner, user=provisioned.user)
        _audit(actor, "member.add", partner)
    return provisioned


def override_permission_set(*, actor: User, user: User, allowed: bool) -> None:
    """An admin gives (or takes) a team member the permission to ask to refer without consent."""
    require_admin(actor)
    if not user.is_team:
        raise DirectoryRefused(_("Only team members can hold this permission."))
    permission = Permission.objects.get(
        codename="override_consent", content_type__app_label="partners"
    )
    with transaction.atomic():
        if allowed:
            user.user_permissions.add(permission)
        else:
            user.user_permissions.remove(permission)
        audit_record(
            actor=actor_label(actor),
            action="partner.override_permission." + ("grant" if allowed else "revoke"),
            target_type="user",
            target_id=user.pk,
        )
