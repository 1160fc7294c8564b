"""Addresses of this feature (full paths: the app is included at the site root)."""

from django.urls import path

from rightsdesk.partners.portal import views

urlpatterns = [
    path("partner/", views.home, name="portal"),
    path("partner/referrals/<uuid:uid>/", views.referral, name="portal_referral"),
    path(
        "partner/referrals/<uuid:uid>/files/<uuid:file_uid>/",
        views.referral_file,
        name="portal_file",
    ),
    path("partner/referrals/<uuid:uid>/move/", views.move, name="portal_move"),
    path("partner/referrals/<uuid:uid>/update/", views.update, name="portal_update"),
]
