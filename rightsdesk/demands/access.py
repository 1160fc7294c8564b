"""The one access gate for demands. Views and the API load a demand, and everything hanging on
it (documents, its notice), only here.

A demand that does not exist and one the user may not read give the same Http404, so the gate
tells nobody which demands exist beyond their own.
"""

from __future__ import annotations

from django.http import Http404
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.crypto import CryptoError, unwrap_report_key
from rightsdesk.demands.models import Demand, DemandDocument
from rightsdesk.demands.selectors import readable_demands, reader_wraps


def _uid(value: object) -> str:
    text = str(value)
    if len(text) != 36:
        raise Http404
    return text


def access_demand(user: User, uid: object) -> Demand:
    """The demand `uid` if `user` may read it; Http404 otherwise, whatever the reason."""
    try:
        found = readable_demands(user).filter(uid=_uid(uid)).first()
    except (ValueError, TypeError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found


def unlock_demand(demand: Demand, user: User, private_key: PrivateKey | None) -> PrivateKey:
    """The demand's private key. Call after `access_demand`. A wrap that does not open is
    treated like none."""
    wrap = reader_wraps(user).filter(demand=demand).first()
    if wrap is None or private_key is None:
        raise Http404
    try:
        return unwrap_report_key(bytes(wrap.wrap), bytes(demand.public_key), private_key)
    except CryptoError:
        raise Http404 from None


def access_document(user: User, demand_uid: object, uid: object) -> DemandDocument:
    """A document of a readable demand; Http404 for any other."""
    demand = access_demand(user, demand_uid)
    try:
        found = DemandDocument.objects.filter(demand=demand, uid=_uid(uid)).first()
    except (ValueError, TypeError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found
