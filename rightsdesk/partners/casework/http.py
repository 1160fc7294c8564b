"""The HTTP shapes of the team's side of a referral, written once so views are only what differs.

- `DraftPage`: the "Refer" page of a case (proposals, then the draft form) through the case's
  gate, drawn for a GET and again, with the reason and what was typed, for a refused draft.
- `referral_action(Form, kept_as=...)`: the shape of `rightsdesk.cases.http.case_action` for a
  move on one referral: signed-in team member, POST only, the referral through its gate
  (`access_referral`: missing, another team's and a case the member may not read are the same
  404), the form bound and validated, one service call, then a redirect to the referral's page;
  a `Refused` (or an invalid form) draws the referral's page again with the refusal's status, the
  reason and the form as it was typed. `confirm` asks first on a second page, like the case's.
- `render_referral_page`: the staff referral page through `access_referral` + `unlock_referral`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.views.decorators.http import require_POST
from nacl.public import PrivateKey

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.http import Confirmation, Done
from rightsdesk.cases.labels import language_name
from rightsdesk.cases.models import Case
from rightsdesk.cases.services import OpenedCase, case_open
from rightsdesk.core.countries import country_name
from rightsdesk.core.refusals import Refused
from rightsdesk.partners import keys
from rightsdesk.partners.access import access_referral, unlock_referral
from rightsdesk.partners.casework.forms import (
    AnswerForm,
    ConsentForm,
    DraftForm,
    MoveForm,
    OverrideForm,
    ServiceForm,
    UpdateForm,
)
from rightsdesk.partners.casework.selectors import (
    CasePieces,
    case_pieces,
    packet_view,
    state_label,
    update_by,
)
from rightsdesk.partners.casework.services import referral_read
from rightsdesk.partners.matching import URGENT, WEIGHTS_NORMAL, WEIGHTS_URGENT, Match, propose
from rightsdesk.partners.models import Referral
from rightsdesk.partners.services.referrals import OVERRIDE_PERMISSION
from rightsdesk.partners.vocabulary import CLOSED, DELIVERED, Service, State


@dataclass
class DraftPage:
    """The "Refer" page of one case, for one service: the ranked proposals and the draft."""

    request: HttpRequest
    user: User
    case: Case
    opened: OpenedCase
    service: str
    match: Match | None
    pieces: CasePieces
    draft: Referral | None = None
    draft_initial: dict[str, Any] | None = None

    @classmethod
    def load(
        cls, request: HttpRequest, number: str, service: str, draft: object = None
    ) -> DraftPage:
        """The case through its gate, opened (an audited read: the page previews its pieces).
        With `draft`, a saved draft of this case to change: through the referral's gate, and
        404 like a missing one when it is another case's or no longer a draft."""
        user = staff_user(request)
        case = access_case(user, number)
        case_key = unlock_case(case, user, unlocked_key(request))
        opened = case_open(case=case, key=case_key, actor=user)
        saved = initial = None
        if draft:
            saved = access_referral(user, draft)
            if saved.case_id != case.pk or saved.state != State.DRAFTED:
                raise Http404
            service = service or saved.service
            initial = draft_initial(saved, case_key)
        match = None
        if service in Service.values:
            match = propose(
                service=service,
                language=opened.report.language,
                country=case.country,
                priority=case.priority,
                today=timezone.localdate(),
            )
        return cls(request, user, case, opened, service, match, case_pieces(opened), saved, initial)

    def form(self, data: Any = None) -> DraftForm:
        initial = {"service": self.service, **(self.draft_initial or {})}
        return DraftForm(
            data,
            proposals=self.match.proposals if self.match else [],
            pieces=self.pieces,
            today=timezone.localdate(),
            initial=initial,
            auto_id="draft_%s",
        )

    def render(
        self, form: DraftForm | None = None, *, problem: str = "", status: int = 200
    ) -> HttpResponse:
        urgent = self.case.priority in URGENT
        weights = WEIGHTS_URGENT if urgent else WEIGHTS_NORMAL
        language = self.opened.report.language
        context = {
            "case": self.case,
            "service_form": ServiceForm(
                {"service": self.service} if self.service else None, auto_id="refer_%s"
            ),
            "service": self.service,
            "service_label": Service(self.service).label if self.match else "",
            "match": self.match,
            "form": form or self.form(),
            "weights": {name: round(weight * 100) for name, weight in weights.items()},
            "volunteer": {
                "language": language_name(language) if language else "—",
                "country": country_name(self.case.country) if self.case.country else "—",
                "priority": self.case.priority or "—",
            },
            "problem": problem,
            "draft": self.draft,
        }
        return render(self.request, "partners/casework/refer.html", context, status=status)


def draft_initial(referral: Referral, case_key: PrivateKey) -> dict[str, Any]:
    """The draft form's values from a saved draft (its texts opened with the case key)."""
    uid = str(referral.uid)
    pieces = list(referral.pieces)
    return {
        "draft": uid,
        "version": referral.version,
        "partner": str(referral.partner.uid),
        "purpose": keys.open_with_case(bytes(referral.purpose), case_key, uid=uid, field="purpose"),
        "summary": keys.open_with_case(bytes(referral.summary), case_key, uid=uid, field="summary"),
        "pieces": [p for p in pieces if ":" not in p],
        "shared_messages": [p for p in pieces if p.startswith("message:")],
        "shared_files": [p for p in pieces if p.startswith("file:")],
        "until": referral.until,
    }


@dataclass(frozen=True)
class ReferralRequest:
    """A move's request after the gate: who asks, the referral and its case."""

    request: HttpRequest
    user: User
    referral: Referral
    case: Case

    def case_key(self) -> PrivateKey:
        return unlock_case(self.case, self.user, unlocked_key(self.request))


def _forms(referral: Referral, proposed: list[tuple[str, str]], language: str) -> dict[str, Any]:
    version = {"version": referral.version}
    answer = {**version, "language": language}
    return {
        "ask": MoveForm(initial=version, auto_id="ask_%s"),
        "consent": ConsentForm(
            initial={**answer, "pieces": list(referral.pieces)},
            proposed=proposed,
            auto_id="consent_%s",
        ),
        "decline": AnswerForm(initial=answer, auto_id="decline_%s"),
        "withdraw": AnswerForm(initial=answer, auto_id="withdraw_%s"),
        "override": OverrideForm(initial=version, auto_id="override_%s"),
        "approve": MoveForm(initial=version, auto_id="approve_%s"),
        "cancel": MoveForm(initial=version, auto_id="cancel_%s"),
        "update": UpdateForm(auto_id="update_%s"),
    }


def render_referral_page(
    request: HttpRequest,
    uid: object,
    *,
    problem: str = "",
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    """The staff referral page: what was proposed and consented, the packet as sent, the ledger,
    the loop, the clock, and the moves the referral's state allows. Through `access_referral`;
    the case key from the case's gate; the referral key from `unlock_referral` once it exists."""
    user = staff_user(request)
    referral = access_referral(user, uid)
    case = access_case(user, referral.case.number)
    private_key = unlocked_key(request)
    case_key = unlock_case(case, user, private_key)
    referral_key = unlock_referral(referral, user, private_key) if referral.public_key else None
    opened_case = case_open(case=case, key=case_key, actor=user)
    labels = case_pieces(opened_case).labels()
    team = referral_read(
        referral=referral, case_key=case_key, referral_key=referral_key, actor=user
    )
    proposed = [(code, labels.get(code, code)) for code in referral.pieces]
    page_forms = _forms(referral, proposed, opened_case.report.language or "en")
    page_forms.update(bound or {})
    kept = page_forms["consent"]
    if isinstance(kept, ConsentForm):
        kept.relabel(proposed)
    state = referral.state
    context = {
        "case": case,
        "referral": referral,
        "team": team,
        "proposed": proposed,
        "consented": [(code, labels.get(code, code)) for code in referral.consented],
        "packet": packet_view(team.packet),
        "ledger": [(row, [labels.get(c, c) for c in row.pieces]) for row in team.ledger],
        "updates": [(u, state_label(u.state), update_by(u)) for u in team.updates],
        "forms": page_forms,
        "problem": problem,
        "may_override": user.has_perm(OVERRIDE_PERMISSION),
        "own_override": referral.override_requested_by_id == user.pk,
        "can": {
            "ask": state == State.DRAFTED,
            "answer": state == State.AWAITING_CONSENT,
            "withdraw": state in DELIVERED,
            "override": state in (State.DRAFTED, State.AWAITING_CONSENT),
            "approve": state == State.AWAITING_APPROVAL,
            "cancel": state not in CLOSED,
            "update": state in DELIVERED,
        },
        "closed": state in CLOSED,
    }
    return render(request, "partners/casework/referral.html", context, status=status)


Handler = Callable[[ReferralRequest, dict[str, Any]], Done]
Confirm = Callable[[Referral], Confirmation]
_NOT_CARRIED = frozenset({"csrfmiddlewaretoken", "confirm"})


def referral_action(
    form: Callable[..., forms.Form],
    *,
    kept_as: str,
    invalid: str | Promise,
    confirm: Confirm | None = None,
) -> Callable[[Handler], Callable[..., HttpResponseBase]]:
    """Make `handler(action, data) -> Done` a team POST view on one referral (see the module).
    `form(data, referral, auto_id)` builds the bound form (the consent form needs the proposed
    pieces); `kept_as` is its block on the referral page; `invalid` (lazy) the message for an
    invalid form."""

    def decorate(handler: Handler) -> Callable[..., HttpResponseBase]:
        @staff_required
        @require_POST
        @wraps(handler)
        def view(request: HttpRequest, uid: object) -> HttpResponseBase:
            user = staff_user(request)
            referral = access_referral(user, uid)
            case = access_case(user, referral.case.number)
            bound = form(request.POST, referral, f"{kept_as}_%s")
            if not bound.is_valid():
                return render_referral_page(
                    request, uid, problem=str(invalid), status=400, bound={kept_as: bound}
                )
            if confirm is not None and request.POST.get("confirm") != "yes":
                return _confirmation(request, referral, confirm(referral))
            try:
                done = handler(ReferralRequest(request, user, referral, case), bound.cleaned_data)
            except Refused as refused:
                kept = {kept_as: bound} if refused.keeps_input else {}
                return render_referral_page(
                    request, uid, problem=refused.message, status=refused.status, bound=kept
                )
            if done.message:
                messages.add_message(request, done.level, done.message)
            return redirect(done.to or reverse("partners:staff_referral", args=[referral.uid]))

        return view

    return decorate


def _confirmation(request: HttpRequest, referral: Referral, asked: Confirmation) -> HttpResponse:
    """The page between the two POSTs of an irreversible move: nothing has happened yet."""
    carried = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "partners/casework/confirm.html",
        {
            "referral": referral,
            "asked": asked,
            "carried": carried,
            "action": request.path,
            "back": reverse("partners:staff_referral", args=[referral.uid]),
        },
    )
