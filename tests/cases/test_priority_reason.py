"""The reason given with a priority is sealed to the case (it can name people), opened only with
the case key, and refused rather than cut when too long; labels stay clear and say so."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rightsdesk.cases.content import open_priority_reason, seal_priority_reason
from rightsdesk.cases.editing import MAX_REASON, CaseEdit, EditRefused, case_edit
from rightsdesk.cases.forms import LabelsForm, PriorityForm
from rightsdesk.cases.models import Case
from rightsdesk.crypto import CryptoError, new_report_keypair
from tests.factories import StaffAccount, case_filed, signed_in
from tests.scanning import database_rows

REASON = "Ahmad Karimi was followed home from the court in Shiraz"


def test_the_reason_is_sealed_to_the_case_and_shown_opened(
    client: Client, handler: StaffAccount
) -> None:
    case = case_filed().case
    hana = signed_in(handler)
    changed = hana.post(
        reverse("cases:priority", args=[case.number]),
        {"priority": "P1", "reason": REASON, "version": case.version},
    )
    assert changed.status_code == 302
    assert REASON.encode() not in database_rows()
    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    # The sidebar shows the priority as a tag and its reason beside it.
    assert (
        f'<span class="tag tag--p1">P1</span> <span class="reason" dir="auto">{REASON}</span>'
        in page
    )


def test_the_triage_proposal_reason_is_sealed_too(handler: StaffAccount) -> None:
    case = case_filed(narrative="They arrested my sister.", threat_types=["arrest"]).case
    assert bytes(case.priority_reason_sealed)
    assert b"arrest" not in bytes(case.priority_reason_sealed)


def test_a_sealed_reason_opens_only_on_its_own_case() -> None:
    keys = new_report_keypair()
    sealed = seal_priority_reason(REASON, bytes(keys.public_key), "RD-AAAAAAAA")
    assert open_priority_reason(sealed, keys, "RD-AAAAAAAA") == REASON
    with pytest.raises(CryptoError):
        open_priority_reason(sealed, keys, "RD-BBBBBBBB")  # copied onto another case
    assert open_priority_reason(b"", keys, "RD-AAAAAAAA") == ""


def test_a_reason_over_the_limit_is_refused_not_cut(handler: StaffAccount) -> None:
    case = case_filed().case
    with translation.override("fr"), pytest.raises(EditRefused) as refused:
        case_edit(
            case=case,
            edit=CaseEdit(version=case.version, priority="P2", reason="x" * (MAX_REASON + 1)),
            actor=handler.user,
        )
    assert "300" in refused.value.message
    assert Case.objects.get(pk=case.pk).version == case.version  # nothing changed
    exact = case_edit(
        case=case,
        edit=CaseEdit(version=case.version, priority="P2", reason="y" * MAX_REASON),
        actor=handler.user,
    )
    assert exact.priority == "P2"

    form = PriorityForm({"priority": "P2", "reason": "x" * (MAX_REASON + 1), "version": 1})
    assert not form.is_valid()
    assert "reason" in form.errors


def test_the_labels_field_says_labels_are_not_encrypted() -> None:
    assert "Not encrypted: no names." in str(LabelsForm().fields["labels"].help_text)
