"""The one HTTP shape of an action on a case.

Every staff action on a case is the same: signed-in staff (two factors, key vault open), POST only,
the case through the access gate (missing and forbidden: the same 404), a form parsed and
validated, one service call, and then either a redirect to the case page with a message or, when
the form is invalid or the service refuses (`Refused`), the case page again with the reason, the
refusal's own status and what the handler typed. `case_action` is that shape, written once, so
going through the gate is structural: a view is only what differs (which form, which service call).

    @case_action(NoteForm, kept_as="note")
    def case_note(action: CaseRequest, data: dict[str, Any]) -> Done:
        note_add(case=action.case, author=action.user, body=data["body"])
        return Done(_("Note added."))

An irreversible action (closing, revoking, a referral sent to the reporter) also names a
`confirm`: the first POST then only renders a page that says what will happen, with the same
fields hidden and a dangerous "Yes, ..." button that posts them again with `confirm=yes`; only
that second POST acts. It needs no JavaScript, and a stray click or a double-submitted form
cannot close a case. `anchor` is where the case page opens after the action (`#note`), so the
handler lands where they were working instead of at the top of a long page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.views.decorators.http import require_POST
from nacl.public import PrivateKey

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.models import Case
from rightsdesk.cases.page import render_case_page
from rightsdesk.core.refusals import Refused


@dataclass(frozen=True)
class CaseRequest:
    """An action's request after the gate: who asks, and the case they may read."""

    request: HttpRequest
    user: User
    case: Case

    def case_key(self) -> PrivateKey:
        """The case's private key, unwrapped with the user's key from the session vault."""
        return unlock_case(self.case, self.user, unlocked_key(self.request))


@dataclass(frozen=True)
class Done:
    """What the handler sees after the action: a message, and where to go (the case page)."""

    message: str = ""
    level: int = messages.SUCCESS
    to: str = ""


@dataclass(frozen=True)
class Confirmation:
    """The second page of an irreversible action: what it is, what will happen, the button."""

    title: str | Promise
    consequences: list[str | Promise]
    button: str | Promise


Handler = Callable[..., Done]
FormClass = type[forms.Form]
# Given the validated data and the URL's arguments: the confirmation to ask for, or None when
# this particular submission is safe (an "in mandate" check needs none, "out of mandate" does).
Confirm = Callable[..., Confirmation | None]
# Fields never carried over to the confirmation page: Django's token is rendered afresh there.
_NOT_CARRIED = frozenset({"csrfmiddlewaretoken", "confirm"})


def case_action(
    form: FormClass | None = None,
    *,
    kept_as: str = "",
    auto_id: str = "",
    invalid: str | Promise = "",
    confirm: Confirm | None = None,
    anchor: str = "",
) -> Callable[[Handler], Callable[..., HttpResponseBase]]:
    """Make `handler(action, data, **url_kwargs) -> Done` a staff POST view on one case.

    `form` is bound to the POST and validated before the handler runs; `data` is its
    `cleaned_data` ({} without a form). Give `invalid` lazily (`gettext_lazy`): it is read per
    request, in the handler's language. `kept_as` names the case page's block that shows the form
    again when it is refused (`reply`, `note`, `classification`, ...); `invalid` is the message
    shown above the page for an invalid form (the fields' own errors show in the block).
    `confirm(data, **url_kwargs)` returns the `Confirmation` to ask for first, or None; `anchor`
    is the case page's fragment to land on afterwards (a `Done.to` overrides both).
    """

    def decorate(handler: Handler) -> Callable[..., HttpResponseBase]:
        @staff_required
        @require_POST
        @wraps(handler)
        def view(request: HttpRequest, number: str, **kwargs: Any) -> HttpResponseBase:
            user = staff_user(request)
            case = access_case(user, number)
            bound = None
            if form is not None:
                bound = form(request.POST, auto_id=auto_id or f"{kept_as or 'id'}_%s")
                if not bound.is_valid():
                    return _again(
                        request, number, problem=invalid, status=400, kept_as=kept_as, bound=bound
                    )
            action = CaseRequest(request=request, user=user, case=case)
            data = bound.cleaned_data if bound is not None else {}
            asked = confirm(data, **kwargs) if confirm is not None else None
            if asked is not None and request.POST.get("confirm") != "yes":
                return _confirmation(request, case, asked, anchor)
            try:
                done = handler(action, data, **kwargs)
            except Refused as refused:
                kept = bound if refused.keeps_input else None
                return _again(
                    request,
                    number,
                    problem=refused.message,
                    status=refused.status,
                    kept_as=kept_as,
                    bound=kept,
                )
            if done.message:
                messages.add_message(request, done.level, done.message)
            page = reverse("cases:detail", args=[case.number])
            return redirect(done.to or (f"{page}#{anchor}" if anchor else page))

        return view

    return decorate


def _again(
    request: HttpRequest,
    number: str,
    *,
    problem: str | Promise,
    status: int,
    kept_as: str,
    bound: forms.Form | None,
) -> HttpResponse:
    """The case page once more, with the reason and, where it has a block, the refused form."""
    kept = {kept_as: bound} if kept_as and bound is not None else {}
    return render_case_page(request, number, problem=str(problem), status=status, bound=kept)


def _confirmation(
    request: HttpRequest, case: Case, asked: Confirmation, anchor: str
) -> HttpResponse:
    """The page between the first and the second POST: nothing has happened yet. The fields the
    handler sent come back as hidden inputs (escaped by the template), to the same URL."""
    carried = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    back = reverse("cases:detail", args=[case.number]) + (f"#{anchor}" if anchor else "")
    return render(
        request,
        "cases/confirm.html",
        {
            "case": case,
            "asked": asked,
            "carried": carried,
            # A refusal of the second POST shows the case page at the same place as the first.
            "action": request.path + (f"#{anchor}" if anchor else ""),
            "back": back,
        },
    )
