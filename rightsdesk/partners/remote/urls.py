"""Addresses of this feature (full paths: the app is included at the site root)."""

from django.urls import path

from rightsdesk.partners.remote import views

urlpatterns = [
    path("partners/report/", views.report_back, name="remote_report"),
]
