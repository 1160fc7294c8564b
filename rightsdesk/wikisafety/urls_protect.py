"""Protected volunteers of a case, mounted at /staff/wikisafety/protect/."""

from django.urls import path

from rightsdesk.wikisafety.views import protect

app_name = "wikisafety_protect"

urlpatterns = [
    path("<str:number>/", protect.protect_page, name="page"),
    path("<str:number>/<uuid:uid>/withdraw/", protect.withdraw, name="withdraw"),
]
