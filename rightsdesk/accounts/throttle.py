"""Per-account login throttling, with no client address anywhere.

After `LOGIN_FREE_FAILURES` consecutive failures an account name is blocked for a delay that
doubles with each further failure, capped at `LOGIN_MAX_DELAY_SECONDS`. Unknown names are
throttled exactly like real ones, so the answer never tells whether an account exists. The cost:
someone who knows a handler's username can keep it slowed down; the cap bounds that, and the
handler can still use the recovery path's separate throttle... which shares the same counter on
purpose, so recovery is no way around the throttle.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rightsdesk.accounts.models import LoginThrottle
from rightsdesk.core.serverkeys import keyed_digest


def account_digest(username: str) -> str:
    """Keyed digest of the case-folded username: what the throttle table stores."""
    return keyed_digest(b"login-throttle", username.strip().casefold().encode("utf-8"))


def blocked_until(username: str) -> datetime | None:
    """When the account name may try again, or None if it may try now."""
    row = LoginThrottle.objects.filter(account_digest=account_digest(username)).first()
    if row and row.blocked_until and row.blocked_until > timezone.now():
        return row.blocked_until
    return None


def record_failure(username: str) -> None:
    """Count a failure and extend the block once the free failures are spent."""
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(
            account_digest=account_digest(username)
        )
        row.failures += 1
        over = row.failures - settings.LOGIN_FREE_FAILURES
        if over >= 0:
            delay = min(
                settings.LOGIN_BASE_DELAY_SECONDS * (2 ** min(over, 20)),
                settings.LOGIN_MAX_DELAY_SECONDS,
            )
            row.blocked_until = timezone.now() + timedelta(seconds=delay)
        row.save()


def record_success(username: str) -> None:
    LoginThrottle.objects.filter(account_digest=account_digest(username)).delete()
