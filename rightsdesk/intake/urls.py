from django.urls import path

from rightsdesk.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("inbox/login/", views.inbox_login, name="inbox_login"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/logout/", views.inbox_logout, name="inbox_logout"),
    path("inbox/files/<uuid:uid>/", views.inbox_file, name="inbox_file"),
]
