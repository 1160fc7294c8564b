from django.urls import path

from rightsdesk.transparency.views import public, staff

app_name = "transparency"

urlpatterns = [
    path("", public.index, name="index"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/<slug:slug>/", staff.staff_release_page, name="staff_release"),
    path("staff/<slug:slug>/approve/", staff.staff_approve, name="staff_approve"),
    path("staff/<slug:slug>/withdraw/", staff.staff_withdraw, name="staff_withdraw"),
    path("<slug:slug>/", public.release, name="release"),
    path("<slug:slug>/wikimedia.csv", public.release_wikimedia, name="wikimedia"),
    path("<slug:slug>/datapackage.zip", public.release_package, name="package"),
    path("<slug:slug>/<slug:table>.csv", public.release_csv, name="csv"),
]
