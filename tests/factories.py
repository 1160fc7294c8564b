"""Factories and helpers that go through the services, so test data is shaped like real data.

Test modules share helpers through this module and tests/reporting.py, never by importing each
other: importing a test module runs all of its imports and fixtures for nothing, ties two test
files together, and a test function imported by name is collected a second time.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightsdesk.accounts.models import User
from rightsdesk.accounts.services import ProvisionedUser, user_create
from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Case
from rightsdesk.cases.services import CaseMetadata, SubmittedCase
from rightsdesk.demands.models import Demand
from rightsdesk.demands.services.demands import DemandValues, demand_create
from rightsdesk.diligence.models import Assessment
from rightsdesk.diligence.services.assessments import assessment_create
from rightsdesk.diligence.services.register import ImpactValues
from rightsdesk.grievances.content import Filing
from rightsdesk.grievances.filing import Filed, FilingMetadata, grievance_file
from rightsdesk.grievances.models import Grievance
from rightsdesk.grievances.services import grievance_move
from rightsdesk.grievances.stages import Move
from rightsdesk.intake.services import report_send
from rightsdesk.partners.models import Partner, Referral
from rightsdesk.partners.services.directory import member_add, partner_save, vetting_record
from rightsdesk.partners.services.referrals import referral_draft

DEFAULT_PASSWORD = "a long test passphrase 7431"

# For races that only PostgreSQL can run (SQLite has one writer). Skipped when DATABASE_URL is
# unset; CI's second pass sets it (.ci/run), and such a test asserts it really runs on PostgreSQL
# there, so a misconfigured CI fails instead of skipping it.
needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="needs PostgreSQL: set DATABASE_URL (CI's second pass does)",
)
_serial = itertools.count(1)


@dataclass
class StaffAccount:
    """A created user plus the secrets a test needs to act as them."""

    user: User
    password: str
    recovery_code: str
    otpauth_uri: str

    def otp(self, offset_steps: int = 0) -> str:
        """The TOTP code for now (or `offset_steps` steps away)."""
        device = TOTPDevice.objects.get(user=self.user)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time() + offset_steps * device.step
        return f"{totp.token():0{device.digits}d}"


def staff_account(
    *, username: str | None = None, role: str = User.Role.HANDLER, password: str = DEFAULT_PASSWORD
) -> StaffAccount:
    name = username or f"handler{next(_serial)}"
    provisioned: ProvisionedUser = user_create(
        username=name, role=role, password=password, actor="system:test"
    )
    return StaffAccount(
        user=provisioned.user,
        password=password,
        recovery_code=provisioned.recovery_code,
        otpauth_uri=provisioned.otpauth_uri,
    )


def signed_in(account: StaffAccount) -> Client:
    """A test client signed in as `account` through the real login form (password and TOTP)."""
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": account.user.username, "password": account.password, "otp": account.otp()},
    )
    assert response.status_code == 302
    return client


def without_tokens(html: bytes) -> bytes:
    """A page without its per-response CSRF token and the echo of its own address (the language
    form's `next`), so that two answers can be compared."""
    html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
    return re.sub(rb'name="next" value="[^"]+"', b"", html)


def case_filed(
    *,
    narrative: str = "They published my home address.",
    threat_types: Sequence[str] = ("doxxing",),
    emergency: bool = False,
    country: str = "",
) -> SubmittedCase:
    """A case filed through the public side's service (budgets, triage, grants, audit), without
    files; tests/reporting.py files over HTTP when the form itself or files matter."""
    return report_send(
        report=ReportContent(narrative=narrative, language="en"),
        metadata=CaseMetadata(
            threat_types=list(threat_types), rights=[], country=country, emergency=emergency
        ),
        uploads=[],
        keep_uncleaned=False,
    )


def partner_listed(
    *,
    name: str | None = None,
    services: Sequence[str] = ("legal", "digital_security"),
    languages: Sequence[str] = ("en", "ar"),
    countries: Sequence[str] = (),
    worldwide: bool = True,
    capacity: int = 5,
    response_hours: int = 24,
    vetted_until_days: int = 365,
    public: bool = False,
    email: str = "",
    openpgp_key: str = "",
) -> Partner:
    """A directory entry through the directory's services, vetted from today for
    `vetted_until_days` (negative: a vetting that has expired). With `email` and `openpgp_key`
    (tests/openpgp.py makes one) and no `partner_account`, referrals go to it by OpenPGP."""
    today = timezone.now().date()
    partner = partner_save(
        actor=None,
        values={
            "name": name or f"Partner {next(_serial)}",
            "services": list(services),
            "languages": list(languages),
            "countries": list(countries),
            "worldwide": worldwide,
            "capacity": capacity,
            "response_hours": response_hours,
            "public": public,
            "capacity_confirmed_on": today,
            "email": email,
            "openpgp_key": openpgp_key,
        },
    )
    start = today - timedelta(days=400) if vetted_until_days < 0 else today
    vetting_record(
        actor=None,
        partner=partner,
        vetted_on=start,
        expires_on=today + timedelta(days=vetted_until_days),
        vouched_by="A CiviCERT member",
        evidence="Known to the team since 2019.",
    )
    return partner


def partner_account(partner: Partner, *, admin: User | None = None) -> StaffAccount:
    """A user who signs in for `partner`, created by an admin through `member_add`."""
    admin = admin or staff_account(role=User.Role.ADMIN).user
    provisioned = member_add(
        actor=admin,
        partner=partner,
        username=f"partner{next(_serial)}",
        password=DEFAULT_PASSWORD,
    )
    return StaffAccount(
        user=provisioned.user,
        password=DEFAULT_PASSWORD,
        recovery_code=provisioned.recovery_code,
        otpauth_uri=provisioned.otpauth_uri,
    )


def inbox_client(receipt: str, **environ: str) -> Client:
    """A client signed in to the reporter's inbox with `receipt`, through the receipt form."""
    client = Client(**environ)  # type: ignore[arg-type]  # extra WSGI environ keys
    response = client.post(reverse("intake:inbox_login"), {"receipt": receipt})
    assert response.status_code == 302, response.content[:500]
    return client


def referral_proposed(
    case: Case,
    partner: Partner,
    handler: User,
    *,
    pieces: Sequence[str] = ("narrative", "country"),
    purpose: str = "Legal advice on the threat letter",
    summary: str = "",
    service: str = "legal",
) -> Referral:
    """A referral drafted by `handler` through the service and put in the volunteer's inbox."""
    return referral_draft(
        case=case,
        actor=handler,
        partner=partner,
        service=service,
        pieces=list(pieces),
        purpose=purpose,
        summary=summary,
        until=timezone.now().date() + timedelta(days=30),
        now=timezone.now(),
    )


def grievance_permission(account: StaffAccount, codename: str = "handle_grievances") -> None:
    """Allow `account` to handle grievances (or, with "review_appeals", to review appeals)."""
    account.user.user_permissions.add(
        Permission.objects.get(content_type__app_label="grievances", codename=codename)
    )


def grievance_filed(
    *,
    what_happened: str = "My article was deleted by a staff action without any reason given.",
    people_named: str = "",
    contact: str = "",
    category: str = "content",
    concerns: str = "staff_action",
    language: str = "en",
) -> Filed:
    """A grievance filed through the public side's service (budgets, routing, recusal, audit),
    without files; tests/reporting.py files over HTTP when the form or files matter."""
    return grievance_file(
        filing=Filing(what_happened=what_happened, people_named=people_named, contact=contact),
        metadata=FilingMetadata(category=category, concerns=concerns, language=language),
        uploads=[],
        keep_uncleaned=False,
    )


def grievance_decided(grievance: Grievance, handler: User) -> None:
    """Walk `grievance` from received to a decision (not upheld, with reasons), as `handler`."""
    for target, outcome, reason in (
        ("acknowledged", "", ""),
        ("eligibility", "", ""),
        ("assessment", "accepted", ""),
        ("resolution", "investigation", ""),
        ("decision", "not_upheld", "We found the block followed the rules on sockpuppets."),
    ):
        grievance.refresh_from_db()
        grievance_move(
            grievance=grievance,
            move=Move(target, outcome, reason),
            from_stage=grievance.stage,
            actor=handler,
        )


def assessment_made(
    owner: User,
    *,
    title: str = "Mobile app 2027",
    subject_kind: str = "product",
    readers: Sequence[User] = (),
    watched_rights: Sequence[str] = (),
    watched_threats: Sequence[str] = (),
) -> Assessment:
    """An assessment through the service, owned and created by `owner`."""
    return assessment_create(
        actor=owner,
        title=title,
        subject_kind=subject_kind,
        owner=owner,
        scope="The app and its upload flow.",
        now=timezone.now(),
        readers=readers,
        watched_rights=watched_rights,
        watched_threats=watched_threats,
    )


def impact_values(**changes: object) -> ImpactValues:
    """Values of a potential privacy impact; `changes` override any field."""
    values: dict[str, object] = {
        "title": "Uploads reveal where a photo was taken",
        "description": "Location metadata of uploads can expose contributors.",
        "rights": ["privacy"],
        "holders": ["contributors"],
        "holders_detail": "Photographers in repressive states",
        "vulnerabilities": ["repressive_state"],
        "kind": "potential",
        "involvement": "cause",
        "scale": 3,
        "scope": 2,
        "irremediability": 3,
        "likelihood": 2,
        "confidence": 2,
        "leverage": 3,
    }
    values.update(changes)
    return ImpactValues(**values)  # type: ignore[arg-type]  # test data, checked by the service


def demand_permission(account: StaffAccount) -> None:
    """Allow `account` to handle government demands (rightsdesk.demands)."""
    account.user.user_permissions.add(
        Permission.objects.get(content_type__app_label="demands", codename="handle_demands")
    )


def demand_values(**changes: object) -> DemandValues:
    """A police demand for a volunteer's non-content data, laws cited; `changes` override."""
    values: dict[str, object] = {
        "requester_kind": "police",
        "requester_name": "Cyber crimes unit",
        "country": "TR",
        "instrument": "criminal_subpoena",
        "channel": "email",
        "received_on": timezone.now().date(),
        "asks": ["data_non_content"],
        "deadline": timezone.now().date() + timedelta(days=10),
        "laws": "Law 5651, article 8",
        "reference": "2026/123",
        "summary": "IP addresses of the account for October.",
        "text": "Provide all IP addresses used by the account ExampleUser.",
        "accounts": ["ExampleUser"],
        "pages": [],
        "cases": [],
    }
    values.update(changes)
    return DemandValues(**values)  # type: ignore[arg-type]


def demand_made(actor: User, **changes: object) -> Demand:
    """A demand registered through the service by `actor` (who must handle demands)."""
    return demand_create(actor=actor, values=demand_values(**changes), now=timezone.now())
