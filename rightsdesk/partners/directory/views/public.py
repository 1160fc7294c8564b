"""The public list of support organisations (/support/): organisations that agreed to be listed
and whose vetting is valid today, filtered by a GET form; no JavaScript, nothing from elsewhere,
and no contact detail beyond what each organisation published (website, e-mail, phone, Signal,
OpenPGP fingerprint). Linked from every safety guide and from the counselling page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rightsdesk.partners.directory import selectors
from rightsdesk.partners.directory.display import language_choices
from rightsdesk.partners.directory.forms import PublicFilterForm


def support(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    form = PublicFilterForm(
        request.GET or None, languages=language_choices(selectors.public_languages(today))
    )
    valid = form.is_bound and form.is_valid()
    filters = form.cleaned_data if valid else {}
    partners = selectors.public_partners(filters, today)
    status = 400 if form.is_bound and not valid else 200
    return render(
        request,
        "partners/directory/support.html",
        {"form": form, "partners": partners, "filtered": bool(valid and any(filters.values()))},
        status=status,
    )
