"""Reads of linked cases: only the linked cases the viewer may read themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, CaseLink
from rightsdesk.cases.selectors import readable_case_ids

MAX_LINKS = 50


@dataclass(frozen=True)
class LinkedCase:
    """One linked case as a viewer may see it: its clear metadata and the kind of link."""

    case: Case
    kind: str

    @property
    def kind_label(self) -> str:
        return str(CaseLink.Kind(self.kind).label)


def linked_cases(case: Case, user: User) -> list[LinkedCase]:
    """The cases linked to `case` that `user` can read, by number. Metadata only, not audited.

    A link whose other side `user` may not read is left out entirely. Returns nothing when
    `user` cannot read `case` itself (callers should have passed `access_case` already).
    """
    readable = readable_case_ids(user)
    if not readable.filter(case_id=case.pk).exists():
        return []
    links = CaseLink.objects.filter(
        Q(from_case=case, to_case__in=readable) | Q(to_case=case, from_case__in=readable)
    ).select_related("from_case", "to_case")
    found = [
        LinkedCase(
            case=link.to_case if link.from_case_id == case.pk else link.from_case, kind=link.kind
        )
        for link in links
    ]
    return sorted(found, key=lambda item: item.case.number)


def link_panel(case: Case, user: User) -> dict[str, object]:
    """What the case page's "Linked cases" block shows: visible links, kinds, the limit."""
    return {"linked": linked_cases(case, user), "kinds": CaseLink.Kind.choices, "limit": MAX_LINKS}
