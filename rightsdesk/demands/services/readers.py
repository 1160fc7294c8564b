"""Who may read a demand: revoking a reader deletes their wrap of the demand's key. Audited.

Granting is `services.demands.demand_grant` (holding the key is the authorisation to pass it
on). Any reader may revoke another, as on an assessment (rightsdesk.diligence.services.readers).
A demand always keeps the person who registered it and at least one reader: the registrant
answers its deadlines, and a key lost by its last reader is lost for good (the escrow wrap is for
recovery, not for work).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.demands.models import Demand, DemandWrap
from rightsdesk.demands.services.common import DemandRefused, audit, require_handler


def demand_revoke(*, demand: Demand, actor: User, reader: User) -> None:
    """Delete `reader`'s wrap: from now on the demand answers them like one that does not exist
    (404). Call after `access_demand` for `actor` (only a reader may revoke). Refused, nothing
    changed, for someone who cannot read it, for the person who registered it, and for the last
    reader.

    What `reader` already saw is not unseen: revoking stops future reads, it does not re-key."""
    require_handler(actor)
    with write_transaction():
        current = Demand.objects.select_for_update().get(pk=demand.pk)
        wraps = list(
            DemandWrap.objects.select_for_update().filter(demand=current, kind=DemandWrap.Kind.USER)
        )
        theirs = [w for w in wraps if w.user_id == reader.pk]
        if not theirs:
            raise DemandRefused(_("This person has no access to revoke."))
        if reader.pk == current.created_by_id:
            raise DemandRefused(
                _(
                    "The person who registered a demand keeps access to it: its deadlines go to "
                    "them."
                )
            )
        if len(wraps) == 1:
            raise DemandRefused(_("At least one team member must keep access to it."))
        DemandWrap.objects.filter(pk=theirs[0].pk).delete()
        audit(current, "revoke", actor, detail=f"user:{reader.pk}")
