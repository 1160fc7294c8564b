"""The demand register's addresses: staff only, under /staff/demands/."""

from django.urls import path

from rightsdesk.demands.views import actions, staff

app_name = "demands"

D = "staff/demands/<uuid:uid>/"

urlpatterns = [
    path("staff/demands/", staff.home, name="home"),
    path(D, staff.demand, name="demand"),
    path(f"{D}document/<uuid:row>/", staff.document_download, name="document_download"),
    path(f"{D}notice.json", staff.notice_json, name="notice_json"),
    path(f"{D}dsa.json", staff.dsa_json, name="dsa_json"),
    path(f"{D}move/", actions.move, name="move"),
    path(f"{D}review/", actions.review, name="review"),
    path(f"{D}approve/", actions.approve, name="approve"),
    path(f"{D}grant/", actions.grant, name="grant"),
    path(f"{D}revoke/", actions.revoke, name="revoke"),
    path(f"{D}decide/", actions.decide, name="decide"),
    path(f"{D}notification/", actions.notification, name="notification"),
    path(f"{D}notified/", actions.notified, name="notified"),
    path(f"{D}emergency-review/", actions.emergency_review, name="emergency_review"),
    path(f"{D}document/", actions.document, name="document"),
    path(f"{D}notice/", actions.notice, name="notice"),
    path(f"{D}notice/approve/", actions.notice_approve_view, name="notice_approve"),
]
