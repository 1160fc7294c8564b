"""The partner portal's pages. Thin: the gate (`partner_required`, then `access_referral` and
`unlock_referral` with the session's key), a form, one service, a page. A referral of another
organisation, one whose consent was withdrawn and one that does not exist answer the same 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rightsdesk.core.downloads import download_response
from rightsdesk.core.refusals import Refused
from rightsdesk.partners.access import access_referral, unlock_referral
from rightsdesk.partners.portal.forms import MoveForm, UpdateForm
from rightsdesk.partners.portal.http import partner_required, partner_user, private_key
from rightsdesk.partners.portal.selectors import (
    language_label,
    moves_open,
    packet_pieces,
    portal_rows,
)
from rightsdesk.partners.services.colleagues import colleagues_catch_up
from rightsdesk.partners.services.loop import partner_move, update_post
from rightsdesk.partners.services.reading import referral_file_open, referral_open
from rightsdesk.partners.vocabulary import DELIVERED, PENDING, DeclineReason, Outcome, State


@partner_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user, partner = partner_user(request)
    # Referrals sent before a colleague joined reach them from here (services.colleagues).
    colleagues_catch_up(user=user, partner=partner, private_key=private_key(request))
    rows = portal_rows(user, partner)
    return render(request, "partners/portal/home.html", {"partner": partner, "rows": rows})


def _page(
    request: HttpRequest,
    uid: object,
    *,
    problem: str = "",
    status: int = 200,
    bound: forms.Form | None = None,
) -> HttpResponse:
    user, partner = partner_user(request)
    referral = access_referral(user, uid)
    key = unlock_referral(referral, user, private_key(request))
    opened = referral_open(referral=referral, referral_key=key, actor=user)
    context: dict[str, Any] = {
        "partner": partner,
        "referral": referral,
        "opened": opened,
        "purpose": opened.packet.get("purpose", ""),
        "language": language_label(str(opened.packet.get("language", ""))),
        "pieces": packet_pieces(opened.packet),
        "moves": moves_open(referral),
        "updates": [
            (item, State(item.state).label if item.state else "")
            for item in opened.updates
            if item.state not in PENDING  # before it was sent: the team's business
        ],
        "can_update": referral.state in DELIVERED,
        "reasons": DeclineReason.choices,
        "outcomes": Outcome.choices,
        "problem": problem,
        # A refused form comes back as it was typed, in its own place on the page.
        "bound_move": bound if isinstance(bound, MoveForm) else None,
        "bound_update": bound if isinstance(bound, UpdateForm) else None,
    }
    return render(request, "partners/portal/referral.html", context, status=status)


@partner_required
@require_GET
def referral(request: HttpRequest, uid: object) -> HttpResponse:
    return _page(request, uid)


@partner_required
@require_GET
def referral_file(request: HttpRequest, uid: object, file_uid: object) -> HttpResponseBase:
    user, _partner = partner_user(request)
    found = access_referral(user, uid)
    key = unlock_referral(found, user, private_key(request))
    meta, stream = referral_file_open(
        referral=found, referral_key=key, file_uid=file_uid, actor=user
    )
    return download_response(meta.name, meta.mime, stream)


@partner_required
@require_POST
def move(request: HttpRequest, uid: object) -> HttpResponse:
    user, _partner = partner_user(request)
    found = access_referral(user, uid)
    form = MoveForm(request.POST, auto_id="move_%s")
    if not form.is_valid():
        return _page(request, uid, problem=_("Check the form."), status=400, bound=form)
    data = form.cleaned_data
    try:
        partner_move(
            referral=found,
            actor=user,
            to_state=data["to_state"],
            note=data["note"],
            now=timezone.now(),
            version=data["version"],
            reason=data["reason"],
            outcome=data["outcome"],
        )
    except Refused as refused:
        kept = form if refused.keeps_input else None
        return _page(request, uid, problem=refused.message, status=refused.status, bound=kept)
    found.refresh_from_db()
    messages.success(
        request, _("The referral is now “%(state)s”.") % {"state": found.get_state_display()}
    )
    return redirect(reverse("partners:portal_referral", args=[found.uid]))


@partner_required
@require_POST
def update(request: HttpRequest, uid: object) -> HttpResponse:
    user, _partner = partner_user(request)
    found = access_referral(user, uid)
    form = UpdateForm(request.POST, auto_id="update_%s")
    if not form.is_valid():
        problem = _("Write the update first.")
        return _page(request, uid, problem=problem, status=400, bound=form)
    try:
        update_post(
            referral=found,
            actor=user,
            note=form.cleaned_data["note"],
            now=timezone.now(),
            version=form.cleaned_data["version"],
        )
    except Refused as refused:
        kept = form if refused.keeps_input else None
        return _page(request, uid, problem=refused.message, status=refused.status, bound=kept)
    messages.success(request, _("Your update was added."))
    return redirect(reverse("partners:portal_referral", args=[found.uid]))
