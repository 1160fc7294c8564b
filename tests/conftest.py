from __future__ import annotations

import os

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


# Fixtures through which a test reaches the database (pytest-django's, and the live server's).
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With RIGHTSDESK_DATABASE_TESTS_ONLY=1 (CI's PostgreSQL pass), keep only the tests that
    reach the database: a test that never touches it (a parser's property test, the crypto core,
    detection on plain text) runs exactly the same on every backend and already ran on SQLite."""
    if os.environ.get("RIGHTSDESK_DATABASE_TESTS_ONLY") != "1":
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if uses_db else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
