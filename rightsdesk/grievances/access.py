"""The one access gate for grievances. Views and the API load a grievance only through it.

A grievance that does not exist, one the user holds no wrap to, and one the user is recused from
(named in it, or a declared conflict) all give the same Http404: a handler a grievance names
learns nothing, not even that it exists.
"""

from __future__ import annotations

from django.http import Http404
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.crypto import CryptoError, unwrap_report_key
from rightsdesk.grievances.models import Grievance
from rightsdesk.grievances.selectors import readable_grievances, reader_wraps


def access_grievance(user: User, number: str) -> Grievance:
    """The grievance `number` if `user` may read it; Http404 otherwise, whatever the reason."""
    grievance = readable_grievances(user).filter(number=number).first()
    if grievance is None:
        raise Http404
    return grievance


def unlock_grievance(grievance: Grievance, user: User, private_key: PrivateKey) -> PrivateKey:
    """The grievance's private key, unwrapped with the user's key. Call after `access_grievance`.

    A wrap that does not open (tampered row, key mismatch) is treated like no wrap at all.
    """
    wrap = reader_wraps(user).filter(grievance=grievance).first()
    if wrap is None:
        raise Http404
    try:
        return unwrap_report_key(bytes(wrap.wrap), bytes(grievance.public_key), private_key)
    except CryptoError:
        raise Http404 from None
