from __future__ import annotations

import pytest
from hypothesis import settings

from tests.factories import StaffAccount, staff_account

# Property tests check rules, not speed: on two shared cores under pytest-xdist a crypto example
# can take longer than hypothesis's default 200 ms deadline, which made them flaky.
settings.register_profile("rightsdesk", deadline=None)
settings.load_profile("rightsdesk")


@pytest.fixture
def handler(db: None) -> StaffAccount:
    return staff_account(username="hana")


@pytest.fixture
def other_handler(db: None) -> StaffAccount:
    return staff_account(username="omar")
