"""Colleagues who joined after a referral was sent: the referral key reaches them through a
colleague who holds it.

A referral's key is wrapped at sending to every partner user its organisation had then
(`sending.send_packet`). Someone who joins later holds no wrap, so the gate shows them nothing. The
server cannot fix that alone (it never holds a referral key in the clear) and an admin who adds
the user may not read the case; whoever of the organisation next signs in with the key does: their
portal wraps each referral key they hold to every active colleague of the same organisation who
has a key pair and no wrap yet. A withdrawn consent has deleted every member wrap, so nothing
withdrawn spreads this way; a colleague removed from the organisation or deactivated is skipped.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from nacl.public import PrivateKey

from rightsdesk.accounts.models import Keyring, User
from rightsdesk.crypto import CryptoError
from rightsdesk.partners import keys
from rightsdesk.partners.models import Partner, ReferralWrap
from rightsdesk.partners.selectors import member_wraps
from rightsdesk.partners.services.common import audit


def colleagues_catch_up(*, user: User, partner: Partner, private_key: PrivateKey) -> int:
    """Wrap every referral key `user` holds to the colleagues of `partner` who hold none; returns
    how many wraps were made. Call after `partner_required`, with the session's private key."""
    colleagues = list(
        Keyring.objects.filter(
            user__partner_membership__partner=partner, user__is_active=True
        ).exclude(user=user)
    )
    if not colleagues:
        return 0
    wraps = list(member_wraps(user).select_related("referral__case"))
    # Who holds each of those referrals already: one query for all of them, not one per referral
    # (this runs on every portal list).
    holders: dict[int, set[int]] = {wrap.referral_id: set() for wrap in wraps}
    for referral_id, holder_id in ReferralWrap.objects.filter(
        referral_id__in=holders, kind=ReferralWrap.Kind.MEMBER
    ).values_list("referral_id", "user_id"):
        holders[referral_id].add(holder_id)
    made = 0
    for wrap in wraps:
        referral = wrap.referral
        missing = [k for k in colleagues if k.user_id not in holders[wrap.referral_id]]
        if not missing:
            continue
        try:
            referral_key = keys.unwrap_referral_key(
                bytes(wrap.wrap), bytes(referral.public_key), private_key
            )
        except CryptoError:
            continue
        for keyring in missing:
            try:
                with transaction.atomic():
                    ReferralWrap.objects.create(
                        referral=referral,
                        kind=ReferralWrap.Kind.MEMBER,
                        user_id=keyring.user_id,
                        wrap=keys.wrap_referral_key(referral_key, bytes(keyring.public_key)),
                    )
                    audit(referral, f"wrap.colleague:{keyring.user_id}", user)
            except IntegrityError:
                continue  # a colleague signing in at the same moment made it first
            made += 1
    return made
