"""Who reaches which directory page, over HTTP, denied and allowed side by side: a partner user
gets the plain 404 of a missing address on every staff URL of the directory; a handler keeps the
directory but gets the admins' 403 on the admins' part, and nothing changes; an admin adds and
deactivates partner users, gives and takes the override permission, imports and exports."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import Client
from django.urls import URLPattern, reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightsdesk.accounts.models import User
from rightsdesk.accounts.services import staff_login
from rightsdesk.accounts.sessions import SessionStore
from rightsdesk.audit.models import AuditEntry
from rightsdesk.partners.directory.forms import HSDS_MAX_BYTES
from rightsdesk.partners.directory.urls import urlpatterns
from rightsdesk.partners.models import Partner, PartnerMember, ReferralWrap
from tests.factories import (
    StaffAccount,
    partner_account,
    partner_listed,
    signed_in,
    staff_account,
    without_tokens,
)

pytestmark = pytest.mark.django_db

MISSING = "/staff/partners/no-such-page/"


def staff_urls(partner: Partner, member: User) -> list[str]:
    """Every staff URL of the directory, filled in (the list is read from the URL conf, so a
    new page is covered the day it is added)."""
    urls = []
    for entry in urlpatterns:
        assert isinstance(entry, URLPattern)
        if not str(entry.pattern).startswith("staff/"):
            continue
        kwargs: dict[str, Any] = {}
        if "uid" in entry.pattern.regex.groupindex:
            kwargs["uid"] = partner.uid
        if "user_id" in entry.pattern.regex.groupindex:
            kwargs["user_id"] = member.pk
        urls.append(reverse(f"partners:{entry.name}", kwargs=kwargs))
    return urls


def partner_signed_in(account: StaffAccount) -> Client:
    """A client signed in as a partner user, as the login view signs people in (password and
    TOTP through `staff_login`, then the session with its key vault). Not through the login
    page: it sends a partner to the portal, which another branch of issue 12 builds."""
    unlocked = staff_login(
        username=account.user.username, password=account.password, otp=account.otp()
    )
    request = HttpRequest()
    request.session = SessionStore()
    request.user = unlocked.user
    login(request, unlocked.user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, TOTPDevice.objects.get(user=unlocked.user))
    request.session.put_private_key(unlocked.private_key)
    request.session.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key or ""
    return client


def test_a_partner_user_gets_the_missing_page_on_every_directory_staff_url() -> None:
    partner = partner_listed(name="Helpers")
    member = partner_account(partner)
    client = partner_signed_in(member)
    # Signed in for real: a page for every signed-in person opens.
    assert client.get(reverse("accounts:password_change")).status_code == 200
    urls = staff_urls(partner, member.user)
    assert len(urls) >= 12
    missing = {method: getattr(client, method)(MISSING) for method in ("get", "post")}
    for url in urls:
        for method in ("get", "post"):
            answer = getattr(client, method)(url)
            assert answer.status_code == 404, (url, method)
            assert without_tokens(answer.content) == without_tokens(missing[method].content), url
    assert Partner.objects.get().version == 0
    assert User.objects.get(pk=member.user.pk).is_active


def test_an_anonymous_visitor_is_sent_to_sign_in() -> None:
    partner = partner_listed()
    for url in staff_urls(partner, staff_account().user):
        assert Client().get(url).status_code == 302, url


def test_a_handler_keeps_the_directory_but_not_the_admins_part(handler: StaffAccount) -> None:
    partner = partner_listed(name="Helpers")
    member = partner_account(partner)
    hana = signed_in(handler)
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    for name, kwargs in (
        ("partners:directory", {}),
        ("partners:directory_partner", {"uid": partner.uid}),
        ("partners:directory_performance", {}),
    ):
        assert hana.get(reverse(name, kwargs=kwargs)).status_code == 200
        assert admin.get(reverse(name, kwargs=kwargs)).status_code == 200
    # The admins' part: denied to the handler (403, the admins' page), allowed to the admin.
    for name in ("partners:directory_permissions", "partners:directory_exchange"):
        denied = hana.get(reverse(name))
        assert denied.status_code == 403
        assert "for admins only" in denied.content.decode()
        assert admin.get(reverse(name)).status_code == 200
    assert hana.get(reverse("partners:directory_export")).status_code == 403
    assert admin.get(reverse("partners:directory_export")).status_code == 200
    page = hana.get(reverse("partners:directory_partner", args=[partner.uid])).content.decode()
    assert member.user.username not in page  # the users' list is the admins'
    assert (
        member.user.username
        in admin.get(reverse("partners:directory_partner", args=[partner.uid])).content.decode()
    )
    add = reverse("partners:directory_member_new", args=[partner.uid])
    off = reverse("partners:directory_member_off", args=[partner.uid, member.user.pk])
    new_user = {"username": "intruder", "password": "a long test passphrase 7431"}
    assert hana.post(add, new_user).status_code == 403
    assert hana.post(off).status_code == 403
    grant = {"username": handler.user.username, "allowed": "1"}
    assert hana.post(reverse("partners:directory_permissions"), grant).status_code == 403
    assert not User.objects.filter(username="intruder").exists()
    assert User.objects.get(pk=member.user.pk).is_active
    assert not User.objects.get(pk=handler.user.pk).has_perm("partners.override_consent")


def test_an_admin_adds_a_partner_user_and_sees_the_secrets_once() -> None:
    partner = partner_listed(name="Helpers")
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    url = reverse("partners:directory_member_new", args=[partner.uid])
    weak = admin.post(url, {"username": "lena", "password": "short"})
    assert weak.status_code == 400
    assert not User.objects.filter(username="lena").exists()
    created = admin.post(url, {"username": "lena", "password": "a long test passphrase 7431"})
    assert created.status_code == 201
    page = created.content.decode()
    assert "otpauth://totp/" in page
    assert "<svg" in page  # the QR code, inline
    user = User.objects.get(username="lena")
    assert user.role == User.Role.PARTNER
    assert PartnerMember.objects.get(user=user).partner == partner
    # Shown once: the organisation's page does not show them again.
    again = admin.get(reverse("partners:directory_partner", args=[partner.uid])).content.decode()
    assert "otpauth://" not in again
    taken = admin.post(url, {"username": "lena", "password": "a long test passphrase 7431"})
    assert taken.status_code == 400
    assert "already exists" in taken.content.decode()


def test_an_admin_deactivates_a_partner_user_and_their_wraps_go() -> None:
    partner = partner_listed(name="Helpers")
    other = partner_listed(name="Others")
    member = partner_account(partner)
    stranger = partner_account(other)
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    # A user of another organisation cannot be deactivated through this one's page.
    wrong = reverse("partners:directory_member_off", args=[partner.uid, stranger.user.pk])
    assert admin.post(wrong).status_code == 404
    assert User.objects.get(pk=stranger.user.pk).is_active
    url = reverse("partners:directory_member_off", args=[partner.uid, member.user.pk])
    assert admin.get(url).status_code == 405
    assert admin.post(url).status_code == 302
    assert not User.objects.get(pk=member.user.pk).is_active
    assert not ReferralWrap.objects.filter(user=member.user).exists()
    assert AuditEntry.objects.filter(action="partner.member.deactivate").count() == 1
    # Signed out for good: their next request is sent to sign in.
    assert (
        Client()
        .post(
            reverse("accounts:login"),
            {"username": member.user.username, "password": member.password, "otp": member.otp()},
        )
        .status_code
        != 302
    )


def test_an_admin_gives_and_takes_the_override_permission(handler: StaffAccount) -> None:
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    url = reverse("partners:directory_permissions")
    assert admin.post(url, {"username": handler.user.username, "allowed": "1"}).status_code == 302
    assert User.objects.get(pk=handler.user.pk).has_perm("partners.override_consent")
    page = admin.get(url).content.decode()
    assert f"Take it from {handler.user.username}" in page
    assert admin.post(url, {"username": handler.user.username, "allowed": "0"}).status_code == 302
    assert not User.objects.get(pk=handler.user.pk).has_perm("partners.override_consent")
    member = partner_account(partner_listed())
    refused = admin.post(url, {"username": member.user.username, "allowed": "1"})
    assert refused.status_code == 400
    assert "Only team members" in refused.content.decode()
    assert admin.post(url, {"username": "nobody", "allowed": "1"}).status_code == 400
    assert admin.post(url, {"username": handler.user.username, "allowed": "2"}).status_code == 400


def test_export_download_and_import_upload_over_http() -> None:
    partner_listed(name="Helpers", public=True)
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    download = admin.get(reverse("partners:directory_export"))
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    package = download.content
    Partner.objects.all().delete()
    url = reverse("partners:directory_exchange")
    upload = SimpleUploadedFile("partners.zip", package, "application/zip")
    done = admin.post(url, {"package": upload})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Partner.objects.get().name == "Helpers"
    bad = SimpleUploadedFile("partners.zip", b"not a zip", "application/zip")
    refused = admin.post(url, {"package": bad})
    assert refused.status_code == 400
    assert "This is not a zip file." in refused.content.decode()
    big = SimpleUploadedFile("big.zip", b"0" * (HSDS_MAX_BYTES + 1), "application/zip")
    too_big = admin.post(url, {"package": big})
    assert too_big.status_code == 400
    assert "larger than 5 MB" in too_big.content.decode()
    assert admin.post(url, {}).status_code == 400
    assert Partner.objects.count() == 1


def test_an_unknown_organisation_is_404(handler: StaffAccount) -> None:
    hana = signed_in(handler)
    url = reverse("partners:directory_partner", args=[uuid.uuid4()])
    assert hana.get(url).status_code == 404
