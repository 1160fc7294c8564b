from django.urls import path

from rightsdesk.community import views

app_name = "community"

urlpatterns = [
    path("", views.events, name="home"),
    path("events/", views.events, name="events"),
    path("events.ics", views.events_feed, name="feed"),
    path("events/<uuid:event_id>/", views.event_page, name="event"),
    path("events/<uuid:event_id>.ics", views.event_ics, name="event_ics"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("join/", views.join, name="join"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("leave/<str:token>/", views.leave, name="leave"),
    path("staff/members/", views.staff_members, name="staff_members"),
    path("staff/members.csv", views.staff_members_export, name="staff_members_export"),
    path("staff/events/new/", views.staff_event_new, name="staff_event_new"),
]
