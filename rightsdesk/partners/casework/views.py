"""The team's pages on referrals: "Refer" from a case (proposals and the draft), the staff
referral page, and each move on it. Thin: the shapes are `casework.http` (the gates, the
refused form shown again), the decisions are the core's services (rightsdesk.partners.services),
which refuse with `ReferralRefused` and change nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import staff_required
from rightsdesk.cases.http import Confirmation, Done
from rightsdesk.core.refusals import Refused
from rightsdesk.partners.casework.forms import (
    AnswerForm,
    ConsentForm,
    MoveForm,
    OverrideForm,
    UpdateForm,
)
from rightsdesk.partners.casework.http import (
    DraftPage,
    ReferralRequest,
    referral_action,
    render_referral_page,
)
from rightsdesk.partners.models import Referral
from rightsdesk.partners.services.loop import consent_withdraw, referral_cancel, update_post
from rightsdesk.partners.services.referrals import (
    consent_decline,
    consent_give,
    override_approve,
    override_request,
    referral_ask,
    referral_draft,
    referral_redraft,
)


@staff_required
def case_refer(request: HttpRequest, number: str) -> HttpResponse:
    """ "Refer": choose a service, see the ranked proposals, draft (a GET: nothing changes)."""
    draft = request.GET.get("draft", "")
    return DraftPage.load(request, number, request.GET.get("service", ""), draft).render()


@staff_required
@require_POST
def case_referral_draft(request: HttpRequest, number: str) -> HttpResponseBase:
    draft = request.POST.get("draft", "")
    page = DraftPage.load(request, number, request.POST.get("service", ""), draft)
    form = page.form(request.POST)
    if not form.is_valid():
        problem = _("Check the referral: choose a partner, say what it is for and until when.")
        return page.render(form, problem=problem, status=400)
    data = form.cleaned_data
    values = {
        "actor": page.user,
        "partner": data["partner"],
        "service": data["service"],
        "pieces": form.chosen(),
        "purpose": data["purpose"],
        "summary": data["summary"],
        "until": data["until"],
        "now": timezone.now(),
        "ask": data["go"] != "draft",
    }
    try:
        if page.draft is not None:
            referral = referral_redraft(referral=page.draft, version=data["version"] or 0, **values)
        else:
            referral = referral_draft(case=page.case, **values)
    except Refused as refused:
        kept = form if refused.keeps_input else None
        return page.render(kept, problem=refused.message, status=refused.status)
    asked = data["go"] != "draft"
    messages.success(
        request,
        _("The referral is in the volunteer's inbox, waiting for their answer.")
        if asked
        else _("The referral is saved as a draft. Nothing was sent."),
    )
    return redirect("partners:staff_referral", uid=referral.uid)


@staff_required
def staff_referral(request: HttpRequest, uid: object) -> HttpResponse:
    return render_referral_page(request, uid)


def _move(data: Any, referral: Referral, auto_id: str) -> MoveForm:
    return MoveForm(data, auto_id=auto_id)


def _answer(data: Any, referral: Referral, auto_id: str) -> AnswerForm:
    return AnswerForm(data, auto_id=auto_id)


def _consent(data: Any, referral: Referral, auto_id: str) -> ConsentForm:
    proposed = [(code, code) for code in referral.pieces]
    return ConsentForm(data, proposed=proposed, auto_id=auto_id)


def _override(data: Any, referral: Referral, auto_id: str) -> OverrideForm:
    return OverrideForm(data, auto_id=auto_id)


def _update(data: Any, referral: Referral, auto_id: str) -> UpdateForm:
    return UpdateForm(data, auto_id=auto_id)


def _cancelling(referral: Referral) -> Confirmation:
    return Confirmation(
        title=_("Cancel the referral to %(partner)s?") % {"partner": referral.partner.name},
        consequences=[
            _("The partner's copy of the referral key is deleted: they can no longer open it."),
            _("The record, the consent ledger and the updates stay on the case."),
            _("A cancelled referral cannot be reopened: draft a new one if needed."),
        ],
        button=_("Yes, cancel the referral"),
    )


STALE = gettext_lazy("This referral changed while you were looking at it. Here it is as it is now.")
ANSWER_UNCLEAR = gettext_lazy("Say how the volunteer answered and in which language.")


@referral_action(_move, kept_as="ask", invalid=STALE)
def referral_ask_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    referral_ask(
        referral=action.referral, actor=action.user, now=timezone.now(), version=data["version"]
    )
    return Done(_("The referral is in the volunteer's inbox, waiting for their answer."))


@referral_action(
    _consent,
    kept_as="consent",
    invalid=ANSWER_UNCLEAR,
)
def referral_consent_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    consent_give(
        referral=action.referral,
        case_key=action.case_key(),
        pieces=data["pieces"],
        language=data["language"],
        now=timezone.now(),
        channel=data["channel"],
        recorded_by=action.user,
        version=data["version"],
    )
    return Done(_("The volunteer's consent is recorded and the referral was sent."))


@referral_action(
    _answer,
    kept_as="decline",
    invalid=ANSWER_UNCLEAR,
)
def referral_decline_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    consent_decline(
        referral=action.referral,
        language=data["language"],
        now=timezone.now(),
        channel=data["channel"],
        recorded_by=action.user,
        version=data["version"],
    )
    return Done(_("The volunteer's “no” is recorded. Nothing was sent."))


@referral_action(
    _answer,
    kept_as="withdraw",
    invalid=ANSWER_UNCLEAR,
)
def referral_withdraw_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    consent_withdraw(
        referral=action.referral,
        language=data["language"],
        now=timezone.now(),
        channel=data["channel"],
        recorded_by=action.user,
        version=data["version"],
    )
    return Done(_("The withdrawal is recorded; the partner can no longer open the referral."))


@referral_action(
    _override,
    kept_as="override",
    invalid=gettext_lazy("Say why the volunteer cannot be asked."),
)
def referral_override_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    override_request(
        referral=action.referral,
        actor=action.user,
        reason=data["reason"],
        now=timezone.now(),
        version=data["version"],
    )
    return Done(_("Asked. A second team member with the permission must approve."))


@referral_action(_move, kept_as="approve", invalid=STALE)
def referral_approve_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    override_approve(
        referral=action.referral,
        actor=action.user,
        case_key=action.case_key(),
        now=timezone.now(),
        version=data["version"],
    )
    return Done(_("Approved: the referral was sent without the volunteer's consent."))


@referral_action(_move, kept_as="cancel", invalid=STALE, confirm=_cancelling)
def referral_cancel_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    referral_cancel(
        referral=action.referral, actor=action.user, now=timezone.now(), version=data["version"]
    )
    return Done(_("The referral is cancelled."))


@referral_action(_update, kept_as="update", invalid=gettext_lazy("Write the update first."))
def referral_update_view(action: ReferralRequest, data: dict[str, Any]) -> Done:
    update_post(referral=action.referral, actor=action.user, note=data["note"], now=timezone.now())
    return Done(_("Update posted."))
