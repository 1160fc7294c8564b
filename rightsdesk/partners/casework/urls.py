"""Addresses of this feature (full paths: the app is included at the site root). Every one is a
staff page (`staff_required`: a partner user gets the 404 of an address that does not exist)."""

from django.urls import path

from rightsdesk.partners.casework import views

urlpatterns = [
    path("staff/cases/<str:number>/referrals/new/", views.case_refer, name="case_refer"),
    path(
        "staff/cases/<str:number>/referrals/",
        views.case_referral_draft,
        name="case_referral_draft",
    ),
    path("staff/referrals/<uuid:uid>/", views.staff_referral, name="staff_referral"),
    path("staff/referrals/<uuid:uid>/ask/", views.referral_ask_view, name="referral_ask"),
    path(
        "staff/referrals/<uuid:uid>/consent/", views.referral_consent_view, name="referral_consent"
    ),
    path(
        "staff/referrals/<uuid:uid>/decline/", views.referral_decline_view, name="referral_decline"
    ),
    path(
        "staff/referrals/<uuid:uid>/withdraw/",
        views.referral_withdraw_view,
        name="referral_withdraw",
    ),
    path(
        "staff/referrals/<uuid:uid>/override/",
        views.referral_override_view,
        name="referral_override",
    ),
    path(
        "staff/referrals/<uuid:uid>/approve/", views.referral_approve_view, name="referral_approve"
    ),
    path("staff/referrals/<uuid:uid>/cancel/", views.referral_cancel_view, name="referral_cancel"),
    path("staff/referrals/<uuid:uid>/updates/", views.referral_update_view, name="referral_update"),
]
