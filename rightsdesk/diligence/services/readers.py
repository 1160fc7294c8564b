"""Who may read an assessment: granting wraps the assessment's private key to a team member,
revoking deletes that wrap. Both audited.

Holding the key is the authorisation to grant (only a reader can make another); any reader may
revoke another, as on a case. An assessment always keeps its owner and at least one reader: the
owner answers the triggers and a key lost by its last reader is lost for good (the escrow wrap,
when one is set, is for recovery, not for work).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from nacl.public import PrivateKey, PublicKey

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.crypto import wrap_report_key
from rightsdesk.diligence.models import Assessment, AssessmentWrap
from rightsdesk.diligence.services.common import DiligenceRefused, audit, require_team


def wrap_to(assessment: Assessment, key: PrivateKey, user: User) -> None:
    """The assessment's private key wrapped to `user`'s public key, in the caller's transaction."""
    AssessmentWrap.objects.create(
        assessment=assessment,
        user=user,
        kind=AssessmentWrap.Kind.USER,
        wrap=wrap_report_key(key, PublicKey(bytes(user.keyring.public_key))),
    )


def assessment_grant(*, assessment: Assessment, key: PrivateKey, actor: User, reader: User) -> None:
    """Let `reader` read the assessment. Call after `unlock_assessment` (holding the key is the
    authorisation: only a reader can make another)."""
    if not (reader.is_active and reader.is_team and hasattr(reader, "keyring")):
        raise DiligenceRefused(_("Only active team members with a key can read an assessment."))
    with write_transaction():
        if assessment.wraps.filter(user=reader).exists():
            raise DiligenceRefused(_("%(name)s can already read it.") % {"name": reader.username})
        wrap_to(assessment, key, reader)
        audit(assessment, "grant", actor, detail=f"user:{reader.pk}")


def assessment_revoke(*, assessment: Assessment, actor: User, reader: User) -> None:
    """Delete `reader`'s wrap: from now on the assessment answers them like one that does not
    exist. Call after `access_assessment` for `actor` (only a reader may revoke). Refused for
    someone who cannot read it, for the owner, and for the last reader; nothing changes then.

    What `reader` already saw is not unseen: revoking stops future reads, it does not re-key."""
    require_team(actor)
    with write_transaction():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        wraps = list(
            AssessmentWrap.objects.select_for_update().filter(
                assessment=current, kind=AssessmentWrap.Kind.USER
            )
        )
        theirs = [w for w in wraps if w.user_id == reader.pk]
        if not theirs:
            raise DiligenceRefused(_("This person has no access to revoke."))
        if reader.pk == current.owner_id:
            raise DiligenceRefused(
                _("The owner of an assessment keeps access to it: its triggers go to them.")
            )
        if len(wraps) == 1:
            raise DiligenceRefused(_("At least one team member must keep access to it."))
        AssessmentWrap.objects.filter(pk=theirs[0].pk).delete()
        audit(current, "revoke", actor, detail=f"user:{reader.pk}")
