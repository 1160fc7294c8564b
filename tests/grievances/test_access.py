"""The gate: a handler a grievance names (or who declared a conflict) gets the 404 of a missing
grievance on every grievance URL, for every method, and nothing changes; the allowed handler,
side by side, gets the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from rightsdesk.grievances.access import access_grievance
from rightsdesk.grievances.models import Grievance, GrievanceWrap
from rightsdesk.grievances.services import GrievanceRefused, grievance_grant, grievance_recuse
from tests.factories import StaffAccount, grievance_filed, signed_in, without_tokens

MISSING = "GR-00000000"
UID = "00000000-0000-0000-0000-000000000000"


def grievance_urls() -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif "number" in entry.pattern.regex.groupindex and namespace == "grievances":
                extra = {g: UID for g in entry.pattern.regex.groupindex if g != "number"}
                found.append((f"grievances:{entry.name}", extra))

    walk(get_resolver().url_patterns, "")
    return found


def _page(content: bytes, number: str) -> bytes:
    return without_tokens(content).replace(number.encode(), b"GR-?")


def test_every_grievance_url_is_found() -> None:
    names = {name for name, _ in grievance_urls()}
    assert {"grievances:staff_detail", "grievances:staff_move", "grievances:staff_file"} <= names
    assert len(names) >= 11


@pytest.mark.django_db
def test_a_named_handler_gets_the_missing_answer_everywhere(
    gina: StaffAccount, nadia: StaffAccount
) -> None:
    grievance_filed(what_happened="Nadia removed my account without a warning.")
    grievance = Grievance.objects.get()
    named, allowed = signed_in(nadia), signed_in(gina)
    before = (grievance.version, grievance.stage, grievance.messages.count())
    for name, extra in grievance_urls():
        for method in ("get", "post"):
            url = reverse(name, kwargs={"number": grievance.number, **extra})
            real = getattr(named, method)(url)
            missing = getattr(named, method)(reverse(name, kwargs={"number": MISSING, **extra}))
            assert real.status_code in (404, 405), (name, method, real.status_code)
            assert (real.status_code, _page(real.content, grievance.number)) == (
                missing.status_code,
                _page(missing.content, MISSING),
            ), (name, method)
            # Side by side: the handler it does not name is let through the gate.
            seen = getattr(allowed, method)(url)
            if name != "grievances:staff_file":  # the file uid is made up: 404 past the gate
                assert seen.status_code != 404, (name, method)
    grievance.refresh_from_db()
    assert (grievance.version, grievance.stage, grievance.messages.count()) == before


def test_a_named_handler_cannot_be_given_access(gina: StaffAccount, nadia: StaffAccount) -> None:
    grievance_filed(people_named="nadia")
    grievance = Grievance.objects.get()
    client = signed_in(gina)
    response = client.post(
        reverse("grievances:staff_grant", args=[grievance.number]), {"username": "nadia"}
    )
    assert response.status_code == 400
    assert "is named in this grievance or declared a conflict" in response.content.decode()
    assert not GrievanceWrap.objects.filter(grievance=grievance, user=nadia.user).exists()


def test_a_declared_conflict_ends_access(gina: StaffAccount, nadia: StaffAccount) -> None:
    grievance_filed()
    grievance = Grievance.objects.get()
    client = signed_in(nadia)
    detail = reverse("grievances:staff_detail", args=[grievance.number])
    assert client.get(detail).status_code == 200
    response = client.post(reverse("grievances:staff_recuse", args=[grievance.number]))
    assert response.status_code == 302
    assert client.get(detail).status_code == 404
    with pytest.raises(GrievanceRefused, match="named in this grievance or declared a conflict"):
        grievance_grant(grievance=grievance, key=None, actor=gina.user, username="nadia")  # type: ignore[arg-type]
    # A leftover wrap would not help either: the gate reads the recusal.
    with pytest.raises(Http404):
        access_grievance(nadia.user, grievance.number)


def test_the_last_reader_cannot_recuse(gina: StaffAccount) -> None:
    grievance_filed()
    with pytest.raises(GrievanceRefused, match="Nobody else can read"):
        grievance_recuse(grievance=Grievance.objects.get(), actor=gina.user)


def test_a_handler_without_the_permission_sees_no_grievance(
    gina: StaffAccount, handler: StaffAccount
) -> None:
    grievance_filed()
    number = Grievance.objects.get().number
    client: Client = signed_in(handler)
    assert client.get(reverse("grievances:staff_detail", args=[number])).status_code == 404
    listing = client.get(reverse("grievances:staff_list")).content.decode()
    assert number not in listing
    assert re.search("not one of the people who handle grievances", listing)


def test_the_list_puts_open_grievances_first_most_pressing_on_top(gina: StaffAccount) -> None:
    late, soon, closed = (grievance_filed().grievance for _ in range(3))
    Grievance.objects.filter(pk=closed.pk).update(
        stage="closed", stage_due=None, closed_at=timezone.now()
    )
    assert soon.stage_due is not None
    Grievance.objects.filter(pk=late.pk).update(stage_due=soon.stage_due - timedelta(days=1))
    page = signed_in(gina).get(reverse("grievances:staff_list")).content.decode()
    assert page.index(late.number) < page.index(soon.number) < page.index(closed.number)
