from django.urls import path

from rightsdesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/link/", views.login_link_request_view, name="login_link_request"),
    path("login/link/<str:token>/", views.login_link_view, name="login_link"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("recover/", views.recover_view, name="recover"),
]
