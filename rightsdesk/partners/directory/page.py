"""The organisation page of the staff directory, shared by the views that show it again after
a refused form (staff.py, admin.py): an organisation is loaded only through `partner_or_404`, and
its sealed parts only through the audited `partner_open`."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rightsdesk.accounts.decorators import staff_user
from rightsdesk.accounts.policy import is_admin
from rightsdesk.partners.directory import selectors
from rightsdesk.partners.directory.forms import CapacityForm, MemberForm, NotesForm, VettingForm
from rightsdesk.partners.directory.services import partner_open
from rightsdesk.partners.models import Partner


def today() -> date:
    """The directory's day (UTC, as the referral services count vettings)."""
    return timezone.now().date()


def partner_or_404(uid: object) -> Partner:
    """The organisation `uid` with its open load, or the plain 404."""
    partner = selectors.partner_find(uid)
    if partner is None:
        raise Http404
    return partner


def partner_page_response(
    request: HttpRequest,
    partner: Partner,
    *,
    vetting_form: VettingForm | None = None,
    capacity_form: CapacityForm | None = None,
    notes_form: NotesForm | None = None,
    member_form: MemberForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    """An organisation's page with its forms; a form passed in is shown as it was typed."""
    actor = staff_user(request)
    partner = partner_or_404(partner.uid)  # as it is now, with its load
    opened = partner_open(actor=actor, partner=partner)
    day = today()
    admin = is_admin(actor)
    context = {
        "partner": partner,
        "opened": opened,
        "load": getattr(partner, "load", 0),
        "vetting": selectors.vetting_status(partner.vettings.all(), day),
        "today": day,
        "is_admin": admin,
        "members": list(selectors.partner_members(partner)) if admin else [],
        "vetting_form": vetting_form
        or VettingForm(initial={"vetted_on": day}, auto_id="vetting_%s"),
        "capacity_form": capacity_form
        or CapacityForm(
            initial={"capacity": partner.capacity, "version": partner.version},
            auto_id="capacity_%s",
        ),
        "notes_form": notes_form
        or NotesForm(
            initial={"notes": opened.notes, "version": partner.version}, auto_id="notes_%s"
        ),
        "member_form": (member_form or MemberForm(auto_id="member_%s")) if admin else None,
        "problem": problem,
    }
    return render(request, "partners/directory/partner.html", context, status=status)
