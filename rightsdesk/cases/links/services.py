"""Writes of linked cases: link and unlink, both cases through the gate, audited on both."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.access import access_case
from rightsdesk.cases.links.selectors import MAX_LINKS
from rightsdesk.cases.models import Case, CaseLink
from rightsdesk.core.db import write_transaction
from rightsdesk.core.refusals import Refused

NUMBER_MAX = 16  # Case.number's column length


class LinkRefused(Refused):
    pass


@dataclass(frozen=True)
class LinkResult:
    link: CaseLink
    other: Case
    created: bool
    changed: bool


def _not_readable() -> LinkRefused:
    return LinkRefused(_("No case with that number that you can read."))


def _other_case(case: Case, other_number: str, actor: User) -> Case:
    """The other case of a pair, if `actor` can read it; one refusal for every other reason."""
    number = other_number.strip().upper()
    if number == case.number:
        raise LinkRefused(_("A case cannot be linked to itself."))
    if not number or len(number) > NUMBER_MAX:
        raise _not_readable()
    try:
        return access_case(actor, number)
    except Http404:
        raise _not_readable() from None


def _ordered(a: Case, b: Case) -> tuple[Case, Case]:
    return (a, b) if a.pk < b.pk else (b, a)


def _link_count(case: Case) -> int:
    return CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).count()


def _audit_both(action: str, actor: User, case: Case, other: Case) -> None:
    for this, that in ((case, other), (other, case)):
        audit_record(
            actor=actor_label(actor),
            action=action,
            target_type="case",
            target_id=f"{this.number}:case:{that.number}",
        )


def case_link(*, case: Case, other_number: str, kind: str, actor: User) -> LinkResult:
    """Link `case` to the case `other_number` as `kind`, or set the kind of an existing link.

    Call after `access_case(actor, case.number)`; the other case is checked here. Raises
    LinkRefused (nothing changed) for an unknown kind, the same case, a case the actor cannot
    read (same message as a missing one), or a case already at `MAX_LINKS`.
    """
    if kind not in CaseLink.Kind.values:
        raise LinkRefused(_("Choose the kind of link."))
    other = _other_case(case, other_number, actor)
    low, high = _ordered(case, other)
    with write_transaction():
        # Lock both cases (in id order, so two opposite links cannot deadlock): the limit check
        # and the insert are then one step for each case.
        list(Case.objects.select_for_update().filter(pk__in=(low.pk, high.pk)).order_by("pk"))
        link = CaseLink.objects.filter(from_case=low, to_case=high).first()
        if link is not None:
            if link.kind == kind:
                return LinkResult(link=link, other=other, created=False, changed=False)
            link.kind = kind
            link.save(update_fields=["kind"])
            _audit_both("case.link", actor, case, other)
            return LinkResult(link=link, other=other, created=False, changed=True)
        if _link_count(case) >= MAX_LINKS or _link_count(other) >= MAX_LINKS:
            raise LinkRefused(
                _("A case can be linked to at most %(limit)s others; unlink one first.")
                % {"limit": MAX_LINKS}
            )
        link = CaseLink.objects.create(
            from_case=low, to_case=high, kind=kind, created_by=actor, created_at=timezone.now()
        )
        _audit_both("case.link", actor, case, other)
    return LinkResult(link=link, other=other, created=True, changed=True)


def case_unlink(*, case: Case, other_number: str, actor: User) -> Case:
    """Remove the link between `case` and `other_number`; returns the other case.

    Call after `access_case(actor, case.number)`. The actor must read the other case too (a
    link they cannot see is not theirs to remove). Raises LinkRefused when they cannot, or when
    the two are not linked (for example a page opened before a colleague unlinked them).
    """
    other = _other_case(case, other_number, actor)
    low, high = _ordered(case, other)
    with write_transaction():
        deleted, _rows = CaseLink.objects.filter(from_case=low, to_case=high).delete()
        if not deleted:
            raise LinkRefused(_("These cases are not linked."))
        _audit_both("case.unlink", actor, case, other)
    return other
