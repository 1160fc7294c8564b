"""The volunteer's consent pages, under /inbox/referrals/<uid>/ (the inbox cookie's path).

The inbox session is resumed the way intake does it (`intake.inbox.inbox_of`); without one the
volunteer is sent to the receipt login. The referral is loaded only through
`access.referral_of_case` with the inbox's case: another case's referral is the same 404 as one
that does not exist. A refused answer (given twice, from a page out of date, nothing ticked)
shows the page again with the reason and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rightsdesk.cases.services import case_open
from rightsdesk.intake.inbox import Inbox, inbox_of
from rightsdesk.partners.access import referral_of_case
from rightsdesk.partners.consent.forms import AGREE, AnswerForm, WithdrawForm
from rightsdesk.partners.consent.selectors import (
    SHOWN,
    organisation,
    purpose_of,
    shown_pieces,
)
from rightsdesk.partners.models import Referral
from rightsdesk.partners.services.common import ReferralRefused
from rightsdesk.partners.services.loop import consent_withdraw
from rightsdesk.partners.services.referrals import consent_decline, consent_give
from rightsdesk.partners.vocabulary import CONSENT_TEXT_VERSION, DELIVERED, State


def _referral(inbox: Inbox, uid: object) -> Referral:
    """The referral `uid` of the inbox's case; a draft not yet proposed is not shown (404)."""
    referral = referral_of_case(inbox.case, uid)
    if referral.state in (State.DRAFTED, State.AWAITING_APPROVAL):
        raise Http404  # the same answer as a referral that does not exist
    return referral


def _page(
    request: HttpRequest,
    inbox: Inbox,
    referral: Referral,
    *,
    form: AnswerForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    opened = case_open(case=inbox.case, key=inbox.key, actor=None)
    asking = referral.state == State.AWAITING_CONSENT
    codes = referral.pieces if asking else referral.consented
    if form is None:
        form = AnswerForm(
            initial={"version": referral.version, "pieces": list(referral.pieces)},
            proposed=referral.pieces,
        )
    ticked = set(form["pieces"].value() or []) if form.is_bound else set(referral.pieces)
    context: dict[str, Any] = {
        "referral": referral,
        "organisation": organisation(referral.partner),
        "purpose": purpose_of(referral, inbox.key),
        "pieces": shown_pieces(referral, opened, inbox.key, codes),
        "ticked": ticked,
        "asking": asking,
        "delivered": referral.state in DELIVERED,
        "shown": referral.state in SHOWN,
        "form": form,
        "problem": problem,
        "text_version": CONSENT_TEXT_VERSION,
    }
    return render(request, "partners/consent/referral.html", context, status=status)


@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, uid: object) -> HttpResponse:
    """What the team proposes, and the volunteer's answer (agree with what is ticked, or
    decline); for a referral that went, what was shared and the way to withdraw."""
    inbox = inbox_of(request)
    if inbox is None:
        return redirect("intake:inbox_login")
    referral = _referral(inbox, uid)
    if request.method == "GET":
        return _page(request, inbox, referral)
    form = AnswerForm(request.POST, proposed=referral.pieces)
    if not form.is_valid():
        problem = _("Choose Agree or Decline.")
        return _page(request, inbox, referral, form=form, problem=problem, status=400)
    data = form.cleaned_data
    try:
        if data["answer"] == AGREE:
            consent_give(
                referral=referral,
                case_key=inbox.key,
                pieces=data["pieces"],
                language=get_language() or "",
                now=timezone.now(),
                version=data["version"],
            )
        else:
            consent_decline(
                referral=referral,
                language=get_language() or "",
                now=timezone.now(),
                version=data["version"],
            )
    except ReferralRefused as refused:
        referral.refresh_from_db()
        kept = form if refused.keeps_input and referral.state == State.AWAITING_CONSENT else None
        return _page(
            request, inbox, referral, form=kept, problem=refused.message, status=refused.status
        )
    return redirect(reverse("partners:consent", args=[referral.uid]))


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, uid: object) -> HttpResponse:
    """Withdrawing takes two steps without JavaScript: this page says what it does and does not
    undo, and only its button (`confirm=yes`) withdraws."""
    inbox = inbox_of(request)
    if inbox is None:
        return redirect("intake:inbox_login")
    referral = _referral(inbox, uid)
    context: dict[str, Any] = {
        "referral": referral,
        "organisation": organisation(referral.partner),
        "version": referral.version,
        "delivered": referral.state in DELIVERED,
    }
    form = WithdrawForm(request.POST or None)
    confirmed = form.is_valid() and form.cleaned_data["confirm"] == "yes"
    if not confirmed:
        if referral.state not in DELIVERED:
            return redirect(reverse("partners:consent", args=[referral.uid]))
        return render(request, "partners/consent/withdraw.html", context)
    try:
        consent_withdraw(
            referral=referral,
            language=get_language() or "",
            now=timezone.now(),
            version=form.cleaned_data["version"],
        )
    except ReferralRefused as refused:
        referral.refresh_from_db()
        context |= {
            "version": referral.version,
            "delivered": referral.state in DELIVERED,
            "problem": refused.message,
        }
        return render(request, "partners/consent/withdraw.html", context, status=refused.status)
    return redirect(reverse("partners:consent", args=[referral.uid]))
