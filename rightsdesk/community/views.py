"""Public community pages (events, sign-up, membership) and the staff list and export.

Views parse and render; services write. Public pages have no JavaScript; staff pages are
wrapped in `staff_required` like every page of the staff side.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.community import ics, selectors, services
from rightsdesk.community.forms import EventForm, MemberForm, RegistrationForm, TimezoneForm
from rightsdesk.community.models import Event
from rightsdesk.core import csvsafe


def _zone(request: HttpRequest) -> tuple[str, TimezoneForm, str]:
    """The visitor's chosen time zone (UTC when none or unknown) and a message if unknown."""
    form = TimezoneForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["tz"]:
        return form.cleaned_data["tz"], form, ""
    if form.is_bound and not form.is_valid():
        return "UTC", TimezoneForm(), _("Unknown time zone: times are shown in UTC.")
    return "UTC", form, ""


def events(request: HttpRequest) -> HttpResponse:
    zone, tz_form, problem = _zone(request)
    context = {"events": selectors.upcoming_events(), "tz": zone, "tz_form": tz_form}
    return render(request, "community/events.html", context | {"tz_problem": problem})


def _event(event_id: str) -> Event:
    event = Event.objects.filter(id=event_id).first()
    if event is None:
        raise Http404
    return event


def _absolute(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


@require_http_methods(["GET", "POST"])
def event_page(request: HttpRequest, event_id: str) -> HttpResponse:
    event = _event(event_id)
    zone, tz_form, problem = _zone(request)
    form = RegistrationForm(request.POST or None)
    status = 200
    context: dict[str, Any] = {}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                signed = services.event_register(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    cancel_url=_absolute(request, "community:cancel", token=services.PLACEHOLDER),
                )
            except services.SignupRefused as refused:
                form.add_error(None, refused.message)
            else:
                return render(
                    request,
                    "community/registered.html",
                    {"event": event, "signed": signed, "tz": zone},
                    status=201,
                )
    taken, waiting = selectors.event_seats(event)
    context |= {
        "event": event,
        "form": form,
        "tz": zone,
        "tz_form": tz_form,
        "tz_problem": problem,
        "taken": taken,
        "waiting": waiting,
        "full": taken >= event.capacity,
        # Not "languages": the base template's language chooser sets that name for itself.
        "event_languages": selectors.event_languages(event),
        "description": selectors.public_description(event),
    }
    return render(request, "community/event.html", context, status=status)


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request: HttpRequest, event_id: str) -> HttpResponse:
    event = _event(event_id)
    base = _absolute(request, "community:events")
    return _ics(ics.calendar([event], base_url=base), f"event-{event.id}.ics")


def events_feed(request: HttpRequest) -> HttpResponse:
    base = _absolute(request, "community:events")
    return _ics(ics.calendar(selectors.upcoming_events(), base_url=base), "events.ics")


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = services.registration_from_token(token)
    if registration is None:
        return render(request, "community/link_invalid.html", status=404)
    if request.method == "POST":
        event = registration.event
        services.registration_cancel(registration=registration)
        return render(request, "community/cancelled.html", {"event": event})
    return render(request, "community/cancel.html", {"registration": registration})


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            joined = services.member_join(
                pseudonym=data["pseudonym"],
                kind=data["kind"],
                languages=data["languages"],
                regions=data["regions"],
                interests=data["interests"],
                email=data["email"],
                confirm_url=_absolute(request, "community:confirm", token=services.PLACEHOLDER),
                leave_url=_absolute(request, "community:leave", token=services.PLACEHOLDER),
            )
        except services.SignupRefused:
            # Same page as a new member, so the form reveals nobody's membership.
            return render(
                request, "community/joined.html", {"email": True, "leave": None}, status=201
            )
        # With an address, the leave link goes by mail only, so that this page looks the same
        # for a new member and for an address that was already signed up.
        leave = (
            None
            if data["email"]
            else reverse("community:leave", kwargs={"token": joined.leave_token})
        )
        return render(
            request,
            "community/joined.html",
            {"email": bool(data["email"]), "leave": leave},
            status=201,
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "community/join.html", {"form": form}, status=status)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if not services.member_confirm(token):
        return render(request, "community/link_invalid.html", status=404)
    return render(request, "community/confirmed.html")


@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, token: str) -> HttpResponse:
    member = services.member_from_leave_token(token)
    if member is None:
        return render(request, "community/link_invalid.html", status=404)
    if request.method == "POST":
        services.member_leave(member=member)
        return render(request, "community/left.html")
    return render(request, "community/leave.html", {"member": member})


@staff_required
def staff_members(request: HttpRequest) -> HttpResponse:
    members = selectors.member_list()
    emails = services.member_emails(members=members, actor=staff_user(request))
    rows = [{"member": m, "email": emails.get(str(m.id), "")} for m in members]
    return render(request, "community/staff_members.html", {"rows": rows})


@staff_required
def staff_members_export(request: HttpRequest) -> HttpResponse:
    members = selectors.member_list()
    emails = services.member_emails(members=members, actor=staff_user(request))
    out = io.StringIO()
    writer = csvsafe.Writer(out)
    writer.writerow(
        [
            "pseudonym",
            "kind",
            "languages",
            "regions",
            "interests",
            "email",
            "confirmed",
            "joined_on",
        ]
    )
    for m in members:
        writer.writerow(
            [
                m.pseudonym,
                m.kind,
                m.languages,
                m.regions,
                m.interests,
                emails.get(str(m.id), ""),
                m.email_confirmed,
                m.joined_on.isoformat(),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="members.csv"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def staff_event_new(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "timezone"}
        event = services.event_create(actor=staff_user(request), **data)
        return redirect("community:event", event_id=event.id)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/staff_event_new.html", {"form": form}, status=status)
