"""Protected volunteers: registered as keyed digests only, found whole in added text, refused
when the case, the actor or the consent is not right."""

# ruff: noqa: RUF001 - names in other scripts are the point

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case
from rightsdesk.cases.vocabulary import Status
from rightsdesk.wikisafety.detection import Hints
from rightsdesk.wikisafety.detection.protected import ProtectedKind
from rightsdesk.wikisafety.models import ProtectedPhrase, ProtectedVolunteer
from rightsdesk.wikisafety.protection.selectors import protected_hits
from rightsdesk.wikisafety.protection.services import (
    Consent,
    ProtectedEntry,
    WikisafetyRefused,
    protect,
    protection_withdraw,
)
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind
from tests.factories import case_filed, staff_account
from tests.scanning import canary, data_dir_hits, database_rows, scan_bytes

pytestmark = pytest.mark.django_db


def _consent() -> Consent:
    return Consent(given_at=timezone.now() - timedelta(hours=1), means=ConsentMeans.INBOX)


def _case(country: str = "FR") -> Case:
    return case_filed(country=country).case


def _protect(case: Case, actor: User, *entries: tuple[PhraseKind, str]) -> ProtectedVolunteer:
    return protect(
        case=case,
        actor=actor,
        entries=[ProtectedEntry(kind, value) for kind, value in entries],
        consent=_consent(),
    )


def test_a_name_and_a_phone_are_found_in_added_text() -> None:
    handler = staff_account().user
    volunteer = _protect(
        _case(),
        handler,
        (PhraseKind.NAME, "Amélie Poulain-Durand"),
        (PhraseKind.PHONE, "01 42 68 53 00"),
        (PhraseKind.ADDRESS, "12 bis rue de la Paix, 75002 Paris"),
    )
    assert volunteer.kinds == ["address", "name", "phone"]
    assert volunteer.consent_recorded_by == handler
    hints = Hints(language="fr")
    text = "Elle s'appelle AMELIE poulain durand et son numéro est le +33 1 42 68 53 00."
    found = protected_hits(text, hints)
    assert [(h.volunteer, h.phrase, h.kind) for h in found] == [
        (volunteer.pk, 0, ProtectedKind.NAME),
        (volunteer.pk, 1, ProtectedKind.PHONE),
    ]
    # The address hits only whole: every 4-word window of it must be there, in order.
    assert [h.kind for h in protected_hits("12 bis, Rue de la Paix — 75002 Paris", hints)] == [
        ProtectedKind.ADDRESS
    ]
    assert protected_hits("rue de la Paix, Paris", hints) == []
    # Part of a name or its words out of order is not a hit.
    assert protected_hits("Amélie Durand; Poulain Amélie", hints) == []
    entry = AuditEntry.objects.get(action="wikisafety.protect")
    assert entry.target_id == f"{volunteer.case.number}:protected:{volunteer.pk}"


def test_persian_names_match_across_letter_variants_and_joiners() -> None:
    volunteer = _protect(_case("IR"), staff_account().user, (PhraseKind.NAME, "محمدرضا کریمی"))
    text = "نام او محمد\u200cرضا كريمي است"  # Arabic kaf and yeh, a zero-width non-joiner
    assert [h.volunteer for h in protected_hits(text, Hints(language="fa"))] == [volunteer.pk]


def test_withdrawn_protection_matches_nothing() -> None:
    handler = staff_account().user
    volunteer = _protect(_case(), handler, (PhraseKind.NAME, "Jane Q Doe"))
    assert protected_hits("by Jane Q. Doe", Hints()) != []
    protection_withdraw(volunteer=volunteer, actor=handler)
    protection_withdraw(volunteer=volunteer, actor=handler)  # idempotent
    assert protected_hits("by Jane Q. Doe", Hints()) == []
    assert not ProtectedPhrase.objects.filter(volunteer=volunteer).exists()
    assert AuditEntry.objects.filter(action="wikisafety.protect_withdraw").count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("partner", "Only an active member of the team"),
        ("closed", "Only a volunteer in an open case"),
        ("future", "cannot be dated in the future"),
        ("bad_phone", "Entry 2 is not a valid phone number."),
        ("empty_name", "Entry 1 has no words to look for."),
        ("nothing", "Enter at least one thing to protect."),
    ],
)
def test_refused_and_nothing_stored(change: str, message: str) -> None:
    case = _case()
    actor = staff_account().user
    entries = [
        ProtectedEntry(PhraseKind.NAME, "Jane Doe"),
        ProtectedEntry(PhraseKind.PHONE, "+33 1 42 68 53 00"),
    ]
    consent = _consent()
    if change == "partner":
        actor = staff_account(role=User.Role.PARTNER).user
    elif change == "closed":
        case.status = Status.CLOSED
        case.save(update_fields=["status"])
    elif change == "future":
        consent = Consent(given_at=timezone.now() + timedelta(days=1), means=ConsentMeans.ORAL)
    elif change == "bad_phone":
        entries[1] = ProtectedEntry(PhraseKind.PHONE, "12")
    elif change == "empty_name":
        entries[0] = ProtectedEntry(PhraseKind.NAME, " -- ")
    elif change == "nothing":
        entries = []
    with pytest.raises(WikisafetyRefused, match=message):
        protect(case=case, actor=actor, entries=entries, consent=consent)
    assert not ProtectedVolunteer.objects.exists()
    assert not ProtectedPhrase.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="wikisafety").exists()
    # The same registration, done right, is allowed.
    protect(
        case=_case(),
        actor=staff_account().user,
        entries=[ProtectedEntry(PhraseKind.NAME, "Jane Doe")],
        consent=_consent(),
    )
    assert ProtectedVolunteer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_no_protected_value_in_the_database_or_the_data_dir(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    name = f"{canary('given')} {canary('family')}"
    street = f"7 rue {canary('street')}"
    phone = "+33 6 12 34 56 78"
    case = _case()
    volunteer = _protect(
        case,
        staff_account().user,
        (PhraseKind.NAME, name),
        (PhraseKind.ADDRESS, street),
        (PhraseKind.PHONE, phone),
    )
    assert protected_hits(f"{name} lives at {street}, call 06 12 34 56 78", Hints(language="fr"))
    assert ProtectedPhrase.objects.filter(volunteer=volunteer).count() == 3
    needles: dict[str, bytes] = {}
    for label, value in {"name": name, "street": street}.items():
        for word in value.split():
            if word.startswith("CANARY"):
                needles[f"{label}:{word}"] = word.encode()
                needles[f"{label}:{word}:folded"] = word.casefold().encode()
    for form in ("+33612345678", "33612345678", "612345678", "0612345678", "06 12 34 56 78"):
        needles[f"phone:{form}"] = form.encode()
    assert scan_bytes(database_rows(), needles) == []
    found, scanned = data_dir_hits(needles)
    assert scanned > 0
    assert found == {}
    logged = caplog.text + "".join(capfd.readouterr())
    assert scan_bytes(logged.encode(), needles) == []
