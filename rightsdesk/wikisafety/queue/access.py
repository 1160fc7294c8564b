"""The one access gate for the evaluation queue's findings.

Who may read the queue is a permission, `wikisafety.evaluate_findings` (granted per user or
group), held by an active team member: the findings point at personal data on the wikis, so the
queue is need-to-know like the demand register. Views and the API load a finding only through
`access_finding`: a finding that does not exist and one the user may not read give the same
Http404.

A finding names cases (the protected volunteers' cases, the case a decision opened or joined):
`case_numbers` gives their numbers only to someone who may read that case
(`cases.selectors.may_read`); to anyone else the page says that a protected volunteer was named,
not whose case.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import readable_case_ids
from rightsdesk.wikisafety.models import EVALUATE_PERMISSION, Finding


def may_evaluate(user: User) -> bool:
    """THE definition of who may read the queue."""
    return bool(
        user.is_active and user.is_team and user.has_perm(f"wikisafety.{EVALUATE_PERMISSION}")
    )


def readable_findings(user: User) -> QuerySet[Finding]:
    """The findings `user` may read (all of them, or none)."""
    if not may_evaluate(user):
        return Finding.objects.none()
    return Finding.objects.select_related("revision", "revision__wiki")


def access_finding(user: User, uid: object) -> Finding:
    """The finding `uid` if `user` may read it; Http404 otherwise, whatever the reason."""
    try:
        parsed = uuid.UUID(str(uid))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    found = readable_findings(user).filter(uid=parsed).first()
    if found is None:
        raise Http404
    return found


def access_findings(user: User, uids: list[str]) -> list[Finding]:
    """Several findings (bulk removal), each through the gate: Http404 if any is not readable."""
    return [access_finding(user, uid) for uid in dict.fromkeys(uids)]


def visible_cases(user: User, cases: list[Case]) -> list[Case]:
    """Of `cases`, those `user` may read: the others are not named to them."""
    ids = set(
        readable_case_ids(user)
        .filter(case_id__in=[c.pk for c in cases])
        .values_list("case_id", flat=True)
    )
    return [case for case in cases if case.pk in ids]
