from django.urls import path

from rightsdesk.cases import views
from rightsdesk.cases.crisis import views as crisis_views
from rightsdesk.cases.crisis.playbooks import views as playbook_views
from rightsdesk.cases.links import views as link_views
from rightsdesk.cases.oncall import views as rota_views
from rightsdesk.cases.queues import views as queue_views
from rightsdesk.cases.replies import views as reply_views
from rightsdesk.cases.search import views as search_views
from rightsdesk.cases.triage import views as triage_views

app_name = "cases"

urlpatterns = [
    path("", queue_views.home, name="home"),
    path("queues/<slug:slug>/", queue_views.queue, name="queue"),
    path("search/", search_views.search, name="search"),
    path("rota/", rota_views.rota, name="rota"),
    path("rota/shifts/", rota_views.rota_shift_add, name="rota_shift_add"),
    path(
        "rota/shifts/<int:shift_id>/remove/",
        rota_views.rota_shift_remove,
        name="rota_shift_remove",
    ),
    path("rota/time-zone/", rota_views.rota_time_zone, name="rota_time_zone"),
    path("cases/<str:number>/", views.case_detail, name="detail"),
    path("cases/<str:number>/reply/", views.case_reply, name="reply"),
    path("cases/<str:number>/status/", views.case_status, name="status"),
    path("cases/<str:number>/files/<uuid:uid>/", views.case_file, name="file"),
    path("cases/<str:number>/notes/", views.case_note, name="note"),
    path("cases/<str:number>/assign/", views.case_assign, name="assign"),
    path(
        "cases/<str:number>/crisis/steps/<slug:step>/", crisis_views.crisis_step, name="crisis_step"
    ),
    path(
        "cases/<str:number>/crisis/decisions/", crisis_views.crisis_decision, name="crisis_decision"
    ),
    path("cases/<str:number>/crisis/close/", crisis_views.crisis_close_view, name="crisis_close"),
    path("cases/<str:number>/priority/", views.case_priority, name="priority"),
    path("cases/<str:number>/labels/", views.case_labels, name="labels"),
    path("cases/<str:number>/grants/", views.case_grant_view, name="grant"),
    path("cases/<str:number>/links/", link_views.case_link_view, name="link"),
    path("cases/<str:number>/classify/", triage_views.case_classify_view, name="classify"),
    path("cases/<str:number>/vetting/", triage_views.case_vetting_view, name="vetting"),
    path("cases/<str:number>/mandate/", triage_views.case_mandate_view, name="mandate"),
    path("playbooks/", playbook_views.playbook_list, name="playbooks"),
    path(
        "playbooks/<slug:slug>/<str:language>/",
        playbook_views.playbook_edit,
        name="playbook_edit",
    ),
    path(
        "playbooks/<slug:slug>/<str:language>/revert/",
        playbook_views.playbook_revert,
        name="playbook_revert",
    ),
    path("replies/", reply_views.reply_templates, name="replies"),
    path("replies/<slug:slug>/<str:lang>/", reply_views.reply_edit, name="reply_edit"),
    path("replies/<slug:slug>/<str:lang>/reset/", reply_views.reply_reset, name="reply_reset"),
    path(
        "cases/<str:number>/links/<str:other>/unlink/",
        link_views.case_unlink_view,
        name="unlink",
    ),
    path(
        "cases/<str:number>/grants/<str:username>/revoke/",
        views.case_revoke_view,
        name="revoke",
    ),
]
