"""Addresses of this feature (full paths: the app is included at the site root). Under /inbox/:
the inbox cookie is sent only there."""

from django.urls import path

from rightsdesk.partners.consent import views

urlpatterns = [
    path("inbox/referrals/<uuid:uid>/", views.consent, name="consent"),
    path("inbox/referrals/<uuid:uid>/withdraw/", views.withdraw, name="consent_withdraw"),
]
