from django.urls import path

from rightsdesk.api import links, schema, triage, views

app_name = "api"

urlpatterns = [
    path("schema", schema.schema_view, name="schema"),
    path("v1/reports", views.reports, name="reports"),
    path("v1/reporter/login", views.reporter_login, name="reporter_login"),
    path("v1/reporter/report", views.reporter_report, name="reporter_report"),
    path("v1/reporter/messages", views.reporter_messages, name="reporter_messages"),
    path("v1/staff/login", views.staff_login, name="staff_login"),
    path("v1/cases", views.cases, name="cases"),
    path("v1/queues", views.queues, name="queues"),
    path("v1/search", views.search, name="search"),
    path("v1/cases/<str:number>", views.case_item, name="case_detail"),
    path("v1/cases/<str:number>/messages", views.case_messages, name="case_messages"),
    path("v1/cases/<str:number>/notes", views.case_notes, name="case_notes"),
    path("v1/cases/<str:number>/grants", views.case_grants, name="case_grants"),
    path(
        "v1/cases/<str:number>/grants/<str:username>",
        views.case_grant_delete,
        name="case_grant_delete",
    ),
    path(
        "v1/cases/<str:number>/classification",
        triage.case_classification,
        name="case_classification",
    ),
    path("v1/cases/<str:number>/triage-steps", triage.case_triage_step, name="case_triage_step"),
    path("v1/cases/<str:number>/links", links.case_links, name="case_links"),
    path(
        "v1/cases/<str:number>/links/<str:other>",
        links.link_delete,
        name="case_link_delete",
    ),
]
