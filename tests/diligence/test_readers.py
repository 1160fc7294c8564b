"""Taking a reader's access away: the service (audited; never the owner, never the last reader,
never someone without access), the button on the assessment page, and what the revoked reader
sees afterwards (the same 404 as for an assessment that does not exist)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from rightsdesk.audit.models import AuditEntry
from rightsdesk.diligence.models import AssessmentWrap
from rightsdesk.diligence.services.common import DiligenceRefused
from rightsdesk.diligence.services.readers import assessment_revoke
from tests.factories import StaffAccount, assessment_made, signed_in, staff_account, without_tokens


@pytest.mark.django_db
def test_the_service_refuses_the_owner_the_last_reader_and_strangers(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    stranger = staff_account(username="rita")
    assessment = assessment_made(handler.user, readers=[other_handler.user])
    before = set(AssessmentWrap.objects.values_list("pk", flat=True))
    for reader, words in (
        (handler.user, "owner"),
        (stranger.user, "no access"),
    ):
        with pytest.raises(DiligenceRefused) as refused:
            assessment_revoke(assessment=assessment, actor=other_handler.user, reader=reader)
        assert words in refused.value.message
    assert set(AssessmentWrap.objects.values_list("pk", flat=True)) == before
    assert not AuditEntry.objects.filter(action="diligence.revoke").exists()

    assessment_revoke(assessment=assessment, actor=handler.user, reader=other_handler.user)
    assert not AssessmentWrap.objects.filter(user=other_handler.user).exists()
    entry = AuditEntry.objects.get(action="diligence.revoke")
    assert entry.target_id == f"{assessment.pk}:user:{other_handler.user.pk}"


@pytest.mark.django_db
def test_the_last_reader_keeps_access(handler: StaffAccount, other_handler: StaffAccount) -> None:
    # The owner's wrap gone by other means (an account deleted), one reader left: they stay.
    assessment = assessment_made(handler.user, readers=[other_handler.user])
    AssessmentWrap.objects.filter(user=handler.user).delete()
    with pytest.raises(DiligenceRefused) as refused:
        assessment_revoke(
            assessment=assessment, actor=other_handler.user, reader=other_handler.user
        )
    assert "At least one" in refused.value.message
    assert AssessmentWrap.objects.filter(user=other_handler.user).exists()


@pytest.mark.django_db
def test_the_remove_button_and_a_revoked_reader_gets_the_404_of_a_missing_one(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    assessment = assessment_made(handler.user, readers=[other_handler.user])
    hana, omar = signed_in(handler), signed_in(other_handler)
    page = reverse("diligence:assessment", args=[assessment.uid])
    assert omar.get(page).status_code == 200
    shown = hana.get(page).content.decode()
    assert 'name="reader" value="omar"' in shown
    assert 'name="reader" value="hana"' not in shown  # the owner has no button

    revoke = reverse("diligence:revoke", args=[assessment.uid])
    refused = hana.post(revoke, {"reader": "hana"})
    assert refused.status_code == 400
    assert "owner of an assessment keeps access" in refused.content.decode()
    unknown = hana.post(revoke, {"reader": "nobody"})
    assert unknown.status_code == 400
    assert AssessmentWrap.objects.filter(kind="user").count() == 2

    done = hana.post(revoke, {"reader": "omar"})
    assert done.status_code == 302
    assert done["Location"].startswith(page)
    missing = reverse("diligence:assessment", args=[uuid.uuid4()])
    denied, absent = omar.get(page), omar.get(missing)
    assert denied.status_code == absent.status_code == 404
    assert without_tokens(denied.content) == without_tokens(
        absent.content.replace(missing.encode(), page.encode())
    )
    assert "Mobile app 2027" not in omar.get(reverse("diligence:home")).content.decode()


@pytest.mark.django_db
def test_removing_ones_own_access_goes_back_to_the_list(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    assessment = assessment_made(handler.user, readers=[other_handler.user])
    omar = signed_in(other_handler)
    done = omar.post(reverse("diligence:revoke", args=[assessment.uid]), {"reader": "omar"})
    assert done.status_code == 302
    assert done["Location"] == reverse("diligence:home")
    assert not AssessmentWrap.objects.filter(user=other_handler.user).exists()
