"""Who may open what, over HTTP: every answer that must not open something is a 404 whose body is
byte for byte the one a missing address gets (after the per-response CSRF token and the echo of
the address itself are removed, tests.factories.without_tokens).

- Partner A against partner B's referral: the page, the file, every action, GET and POST.
- A partner user against every staff URL of the URL conf (cases, queues, rota, playbooks, reply
  templates, the community's staff pages), each with sample arguments naming real records.
- A team member who holds no grant on the case against its referral: the gate itself, the case's
  page, and the portal's addresses.
- A volunteer's inbox against another case's referral.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from rightsdesk.cases.models import Case
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.access import access_referral, referral_of_case
from rightsdesk.partners.models import Referral, ReferralUpdate
from rightsdesk.partners.selectors import readable_referrals
from rightsdesk.partners.services.referrals import consent_give
from rightsdesk.partners.vocabulary import State
from tests.factories import (
    StaffAccount,
    case_filed,
    inbox_client,
    partner_account,
    partner_listed,
    referral_proposed,
    signed_in,
    staff_account,
    without_tokens,
)
from tests.reporting import file_report, receipt_from

pytestmark = pytest.mark.django_db

MISSING = "00000000-0000-4000-8000-000000000000"


@dataclass
class Sent:
    case: Case
    receipt: str
    referral: Referral
    file_uid: str
    member: StaffAccount


def _sent(name: str, handler: StaffAccount) -> Sent:
    partner = partner_listed(name=name)
    member = partner_account(partner)
    upload = SimpleUploadedFile(f"{name}.txt", b"evidence", "text/plain")
    filed = file_report(Client(), narrative=f"The case referred to {name}.", files=[upload])
    receipt = receipt_from(filed.content.decode())
    case = Case.objects.order_by("-id").first()
    assert case is not None
    attachment = case.attachments.get()
    referral = referral_proposed(
        case, partner, handler.user, pieces=("narrative", f"file:{attachment.uid}")
    )
    consent_give(
        referral=referral,
        case_key=inbox_login(receipt).key,
        pieces=referral.pieces,
        language="en",
        now=timezone.now(),
    )
    referral.refresh_from_db()
    return Sent(case, receipt, referral, str(referral.files.get().uid), member)


@pytest.fixture
def two(handler: StaffAccount) -> tuple[Sent, Sent]:
    return _sent("Org A", handler), _sent("Org B", handler)


def _same(theirs: Any, missing: Any, where: str) -> None:
    assert theirs.status_code == 404, (where, theirs.status_code)
    assert (theirs.status_code, without_tokens(theirs.content)) == (
        missing.status_code,
        without_tokens(missing.content),
    ), where


def _portal_urls(uid: str, file_uid: str) -> list[tuple[str, str]]:
    return [
        ("get", reverse("partners:portal_referral", args=[uid])),
        ("get", reverse("partners:portal_file", args=[uid, file_uid])),
        ("post", reverse("partners:portal_move", args=[uid])),
        ("post", reverse("partners:portal_update", args=[uid])),
    ]


def test_partner_a_cannot_reach_partner_bs_referral(two: tuple[Sent, Sent]) -> None:
    a, b = two
    client = signed_in(a.member)
    assert client.get(reverse("partners:portal_referral", args=[a.referral.uid])).status_code == 200
    theirs = _portal_urls(str(b.referral.uid), b.file_uid)
    missing = _portal_urls(MISSING, MISSING)
    # Their file under my referral, and my file under theirs.
    theirs.append(("get", reverse("partners:portal_file", args=[a.referral.uid, b.file_uid])))
    missing.append(("get", reverse("partners:portal_file", args=[a.referral.uid, MISSING])))
    theirs.append(("get", reverse("partners:portal_file", args=[b.referral.uid, a.file_uid])))
    missing.append(("get", reverse("partners:portal_file", args=[MISSING, a.file_uid])))
    moves = ["received", "accepted", "declined", "in_progress", "completed", "failed"]
    for (method, url), (_m, missing_url) in zip(theirs, missing, strict=True):
        bodies = [_move_data(s, b.referral.version) for s in moves] if method == "post" else [{}]
        for data in bodies:
            _same(
                getattr(client, method)(url, data),
                getattr(client, method)(missing_url, data),
                f"{method} {url} {data.get('to_state', '')}",
            )
    home = client.get(reverse("partners:portal")).content.decode()
    assert str(b.referral.uid) not in home
    assert str(b.referral.uid)[:8] not in home
    fresh = Referral.objects.get(pk=b.referral.pk)
    assert (fresh.state, fresh.version) == (State.SENT, b.referral.version)
    assert not ReferralUpdate.objects.filter(referral=fresh, from_partner=True).exists()


def _move_data(to_state: str, version: int) -> dict[str, Any]:
    return {"to_state": to_state, "version": version, "reason": "other", "outcome": "resolved",
            "note": "x"}  # fmt: skip


def _sample(group: str, known: dict[str, str], pattern: str) -> str:
    """A real record's value when known, else the first placeholder the URL's pattern takes."""
    if group in known:
        return known[group]
    for guess in ("x", "7", "00000000-0000-4000-8000-000000000007"):
        if re.fullmatch(pattern, guess):
            return guess
    return "x"


def _group_patterns(regex: str) -> dict[str, str]:
    """Each named group's own pattern, from a URL regex such as `(?P<row>[0-9a-f]{8}-...)`."""
    return dict(re.findall(r"\(\?P<(\w+)>([^)]*)\)", regex))


def staff_urls(known: dict[str, str]) -> list[tuple[str, str]]:
    """(url name, address) of every staff page in the URL conf: all of /staff/ but the sign-in
    pages every account has (accounts), and the community's staff pages; arguments from `known`
    (real records) or a placeholder."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, entry.namespace or namespace)
                continue
            staff = route.startswith("staff/") and namespace != "accounts"
            if not (staff or route.startswith("community/staff/")) or not entry.name:
                continue
            groups = _group_patterns(entry.pattern.regex.pattern)
            kwargs = {
                g: _sample(g, known, groups.get(g, ".*")) for g in entry.pattern.regex.groupindex
            }
            found.append(
                (f"{namespace}:{entry.name}", reverse(f"{namespace}:{entry.name}", kwargs=kwargs))
            )

    walk(get_resolver().url_patterns, "", "")
    return found


def test_a_partner_user_gets_404_on_every_staff_url(two: tuple[Sent, Sent]) -> None:
    a, _b = two
    known = {
        "number": a.case.number,
        "other": a.case.number,
        "uid": str(a.case.attachments.get().uid),
        "slug": "unassigned",
        "step": "contact",
        "language": "en",
        "lang": "en",
        "shift_id": "1",
        "username": a.member.user.username,
    }
    urls = staff_urls(known)
    names = {name for name, _url in urls}
    assert {"cases:home", "cases:detail", "cases:file", "cases:grant", "cases:rota"} <= names
    assert {"cases:playbooks", "cases:replies", "community:staff_members"} <= names
    assert len(urls) >= 30
    client = signed_in(a.member)
    missing = {m: getattr(client, m)("/staff/no-such-page/") for m in ("get", "post")}
    before = (Case.objects.get(pk=a.case.pk).version, a.case.messages.count())
    for name, url in urls:
        for method in ("get", "post"):
            _same(getattr(client, method)(url, {}), missing[method], f"{method} {name}")
    assert (Case.objects.get(pk=a.case.pk).version, a.case.messages.count()) == before


def test_a_team_member_without_a_grant_cannot_reach_the_referral(
    two: tuple[Sent, Sent], handler: StaffAccount
) -> None:
    a, _b = two
    stranger = staff_account(username="newcomer")  # joined after the case: no wrap of its key
    assert not readable_referrals(stranger.user).filter(pk=a.referral.pk).exists()
    for uid in (a.referral.uid, MISSING):
        with pytest.raises(Http404):
            access_referral(stranger.user, uid)
    client = signed_in(stranger)
    _same(
        client.get(reverse("cases:detail", args=[a.case.number])),
        client.get(reverse("cases:detail", args=["RD-MISSING0"])),
        "case page",
    )
    for (method, url), (_m, missing_url) in zip(
        _portal_urls(str(a.referral.uid), a.file_uid), _portal_urls(MISSING, MISSING), strict=True
    ):
        _same(getattr(client, method)(url), getattr(client, method)(missing_url), url)
    # The handler who reads the case gets the referral through the same gate.
    assert access_referral(handler.user, a.referral.uid) == a.referral


def test_a_volunteer_cannot_reach_another_cases_referral(two: tuple[Sent, Sent]) -> None:
    a, b = two
    volunteer = inbox_client(a.receipt)
    assert volunteer.get(reverse("partners:consent", args=[a.referral.uid])).status_code == 200
    for name in ("partners:consent", "partners:consent_withdraw"):
        for method in ("get", "post"):
            data = {"answer": "decline", "version": b.referral.version, "confirm": "yes"}
            _same(
                getattr(volunteer, method)(reverse(name, args=[b.referral.uid]), data),
                getattr(volunteer, method)(reverse(name, args=[MISSING]), data),
                f"{method} {name}",
            )
    with pytest.raises(Http404):
        referral_of_case(a.case, b.referral.uid)
    assert Referral.objects.get(pk=b.referral.pk).state == State.SENT
    # Nor does a volunteer with another receipt see it in their inbox.
    other = inbox_client(case_filed().receipt)
    assert "Org B" not in other.get(reverse("intake:inbox")).content.decode()
