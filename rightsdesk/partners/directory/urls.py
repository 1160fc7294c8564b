"""Addresses of this feature (full paths: the app is included at the site root)."""

from django.urls import URLPattern, path

from rightsdesk.partners.directory.views import admin, public, staff

urlpatterns: list[URLPattern] = [
    path("staff/partners/", staff.directory, name="directory"),
    path("staff/partners/new/", staff.partner_new, name="directory_new"),
    path("staff/partners/performance/", staff.performance, name="directory_performance"),
    path("staff/partners/permissions/", admin.permissions, name="directory_permissions"),
    path("staff/partners/hsds/", admin.exchange, name="directory_exchange"),
    path("staff/partners/hsds/partners-hsds.zip", admin.export, name="directory_export"),
    path("staff/partners/<uuid:uid>/", staff.partner_page, name="directory_partner"),
    path("staff/partners/<uuid:uid>/edit/", staff.partner_edit, name="directory_edit"),
    path("staff/partners/<uuid:uid>/vetting/", staff.vetting_add, name="directory_vetting"),
    path("staff/partners/<uuid:uid>/capacity/", staff.capacity, name="directory_capacity"),
    path("staff/partners/<uuid:uid>/notes/", staff.notes, name="directory_notes"),
    path("staff/partners/<uuid:uid>/users/", admin.member_new, name="directory_member_new"),
    path(
        "staff/partners/<uuid:uid>/users/<int:user_id>/deactivate/",
        admin.member_off,
        name="directory_member_off",
    ),
    path("support/", public.support, name="support"),
]
