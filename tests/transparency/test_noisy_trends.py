"""The optional differentially private mode for trend charts: a board pack drafted with a noisy
trend spends exactly its epsilon from the year's ledger (refused, nothing written, when the
budget cannot cover it), freezes the noisy counts into the release (never drawn again, whatever
renders it), labels the chart with the epsilon, and the noise is really there."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.transparency import noise, trends
from rightsdesk.transparency.models import BudgetSpend, Release
from rightsdesk.transparency.presentation import release_zip, shown_tables
from rightsdesk.transparency.releases import ReleaseRefused, release_approve, release_draft
from rightsdesk.transparency.selectors import budget_left
from rightsdesk.transparency.services import BudgetRefused
from tests.factories import signed_in, staff_account, without_tokens
from tests.transparency.releasing import NOW, cases

pytestmark = pytest.mark.django_db


def _year() -> None:
    """Reports across the four quarters to 2026-Q3 (Q4 2025 to Q3 2026), some priorities."""
    cases(30, on=date(2025, 11, 3), priority="P2")
    cases(12, on=date(2026, 2, 10), priority="P3")
    cases(25, on=date(2026, 5, 20), priority="P3")
    cases(3, on=date(2026, 8, 1), priority="P1")


def _unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _entry(release: Release, name: str) -> dict[str, Any]:
    return next(t for t in release.published["tables"] if t["name"] == name)


def _inside(entry: dict[str, Any]) -> list[int]:
    return [v for r, c, _s, v in entry["cells"] if r is not None and c is not None]


@override_settings(RIGHTSDESK_DP_EPSILON_PER_YEAR=1.0)
def test_the_epsilon_is_debited_exactly_and_refused_when_the_budget_is_spent() -> None:
    _year()
    drafter = staff_account().user
    release = release_draft(
        actor=drafter, audience="board", period="2026-Q3", noisy={"trend": Decimal("0.6")}, now=NOW
    )
    spend = BudgetSpend.objects.get()
    assert (spend.epsilon, spend.table, spend.release_id, spend.budget.year) == (
        Decimal("0.600"),
        "trend",
        release.pk,
        2026,
    )
    assert budget_left(2026) == Decimal("0.400")
    assert AuditEntry.objects.filter(action="transparency.budget_spend").count() == 1
    # the second draft asks for more than is left: refused, nothing written at all
    with pytest.raises(BudgetRefused) as refused:
        release_draft(
            actor=drafter,
            audience="board",
            period="2026-Q3",
            noisy={"trend": Decimal("0.5")},
            now=NOW,
        )
    assert "0.400" in refused.value.message
    assert "Nothing was spent" in refused.value.message
    assert Release.objects.count() == 1
    assert BudgetSpend.objects.count() == 1
    assert budget_left(2026) == Decimal("0.400")
    # two noisy charts spend twice; exactly what is left is allowed
    both = {"trend": Decimal("0.2"), "demand_trend": Decimal("0.2")}
    release_draft(actor=drafter, audience="board", period="2026-Q3", noisy=both, now=NOW)
    assert budget_left(2026) == Decimal(0)
    assert BudgetSpend.objects.count() == 3


def test_only_a_trend_table_of_the_release_can_be_noisy_and_epsilon_is_checked() -> None:
    drafter = staff_account().user
    for noisy in ({"priorities": Decimal("0.5")}, {"nope": Decimal("0.5")}):
        with pytest.raises(ReleaseRefused, match="trend chart"):
            release_draft(actor=drafter, audience="board", period="2026-Q3", noisy=noisy, now=NOW)
    with pytest.raises(ReleaseRefused, match="trend chart"):  # the public report has none
        release_draft(
            actor=drafter, audience="public", period="2026-H1", noisy={"trend": Decimal(1)}, now=NOW
        )
    with pytest.raises(ReleaseRefused, match="Epsilon"):
        release_draft(
            actor=drafter, audience="board", period="2026-Q3", noisy={"trend": Decimal(0)}, now=NOW
        )
    assert (Release.objects.count(), BudgetSpend.objects.count()) == (0, 0)


@override_settings(RIGHTSDESK_DP_EPSILON_PER_YEAR=5.0)
def test_noise_is_applied_and_the_frozen_numbers_never_change() -> None:
    _year()
    drafter = staff_account().user
    admin = staff_account(role=User.Role.ADMIN)
    real = noise.noisy_counts
    with mock.patch.object(trends, "noisy_counts", side_effect=real) as drawn:
        release = release_draft(
            actor=drafter,
            audience="board",
            period="2026-Q3",
            noisy={"trend": Decimal("0.05")},  # scale 20: every cell moves, almost surely
            now=NOW,
        )
        assert drawn.call_count == 1
        entry = _entry(release, "trend")
        record = release.snapshot["tables"]["trend"]
        raw = [n for line in record["raw"]["counts"] for n in line]
        noisy = _inside(entry)
        # the published numbers are the noisy ones, not the counts (20 cells at scale 20)
        assert noisy == [n for line in record["counts"] for n in line]
        assert noisy != raw
        # the 4 non-zero counts each move with probability about 0.975 (negatives clamp to 0,
        # so zeros often stay): at least 2 moved, short of a 1 in 15,000 chance
        moved = [a != b for a, b in zip(noisy, raw, strict=True) if b > 0]
        assert len(moved) == 4
        assert sum(moved) >= 2
        assert {status for _r, _c, status, _v in entry["cells"]} == {"noisy"}
        assert entry["noise"]["epsilon"] == "0.050"
        # the other tables are suppressed as ever (the board threshold): the 3 of P1 in Q3
        priorities = _entry(release, "priorities")
        assert all(v is None or v == 0 or v >= 3 for *_rc, v in priorities["cells"])
        # rendering, downloading, approving, live changes: no second draw, the same numbers
        release = release_approve(actor=admin.user, release=release, now=NOW)
        client = signed_in(admin)
        url = reverse("transparency:staff_release", args=(release.slug,))
        first = without_tokens(client.get(url).content)
        zipped = _unzipped(release_zip(release))
        cases(40, on=date(2026, 8, 2), priority="P4")
        again = without_tokens(client.get(url).content)
        assert first == again
        assert _unzipped(release_zip(Release.objects.get(pk=release.pk))) == zipped
        table = next(t for t in shown_tables(release) if t.name == "trend")
        assert [c.value for _label, line, _t in table.body for c in line] == noisy
        assert drawn.call_count == 1
    page = first.decode()
    assert "Noisy counts (differential privacy, ε = 0.050)" in page
    assert "have random noise added (differential privacy, ε = 0.050)" in page
    assert "<polyline" in page
    assert "<script" not in page
    assert ' style="' not in page  # the chart's colours are CSS classes (CSP)


def test_the_draft_form_spends_and_refuses_over_http() -> None:
    _year()
    handler = staff_account()
    client = signed_in(handler)
    url = reverse("transparency:staff_list")
    form = client.get(url).content.decode()
    assert 'name="noisy"' in form
    assert 'value="trend"' in form
    missing = client.post(url, {"audience": "board", "period": "2026-Q3", "noisy": "trend"})
    assert missing.status_code == 400
    assert "Give the epsilon" in missing.content.decode()
    with override_settings(RIGHTSDESK_DP_EPSILON_PER_YEAR=0.3):
        over = client.post(
            url, {"audience": "board", "period": "2026-Q3", "noisy": "trend", "epsilon": "0.5"}
        )
        assert over.status_code == 400
        assert "Nothing was spent" in over.content.decode()
        assert (Release.objects.count(), BudgetSpend.objects.count()) == (0, 0)
        made = client.post(
            url, {"audience": "board", "period": "2026-Q3", "noisy": "trend", "epsilon": "0.3"}
        )
        assert made.status_code == 302
    release = Release.objects.get()
    assert BudgetSpend.objects.get().release_id == release.pk
    assert Client().get(reverse("transparency:release", args=(release.slug,))).status_code == 404
