from django.urls import URLPattern

app_name = "gaps"

urlpatterns: list[URLPattern] = []
