"""Writes of the directory's pages that the core services (rightsdesk.partners.services.directory:
partner_save, vetting_record, member_add, override_permission_set) do not already make: opening
an organisation's sealed parts (audited), confirming capacity, the team's notes, deactivating a
partner user, and the HSDS export and import. Each is atomic and audited; refusals are
`DirectoryRefused` (or `AdminOnly`) and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import ApiToken, User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.partners.directory.hsds import PackageInvalid, export_package, read_package
from rightsdesk.partners.models import Partner, PartnerMember, ReferralWrap, Vetting
from rightsdesk.partners.services.directory import (
    DirectoryRefused,
    OpenedVetting,
    notes_open,
    partner_save,
    vetting_open,
    vetting_record,
)


@dataclass(frozen=True)
class OpenedPartner:
    partner: Partner
    notes: str
    vettings: list[OpenedVetting]


def _team_only(actor: User) -> None:
    if not actor.is_team:
        raise DirectoryRefused(_("Only the team keeps the directory."))


def partner_open(*, actor: User, partner: Partner) -> OpenedPartner:
    """The organisation with what is sealed about it (the team's notes, each vetting's voucher
    and evidence), opened for a team member; the read is audited."""
    _team_only(actor)
    with transaction.atomic():
        vettings = [vetting_open(v) for v in partner.vettings.order_by("-expires_on", "-id")]
        opened = OpenedPartner(partner=partner, notes=notes_open(partner), vettings=vettings)
        audit_record(
            actor=actor_label(actor),
            action="partner.read",
            target_type="partner",
            target_id=str(partner.uid),
        )
    return opened


def capacity_confirm(
    *, actor: User, partner: Partner, capacity: int, version: int, today: date
) -> Partner:
    """The organisation confirmed how many open referrals it can take: the number and today's
    date. Refused from an older page (`DirectoryStale`)."""
    _team_only(actor)
    return partner_save(
        actor=actor,
        partner=partner,
        version=version,
        values={"capacity": capacity, "capacity_confirmed_on": today},
    )


def notes_save(*, actor: User, partner: Partner, notes: str, version: int) -> Partner:
    """Replace the team's sealed notes about an organisation."""
    _team_only(actor)
    return partner_save(actor=actor, partner=partner, version=version, values={}, notes=notes)


def member_deactivate(*, actor: User, partner: Partner, user: User) -> None:
    """An admin ends a partner user's access: inactive (no sign-in, no page, no API), their
    referral key wraps and API tokens deleted, so their key opens nothing even if it were
    re-activated. The user row stays for the audit log."""
    require_admin(actor)
    if not PartnerMember.objects.filter(partner=partner, user=user).exists():
        raise DirectoryRefused(_("This person does not sign in for this organisation."))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        ReferralWrap.objects.filter(user=locked, kind=ReferralWrap.Kind.MEMBER).delete()
        ApiToken.objects.filter(user=locked).delete()
        audit_record(
            actor=actor_label(actor),
            action="partner.member.deactivate",
            target_type="user",
            target_id=locked.pk,
        )


def hsds_export(*, actor: User, confidential: bool = False) -> bytes:
    """The whole directory as an HSDS data package (zip). For admins, audited. With
    `confidential` the package holds in clear what the database seals (who vouched, the
    evidence, the team's notes): a deliberate choice, audited apart."""
    require_admin(actor)
    partners = list(Partner.objects.prefetch_related("vettings"))
    data = export_package(partners, confidential=confidential)
    audit_record(
        actor=actor_label(actor),
        action="partner.export.confidential" if confidential else "partner.export",
        target_type="directory",
        target_id=len(partners),
    )
    return data


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    vettings: int


def hsds_import(*, actor: User, data: bytes) -> ImportResult:
    """Import an HSDS data package: everything is checked first (rightsdesk.partners.directory.
    hsds.load); then, in one transaction, each organisation is created (keeping its id) or
    updated (same id), and each vetting not yet recorded is added. Nothing is deleted. Raises
    `PackageInvalid` (every problem, by file and row) and writes nothing when anything is
    wrong. For admins; audited."""
    require_admin(actor)
    imported = read_package(data)
    created = updated = vettings = 0
    try:
        with transaction.atomic():
            for entry in imported:
                existing = Partner.objects.filter(uid=entry.uid).first()
                row = partner_save(
                    actor=actor,
                    values=entry.values,
                    notes=entry.notes,
                    partner=existing,
                    uid=None if existing else entry.uid,
                )
                created, updated = created + (existing is None), updated + (existing is not None)
                for vetting in entry.vettings:
                    recorded = Vetting.objects.filter(uid=vetting.uid).first()
                    if recorded is not None and recorded.partner_id != row.pk:
                        raise DirectoryRefused(
                            _("Vetting %(id)s belongs to another organisation.")
                            % {"id": vetting.uid}
                        )
                    if recorded is not None:
                        continue  # a vetting is never edited: the one recorded stays
                    vetting_record(
                        actor=actor,
                        partner=row,
                        vetted_on=vetting.vetted_on,
                        expires_on=vetting.expires_on,
                        vouched_by=vetting.vouched_by,
                        evidence=vetting.evidence,
                        uid=vetting.uid,
                    )
                    vettings += 1
            audit_record(
                actor=actor_label(actor),
                action="partner.import",
                target_type="directory",
                target_id=f"{created}+{updated}",
            )
    except DirectoryRefused as refused:
        raise PackageInvalid([refused.message]) from None
    return ImportResult(created=created, updated=updated, vettings=vettings)
