"""Releases: frozen, refused when a table fails the gate (table and cell named), approved by a
second person allowed to publish, checked against the previous approved release."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import AdminOnly
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case
from rightsdesk.transparency import releases
from rightsdesk.transparency.disclosure import CountTable, DisclosureRefused, Protected, RuleSet
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import (
    ReleaseRefused,
    release_approve,
    release_draft,
    release_withdraw,
)
from rightsdesk.transparency.snapshots import parse_period
from tests.factories import staff_account
from tests.transparency.releasing import NOW, cases

pytestmark = pytest.mark.django_db


def _published(release: Release, name: str) -> dict[str, Any]:
    return next(t for t in release.published["tables"] if t["name"] == name)


def _shown(release: Release, name: str) -> list[int]:
    return [value for *_, value in _published(release, name)["cells"] if value is not None]


def test_periods() -> None:
    h1 = parse_period("public", "2026-h1")
    assert h1 is not None
    assert (h1.start, h1.end) == (date(2026, 1, 1), date(2026, 7, 1))
    q3 = parse_period("board", "2026-Q3")
    assert q3 is not None
    assert (q3.start, q3.end) == (date(2025, 10, 1), date(2026, 10, 1))
    q4 = parse_period("board", "2026-Q4")
    assert q4 is not None
    assert (q4.start, q4.end) == (date(2026, 1, 1), date(2027, 1, 1))
    assert parse_period("public", "2026-Q1") is None
    assert parse_period("board", "2026-H1") is None
    assert parse_period("public", "nonsense") is None


def test_a_draft_freezes_counts_and_published_cells_and_is_audited() -> None:
    drafter = staff_account().user
    cases(12, country="DE")
    cases(2, country="LS")
    release = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    assert release.state == "draft"
    assert not release.is_public
    assert release.rules_name == "public"
    assert release.threshold == 5
    assert {t["name"] for t in release.tables} >= {"threat_types", "regions", "first_answer"}
    regions = _published(release, "regions")
    assert "LS" not in regions["rows"]  # rolled up into its region
    assert all(
        not 1 <= n <= 4 for t in release.published["tables"] for n in _shown(release, t["name"])
    )
    assert release.snapshot["tables"]["regions"]["raw"]["rows"] == ["DE", "LS"]
    assert release.notes
    assert "Published under" in release.notes[0]
    assert AuditEntry.objects.filter(action="transparency.release.draft").count() == 1


def test_a_table_failing_the_gate_is_refused_with_table_and_cell_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A provider or rule bug that leaves a small count shown never reaches a release."""
    drafter = staff_account().user
    cases(12, priority="P3")
    cases(2, priority="P1")

    def careless(
        table: CountTable, rules: RuleSet, **kwargs: object
    ) -> Protected:  # no suppression
        return Protected(table, rules, frozenset(), frozenset())

    monkeypatch.setattr(releases, "protect", careless)
    with pytest.raises(DisclosureRefused) as refused:
        release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    assert "threat_types" in refused.value.message or "priorities" in refused.value.message
    assert "Nothing was published" in refused.value.message
    assert refused.value.table in {"priorities", "first_answer", "threat_types"}
    assert Release.objects.count() == 0


def test_approval_needs_a_second_person_allowed_to_publish() -> None:
    drafter = staff_account().user
    handler = staff_account().user
    admin = staff_account(role=User.Role.ADMIN).user
    cases(10)
    release = release_draft(actor=admin, audience="public", period="2026-H1", now=NOW)
    with pytest.raises(ReleaseRefused, match="someone other"):
        release_approve(actor=admin, release=release, now=NOW)
    with pytest.raises(AdminOnly):
        release_approve(actor=handler, release=release, now=NOW)
    # a handler given the permission may approve someone else's draft
    handler.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="transparency", codename="publish_transparency"
        )
    )
    handler = User.objects.get(pk=handler.pk)
    other = release_draft(actor=drafter, audience="public", period="2026-H2", now=NOW)
    release_approve(actor=handler, release=other, now=NOW)
    assert Release.objects.get(pk=other.pk).state == "approved"
    assert Release.objects.get(pk=release.pk).state == "draft"
    assert AuditEntry.objects.filter(action="transparency.release.approve").count() == 1
    with pytest.raises(ReleaseRefused):
        release_approve(actor=admin, release=other, now=NOW)


def test_an_approved_release_is_frozen_and_live_data_changes_nothing() -> None:
    drafter = staff_account().user
    admin = staff_account(role=User.Role.ADMIN).user
    cases(10)
    release = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    release_approve(actor=admin, release=release, now=NOW)
    before = Release.objects.get(pk=release.pk).published
    cases(7, country="FR")
    Case.objects.update(priority="P1")
    assert Release.objects.get(pk=release.pk).published == before
    release = Release.objects.get(pk=release.pk)
    release.published = {"tables": []}
    with pytest.raises(ValueError, match="frozen"):
        release.save()
    release_withdraw(actor=admin, release=Release.objects.get(pk=release.pk), now=NOW)
    assert Release.objects.get(pk=release.pk).state == "withdrawn"


def test_difference_check_refuses_a_reissue_that_gives_a_growth_away() -> None:
    """docs/transparency.md, rule 5: FR 10, DE 20 then FR 12, DE 20 in the same half-year. Two
    drafts made before either was approved: the second is refused at approval, naming France."""
    drafter = staff_account().user
    admin = staff_account(role=User.Role.ADMIN).user
    cases(10, country="FR")
    cases(20, country="DE")
    first = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    cases(2, country="FR")
    second = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    assert second.slug == "2026-h1-2"
    release_approve(actor=admin, release=first, now=NOW)
    with pytest.raises(DisclosureRefused) as refused:
        release_approve(actor=admin, release=second, now=NOW)
    assert "earlier release" in refused.value.message
    assert Release.objects.get(pk=second.pk).state == "draft"
    # drafted again now, it is protected together with the approved one and passes
    third = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    assert third.earlier_id == first.pk
    release_approve(actor=admin, release=third, now=NOW)
    regions = _published(third, "regions")
    fr = regions["rows"].index("FR")
    assert next(c for c in regions["cells"] if c[0] == fr and c[1] is not None)[2] != "shown"


def test_consecutive_half_years_keep_the_pattern() -> None:
    drafter = staff_account().user
    admin = staff_account(role=User.Role.ADMIN).user
    cases(12, priority="P3")
    cases(2, priority="P1")
    cases(9, priority="P2")
    first = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    release_approve(actor=admin, release=first, now=NOW)
    cases(12, priority="P3", on=date(2026, 9, 1))
    cases(9, priority="P1", on=date(2026, 9, 1))
    cases(8, priority="P2", on=date(2026, 9, 1))
    second = release_draft(actor=drafter, audience="public", period="2026-H2", now=NOW)
    assert second.earlier_id == first.pk
    first_p2 = next(c for c in _published(first, "priorities")["cells"] if c[0] == 1)
    second_p2 = next(c for c in _published(second, "priorities")["cells"] if c[0] == 1)
    assert first_p2[2] == "hidden"
    assert second_p2[2] == "hidden"
    release_approve(actor=admin, release=second, now=NOW)


def test_bad_periods_and_examples_are_refused_and_nothing_is_written() -> None:
    drafter = staff_account().user
    for audience, period, examples in (
        ("public", "2026-Q1", ""),
        ("board", "2026-H1", ""),
        ("nobody", "2026-H1", ""),
        ("public", "2026-H1", "An example"),
        ("board", "2026-Q1", "x" * 5001),
    ):
        with pytest.raises(ReleaseRefused):
            release_draft(
                actor=drafter, audience=audience, period=period, examples=examples, now=NOW
            )
    assert Release.objects.count() == 0


def test_a_correction_that_removes_a_report_is_not_read_as_growth() -> None:
    """A re-issue after a report was deleted: the counts went down, so the two releases are not
    audited together (their difference counts nothing); it is drafted and approved, no error."""
    drafter = staff_account().user
    admin = staff_account(role=User.Role.ADMIN).user
    cases(10, country="FR")
    cases(20, country="DE")
    first = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    release_approve(actor=admin, release=first, now=NOW)
    Case.objects.filter(country="FR").first().delete()  # type: ignore[union-attr]
    second = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    assert second.earlier_id == first.pk
    release_approve(actor=admin, release=second, now=NOW)
    assert Release.objects.get(pk=second.pk).state == "approved"
