"""The partner network's addresses, by feature: the directory and the public list of support
organisations (`directory`), referrals on the case page (`casework`), the volunteer's consent in
the inbox (`consent`, under /inbox/ where the inbox cookie is sent), the partner portal
(`portal`), and report-back by one-time code for partners without accounts (`remote`)."""

from django.urls import include, path

app_name = "partners"

urlpatterns = [
    path("", include("rightsdesk.partners.directory.urls")),
    path("", include("rightsdesk.partners.casework.urls")),
    path("", include("rightsdesk.partners.consent.urls")),
    path("", include("rightsdesk.partners.portal.urls")),
    path("", include("rightsdesk.partners.remote.urls")),
]
