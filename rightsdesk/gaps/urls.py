from django.urls import URLPattern, path, re_path

from rightsdesk.gaps import views

app_name = "gaps"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("wikis.csv", views.wikis_csv, name="wikis_csv"),
    path("compare/", views.compare, name="compare"),
    re_path(r"^wiki/(?P<wiki>[a-z0-9_]{2,40})/$", views.wiki, name="wiki"),
    re_path(
        r"^wiki/(?P<wiki>[a-z0-9_]{2,40})/worklist\.csv$", views.worklist_csv, name="worklist_csv"
    ),
    re_path(
        r"^wiki/(?P<wiki>[a-z0-9_]{2,40})/worklist\.wiki$",
        views.worklist_wikitext,
        name="worklist_wiki",
    ),
    path("topics/", views.topic_list, name="topics"),
    re_path(r"^topic/(?P<qid>Q[1-9][0-9]{0,11})/$", views.topic, name="topic"),
    re_path(r"^topic/(?P<qid>Q[1-9][0-9]{0,11})\.csv$", views.topic_csv, name="topic_csv"),
    re_path(r"^set/(?P<name>[a-z]{2,20})/$", views.language_set, name="set"),
]
