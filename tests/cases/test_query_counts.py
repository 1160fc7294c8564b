"""The staff dashboard and the case page have a query budget, so their cost cannot creep.

The bounds are the counts measured when they were set, on a case that has everything the page
shows: messages both ways, notes, files, a link and an open crisis. A change that adds a query per
message, file or link fails here; one that removes queries should lower the bound.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.crisis.services import crisis_open
from rightsdesk.cases.links.services import case_link
from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post, note_add
from tests.factories import StaffAccount, case_filed, signed_in
from tests.reporting import file_report

DASHBOARD_QUERIES = 17  # + the new cases this user cannot read: a count and a list; due
# diligence's panel: a count of the overdue actions this user owns (none here); +2 for the staff
# menu's "Demands" link (the user's permissions, loaded once per request)
# 30 before the timeline; +2 for it (issue 11): the case's audited changes (status, priority,
# grants...) in one query and the names of who made them in another.
# +1 for the pillars' panels (issue 12): the case's referrals (none here; with some, one query
# for the loop's written updates and one key wrap per referral that has any).
# +2 for the staff menu (issue 15): the "Demands" link shows only to holders of the
# permission, which loads the user's permissions once per request (theirs, their groups').
# +1 for wikisafety's panel (issue 16): the wiki findings linked to the case (none here; with
# some, one query each for their decisions and removals).
# +1 for the wikis' protection panel (issue 16): the case's protected volunteers, one query.
CASE_PAGE_QUERIES = 37
# PostgreSQL serialises the audit chain with an advisory lock: one more query per audited read.
AUDIT_LOCK_QUERIES = 1


@pytest.fixture
def busy_case(client: Client, handler: StaffAccount) -> Case:
    """A P1 case with two files, three messages, two notes, two links and its crisis open."""
    files = [
        SimpleUploadedFile(f"evidence-{i}.txt", f"evidence {i}\n".encode(), "text/plain")
        for i in range(2)
    ]
    response = file_report(client, files=files, emergency="yes", threat_types=["arrest"])
    assert response.status_code == 201
    case = Case.objects.get()
    for body, author in (("more", None), ("we read it", handler.user), ("thanks", None)):
        message_post(case=case, body=body, author=author)
    for body in ("call back tomorrow", "lawyer informed"):
        note_add(case=case, author=handler.user, body=body)
    for _ in range(2):
        other = case_filed(narrative="Same attacker again.").case
        case_link(case=case, other_number=other.number, kind="same_attacker", actor=handler.user)
    crisis_open(case=case, now=timezone.now(), actor="system:test")
    return Case.objects.get(pk=case.pk)


def test_the_dashboard_stays_within_its_query_budget(
    busy_case: Case, handler: StaffAccount, django_assert_max_num_queries: Any
) -> None:
    staff = signed_in(handler)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = staff.get(reverse("cases:home"))
    assert response.status_code == 200
    assert busy_case.number in response.content.decode()


def test_the_case_page_stays_within_its_query_budget(
    busy_case: Case, handler: StaffAccount, django_assert_max_num_queries: Any
) -> None:
    staff = signed_in(handler)
    budget = CASE_PAGE_QUERIES + (AUDIT_LOCK_QUERIES if connection.vendor == "postgresql" else 0)
    with django_assert_max_num_queries(budget):
        response = staff.get(reverse("cases:detail", args=[busy_case.number]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "lawyer informed" in page
    assert "evidence-1.txt" in page
