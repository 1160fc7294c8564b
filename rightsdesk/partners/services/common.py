"""What the referral services share: the refusal, the audit line, eligibility, taking the
partner's access away."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.refusals import Refused
from rightsdesk.partners.models import Partner, Referral, ReferralUpdate, ReferralWrap
from rightsdesk.partners.selectors import open_load, vetting_valid
from rightsdesk.partners.vocabulary import TRANSITIONS

# Who the audit log names for a step the volunteer took in their inbox.
VOLUNTEER = "reporter"


class ReferralRefused(Refused):
    """A referral step that cannot be taken (400 "referral_refused"); nothing changed."""

    code = "referral_refused"


class ReferralStale(ReferralRefused):
    """The referral moved on since the page was shown (409 "referral_stale")."""

    status = 409
    code = "referral_stale"
    keeps_input = False


def eligibility_problem(partner: Partner, service: str, today: date) -> str:
    """Why `partner` cannot receive a referral for `service` today, or "" when it can."""
    if partner.do_not_refer:
        return _("%(name)s is marked “do not refer”.") % {"name": partner.name}
    if not vetting_valid(partner, today):
        return _("The vetting of %(name)s has expired: renew it before referring anyone.") % {
            "name": partner.name
        }
    if service not in partner.services:
        return _("%(name)s does not offer this service.") % {"name": partner.name}
    if open_load(partner) >= partner.capacity:
        return _("%(name)s has no capacity left for new referrals.") % {"name": partner.name}
    return ""


def check_version(referral: Referral, version: int | None) -> None:
    """Refuse a change made from an older page than the referral's (ReferralStale)."""
    if version is not None and version != referral.version:
        raise ReferralStale(
            _("This referral changed while you were looking at it. Here it is as it is now.")
        )


def check_move(referral: Referral, to_state: str, version: int | None) -> None:
    """Refuse a move the state machine does not allow, or one made from an older page."""
    check_version(referral, version)
    if to_state not in TRANSITIONS[referral.state]:
        raise ReferralRefused(
            _("A referral that is “%(state)s” cannot be moved there.")
            % {"state": referral.get_state_display()}
        )


def record_move(
    referral: Referral,
    to_state: str,
    *,
    at: datetime,
    author: User | None,
    from_partner: bool = False,
    body: bytes = b"",
    uid: object = None,
) -> ReferralUpdate:
    """Move `referral` (already locked and checked) and write the update row. The caller saves
    the referral's other fields with it (this saves state, state_since, version)."""
    referral.state = to_state
    referral.state_since = at
    referral.version += 1
    referral.save()
    update = ReferralUpdate(
        referral=referral, author=author, from_partner=from_partner, state=to_state, at=at
    )
    if uid is not None:
        update.uid = uid  # type: ignore[assignment]  # a UUID fixed before sealing `body`
    update.body = body
    update.save()
    return update


def take_partner_access_away(referral: Referral) -> None:
    """Delete everything the partner could open: its users' key wraps, the packet and the files'
    sealed keys. The team keeps the referral's record, the ledger and the updates."""
    ReferralWrap.objects.filter(referral=referral, kind=ReferralWrap.Kind.MEMBER).delete()
    referral.files.all().delete()
    referral.packet = b""
    # A partner without accounts: its OpenPGP message is deleted and its code spent (what it
    # already decrypted is out of reach; rightsdesk.partners.remote asks it to delete that).
    referral.remote_message = b""
    referral.remote_code_digest = ""


def audit(referral: Referral, action: str, actor: User | None, *, system: str = "") -> None:
    """One audit line about a referral, filed under its case (the case's timeline shows it)."""
    who = actor_label(actor) if actor is not None else (f"system:{system}" if system else VOLUNTEER)
    audit_record(
        actor=who,
        action=f"case.referral.{action}",
        target_type="case",
        target_id=f"{referral.case.number}:referral:{referral.uid}",
        coarse_time=who == VOLUNTEER,
    )
