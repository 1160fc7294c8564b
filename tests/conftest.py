from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.utils import translation
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


@pytest.fixture(autouse=True)
def _site_language() -> None:
    """Each test starts in the site's language. A request in Arabic leaves Arabic active in the
    thread (LocaleMiddleware activates, nothing deactivates), which made messages compared after
    it depend on which test ran before on the same worker."""
    translation.activate(django_settings.LANGUAGE_CODE)
