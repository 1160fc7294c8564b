"""Reply templates: shipped texts, the reporter's language, admins' own texts, placeholders."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Case, ReplyTemplate
from rightsdesk.cases.replies import selectors as replies
from tests.factories import StaffAccount, signed_in, staff_account

ARABIC = "مرحبا، لقد تلقينا بلاغك رقم {case}. نحن معك."


@pytest.fixture
def admin(db: None) -> StaffAccount:
    return staff_account(username="ada", role=User.Role.ADMIN)


def _report(client: Client, language: str) -> Case:
    response = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": "They follow me.", "language": language}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Case.objects.order_by("-id").first()  # type: ignore[return-value]


def _reply_box(html: str) -> str:
    match = re.search(
        r'<textarea name="body"[^>]*id="reply_body"[^>]*>(.*?)</textarea>', html, re.S
    )
    assert match, "no reply box"
    return match.group(1)


def test_four_shipped_templates_fill_the_case_number() -> None:
    assert set(replies.SHIPPED) == {
        "initial",
        "harassment_initial",
        "out_of_mandate",
        "referral_followup",
    }
    for slug, shipped in replies.SHIPPED.items():
        body = str(shipped.body)
        assert "{case}" in body, slug
        assert replies.unknown_placeholders(body) == [], slug
        assert len(body) <= replies.BODY_MAX
    assert "[[" in str(replies.SHIPPED["out_of_mandate"].body)


def test_template_is_rendered_in_the_reporters_language(
    client: Client, handler: StaffAccount, admin: StaffAccount
) -> None:
    arabic_case = _report(client, "ar")
    english_case = _report(client, "en")
    ada = signed_in(admin)
    saved = ada.post(
        reverse("cases:reply_edit", args=["initial", "ar"]),
        {"title": "الرد الأول", "body": ARABIC},
    )
    assert saved.status_code == 302
    hana = signed_in(handler)  # reads the interface in English
    url = reverse("cases:detail", args=[arabic_case.number])
    box = _reply_box(hana.get(url, {"template": "initial"}).content.decode())
    assert ARABIC.replace("{case}", arabic_case.number) in box
    # The English reporter gets the shipped text, in English: the Arabic row is for Arabic only.
    url = reverse("cases:detail", args=[english_case.number])
    box = _reply_box(hana.get(url, {"template": "initial"}).content.decode())
    assert "We have received your report" in box
    assert english_case.number in box
    assert "مرحبا" not in box
    # Without ?template the reply box is empty.
    assert _reply_box(hana.get(url).content.decode()).strip() == ""


def test_shipped_text_is_translated_to_the_reporters_language(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A string the Arabic catalogue already has stands in for a shipped text (the new texts are
    # translated later): the text must come out in the reporter's language, not the handler's.
    phrase = "Reply to the reporter"
    monkeypatch.setitem(
        replies.SHIPPED,
        "initial",
        replies.ShippedTemplate(title=gettext_lazy(phrase), body=gettext_lazy(phrase)),
    )
    with translation.override("ar"):
        arabic = str(gettext_lazy(phrase))
    assert arabic != phrase
    with translation.override("en"):  # the handler's interface
        text = replies.reply_text("initial", "ar")
    assert text is not None
    assert (text.body, text.language, text.own) == (arabic, "ar", False)
    with translation.override("ar"):
        english = replies.reply_text("initial", "en")
    assert english is not None
    assert english.body == phrase


def test_unknown_reporter_language_falls_back_to_the_site_default() -> None:
    assert replies.reporter_language(ReportContent(narrative="x", language="xx")) == "en"
    assert replies.reporter_language(ReportContent(narrative="x", language="")) == "en"
    assert replies.reporter_language(ReportContent(narrative="x", language="fa")) == "fa"


def test_admin_pages_refuse_handlers_and_serve_admins(
    client: Client, handler: StaffAccount, admin: StaffAccount
) -> None:
    hana = signed_in(handler)
    ada = signed_in(admin)
    listing = reverse("cases:replies")
    edit = reverse("cases:reply_edit", args=["initial", "ar"])
    reset = reverse("cases:reply_reset", args=["initial", "ar"])
    assert hana.get(listing).status_code == 403
    assert hana.get(edit).status_code == 403
    assert hana.post(edit, {"title": "t", "body": "b"}).status_code == 403
    assert (
        hana.post(listing, {"slug": "x", "language": "en", "title": "t", "body": "b"}).status_code
        == 403
    )
    assert not ReplyTemplate.objects.exists()
    assert "Reply templates" not in hana.get(reverse("cases:home")).content.decode()

    assert ada.get(listing).status_code == 200
    before = ada.get(listing).content.decode()
    assert "<td>ar</td>" not in before
    assert f'href="{edit}"' in before
    assert "Reply templates" in ada.get(reverse("cases:home")).content.decode()
    page = ada.get(edit)
    assert page.status_code == 200
    assert "{case}" in page.content.decode()  # the shipped text, to start from
    assert ada.post(edit, {"title": "الرد الأول", "body": ARABIC}).status_code == 302
    row = ReplyTemplate.objects.get()
    assert (row.slug, row.language, row.body, row.updated_by) == (
        "initial",
        "ar",
        ARABIC,
        admin.user,
    )
    assert AuditEntry.objects.filter(action="reply_template.save", target_id="initial:ar").exists()
    assert "<td>ar</td>" in ada.get(listing).content.decode()  # languages with own text

    ReplyTemplate.objects.update(body="kept")
    assert hana.post(reset).status_code == 403
    assert ReplyTemplate.objects.get().body == "kept"
    assert ada.post(reset).status_code == 302
    assert not ReplyTemplate.objects.exists()
    assert AuditEntry.objects.filter(action="reply_template.reset", target_id="initial:ar").exists()

    assert ada.get(reverse("cases:reply_edit", args=["initial", "xx"])).status_code == 404
    assert ada.get(reverse("cases:reply_edit", args=["no-such", "en"])).status_code == 404


@pytest.mark.parametrize("body", ["Hello {name}", "Case {case.__class__}", "Dear {}, {case}"])
def test_unknown_placeholder_is_refused(admin: StaffAccount, body: str) -> None:
    ada = signed_in(admin)
    response = ada.post(
        reverse("cases:reply_edit", args=["initial", "en"]), {"title": "First", "body": body}
    )
    assert response.status_code == 400
    assert "Unknown placeholder" in response.content.decode()
    assert not ReplyTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action="reply_template.save").exists()


def test_admin_adds_a_template_that_handlers_can_use(
    client: Client, handler: StaffAccount, admin: StaffAccount
) -> None:
    case = _report(client, "fr")
    ada = signed_in(admin)
    new = {
        "slug": "legal-aid",
        "language": "en",
        "title": "Legal aid offer",
        "body": "About {case}: a lawyer can call you.",
    }
    assert ada.post(reverse("cases:replies"), new).status_code == 302
    again = ada.post(reverse("cases:replies"), {**new, "body": "overwritten"})
    assert again.status_code == 400
    assert ReplyTemplate.objects.get().body == new["body"]
    bad_slug = ada.post(reverse("cases:replies"), {**new, "slug": "Bad Slug!"})
    assert bad_slug.status_code == 400

    hana = signed_in(handler)
    url = reverse("cases:detail", args=[case.number])
    page = hana.get(url).content.decode()
    assert '<option value="legal-aid">Legal aid offer</option>' in page
    # No French text of its own: the team's text in the site default language is used.
    box = _reply_box(hana.get(url, {"template": "legal-aid"}).content.decode())
    assert f"About {case.number}: a lawyer can call you." in box


def test_unknown_template_on_the_case_page_is_a_message_not_an_error(
    client: Client, handler: StaffAccount
) -> None:
    case = _report(client, "en")
    hana = signed_in(handler)
    url = reverse("cases:detail", args=[case.number])
    for slug in ("nope", "../../etc", "{case}"):
        response = hana.get(url, {"template": slug})
        assert response.status_code == 200
        assert "There is no reply template of that name" in response.content.decode()
        assert _reply_box(response.content.decode()).strip() == ""
