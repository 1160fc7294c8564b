"""The rota page (/staff/rota/): everyone sees who is on duty now and the coming shifts, each time
in their own zone and the person's; admins add and remove shifts; everyone sets their own zone.

Adding or removing a shift is for admins only: a handler gets 403 and nothing changes (the rota
service checks again). Bad input re-renders the page with the message and status 400.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import admin_user, staff_required, staff_user
from rightsdesk.accounts.policy import is_admin
from rightsdesk.cases.models import OnCallShift
from rightsdesk.cases.oncall.forms import ShiftForm, TimeZoneForm
from rightsdesk.cases.oncall.selectors import GAP_DAYS, SCHEDULE_DAYS, rota_board
from rightsdesk.cases.oncall.services import RotaRefused, shift_add, shift_remove, time_zone_set
from rightsdesk.cases.oncall.workhours import known_zones


def _page(
    request: HttpRequest,
    *,
    shift_form: ShiftForm | None = None,
    zone_form: TimeZoneForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    user = staff_user(request)
    zone = user.zone
    admin = is_admin(user)
    if shift_form is None and admin:
        shift_form = ShiftForm(initial={"zone": zone.key}, auto_id="shift_%s")
    board = rota_board(timezone.now())
    return render(
        request,
        "cases/oncall/rota.html",
        {
            "board": board,
            "shifts": [{"shift": s, "zone": s.user.zone.key} for s in board.shifts],
            "viewer_zone": zone.key,
            "is_admin": admin,
            "shift_form": shift_form if admin else None,
            "zone_form": zone_form
            or TimeZoneForm(initial={"time_zone": zone.key}, auto_id="tz_%s"),
            "zones": sorted(known_zones()),
            "schedule_days": SCHEDULE_DAYS,
            "gap_days": GAP_DAYS,
            "problem": problem,
        },
        status=status,
    )


@staff_required
def rota(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_required
@require_POST
def rota_shift_add(request: HttpRequest) -> HttpResponse:
    actor = admin_user(request)
    form = ShiftForm(request.POST, auto_id="shift_%s")
    if not form.is_valid():
        return _page(request, shift_form=form, status=400)
    data = form.cleaned_data
    try:
        shift_add(
            person=data["person"],
            role=data["role"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            actor=actor,
        )
    except RotaRefused as refused:
        return _page(request, shift_form=form, problem=refused.message, status=400)
    messages.success(request, _("Shift added."))
    return redirect("cases:rota")


@staff_required
@require_POST
def rota_shift_remove(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = admin_user(request)
    shift = OnCallShift.objects.filter(pk=shift_id).first()
    if shift is None:
        raise Http404
    shift_remove(shift=shift, actor=actor)
    messages.success(request, _("Shift removed."))
    return redirect("cases:rota")


@staff_required
@require_POST
def rota_time_zone(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = TimeZoneForm(request.POST, auto_id="tz_%s")
    if not form.is_valid():
        return _page(request, zone_form=form, status=400)
    try:
        time_zone_set(user=user, zone=form.cleaned_data["time_zone"], actor=user)
    except RotaRefused as refused:
        return _page(request, zone_form=form, problem=refused.message, status=400)
    messages.success(request, _("Your time zone was saved."))
    return redirect("cases:rota")
