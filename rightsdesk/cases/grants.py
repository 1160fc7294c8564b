"""Who may read a case: granting re-wraps the case key to a colleague, revoking deletes the wrap.

Only staff with a key pair can be granted (partners come with the partners pillar and get what was
referred to them, never the whole case). A case always keeps at least one staff reader, so that
revoking cannot make it unreadable by mistake. Every grant and revoke is audited.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from nacl.public import PrivateKey, PublicKey

from rightsdesk.accounts.models import Keyring, User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.models import Case, KeyWrap
from rightsdesk.cases.search.services import case_text, forget_reader, index_text
from rightsdesk.cases.selectors import may_read
from rightsdesk.core.refusals import Refused
from rightsdesk.crypto import wrap_report_key


class GrantRefused(Refused):
    pass


def case_grant(*, case: Case, grantee: User, actor: User, case_key: PrivateKey) -> None:
    """Wrap `case_key` to `grantee`. The caller unlocked `case_key` via access_case/unlock_case."""
    with transaction.atomic():
        if may_read(grantee, case):
            raise GrantRefused(_("This person already has access."))
        grant_with_step(case=case, grantee=grantee, case_key=case_key, actor=actor_label(actor))


def grant_with_step(*, case: Case, grantee: User, case_key: PrivateKey, actor: str) -> bool:
    """Let `grantee` read `case` as part of a step that makes them responsible for it (incident
    lead, assignee), in the caller's transaction; False if they could already read it.

    Being named responsible for a case one cannot open helps nobody at 3 a.m., so the step and
    the grant commit together or not at all. `case_key` is the case's private key, held by the
    caller: the submission that just made it, or a reader who unlocked it (`unlock_case`).
    Raises GrantRefused for someone who cannot be given access (inactive, not staff, no key).
    """
    if not grantee.is_active or grantee.role not in (User.Role.HANDLER, User.Role.ADMIN):
        raise GrantRefused(_("Only active team members can be given access to a case."))
    try:
        public = bytes(grantee.keyring.public_key)
    except Keyring.DoesNotExist:
        raise GrantRefused(_("This user has no key yet and cannot be given access.")) from None
    with transaction.atomic():
        if may_read(grantee, case):
            return False
        KeyWrap.objects.create(
            case=case,
            kind=KeyWrap.Kind.USER,
            user=grantee,
            recipient_public_key=public,
            wrap=wrap_report_key(case_key, PublicKey(public)),
        )
        # The new reader's searchable copy of everything in the case so far.
        index_text(case=case, text=case_text(case=case, key=case_key), readers=[grantee])
        audit_record(
            actor=actor,
            action="case.grant",
            target_type="case",
            target_id=f"{case.number}:user:{grantee.pk}",
        )
    return True


def case_revoke(*, case: Case, grantee: User, actor: User) -> None:
    """Delete `grantee`'s wrap. Refused when it is the last staff wrap of the case."""
    with transaction.atomic():
        wraps = KeyWrap.objects.select_for_update().filter(case=case, kind=KeyWrap.Kind.USER)
        theirs = [w for w in wraps if w.user_id == grantee.pk]
        if not theirs:
            raise GrantRefused(_("This person has no access to revoke."))
        if len(wraps) == 1:
            raise GrantRefused(_("At least one team member must keep access to a case."))
        KeyWrap.objects.filter(pk=theirs[0].pk).delete()
        forget_reader(case=case, user=grantee)
        audit_record(
            actor=actor_label(actor),
            action="case.revoke",
            target_type="case",
            target_id=f"{case.number}:user:{grantee.pk}",
        )
