from django.urls import path

from rightsdesk.intake import views

app_name = "intake"

urlpatterns = [path("", views.home, name="home")]
