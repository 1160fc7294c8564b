"""Two URL trees: the public side at the root, the staff side under /staff/."""

from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

urlpatterns = [
    path("", include("rightsdesk.intake.urls")),
    path("language/", set_language, name="set_language"),
    path("favicon.ico", RedirectView.as_view(url="/static/rightsdesk/favicon.ico", permanent=True)),
    path("gaps/", include("rightsdesk.gaps.urls")),
    path("api/", include("rightsdesk.api.urls")),
    path("safety/", include("rightsdesk.safety.urls")),
    path("community/", include("rightsdesk.community.urls")),
    path("grievances/", include("rightsdesk.grievances.urls")),
    path("transparency/", include("rightsdesk.transparency.urls")),
    path("staff/", include("rightsdesk.accounts.urls")),
    path("staff/", include("rightsdesk.cases.urls")),
    path("", include("rightsdesk.partners.urls")),
    path("", include("rightsdesk.diligence.urls")),
    path("", include("rightsdesk.demands.urls")),
    path("", include("rightsdesk.wikisafety.urls")),
    path("staff/wikisafety/wikis/", include("rightsdesk.wikisafety.urls_wikis")),
    path("staff/wikisafety/protect/", include("rightsdesk.wikisafety.urls_protect")),
]
