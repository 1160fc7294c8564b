from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.community.models import Event, EventKind
from tests.factories import StaffAccount


def signed_in(account: StaffAccount) -> Client:
    """A client signed in on the staff side (password and TOTP), as a handler would be."""
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": account.user.username, "password": account.password, "otp": account.otp()},
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def event(db: None) -> Event:
    start = timezone.now() + timedelta(days=3)
    return Event.objects.create(
        kind=EventKind.OFFICE_HOURS,
        title="Digital safety office hours",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        languages="en,ar",
        online_url="https://meet.example.org/room",
        capacity=1,
    )
