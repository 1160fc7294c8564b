"""The one access gate for cases. Views load a case only through `access_case`.

A case that does not exist and a case the user may not read give the same Http404, so the gate
tells an outsider nothing about which case numbers exist (threat 4) and an insider nothing about
cases beyond their grants (threat 5).
"""

from __future__ import annotations

from django.http import Http404
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import granted_cases, reader_wraps
from rightsdesk.crypto import CryptoError, unwrap_report_key


def access_case(user: User, number: str) -> Case:
    """The case `number` if `user` holds a grant to it; Http404 otherwise, whatever the reason."""
    case = granted_cases(user).filter(number=number).first()
    if case is None:
        raise Http404
    return case


def unlock_case(case: Case, user: User, private_key: PrivateKey) -> PrivateKey:
    """The case's private key, unwrapped with the user's key. Call after `access_case`.

    A wrap that does not open (tampered row, key mismatch) is treated like no grant at all.
    """
    wrap = reader_wraps(user).filter(case=case).first()
    if wrap is None:
        raise Http404
    try:
        return unwrap_report_key(bytes(wrap.wrap), bytes(case.public_key), private_key)
    except CryptoError:
        raise Http404 from None
