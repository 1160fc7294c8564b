"""Reads: the budget ledger, and releases (the gates in front of them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import Http404
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import is_admin
from rightsdesk.crypto import CryptoError, bind, open_text
from rightsdesk.transparency.models import BoardExample, BudgetSpend, PrivacyBudget, Release


def budget_total(year: int) -> Decimal:
    """The year's budget: its row, or the setting for a year nothing was spent in yet."""
    found = PrivacyBudget.objects.filter(year=year).values_list("epsilon", flat=True).first()
    if found is not None:
        return found
    return Decimal(str(settings.RIGHTSDESK_DP_EPSILON_PER_YEAR)).quantize(Decimal("0.001"))


def budget_spent(year: int) -> Decimal:
    spent = BudgetSpend.objects.filter(budget__year=year).aggregate(total=Sum("epsilon"))["total"]
    return spent if spent is not None else Decimal(0)


def budget_left(year: int) -> Decimal:
    return budget_total(year) - budget_spent(year)


def previous_release(audience: str, start: date, *, exclude: int | None = None) -> Release | None:
    """The latest approved, not withdrawn release of `audience` starting no later than `start`:
    the one a new release keeps the pattern of and is checked against."""
    found = Release.objects.filter(
        audience=audience, approved_at__isnull=False, withdrawn_at__isnull=True, start__lte=start
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("-start", "-approved_at", "-pk").first()


def public_releases() -> QuerySet[Release]:
    """What /transparency/ lists: approved public releases not withdrawn."""
    return Release.objects.filter(
        audience=Release.Audience.PUBLIC, approved_at__isnull=False, withdrawn_at__isnull=True
    ).order_by("-start", "-approved_at")


def public_release(slug: str) -> Release:
    """One public release; a draft, a board pack, a withdrawn or missing one: the same 404."""
    found = public_releases().filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def staff_release(user: User, slug: str) -> Release:
    """The gate for staff release pages: team members only (partners' users never); missing
    and forbidden answer the same 404."""
    if not (user.is_active and user.is_team):
        raise Http404
    found = Release.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def staff_releases(user: User) -> QuerySet[Release]:
    if not (user.is_active and user.is_team):
        return Release.objects.none()
    return Release.objects.select_related("drafted_by", "approved_by").order_by(
        "-start", "-drafted_at"
    )


def board_examples(release: Release, user: User, private_key: PrivateKey | None) -> str | None:
    """The board's examples written by staff, for an admin whose copy it is (sealed to them
    when drafted); None for anyone else, or when there are none."""
    if private_key is None or not is_admin(user):
        return None
    copy = BoardExample.objects.filter(release=release, reader=user).first()
    if copy is None:
        return None
    aad = bind(table="transparency_boardexample", row=release.slug, field=f"reader:{user.pk}")
    try:
        return open_text(bytes(copy.sealed), private_key, aad)
    except CryptoError:
        return None
