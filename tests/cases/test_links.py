"""Linked cases: only between cases the actor reads, shown only where the viewer reads the other
side, stored once per pair, limited, audited on both cases. And "assign to me" via case_edit."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.editing import EditRefused, StaleEdit
from rightsdesk.cases.grants import case_revoke
from rightsdesk.cases.links import selectors as links
from rightsdesk.cases.links import services as link_services
from rightsdesk.cases.links.selectors import linked_cases
from rightsdesk.cases.links.services import LinkRefused, case_link, case_unlink
from rightsdesk.cases.models import Case, CaseLink
from rightsdesk.cases.services import case_assign_to
from tests.factories import StaffAccount, signed_in, staff_account, without_tokens

NOT_READABLE = "No case with that number that you can read."


def new_case(**extra: object) -> Case:
    """File a report the way a client would; every active handler is granted it."""
    before = set(Case.objects.values_list("pk", flat=True))
    response = Client().post(
        "/api/v1/reports",
        json.dumps({"narrative": "linked", **extra}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Case.objects.exclude(pk__in=before).get()


def link_audits() -> list[tuple[str, str]]:
    return list(
        AuditEntry.objects.filter(action__in=("case.link", "case.unlink"))
        .order_by("seq")
        .values_list("action", "target_id")
    )


def test_link_two_readable_cases(handler: StaffAccount) -> None:
    a, b = new_case(), new_case()
    result = case_link(case=b, other_number=a.number, kind="same_attacker", actor=handler.user)
    assert result.created
    link = CaseLink.objects.get()
    assert (link.from_case_id, link.to_case_id) == (min(a.pk, b.pk), max(a.pk, b.pk))
    assert link.created_by == handler.user
    assert [(x.case.number, x.kind) for x in linked_cases(a, handler.user)] == [
        (b.number, "same_attacker")
    ]
    assert [x.case.number for x in linked_cases(b, handler.user)] == [a.number]
    assert sorted(link_audits()) == sorted(
        [
            ("case.link", f"{a.number}:case:{b.number}"),
            ("case.link", f"{b.number}:case:{a.number}"),
        ]
    )
    assert AuditEntry.objects.filter(action="case.link", actor=f"user:{handler.user.pk}").count()


def test_numbers_are_normalised_and_self_links_refused(handler: StaffAccount) -> None:
    a, b = new_case(), new_case()
    with pytest.raises(LinkRefused, match="cannot be linked to itself"):
        case_link(case=a, other_number=f" {a.number.lower()} ", kind="related", actor=handler.user)
    with pytest.raises(LinkRefused, match="Choose the kind"):
        case_link(case=a, other_number=b.number, kind="cousin", actor=handler.user)
    assert not CaseLink.objects.exists()
    assert link_audits() == []
    case_link(case=a, other_number=f" {b.number.lower()} ", kind="related", actor=handler.user)
    assert CaseLink.objects.count() == 1


def test_other_case_not_granted_is_refused_like_a_missing_one(handler: StaffAccount) -> None:
    a = new_case()
    late = staff_account(username="late")  # granted only what is filed from now on
    b = new_case()
    refusals = []
    for number in (a.number, "RD-00000000", "X" * 40, ""):
        with pytest.raises(LinkRefused) as refused:
            case_link(case=b, other_number=number, kind="same_wave", actor=late.user)
        refusals.append(refused.value.message)
    assert set(refusals) == {NOT_READABLE}
    assert not CaseLink.objects.exists()
    assert link_audits() == []


def test_a_viewer_granted_one_side_sees_no_link(handler: StaffAccount) -> None:
    a = new_case()
    late = staff_account(username="late")
    b, c = new_case(), new_case()
    case_link(case=a, other_number=b.number, kind="same_attacker", actor=handler.user)
    case_link(case=b, other_number=c.number, kind="same_wave", actor=handler.user)
    assert [x.case.number for x in linked_cases(b, late.user)] == [c.number]  # not a
    assert linked_cases(a, late.user) == []  # cannot read a itself
    assert sorted(x.case.number for x in linked_cases(b, handler.user)) == sorted(
        [a.number, c.number]
    )
    page = signed_in(late).get(reverse("cases:detail", args=[b.number])).content.decode()
    assert c.number in page
    assert a.number not in page
    # and unlinking a pair whose other side is hidden is refused like a missing case
    with pytest.raises(LinkRefused, match=NOT_READABLE):
        case_unlink(case=b, other_number=a.number, actor=late.user)
    assert CaseLink.objects.count() == 2


def test_unlink_and_a_stale_unlink(handler: StaffAccount) -> None:
    a, b = new_case(), new_case()
    case_link(case=a, other_number=b.number, kind="related", actor=handler.user)
    assert case_unlink(case=b, other_number=a.number, actor=handler.user) == a
    assert not CaseLink.objects.exists()
    assert [action for action, _ in link_audits()] == ["case.link"] * 2 + ["case.unlink"] * 2
    with pytest.raises(LinkRefused, match="not linked"):
        case_unlink(case=b, other_number=a.number, actor=handler.user)
    assert len(link_audits()) == 4


def test_an_existing_pair_changes_kind_never_duplicates(handler: StaffAccount) -> None:
    a, b = new_case(), new_case()
    case_link(case=a, other_number=b.number, kind="related", actor=handler.user)
    again = case_link(case=b, other_number=a.number, kind="related", actor=handler.user)
    assert not again.created
    assert not again.changed
    assert len(link_audits()) == 2  # nothing changed, nothing audited
    changed = case_link(case=b, other_number=a.number, kind="same_wave", actor=handler.user)
    assert changed.changed
    assert not changed.created
    assert CaseLink.objects.get().kind == "same_wave"
    assert len(link_audits()) == 4
    low, high = sorted((a, b), key=lambda case: case.pk)
    with pytest.raises(IntegrityError), transaction.atomic():  # the reverse row cannot exist
        CaseLink.objects.create(
            from_case=high, to_case=low, kind="related", created_at=timezone.now()
        )


def test_limit_per_case_on_either_side(
    handler: StaffAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert links.MAX_LINKS == 50  # the documented limit
    monkeypatch.setattr(link_services, "MAX_LINKS", 2)
    a, b, c, d, e = (new_case() for _ in range(5))
    case_link(case=a, other_number=b.number, kind="related", actor=handler.user)
    case_link(case=a, other_number=c.number, kind="related", actor=handler.user)
    with pytest.raises(LinkRefused, match="at most 2"):
        case_link(case=a, other_number=d.number, kind="related", actor=handler.user)
    with pytest.raises(LinkRefused, match="at most 2"):  # a is full, seen from d
        case_link(case=d, other_number=a.number, kind="related", actor=handler.user)
    assert CaseLink.objects.count() == 2
    # changing the kind of an existing link is not a new link
    case_link(case=b, other_number=a.number, kind="same_wave", actor=handler.user)
    case_link(case=d, other_number=e.number, kind="related", actor=handler.user)
    assert CaseLink.objects.count() == 3


def test_pages_link_and_unlink_denied_and_allowed(handler: StaffAccount) -> None:
    a = new_case()
    late = staff_account(username="late")
    b = new_case(emergency=True)
    hana, outsider = signed_in(handler), signed_in(late)

    # an outsider posting on a case they cannot read: 404, the same as a missing case
    forbidden = outsider.post(
        reverse("cases:link", args=[a.number]), {"number": b.number, "kind": "related"}
    )
    missing = outsider.post(
        reverse("cases:link", args=["RD-00000000"]), {"number": b.number, "kind": "related"}
    )
    assert forbidden.status_code == missing.status_code == 404
    assert without_tokens(forbidden.content) == without_tokens(missing.content)
    # on their own case, naming a case they cannot read: 400, the same as a missing number
    hidden = outsider.post(
        reverse("cases:link", args=[b.number]), {"number": a.number, "kind": "related"}
    )
    nowhere = outsider.post(
        reverse("cases:link", args=[b.number]), {"number": "RD-00000000", "kind": "related"}
    )
    assert hidden.status_code == nowhere.status_code == 400
    assert NOT_READABLE in hidden.content.decode()
    assert without_tokens(hidden.content) == without_tokens(nowhere.content)
    bad = hana.post(reverse("cases:link", args=[a.number]), {"number": "", "kind": "related"})
    assert bad.status_code == 400
    assert "Give a case number" in bad.content.decode()
    assert not CaseLink.objects.exists()
    assert link_audits() == []

    done = hana.post(
        reverse("cases:link", args=[a.number]), {"number": b.number, "kind": "same_attacker"}
    )
    assert done.status_code == 302
    page = hana.get(reverse("cases:detail", args=[a.number])).content.decode()
    assert reverse("cases:detail", args=[b.number]) in page
    assert "same attacker" in page
    assert reverse("cases:unlink", args=[a.number, b.number]) in page
    assert "<script" not in page
    assert "style=" not in page

    assert outsider.post(reverse("cases:unlink", args=[b.number, a.number])).status_code == 400
    assert outsider.post(reverse("cases:unlink", args=[a.number, b.number])).status_code == 404
    assert CaseLink.objects.count() == 1
    assert hana.post(reverse("cases:unlink", args=[a.number, b.number])).status_code == 302
    assert not CaseLink.objects.exists()
    stale = hana.post(reverse("cases:unlink", args=[a.number, b.number]))
    assert stale.status_code == 400
    assert "These cases are not linked." in stale.content.decode()
    assert hana.get(reverse("cases:unlink", args=[a.number, b.number])).status_code == 405


def test_a_revoked_reader_loses_the_link_at_once(handler: StaffAccount) -> None:
    omar = staff_account(username="omar")
    a, b = new_case(), new_case()  # both read both
    case_link(case=a, other_number=b.number, kind="related", actor=omar.user)
    assert [x.case.number for x in linked_cases(b, omar.user)] == [a.number]
    case_revoke(case=a, grantee=omar.user, actor=handler.user)
    assert linked_cases(b, omar.user) == []
    for attempt in (
        lambda: case_link(case=b, other_number=a.number, kind="same_wave", actor=omar.user),
        lambda: case_unlink(case=b, other_number=a.number, actor=omar.user),
    ):
        with pytest.raises(LinkRefused, match=NOT_READABLE):
            attempt()
    assert CaseLink.objects.get().kind == "related"
    assert [x.case.number for x in linked_cases(b, handler.user)] == [a.number]


def test_assign_to_me_goes_through_case_edit(handler: StaffAccount) -> None:
    a = new_case()
    late = staff_account(username="late")  # no key wrap for a
    with pytest.raises(EditRefused, match="someone who can read it"):
        case_assign_to(case=a, assignee=late.user, actor=handler.user)
    assert Case.objects.get(pk=a.pk).assignee is None
    assert Case.objects.get(pk=a.pk).version == a.version
    assert not AuditEntry.objects.filter(action__startswith="case.edit").exists()

    assert signed_in(late).post(reverse("cases:assign", args=[a.number])).status_code == 404
    response = signed_in(handler).post(reverse("cases:assign", args=[a.number]))
    assert response.status_code == 302
    fresh = Case.objects.get(pk=a.pk)
    assert fresh.assignee == handler.user
    assert fresh.version == a.version + 1
    assert AuditEntry.objects.filter(
        action="case.edit.assignee", actor=f"user:{handler.user.pk}", target_id=a.number
    ).exists()
    assert not AuditEntry.objects.filter(action="case.assign").exists()
    with pytest.raises(StaleEdit):  # `a` is the version from before the assignment
        case_assign_to(case=a, assignee=handler.user, actor=handler.user)
