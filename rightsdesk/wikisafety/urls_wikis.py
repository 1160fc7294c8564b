"""The wikis' staff pages (admins), mounted at /staff/wikisafety/wikis/."""

from django.urls import path

from rightsdesk.wikisafety.views import wikis

app_name = "wikisafety_wikis"

urlpatterns = [
    path("", wikis.wiki_list, name="list"),
    path("<uuid:uid>/", wikis.wiki_detail, name="detail"),
    path("<uuid:uid>/bot/", wikis.wiki_bot, name="bot"),
    path("<uuid:uid>/rights/", wikis.wiki_rights, name="rights"),
    path("<uuid:uid>/watching/", wikis.wiki_watch, name="watching"),
    path("<uuid:uid>/report-token/", wikis.wiki_token, name="token"),
]
