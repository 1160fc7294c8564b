from django.urls import path

from rightsdesk.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<str:number>/", views.case_detail, name="detail"),
    path("cases/<str:number>/reply/", views.case_reply, name="reply"),
    path("cases/<str:number>/status/", views.case_status, name="status"),
    path("cases/<str:number>/files/<uuid:uid>/", views.case_file, name="file"),
    path("cases/<str:number>/notes/", views.case_note, name="note"),
    path("cases/<str:number>/assign/", views.case_assign, name="assign"),
    path("cases/<str:number>/crisis/steps/<slug:step>/", views.crisis_step, name="crisis_step"),
    path("cases/<str:number>/crisis/decisions/", views.crisis_decision, name="crisis_decision"),
    path("cases/<str:number>/crisis/close/", views.crisis_close_view, name="crisis_close"),
    path("cases/<str:number>/priority/", views.case_priority, name="priority"),
    path("cases/<str:number>/grants/", views.case_grant_view, name="grant"),
    path(
        "cases/<str:number>/grants/<str:username>/revoke/",
        views.case_revoke_view,
        name="revoke",
    ),
]
