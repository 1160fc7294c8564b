from __future__ import annotations

import pytest

from tests.factories import StaffAccount, staff_account


@pytest.fixture
def handler(db: None) -> StaffAccount:
    return staff_account(username="hana")


@pytest.fixture
def other_handler(db: None) -> StaffAccount:
    return staff_account(username="omar")
