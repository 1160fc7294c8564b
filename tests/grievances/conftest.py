from __future__ import annotations

import pytest

from tests.factories import StaffAccount, grievance_permission, staff_account


@pytest.fixture
def gina(db: None) -> StaffAccount:
    """A handler of grievances."""
    account = staff_account(username="gina")
    grievance_permission(account)
    return account


@pytest.fixture
def nadia(db: None) -> StaffAccount:
    """Another handler of grievances (the one the tests' grievances name)."""
    account = staff_account(username="nadia")
    grievance_permission(account)
    return account


@pytest.fixture
def rafael(db: None) -> StaffAccount:
    """An independent reviewer of appeals."""
    account = staff_account(username="rafael")
    grievance_permission(account, "review_appeals")
    return account
