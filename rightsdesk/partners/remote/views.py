"""The public report-back page for partners without accounts: no account, no JavaScript, no
cookie but CSRF's. The code is the only credential (rightsdesk.partners.services.loop)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rightsdesk.core.refusals import Refused
from rightsdesk.partners.remote.forms import ReportBackForm
from rightsdesk.partners.services.loop import remote_report
from rightsdesk.partners.vocabulary import State


@require_http_methods(["GET", "POST"])
def report_back(request: HttpRequest) -> HttpResponse:
    form = ReportBackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                reported = remote_report(
                    code=data["code"],
                    to_state=data["state"],
                    outcome=data["outcome"] if data["state"] != State.DECLINED else "",
                    reason=data["reason"] if data["state"] == State.DECLINED else "",
                    note=data["note"],
                    now=timezone.now(),
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                # Rendered, not redirected: the next code is shown once and stored nowhere.
                return render(
                    request,
                    "partners/remote/reported.html",
                    {"state": State(data["state"]).label, "next_code": reported.next_code},
                )
    return render(request, "partners/remote/report.html", {"form": form}, status=status)
