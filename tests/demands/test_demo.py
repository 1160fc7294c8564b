"""The demo demands go through the real services and land in the states they promise."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rightsdesk.demands.demo import demo_demands
from rightsdesk.demands.models import Demand
from rightsdesk.demands.selectors import emergency_reviews_owed, readable_demands
from tests.factories import StaffAccount


@pytest.mark.django_db
def test_demo_demands(handler: StaffAccount, other_handler: StaffAccount) -> None:
    made = demo_demands(handler=handler.user, admin=other_handler.user, now=timezone.now())
    assert made == 4
    states = sorted(Demand.objects.values_list("state", "decision"))
    assert states == [("decided", "comply"), ("decided", "partly"), ("decided", "refuse"),
                      ("legal_review", "")]  # fmt: skip
    assert emergency_reviews_owed().count() == 1
    assert readable_demands(other_handler.user).count() == 4  # both hold the permission
    assert demo_demands(handler=handler.user, admin=other_handler.user, now=timezone.now()) == 0
