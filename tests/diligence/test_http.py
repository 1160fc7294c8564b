"""Due diligence over HTTP: denied and allowed side by side on every address that names an
assessment, the actions through their forms, refusals that change nothing, the public tracker."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from rightsdesk.diligence.models import Assessment, Impact, Mitigation, Recommendation
from rightsdesk.diligence.services.register import impact_add
from rightsdesk.diligence.services.tracker import recommendation_add
from tests.factories import (
    StaffAccount,
    assessment_made,
    impact_values,
    signed_in,
    without_tokens,
)

ZERO = "00000000-0000-0000-0000-000000000000"


def assessment_urls() -> list[str]:
    """Every URL name of the diligence app whose pattern names an assessment (`uid`)."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif "uid" in entry.pattern.regex.groupindex and namespace == "diligence":
                found.append(str(entry.name))

    walk(get_resolver().url_patterns, "")
    return found


def _kwargs(name: str, uid: object, row: object) -> dict[str, object]:
    pattern = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "diligence"
    )
    entry = next(e for e in pattern.url_patterns if getattr(e, "name", "") == name)
    groups = entry.pattern.regex.groupindex
    return {"uid": uid, **({"row": row} if "row" in groups else {})}


@pytest.fixture
def two(handler: StaffAccount, other_handler: StaffAccount) -> tuple[Client, Client, Assessment]:
    """hana owns an assessment with an impact; omar may not read it."""
    assessment = assessment_made(handler.user)
    impact_add(
        assessment=assessment, actor=handler.user, values=impact_values(), now=timezone.now()
    )
    return signed_in(handler), signed_in(other_handler), assessment


def test_every_assessment_url_is_found() -> None:
    names = set(assessment_urls())
    assert {"assessment", "impact", "mitigation", "signoff", "report", "heat_map"} <= names
    assert len(names) >= 16


@pytest.mark.django_db
def test_forbidden_and_missing_look_the_same_on_every_assessment_url(
    two: tuple[Client, Client, Assessment],
) -> None:
    hana, omar, assessment = two
    impact = assessment.impacts.get()
    before = (Impact.objects.count(), Mitigation.objects.count(), Recommendation.objects.count())
    for name in assessment_urls():
        real = reverse(f"diligence:{name}", kwargs=_kwargs(name, assessment.uid, impact.uid))
        missing = reverse(f"diligence:{name}", kwargs=_kwargs(name, uuid.uuid4(), impact.uid))
        for method in ("get", "post"):
            denied = getattr(omar, method)(real)
            absent = getattr(omar, method)(missing)
            assert denied.status_code in (404, 405), (name, method, denied.status_code)
            assert (denied.status_code, without_tokens(denied.content)) == (
                absent.status_code,
                without_tokens(absent.content.replace(missing.encode(), real.encode())),
            ), (name, method)
    # Allowed, side by side: the owner reads the page, the report, the CSV and the heat map.
    for name in ("assessment", "report", "register_csv", "heat_map"):
        allowed = hana.get(reverse(f"diligence:{name}", args=[assessment.uid]))
        assert allowed.status_code == 200, name
    assert (
        Impact.objects.count(),
        Mitigation.objects.count(),
        Recommendation.objects.count(),
    ) == before


@pytest.mark.django_db
def test_a_row_of_another_assessment_is_missing(
    two: tuple[Client, Client, Assessment], handler: StaffAccount
) -> None:
    hana, _omar, assessment = two
    other = assessment_made(handler.user, title="Another")
    impact = assessment.impacts.get()
    url = reverse("diligence:residual", args=[other.uid, impact.uid])
    answer = hana.post(url, {"scale": 1, "scope": 1, "irremediability": 1, "likelihood": 1})
    assert answer.status_code == 404
    assert Impact.objects.get().residual_scale is None


@pytest.mark.django_db
def test_create_an_assessment_and_see_it_listed(handler: StaffAccount) -> None:
    hana = signed_in(handler)
    answer = hana.post(
        reverse("diligence:home"),
        {
            "title": "Wikimedia Foundation 2027",
            "subject_kind": "organisation",
            "owner": handler.user.pk,
            "scope": "The whole organisation.",
            "watched_rights": ["privacy", "child_protection"],
        },
    )
    assert answer.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.review_months == 36
    assert b"The whole organisation." not in bytes(assessment.body)
    page = hana.get(reverse("diligence:home")).content.decode()
    assert "Wikimedia Foundation 2027" in page


@pytest.mark.django_db
def test_a_score_outside_its_scale_is_refused_with_a_message(
    two: tuple[Client, Client, Assessment],
) -> None:
    hana, _omar, assessment = two
    data = {
        "title": "New risk",
        "rights": ["privacy"],
        "kind": "potential",
        "involvement": "cause",
        "scale": 7,
        "scope": 1,
        "irremediability": 1,
        "likelihood": 1,
        "confidence": 2,
        "leverage": 2,
    }
    answer = hana.post(reverse("diligence:impact", args=[assessment.uid]), data)
    assert answer.status_code == 400
    assert "Select a valid choice" in answer.content.decode()
    answer = hana.post(
        reverse("diligence:impact", args=[assessment.uid]), data | {"scale": 2, "likelihood": ""}
    )
    assert answer.status_code == 400
    assert "A potential impact needs a likelihood." in answer.content.decode()
    assert Impact.objects.count() == 1


@pytest.mark.django_db
def test_sign_off_with_open_items_is_refused_and_changes_nothing(
    two: tuple[Client, Client, Assessment],
) -> None:
    hana, _omar, assessment = two
    answer = hana.post(
        reverse("diligence:signoff", args=[assessment.uid]), {"phase": 1, "version": 0}
    )
    assert answer.status_code == 400
    assert "open checklist items (4)" in answer.content.decode()
    assessment.refresh_from_db()
    assert (assessment.phase, assessment.signoffs.count()) == (1, 0)


@pytest.mark.django_db
def test_a_mitigation_without_owner_or_date_is_refused(
    two: tuple[Client, Client, Assessment],
) -> None:
    hana, _omar, assessment = two
    impact = assessment.impacts.get()
    answer = hana.post(
        reverse("diligence:mitigation", args=[assessment.uid, impact.uid]),
        {"action": "Strip", "metric": "m", "baseline": "b", "target": "t", "feedback_source": "f"},
    )
    assert answer.status_code == 400
    assert "needs an owner and a due date" in answer.content.decode()
    assert Mitigation.objects.count() == 0


@pytest.mark.django_db
def test_public_tracker_shows_published_recommendations_only(
    client: Client, handler: StaffAccount
) -> None:
    assessment = assessment_made(handler.user)
    now = timezone.now()
    recommendation_add(
        assessment=assessment,
        actor=handler.user,
        title="Run an assessment every three years",
        summary="",
        published=True,
        now=now,
    )
    recommendation_add(
        assessment=assessment,
        actor=handler.user,
        title="Draft, not yet public",
        summary="",
        published=False,
        now=now,
    )
    page = client.get(reverse("diligence:tracker")).content.decode()
    assert "Run an assessment every three years" in page
    assert "Draft, not yet public" not in page
    assert "<script" not in page
    feed = client.get(reverse("diligence:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Run an assessment every three years" in feed.content
    assert b"Draft, not yet public" not in feed.content


@pytest.mark.django_db
def test_a_partner_user_never_reads_an_assessment(handler: StaffAccount) -> None:
    """Even a wrap row made to a partner user (a bug, a hand-edited table) gives no access."""
    from rightsdesk.diligence.models import AssessmentWrap  # noqa: PLC0415
    from rightsdesk.diligence.selectors import readable_assessments  # noqa: PLC0415
    from tests.factories import partner_account, partner_listed  # noqa: PLC0415

    partner = partner_account(partner_listed()).user
    assessment = assessment_made(handler.user)
    AssessmentWrap.objects.create(
        assessment=assessment, user=partner, kind=AssessmentWrap.Kind.USER, wrap=b"x"
    )
    assert list(readable_assessments(partner)) == []
    assert list(readable_assessments(handler.user)) == [assessment]
