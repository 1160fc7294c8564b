"""The on-call rota over HTTP: everyone sees it in their own zone and the person's; only admins
add or remove shifts (a handler is refused and nothing changes); bad shifts are refused with a
message, status 400 and nothing saved; holes in the on-call cover are flagged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import OnCallShift
from rightsdesk.cases.oncall.selectors import Gap, cover_gaps, on_duty
from tests.factories import StaffAccount, signed_in, staff_account

ROTA = reverse("cases:rota")
ADD = reverse("cases:rota_shift_add")
ZONE = reverse("cases:rota_time_zone")


@pytest.fixture
def admin(db: None) -> StaffAccount:
    return staff_account(username="ada", role="admin")


def shown(instant: datetime, zone: str) -> str:
    return date_format(instant.astimezone(ZoneInfo(zone)), "SHORT_DATETIME_FORMAT")


def shift(account: StaffAccount, role: str, start: datetime, end: datetime) -> OnCallShift:
    return OnCallShift.objects.create(user=account.user, role=role, starts_at=start, ends_at=end)


def test_everyone_sees_who_is_on_duty_in_their_zone_and_the_persons(
    handler: StaffAccount, other_handler: StaffAccount, admin: StaffAccount
) -> None:
    handler.user.time_zone = "Asia/Tokyo"
    handler.user.save()
    other_handler.user.time_zone = "America/New_York"
    other_handler.user.save()
    now = timezone.now().replace(second=0, microsecond=0)
    current = shift(other_handler, "on_call", now - timedelta(hours=1), now + timedelta(hours=8))
    coming = shift(handler, "lead", now + timedelta(days=3), now + timedelta(days=4))
    shift(handler, "lead", now + timedelta(days=20), now + timedelta(days=21))  # beyond 14 days

    page = signed_in(handler).get(ROTA)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script" not in html
    assert "style=" not in html
    on_call_now = html.split("On-call handler</dt>")[1].split("</dd>")[0]
    assert "omar" in on_call_now
    assert "Nobody" in html.split("On-call lead</dt>")[1].split("</dd>")[0]
    # The viewer's zone (Tokyo) and the person's own (New York), side by side.
    assert shown(current.starts_at, "Asia/Tokyo") in html
    assert shown(current.starts_at, "America/New_York") in html
    assert shown(coming.ends_at, "Asia/Tokyo") in html
    assert html.count("<tr>") == 1 + 2  # header and the two shifts within 14 days
    assert ADD not in html  # a handler gets no form to add shifts
    assert f'href="{ROTA}"' in html  # the nav link

    as_admin = signed_in(admin).get(ROTA).content.decode()
    assert ADD in as_admin
    assert reverse("cases:rota_shift_remove", args=[coming.pk]) in as_admin
    assert shown(current.starts_at, "UTC") in as_admin  # the admin's zone is the default, UTC


def test_gaps_in_the_on_call_cover_are_flagged(handler: StaffAccount) -> None:
    now = timezone.now()
    hana = signed_in(handler)
    assert "Nobody is on call during these times" in hana.get(ROTA).content.decode()
    shift(handler, "on_call", now - timedelta(hours=1), now + timedelta(days=4))
    shift(handler, "on_call", now + timedelta(days=4), now + timedelta(days=7, hours=1))
    assert "Nobody is on call during these times" not in hana.get(ROTA).content.decode()


def test_cover_gaps(handler: StaffAccount, other_handler: StaffAccount) -> None:
    start = datetime(2030, 1, 7, tzinfo=UTC)
    hour = timedelta(hours=1)
    shifts = [
        OnCallShift(
            user=handler.user, role="on_call", starts_at=start - hour, ends_at=start + hour
        ),
        OnCallShift(user=handler.user, role="on_call", starts_at=start, ends_at=start + 2 * hour),
        OnCallShift(user=handler.user, role="lead", starts_at=start, ends_at=start + 9 * hour),
        OnCallShift(
            user=other_handler.user,
            role="on_call",
            starts_at=start + 4 * hour,
            ends_at=start + 5 * hour,
        ),
    ]
    end = start + 8 * hour
    assert cover_gaps(shifts, start, end) == [
        Gap(start + 2 * hour, start + 4 * hour),
        Gap(start + 5 * hour, end),
    ]
    assert cover_gaps(shifts, start, end, role="lead") == []
    other_handler.user.is_active = False  # an inactive person's shift covers nothing
    assert cover_gaps(shifts, start, end)[-1] == Gap(start + 2 * hour, end)
    assert cover_gaps([], start, end) == [Gap(start, end)]


def shift_post(person: str = "hana", **change: str) -> dict[str, str]:
    return {
        "person": person,
        "role": "on_call",
        "starts": "2030-01-07T09:00",
        "ends": "2030-01-07T21:00",
        "zone": "Europe/Berlin",
        **change,
    }


def test_only_an_admin_adds_a_shift_entered_in_a_zone_of_their_choice(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    refused = signed_in(handler).post(ADD, shift_post())
    assert refused.status_code == 403
    assert not OnCallShift.objects.exists()
    assert not AuditEntry.objects.filter(action="rota.shift.add").exists()

    added = signed_in(admin).post(ADD, shift_post())
    assert added.status_code == 302
    saved = OnCallShift.objects.get()
    assert (saved.user, saved.role) == (handler.user, "on_call")
    # 09:00 in Berlin in January (CET, UTC+1) is 08:00 UTC.
    assert saved.starts_at == datetime(2030, 1, 7, 8, 0, tzinfo=UTC)
    assert saved.ends_at == datetime(2030, 1, 7, 20, 0, tzinfo=UTC)
    entry = AuditEntry.objects.get(action="rota.shift.add")
    assert entry.actor == f"user:{admin.user.pk}"
    assert entry.target_id == str(saved.pk)
    assert on_duty("on_call", datetime(2030, 1, 7, 12, tzinfo=UTC)).get() == handler.user


def test_the_shift_zone_defaults_to_the_admins_own(admin: StaffAccount) -> None:
    admin.user.time_zone = "America/Sao_Paulo"
    admin.user.save()
    html = signed_in(admin).get(ROTA).content.decode()
    assert 'name="zone" value="America/Sao_Paulo"' in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends": "2030-01-07T08:00"}, "A shift must end after it starts."),
        ({"ends": "2030-01-07T09:00"}, "A shift must end after it starts."),
        ({"ends": "2030-01-14T09:01"}, "A shift can last at most 7 days."),
        ({"zone": "Mars/Olympus_Mons"}, "Unknown time zone"),
        ({"zone": ""}, "This field is required."),
        ({"starts": "next Tuesday"}, "Enter a date and time"),
        ({"starts": "2030-01-07T09:00+02:00"}, "Enter the time without a zone"),
        ({"person": "nobody"}, "Choose a team member from the list."),
        ({"role": "boss"}, "Select a valid choice."),
        # The clocks skip 02:00-03:00 in Berlin on 31 March 2030.
        ({"starts": "2030-03-31T02:30", "ends": "2030-03-31T09:00"}, "does not exist"),
    ],
)
def test_bad_shifts_are_refused_with_a_message_and_nothing_is_saved(
    handler: StaffAccount, admin: StaffAccount, change: dict[str, str], message: str
) -> None:
    response = signed_in(admin).post(ADD, shift_post(**change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OnCallShift.objects.exists()


def test_an_inactive_person_cannot_be_put_on_call(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    ada = signed_in(admin)
    handler.user.is_active = False
    handler.user.save()
    response = ada.post(ADD, shift_post())
    assert response.status_code == 400
    assert "hana is not active" in response.content.decode()
    assert not OnCallShift.objects.exists()


def test_exactly_seven_days_is_allowed(handler: StaffAccount, admin: StaffAccount) -> None:
    response = signed_in(admin).post(ADD, shift_post(ends="2030-01-14T09:00"))
    assert response.status_code == 302
    assert OnCallShift.objects.get().ends_at == datetime(2030, 1, 14, 8, tzinfo=UTC)


def test_only_an_admin_removes_a_shift(handler: StaffAccount, admin: StaffAccount) -> None:
    now = timezone.now()
    kept = shift(handler, "on_call", now, now + timedelta(hours=8))
    url = reverse("cases:rota_shift_remove", args=[kept.pk])
    assert signed_in(handler).post(url).status_code == 403
    assert OnCallShift.objects.filter(pk=kept.pk).exists()

    ada = signed_in(admin)
    assert ada.get(url).status_code == 405  # removing takes a POST
    assert ada.post(url).status_code == 302
    assert not OnCallShift.objects.exists()
    entry = AuditEntry.objects.get(action="rota.shift.remove")
    assert (entry.actor, entry.target_id) == (f"user:{admin.user.pk}", str(kept.pk))
    assert ada.post(url).status_code == 404  # gone


def test_everyone_sets_their_own_time_zone(handler: StaffAccount) -> None:
    hana = signed_in(handler)
    bad = hana.post(ZONE, {"time_zone": "Europe/Atlantis"})
    assert bad.status_code == 400
    assert "Unknown time zone" in bad.content.decode()
    handler.user.refresh_from_db()
    assert handler.user.time_zone == "UTC"
    assert not AuditEntry.objects.filter(action="account.time_zone").exists()

    assert hana.post(ZONE, {"time_zone": "Asia/Kolkata"}).status_code == 302
    handler.user.refresh_from_db()
    assert handler.user.time_zone == "Asia/Kolkata"
    entry = AuditEntry.objects.get(action="account.time_zone")
    assert (entry.actor, entry.target_id) == (f"user:{handler.user.pk}", str(handler.user.pk))
    assert "Kolkata" not in str(entry.__dict__)  # the log says that, not where


def test_the_rota_needs_a_signed_in_user(handler: StaffAccount) -> None:
    assert Client().get(ROTA).status_code == 302
    assert Client().post(ZONE, {"time_zone": "Asia/Kolkata"}).status_code == 302
    handler.user.refresh_from_db()
    assert handler.user.time_zone == "UTC"
