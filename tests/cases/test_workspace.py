"""The staff workspace (issue 11): labels not codes, confirmed irreversible actions, one date
format with its zone, the timeline, actions that land where they were done, sortable queues."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.crisis.services import crisis_open
from rightsdesk.cases.models import Case, Crisis
from rightsdesk.cases.services import CaseMetadata, message_post, note_add
from rightsdesk.core.templatetags.rd_dates import day, left_text, when
from rightsdesk.intake.services import report_send
from tests.factories import StaffAccount, case_filed, signed_in, staff_account


def _case_with_answers() -> Case:
    submitted = report_send(
        report=ReportContent(
            narrative="They followed me after the edit-a-thon.",
            actor_types=["government"],
            reasons=["controversial_topic"],
            since="week",
            ongoing="yes",
            language="en",
        ),
        metadata=CaseMetadata(
            threat_types=["doxxing"], rights=["security"], country="", emergency=False
        ),
        uploads=[],
        keep_uncleaned=False,
    )
    return submitted.case


def _facts(page: str) -> str:
    return page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]


def test_the_case_page_shows_labels_not_codes(handler: StaffAccount) -> None:
    """Defect 6: `government`, `controversial_topic`, `week`, `en` were printed as they are."""
    case = _case_with_answers()
    facts = _facts(signed_in(handler).get(reverse("cases:detail", args=[case.number])).text)
    for label in (
        "A government or state agency",
        "I edit a controversial topic",
        "In the past week",
        "Yes, it is still happening",
        "English",
        "Private information published (doxxing)",
        "Life, liberty and security of person",
    ):
        assert label in facts
    for code in (">government", "controversial_topic", ">week", ">en<", ">doxxing", ">security"):
        assert code not in facts


def test_labels_follow_the_reader_s_language(handler: StaffAccount) -> None:
    case = _case_with_answers()
    hana = signed_in(handler)
    hana.post(reverse("set_language"), {"language": "es"})
    facts = _facts(hana.get(reverse("cases:detail", args=[case.number])).text)
    assert "inglés" in facts.lower()
    assert "controversial_topic" not in facts


@pytest.mark.parametrize(
    ("name", "args", "data", "button"),
    [
        ("cases:status", [], {"status": "closed", "reason": ""}, "Yes, set the status"),
        ("cases:revoke", ["second"], {}, "Yes, remove access"),
    ],
)
def test_irreversible_case_actions_ask_first_then_act(
    handler: StaffAccount, name: str, args: list[str], data: dict[str, str], button: str
) -> None:
    """Defect 8: closing and revoking ran at one click. The first POST only asks."""
    second = staff_account(username="second")
    case = case_filed().case
    hana = signed_in(handler)
    hana.post(reverse("cases:grant", args=[case.number]), {"username": second.user.username})
    data = {**data, "version": str(Case.objects.get(pk=case.pk).version)}
    url = reverse(name, args=[case.number, *args])
    asked = hana.post(url, data)
    assert asked.status_code == 200
    html = asked.text
    assert "Nothing has happened yet" in html
    assert re.search(r'class="button button--danger">' + re.escape(button), html)
    for field, value in data.items():
        assert f'<input type="hidden" name="{field}" value="{value}">' in html
    unchanged = Case.objects.get(pk=case.pk)
    assert unchanged.status != "closed"
    assert unchanged.wraps.filter(user=second.user).exists()

    done = hana.post(url, {**data, "confirm": "yes"})
    assert done.status_code == 302
    assert done["Location"].endswith("#status" if name == "cases:status" else "#access")
    after = Case.objects.get(pk=case.pk)
    if name == "cases:status":
        assert after.status == "closed"
    else:
        assert not after.wraps.filter(user=second.user).exists()


def test_a_status_that_keeps_the_case_open_needs_no_confirmation(handler: StaffAccount) -> None:
    case = case_filed().case
    response = signed_in(handler).post(
        reverse("cases:status", args=[case.number]),
        {"status": "in_progress", "version": case.version},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#status")


def test_closing_a_crisis_and_out_of_mandate_ask_first(handler: StaffAccount) -> None:
    case = case_filed(emergency=True).case
    if not Crisis.objects.filter(case=case).exists():
        crisis_open(case=case, now=timezone.now(), actor="system:test")
    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[case.number])).text
    for label in ("Close the crisis", "Out of mandate: send the referral", "Remove access"):
        assert re.search(r'class="button button--danger"[^>]*>' + re.escape(label), page), label
    asked = hana.post(
        reverse("cases:crisis_close", args=[case.number]), {"review": "Went well enough."}
    )
    assert asked.status_code == 200
    assert "Yes, close the crisis" in asked.text
    assert Crisis.objects.get(case=case).closed_at is None
    referral = "Please contact the Example Legal Aid Network on +1 555 0100."
    asked = hana.post(
        reverse("cases:mandate", args=[case.number]),
        {"outcome": "out", "referral": referral, "version": case.version},
    )
    assert asked.status_code == 200
    assert "Yes, send the referral" in asked.text
    assert '<input type="hidden" name="outcome" value="out">' in asked.text
    assert Case.objects.get(pk=case.pk).status != "out_of_mandate"


def test_dates_have_one_format_per_language_and_always_their_zone() -> None:
    """Defect 9: "12/02/2026" here, "2026-12-02" there, "done 3:57 a.m." with no zone."""
    moment = datetime(2026, 2, 12, 3, 57, tzinfo=UTC)
    with translation.override("en"), timezone.override("UTC"):
        assert str(when(moment)) == (
            '<time datetime="2026-02-12T03:57:00+00:00">Feb 12, 2026, 3:57\u202fAM '
            '<span class="zone" dir="ltr">UTC</span></time>'
        )
        assert str(day(moment.date())) == '<time datetime="2026-02-12">Feb 12, 2026</time>'
    with translation.override("fr"), timezone.override("Asia/Kolkata"):
        assert "12 févr. 2026, 09:27" in str(when(moment))
        assert "Asia/Kolkata" in str(when(moment))
    with translation.override("ar"), timezone.override("UTC"):
        assert "فبراير" in str(when(moment))  # the month as a word: no 12/02 against 02/12
    with translation.override("en"):
        assert left_text(moment, moment.replace(hour=2, minute=52)) == "1 h 5 min left"
        assert left_text(moment, moment.replace(hour=4, minute=9)) == "overdue by 12 min"


def test_crisis_steps_show_their_zone(handler: StaffAccount) -> None:
    case = case_filed(emergency=True).case
    if not Crisis.objects.filter(case=case).exists():
        crisis_open(case=case, now=timezone.now(), actor="system:test")
    handler.user.time_zone = "America/La_Paz"
    handler.user.save(update_fields=["time_zone"])
    hana = signed_in(handler)
    step = Crisis.objects.get(case=case).steps.first()
    assert step is not None
    hana.post(reverse("cases:crisis_step", args=[case.number, step.step_id]))
    page = hana.get(reverse("cases:detail", args=[case.number])).text
    done = re.search(
        r"done <time datetime=\"[^\"]+\">([^<]+) <span class=\"zone\"[^>]*>([^<]+)", page
    )
    assert done is not None
    assert done.group(2) == "America/La_Paz"
    assert not re.search(
        r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2} \d", page.split("<main")[1]
    )


def test_the_timeline_holds_what_happened_in_order(handler: StaffAccount) -> None:
    case = case_filed(narrative="My address was posted.").case
    hana = signed_in(handler)
    message_post(case=case, body="Are you safe now?", author=handler.user)
    message_post(case=case, body="Yes, at a friend's.", author=None)
    note_add(case=case, author=handler.user, body="Lawyer on standby.")
    hana.post(
        reverse("cases:priority", args=[case.number]),
        {"priority": "P2", "reason": "Address public", "version": case.version},
    )
    page = hana.get(reverse("cases:detail", args=[case.number])).text
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    order = [
        timeline.index(text)
        for text in (
            "My address was posted.",
            "Are you safe now?",
            "Yes, at a friend&#x27;s.",
            "Lawyer on standby.",
            "changed the priority",
        )
    ]
    assert order == sorted(order)
    assert "Message from the reporter" in timeline
    assert "Reply to the reporter" in timeline
    assert handler.user.username in timeline
    # Reads are audited too, but are not events of the case: they would flood it.
    assert "case.read" not in timeline
    assert "opened the case" not in timeline


@pytest.mark.parametrize(
    ("name", "data", "anchor"),
    [
        ("cases:reply", {"body": "We are on it."}, "#reply"),
        ("cases:note", {"body": "Called back."}, "#note"),
        ("cases:vetting", {"outcome": "verified", "note": ""}, "#vetting"),
        ("cases:assign", {}, "#facts"),
    ],
)
def test_each_action_lands_where_it_was_done(
    handler: StaffAccount, name: str, data: dict[str, str], anchor: str
) -> None:
    case = case_filed().case
    response = signed_in(handler).post(reverse(name, args=[case.number]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.number]) + anchor


def test_queues_sort_on_the_server(client: Client, handler: StaffAccount) -> None:
    first = case_filed(threat_types=["arrest"], emergency=True).case
    second = case_filed(threat_types=["defamation"]).case
    Case.objects.filter(pk=first.pk).update(created_on=datetime(2026, 1, 1, tzinfo=UTC).date())
    hana = signed_in(handler)
    html = hana.get(reverse("cases:queue", args=["unassigned"]) + "?sort=-received").text
    assert html.index(second.number) < html.index(first.number)
    assert 'aria-sort="descending"' in html
    html = hana.get(reverse("cases:queue", args=["unassigned"]) + "?sort=received").text
    assert html.index(first.number) < html.index(second.number)
    assert 'aria-sort="ascending"' in html
    assert hana.get(reverse("cases:home") + "?sort=nonsense").status_code == 200
    home = hana.get(reverse("cases:home") + "?sort=priority").text
    assert 'class="tag tag--p1">P1</span>' in home


def test_admin_pages_answer_handlers_for_admins_only(handler: StaffAccount) -> None:
    """Defect 10 (fixed before this workspace): not "Page not found", and no link to them."""
    hana = signed_in(handler)
    for name in ("cases:playbooks", "cases:replies"):
        response = hana.get(reverse(name))
        assert response.status_code == 403
        assert "For admins only" in response.text
    home = hana.get(reverse("cases:home")).text
    assert reverse("cases:playbooks") not in home
    assert reverse("cases:replies") not in home
    admin = signed_in(staff_account(username="boss", role="admin"))
    home = admin.get(reverse("cases:home")).text
    assert reverse("cases:playbooks") in home
    assert admin.get(reverse("cases:replies")).status_code == 200
